def build(match, text):
    g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, g12, g13, = match.groups()
    record = _blank.copy()
    if not (g1 in ('undefined', '')): record['request_id'] = g1
    record['duration_ms'] = (float(g2) if g2.isascii() and g2.replace('.', '', 1).isdigit() else _flt(g2))
    record['billed_duration_ms'] = (_n if -9223372036854775808 <= (_n := (int(g3) if g3.isascii() and g3.isdigit() else _dec(g3))) <= 9223372036854775807 else _bad())
    record['memory_size_mb'] = (_n if -2147483648 <= (_n := (int(g4) if g4.isascii() and g4.isdigit() else _dec(g4))) <= 2147483647 else _bad())
    record['max_memory_used_mb'] = (_n if -2147483648 <= (_n := (int(g5) if g5.isascii() and g5.isdigit() else _dec(g5))) <= 2147483647 else _bad())
    if g6 is not None:
        record['init_duration_ms'] = (float(g6) if g6.isascii() and g6.replace('.', '', 1).isdigit() else _flt(g6))
    if g7 is not None:
        record['restore_duration_ms'] = (float(g7) if g7.isascii() and g7.replace('.', '', 1).isdigit() else _flt(g7))
        record['billed_restore_duration_ms'] = (_n if -9223372036854775808 <= (_n := (int(g8) if g8.isascii() and g8.isdigit() else _dec(g8))) <= 9223372036854775807 else _bad())
    if g9 is not None:
        record['xray_trace_id'] = g9
        record['xray_segment_id'] = g10
        record['xray_sampled'] = _bool(g11)
    if g12 is not None:
        record['status'] = g12
    if g13 is not None:
        record['error_type'] = g13
    return record
