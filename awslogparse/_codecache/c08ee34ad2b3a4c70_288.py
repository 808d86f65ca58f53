def split_short(p, line):
    if not (p[0][-1] == ' ' and p[2] == ' ' and (not p[4] or p[4][0] == ' ')):
        raise ValueError
    t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, = p[0].split()
    return [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, p[1], p[3], *p[4].split()]
