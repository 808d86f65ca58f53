def build(match, text):
    g1, g2, g3, g4, g5, g6, = match.groups()
    record = _blank.copy()
    record['time'] = (_d if (_d := _fiso(g1)).tzinfo is _UTC else _to_utc(_d))
    record['level'] = g3
    record['thread_id'] = (_n if (_n := int(g2)) <= 9223372036854775807 else _bad())
    record['message'] = g6
    if g4 is not None:
        record['error_code'] = g4
        record['subsystem'] = g5
    return record
