def build(match, text):
    g1, = match.groups()
    record = _blank.copy()
    record['message'] = g1
    return record
