def loop(lines, lineno, append, slow, fail, split, pad, known):
    for line in lines:
        lineno += 1
        tokens = line.split()
        if len(tokens) == 14 and tokens[0] not in known and not (tokens[0][0].islower() and _maybe_header(tokens, known)) and '\x00' not in line:
            try:
                v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13 = tokens
                record = {'version': None if v0 == '-' else (_sic.get(v0) or (int(v0) if len(v0) <= 9 else _int_in(v0, -2147483648, 2147483647))), 'account_id': None if v1 == '-' else v1, 'interface_id': None if v2 == '-' else v2, 'srcaddr': None if v3 == '-' else v3, 'dstaddr': None if v4 == '-' else v4, 'srcport': None if v5 == '-' else (_sic.get(v5) or (int(v5) if len(v5) <= 9 else _int_in(v5, -2147483648, 2147483647))), 'dstport': None if v6 == '-' else (_sic.get(v6) or (int(v6) if len(v6) <= 9 else _int_in(v6, -2147483648, 2147483647))), 'protocol': None if v7 == '-' else (_sic.get(v7) or (int(v7) if len(v7) <= 9 else _int_in(v7, -2147483648, 2147483647))), 'packets': None if v8 == '-' else (_sic.get(v8) or (int(v8) if len(v8) <= 18 else _int_in(v8, -9223372036854775808, 9223372036854775807))), 'bytes': None if v9 == '-' else (_sic.get(v9) or (int(v9) if len(v9) <= 18 else _int_in(v9, -9223372036854775808, 9223372036854775807))), 'start': None if v10 == '-' else (_tsc.get(v10) or _ts(v10)), 'end': None if v11 == '-' else (_tsc.get(v11) or _ts(v11)), 'action': None if v12 == '-' else v12, 'log_status': None if v13 == '-' else v13, '_line': lineno}
                append(record)
                continue
            except ValueError:
                fail(line, lineno, tokens)
                continue
        if slow(line, lineno):
            return lineno
    return None
