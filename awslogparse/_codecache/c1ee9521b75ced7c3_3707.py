def loop(lines, lineno, append, slow, fail, split, pad, known):
    for line in lines:
        lineno += 1
        if '\x00' not in line and line.isascii():
            tokens = line.split()
            extra = None
            count = len(tokens)
            if count != 22 and count >= 21:
                if count > 22:
                    extra = tokens[22:]
                    tokens = tokens[:22]
                else:
                    tokens += pad[count:]
            if len(tokens) == 22:
                try:
                    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21 = tokens
                    h5, s5, p5 = v5.rpartition(':')
                    if not h5 or not p5 or h5[0] == '[':
                        h5, p5 = _hp(v5)
                    h6, s6, p6 = v6.rpartition(':')
                    if not h6 or not p6 or h6[0] == '[':
                        h6, p6 = _hp(v6)
                    record = {'type': None if v0 == '-' else v0, 'version': None if v1 == '-' else v1, 'time': None if v2 == '-' else (_d if (_d := _fiso(v2)).tzinfo is _UTC else _to_utc(_d)), 'elb': None if v3 == '-' else v3, 'listener': None if v4 == '-' else v4, 'client_ip': None if h5 == '-' else h5, 'client_port': None if p5 == '-' else (_sic.get(p5) or (int(p5) if p5.isdigit() and len(p5) <= 9 else _int_in(p5, -2147483648, 2147483647))), 'destination_ip': None if h6 == '-' else h6, 'destination_port': None if p6 == '-' else (_sic.get(p6) or (int(p6) if p6.isdigit() and len(p6) <= 9 else _int_in(p6, -2147483648, 2147483647))), 'connection_time': None if v7 == '-' else (_sic.get(v7) or (int(v7) if v7.isdigit() and len(v7) <= 18 else _int_in(v7, -9223372036854775808, 9223372036854775807))), 'tls_handshake_time': None if v8 == '-' else (_sic.get(v8) or (int(v8) if v8.isdigit() and len(v8) <= 18 else _int_in(v8, -9223372036854775808, 9223372036854775807))), 'received_bytes': None if v9 == '-' else (_sic.get(v9) or (int(v9) if v9.isdigit() and len(v9) <= 18 else _int_in(v9, -9223372036854775808, 9223372036854775807))), 'sent_bytes': None if v10 == '-' else (_sic.get(v10) or (int(v10) if v10.isdigit() and len(v10) <= 18 else _int_in(v10, -9223372036854775808, 9223372036854775807))), 'incoming_tls_alert': None if v11 == '-' else (_sic.get(v11) or (int(v11) if v11.isdigit() and len(v11) <= 9 else _int_in(v11, -2147483648, 2147483647))), 'chosen_cert_arn': None if v12 == '-' else v12}
                    record['chosen_cert_serial'] = None if v13 == '-' else v13
                    record['tls_cipher'] = None if v14 == '-' else v14
                    record['tls_protocol_version'] = None if v15 == '-' else v15
                    record['tls_keyexchange'] = None if v16 == '-' else v16
                    record['domain_name'] = None if v17 == '-' else (_memo0[v17] if '%' in v17 else v17)
                    record['alpn_fe_protocol'] = None if v18 == '-' else v18
                    record['alpn_be_protocol'] = None if v19 == '-' else v19
                    record['alpn_client_preference_list'] = None if v20 == '-' else (_memo1[v20] if '%' in v20 else v20)
                    record['tls_connection_creation_time'] = None if v21 == '-' else (_d if (_d := _fiso(v21)).tzinfo is _UTC else _to_utc(_d))
                    if extra is not None:
                        for offset, token in enumerate(extra, 23):
                            record[f'field_{offset}'] = token
                    append(record)
                    continue
                except ValueError:
                    fail(line, lineno, tokens)
                    continue
        if slow(line, lineno):
            return lineno
    return None
