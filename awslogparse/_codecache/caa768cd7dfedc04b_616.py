def convert(obj):
    g = obj.get
    record = {'tlsVersion': (None if (v := g('tlsVersion')) is None else v if type(v) is str else c0(v)), 'cipherSuite': (None if (v := g('cipherSuite')) is None else v if type(v) is str else c1(v)), 'clientProvidedHostHeader': (None if (v := g('clientProvidedHostHeader')) is None else v if type(v) is str else c2(v)), 'keyExchange': (None if (v := g('keyExchange')) is None else v if type(v) is str else c3(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
