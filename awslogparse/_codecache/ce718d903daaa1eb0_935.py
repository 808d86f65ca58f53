def convert(obj):
    g = obj.get
    record = {'subject': (None if (v := g('subject')) is None else v if type(v) is str else c0(v)), 'issuerdn': (None if (v := g('issuerdn')) is None else v if type(v) is str else c1(v)), 'serial': (None if (v := g('serial')) is None else v if type(v) is str else c2(v)), 'fingerprint': (None if (v := g('fingerprint')) is None else v if type(v) is str else c3(v)), 'sni': (None if (v := g('sni')) is None else v if type(v) is str else c4(v)), 'version': (None if (v := g('version')) is None else v if type(v) is str else c5(v)), 'notbefore': c6(g('notbefore')), 'notafter': c7(g('notafter')), 'session_resumed': (None if (v := g('session_resumed')) is None else v if type(v) is bool else c8(v)), 'ja3': g('ja3'), 'ja3s': g('ja3s')}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
