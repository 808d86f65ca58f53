def build(tokens):
    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21 = tokens
    j1 = v0 + ' ' + v1
    record = {'timestamp': None if v0 == '-' else (_dtc.get(j1) or _t_date_time(j1)), 'x_edge_location': None if v2 == '-' else v2, 'asn': None if v3 == '-' else (_sic.get(v3) or (int(v3) if v3.isdigit() and len(v3) <= 18 else _int_in(v3, -9223372036854775808, 9223372036854775807))), 'c_country': None if v4 == '-' else v4, 'c_ip': None if v5 == '-' else v5, 'cs_method': None if v6 == '-' else v6, 'cs_host': None if v7 == '-' else v7, 'cs_uri_stem': None if v8 == '-' else (_memo0[v8] if '%' in v8 else v8), 'cs_uri_query': None if v9 == '-' else (_memo1[v9] if '%' in v9 else v9), 'sc_status': None if v10 == '-' else (_sic.get(v10) or (int(v10) if v10.isdigit() and len(v10) <= 9 else _int_in(v10, -2147483648, 2147483647))), 'sc_bytes': None if v11 == '-' else (_sic.get(v11) or (int(v11) if v11.isdigit() and len(v11) <= 18 else _int_in(v11, -9223372036854775808, 9223372036854775807))), 'time_taken': None if v12 == '-' else _memo2[v12], 'time_to_first_byte': None if v13 == '-' else _memo3[v13], 'origin_fbl': None if v14 == '-' else _memo4[v14], 'origin_lbl': None if v15 == '-' else _memo5[v15]}
    record['x_edge_result_type'] = None if v16 == '-' else v16
    record['x_edge_detailed_result_type'] = None if v17 == '-' else v17
    record['cs_user_agent'] = None if v18 == '-' else (_memo6[v18] if '%' in v18 else v18)
    record['cache_behavior_path_pattern'] = None if v19 == '-' else v19
    record['timestamp_ms'] = None if v20 == '-' else _t_ms(v20)
    record['x_edge_request_id'] = None if v21 == '-' else v21
    return record
