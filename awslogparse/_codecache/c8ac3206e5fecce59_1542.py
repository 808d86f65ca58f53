def convert(obj):
    g = obj.get
    record = {'timestamp': c0(g('timestamp')), 'flow_id': (None if (v := g('flow_id')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c1(v)), 'event_type': (None if (v := g('event_type')) is None else v if type(v) is str else c2(v)), 'src_ip': (None if (v := g('src_ip')) is None else v if type(v) is str else c3(v)), 'src_port': (None if (v := g('src_port')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c4(v)), 'dest_ip': (None if (v := g('dest_ip')) is None else v if type(v) is str else c5(v)), 'dest_port': (None if (v := g('dest_port')) is None else v if type(v) is int and -2147483648 <= v <= 2147483647 else c6(v)), 'proto': (None if (v := g('proto')) is None else v if type(v) is str else c7(v)), 'app_proto': (None if (v := g('app_proto')) is None else v if type(v) is str else c8(v)), 'tls_inspected': (None if (v := g('tls_inspected')) is None else v if type(v) is bool else c9(v)), 'sni': (None if (v := g('sni')) is None or (type(v) is str and v in n10) else v if type(v) is str else c10(v)), 'alert': c11(g('alert')), 'netflow': c12(g('netflow')), 'tls': c13(g('tls')), 'revocation_check': c14(g('revocation_check'))}
    record['tls_error'] = c15(g('tls_error'))
    record['http'] = g('http')
    record['tcp'] = g('tcp')
    record['dns'] = g('dns')
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
