"""Conformance: Route 53 public DNS query logs (space-separated lines in CloudWatch Logs).

AWS's documented example log lives in ``formats/route53_public.toml`` (``[[examples]]``, run on
both paths by tests/test_conformance.py). Here, elastic/integrations' fixture (sources in
tests/conformance/SOURCES_route53_public.md), which repeats those five lines with other IPv4
resolvers, is read the ways these logs reach a reader: a file of bare lines, the log events of
CloudWatch Logs subscription payloads, and a CloudWatch Logs export; every way must give the
same values, and none may need a key pattern (Route 53 writes nothing to S3 itself).
"""

from __future__ import annotations

import base64
import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import awslogparse
from awslogparse.specs import load_spec

FIXTURE = Path(__file__).parent / "conformance" / "elastic" / "route53_public-test-route53.log"
FORMAT = "route53_public"
ZONE = "Z123412341234"
Record = dict[str, Any]


def utc(second: int, millisecond: int, minute: int = 16) -> datetime:
    """A moment of 2017-12-13 08:MM:SS.mmm UTC, the day of AWS's example."""
    return datetime(2017, 12, 13, 8, minute, second, millisecond * 1000, tzinfo=UTC)


# The values each fixture line must give: (time, name, type, code, protocol, edge, resolver,
# subnet). AWS's example lines, with the fixture's resolver addresses.
EXPECTED: list[tuple[datetime, str, str, str, str, str, str, str | None]] = [
    (utc(2, 130), "example.com", "A", "NOERROR", "UDP", "FRA6", "55.36.5.7", None),
    (utc(50, 235, 15), "example.com", "AAAA", "NOERROR", "TCP", "IAD12", "55.36.5.7",
     "192.168.222.0/24"),
    (utc(3, 983), "example.com", "ANY", "NOERROR", "UDP", "FRA6", "2001:db8::1234",
     "2001:db8:abcd::/48"),
    (utc(50, 342, 15), "bad.example.com", "A", "NXDOMAIN", "UDP", "IAD12", "55.36.5.7",
     "192.168.111.0/24"),
    (utc(5, 744), "txt.example.com", "TXT", "NOERROR", "UDP", "JFK5", "55.36.5.7", None),
]
NAMES = ("query_timestamp", "query_name", "query_type", "response_code", "protocol",
         "edge_location", "resolver_ip", "edns_client_subnet")


def lines() -> list[str]:
    return FIXTURE.read_text().splitlines()


def own(record: Record) -> Record:
    """The query log fields of a record (without what a container adds)."""
    return {name: record[name] for name in load_spec(FORMAT).schema.names}


def check_values(records: list[Record]) -> None:
    """The fixture's five lines, field by field."""
    assert len(records) == len(EXPECTED)
    for record, want in zip(records, EXPECTED, strict=True):
        assert record["version"] == "1.0" and record["hosted_zone_id"] == ZONE
        assert tuple(record[name] for name in NAMES) == want, record
        stamp = record["query_timestamp"]
        assert isinstance(stamp, datetime) and stamp.utcoffset() is not None
        assert not stamp.utcoffset()


# ---- the file of bare lines -------------------------------------------------------------------


def test_fixture_lines_parse_to_aws_values() -> None:
    it = awslogparse.iter_records(FIXTURE, FORMAT, errors="collect")
    records = list(it)
    assert not it.errors and it.stats.units == it.stats.records == 5
    check_values(records)
    assert records[2]["resolver_ip"] == "2001:db8::1234"  # an IPv6 resolver
    assert [r["edns_client_subnet"] is None for r in records] == [True, False, False, False, True]
    assert [r["query_name"] for r in records if r["response_code"] == "NXDOMAIN"] == \
        ["bad.example.com"]
    assert records[0]["query_timestamp"].microsecond == 130_000  # milliseconds kept


def test_fixture_is_recognised_by_content_alone() -> None:
    detection = awslogparse.detect(FIXTURE.name, FIXTURE.read_bytes())
    assert detection.format == FORMAT
    assert detection.reason.startswith("content: lines fit the route53_public layout")
    it = awslogparse.iter_records(FIXTURE, errors="collect")
    check_values(list(it))
    assert it.stats.format == FORMAT and it.stats.detected_by.startswith("content:")


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "reference"])
def test_arrow_rows_equal_the_records(fast: bool) -> None:
    records = list(awslogparse.iter_records(FIXTURE, FORMAT))
    table = awslogparse.read_arrow(FIXTURE, FORMAT, fast=fast)
    assert table.schema.names[:10] == list(load_spec(FORMAT).default_layout)
    assert str(table.schema.field("query_timestamp").type).startswith("timestamp")
    rows = table.to_pylist()
    assert [own(row) for row in rows] == [own(r) for r in records]
    check_values(rows)


def test_a_line_cut_short_is_an_error_not_a_shorter_record() -> None:
    cut = " ".join(lines()[1].split()[:6])
    it = awslogparse.iter_records(f"{lines()[0]}\n{cut}\n".encode(), FORMAT, errors="collect")
    assert len(list(it)) == 1
    assert [(e.line, e.reason, e.raw) for e in it.errors] == \
        [(2, "expected at least 10 fields, got 6", cut)]


# ---- CloudWatch Logs: subscription payloads and exports ---------------------------------------


def envelope(group: str, stream: str, messages: list[tuple[int, str]]) -> dict[str, Any]:
    """A subscription filter's envelope: (epoch ms, message) log events of one stream."""
    return {"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": group,
            "logStream": stream, "subscriptionFilters": ["dns-to-firehose"],
            "logEvents": [{"id": f"3{i:055d}", "timestamp": when, "message": message}
                          for i, (when, message) in enumerate(messages)]}


def by_stream(group: str, stream_of: Any) -> tuple[bytes, list[str]]:
    """The fixture as Route 53 sends it: one envelope per edge location's log stream, gzip
    members back to back (as Firehose writes them). Returns the bytes and the order of the
    lines in them."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for line in lines():
        stamp = awslogparse.parse_line(line, FORMAT)["query_timestamp"]
        edge = line.split()[7]
        groups.setdefault(edge, []).append((int(stamp.timestamp() * 1000), line))
    data = b"".join(gzip.compress(json.dumps(envelope(group, stream_of(edge), events)).encode(),
                                  mtime=0) for edge, events in groups.items())
    return data, [line for events in groups.values() for _, line in events]


@pytest.mark.parametrize(("group", "stream_of"), [
    ("/aws/route53/example.com", lambda edge: f"{ZONE}/{edge}"),  # AWS's naming
    ("dns-queries", lambda edge: f"edge-{edge.lower()}"),  # names that say nothing
], ids=["aws-naming", "content-only"])
def test_subscription_payload_events_are_route53_records(group: str, stream_of: Any) -> None:
    data, order = by_stream(group, stream_of)
    it = awslogparse.iter_records(data, errors="collect")
    records = list(it)
    assert it.stats.format == "cloudwatch" and not it.errors
    assert it.stats.containers == 3 and it.stats.records == 5
    assert {r["_format"] for r in records} == {FORMAT}
    assert all(r["log_group"] == group for r in records)
    assert [r["log_stream"] for r in records] == \
        [stream_of(line.split()[7]) for line in order]
    # the event time is the query time here; both are UTC datetimes
    assert all(r["event_timestamp"] == r["query_timestamp"] for r in records)
    bare = {line: awslogparse.parse_line(line, FORMAT) for line in lines()}
    assert [own(r) for r in records] == [bare[line] for line in order]
    for record, line in zip(records, order, strict=True):
        assert tuple(record[name] for name in NAMES) == EXPECTED[lines().index(line)]


def test_lambda_event_carries_the_same_records() -> None:
    data, order = by_stream("/aws/route53/example.com", lambda edge: f"{ZONE}/{edge}")
    event = json.dumps({"awslogs": {"data": base64.b64encode(data).decode()}}).encode()
    records = list(awslogparse.iter_records(event))
    assert [r["_format"] for r in records] == [FORMAT] * 5
    assert [r["query_name"] for r in records] == [line.split()[3] for line in order]


def test_export_files_lines_are_route53_records() -> None:
    """One export object per log stream, so per edge location, each read on its own."""
    records: dict[str, Record] = {}
    for edge in ("FRA6", "IAD12", "JFK5"):
        mine = [line for line in lines() if line.split()[7] == edge]
        body = "".join(f"{line.split()[1]} {line}\n" for line in mine)
        key = f"exports/route53/0b9f3c1e-5d2a-4c7e-9a41-7f6e2d8c0b35/{ZONE}/{edge}/000000.gz"
        it = awslogparse.iter_records(gzip.compress(body.encode(), mtime=0), name=key,
                                      errors="collect")
        got = list(it)
        assert it.stats.format == "cloudwatch_export" and not it.errors
        assert it.stats.detected_by.startswith("key pattern and content agree")
        assert [r["_format"] for r in got] == [FORMAT] * len(mine)
        assert all(r["event_timestamp"] == r["query_timestamp"] for r in got)
        records.update(zip(mine, got, strict=True))
    check_values([records[line] for line in lines()])
