def convert(obj):
    g = obj.get
    record = {'responseCode': (None if (v := g('responseCode')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c0(v)), 'solveTimestamp': (None if (v := g('solveTimestamp')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c1(v)), 'failureReason': (None if (v := g('failureReason')) is None else v if type(v) is str else c2(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
