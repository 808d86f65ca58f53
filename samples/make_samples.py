"""Write the sample log files in this folder, and know what each line means.

Deterministic: a fixed seed per file, fixed epoch, gzip with mtime 0. Running it again rewrites a
file only when its decompressed content would change, so the tracked ``.gz`` files stay put.
The flow logs are made here; the load balancer, CloudFront and S3 samples in
``make_http_samples.py`` beside it, whose samples :func:`build` appends.

    python samples/make_samples.py [ROOT]      # default ROOT: the folder this script is in

The generator builds every record as a typed dict first (ints, UTC datetimes, ``None`` for ``-``)
and renders the line from it with its own small formatter, so the records it returns are what it
intended to write, independent of awslogparse. ``tests/golden_regen.py`` turns them into the golden
files that ``tests/test_golden.py`` compares the parser with.

All addresses are private (RFC 1918) or documentation ranges (RFC 5737: 192.0.2.0/24,
198.51.100.0/24, 203.0.113.0/24; RFC 3849: 2001:db8::/32). Account 123456789012 and 210987654321
are AWS's documentation account ids; every other id is made up.
"""

from __future__ import annotations

import gzip
import importlib.util
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

ACCOUNT = "123456789012"
PEER_ACCOUNT = "210987654321"
REGION = "us-east-1"
DAY = "2026/11/21"
EPOCH0 = 1795219200
"""2026-11-21T00:00:00Z."""
assert datetime.fromtimestamp(EPOCH0, UTC) == datetime(2026, 11, 21, tzinfo=UTC)

HERE = Path(__file__).resolve().parent


def names(text: str) -> list[str]:
    """Field names from a space-separated list."""
    return text.split()


# Field versions, restated here (not read from awslogparse) to compute each file's `version`.
FIELD_VERSION: dict[str, int] = {
    **dict.fromkeys(names(
        "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
        "start end action log-status"), 2),
    **dict.fromkeys(
        names("vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr"), 3),
    **dict.fromkeys(names("region az-id sublocation-type sublocation-id"), 4),
    **dict.fromkeys(
        names("pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path"), 5),
    **dict.fromkeys(names(
        "ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id "
        "ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn "
        "ecs-task-arn ecs-task-id"), 7),
    "reject-reason": 8,
}
INT_FIELDS = frozenset(names(
    "version srcport dstport protocol packets bytes tcp-flags traffic-path packets-lost-no-route "
    "packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired"))
TIME_FIELDS = frozenset(("start", "end"))

V2_LAYOUT = names("version account-id interface-id srcaddr dstaddr srcport dstport protocol "
                  "packets bytes start end action log-status")
TGW_LAYOUT = names(
    "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id "
    "tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id "
    "tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr "
    "srcport dstport protocol packets bytes start end log-status type packets-lost-no-route "
    "packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region "
    "flow-direction pkt-src-aws-service pkt-dst-aws-service")
assert len(TGW_LAYOUT) == 36


@dataclass
class Sample:
    """One sample file: its S3 key, its lines, and what they mean."""

    key: str
    """Path relative to samples/ (AWS's own S3 key scheme)."""
    format: str
    title: str
    layout: list[str]
    lines: list[str] = field(default_factory=list)
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    """(1-based line number, intended record with snake_case keys)."""
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    """(line number, reason the parser should give, raw line)."""
    headers: int = 0
    blank: int = 0
    compressed: bool = True
    """gzip on disk, as AWS delivers flow logs."""
    evidence: str = "key pattern and content agree"
    """How detection must say it recognised the file: AWS's key scheme and the header line."""

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".gz").removesuffix(".log")

    def header(self) -> None:
        self.lines.append(" ".join(self.layout))
        self.headers += 1

    def add(self, wire: dict[str, Any]) -> None:
        """Append one record given by wire names; every layout field must be given."""
        missing = [f for f in self.layout if f not in wire]
        unknown = [f for f in wire if f not in self.layout]
        assert not missing and not unknown, (missing, unknown)
        self.lines.append(" ".join(render(f, wire[f]) for f in self.layout))
        record = {f.replace("-", "_"): wire[f] for f in self.layout}
        self.records.append((len(self.lines), record))

    def broken(self, raw: str, reason: str) -> None:
        self.lines.append(raw)
        self.errors.append((len(self.lines), reason, raw))

    def data(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("ascii")

    def stats(self) -> dict[str, int]:
        return {"lines": len(self.records) + len(self.errors), "records": len(self.records),
                "errors": len(self.errors), "headers": self.headers, "blank": self.blank}


def render(name: str, value: Any) -> str:
    """The wire text of one value: what AWS writes."""
    if value is None:
        return "-"
    if name in TIME_FIELDS:
        assert isinstance(value, datetime) and value.tzinfo is UTC
        return str(int(value.timestamp()))
    if name in INT_FIELDS:
        assert isinstance(value, int)
        return str(value)
    assert isinstance(value, str) and value and " " not in value, (name, value)
    return value


def layout_version(layout: Sequence[str]) -> int:
    return max(FIELD_VERSION.get(f, 2) for f in layout)


def key(flow_log: str, stamp: str, digest: str) -> str:
    return (f"AWSLogs/{ACCOUNT}/vpcflowlogs/{REGION}/{DAY}/"
            f"{ACCOUNT}_vpcflowlogs_{REGION}_{flow_log}_{stamp}_{digest}.log.gz")


def ts(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class Clock:
    """Aggregation windows (60 s, as on Nitro) inside one 5-minute delivery period."""

    def __init__(self, rnd: random.Random, period_start: int) -> None:
        self.rnd = rnd
        self.period_start = period_start

    def window(self, minute: int | None = None) -> tuple[datetime, datetime]:
        if minute is None:
            minute = self.rnd.randrange(5)
        base = self.period_start + 60 * minute
        first = base + self.rnd.randrange(0, 20)
        last = base + 60 - self.rnd.randrange(0, 4)
        return ts(first), ts(last)


def tcp(rnd: random.Random, packets: tuple[int, int], size: tuple[int, int]) -> tuple[int, int]:
    """(packets, bytes) with a plausible mean packet size."""
    n = rnd.randint(*packets)
    return n, n * rnd.randint(*size)


def ephemeral(rnd: random.Random) -> int:
    return rnd.randint(32768, 60999)


# ---- the VPC the default-format flow log watches (files a and e)

WEB1 = ("eni-0f1e2d3c4b5a69788", "10.0.1.23")
WEB2 = ("eni-0e2d3c4b5a6978812", "10.0.1.57")
NAT = ("eni-0d3c4b5a697881234", "10.0.0.142")
DB = ("eni-0c4b5a69788123456", "10.0.2.10")
BASTION = ("eni-0b5a6978812345678", "10.0.0.25")
WEB1_V6 = "2001:db8:1234:a101:5a1:b2ff:fe3c:d4e5"
CLIENTS = ["198.51.100.14", "198.51.100.77", "203.0.113.9", "203.0.113.150", "198.51.100.201"]
CLIENT_V6 = "2001:db8:85a3::8a2e:370:7334"
SCANNERS = ["192.0.2.44", "192.0.2.180", "192.0.2.7"]
MIRROR = "203.0.113.200"  # package mirror reached through the NAT gateway


def v2(eni: str, src: str, dst: str, sport: int | None, dport: int | None, proto: int | None,  # noqa: PLR0917
       counts: tuple[int, int] | None, window: tuple[datetime, datetime], action: str | None,
       status: str = "OK") -> dict[str, Any]:
    packets, nbytes = counts if counts else (None, None)
    return {"version": 2, "account-id": ACCOUNT, "interface-id": eni,
            "srcaddr": src if src != "-" else None, "dstaddr": dst if dst != "-" else None,
            "srcport": sport, "dstport": dport, "protocol": proto, "packets": packets,
            "bytes": nbytes, "start": window[0], "end": window[1], "action": action,
            "log-status": status}


def default_flows(rnd: random.Random, clock: Clock, count: int) -> list[dict[str, Any]]:
    """A mix of web, database, NAT, scan and ICMP flows on the default-format VPC."""
    out: list[dict[str, Any]] = []
    kinds = ["https", "https", "https", "db", "nat", "scan", "scan", "icmp"]
    while len(out) < count:
        kind = rnd.choice(kinds)
        win = clock.window()
        eni, ip = rnd.choice((WEB1, WEB2))
        if kind == "https":
            client, port = rnd.choice(CLIENTS), ephemeral(rnd)
            out.append(v2(eni, client, ip, port, 443, 6, tcp(rnd, (6, 40), (60, 240)), win,
                          "ACCEPT"))
            out.append(v2(eni, ip, client, 443, port, 6, tcp(rnd, (8, 90), (600, 1400)), win,
                          "ACCEPT"))
        elif kind == "db":
            port = ephemeral(rnd)
            out.append(v2(DB[0], ip, DB[1], port, 5432, 6, tcp(rnd, (10, 120), (80, 400)), win,
                          "ACCEPT"))
            out.append(v2(DB[0], DB[1], ip, 5432, port, 6, tcp(rnd, (10, 150), (200, 1400)), win,
                          "ACCEPT"))
        elif kind == "nat":
            port = ephemeral(rnd)
            out.append(v2(NAT[0], NAT[1], MIRROR, port, 443, 6, tcp(rnd, (20, 200), (60, 120)),
                          win, "ACCEPT"))
            out.append(v2(NAT[0], MIRROR, NAT[1], 443, port, 6,
                          tcp(rnd, (200, 2000), (1200, 1448)), win, "ACCEPT"))
        elif kind == "scan":
            dport = rnd.choice((22, 22, 3389, 23, 445))
            packets = rnd.randint(1, 3)
            out.append(v2(eni, rnd.choice(SCANNERS), ip, ephemeral(rnd), dport, 6,
                          (packets, packets * rnd.choice((40, 44, 60))), win, "REJECT"))
        else:  # ping: ICMP logs port 0
            out.append(v2(eni, rnd.choice(CLIENTS), ip, 0, 0, 1, (4, 336), win, "ACCEPT"))
    return out[:count]


def sample_default() -> Sample:
    """(a) default v2 format with its header, NODATA / SKIPDATA lines and an IPv6 flow."""
    rnd = random.Random(20261121)
    clock = Clock(rnd, EPOCH0)
    s = Sample(key("fl-0a1b2c3d4e5f67890", "20261121T0000Z", "3f2a9c1b"), "vpcflow",
               "default format (version 2) with header, NODATA, SKIPDATA and IPv6", V2_LAYOUT)
    s.header()
    flows = default_flows(rnd, clock, 26)
    win = clock.window(2)
    port = ephemeral(rnd)
    flows.insert(9, v2(WEB1[0], CLIENT_V6, WEB1_V6, port, 443, 6, (18, 3412), win, "ACCEPT"))
    flows.insert(10, v2(WEB1[0], WEB1_V6, CLIENT_V6, 443, port, 6, (24, 29870), win, "ACCEPT"))
    quiet = clock.window(1)
    flows.insert(4, v2(BASTION[0], "-", "-", None, None, None, None,
                       (quiet[0].replace(second=0), quiet[0].replace(second=59)), None, "NODATA"))
    busy = clock.window(3)
    flows.insert(17, v2(WEB2[0], "-", "-", None, None, None, None, busy, None, "SKIPDATA"))
    for wire in flows:
        s.add(wire)
    return s


def sample_broken() -> Sample:
    """(e) the next file of the same flow log, with two damaged lines."""
    rnd = random.Random(20261122)
    clock = Clock(rnd, EPOCH0 + 300)
    s = Sample(key("fl-0a1b2c3d4e5f67890", "20261121T0005Z", "8d41e07a"), "vpcflow",
               "default format with two damaged lines (a truncated line, a non-numeric port)",
               V2_LAYOUT)
    s.header()
    flows = default_flows(rnd, clock, 20)
    for i, wire in enumerate(flows):
        if i == 6:
            # A record cut off after its source address.
            tokens = [render(f, wire[f]) for f in V2_LAYOUT][:5]
            tokens[4] = tokens[4][: tokens[4].rfind(".") + 1]
            s.broken(" ".join(tokens), f"expected {len(V2_LAYOUT)} fields, got {len(tokens)}")
            continue
        if i == 13:
            # A hand-edited line: a service name where the destination port belongs.
            tokens = [render(f, wire[f]) for f in V2_LAYOUT]
            tokens[V2_LAYOUT.index("dstport")] = "https"
            s.broken(" ".join(tokens), "dstport: not an integer: 'https'")
            continue
        s.add(wire)
    return s


# ---- a second VPC with a custom version-5 format (file b)

APP = ("eni-01a2b3c4d5e6f7089", "10.1.1.20", "i-0123abcd4567ef890", "subnet-0aa11bb22cc33dd44",
       "use1-az2")
APP2 = ("eni-02b3c4d5e6f708192", "10.1.2.31", "i-0fedcba987654321f", "subnet-0bb22cc33dd44ee55",
        "use1-az4")
NATGW = ("eni-03c4d5e6f70819203", "10.1.0.88", None, "subnet-0cc33dd44ee55ff66", "use1-az2")
VPC_B = "vpc-0f9e8d7c6b5a41302"
S3_ADDR = "198.51.100.32"
DDB_ADDR = "198.51.100.96"
API_ADDR = "203.0.113.61"
EIC_ADDR = "192.0.2.118"

V5_LAYOUT = names(
    "version account-id region az-id vpc-id subnet-id instance-id interface-id flow-direction "
    "traffic-path type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr "
    "pkt-src-aws-service pkt-dst-aws-service protocol tcp-flags packets bytes start end action "
    "log-status")


def v5(nic: tuple[str, str, str | None, str, str], direction: str, path: int | None,  # noqa: PLR0917
       src: str, dst: str, sport: int, dport: int, counts: tuple[int, int], flags: int,
       window: tuple[datetime, datetime], *, action: str = "ACCEPT", pkt_src: str | None = None,
       pkt_dst: str | None = None, src_svc: str | None = None, dst_svc: str | None = None,
       proto: int = 6) -> dict[str, Any]:
    eni, _, instance, subnet, az = nic
    return {"version": layout_version(V5_LAYOUT), "account-id": ACCOUNT, "region": REGION,
            "az-id": az, "vpc-id": VPC_B, "subnet-id": subnet, "instance-id": instance,
            "interface-id": eni, "flow-direction": direction, "traffic-path": path,
            "type": "IPv4", "srcaddr": src, "dstaddr": dst, "srcport": sport, "dstport": dport,
            "pkt-srcaddr": pkt_src or src, "pkt-dstaddr": pkt_dst or dst,
            "pkt-src-aws-service": src_svc, "pkt-dst-aws-service": dst_svc, "protocol": proto,
            "tcp-flags": flags, "packets": counts[0], "bytes": counts[1], "start": window[0],
            "end": window[1], "action": action, "log-status": "OK"}


def sample_v5() -> Sample:
    """(b) custom format: v3/v4/v5 fields in an order of our own, with its header."""
    rnd = random.Random(5)
    clock = Clock(rnd, EPOCH0)
    s = Sample(key("fl-07c6d5e4f3a2b1c09", "20261121T0000Z", "b5e6f7a8"), "vpcflow",
               "custom format, version 5 (VPC, subnet, AZ, pkt-*, AWS service, traffic path)",
               V5_LAYOUT)
    s.header()
    assert layout_version(V5_LAYOUT) == 5
    plan = [0, 1, 2, 3, 4] * 2  # every kind of traffic below twice, in a shuffled order
    rnd.shuffle(plan)
    for choice in plan:
        nic = rnd.choice((APP, APP2))
        win, port, ip = clock.window(), ephemeral(rnd), nic[1]
        if choice == 0:  # to S3 through the gateway endpoint (Nitro: traffic path 7)
            s.add(v5(nic, "egress", 7, ip, S3_ADDR, port, 443, tcp(rnd, (30, 400), (80, 1400)),
                     3, win, dst_svc="S3"))
            s.add(v5(nic, "ingress", None, S3_ADDR, ip, 443, port,
                     tcp(rnd, (30, 600), (600, 1448)), 19, win, src_svc="S3"))
        elif choice == 1:  # DynamoDB, also a gateway endpoint
            s.add(v5(nic, "egress", 7, ip, DDB_ADDR, port, 443, tcp(rnd, (8, 60), (90, 600)),
                     3, win, dst_svc="DYNAMODB"))
            s.add(v5(nic, "ingress", None, DDB_ADDR, ip, 443, port,
                     tcp(rnd, (8, 60), (150, 1200)), 19, win, src_svc="DYNAMODB"))
        elif choice == 2:  # to a public API through the NAT gateway
            nat_port = ephemeral(rnd)
            s.add(v5(nic, "egress", 1, ip, API_ADDR, port, 443, tcp(rnd, (10, 80), (80, 500)),
                     3, win))
            s.add(v5(NATGW, "ingress", None, ip, NATGW[1], port, 443,
                     tcp(rnd, (10, 80), (80, 500)), 3, win, pkt_dst=API_ADDR))
            s.add(v5(NATGW, "egress", 8, NATGW[1], API_ADDR, nat_port, 443,
                     tcp(rnd, (10, 80), (80, 500)), 3, win))
            s.add(v5(NATGW, "ingress", None, API_ADDR, NATGW[1], 443, nat_port,
                     tcp(rnd, (12, 120), (300, 1448)), 19, win))
        elif choice == 3:  # app to app inside the VPC (traffic path 1)
            other = APP2 if nic is APP else APP
            s.add(v5(nic, "egress", 1, ip, other[1], port, 8080, tcp(rnd, (6, 50), (80, 900)),
                     3, win))
            s.add(v5(nic, "ingress", None, other[1], ip, 8080, port,
                     tcp(rnd, (6, 50), (200, 1400)), 19, win))
        else:  # SSH through EC2 Instance Connect, and a port scan it rejects
            s.add(v5(nic, "ingress", None, EIC_ADDR, ip, port, 22,
                     tcp(rnd, (40, 300), (60, 200)), 18, win, src_svc="EC2_INSTANCE_CONNECT"))
            s.add(v5(nic, "ingress", None, "10.1.0.77", ip, ephemeral(rnd), 3389, (1, 44), 2,
                     win, action="REJECT"))
    return s


# ---- ECS tasks and VPC Block Public Access: v7 and v8 fields (file c)

V8_LAYOUT = names(
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
    "start end action log-status flow-direction ecs-cluster-name ecs-cluster-arn "
    "ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id "
    "ecs-container-instance-arn ecs-container-instance-id ecs-container-id "
    "ecs-second-container-id reject-reason")
ECS_FIELDS = [f for f in V8_LAYOUT if f.startswith("ecs-")]


@dataclass(frozen=True)
class Task:
    eni: str
    ip: str
    cluster: str
    service: str | None
    family: str
    revision: int
    task_id: str
    container_instance: str | None
    containers: tuple[str, ...]

    def fields(self) -> dict[str, Any]:
        arn = f"arn:aws:ecs:{REGION}:{ACCOUNT}"
        return {
            "ecs-cluster-name": self.cluster,
            "ecs-cluster-arn": f"{arn}:cluster/{self.cluster}",
            "ecs-service-name": self.service,
            "ecs-task-definition-arn": f"{arn}:task-definition/{self.family}:{self.revision}",
            "ecs-task-arn": f"{arn}:task/{self.cluster}/{self.task_id}",
            "ecs-task-id": self.task_id,
            "ecs-container-instance-arn": (
                f"{arn}:container-instance/{self.cluster}/{self.container_instance}"
                if self.container_instance else None),
            "ecs-container-instance-id": self.container_instance,
            "ecs-container-id": self.containers[0],
            "ecs-second-container-id": self.containers[1] if len(self.containers) > 1 else None,
        }


def _hex(rnd: random.Random, digits: int) -> str:
    return f"{rnd.getrandbits(4 * digits):0{digits}x}"


def sample_ecs() -> Sample:
    """(c) custom format with the v7 ECS fields and the v8 reject-reason."""
    rnd = random.Random(7)
    clock = Clock(rnd, EPOCH0)
    s = Sample(key("fl-0e5d4c3b2a1f09876", "20261121T0000Z", "c9d8e7f6"), "vpcflow",
               "custom format, version 8: ECS task metadata (v7) and reject-reason (v8)",
               V8_LAYOUT)
    s.header()
    assert layout_version(V8_LAYOUT) == 8
    fargate_api = Task("eni-0a7b8c9d0e1f20314", "10.2.1.45", "checkout-prod", "checkout-api",
                       "checkout-api", 42, _hex(rnd, 32), None, (_hex(rnd, 64), _hex(rnd, 64)))
    ec2_worker = Task("eni-0b8c9d0e1f2031425", "10.2.2.17", "checkout-prod", "payment-worker",
                      "payment-worker", 7, _hex(rnd, 32), _hex(rnd, 32), (_hex(rnd, 64),))
    batch_job = Task("eni-0c9d0e1f203142536", "10.2.2.88", "nightly-batch", None,
                     "ledger-export", 3, _hex(rnd, 32), None, (_hex(rnd, 64),))
    lb = ("eni-0d0e1f20314253647", "10.2.0.12")  # load balancer node: not an ECS task
    public = ("eni-0e1f2031425364758", "10.2.0.200")  # instance with a public IP, BPA on
    redis = "10.2.3.40"

    def line(eni: str, src: str, dst: str, sport: int, dport: int, counts: tuple[int, int],  # noqa: PLR0917
             direction: str, task: Task | None, win: tuple[datetime, datetime] | None = None,
             action: str = "ACCEPT", reason: str | None = None) -> None:
        win = win or clock.window()
        wire: dict[str, Any] = {
            "version": 8, "account-id": ACCOUNT, "interface-id": eni, "srcaddr": src,
            "dstaddr": dst, "srcport": sport, "dstport": dport, "protocol": 6,
            "packets": counts[0], "bytes": counts[1], "start": win[0], "end": win[1],
            "action": action, "log-status": "OK", "flow-direction": direction,
            "reject-reason": reason}
        wire.update(task.fields() if task else dict.fromkeys(ECS_FIELDS))
        s.add(wire)

    for _ in range(5):
        # load balancer -> Fargate task: seen on the task's ENI both ways and on the LB's ENI
        port, win = ephemeral(rnd), clock.window()
        request, response = tcp(rnd, (6, 30), (90, 500)), tcp(rnd, (6, 40), (300, 1400))
        line(fargate_api.eni, lb[1], fargate_api.ip, port, 8080, request, "ingress", fargate_api,
             win)
        line(fargate_api.eni, fargate_api.ip, lb[1], 8080, port, response, "egress",
             fargate_api, win)
        line(lb[0], lb[1], fargate_api.ip, port, 8080, request, "egress", None, win)
    for _ in range(3):
        port, win = ephemeral(rnd), clock.window()
        line(ec2_worker.eni, ec2_worker.ip, redis, port, 6379, tcp(rnd, (20, 200), (70, 300)),
             "egress", ec2_worker, win)
        line(ec2_worker.eni, redis, ec2_worker.ip, 6379, port, tcp(rnd, (20, 200), (70, 900)),
             "ingress", ec2_worker, win)
    port, win = ephemeral(rnd), clock.window()
    line(batch_job.eni, batch_job.ip, "198.51.100.32", port, 443,
         tcp(rnd, (800, 3000), (1200, 1448)), "egress", batch_job, win)
    line(batch_job.eni, "198.51.100.32", batch_job.ip, 443, port,
         tcp(rnd, (300, 1200), (52, 90)), "ingress", batch_job, win)
    # Internet traffic to an instance in a VPC with Block Public Access: rejected, reason BPA.
    for scanner, dport in (("192.0.2.44", 22), ("203.0.113.77", 443), ("192.0.2.180", 80)):
        line(public[0], scanner, public[1], ephemeral(rnd), dport, (2, 120), "ingress", None,
             action="REJECT", reason="BPA")
    # Rejected by a security group: no reject reason is given.
    line(ec2_worker.eni, "10.2.1.99", ec2_worker.ip, ephemeral(rnd), 22, (1, 60), "ingress",
         ec2_worker, action="REJECT")
    return s


# ---- Transit Gateway flow log, default format (file d)

TGW = "tgw-0a1b2c3d4e5f60789"


@dataclass(frozen=True)
class Attachment:
    id: str | None
    account: str | None
    vpc: str | None
    subnet: str | None
    eni: str | None
    az: str | None


PROD = Attachment("tgw-attach-0a1b2c3d4e5f60001", ACCOUNT, "vpc-0a1b2c3d4e5f60718",
                  "subnet-0b22c33d44e55f667", "eni-0aa1bb2cc3dd4ee51", "use1-az2")
SHARED = Attachment("tgw-attach-0a1b2c3d4e5f60002", PEER_ACCOUNT, "vpc-0c5d6e7f8a9b01234",
                    "subnet-0d66e77f88a99b001", "eni-0bb2cc3dd4ee5ff62", "use1-az1")
ANALYTICS = Attachment("tgw-attach-0a1b2c3d4e5f60003", ACCOUNT, VPC_B,
                       "subnet-0aa11bb22cc33dd44", "eni-0cc3dd4ee5ff60a73", "use1-az2")
VPN = Attachment("tgw-attach-0a1b2c3d4e5f60004", None, None, None, None, None)
NO_ROUTE = Attachment(None, None, None, None, None, None)


def sample_tgw() -> Sample:
    """(d) Transit Gateway flow log, default format (36 fields) with its header."""
    rnd = random.Random(6)
    clock = Clock(rnd, EPOCH0)
    s = Sample(key("fl-0c1d2e3f4a5b6c7d8", "20261121T0000Z", "1a2b3c4d"), "tgwflow",
               "Transit Gateway flow log, default format (36 fields, version 6)", TGW_LAYOUT)
    s.header()
    hosts = {PROD: ["10.0.1.23", "10.0.1.57"], SHARED: ["10.20.4.11", "10.20.4.53"],
             ANALYTICS: ["10.1.1.20", "10.1.2.31"], VPN: ["172.16.8.14", "172.16.9.30"]}
    services = [(SHARED, 53, 17), (SHARED, 443, 6), (SHARED, 389, 6), (ANALYTICS, 5432, 6),
                (PROD, 443, 6)]

    def flow(src: Attachment, dst: Attachment, here: Attachment, direction: str,  # noqa: PLR0917
             addrs: tuple[str, str], ports: tuple[int, int], proto: int,
             counts: tuple[int, int], win: tuple[datetime, datetime], flags: int,
             lost: tuple[int, int, int, int] = (0, 0, 0, 0)) -> None:
        pair = dst if here is src else src
        s.add({
            "version": 6, "resource-type": "TransitGatewayAttachment", "account-id": ACCOUNT,
            "tgw-id": TGW, "tgw-attachment-id": here.id,
            "tgw-src-vpc-account-id": src.account, "tgw-dst-vpc-account-id": dst.account,
            "tgw-src-vpc-id": src.vpc, "tgw-dst-vpc-id": dst.vpc,
            "tgw-src-subnet-id": src.subnet, "tgw-dst-subnet-id": dst.subnet,
            "tgw-src-eni": src.eni, "tgw-dst-eni": dst.eni,
            "tgw-src-az-id": src.az, "tgw-dst-az-id": dst.az,
            "tgw-pair-attachment-id": pair.id, "srcaddr": addrs[0], "dstaddr": addrs[1],
            "srcport": ports[0], "dstport": ports[1], "protocol": proto,
            "packets": counts[0], "bytes": counts[1], "start": win[0], "end": win[1],
            "log-status": "OK", "type": "IPv4", "packets-lost-no-route": lost[0],
            "packets-lost-blackhole": lost[1], "packets-lost-mtu-exceeded": lost[2],
            "packets-lost-ttl-expired": lost[3], "tcp-flags": flags, "region": REGION,
            "flow-direction": direction, "pkt-src-aws-service": None,
            "pkt-dst-aws-service": None})

    for _ in range(7):
        dst, dport, proto = rnd.choice(services)
        src = rnd.choice([a for a in (PROD, ANALYTICS, VPN) if a is not dst])
        addrs = (rnd.choice(hosts[src]), rnd.choice(hosts[dst]))
        sport, win = ephemeral(rnd), clock.window()
        if proto == 17:
            counts, reply, flags = (2, 146), (2, 290), 0
        else:
            counts = tcp(rnd, (10, 300), (70, 600))
            reply = tcp(rnd, (10, 400), (200, 1400))
            flags = 3
        # Each flow crosses two attachments: logged as it enters and as it leaves the TGW,
        # and likewise its reply.
        for here, direction in ((src, "ingress"), (dst, "egress")):
            flow(src, dst, here, direction, addrs, (sport, dport), proto, counts, win, flags)
        for here, direction in ((dst, "ingress"), (src, "egress")):
            flow(dst, src, here, direction, (addrs[1], addrs[0]), (dport, sport), proto, reply,
                 win, 19 if flags else 0)
    # Drops: a blackhole route to a retired subnet, an MTU problem over the VPN, no route.
    win = clock.window(3)
    flow(PROD, SHARED, PROD, "ingress", ("10.0.1.23", "10.20.9.5"), (ephemeral(rnd), 443), 6,
         (12, 720), win, 2, lost=(0, 12, 0, 0))
    flow(VPN, ANALYTICS, VPN, "ingress", ("172.16.8.14", "10.1.1.20"), (ephemeral(rnd), 5432), 6,
         (9, 12600), win, 18, lost=(0, 0, 3, 0))
    flow(ANALYTICS, NO_ROUTE, ANALYTICS, "ingress", ("10.1.2.31", "172.31.250.4"),
         (ephemeral(rnd), 22), 6, (3, 180), win, 2, lost=(3, 0, 0, 0))
    return s


SIBLINGS = ("make_http_samples", "make_cloudtrail_samples", "make_security_samples",
            "make_dns_samples", "make_cloudwatch_samples", "make_gateway_samples",
            "make_service_samples", "make_parquet_samples")
"""Generators beside this one whose samples :func:`build` appends, in this order."""


def http_samples(name: str = "make_http_samples") -> ModuleType:
    """A generator module beside this file (``make_http_samples.py`` by default), loaded by path
    (samples/ is not a package and may not be on ``sys.path``) and without writing bytecode, so
    no ``__pycache__`` appears among the samples for the demo to mistake for a log."""
    loaded = sys.modules.get(name)
    if loaded is not None and getattr(loaded, "__file__", None) == str(HERE / f"{name}.py"):
        return loaded
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def build() -> list[Any]:
    """Every sample, in the order the README lists them: the flow logs (a) to (e), then the
    load balancer, CloudFront and S3 samples (f) to (m), then the JSON formats' samples."""
    samples = [sample_default(), sample_v5(), sample_ecs(), sample_tgw(), sample_broken()]
    for s in samples:
        versions = {rec.get("version") for _, rec in s.records}
        expected = 6 if s.format == "tgwflow" else layout_version(s.layout)
        assert versions == {expected}, (s.key, versions)
        for _, rec in s.records:  # plausible counts: 40 to 1500 bytes a packet
            if rec.get("packets") is not None:
                assert 40 * rec["packets"] <= rec["bytes"] <= 1500 * rec["packets"], rec
            start, end = rec.get("start"), rec.get("end")
            assert start is None or start <= end
    others: list[Any] = [s for name in SIBLINGS for s in http_samples(name).build()]
    keys = [s.key for s in [*samples, *others]]
    assert len(set(keys)) == len(keys)
    return [*samples, *others]


def stored(sample: Any) -> bytes:
    """A sample's bytes on disk: its generator's own (``stored()``: a Firehose object's gzip
    members, one per record), else gzip (mtime 0) or plain text."""
    own = getattr(sample, "stored", None)
    if callable(own):
        exact: bytes = own()
        return exact
    data: bytes = sample.data()
    return gzip.compress(data, mtime=0) if sample.compressed else data


def read_back(sample: Any, path: Path) -> bytes:
    """The text of a sample file on disk, decompressed if the sample is gzip."""
    raw = path.read_bytes()
    return gzip.decompress(raw) if sample.compressed else raw


def write(root: Path, samples: list[Any] | None = None,
          log: Callable[[str], None] | None = print) -> list[Path]:
    """Write every sample under ``root``; unchanged files are left alone. Returns the paths."""
    paths = []
    for s in samples or build():
        path = root / s.key
        paths.append(path)
        if path.exists() and read_back(s, path) == s.data():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(stored(s))
        if log:
            log(f"wrote {path} ({s.stats().get('units', s.stats().get('lines'))} units)")
    return paths


if __name__ == "__main__":
    write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
