def convert(obj):
    g = obj.get
    record = {'instance': (None if (v := g('instance')) is None else v if type(v) is str else c0(v)), 'resolver_endpoint': (None if (v := g('resolver_endpoint')) is None else v if type(v) is str else c1(v)), 'resolver_network_interface': (None if (v := g('resolver_network_interface')) is None else v if type(v) is str else c2(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
