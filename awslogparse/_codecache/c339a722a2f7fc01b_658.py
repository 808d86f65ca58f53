def build(tokens):
    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9 = tokens
    record = {'type': None if v0 == '-' else v0, 'time': None if v1 == '-' else (_d if (_d := _fiso(v1)).tzinfo is _UTC else _to_utc(_d)), 'latency': None if v2 == '-' else _memo0[v2], 'target_addr': None if v3 == '-' else v3, 'target_group_id': None if v4 == '-' else v4, 'status': None if v5 == '-' else v5, 'status_code': None if v6 == '-' else (_sic.get(v6) or (int(v6) if v6.isdigit() and len(v6) <= 9 else _int_in(v6, -2147483648, 2147483647))), 'reason_code': None if v7 == '-' else v7, 'elb': None if v8 == '-' else v8, 'ip_address': None if v9 == '-' else v9}
    return record
