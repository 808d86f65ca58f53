def build(tokens):
    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9 = tokens
    record = {'version': None if v0 == '-' else v0, 'query_timestamp': None if v1 == '-' else (_d if (_d := _fiso(v1)).tzinfo is _UTC else _to_utc(_d)), 'hosted_zone_id': None if v2 == '-' else v2, 'query_name': None if v3 == '-' else v3, 'query_type': None if v4 == '-' else v4, 'response_code': None if v5 == '-' else v5, 'protocol': None if v6 == '-' else v6, 'edge_location': None if v7 == '-' else v7, 'resolver_ip': None if v8 == '-' else v8, 'edns_client_subnet': None if v9 == '-' else v9}
    return record
