def pieces(p, line):
    if '\\' in line: return fallback(line)
    n = len(p)
    if n == 1: return line.split()
    if n != 5: return other(p, line)
    try:
        if p[0][-1] == ' ' and p[2] == ' ' and (not p[4] or p[4][0] == ' '):
            t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, = p[0].split()
            return [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, p[1], p[3], *p[4].split()]
    except (ValueError, IndexError):
        pass
    return fallback(line)
