def convert(obj):
    g = obj.get
    record = {'creationDate': c0(g('creationDate')), 'mfaAuthenticated': (None if (v := g('mfaAuthenticated')) is None else v if type(v) is str else c1(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
