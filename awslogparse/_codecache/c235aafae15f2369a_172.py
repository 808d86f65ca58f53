def build(match, text):
    g1, g2, = match.groups()
    record = _blank.copy()
    record['runtime_version'] = g1
    record['runtime_version_arn'] = g2
    return record
