def build(match, text):
    g1, g2, g3, g4, = match.groups()
    record = _blank.copy()
    record['time'] = (_d if (_d := _fiso(g2)).tzinfo is _UTC else _to_utc(_d))
    if not (g3 in ('undefined', '')): record['request_id'] = g3
    record['level'] = g1
    record['message'] = g4
    return record
