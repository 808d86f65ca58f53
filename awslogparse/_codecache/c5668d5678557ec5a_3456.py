def build(tokens):
    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26, v27, v28, v29, v30, v31, v32, v33 = tokens
    h3, s3, p3 = v3.rpartition(':')
    if not h3 or not p3 or h3[0] == '[':
        h3, p3 = _hp(v3)
    h4, s4, p4 = v4.rpartition(':')
    if not h4 or not p4 or h4[0] == '[':
        h4, p4 = _hp(v4)
    m12, u12, r12 = _rq(v12)
    record = {'type': None if v0 == '-' else v0, 'time': None if v1 == '-' else (_d if (_d := _fiso(v1)).tzinfo is _UTC else _to_utc(_d)), 'elb': None if v2 == '-' else v2, 'client_ip': None if h3 == '-' else h3, 'client_port': None if p3 == '-' else (_sic.get(p3) or (int(p3) if p3.isdigit() and len(p3) <= 9 else _int_in(p3, -2147483648, 2147483647))), 'target_ip': None if h4 == '-' else h4, 'target_port': None if p4 == '-' else (_sic.get(p4) or (int(p4) if p4.isdigit() and len(p4) <= 9 else _int_in(p4, -2147483648, 2147483647))), 'request_processing_time': None if v5 in ('-1', '-') else _memo0[v5], 'target_processing_time': None if v6 in ('-1', '-') else _memo1[v6], 'response_processing_time': None if v7 in ('-1', '-') else _memo2[v7], 'elb_status_code': None if v8 == '-' else (_sic.get(v8) or (int(v8) if v8.isdigit() and len(v8) <= 9 else _int_in(v8, -2147483648, 2147483647))), 'target_status_code': None if v9 == '-' else (_sic.get(v9) or (int(v9) if v9.isdigit() and len(v9) <= 9 else _int_in(v9, -2147483648, 2147483647))), 'received_bytes': None if v10 == '-' else (_sic.get(v10) or (int(v10) if v10.isdigit() and len(v10) <= 18 else _int_in(v10, -9223372036854775808, 9223372036854775807))), 'sent_bytes': None if v11 == '-' else (_sic.get(v11) or (int(v11) if v11.isdigit() and len(v11) <= 18 else _int_in(v11, -9223372036854775808, 9223372036854775807))), 'request': None if v12 == '-' else v12}
    record['request_method'] = None if m12 == '-' else m12
    record['request_url'] = None if u12 == '-' else u12
    record['request_protocol'] = None if r12 == '-' else r12
    record['user_agent'] = None if v13 == '-' else v13
    record['ssl_cipher'] = None if v14 == '-' else v14
    record['ssl_protocol'] = None if v15 == '-' else v15
    record['target_group_arn'] = None if v16 == '-' else v16
    record['trace_id'] = None if v17 == '-' else v17
    record['domain_name'] = None if v18 == '-' else v18
    record['chosen_cert_arn'] = None if v19 == '-' else v19
    record['matched_rule_priority'] = None if v20 == '-' else (_sic.get(v20) or (int(v20) if v20.isdigit() and len(v20) <= 9 else _int_in(v20, -2147483648, 2147483647)))
    record['request_creation_time'] = None if v21 == '-' else (_d if (_d := _fiso(v21)).tzinfo is _UTC else _to_utc(_d))
    record['actions_executed'] = None if v22 == '-' else v22
    record['redirect_url'] = None if v23 == '-' else v23
    record['error_reason'] = None if v24 == '-' else v24
    record['target_port_list'] = None if v25 == '-' else v25
    record['target_status_code_list'] = None if v26 == '-' else v26
    record['classification'] = None if v27 == '-' else v27
    record['classification_reason'] = None if v28 == '-' else v28
    record['conn_trace_id'] = None if v29 == '-' else v29
    record['transformed_host'] = None if v30 == '-' else v30
    record['transformed_uri'] = None if v31 == '-' else v31
    record['request_transform_status'] = None if v32 == '-' else v32
    record['ip_address'] = None if v33 == '-' else v33
    return record
