def build(match, text):
    g1, g2, g3, g4, g5, g6, g7, g8, = match.groups()
    record = _blank.copy()
    record['time'] = _t_iso(g1)
    record['level'] = g7
    record['message'] = g8
    if not (g4 == ''): record['user'] = g4
    if not (g2 == ''): record['host'] = g2
    if not (g5 == ''): record['database'] = g5
    record['pid'] = (_n if -9223372036854775808 <= (_n := (int(g6) if g6.isascii() and g6.isdigit() else _dec(g6))) <= 9223372036854775807 else _bad())
    if g3 is not None:
        record['port'] = (_n if -2147483648 <= (_n := (int(g3) if g3.isascii() and g3.isdigit() else _dec(g3))) <= 2147483647 else _bad())
    return record
