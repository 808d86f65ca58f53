def build(match, text):
    g1, g2, g3, g4, g5, g6, = match.groups()
    record = _blank.copy()
    if not ((_j := _join0(day=g1, hour=g2, clock=g3)) is None): record['time'] = (_d if (_d := _fiso(_j)).tzinfo is _UTC else _to_utc(_d))
    record['level'] = g5
    record['thread_id'] = (_n if (_n := int(g4)) <= 9223372036854775807 else _bad())
    record['message'] = g6
    return record
