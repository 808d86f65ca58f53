def build(tokens):
    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26, v27, v28, v29, v30, v31, v32, v33, v34 = tokens
    j1 = v0 + ' ' + v1
    record = {'timestamp': None if v0 == '-' else (_dtc.get(j1) or _t_date_time(j1)), 'x_edge_location': None if v2 == '-' else v2, 'sc_bytes': None if v3 == '-' else (_sic.get(v3) or (int(v3) if v3.isdigit() and len(v3) <= 18 else _int_in(v3, -9223372036854775808, 9223372036854775807))), 'c_ip': None if v4 == '-' else v4, 'cs_method': None if v5 == '-' else v5, 'cs_host': None if v6 == '-' else v6, 'cs_uri_stem': None if v7 == '-' else (_memo0[v7] if '%' in v7 else v7), 'sc_status': None if v8 == '-' else (_sic.get(v8) or (int(v8) if v8.isdigit() and len(v8) <= 9 else _int_in(v8, -2147483648, 2147483647))), 'cs_referer': None if v9 == '-' else (_memo1[v9] if '%' in v9 else v9), 'cs_user_agent': None if v10 == '-' else (_memo2[v10] if '%' in v10 else v10), 'cs_uri_query': None if v11 == '-' else (_memo3[v11] if '%' in v11 else v11), 'cs_cookie': None if v12 == '-' else (_memo4[v12] if '%' in v12 else v12), 'x_edge_result_type': None if v13 == '-' else v13, 'x_edge_request_id': None if v14 == '-' else v14, 'x_host_header': None if v15 == '-' else v15}
    record['cs_protocol'] = None if v16 == '-' else v16
    record['cs_bytes'] = None if v17 == '-' else (_sic.get(v17) or (int(v17) if v17.isdigit() and len(v17) <= 18 else _int_in(v17, -9223372036854775808, 9223372036854775807)))
    record['time_taken'] = None if v18 == '-' else _memo5[v18]
    record['x_forwarded_for'] = None if v19 == '-' else v19
    record['ssl_protocol'] = None if v20 == '-' else v20
    record['ssl_cipher'] = None if v21 == '-' else v21
    record['x_edge_response_result_type'] = None if v22 == '-' else v22
    record['cs_protocol_version'] = None if v23 == '-' else v23
    record['fle_status'] = None if v24 == '-' else v24
    record['fle_encrypted_fields'] = None if v25 == '-' else (_sic.get(v25) or (int(v25) if v25.isdigit() and len(v25) <= 9 else _int_in(v25, -2147483648, 2147483647)))
    record['c_port'] = None if v26 == '-' else (_sic.get(v26) or (int(v26) if v26.isdigit() and len(v26) <= 9 else _int_in(v26, -2147483648, 2147483647)))
    record['time_to_first_byte'] = None if v27 == '-' else _memo6[v27]
    record['x_edge_detailed_result_type'] = None if v28 == '-' else v28
    record['sc_content_type'] = None if v29 == '-' else (_memo7[v29] if '%' in v29 else v29)
    record['sc_content_len'] = None if v30 == '-' else (_sic.get(v30) or (int(v30) if v30.isdigit() and len(v30) <= 18 else _int_in(v30, -9223372036854775808, 9223372036854775807)))
    record['sc_range_start'] = None if v31 == '-' else (_sic.get(v31) or (int(v31) if v31.isdigit() and len(v31) <= 18 else _int_in(v31, -9223372036854775808, 9223372036854775807)))
    record['sc_range_end'] = None if v32 == '-' else (_sic.get(v32) or (int(v32) if v32.isdigit() and len(v32) <= 18 else _int_in(v32, -9223372036854775808, 9223372036854775807)))
    record['distribution_tenant_id'] = None if v33 == '-' else v33
    record['connection_id'] = None if v34 == '-' else v34
    return record
