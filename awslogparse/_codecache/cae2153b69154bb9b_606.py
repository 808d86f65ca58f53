def convert(obj):
    g = obj.get
    record = {'reason': (None if (v := g('reason')) is None else v if type(v) is str else c0(v)), 'updatedFields': (None if (v := g('updatedFields')) is None else v if type(v) is str else c1(v)), 'originalRequestID': (None if (v := g('originalRequestID')) is None else v if type(v) is str else c2(v)), 'originalEventID': (None if (v := g('originalEventID')) is None else v if type(v) is str else c3(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
