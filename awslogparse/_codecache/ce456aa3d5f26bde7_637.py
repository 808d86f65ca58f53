def convert(obj):
    g = obj.get
    record = {'metadata': g('metadata'), 'status': (None if (v := g('status')) is None else v if type(v) is str else c1(v)), 'message': (None if (v := g('message')) is None else v if type(v) is str else c2(v)), 'reason': (None if (v := g('reason')) is None else v if type(v) is str else c3(v)), 'details': g('details'), 'code': (None if (v := g('code')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c5(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
