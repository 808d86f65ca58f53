def convert(obj):
    g = obj.get
    record = {'clientIp': (None if (v := g('clientIp')) is None else v if type(v) is str else c0(v)), 'country': (None if (v := g('country')) is None or (type(v) is str and v in n1) else v if type(v) is str else c1(v)), 'headers': c2(g('headers')), 'uri': (None if (v := g('uri')) is None else v if type(v) is str else c3(v)), 'args': (None if (v := g('args')) is None else v if type(v) is str else c4(v)), 'httpVersion': (None if (v := g('httpVersion')) is None else v if type(v) is str else c5(v)), 'httpMethod': (None if (v := g('httpMethod')) is None else v if type(v) is str else c6(v)), 'requestId': (None if (v := g('requestId')) is None else v if type(v) is str else c7(v)), 'fragment': (None if (v := g('fragment')) is None else v if type(v) is str else c8(v)), 'scheme': (None if (v := g('scheme')) is None else v if type(v) is str else c9(v)), 'host': (None if (v := g('host')) is None else v if type(v) is str else c10(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
