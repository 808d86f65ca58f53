def convert(obj):
    g = obj.get
    record = {'federatedProvider': (None if (v := g('federatedProvider')) is None else v if type(v) is str else c0(v)), 'attributes': g('attributes')}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
