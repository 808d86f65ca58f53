"""Bad input in the HTTP access log formats: every bad line is a LineError with its line number,
the rest is read, and ``records + errors == lines`` holds on both paths."""

from __future__ import annotations

import gzip
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
