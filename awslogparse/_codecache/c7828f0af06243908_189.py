def build(match, text):
    g1, g2, = match.groups()
    record = _blank.copy()
    if not (g1 in ('undefined', '')): record['request_id'] = g1
    record['version'] = g2
    return record
