def build(match, text):
    g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, = match.groups()
    record = _blank.copy()
    record['time'] = _t_iso(g1)
    if not (g3 == ''): record['user'] = g3
    if not (g4 == ''): record['host'] = g4
    if not (g8 == ''): record['database'] = g8
    record['server_host'] = g2
    record['connection_id'] = (_n if -9223372036854775808 <= (_n := (int(g5) if g5.isascii() and g5.isdigit() else _dec(g5))) <= 9223372036854775807 else _bad())
    record['query_id'] = (_n if -9223372036854775808 <= (_n := (int(g6) if g6.isascii() and g6.isdigit() else _dec(g6))) <= 9223372036854775807 else _bad())
    record['operation'] = g7
    if not (g9 == ''): record['object'] = g9
    record['retcode'] = (_n if -2147483648 <= (_n := (int(g10) if g10.isascii() and g10.isdigit() else _dec(g10))) <= 2147483647 else _bad())
    return record
