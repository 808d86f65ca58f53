def build(g):
    record = {'identity_source_ip': None if (v := g[0]) == '-' else v, 'request_time': None if (v := g[1]) == '-' else _m1[v], 'http_method': None if (v := g[2]) == '-' else v, 'route_key': None if (v := g[3]) == '-' else v, 'protocol': None if (v := g[4]) == '-' else v, 'status': None if (v := g[5]) == '-' else _m3[v], 'response_length': None if (v := g[6]) == '-' else (int(v) if v.isdigit() and v.isascii() and len(v) < 19 else _t4(v)), 'request_id': None if (v := g[7]) == '-' else v, 'extended_request_id': None if (v := g[8]) == '-' else v}
    return record
