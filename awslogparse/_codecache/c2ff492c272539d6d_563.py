def build(match, text):
    g1, g2, g3, g4, g5, g6, g7, g8, = match.groups()
    record = _blank.copy()
    record['time'] = (_d if (_d := _fiso(g1)).tzinfo is _UTC else _to_utc(_d))
    record['level'] = g7
    record['message'] = g8
    if not (g4 == ''): record['user'] = g4
    if not (g2 == ''): record['host'] = g2
    if not (g5 == ''): record['database'] = g5
    record['pid'] = (_n if (_n := int(g6)) <= 9223372036854775807 else _bad())
    if g3 is not None:
        record['port'] = (_n if (_n := int(g3)) <= 2147483647 else _bad())
    return record
