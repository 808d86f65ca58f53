"""CloudWatch Logs' JSON filter patterns on the JSON formats' records and Arrow tables: the
patterns AWS documents for CloudTrail alarms select what a direct look at the records selects,
on dicts and on Arrow tables alike (nested structs, open JSON kept as text in Arrow)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import awslogparse
from awslogparse import filterpattern

pytest.importorskip("pyarrow")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TRAILS = sorted((SAMPLES / "AWSLogs").glob("*/CloudTrail/*/*/*/*/*.json.gz"))

Check = Callable[[dict[str, Any]], bool]
PATTERNS: list[tuple[str, Check]] = [
    ('{ $.eventName = "ConsoleLogin" }', lambda r: r["eventName"] == "ConsoleLogin"),
    ("{ $.userIdentity.type = Root }", lambda r: r["userIdentity"]["type"] == "Root"),
    ('{ $.errorCode = "*" }', lambda r: r["errorCode"] is not None),
    ('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
     lambda r: (r["errorCode"] or "").endswith("UnauthorizedOperation")
     or (r["errorCode"] or "").startswith("AccessDenied")),
    ('{ $.eventSource = "s3.amazonaws.com" && $.readOnly IS FALSE }',
     lambda r: r["eventSource"] == "s3.amazonaws.com" and r["readOnly"] is False),
    ('{ $.resources[0].type = "AWS::KMS::Key" }',
     lambda r: bool(r["resources"]) and r["resources"][0]["type"] == "AWS::KMS::Key"),
]


def _records() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in TRAILS:
        out += list(awslogparse.iter_records(path, errors="skip"))
    return out


def test_there_are_cloudtrail_samples() -> None:
    assert TRAILS and _records()


@pytest.mark.parametrize(("pattern", "check"), PATTERNS, ids=[p for p, _ in PATTERNS])
def test_json_patterns_on_cloudtrail_records_and_tables(pattern: str, check: Check) -> None:
    records = _records()
    compiled = filterpattern.compile(pattern)
    expected = [r["eventID"] for r in records if check(r)]
    assert [r["eventID"] for r in compiled.filter(records)] == expected
    for path in TRAILS:
        table = awslogparse.read_arrow(path, errors="skip")
        want = [r["eventID"] for r in awslogparse.iter_records(path, errors="skip") if check(r)]
        assert compiled.filter_table(table).column("eventID").to_pylist() == want
