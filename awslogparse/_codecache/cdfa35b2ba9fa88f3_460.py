def convert(obj):
    g = obj.get
    record = {'Rdata': (None if (v := g('Rdata')) is None else v if type(v) is str else c0(v)), 'Type': (None if (v := g('Type')) is None else v if type(v) is str else c1(v)), 'Class': (None if (v := g('Class')) is None else v if type(v) is str else c2(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
