def loop(lines, lineno, append, slow, fail, split, pad, known):
    for line in lines:
        lineno += 1
        tokens = line.split()
        if len(tokens) == 36 and tokens[0] not in known and not (tokens[0][0].islower() and _maybe_header(tokens, known)) and '\x00' not in line:
            try:
                v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16, v17, v18, v19, v20, v21, v22, v23, v24, v25, v26, v27, v28, v29, v30, v31, v32, v33, v34, v35 = tokens
                record = {'version': None if v0 == '-' else (_sic.get(v0) or (int(v0) if len(v0) <= 9 else _int_in(v0, -2147483648, 2147483647))), 'resource_type': None if v1 == '-' else v1, 'account_id': None if v2 == '-' else v2, 'tgw_id': None if v3 == '-' else v3, 'tgw_attachment_id': None if v4 == '-' else v4, 'tgw_src_vpc_account_id': None if v5 == '-' else v5, 'tgw_dst_vpc_account_id': None if v6 == '-' else v6, 'tgw_src_vpc_id': None if v7 == '-' else v7, 'tgw_dst_vpc_id': None if v8 == '-' else v8, 'tgw_src_subnet_id': None if v9 == '-' else v9, 'tgw_dst_subnet_id': None if v10 == '-' else v10, 'tgw_src_eni': None if v11 == '-' else v11, 'tgw_dst_eni': None if v12 == '-' else v12, 'tgw_src_az_id': None if v13 == '-' else v13, 'tgw_dst_az_id': None if v14 == '-' else v14}
                record['tgw_pair_attachment_id'] = None if v15 == '-' else v15
                record['srcaddr'] = None if v16 == '-' else v16
                record['dstaddr'] = None if v17 == '-' else v17
                record['srcport'] = None if v18 == '-' else (_sic.get(v18) or (int(v18) if len(v18) <= 9 else _int_in(v18, -2147483648, 2147483647)))
                record['dstport'] = None if v19 == '-' else (_sic.get(v19) or (int(v19) if len(v19) <= 9 else _int_in(v19, -2147483648, 2147483647)))
                record['protocol'] = None if v20 == '-' else (_sic.get(v20) or (int(v20) if len(v20) <= 18 else _int_in(v20, -9223372036854775808, 9223372036854775807)))
                record['packets'] = None if v21 == '-' else (_sic.get(v21) or (int(v21) if len(v21) <= 18 else _int_in(v21, -9223372036854775808, 9223372036854775807)))
                record['bytes'] = None if v22 == '-' else (_sic.get(v22) or (int(v22) if len(v22) <= 18 else _int_in(v22, -9223372036854775808, 9223372036854775807)))
                record['start'] = None if v23 == '-' else (_tsc.get(v23) or _ts(v23))
                record['end'] = None if v24 == '-' else (_tsc.get(v24) or _ts(v24))
                record['log_status'] = None if v25 == '-' else v25
                record['type'] = None if v26 == '-' else v26
                record['packets_lost_no_route'] = None if v27 == '-' else (_sic.get(v27) or (int(v27) if len(v27) <= 18 else _int_in(v27, -9223372036854775808, 9223372036854775807)))
                record['packets_lost_blackhole'] = None if v28 == '-' else (_sic.get(v28) or (int(v28) if len(v28) <= 18 else _int_in(v28, -9223372036854775808, 9223372036854775807)))
                record['packets_lost_mtu_exceeded'] = None if v29 == '-' else (_sic.get(v29) or (int(v29) if len(v29) <= 18 else _int_in(v29, -9223372036854775808, 9223372036854775807)))
                record['packets_lost_ttl_expired'] = None if v30 == '-' else (_sic.get(v30) or (int(v30) if len(v30) <= 18 else _int_in(v30, -9223372036854775808, 9223372036854775807)))
                record['tcp_flags'] = None if v31 == '-' else (_sic.get(v31) or (int(v31) if len(v31) <= 9 else _int_in(v31, -2147483648, 2147483647)))
                record['region'] = None if v32 == '-' else v32
                record['flow_direction'] = None if v33 == '-' else v33
                record['pkt_src_aws_service'] = None if v34 == '-' else v34
                record['pkt_dst_aws_service'] = None if v35 == '-' else v35
                append(record)
                continue
            except ValueError:
                fail(line, lineno, tokens)
                continue
        if slow(line, lineno):
            return lineno
    return None
