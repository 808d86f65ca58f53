def convert(obj):
    g = obj.get
    record = {'action': (None if (v := g('action')) is None else v if type(v) is str else c0(v)), 'gid': (None if (v := g('gid')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c1(v)), 'signature_id': (None if (v := g('signature_id')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c2(v)), 'rev': (None if (v := g('rev')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c3(v)), 'signature': (None if (v := g('signature')) is None else v if type(v) is str else c4(v)), 'category': (None if (v := g('category')) is None else v if type(v) is str else c5(v)), 'severity': (None if (v := g('severity')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c6(v)), 'metadata': g('metadata')}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
