def convert(obj):
    g = obj.get
    record = {'kind': (None if (v := g('kind')) is None else v if type(v) is str else c0(v)), 'apiVersion': (None if (v := g('apiVersion')) is None else v if type(v) is str else c1(v)), 'level': (None if (v := g('level')) is None else v if type(v) is str else c2(v)), 'auditID': (None if (v := g('auditID')) is None else v if type(v) is str else c3(v)), 'stage': (None if (v := g('stage')) is None else v if type(v) is str else c4(v)), 'requestURI': (None if (v := g('requestURI')) is None else v if type(v) is str else c5(v)), 'verb': (None if (v := g('verb')) is None else v if type(v) is str else c6(v)), 'user': c7(g('user')), 'impersonatedUser': c8(g('impersonatedUser')), 'sourceIPs': c9(g('sourceIPs')), 'userAgent': (None if (v := g('userAgent')) is None else v if type(v) is str else c10(v)), 'objectRef': c11(g('objectRef')), 'responseStatus': c12(g('responseStatus')), 'requestObject': g('requestObject'), 'responseObject': g('responseObject')}
    record['requestReceivedTimestamp'] = c15(g('requestReceivedTimestamp'))
    record['stageTimestamp'] = c16(g('stageTimestamp'))
    record['annotations'] = g('annotations')
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
