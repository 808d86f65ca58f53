def build(match, text):
    g1, g2, g3, g4, g5, g6, g7, = match.groups()
    record = _blank.copy()
    record['cache_cluster_id'] = g1
    record['cache_node_id'] = g2
    record['timestamp'] = (_tsc.get(g3) or _ts(g3))
    record['duration_us'] = (_n if (_n := int(g4)) <= 9223372036854775807 else _bad())
    record['command'] = g5
    record['client_address'] = g6
    record['client_name'] = g7
    return record
