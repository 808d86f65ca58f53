def convert(obj):
    g = obj.get
    record = {'name': (None if (v := g('name')) is None else v if type(v) is str else c0(v)), 'value': (None if (v := g('value')) is None else v if type(v) is str else c1(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
