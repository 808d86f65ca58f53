def convert(obj):
    g = obj.get
    record = {'atype': (None if (v := g('atype')) is None else v if type(v) is str else c0(v)), 'ts': c1(g('ts')), 'remote_ip': (None if (v := g('remote_ip')) is None else v if type(v) is str else c2(v)), 'user': (None if (v := g('user')) is None else v if type(v) is str else c3(v)), 'param': g('param'), 'result': (None if (v := g('result')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c5(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
