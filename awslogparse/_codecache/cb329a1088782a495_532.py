def convert(obj):
    g = obj.get
    record = {'log_group': (None if (v := g('logGroup')) is None else v if type(v) is str else c0(v)), 'log_stream': (None if (v := g('logStream')) is None else v if type(v) is str else c1(v)), 'owner': (None if (v := g('owner')) is None else v if type(v) is str else c2(v)), 'subscription_filters': c3(g('subscriptionFilters'))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
