def convert(obj):
    g = obj.get
    record = {'leaf_cert_fpr': (None if (v := g('leaf_cert_fpr')) is None else v if type(v) is str else c0(v)), 'status': (None if (v := g('status')) is None else v if type(v) is str else c1(v)), 'action': (None if (v := g('action')) is None else v if type(v) is str else c2(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
