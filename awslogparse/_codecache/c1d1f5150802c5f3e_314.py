def convert(obj):
    g = obj.get
    record = {'error_message': (None if (v := g('error_message')) is None else v if type(v) is str else c0(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
