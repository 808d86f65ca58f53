def convert(obj):
    g = obj.get
    record = {'conditionType': (None if (v := g('conditionType')) is None else v if type(v) is str else c0(v)), 'sensitivityLevel': (None if (v := g('sensitivityLevel')) is None else v if type(v) is str else c1(v)), 'location': (None if (v := g('location')) is None else v if type(v) is str else c2(v)), 'matchedData': c3(g('matchedData'))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
