def build(match, text):
    g1, g2, g3, g4, g5, g6, g7, g8, = match.groups()
    record = _blank.copy()
    if not (g1 is None or g2 is None or g3 is None or g4 is None or g5 is None or (_j := _join0(yy=g1, mo=g2, dd=g3, hour=g4, clock=g5)) is None): record['time'] = _t_iso(_j)
    record['thread_id'] = (_n if -9223372036854775808 <= (_n := (int(g6) if g6.isascii() and g6.isdigit() else _dec(g6))) <= 9223372036854775807 else _bad())
    record['command'] = g7
    record['statement'] = g8
    return record
