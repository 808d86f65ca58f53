def convert(obj):
    g = obj.get
    record = {'pkts': (None if (v := g('pkts')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c0(v)), 'bytes': (None if (v := g('bytes')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c1(v)), 'start': c2(g('start')), 'end': c3(g('end')), 'age': (None if (v := g('age')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c4(v)), 'min_ttl': (None if (v := g('min_ttl')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c5(v)), 'max_ttl': (None if (v := g('max_ttl')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c6(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
