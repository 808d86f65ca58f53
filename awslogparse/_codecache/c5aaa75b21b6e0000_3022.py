def loop(lines, lineno, append, slow, fail, split, pad, known):
    for line in lines:
        lineno += 1
        text = line[:-1] if line[-1:] == '\r' else line
        if text and not text.isspace() and '\x00' not in text and text.isascii():
            p = text.split('"')
            n = len(p)
            q = None
            try:
                if n == 3 and p[0][-1] == ' ' and (not p[2] or p[2][0] == ' '):
                    v0, v1, v2, v3, v4, v5, v6, = p[0].split()
                    q = p[2].split()
                    qc = 8 + len(q)
                    if qc != 15:
                        if qc < 11 or qc > 15:
                            raise ValueError
                        q += pad[qc:]
                    v8, v9, v10, v11, v12, v13, v14, = q
                    v7, = p[1::2]
            except (ValueError, IndexError):
                q = None
            extra = None
            if q is None:
                try:
                    tokens = split(p, text)
                except ValueError:
                    tokens = ()
                count = len(tokens)
                if count != 15 and count >= 11:
                    if count > 15:
                        extra = tokens[15:]
                        tokens = tokens[:15]
                    else:
                        tokens += pad[count:]
                if len(tokens) == 15:
                    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14 = tokens
                    q = tokens
            if q is not None:
                try:
                    record = {'timestamp': None if v0 == '-' else (_d if (_d := _fiso(v0)).tzinfo is _UTC else _to_utc(_d)), 'client_ip': None if v1 == '-' else v1, 'client_port': None if v2 == '-' else (_sic.get(v2) or (int(v2) if v2.isdigit() and len(v2) <= 9 else _int_in(v2, -2147483648, 2147483647))), 'listener_port': None if v3 == '-' else (_sic.get(v3) or (int(v3) if v3.isdigit() and len(v3) <= 9 else _int_in(v3, -2147483648, 2147483647))), 'tls_protocol': None if v4 == '-' else v4, 'tls_cipher': None if v5 == '-' else v5, 'tls_handshake_latency': None if v6 == '-' else _memo0[v6], 'leaf_client_cert_subject': None if v7 == '-' else v7, 'leaf_client_cert_validity': None if v8 == '-' else v8, 'leaf_client_cert_serial_number': None if v9 == '-' else v9, 'tls_verify_status': None if v10 == '-' else v10, 'conn_trace_id': None if v11 == '-' else v11, 'tls_keyexchange': None if v12 == '-' else v12, 'elb': None if v13 == '-' else v13, 'ip_address': None if v14 == '-' else v14}
                    if extra is not None:
                        for offset, token in enumerate(extra, 16):
                            record[f'field_{offset}'] = token
                    append(record)
                    continue
                except ValueError:
                    fail(line, lineno, [v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14])
                    continue
        if slow(line, lineno):
            return lineno
    return None
