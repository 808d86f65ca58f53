def convert(obj):
    g = obj.get
    record = {'resource': (None if (v := g('resource')) is None else v if type(v) is str else c0(v)), 'namespace': (None if (v := g('namespace')) is None else v if type(v) is str else c1(v)), 'name': (None if (v := g('name')) is None else v if type(v) is str else c2(v)), 'uid': (None if (v := g('uid')) is None else v if type(v) is str else c3(v)), 'apiGroup': (None if (v := g('apiGroup')) is None else v if type(v) is str else c4(v)), 'apiVersion': (None if (v := g('apiVersion')) is None else v if type(v) is str else c5(v)), 'resourceVersion': (None if (v := g('resourceVersion')) is None else v if type(v) is str else c6(v)), 'subresource': (None if (v := g('subresource')) is None else v if type(v) is str else c7(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
