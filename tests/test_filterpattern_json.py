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


def _leaves(value: Any, path: str = "$") -> list[tuple[str, Any]]:
    """Every scalar in a record with its selector (``$.a.b``, ``$.a[0].b``)."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() if isinstance(k, str) and k.isidentifier()
                for leaf in _leaves(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value[:3]) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, value)] if isinstance(value, str | int) and not isinstance(value, bool) \
        else []


def _with_unknown_keys(document: dict[str, Any]) -> dict[str, Any]:
    """The sample's records with keys no spec knows: at the top, inside ``userIdentity`` and
    inside the first element of ``resources`` (AWS adds keys without notice)."""
    for number, record in enumerate(document["Records"]):
        if not isinstance(record, dict):  # (a sample's damaged entries stay as they are)
            continue
        record["zzTop"] = f"top-{number % 3}"
        if isinstance(record.get("userIdentity"), dict):
            record["userIdentity"]["zzInner"] = number % 2
        resources = record.get("resources")
        if isinstance(resources, list) and resources and isinstance(resources[0], dict):
            resources[0]["zzElement"] = {"deep": f"d{number % 2}"}
    return document


@pytest.mark.parametrize("path", TRAILS, ids=[p.name[:40] for p in TRAILS])
def test_any_value_of_a_record_selects_the_same_rows_of_its_table(path: Path) -> None:
    """For each value anywhere in the records (open JSON such as ``requestParameters``, fixed
    shapes, keys the spec does not know, which Arrow keeps in ``_extra``), ``{ $.path = value }``
    selects the same records from the dicts and from the Arrow table, on the expression path
    and on row evaluation."""
    import gzip
    import json

    document = _with_unknown_keys(json.loads(gzip.decompress(path.read_bytes())))
    data = json.dumps(document).encode()
    records = list(awslogparse.iter_records(data, "cloudtrail", errors="skip"))
    table = awslogparse.read_arrow(data, "cloudtrail", errors="skip")
    assert "_extra" in table.schema.names and table.num_rows == len(records)
    seen: set[str] = set()
    for record in records:
        for selector, value in _leaves(record):
            pattern = f"{{ {selector} = {json.dumps(value)} }}"
            if pattern in seen or len(seen) > 150:
                continue
            seen.add(pattern)
            compiled = filterpattern.compile(pattern)
            want = [r["eventID"] for r in compiled.filter(records)]
            assert want, pattern  # (the record it came from)
            assert compiled.filter_table(table).column("eventID").to_pylist() == want, pattern
            assert compiled.filter_rows(table).column("eventID").to_pylist() == want, pattern
    assert any("zzTop" in p for p in seen) and any("zzInner" in p for p in seen)
    assert any("requestParameters" in p for p in seen)
