def build(match, text):
    g1, g2, g3, g4, g5, g6, = match.groups()
    record = _blank.copy()
    record['cache_cluster_id'] = g1
    record['cache_node_id'] = g2
    record['log_level'] = g5
    record['role'] = g3
    record['time'] = _t_redis(g4)
    record['message'] = g6
    return record
