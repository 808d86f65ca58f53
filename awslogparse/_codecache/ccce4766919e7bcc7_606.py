def convert(obj):
    g = obj.get
    record = {'sourceArn': (None if (v := g('sourceArn')) is None else v if type(v) is str else c0(v)), 'sourceAccount': (None if (v := g('sourceAccount')) is None else v if type(v) is str else c1(v)), 'issuerType': (None if (v := g('issuerType')) is None else v if type(v) is str else c2(v)), 'credentialsIssuedTo': (None if (v := g('credentialsIssuedTo')) is None else v if type(v) is str else c3(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
