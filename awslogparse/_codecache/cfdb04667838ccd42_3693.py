def loop(lines, lineno, append, slow, fail, split, pad, known):
    for line in lines:
        lineno += 1
        text = line[:-1] if line[-1:] == '\r' else line
        if text and not text.isspace() and '\x00' not in text and text.isascii():
            try:
                tokens = split(text)
            except ValueError:
                tokens = ()
            extra = None
            count = len(tokens)
            if count != 27 and count >= 18:
                if count > 27:
                    extra = tokens[27:]
                    tokens = tokens[:27]
                else:
                    tokens += pad[count:]
            if len(tokens) == 27:
                try:
                    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26 = tokens
                    m8, u8, r8 = _rq(v8)
                    record = {'bucket_owner': None if v0 == '-' else v0, 'bucket': None if v1 == '-' else v1, 'time': None if v2 == '-' else (_clc.get(v2) or _t_clf(v2)), 'remote_ip': None if v3 == '-' else v3, 'requester': None if v4 == '-' else v4, 'request_id': None if v5 == '-' else v5, 'operation': None if v6 == '-' else v6, 'key': None if v7 == '-' else (_memo0[v7] if '%' in v7 else v7), 'request_uri': None if v8 == '-' else v8, 'request_method': None if m8 == '-' else m8, 'request_url': None if u8 == '-' else u8, 'request_protocol': None if r8 == '-' else r8, 'http_status': None if v9 == '-' else (_sic.get(v9) or (int(v9) if v9.isdigit() and len(v9) <= 9 else _int_in(v9, -2147483648, 2147483647))), 'error_code': None if v10 == '-' else v10, 'bytes_sent': None if v11 == '-' else (_sic.get(v11) or (int(v11) if v11.isdigit() and len(v11) <= 18 else _int_in(v11, -9223372036854775808, 9223372036854775807)))}
                    record['object_size'] = None if v12 == '-' else (_sic.get(v12) or (int(v12) if v12.isdigit() and len(v12) <= 18 else _int_in(v12, -9223372036854775808, 9223372036854775807)))
                    record['total_time'] = None if v13 == '-' else (_sic.get(v13) or (int(v13) if v13.isdigit() and len(v13) <= 18 else _int_in(v13, -9223372036854775808, 9223372036854775807)))
                    record['turn_around_time'] = None if v14 == '-' else (_sic.get(v14) or (int(v14) if v14.isdigit() and len(v14) <= 18 else _int_in(v14, -9223372036854775808, 9223372036854775807)))
                    record['referer'] = None if v15 == '-' else v15
                    record['user_agent'] = None if v16 == '-' else v16
                    record['version_id'] = None if v17 == '-' else v17
                    record['host_id'] = None if v18 == '-' else v18
                    record['signature_version'] = None if v19 == '-' else v19
                    record['cipher_suite'] = None if v20 == '-' else v20
                    record['authentication_type'] = None if v21 == '-' else v21
                    record['host_header'] = None if v22 == '-' else v22
                    record['tls_version'] = None if v23 == '-' else v23
                    record['access_point_arn'] = None if v24 == '-' else v24
                    record['acl_required'] = None if v25 == '-' else v25
                    record['source_region'] = None if v26 == '-' else v26
                    if extra is not None:
                        for offset, token in enumerate(extra, 28):
                            record[f'field_{offset}'] = token
                    append(record)
                    continue
                except ValueError:
                    fail(line, lineno, tokens)
                    continue
        if slow(line, lineno):
            return lineno
    return None
