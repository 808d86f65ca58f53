def convert(obj):
    g = obj.get
    record = {'eventTime': c0(g('eventTime')), 'eventVersion': (None if (v := g('eventVersion')) is None else v if type(v) is str else c1(v)), 'userIdentity': c2(g('userIdentity')), 'eventSource': (None if (v := g('eventSource')) is None else v if type(v) is str else c3(v)), 'eventName': (None if (v := g('eventName')) is None else v if type(v) is str else c4(v)), 'awsRegion': (None if (v := g('awsRegion')) is None else v if type(v) is str else c5(v)), 'sourceIPAddress': (None if (v := g('sourceIPAddress')) is None else v if type(v) is str else c6(v)), 'userAgent': (None if (v := g('userAgent')) is None else v if type(v) is str else c7(v)), 'errorCode': (None if (v := g('errorCode')) is None else v if type(v) is str else c8(v)), 'errorMessage': (None if (v := g('errorMessage')) is None else v if type(v) is str else c9(v)), 'requestParameters': g('requestParameters'), 'responseElements': g('responseElements'), 'additionalEventData': g('additionalEventData'), 'requestID': (None if (v := g('requestID')) is None else v if type(v) is str else c13(v)), 'eventID': (None if (v := g('eventID')) is None else v if type(v) is str else c14(v))}
    record['eventType'] = (None if (v := g('eventType')) is None else v if type(v) is str else c15(v))
    record['apiVersion'] = (None if (v := g('apiVersion')) is None else v if type(v) is str else c16(v))
    record['managementEvent'] = (None if (v := g('managementEvent')) is None else v if type(v) is bool else c17(v))
    record['readOnly'] = (None if (v := g('readOnly')) is None else v if type(v) is bool else c18(v))
    record['resources'] = c19(g('resources'))
    record['recipientAccountId'] = (None if (v := g('recipientAccountId')) is None else v if type(v) is str else c20(v))
    record['serviceEventDetails'] = g('serviceEventDetails')
    record['sharedEventID'] = (None if (v := g('sharedEventID')) is None else v if type(v) is str else c22(v))
    record['vpcEndpointId'] = (None if (v := g('vpcEndpointId')) is None else v if type(v) is str else c23(v))
    record['vpcEndpointAccountId'] = (None if (v := g('vpcEndpointAccountId')) is None else v if type(v) is str else c24(v))
    record['eventCategory'] = (None if (v := g('eventCategory')) is None else v if type(v) is str else c25(v))
    record['addendum'] = c26(g('addendum'))
    record['sessionCredentialFromConsole'] = (None if (v := g('sessionCredentialFromConsole')) is None else v if type(v) is str else c27(v))
    record['eventContext'] = g('eventContext')
    record['edgeDeviceDetails'] = g('edgeDeviceDetails')
    record['tlsDetails'] = c30(g('tlsDetails'))
    record['insightDetails'] = c31(g('insightDetails'))
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
