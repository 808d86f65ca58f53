def pieces(p, line):
    n = len(p)
    if n == 1: return line.split()
    if n != 3: return other(p, line)
    try:
        if p[0][-1] == ' ' and (not p[2] or p[2][0] == ' '):
            t0, t1, t2, t3, t4, t5, t6, = p[0].split()
            return [t0, t1, t2, t3, t4, t5, t6, p[1], *p[2].split()]
    except (ValueError, IndexError):
        pass
    return fallback(line)
