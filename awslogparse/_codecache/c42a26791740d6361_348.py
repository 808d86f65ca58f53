def build(match, text):
    g1, g2, g3, g4, = match.groups()
    record = _blank.copy()
    record['time'] = _t_iso(g1)
    record['level'] = g3
    record['thread_id'] = (_n if -9223372036854775808 <= (_n := (int(g2) if g2.isascii() and g2.isdigit() else _dec(g2))) <= 9223372036854775807 else _bad())
    record['message'] = g4
    return record
