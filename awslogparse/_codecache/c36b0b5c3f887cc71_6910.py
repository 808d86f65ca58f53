def build(tokens):
    v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26, v27, v28, v29, v30, v31, v32, v33, v34, v35, v36, v37, v38, v39, v40, v41, v42, v43, v44, v45, v46, v47, v48, v49, v50, v51, v52, v53, v54, v55, v56, v57, v58, v59, v60, v61, v62, v63, v64, v65, v66, v67, v68 = tokens
    record = {'timestamp': None if v0 == '-' else _t_epoch_frac(v0), 'c_ip': None if v1 == '-' else v1, 's_ip': None if v2 == '-' else v2, 'time_to_first_byte': None if v3 == '-' else _memo0[v3], 'sc_status': None if v4 == '-' else (_sic.get(v4) or (int(v4) if v4.isdigit() and len(v4) <= 9 else _int_in(v4, -2147483648, 2147483647))), 'sc_bytes': None if v5 == '-' else (_sic.get(v5) or (int(v5) if v5.isdigit() and len(v5) <= 18 else _int_in(v5, -9223372036854775808, 9223372036854775807))), 'cs_method': None if v6 == '-' else v6, 'cs_protocol': None if v7 == '-' else v7, 'cs_host': None if v8 == '-' else v8, 'cs_uri_stem': None if v9 == '-' else (_memo1[v9] if '%' in v9 else v9), 'cs_bytes': None if v10 == '-' else (_sic.get(v10) or (int(v10) if v10.isdigit() and len(v10) <= 18 else _int_in(v10, -9223372036854775808, 9223372036854775807))), 'x_edge_location': None if v11 == '-' else v11, 'x_edge_request_id': None if v12 == '-' else v12, 'x_host_header': None if v13 == '-' else v13, 'time_taken': None if v14 == '-' else _memo2[v14]}
    record['cs_protocol_version'] = None if v15 == '-' else v15
    record['c_ip_version'] = None if v16 == '-' else v16
    record['cs_user_agent'] = None if v17 == '-' else (_memo3[v17] if '%' in v17 else v17)
    record['cs_referer'] = None if v18 == '-' else (_memo4[v18] if '%' in v18 else v18)
    record['cs_cookie'] = None if v19 == '-' else (_memo5[v19] if '%' in v19 else v19)
    record['cs_uri_query'] = None if v20 == '-' else (_memo6[v20] if '%' in v20 else v20)
    record['x_edge_response_result_type'] = None if v21 == '-' else v21
    record['x_forwarded_for'] = None if v22 == '-' else v22
    record['ssl_protocol'] = None if v23 == '-' else v23
    record['ssl_cipher'] = None if v24 == '-' else v24
    record['x_edge_result_type'] = None if v25 == '-' else v25
    record['fle_encrypted_fields'] = None if v26 == '-' else (_sic.get(v26) or (int(v26) if v26.isdigit() and len(v26) <= 9 else _int_in(v26, -2147483648, 2147483647)))
    record['fle_status'] = None if v27 == '-' else v27
    record['sc_content_type'] = None if v28 == '-' else (_memo7[v28] if '%' in v28 else v28)
    record['sc_content_len'] = None if v29 == '-' else (_sic.get(v29) or (int(v29) if v29.isdigit() and len(v29) <= 18 else _int_in(v29, -9223372036854775808, 9223372036854775807)))
    record['sc_range_start'] = None if v30 == '-' else (_sic.get(v30) or (int(v30) if v30.isdigit() and len(v30) <= 18 else _int_in(v30, -9223372036854775808, 9223372036854775807)))
    record['sc_range_end'] = None if v31 == '-' else (_sic.get(v31) or (int(v31) if v31.isdigit() and len(v31) <= 18 else _int_in(v31, -9223372036854775808, 9223372036854775807)))
    record['c_port'] = None if v32 == '-' else (_sic.get(v32) or (int(v32) if v32.isdigit() and len(v32) <= 9 else _int_in(v32, -2147483648, 2147483647)))
    record['x_edge_detailed_result_type'] = None if v33 == '-' else v33
    record['c_country'] = None if v34 == '-' else v34
    record['cs_accept_encoding'] = None if v35 == '-' else (_memo8[v35] if '%' in v35 else v35)
    record['cs_accept'] = None if v36 == '-' else (_memo9[v36] if '%' in v36 else v36)
    record['cache_behavior_path_pattern'] = None if v37 == '-' else v37
    record['cs_headers'] = None if v38 == '-' else (_memo10[v38] if '%' in v38 else v38)
    record['cs_header_names'] = None if v39 == '-' else (_memo11[v39] if '%' in v39 else v39)
    record['cs_headers_count'] = None if v40 == '-' else (_sic.get(v40) or (int(v40) if v40.isdigit() and len(v40) <= 9 else _int_in(v40, -2147483648, 2147483647)))
    record['primary_distribution_id'] = None if v41 == '-' else v41
    record['primary_distribution_dns_name'] = None if v42 == '-' else v42
    record['origin_fbl'] = None if v43 == '-' else _memo12[v43]
    record['origin_lbl'] = None if v44 == '-' else _memo13[v44]
    record['asn'] = None if v45 == '-' else (_sic.get(v45) or (int(v45) if v45.isdigit() and len(v45) <= 18 else _int_in(v45, -9223372036854775808, 9223372036854775807)))
    record['cmcd_encoded_bitrate'] = None if v46 == '-' else (_sic.get(v46) or (int(v46) if v46.isdigit() and len(v46) <= 18 else _int_in(v46, -9223372036854775808, 9223372036854775807)))
    record['cmcd_buffer_length'] = None if v47 == '-' else (_sic.get(v47) or (int(v47) if v47.isdigit() and len(v47) <= 18 else _int_in(v47, -9223372036854775808, 9223372036854775807)))
    record['cmcd_buffer_starvation'] = None if v48 == '-' else v48
    record['cmcd_content_id'] = None if v49 == '-' else (_memo14[v49] if '%' in v49 else v49)
    record['cmcd_object_duration'] = None if v50 == '-' else (_sic.get(v50) or (int(v50) if v50.isdigit() and len(v50) <= 18 else _int_in(v50, -9223372036854775808, 9223372036854775807)))
    record['cmcd_deadline'] = None if v51 == '-' else (_sic.get(v51) or (int(v51) if v51.isdigit() and len(v51) <= 18 else _int_in(v51, -9223372036854775808, 9223372036854775807)))
    record['cmcd_measured_throughput'] = None if v52 == '-' else (_sic.get(v52) or (int(v52) if v52.isdigit() and len(v52) <= 18 else _int_in(v52, -9223372036854775808, 9223372036854775807)))
    record['cmcd_next_object_request'] = None if v53 == '-' else (_memo15[v53] if '%' in v53 else v53)
    record['cmcd_next_range_request'] = None if v54 == '-' else v54
    record['cmcd_object_type'] = None if v55 == '-' else v55
    record['cmcd_playback_rate'] = None if v56 == '-' else _memo16[v56]
    record['cmcd_requested_maximum_throughput'] = None if v57 == '-' else (_sic.get(v57) or (int(v57) if v57.isdigit() and len(v57) <= 18 else _int_in(v57, -9223372036854775808, 9223372036854775807)))
    record['cmcd_streaming_format'] = None if v58 == '-' else v58
    record['cmcd_session_id'] = None if v59 == '-' else (_memo17[v59] if '%' in v59 else v59)
    record['cmcd_stream_type'] = None if v60 == '-' else v60
    record['cmcd_startup'] = None if v61 == '-' else v61
    record['cmcd_top_bitrate'] = None if v62 == '-' else (_sic.get(v62) or (int(v62) if v62.isdigit() and len(v62) <= 18 else _int_in(v62, -9223372036854775808, 9223372036854775807)))
    record['cmcd_version'] = None if v63 == '-' else (_sic.get(v63) or (int(v63) if v63.isdigit() and len(v63) <= 9 else _int_in(v63, -2147483648, 2147483647)))
    record['r_host'] = None if v64 == '-' else v64
    record['sr_reason'] = None if v65 == '-' else v65
    record['x_edge_mqcs'] = None if v66 == '-' else v66
    record['distribution_tenant_id'] = None if v67 == '-' else v67
    record['connection_id'] = None if v68 == '-' else v68
    return record
