def convert(obj):
    g = obj.get
    record = {'ARN': (None if (v := g('ARN')) is None else v if type(v) is str else c0(v)), 'accountId': (None if (v := g('accountId')) is None else v if type(v) is str else c1(v)), 'type': (None if (v := g('type')) is None else v if type(v) is str else c2(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
