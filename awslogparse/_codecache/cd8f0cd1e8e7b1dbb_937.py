def convert(obj):
    g = obj.get
    record = {'rateBasedRuleId': (None if (v := g('rateBasedRuleId')) is None else v if type(v) is str else c0(v)), 'rateBasedRuleName': (None if (v := g('rateBasedRuleName')) is None else v if type(v) is str else c1(v)), 'limitKey': (None if (v := g('limitKey')) is None else v if type(v) is str else c2(v)), 'limitValue': (None if (v := g('limitValue')) is None else v if type(v) is str else c3(v)), 'maxRateAllowed': (None if (v := g('maxRateAllowed')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c4(v)), 'evaluationWindowSec': (None if (v := g('evaluationWindowSec')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c5(v)), 'customValues': g('customValues')}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
