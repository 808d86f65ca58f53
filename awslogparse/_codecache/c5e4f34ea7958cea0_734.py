def build(match, text):
    g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, = match.groups()
    record = _blank.copy()
    if not ((_j := _join0(seconds=g1, micros=g2)) is None): record['time'] = _t_epoch_frac(_j)
    if not (g4 == ''): record['user'] = g4
    if not (g5 == ''): record['host'] = g5
    if not (g9 == ''): record['database'] = g9
    record['server_host'] = g3
    record['connection_id'] = (_n if (_n := int(g6)) <= 9223372036854775807 else _bad())
    record['query_id'] = (_n if (_n := int(g7)) <= 9223372036854775807 else _bad())
    record['operation'] = g8
    if not (g10 == ''): record['object'] = g10
    record['retcode'] = (_n if -2147483648 <= (_n := int(g11)) <= 2147483647 else _bad())
    return record
