def loop(lines, lineno, append, slow, fail, split, pad, known):
    for line in lines:
        lineno += 1
        tokens = line.split()
        if len(tokens) == 27 and tokens[0] not in known and not (tokens[0][0].islower() and _maybe_header(tokens, known)) and '\x00' not in line:
            try:
                v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26 = tokens
                record = {'version': None if v0 == '-' else (_n if -2147483648 <= (_n := _dec(v0)) <= 2147483647 else _bad()), 'account_id': None if v1 == '-' else v1, 'region': None if v2 == '-' else v2, 'az_id': None if v3 == '-' else v3, 'vpc_id': None if v4 == '-' else v4, 'subnet_id': None if v5 == '-' else v5, 'instance_id': None if v6 == '-' else v6, 'interface_id': None if v7 == '-' else v7, 'flow_direction': None if v8 == '-' else v8, 'traffic_path': None if v9 == '-' else (_n if -2147483648 <= (_n := _dec(v9)) <= 2147483647 else _bad()), 'type': None if v10 == '-' else v10, 'srcaddr': None if v11 == '-' else v11, 'dstaddr': None if v12 == '-' else v12, 'srcport': None if v13 == '-' else (_n if -2147483648 <= (_n := _dec(v13)) <= 2147483647 else _bad()), 'dstport': None if v14 == '-' else (_n if -2147483648 <= (_n := _dec(v14)) <= 2147483647 else _bad())}
                record['pkt_srcaddr'] = None if v15 == '-' else v15
                record['pkt_dstaddr'] = None if v16 == '-' else v16
                record['pkt_src_aws_service'] = None if v17 == '-' else v17
                record['pkt_dst_aws_service'] = None if v18 == '-' else v18
                record['protocol'] = None if v19 == '-' else (_n if -2147483648 <= (_n := _dec(v19)) <= 2147483647 else _bad())
                record['tcp_flags'] = None if v20 == '-' else (_n if -2147483648 <= (_n := _dec(v20)) <= 2147483647 else _bad())
                record['packets'] = None if v21 == '-' else (_n if -9223372036854775808 <= (_n := _dec(v21)) <= 9223372036854775807 else _bad())
                record['bytes'] = None if v22 == '-' else (_n if -9223372036854775808 <= (_n := _dec(v22)) <= 9223372036854775807 else _bad())
                record['start'] = None if v23 == '-' else (_tsc.get(v23) or _ts(v23))
                record['end'] = None if v24 == '-' else (_tsc.get(v24) or _ts(v24))
                record['action'] = None if v25 == '-' else v25
                record['log_status'] = None if v26 == '-' else v26
                append(record)
                continue
            except ValueError:
                fail(line, lineno, tokens)
                continue
        if slow(line, lineno):
            return lineno
    return None
