def build(match, text):
    g1, g2, g3, g4, = match.groups()
    record = _blank.copy()
    record['time'] = (_d if (_d := _fiso(g1)).tzinfo is _UTC else _to_utc(_d))
    record['thread_id'] = (_n if (_n := int(g2)) <= 9223372036854775807 else _bad())
    record['command'] = g3
    record['statement'] = g4
    return record
