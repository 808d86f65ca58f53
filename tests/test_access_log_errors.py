"""Bad input in the HTTP access log formats: every bad line is a LineError with its line number,
the rest is read, and ``records + errors == lines`` holds on both paths."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from typing import Any

import pytest

import awslogparse
from awslogparse.specs import load_spec

pytest.importorskip("pyarrow")

ALB = load_spec("alb").examples[0]["line"]
"""AWS's first documented ALB example (a well-formed line)."""


def _read_both(data: bytes, fmt: str) -> tuple[list[dict[str, Any]], list[tuple[int | None, str]]]:
    it = awslogparse.iter_records(data, fmt, errors="collect")
    records = list(it)
    assert it.stats.records + it.stats.errors == it.stats.lines
    batches = awslogparse.iter_batches(data, fmt, errors="collect")
    rows = sum(b.num_rows for b in batches)
    errors = [(e.line, e.reason) for e in it.errors]
    assert rows == len(records)
    assert [(e.line, e.reason) for e in batches.errors] == errors
    return records, errors


@pytest.mark.parametrize(("bad", "reason"), [
    (" ".join(ALB.split(" ")[:8]), "expected at least 20 fields, got 8"),
    (ALB.replace('"GET', "GET", 1), "unbalanced double quote"),
    (ALB.replace(" 200 200 ", " 2OO 200 ", 1), "elb_status_code: not an integer: '2OO'"),
    (ALB.replace("Root=", "Ro\x00ot=", 1), "NUL byte"),
])
def test_each_bad_alb_line_is_one_error(bad: str, reason: str) -> None:
    data = "\n".join([ALB, bad, ALB]).encode() + b"\n"
    records, errors = _read_both(data, "alb")
    assert len(records) == 2
    assert len(errors) == 1 and errors[0][0] == 2 and reason in errors[0][1]


def test_a_2_mb_line_is_an_error_and_the_rest_is_read() -> None:
    huge = ALB.replace(" \"", " \"" + "x" * (2 << 20), 1)
    data = gzip.compress("\n".join([ALB, huge, ALB]).encode() + b"\n")
    records, errors = _read_both(data, "alb")
    assert len(records) == 2
    assert errors[0][0] == 2 and "exceeds the line limit" in errors[0][1]


def test_headerless_cloudfront_uses_the_default_order_when_the_count_fits() -> None:
    example = next(e for e in load_spec("cloudfront").examples if e.get("header"))
    line = example["line"]
    short = "\t".join(line.split("\t")[:10])
    records, errors = _read_both(f"{line}\n{short}\n".encode(), "cloudfront")
    assert len(records) == 1
    assert errors == [(2, "expected at least 23 fields, got 10")]
    for key, value in example["expected"].items():
        assert records[0][key] == value


S3_LINE = (b"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be bkt "
           b"[21/Nov/2026:00:05:18 +0000] 10.0.2.87 - 8F8DAF85ABA2D17B REST.GET.OBJECT k "
           b'"GET /k HTTP/1.1" 200 - 5 5 1 1 "-" "-" -\n')
"""An S3 access log line: its time, ``21/Nov/2026:00:05:18 +0000``, is cached as read."""


def test_a_time_another_format_read_is_not_taken_for_a_cloudfront_date_and_time() -> None:
    # CloudFront's date and time columns joined make the S3 line's time: not a CloudFront time,
    # whatever the process read before (the two wire forms shared one cache, which generated
    # code asked before checking the form).
    cloudfront = (b"#Version: 1.0\n#Fields: date time c-ip sc-status\n"
                  b"21/Nov/2026:00:05:18\t+0000\t1.2.3.4\t200\n")
    reason = "date: not a YYYY-MM-DD HH:MM:SS timestamp: '21/Nov/2026:00:05:18 +0000'"
    assert [r["time"] for r in awslogparse.iter_records(S3_LINE, "s3access")] == [
        datetime(2026, 11, 21, 0, 5, 18, tzinfo=UTC)]
    for _ in range(2):  # (and a second time: the first may have cached something)
        records, errors = _read_both(cloudfront, "cloudfront")
        assert records == []
        assert errors == [(3, reason)]


def test_a_cloudfront_date_and_time_is_not_taken_for_an_s3_time() -> None:
    cloudfront = (b"#Version: 1.0\n#Fields: date time c-ip sc-status\n"
                  b"2026-11-21\t00:05:18\t1.2.3.4\t200\n")
    assert len(_read_both(cloudfront, "cloudfront")[0]) == 1
    line = S3_LINE.replace(b"[21/Nov/2026:00:05:18 +0000]", b"[2026-11-21 00:05:18]")
    records, errors = _read_both(line, "s3access")
    assert records == []
    assert len(errors) == 1 and "2026-11-21 00:05:18" in errors[0][1]
