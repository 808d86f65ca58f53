def convert(obj):
    g = obj.get
    record = {'version': (None if (v := g('version')) is None else v if type(v) is str else c0(v)), 'account_id': (None if (v := g('account_id')) is None else v if type(v) is str else c1(v)), 'region': (None if (v := g('region')) is None else v if type(v) is str else c2(v)), 'vpc_id': (None if (v := g('vpc_id')) is None else v if type(v) is str else c3(v)), 'query_timestamp': c4(g('query_timestamp')), 'query_name': (None if (v := g('query_name')) is None else v if type(v) is str else c5(v)), 'query_type': (None if (v := g('query_type')) is None else v if type(v) is str else c6(v)), 'query_class': (None if (v := g('query_class')) is None else v if type(v) is str else c7(v)), 'rcode': (None if (v := g('rcode')) is None else v if type(v) is str else c8(v)), 'answers': c9(g('answers')), 'srcaddr': (None if (v := g('srcaddr')) is None else v if type(v) is str else c10(v)), 'srcport': (None if (v := g('srcport')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c11(v)), 'transport': (None if (v := g('transport')) is None else v if type(v) is str else c12(v)), 'srcids': c13(g('srcids')), 'firewall_rule_action': (None if (v := g('firewall_rule_action')) is None else v if type(v) is str else c14(v))}
    record['firewall_rule_group_id'] = (None if (v := g('firewall_rule_group_id')) is None else v if type(v) is str else c15(v))
    record['firewall_domain_list_id'] = (None if (v := g('firewall_domain_list_id')) is None else v if type(v) is str else c16(v))
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
