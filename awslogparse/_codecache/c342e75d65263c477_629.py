def convert(obj):
    g = obj.get
    record = {'ruleId': (None if (v := g('ruleId')) is None else v if type(v) is str else c0(v)), 'action': (None if (v := g('action')) is None else v if type(v) is str else c1(v)), 'overriddenAction': (None if (v := g('overriddenAction')) is None else v if type(v) is str else c2(v)), 'ruleMatchDetails': c3(g('ruleMatchDetails')), 'captchaResponse': c4(g('captchaResponse')), 'challengeResponse': c5(g('challengeResponse'))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
