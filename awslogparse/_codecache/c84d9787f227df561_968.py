def pieces(p, line):
    n = len(p)
    if n == 1: return line.split()
    if n != 31: return other(p, line)
    try:
        if p[0][-1] == ' ' and p[2] == ' ' and p[4][0] == ' ' and p[4][-1] == ' ' and p[6] == ' ' and p[8] == ' ' and p[10][0] == ' ' and p[10][-1] == ' ' and p[12] == ' ' and p[14] == ' ' and p[16] == ' ' and p[18] == ' ' and p[20] == ' ' and p[22] == ' ' and p[24][0] == ' ' and p[24][-1] == ' ' and p[26] == ' ' and p[28] == ' ' and (not p[30] or p[30][0] == ' '):
            t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, = p[0].split()
            t14, t15, t16, = p[4].split()
            t20, t21, = p[10].split()
            t29, = p[24].split()
            return [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, p[1], p[3], t14, t15, t16, p[5], p[7], p[9], t20, t21, p[11], p[13], p[15], p[17], p[19], p[21], p[23], t29, p[25], p[27], p[29], *p[30].split()]
    except (ValueError, IndexError):
        pass
    return fallback(line)
