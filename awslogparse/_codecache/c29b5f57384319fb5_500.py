def convert(obj):
    g = obj.get
    record = {'ruleGroupId': (None if (v := g('ruleGroupId')) is None else v if type(v) is str else c0(v)), 'terminatingRule': c1(g('terminatingRule')), 'nonTerminatingMatchingRules': c2(g('nonTerminatingMatchingRules')), 'excludedRules': g('excludedRules'), 'customerConfig': g('customerConfig')}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
