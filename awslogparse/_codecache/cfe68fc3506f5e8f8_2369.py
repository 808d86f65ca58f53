def convert(obj):
    g = obj.get
    record = {'timestamp': c0(g('timestamp')), 'formatVersion': (None if (v := g('formatVersion')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c1(v)), 'webaclId': (None if (v := g('webaclId')) is None else v if type(v) is str else c2(v)), 'terminatingRuleId': (None if (v := g('terminatingRuleId')) is None else v if type(v) is str else c3(v)), 'terminatingRuleType': (None if (v := g('terminatingRuleType')) is None else v if type(v) is str else c4(v)), 'action': (None if (v := g('action')) is None else v if type(v) is str else c5(v)), 'terminatingRuleMatchDetails': c6(g('terminatingRuleMatchDetails')), 'httpSourceName': (None if (v := g('httpSourceName')) is None else v if type(v) is str else c7(v)), 'httpSourceId': (None if (v := g('httpSourceId')) is None else v if type(v) is str else c8(v)), 'ruleGroupList': c9(g('ruleGroupList')), 'rateBasedRuleList': c10(g('rateBasedRuleList')), 'nonTerminatingMatchingRules': c11(g('nonTerminatingMatchingRules')), 'requestHeadersInserted': c12(g('requestHeadersInserted')), 'responseCodeSent': (None if (v := g('responseCodeSent')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c13(v)), 'httpRequest': c14(g('httpRequest'))}
    record['labels'] = c15(g('labels'))
    record['captchaResponse'] = c16(g('captchaResponse'))
    record['challengeResponse'] = c17(g('challengeResponse'))
    record['oversizeFields'] = c18(g('oversizeFields'))
    record['requestBodySize'] = (None if (v := g('requestBodySize')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c19(v))
    record['requestBodySizeInspectedByWAF'] = (None if (v := g('requestBodySizeInspectedByWAF')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c20(v))
    record['ja3Fingerprint'] = (None if (v := g('ja3Fingerprint')) is None else v if type(v) is str else c21(v))
    record['ja4Fingerprint'] = (None if (v := g('ja4Fingerprint')) is None else v if type(v) is str else c22(v))
    record['cfDistributionTenantId'] = (None if (v := g('cfDistributionTenantId')) is None else v if type(v) is str else c23(v))
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
