def convert(obj):
    g = obj.get
    record = {'userId': (None if (v := g('userId')) is None else v if type(v) is str else c0(v)), 'identityStoreArn': (None if (v := g('identityStoreArn')) is None else v if type(v) is str else c1(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
