def build(match, text):
    g1, g2, g3, g4, g5, = match.groups()
    record = _blank.copy()
    record['severity'] = g1
    record['klog_time'] = g2
    record['thread_id'] = (_n if (_n := int(g3)) <= 9223372036854775807 else _bad())
    record['source'] = g4
    record['message'] = g5
    return record
