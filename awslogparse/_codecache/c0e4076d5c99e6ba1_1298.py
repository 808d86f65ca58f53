def build(match, text):
    g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, g12, g13, = match.groups()
    record = _blank.copy()
    if g1 is not None:
        record['time'] = _t_iso(g1)
    if g6 is not None:
        record['thread_id'] = (_n if -9223372036854775808 <= (_n := (int(g6) if g6.isascii() and g6.isdigit() else _dec(g6))) <= 9223372036854775807 else _bad())
    if not (g2 == ''): record['user'] = g2
    if not (g3 == ''): record['priv_user'] = g3
    if not (g4 == ''): record['host'] = g4
    if not (g5 == ''): record['client_ip'] = g5
    record['query_time'] = (float(g7) if g7.isascii() and g7.replace('.', '', 1).isdigit() else _flt(g7))
    record['lock_time'] = (float(g8) if g8.isascii() and g8.replace('.', '', 1).isdigit() else _flt(g8))
    record['rows_sent'] = (_n if -9223372036854775808 <= (_n := (int(g9) if g9.isascii() and g9.isdigit() else _dec(g9))) <= 9223372036854775807 else _bad())
    record['rows_examined'] = (_n if -9223372036854775808 <= (_n := (int(g10) if g10.isascii() and g10.isdigit() else _dec(g10))) <= 9223372036854775807 else _bad())
    record['statement'] = g13
    if g11 is not None:
        if not (g11 == ''): record['database'] = g11
    if g12 is not None:
        record['query_start'] = (_tsc.get(g12) or _ts(g12))
    return record
