def convert(obj):
    g = obj.get
    record = {'op': (None if (v := g('op')) is None else v if type(v) is str else c0(v)), 'ts': c1(g('ts')), 'ns': (None if (v := g('ns')) is None else v if type(v) is str else c2(v)), 'command': g('command'), 'cursorExhausted': (None if (v := g('cursorExhausted')) is None else v if type(v) is bool else c4(v)), 'nreturned': (None if (v := g('nreturned')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c5(v)), 'responseLength': (None if (v := g('responseLength')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c6(v)), 'protocol': (None if (v := g('protocol')) is None else v if type(v) is str else c7(v)), 'millis': (None if (v := g('millis')) is None else v if type(v) is int and -9223372036854775808 <= v <= 9223372036854775807 else c8(v)), 'planSummary': (None if (v := g('planSummary')) is None else v if type(v) is str else c9(v)), 'execStats': g('execStats'), 'client': (None if (v := g('client')) is None else v if type(v) is str else c11(v)), 'appName': (None if (v := g('appName')) is None else v if type(v) is str else c12(v)), 'user': (None if (v := g('user')) is None else v if type(v) is str else c13(v))}
    if not keys.issuperset(obj):
        for key, value in obj.items():
            if key not in keys:
                record.setdefault(key, value)
    return record
