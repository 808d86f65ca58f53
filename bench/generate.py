"""Write a production-like set of VPC flow log files for the benchmarks (deterministic, seeded).

Real buckets are not one tidy file: many accounts (ids with leading zeros, and ``unknown`` for
interfaces AWS services own), many interfaces, random IPv4 and some IPv6 addresses, a skewed
port and protocol mix, ``start``/``end`` spread over each file's own span of time, about 1%
NODATA and some SKIPDATA lines (``-`` in every traffic field), and several layouts:

- S3 deliveries of the default (v2) format: a header line, then data (``.log.gz``, one member);
- S3 deliveries of custom formats, all v2-v5 fields (29) or a shorter v5 selection (18): the
  header line names them;
- Firehose-style deliveries of the default format: no header line, several gzip members.

``corpus`` spreads ``count`` data lines over files of 20k-83k lines (for a million); ``lines``
gives one S3 object's lines (header + default v2), which ``bench/filter_bench.py`` uses. Usage:
    python bench/generate.py OUT_DIR [--lines 1000000]
writes the files and ``manifest.json`` (each file's kind, layout, header and line count).
"""

from __future__ import annotations

import argparse
import gzip
import ipaddress
import json
import random
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path


def _fields(text: str) -> list[str]:
    return text.split()


V2 = _fields("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
             "bytes start end action log-status")
V5_ALL = _fields("version vpc-id subnet-id instance-id interface-id account-id type srcaddr "
                 "dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start "
                 "end action tcp-flags log-status region az-id sublocation-type sublocation-id "
                 "pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path")
V5_SHORT = _fields("version interface-id account-id vpc-id srcaddr dstaddr srcport dstport "
                   "protocol packets bytes start end action tcp-flags flow-direction "
                   "traffic-path log-status")
LAYOUTS = {"v2": V2, "v5-all": V5_ALL, "v5-short": V5_SHORT}
KINDS = (  # (kind, layout, header line, gzip members, share of files)
    ("s3-default", "v2", True, 1, 0.50),
    ("s3-custom-all", "v5-all", True, 1, 0.20),
    ("s3-custom-short", "v5-short", True, 1, 0.10),
    ("firehose-default", "v2", False, 3, 0.20),
)
# Fields that are `-` on NODATA/SKIPDATA lines (no flow was seen or recorded).
FLOW_ONLY = frozenset(_fields(
    "srcaddr dstaddr srcport dstport protocol packets bytes action tcp-flags type pkt-srcaddr "
    "pkt-dstaddr pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path"))
REGIONS = (("us-east-1", "use1"), ("eu-west-1", "euw1"), ("ap-southeast-2", "apse2"),
           ("us-west-2", "usw2"))
SERVICES = ("AMAZON", "S3", "EC2", "DYNAMODB", "ROUTE53", "CLOUDFRONT", "API_GATEWAY")
# (destination port, protocol, weight): what a VPC mostly talks, then a long tail.
SERVICE_PORTS = ((443, 6, 40), (80, 6, 6), (53, 17, 12), (123, 17, 3), (22, 6, 3), (3389, 6, 1),
                 (3306, 6, 3), (5432, 6, 4), (6379, 6, 3), (9092, 6, 2), (8080, 6, 3),
                 (8443, 6, 2), (2049, 6, 2), (27017, 6, 1), (500, 17, 1), (4500, 17, 1))
MANIFEST_VERSION = 2
"""Bumped whenever the files change for the same seed; the harness regenerates older sets."""
SPAN = 15 * 60
"""Seconds of flows one file holds (S3 writes every 5 minutes, flows last up to 10)."""


@dataclass
class Interface:
    eni: str
    account: str
    vpc: str
    subnet: str
    instance: str
    region: str
    az: str
    private: list[str]
    ipv6: list[str]


@dataclass
class FileInfo:
    """One generated file, as the manifest lists it."""

    name: str
    """Path under the output directory: the key S3 or Firehose would have written."""
    kind: str
    layout: str
    header: bool
    members: int
    lines: int
    nodata: int = 0
    skipdata: int = 0


def _hex_id(rnd: random.Random, prefix: str) -> str:
    return f"{prefix}-{rnd.getrandbits(68):017x}"


def _account(rnd: random.Random) -> str:
    # 12 digits; about one in ten starts with 0 (an integer column would lose it)
    return f"{rnd.randrange(10**11):012d}" if rnd.random() < 0.1 else \
        str(rnd.randrange(10**11, 10**12))


def _public_v4(rnd: random.Random) -> str:
    while True:
        first = rnd.randrange(1, 224)
        if first not in (10, 100, 127, 169, 172, 192):
            return f"{first}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"


def _public_v6(rnd: random.Random) -> str:
    return str(ipaddress.IPv6Address((0x2000 + rnd.randrange(0x1000)) << 112
                                     | rnd.getrandbits(112)))


class Network:
    """The accounts and interfaces of one flow log (one VPC), and how it generates lines."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.owner = _account(rnd)
        others = [_account(rnd) for _ in range(rnd.randrange(1, 4))]  # shared-VPC subnets
        self.vpc = _hex_id(rnd, "vpc")
        self.region, az_prefix = rnd.choice(REGIONS)
        net = rnd.choice((f"10.{rnd.randrange(256)}", f"172.{rnd.randrange(16, 32)}",
                          "192.168"))
        v6_prefix = (0x2600_1F00 + rnd.randrange(0x1000)) << 96 | rnd.getrandbits(24) << 72
        subnets = [(_hex_id(rnd, "subnet"), f"{az_prefix}-az{rnd.randrange(1, 7)}")
                   for _ in range(rnd.randrange(2, 7))]
        self.interfaces: list[Interface] = []
        self.weights: list[float] = []
        for _ in range(rnd.randrange(40, 400)):
            subnet, az = rnd.choice(subnets)
            managed = rnd.random() < 0.04  # endpoints, NLBs, NAT gateways: AWS owns the ENI
            account = "unknown" if managed and rnd.random() < 0.5 else \
                (self.owner if rnd.random() < 0.85 else rnd.choice(others))
            private = [f"{net}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
                       for _ in range(rnd.randrange(1, 4))]
            ipv6 = [str(ipaddress.IPv6Address(v6_prefix | rnd.getrandbits(64)))
                    for _ in range(rnd.random() < 0.3)]
            self.interfaces.append(Interface(
                _hex_id(rnd, "eni"), account, self.vpc, subnet,
                "-" if managed else _hex_id(rnd, "i"), self.region, az, private, ipv6))
            self.weights.append(rnd.paretovariate(1.2))  # a few busy interfaces, a long tail
        # Every file must show an `unknown` account early (see the docs: a text value after the
        # first megabyte breaks pyarrow.csv's inference), as the busiest managed interface does.
        unknown = [i for i, itf in enumerate(self.interfaces) if itf.account == "unknown"]
        if not unknown:
            self.interfaces[0].account = "unknown"
            self.interfaces[0].instance = "-"
            unknown = [0]
        self.weights[unknown[0]] = sum(self.weights) * 0.02

    def record(self, start_span: int) -> dict[str, str]:
        """One flow record (wire text per field) with its window inside ``start_span``."""
        rnd = self.rnd
        itf = rnd.choices(self.interfaces, self.weights)[0]
        first = start_span + rnd.randrange(SPAN)
        last = first + min(int(rnd.expovariate(1 / 20)), 600)
        rec = {"version": "", "account-id": itf.account, "interface-id": itf.eni,
               "vpc-id": itf.vpc, "subnet-id": itf.subnet, "instance-id": itf.instance,
               "region": itf.region, "az-id": itf.az, "sublocation-type": "-",
               "sublocation-id": "-", "start": str(first), "end": str(last)}
        status = rnd.random()
        if status < 0.011:
            for name in FLOW_ONLY:
                rec[name] = "-"
            rec["log-status"] = "SKIPDATA" if status < 0.001 else "NODATA"
            return rec
        v6 = bool(itf.ipv6) and rnd.random() < 0.3
        local = rnd.choice(itf.ipv6 if v6 else itf.private)
        public = rnd.random() < 0.6
        if public:
            peer = _public_v6(rnd) if v6 else _public_v4(rnd)
        else:
            other = rnd.choice(self.interfaces)
            peer = rnd.choice((other.ipv6 or [local]) if v6 else other.private)
        draw = rnd.random()
        if draw < 0.03:
            proto, sport, dport = (58 if v6 else 1), 0, 0
        elif draw < 0.04:
            proto, sport, dport = rnd.choice((47, 50)), 0, 0
        elif draw < 0.10:  # scans and strays: any port
            proto, sport, dport = rnd.choice((6, 17)), rnd.randrange(1, 65536), \
                rnd.randrange(1, 65536)
        else:
            dport, proto, _ = rnd.choices(SERVICE_PORTS, [w for *_, w in SERVICE_PORTS])[0]
            sport = rnd.randrange(32768, 61000) if rnd.random() < 0.7 else \
                rnd.randrange(49152, 65536)
        egress = rnd.random() < 0.5
        src, dst = (local, peer) if egress else (peer, local)
        if not egress:
            sport, dport = dport, sport
        packets = max(1, int(rnd.lognormvariate(2.0, 1.8)))
        size = rnd.randrange(40, 1501) if proto == 6 else rnd.randrange(60, 600)
        service = rnd.choice(SERVICES) if rnd.random() < 0.15 else "-"
        reject = rnd.random() < (0.6 if draw < 0.10 else 0.05)
        rec.update({
            "srcaddr": src, "dstaddr": dst, "srcport": str(sport), "dstport": str(dport),
            "protocol": str(proto), "packets": str(packets), "bytes": str(packets * size),
            "action": "REJECT" if reject else "ACCEPT", "log-status": "OK",
            "tcp-flags": str(rnd.choice((2, 3, 18, 19, 1, 4, 0, 24, 27)) if proto == 6 else 0),
            "type": "IPv6" if v6 else "IPv4",
            "pkt-srcaddr": src if rnd.random() < 0.9 else _public_v4(rnd),
            "pkt-dstaddr": dst,
            "pkt-src-aws-service": service if public and not egress else "-",
            "pkt-dst-aws-service": service if public and egress else "-",
            "flow-direction": "egress" if egress else "ingress",
            "traffic-path": str(rnd.choice((1, 1, 2, 2, 2, 7, 8))) if egress else "-",
        })
        return rec


def _version(layout: list[str]) -> str:
    return "2" if layout is V2 else "5"


def file_lines(net: Network, layout: list[str], count: int, start_span: int,
               header: bool) -> list[str]:
    """``count`` data lines of one layout (and the header line first when ``header``)."""
    out = [" ".join(layout)] if header else []
    version = _version(layout)
    for _ in range(count):
        rec = net.record(start_span)
        rec["version"] = version
        out.append(" ".join([rec[name] for name in layout]))
    return out


def lines(count: int, seed: int = 7) -> list[str]:
    """One S3 object's lines: the header, then ``count`` default-format (v2) data lines."""
    rnd = random.Random(seed)
    return file_lines(Network(rnd), V2, count, 1763683200, header=True)


def corpus(count: int, seed: int = 7) -> list[tuple[FileInfo, list[str]]]:
    """Files holding ``count`` data lines in all, of every kind in :data:`KINDS`."""
    rnd = random.Random(seed)
    low, high = max(1, count // 50), max(1, count // 12)
    out: list[tuple[FileInfo, list[str]]] = []
    left = count
    day = 1763683200  # 2025-11-21T00:00:00Z
    while left:
        kind, layout_name, header, members, _ = rnd.choices(KINDS, [k[-1] for k in KINDS])[0]
        size = min(left, rnd.randrange(low, high + 1))
        if 0 < left - size < low:
            size = left
        left -= size
        net = Network(rnd)
        start = day + rnd.randrange(0, 30 * 86400, 300)  # a 5-minute window of one month
        when = time.gmtime(start)
        if header:  # S3's key: AWSLogs/{account}/vpcflowlogs/{region}/YYYY/MM/DD/...
            name = (f"AWSLogs/{net.owner}/vpcflowlogs/{net.region}/"
                    f"{time.strftime('%Y/%m/%d', when)}/{net.owner}_vpcflowlogs_{net.region}_"
                    f"fl-{rnd.getrandbits(68):017x}_{time.strftime('%Y%m%dT%H%MZ', when)}_"
                    f"{rnd.getrandbits(32):08x}.log.gz")
        else:  # Firehose's default key: {prefix}YYYY/MM/DD/HH/{stream}-{version}-{time}-{uuid}
            name = (f"firehose/{time.strftime('%Y/%m/%d/%H', when)}/vpc-flow-logs-1-"
                    f"{time.strftime('%Y-%m-%d-%H-%M-%S', when)}-"
                    f"{uuid.UUID(int=rnd.getrandbits(128), version=4)}.gz")
        text = file_lines(net, LAYOUTS[layout_name], size, start, header)
        info = FileInfo(name, kind, layout_name, header, members, size,
                        nodata=sum(" NODATA" in line for line in text),
                        skipdata=sum(" SKIPDATA" in line for line in text))
        out.append((info, text))
    return out


def write_corpus(out: Path, count: int, seed: int = 7) -> list[FileInfo]:
    """Write every file of :func:`corpus` under ``out``, and ``manifest.json``."""
    out.mkdir(parents=True, exist_ok=True)
    infos = []
    for info, text in corpus(count, seed):
        data = [("\n".join(part) + "\n").encode() for part in _split(text, info.members)]
        path = out / info.name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            for member in data:  # each a complete gzip member, as concatenating writers do
                fh.write(gzip.compress(member, compresslevel=6, mtime=0))
        infos.append(info)
    manifest = {"version": MANIFEST_VERSION, "lines": count, "seed": seed,
                "layouts": {name: " ".join(fields) for name, fields in LAYOUTS.items()},
                "files": [asdict(info) for info in infos]}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return infos


def _split(text: list[str], parts: int) -> list[list[str]]:
    step = -(-len(text) // parts)
    return [text[i:i + step] for i in range(0, len(text), step)] or [[]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="directory to write the files into")
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    infos = write_corpus(args.out, args.lines, args.seed)
    kinds = sorted({i.kind for i in infos})
    print(f"wrote {len(infos)} files, {args.lines} data lines, to {args.out} "
          f"({', '.join(f'{k}: {sum(i.kind == k for i in infos)}' for k in kinds)})")


if __name__ == "__main__":
    main()
