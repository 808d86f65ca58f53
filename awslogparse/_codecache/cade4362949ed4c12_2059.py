def build(tokens):
    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14 = tokens
    h2, s2, p2 = v2.rpartition(':')
    if not h2 or not p2 or h2[0] == '[':
        h2, p2 = _hp(v2)
    h3, s3, p3 = v3.rpartition(':')
    if not h3 or not p3 or h3[0] == '[':
        h3, p3 = _hp(v3)
    m11, u11, r11 = _rq(v11)
    record = {'time': None if v0 == '-' else (_d if (_d := _fiso(v0)).tzinfo is _UTC else _to_utc(_d)), 'elb': None if v1 == '-' else v1, 'client_ip': None if h2 == '-' else h2, 'client_port': None if p2 == '-' else (_sic.get(p2) or (int(p2) if p2.isdigit() and len(p2) <= 9 else _int_in(p2, -2147483648, 2147483647))), 'backend_ip': None if h3 == '-' else h3, 'backend_port': None if p3 == '-' else (_sic.get(p3) or (int(p3) if p3.isdigit() and len(p3) <= 9 else _int_in(p3, -2147483648, 2147483647))), 'request_processing_time': None if v4 in ('-1', '-') else _memo0[v4], 'backend_processing_time': None if v5 in ('-1', '-') else _memo1[v5], 'response_processing_time': None if v6 in ('-1', '-') else _memo2[v6], 'elb_status_code': None if v7 == '-' else (_sic.get(v7) or (int(v7) if v7.isdigit() and len(v7) <= 9 else _int_in(v7, -2147483648, 2147483647))), 'backend_status_code': None if v8 == '-' else (_sic.get(v8) or (int(v8) if v8.isdigit() and len(v8) <= 9 else _int_in(v8, -2147483648, 2147483647))), 'received_bytes': None if v9 == '-' else (_sic.get(v9) or (int(v9) if v9.isdigit() and len(v9) <= 18 else _int_in(v9, -9223372036854775808, 9223372036854775807))), 'sent_bytes': None if v10 == '-' else (_sic.get(v10) or (int(v10) if v10.isdigit() and len(v10) <= 18 else _int_in(v10, -9223372036854775808, 9223372036854775807))), 'request': None if v11 == '-' else v11, 'request_method': None if m11 == '-' else m11}
    record['request_url'] = None if u11 == '-' else u11
    record['request_protocol'] = None if r11 == '-' else r11
    record['user_agent'] = None if v12 == '-' else v12
    record['ssl_cipher'] = None if v13 == '-' else v13
    record['ssl_protocol'] = None if v14 == '-' else v14
    return record
