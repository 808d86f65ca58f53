def convert(obj):
    g = obj.get
    record = {'sessionIssuer': c0(g('sessionIssuer')), 'webIdFederationData': c1(g('webIdFederationData')), 'assumedRoot': (None if (v := g('assumedRoot')) is None else v if type(v) is str else c2(v)), 'signInSessionArn': (None if (v := g('signInSessionArn')) is None else v if type(v) is str else c3(v)), 'attributes': c4(g('attributes')), 'sourceIdentity': (None if (v := g('sourceIdentity')) is None else v if type(v) is str else c5(v)), 'ec2RoleDelivery': (None if (v := g('ec2RoleDelivery')) is None else v if type(v) is str else c6(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
