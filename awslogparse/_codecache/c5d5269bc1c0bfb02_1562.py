def convert(obj):
    g = obj.get
    record = {'awsAccountId': (None if (v := g('awsAccountId')) is None else v if type(v) is str else c0(v)), 'digestStartTime': c1(g('digestStartTime')), 'digestEndTime': c2(g('digestEndTime')), 'digestS3Bucket': (None if (v := g('digestS3Bucket')) is None else v if type(v) is str else c3(v)), 'digestS3Object': (None if (v := g('digestS3Object')) is None else v if type(v) is str else c4(v)), 'digestPublicKeyFingerprint': (None if (v := g('digestPublicKeyFingerprint')) is None else v if type(v) is str else c5(v)), 'digestSignatureAlgorithm': (None if (v := g('digestSignatureAlgorithm')) is None else v if type(v) is str else c6(v)), 'newestEventTime': c7(g('newestEventTime')), 'oldestEventTime': c8(g('oldestEventTime')), 'previousDigestS3Bucket': (None if (v := g('previousDigestS3Bucket')) is None else v if type(v) is str else c9(v)), 'previousDigestS3Object': (None if (v := g('previousDigestS3Object')) is None else v if type(v) is str else c10(v)), 'previousDigestHashValue': (None if (v := g('previousDigestHashValue')) is None else v if type(v) is str else c11(v)), 'previousDigestHashAlgorithm': (None if (v := g('previousDigestHashAlgorithm')) is None else v if type(v) is str else c12(v)), 'previousDigestSignature': (None if (v := g('previousDigestSignature')) is None else v if type(v) is str else c13(v)), 'logFiles': c14(g('logFiles'))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
