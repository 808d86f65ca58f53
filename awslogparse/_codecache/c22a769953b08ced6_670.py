def convert(obj):
    g = obj.get
    record = {'s3Bucket': (None if (v := g('s3Bucket')) is None else v if type(v) is str else c0(v)), 's3Object': (None if (v := g('s3Object')) is None else v if type(v) is str else c1(v)), 'hashValue': (None if (v := g('hashValue')) is None else v if type(v) is str else c2(v)), 'hashAlgorithm': (None if (v := g('hashAlgorithm')) is None else v if type(v) is str else c3(v)), 'newestEventTime': c4(g('newestEventTime')), 'oldestEventTime': c5(g('oldestEventTime'))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
