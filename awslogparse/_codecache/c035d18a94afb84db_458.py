def build(match, text):
    g1, g2, g3, g4, g5, g6, = match.groups()
    record = _blank.copy()
    if not (g1 is None or g2 is None or g3 is None or (_j := _join0(day=g1, hour=g2, clock=g3)) is None): record['time'] = _t_iso(_j)
    record['level'] = g5
    record['thread_id'] = (_n if -9223372036854775808 <= (_n := (int(g4) if g4.isascii() and g4.isdigit() else _dec(g4))) <= 9223372036854775807 else _bad())
    record['message'] = g6
    return record
