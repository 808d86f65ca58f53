"""Write a large, realistic VPC flow log file (S3 delivery: header line + default v2 layout).

Deterministic (seeded) so benchmark runs compare like with like. Usage:
    python bench/generate.py OUT.log.gz [--lines 1000000]
"""

from __future__ import annotations

import argparse
import gzip
import random


def lines(count: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    enis = [f"eni-{rnd.getrandbits(68):017x}" for _ in range(200)]
    hosts = [f"10.0.{rnd.randrange(256)}.{rnd.randrange(1, 255)}" for _ in range(500)]
    public = [f"{rnd.randrange(1, 224)}.{rnd.randrange(256)}.{rnd.randrange(256)}."
              f"{rnd.randrange(1, 255)}" for _ in range(2000)]
    out = ["version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
           "bytes start end action log-status"]
    start = 1763683200  # 2025-11-21T00:00:00Z
    for i in range(count):
        eni = rnd.choice(enis)
        window = start + (i // 2000) * 60
        if rnd.random() < 0.01:
            status = rnd.choice(("NODATA", "SKIPDATA"))
            out.append(f"2 123456789012 {eni} - - - - - - - {window} {window + 60} - {status}")
            continue
        src, dst = rnd.choice(hosts), rnd.choice(public)
        if rnd.random() < 0.5:
            src, dst = dst, src
        proto = rnd.choice((6, 6, 6, 17, 17, 1))
        sport = 0 if proto == 1 else rnd.randrange(1024, 65536)
        dport = 0 if proto == 1 else rnd.choice((443, 80, 22, 53, 3306, 5432, 8080))
        packets = rnd.randrange(1, 5000)
        nbytes = packets * rnd.randrange(40, 1500)
        action = "REJECT" if rnd.random() < 0.1 else "ACCEPT"
        first = window + rnd.randrange(0, 30)
        out.append(f"2 123456789012 {eni} {src} {dst} {sport} {dport} {proto} {packets} {nbytes} "
                   f"{first} {window + 60} {action} OK")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out")
    ap.add_argument("--lines", type=int, default=1_000_000)
    args = ap.parse_args()
    data = ("\n".join(lines(args.lines)) + "\n").encode()
    with gzip.open(args.out, "wb", compresslevel=6) as fh:
        fh.write(data)
    print(f"wrote {args.out}: {args.lines} lines, {len(data)} bytes uncompressed")


if __name__ == "__main__":
    main()
