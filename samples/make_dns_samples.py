"""Sample files for Route 53 public DNS query logs, and what they mean.

Route 53 delivers these logs to CloudWatch Logs only, one log stream per hosted zone and edge
location (named ``<hosted zone id>/<edge location>``), so what reaches S3 is a CloudWatch Logs
export: one gzip object per log stream under ``<prefix>/<export task id>/<log stream>/``, each line
the event's time (ISO 8601 UTC, milliseconds), a space and the query log line. The samples are one
export task of the log group ``/aws/route53/example.com`` with three log streams (three edge
locations); a file holds one stream, so one zone and one edge location.

The same rules hold as for the other sample generators: every record is built first as typed
values (UTC datetimes, ``None`` for ``-``), then its line is rendered by the small formatters
below, never by awslogparse. A record is what the library returns for an export line whose message
is a Route 53 query log line: the query log fields, then ``event_timestamp`` and ``_format``. We
take the event time to be the query time (AWS does not say). The damaged line records the exact
reason the parser gives. Loaded by ``make_samples.py`` like its siblings (``build()``).

Resolvers and EDNS client subnets are documentation addresses (RFC 5737, RFC 3849); the hosted
zone id and the export task id are made up; the edge locations are the codes of AWS's examples.
Response codes other than NOERROR and NXDOMAIN (the ones AWS's examples show) are illustrative.

    python samples/make_dns_samples.py [--out DIR]     # default DIR: the folder of this script
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

Record = dict[str, Any]

HERE = Path(__file__).resolve().parent
T0 = datetime(2026, 11, 21, tzinfo=UTC)
EVIDENCE = "key pattern and content agree"
FORMAT = "route53_public"
"""The inner format: each record's ``_format``."""
EXPORT = "cloudwatch_export"
"""The format of the files: what detection must report."""
ZONE = "example.com"
ZONE_ID = "Z0EXAMPLE1A2B3C4D5E6F"
LOG_GROUP = f"/aws/route53/{ZONE}"
"""The log group the export task read (AWS's recommended prefix); it is not in the files."""
PREFIX = "exports/route53"
"""The S3 prefix the export task was given."""
LAYOUT = ("version", "query_timestamp", "hosted_zone_id", "query_name", "query_type",
          "response_code", "protocol", "edge_location", "resolver_ip", "edns_client_subnet")
"""Query log columns in AWS's order, restated here (not read from awslogparse)."""
CUT_REASON = f"{FORMAT}: expected at least 10 fields, got 6"
"""What the export reader says of a line whose message was cut after six columns."""


@dataclass
class Sample:
    """One sample file: its key under samples/, its lines, and what they mean (the same
    interface as ``make_samples.Sample``)."""

    key: str
    format: str
    title: str
    label: str
    """The golden file's name: every export object is called ``000000.gz``."""
    compressed: bool = True
    evidence: str = EVIDENCE
    """How detection must say it recognised the file (the start of ``detected_by``)."""
    lines: list[str] = field(default_factory=list)
    records: list[tuple[int, Record]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    headers: int = 0
    blank: int = 0

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        return self.label

    def add(self, line: str, record: Record) -> None:
        assert "\n" not in line and "\r" not in line, line
        self.lines.append(line)
        self.records.append((len(self.lines), record))

    def broken(self, raw: str, reason: str) -> None:
        assert "\n" not in raw, raw
        self.lines.append(raw)
        self.errors.append((len(self.lines), reason, raw))

    def data(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("ascii")

    def stats(self) -> dict[str, int]:
        return {"lines": len(self.records) + len(self.errors), "records": len(self.records),
                "errors": len(self.errors), "headers": self.headers, "blank": self.blank}


# ---- values -> wire text --------------------------------------------------------------------


def iso_ms(value: datetime) -> str:
    """Route 53 and the export: ISO 8601 UTC with milliseconds and ``Z``."""
    assert value.tzinfo is UTC and not value.microsecond % 1000, value
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


def plain(value: Any) -> str:
    """One column: ``-`` for null; never blank inside."""
    if value is None:
        return "-"
    text = iso_ms(value) if isinstance(value, datetime) else str(value)
    assert text and not any(c.isspace() for c in text), text
    return text


def query_line(record: Record) -> str:
    """A Route 53 query log line: the ten columns, single spaces."""
    return " ".join(plain(record[name]) for name in LAYOUT)


def export_line(record: Record) -> str:
    """An export line: the event time, a space, the message."""
    return f"{iso_ms(record['event_timestamp'])} {query_line(record)}"


# ---- the traffic ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolver:
    """A DNS resolver that queries Route 53, and the client subnet it passes on (if any)."""

    ip: str
    subnet: str | None = None


# Public resolvers near each edge location: with EDNS client subnet (v4 and v6) and without.
IAD_V4_ECS = Resolver("192.0.2.53", "198.51.100.0/24")
IAD_V4 = Resolver("203.0.113.10")
IAD_V6_ECS = Resolver("2001:db8:53::1", "2001:db8:4a00::/56")
FRA_V4_ECS = Resolver("192.0.2.153", "203.0.113.128/25")
FRA_V6 = Resolver("2001:db8:1f0::35")
JFK_V4 = Resolver("198.51.100.250")
JFK_V6_ECS = Resolver("2001:db8:77::53", "2001:db8:c0de::/48")

Query = tuple[float, str, str, str, str, Resolver]
"""Seconds after T0, query name, type, response code, protocol, resolver."""

STREAMS: dict[str, list[Query]] = {
    # Ashburn: the busiest stream; line 7 is cut short (see ``CUT_AT``).
    "IAD12": [
        (12.204, "www.example.com", "A", "NOERROR", "UDP", IAD_V4_ECS),
        (12.207, "www.example.com", "AAAA", "NOERROR", "UDP", IAD_V4_ECS),
        (48.931, "example.com", "MX", "NOERROR", "UDP", IAD_V4),
        (95.016, "example.com", "TXT", "NOERROR", "UDP", IAD_V6_ECS),
        (95.088, "example.com", "TXT", "NOERROR", "TCP", IAD_V6_ECS),  # truncated, retried
        (131.540, "api.example.com", "CNAME", "NOERROR", "UDP", IAD_V4_ECS),
        (131.562, "api.example.com", "A", "NOERROR", "UDP", IAD_V4_ECS),
        (187.303, "wpad.example.com", "A", "NXDOMAIN", "UDP", IAD_V4),
        (243.777, "legacy.example.com", "A", "SERVFAIL", "UDP", IAD_V6_ECS),
        (302.120, "example.com", "ANY", "NOERROR", "TCP", IAD_V4),
        (377.458, "mail.example.com", "AAAA", "NOERROR", "UDP", IAD_V6_ECS),
    ],
    # Frankfurt: IPv6 resolver without subnet, a refused zone transfer over TCP.
    "FRA6": [
        (20.655, "www.example.com", "AAAA", "NOERROR", "UDP", FRA_V6),
        (20.671, "www.example.com", "A", "NOERROR", "UDP", FRA_V6),
        (76.092, "example.com", "MX", "NOERROR", "UDP", FRA_V4_ECS),
        (141.338, "example.com", "AXFR", "REFUSED", "TCP", FRA_V4_ECS),
        (199.874, "old-shop.example.com", "CNAME", "NXDOMAIN", "UDP", FRA_V4_ECS),
        (260.419, "_dmarc.example.com", "TXT", "NOERROR", "UDP", FRA_V6),
        (333.006, "cdn.example.com", "CNAME", "NOERROR", "UDP", FRA_V4_ECS),
    ],
    # New York: ANY over UDP and TCP, a mail server lookup, a missing name.
    "JFK5": [
        (33.117, "example.com", "ANY", "NOERROR", "UDP", JFK_V4),
        (57.480, "example.com", "MX", "NOERROR", "TCP", JFK_V6_ECS),
        (118.262, "www.example.com", "A", "NOERROR", "UDP", JFK_V6_ECS),
        (205.913, "test.example.com", "TXT", "NXDOMAIN", "UDP", JFK_V4),
        (289.640, "api.example.com", "AAAA", "NOERROR", "UDP", JFK_V6_ECS),
        (356.025, "www.example.com", "CNAME", "NOERROR", "TCP", JFK_V4),
    ],
}
CUT_AT = ("IAD12", 7)
"""The stream and line whose message is cut after its sixth column."""


def at(seconds: float) -> datetime:
    """A moment ``seconds`` after T0, to the millisecond."""
    return T0 + timedelta(milliseconds=round(seconds * 1000))


def record_of(query: Query, edge: str) -> Record:
    """The typed record an export line of this query gives."""
    seconds, name, qtype, rcode, protocol, resolver = query
    when = at(seconds)
    values: Record = {
        "version": "1.0", "query_timestamp": when, "hosted_zone_id": ZONE_ID,
        "query_name": name, "query_type": qtype, "response_code": rcode, "protocol": protocol,
        "edge_location": edge, "resolver_ip": resolver.ip,
        "edns_client_subnet": resolver.subnet}
    assert tuple(values) == LAYOUT
    return {**values, "event_timestamp": when, "_format": FORMAT}


def task_id() -> str:
    """The export task's id: a UUID, fixed by the seed."""
    return str(uuid.UUID(int=random.Random(2611210053).getrandbits(128), version=4))


def sample_stream(task: str, edge: str, queries: Sequence[Query]) -> Sample:
    """One log stream's export object."""
    stream = f"{ZONE_ID}/{edge}"
    s = Sample(f"{PREFIX}/{task}/{stream}/000000.gz", EXPORT,
               f"CloudWatch Logs export of Route 53 query logs, log stream {stream}",
               f"route53-export-{ZONE_ID}-{edge}")
    for number, query in enumerate(sorted(queries, key=lambda q: q[0]), 1):
        record = record_of(query, edge)
        line = export_line(record)
        if (edge, number) == CUT_AT:  # the message ends after its sixth column
            stamp, message = line.split(" ", 1)
            s.broken(f"{stamp} {' '.join(message.split(' ')[:6])}", CUT_REASON)
            continue
        s.add(line, record)
    return s


def build() -> list[Sample]:
    """The three export objects of one task, Ashburn, Frankfurt then New York."""
    task = task_id()
    samples = [sample_stream(task, edge, queries) for edge, queries in STREAMS.items()]
    check(samples)
    return samples


def check(samples: Sequence[Sample]) -> None:
    """What the module docstring and the lead's brief promise for these files."""
    records = [r for s in samples for _, r in s.records]
    assert 20 <= len(records) + sum(len(s.errors) for s in samples) <= 30
    assert {r["query_type"] for r in records} >= {"A", "AAAA", "CNAME", "MX", "TXT", "ANY"}
    assert {r["response_code"] for r in records} >= {"NOERROR", "NXDOMAIN", "SERVFAIL",
                                                     "REFUSED"}
    assert {r["protocol"] for r in records} == {"UDP", "TCP"}
    assert any(":" in r["resolver_ip"] for r in records)
    assert any(":" not in r["resolver_ip"] for r in records)
    assert any(r["edns_client_subnet"] is None for r in records)
    assert any(":" in (r["edns_client_subnet"] or "") for r in records)
    assert any("." in (r["edns_client_subnet"] or "") for r in records)
    assert [len(s.errors) for s in samples] == [1, 0, 0]
    for s in samples:  # one stream a file: one zone, one edge location, times in order
        mine = [r for _, r in s.records]
        assert len({(r["hosted_zone_id"], r["edge_location"]) for r in mine}) == 1
        times = [r["query_timestamp"] for r in mine]
        assert times == sorted(times) and all(T0 <= t < T0 + timedelta(hours=1) for t in times)
        units = sorted([n for n, _ in s.records] + [n for n, _, _ in s.errors])
        assert units == list(range(1, len(s.lines) + 1)), s.key
    assert len({s.stem for s in samples}) == len(samples)


# ---- writing ------------------------------------------------------------------------------------


def stored(sample: Sample) -> bytes:
    """A sample's bytes on disk: gzip with mtime 0 (reproducible)."""
    data = sample.data()
    return gzip.compress(data, mtime=0) if sample.compressed else data


def write(root: Path, samples: list[Sample] | None = None) -> list[Path]:
    """Write these samples under ``root``; files whose content is unchanged are left alone."""
    paths = []
    for s in samples or build():
        path = root / s.key
        paths.append(path)
        if path.exists():
            raw = path.read_bytes()
            if (gzip.decompress(raw) if s.compressed else raw) == s.data():
                continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(stored(s))
        print(f"wrote {path} ({len(s.lines)} lines)")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write the sample tree under (default: samples/)")
    args = parser.parse_args(argv)
    write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
