def build(match, text):
    g1, g2, g3, g4, = match.groups()
    record = _blank.copy()
    record['time'] = _t_iso(g1)
    if not (g2 in ('undefined', '')): record['request_id'] = g2
    record['level'] = g3
    record['message'] = g4
    return record
