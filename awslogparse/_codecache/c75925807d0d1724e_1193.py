def convert(obj):
    g = obj.get
    record = {'type': (None if (v := g('type')) is None else v if type(v) is str else c0(v)), 'userName': (None if (v := g('userName')) is None else v if type(v) is str else c1(v)), 'principalId': (None if (v := g('principalId')) is None else v if type(v) is str else c2(v)), 'arn': (None if (v := g('arn')) is None else v if type(v) is str else c3(v)), 'accountId': (None if (v := g('accountId')) is None else v if type(v) is str else c4(v)), 'accessKeyId': (None if (v := g('accessKeyId')) is None else v if type(v) is str else c5(v)), 'sessionContext': c6(g('sessionContext')), 'invokedBy': (None if (v := g('invokedBy')) is None else v if type(v) is str else c7(v)), 'invokedByDelegate': c8(g('invokedByDelegate')), 'onBehalfOf': c9(g('onBehalfOf')), 'inScopeOf': c10(g('inScopeOf')), 'credentialId': (None if (v := g('credentialId')) is None else v if type(v) is str else c11(v)), 'identityProvider': (None if (v := g('identityProvider')) is None else v if type(v) is str else c12(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
