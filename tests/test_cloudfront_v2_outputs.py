"""CloudFront standard logging (v2) writes one delivery as W3C, JSON or Parquet. Whatever the
output, a request must give the same record: generated W3C lines of random field selections are
rewritten as JSON objects (keys: the W3C names) and as Parquet rows (columns: the Parquet names),
and all three reads must agree value for value, on the dict and the Arrow paths."""

from __future__ import annotations

import gzip
import io
import json
import re
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse.testing.delimited import (
    delimited_layouts,
    delimited_records,
    render_delimited_line,
)

W3C = "cloudfront_v2"
OUTPUTS = ("cloudfront_v2_json", "cloudfront_v2_parquet")
KEY = ("AWSLogs/123456789012/CloudFront/E1ABCDEF2GHIJK/2026/11/21/00/"
       "E1ABCDEF2GHIJK.2026-11-21-00.0a1b2c3d")

budget = settings(max_examples=max(10, settings().max_examples // 3),
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def parquet_name(wire: str) -> str:
    """AWS's Parquet column name for a W3C field name: lower case, ``-`` and parentheses to
    ``_`` (``cs(User-Agent)`` -> ``cs_user_agent``)."""
    return re.sub(r"[^0-9a-z]+", "_", wire.lower()).strip("_")


@st.composite
def deliveries(draw: st.DrawFn) -> tuple[tuple[str, ...], list[list[str]]]:
    """A field selection and a few requests, as the W3C columns' text."""
    columns = draw(delimited_layouts(W3C))
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        record = draw(delimited_records(W3C, columns))
        line = render_delimited_line(W3C, columns, record)
        assume(not line.startswith("#"))  # a W3C directive, not a request (AWS never starts one)
        rows.append(line.split("\t"))
    return tuple(columns), rows


def w3c_file(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    lines = ["#Fields: " + " ".join(columns), *("\t".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def json_file(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    return "".join(json.dumps(dict(zip(columns, row, strict=True))) + "\n"
                   for row in rows).encode()


def parquet_file(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    table = pa.table({parquet_name(c): pa.array([row[i] for row in rows], pa.string())
                      for i, c in enumerate(columns)})
    out = io.BytesIO()
    pq.write_table(table, out)
    return out.getvalue()


def records(data: bytes, fmt: str) -> list[dict[str, Any]]:
    it = awslogparse.iter_records(data, fmt, errors="collect")
    found = list(it)
    assert not it.errors, it.errors
    assert it.stats.records + it.stats.errors == it.stats.units
    return found


@budget
@given(deliveries())
def test_every_output_of_a_delivery_gives_the_same_records(delivery: Any) -> None:
    columns, rows = delivery
    expected = records(w3c_file(columns, rows), W3C)
    assert records(json_file(columns, rows), "cloudfront_v2_json") == expected
    assert records(parquet_file(columns, rows), "cloudfront_v2_parquet") == expected
    table = awslogparse.read_arrow(w3c_file(columns, rows), W3C, columns="all")
    for fmt, data in zip(OUTPUTS, (json_file(columns, rows), parquet_file(columns, rows)),
                         strict=True):
        got = awslogparse.read_arrow(data, fmt, columns="all")
        assert got.drop_columns(["_extra"]).to_pylist() == \
            table.select(got.drop_columns(["_extra"]).schema.names).to_pylist(), fmt


def test_outputs_are_told_apart_by_content_under_one_key_layout() -> None:
    columns = ("date", "time", "x-edge-location", "sc-status", "cs(User-Agent)", "asn")
    rows = [["2026-11-21", "00:00:01", "IAD89-C1", "200", "curl/8.5.0", "64496"]]
    for fmt, data in ((W3C, w3c_file(columns, rows)),
                      ("cloudfront_v2_json", json_file(columns, rows)),
                      ("cloudfront_v2_parquet", parquet_file(columns, rows))):
        suffix = ".parquet" if fmt.endswith("parquet") else ".gz"
        assert awslogparse.detect(KEY + suffix, data[:65536]).format == fmt


def test_unknown_keys_and_bad_values_and_bad_files() -> None:
    line = json.dumps({"date": "2026-11-21", "time": "00:00:01", "sc-status": "-",
                       "new-field-2027": "x"})
    record = awslogparse.parse_line(line, "cloudfront_v2_json")
    assert record["sc_status"] is None and record["new_field_2027"] == "x"
    bad = json.dumps({"date": "2026-11-21", "time": "00:00:01", "sc-status": "OK"})
    it = awslogparse.iter_records(f"{line}\n{bad}\n[1]\n".encode(), "cloudfront_v2_json",
                                  errors="collect")
    assert len(list(it)) == 1
    assert [e.line for e in it.errors] == [2, 3]
    assert "sc-status" in it.errors[0].reason and "JSON object" in it.errors[1].reason
    it = awslogparse.iter_records(b"PAR1 not really", "cloudfront_v2_parquet", errors="collect")
    assert list(it) == [] and "Parquet" in it.errors[0].reason


def test_a_parquet_file_of_other_columns_is_one_error_not_cloudfront_records() -> None:
    """Every Parquet file starts with the same bytes: one whose columns are not CloudFront's
    (another dataset's file among the inputs) is one error, not rows forced into CloudFront's
    schema; a delivery with only some of the fields (v2 selects them) still reads."""
    sink = pa.BufferOutputStream()
    pq.write_table(pa.table({"version": [2], "account_id": ["1"], "srcaddr": ["10.0.0.1"],
                             "start": [1]}), sink)
    it = awslogparse.iter_records(sink.getvalue().to_pybytes(), "cloudfront_v2_parquet",
                                  errors="collect")
    assert list(it) == [] and it.stats.errors == it.stats.units == 1
    assert "not CloudFront's: 0 of its 4 columns" in it.errors[0].reason
    some = parquet_file(("date", "time", "c-ip", "sc-status", "x-new-2027"),
                        [["2026-11-21", "00:00:01", "192.0.2.1", "200", "x"]])
    [record] = awslogparse.iter_records(some, "cloudfront_v2_parquet")
    assert record["c_ip"] == "192.0.2.1" and record["sc_status"] == 200


def test_the_json_writer_round_trips() -> None:
    fmt = awslogparse.registry.get("cloudfront_v2_json").format()
    columns = ("date", "time", "x-edge-location", "cs(User-Agent)", "sc-bytes")
    write = fmt.writer(columns)
    record = awslogparse.parse_line(json.dumps(dict(zip(columns, ["2026-11-21", "00:00:01",
                                                          "IAD89-C1", "a%20b", "12"],
                                                         strict=True))), "cloudfront_v2_json")
    assert awslogparse.parse_line(write(record), "cloudfront_v2_json") == record


def test_every_output_of_a_delivery_converts_into_the_w3c_dataset(tmp_path: Any) -> None:
    """The outputs' records are the W3C format's (same fields, same schema): a conversion of
    a tree holding all three writes one dataset, ``format=cloudfront_v2``, with every row."""
    columns = ("date", "time", "x-edge-location", "sc-status", "cs(User-Agent)", "asn")
    rows = [["2026-11-21", "00:00:01", "IAD89-C1", "200", "curl/8.5.0", "64496"],
            ["2026-11-21", "00:00:02", "FRA56-P2", "404", "-", "-"]]
    tree = tmp_path / "in"
    for fmt, data in ((W3C, gzip.compress(w3c_file(columns, rows))),
                      ("cloudfront_v2_json", gzip.compress(json_file(columns, rows))),
                      ("cloudfront_v2_parquet", parquet_file(columns, rows))):
        suffix = ".parquet" if fmt.endswith("parquet") else ".gz"
        path = tree / fmt / (KEY + suffix)
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
    report = awslogparse.convert(str(tree), str(tmp_path / "out"), jobs=1)
    assert report.ok and report.errors == 0
    assert sorted(i.format for i in report.inputs) == sorted((W3C, *OUTPUTS))
    datasets = sorted(p.name for p in (tmp_path / "out").glob("format=*"))
    assert datasets == [f"format={W3C}"]
    files = list((tmp_path / "out").rglob("*.parquet"))
    assert sum(pq.read_metadata(f).num_rows for f in files) == 3 * len(rows)
    assert len({pq.read_schema(f).remove_metadata() for f in files}) == 1
