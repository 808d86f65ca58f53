def convert(obj):
    g = obj.get
    record = {'username': (None if (v := g('username')) is None else v if type(v) is str else c0(v)), 'uid': (None if (v := g('uid')) is None else v if type(v) is str else c1(v)), 'groups': c2(g('groups')), 'extra': g('extra')}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
