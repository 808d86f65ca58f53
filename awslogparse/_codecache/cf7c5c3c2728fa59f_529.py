def convert(obj):
    g = obj.get
    record = {'firewall_name': (None if (v := g('firewall_name')) is None else v if type(v) is str else c0(v)), 'availability_zone': (None if (v := g('availability_zone')) is None else v if type(v) is str else c1(v)), 'event_timestamp': c2(g('event_timestamp')), 'aws_category': c3(g('aws_category')), 'event': c4(g('event'))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
