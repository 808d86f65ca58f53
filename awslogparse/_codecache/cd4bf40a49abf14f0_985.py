def build(match, text):
    g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, g12, g13, = match.groups()
    record = _blank.copy()
    if g1 is not None:
        record['time'] = (_d if (_d := _fiso(g1)).tzinfo is _UTC else _to_utc(_d))
    if g6 is not None:
        record['thread_id'] = (_n if (_n := int(g6)) <= 9223372036854775807 else _bad())
    if not (g2 == ''): record['user'] = g2
    if not (g3 == ''): record['priv_user'] = g3
    if not (g4 == ''): record['host'] = g4
    if not (g5 == ''): record['client_ip'] = g5
    record['query_time'] = float(g7)
    record['lock_time'] = float(g8)
    record['rows_sent'] = (_n if (_n := int(g9)) <= 9223372036854775807 else _bad())
    record['rows_examined'] = (_n if (_n := int(g10)) <= 9223372036854775807 else _bad())
    record['statement'] = g13
    if g11 is not None:
        if not (g11 == ''): record['database'] = g11
    if g12 is not None:
        record['query_start'] = (_tsc.get(g12) or _ts(g12))
    return record
