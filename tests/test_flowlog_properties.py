"""Property tests for VPC / Transit Gateway flow logs, generated from the specs.

- two paths, one truth: the Arrow fast path, the Arrow reference path and ``iter_records`` give
  the generator's records, for every layout, header arrangement, null pattern and compression;
- round trip: ``format_line`` inverts ``parse_line``;
- nothing lost: on damaged input no read raises with errors="skip"/"collect", every data line is a
  record or an error, and all readers agree on which lines are which.
"""

from __future__ import annotations

import functools
import gzip
import random
import re
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from extraview import extra_view
from hypothesis import assume, event, given
from hypothesis import strategies as st

import awslogparse
from awslogparse import LineError, ParseError, reader
from awslogparse import sources as sources_module
from awslogparse.specs import load_spec
from awslogparse.testing import (
    ALWAYS,
    NOT_PORTS,
    TEXT_DAMAGE,
    TRAFFIC,
    DamagedFile,
    DamageKind,
    FlowLogFile,
    Layout,
    arrow_row,
    damaged_flowlog_files,
    default_layout,
    flowlog_files,
    flowlog_layouts,
    flowlog_lines,
    flowlog_records,
    format_string,
    header_line,
    render_line,
)

FORMATS = ["vpcflow", "tgwflow"]
NAME_SHAPED = re.compile(r"[a-z][a-z0-9_-]*\Z")


# ---- helpers


def read_records(data: bytes, fmt: str, fields: Any, errors: str = "raise"
                 ) -> tuple[list[dict[str, Any]], Any]:
    it = awslogparse.iter_records(data, fmt, errors=errors, fields=fields)  # type: ignore[arg-type]
    return list(it), it


def every_field(fmt: str) -> list[str]:
    """``columns=`` for the format's full schema, stated explicitly (every field, spec order),
    so rows of any layout compare field by field."""
    return awslogparse.schema(fmt).names


def read_batches(data: bytes, fmt: str, fields: Any, *, fast: bool, errors: str = "raise",
                 with_source: bool = False) -> tuple[list[dict[str, Any]], Any]:
    bi = awslogparse.iter_batches(data, fmt, errors=errors, fields=fields,  # type: ignore[arg-type]
                                  fast=fast, with_source=with_source, columns=every_field(fmt))
    rows = [row for batch in bi for row in batch.to_pylist()]
    return rows, bi


def header_count(file: FlowLogFile) -> int:
    return file.kinds.count("header")


def is_clean(file: FlowLogFile) -> bool:
    """Input the fast path must take: one layout of spec fields (header, if any, on top),
    printable ASCII, LF endings, no blank lines, at least one record."""
    schema = awslogparse.schema(file.format)
    return (len(file.sections) == 1 and file.text.isascii() and file.line_ending == "\n"
            and "blank" not in file.kinds and file.data_lines > 0
            and all(f.name in schema for f in file.sections[0].layout))


def any_layouts(fmt: str) -> st.SearchStrategy[Layout]:
    """Default and custom layouts, some with fields newer than the spec (Arrow's ``_extra``)."""
    return st.one_of(flowlog_layouts(fmt), flowlog_layouts(fmt, custom=True, unknown=2))


def gunzip_prefix(data: bytes) -> bytes:
    """Everything the standard library can decode from a (possibly cut) multi-member gzip."""
    out = b""
    rest = data
    while rest:
        decoder = zlib.decompressobj(31)
        out += decoder.decompress(rest)
        if not decoder.eof:
            break
        rest = decoder.unused_data
    return out


def independent_line_count(text: bytes, file: FlowLogFile) -> int | None:
    """Data lines of decoded text (neither blank nor a header), counted without the library.

    A line with a token that is not name-shaped cannot be a header; a line equal to one of the
    file's header or data lines is what it was. A damaged line of name-shaped tokens only could
    be read either way, so then the count is not well defined (None).
    """
    headers = {tuple(line.split()) for line, k in zip(file.lines, file.kinds, strict=True)
               if k == "header"}
    data = {tuple(line.split()) for line, k in zip(file.lines, file.kinds, strict=True)
            if k == "data"}
    lines = text.decode("utf-8", "replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    count = 0
    for line in lines:
        tokens = tuple(line.split())
        if not tokens or tokens in headers:
            continue
        if tokens in data or not all(NAME_SHAPED.match(t) for t in tokens):
            count += 1
            continue
        return None
    return count


def physical_lines(text: bytes) -> int:
    return text.count(b"\n") + (0 if not text or text.endswith(b"\n") else 1)


def check_error(err: LineError, total_lines: int) -> None:
    assert isinstance(err, LineError)
    assert err.source == "<bytes>"
    assert isinstance(err.line, int)
    assert 1 <= err.line <= total_lines
    assert isinstance(err.reason, str) and err.reason
    assert isinstance(err.raw, str)
    if "ends abnormally" not in err.reason and "is corrupt at compressed byte" not in err.reason:
        # (a cut stream, or a corrupt gzip member skipped, may end exactly at a line's end)
        assert err.raw.strip(), err  # a bad data line is never blank


def read_every_way(data: bytes, fmt: str, fields: Any) -> dict[str, Any]:
    """Read damaged bytes with each reader and error mode; check the per-read invariants."""
    results: dict[str, Any] = {}
    for name in ("records", "fast", "slow"):
        for mode in ("skip", "collect"):
            if name == "records":
                rows, it = read_records(data, fmt, fields, mode)
            else:
                rows, it = read_batches(data, fmt, fields, fast=name == "fast", errors=mode)
            stats = it.stats
            assert stats.records + stats.errors == stats.lines, (name, mode, stats)
            assert stats.records == len(rows), (name, mode)
            # every physical line is a record, an error, a header or blank
            total = stats.lines + stats.headers + stats.blank
            if mode == "skip":
                assert it.errors == [], (name, mode)
            else:
                assert len(it.errors) == stats.errors, (name, mode)
                for err in it.errors:
                    check_error(err, total)
                assert [e.line for e in it.errors] == sorted(e.line for e in it.errors)
            results[f"{name}-{mode}"] = (rows, it)
    records, rec_it = results["records-collect"]
    as_rows = [arrow_row(r, fmt) for r in records]
    error_lines = [e.line for e in rec_it.errors]
    for key, (rows, it) in results.items():
        assert it.stats.lines == rec_it.stats.lines, key
        assert it.stats.errors == rec_it.stats.errors, key
        if key.endswith("collect"):
            assert [e.line for e in it.errors] == error_lines, key
            assert [e.raw for e in it.errors] == [e.raw for e in rec_it.errors], key
        if key.startswith("records"):
            assert rows == records, key
        else:
            assert rows == as_rows, key
    return results


# ---- the generators stay tied to the specs


def test_importing_awslogparse_does_not_import_hypothesis() -> None:
    code = ("import sys, awslogparse; awslogparse.schema('vpcflow'); "
            "awslogparse.parse_line('2 123456789010 eni-1 - - - - - - - 1 2 - NODATA', 'vpcflow');"
            "assert 'hypothesis' not in sys.modules, 'hypothesis was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_generator_field_sets_name_spec_fields() -> None:
    names = {f.wire_name for fmt in FORMATS for f in load_spec(fmt).schema}
    assert names >= TRAFFIC
    assert names >= ALWAYS


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_generated_values_fit_the_spec(fmt: str, data: st.DataObject) -> None:
    """Every field of the spec, all at once: types, widths, enums, null marker, no spaces."""
    schema = awslogparse.schema(fmt)
    record = data.draw(flowlog_records(fmt, schema.fields))
    assert list(record) == schema.names
    for f in schema.fields:
        value = record[f.name]
        if value is None:
            continue
        if f.enum and not f.open_enum:
            assert value in f.enum
        if f.type.value == "int":
            low, high = f.int_range
            assert isinstance(value, int) and low <= value <= high
        elif f.type.value == "timestamp":
            assert value.tzinfo is not None
        else:
            assert isinstance(value, str) and value and value != "-"
            assert not any(c.isspace() for c in value)
    if record.get("log_status") in ("NODATA", "SKIPDATA"):
        assert all(record[f.name] is None for f in schema.fields if f.wire_name in TRAFFIC)
    for name, value in record.items():
        if name.endswith("account_id") and value is not None:
            assert value == "unknown" or re.fullmatch(r"\d{12}", value)
        if name.endswith(("vpc_id", "subnet_id")) and value is not None:
            assert re.fullmatch(r"(vpc|subnet)-[0-9a-f]{8}([0-9a-f]{9})?", value)
        if name.endswith("port") and value is not None:
            assert 0 <= value <= 65535


# ---- a. two paths, one truth


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_two_paths_one_truth(fmt: str, data: st.DataObject) -> None:
    file = data.draw(flowlog_files(fmt, layouts=any_layouts(fmt),
                                   blank_lines=data.draw(st.booleans(), "blank lines")))
    expected = [arrow_row(r, fmt) for r in file.records]
    if any(row["_extra"] for row in expected):
        event("fields unknown to the spec")

    records, rec_it = read_records(file.data, fmt, file.fields)
    assert records == file.records
    if file.fields is None:  # a header line states the layout: a fields= given is overridden
        other = data.draw(flowlog_layouts(fmt), "overridden fields")
        assert read_records(file.data, fmt, [f.wire_name for f in other])[0] == file.records
    assert rec_it.stats.lines == rec_it.stats.records == file.data_lines
    assert rec_it.stats.headers == header_count(file)
    assert rec_it.stats.blank == file.kinds.count("blank")

    columns = every_field(fmt)
    fast = awslogparse.read_arrow(file.data, fmt, fields=file.fields, fast=True, columns=columns)
    slow = awslogparse.read_arrow(file.data, fmt, fields=file.fields, fast=False,
                                  columns=columns)
    assert fast.schema == slow.schema == awslogparse.schema(fmt).to_arrow().append(
        fast.schema.field("_extra"))
    assert fast.to_pylist() == expected
    assert slow.to_pylist() == expected

    rows, bi = read_batches(file.data, fmt, file.fields, fast=True)
    assert rows == expected
    assert bi.stats.lines == bi.stats.records == file.data_lines
    assert bi.stats.headers == header_count(file)
    if is_clean(file):
        event("clean input: fast path required")
        assert bi.fast_blocks >= 1 and bi.slow_blocks == 0
    event(f"fast path used: {bi.fast_blocks > 0}")


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_default_columns_are_the_files_own_layout(fmt: str, data: st.DataObject) -> None:
    """``columns=None``: the first layout's known fields, then ``_extra``; later layouts fill
    what they share, the rest is null, and their other fields land in ``_extra``."""
    file = data.draw(flowlog_files(fmt, layouts=any_layouts(fmt)))
    schema = awslogparse.schema(fmt)
    fast = awslogparse.read_arrow(file.data, fmt, fields=file.fields, fast=True)
    slow = awslogparse.read_arrow(file.data, fmt, fields=file.fields, fast=False)
    assert fast.schema == slow.schema
    assert fast.to_pylist() == slow.to_pylist()
    with_records = [section for section in file.sections if section.records]
    if not with_records:
        assert fast.num_rows == 0
        return
    first = [f.name for f in with_records[0].layout if f.name in schema]
    if len(file.sections) == 1:
        assert fast.column_names == [*first, "_extra"]
    else:  # the first layout in effect when records begin (an empty section may precede)
        first = fast.column_names[:-1]
    for row, record in zip(fast.to_pylist(), file.records, strict=True):
        extra = dict(row.pop("_extra") or [])
        assert row == {name: record.get(name) for name in first}
        assert extra == {k: extra_view(v) for k, v in record.items() if k not in row}


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_two_paths_one_truth_across_blocks(fmt: str, data: st.DataObject) -> None:
    """Tiny read blocks put block edges everywhere: headers at a block's top (the fast path
    takes those), mid-block header switches, fast and fallback blocks in one read. With
    ``with_source``, every path puts each record on the line the generator wrote it."""
    file = data.draw(flowlog_files(fmt, layouts=any_layouts(fmt), blank_lines=True,
                                   max_records=12), "file")
    block = data.draw(st.integers(1, 512), "block size")
    expected = [arrow_row(r, fmt) for r in file.records]
    sources = ["<bytes>"] * file.data_lines
    with mock.patch.object(reader, "BLOCK_SIZE", block), \
            mock.patch.object(reader, "ARROW_BLOCK_SIZE", block):
        it = awslogparse.iter_records(file.data, fmt, fields=file.fields, with_source=True)
        records = list(it)
        assert [r.pop("_line") for r in records] == file.record_lines
        assert [r.pop("_source") for r in records] == sources
        assert records == file.records
        for fast in (True, False):
            rows, bi = read_batches(file.data, fmt, file.fields, fast=fast, with_source=True)
            assert [r.pop("_line") for r in rows] == file.record_lines
            assert [r.pop("_source") for r in rows] == sources
            assert rows == expected
            assert (bi.stats.lines, bi.stats.headers, bi.stats.blank) == (
                file.data_lines, header_count(file), file.kinds.count("blank"))
            event(f"fast={fast}: {bi.fast_blocks} fast, {bi.slow_blocks} slow blocks"
                  if bi.fast_blocks and bi.slow_blocks else f"fast={fast}: one kind of block")


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_fast_path_is_taken_on_clean_files(fmt: str, data: st.DataObject) -> None:
    """Keeps the comparison above honest: on clean input the fast path does the work."""
    file = data.draw(flowlog_files(fmt, sections=(1, 1), blank_lines=False, crlf=False,
                                   ascii_only=True))
    rows, bi = read_batches(file.data, fmt, file.fields, fast=True)
    assert rows == [arrow_row(r, fmt) for r in file.records]
    if file.data_lines:
        assert bi.fast_blocks == 1 and bi.slow_blocks == 0


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_auto_detection(fmt: str, data: st.DataObject) -> None:
    """format="auto" finds the format from a header line, or from default-layout lines."""
    if data.draw(st.booleans(), "header line"):
        files = flowlog_files(fmt, layouts=any_layouts(fmt), header=True, blank_lines=True)
    else:
        files = flowlog_files(fmt, layouts=st.just(default_layout(fmt)), sections=(1, 1),
                              header=False, blank_lines=True)
    file = data.draw(files, "file")
    content = [(line, kind) for line, kind in zip(file.lines, file.kinds, strict=True)
               if kind != "blank"]
    first_line, first_kind = content[0]
    if first_kind == "header":
        tokens = first_line.split()
        # a TGW header is told apart by its TGW-only fields; without one it reads as VPC
        assume(fmt == "vpcflow" or any(t.startswith("tgw-") or t == "resource-type"
                                       for t in tokens))
    else:
        assume(file.initial_layout == default_layout(fmt)
               and all(kind == "data" for _, kind in content[:5]))
    event(f"detected from a {first_kind} line")
    it = awslogparse.iter_records(file.data)
    assert list(it) == file.records
    assert it.stats.format == fmt


# ---- b. round trip


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_round_trip(fmt: str, data: st.DataObject) -> None:
    layout = data.draw(flowlog_layouts(fmt), "layout")
    record = data.draw(flowlog_records(fmt, layout), "record")
    wire = [f.wire_name for f in layout]
    spellings: list[Any] = [format_string(layout), wire, " ".join(wire), [f.name for f in layout]]
    if layout == default_layout(fmt):
        spellings.append(None)
    fields = data.draw(st.sampled_from(spellings), "fields")
    line = render_line(record, layout)

    parsed = awslogparse.parse_line(line, fmt, fields=fields)
    assert parsed == record
    assert awslogparse.format_line(parsed, fmt, fields=fields) == line
    assert awslogparse.format_line(record, fmt, fields=fields) == line
    assert awslogparse.parse_line(awslogparse.format_line(record, fmt, fields=fields), fmt,
                                  fields=fields) == record


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_round_trip_lines(fmt: str, data: st.DataObject) -> None:
    layout = data.draw(flowlog_layouts(fmt, custom=True, version=True), "layout")
    line = data.draw(flowlog_lines(fmt, layout), "line")
    fields = format_string(layout)
    assert awslogparse.format_line(awslogparse.parse_line(line, fmt, fields=fields), fmt,
                                   fields=fields) == line


# ---- c. nothing lost


@st.composite
def port_layouts(draw: st.DrawFn, fmt: str, unknown: bool = True) -> Layout:
    layout = draw(any_layouts(fmt) if unknown else flowlog_layouts(fmt))
    if any(f.wire_name in ("srcport", "dstport") for f in layout):
        return layout
    port = awslogparse.schema(fmt)[draw(st.sampled_from(("srcport", "dstport")))]
    at = draw(st.integers(0, len(layout)))
    return (*layout[:at], port, *layout[at:])


DAMAGE_GROUPS: dict[str, list[DamageKind]] = {
    "bytes": ["flip", "insert", "delete"],
    "junk-line": ["junk-line"],
    "field-count": ["field-count"],
    "port": ["port"],
}
assert {k for group in DAMAGE_GROUPS.values() for k in group} == set(TEXT_DAMAGE)


@pytest.mark.parametrize("damage", sorted(DAMAGE_GROUPS))
@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_damaged_text_nothing_lost(fmt: str, damage: str, data: st.DataObject) -> None:
    # a line to damage, and for "port" a port in every layout
    layouts = port_layouts(fmt) if damage == "port" else any_layouts(fmt)
    least = 0 if damage in ("bytes", "junk-line") else 1
    file = data.draw(flowlog_files(fmt, layouts=layouts, blank_lines=True, min_records=least),
                     "file")
    damaged: DamagedFile = data.draw(damaged_flowlog_files(file, DAMAGE_GROUPS[damage]),
                                     "damage")
    event(f"damage: {damaged.kind}")
    results = read_every_way(damaged.data, fmt, file.fields)
    records, it = results["records-collect"]

    assert damaged.text_bytes is not None
    assert it.stats.lines + it.stats.headers + it.stats.blank == physical_lines(
        damaged.text_bytes)
    count = independent_line_count(damaged.text_bytes, file)
    if count is not None:
        event("independent line count checked")
        assert it.stats.lines == count
    if damaged.bad_lines is not None:
        assert [e.line for e in it.errors] == list(damaged.bad_lines)
        assert all(damaged.reason_hint in e.reason for e in it.errors), it.errors
        assert records == list(damaged.records or ())


@pytest.mark.parametrize("where", ["top", "inside"])
def test_header_with_an_unknown_first_name_is_a_header_on_every_path(where: str) -> None:
    """Regression (found by the damage test above): a header line whose first name this
    library does not know (``wersion``: newer, or damaged) in a file of an all-text layout
    given by ``fields=``. The record loop took any line not starting with a known name as data,
    and the Arrow path looked only at the first column; the line parser calls it a header.
    Every path now agrees: a header, which switches the layout."""
    fields = ["account-id", "interface-id", "srcaddr", "dstaddr", "action", "log-status",
              "vpc-id", "subnet-id"]
    good = b"123456789012 eni-1 10.0.0.1 10.0.0.2 ACCEPT OK vpc-1 subnet-1\n"
    header = b"wersion account-id interface-id srcaddr dstaddr srcport dstport protocol\n"
    data = header + good * 3 if where == "top" else good * 3 + header + good * 3
    results = read_every_way(data, "vpcflow", fields)
    for key, (_, it) in results.items():
        assert it.stats.headers == 1, key


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_hex_port_is_an_error_on_both_paths(fmt: str, data: st.DataObject) -> None:
    """Regression: pyarrow.csv reads ``0x50`` as 80 (and ``0xFFFFFFFF`` as -1 in an int32
    column); the reference parser rejects it. Clean input, so the fast path sees the line."""
    # clean input, so that the fast path reads the line
    file = data.draw(flowlog_files(fmt, layouts=port_layouts(fmt, False), sections=(1, 1),
                                   min_records=1, blank_lines=False, crlf=False,
                                   ascii_only=True), "file")
    hex_ports = [p for p in NOT_PORTS if p.lower().startswith("0x")]
    damaged: DamagedFile = data.draw(damaged_flowlog_files(file, ["port"],
                                                           bad_ports=hex_ports), "damage")
    results = read_every_way(damaged.data, fmt, file.fields)
    _, it = results["fast-collect"]
    assert [e.line for e in it.errors] == list(damaged.bad_lines or ())


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_truncated_gzip_keeps_the_prefix(fmt: str, data: st.DataObject) -> None:
    file = data.draw(flowlog_files(fmt, compressed=True, blank_lines=True), "file")
    damaged: DamagedFile = data.draw(damaged_flowlog_files(file, ["gzip-cut"]), "damage")
    results = read_every_way(damaged.data, fmt, file.fields)
    records, it = results["records-collect"]

    # every whole line the standard library decodes from the cut stream is a record (or the
    # header / blank it was), and the cut line is exactly one error, with every byte of it
    decoded = gunzip_prefix(damaged.data)
    complete = decoded.count(b"\n")
    kept = sum(1 for k in file.kinds[:complete] if k == "data")
    assert records == file.records[:kept]
    assert it.stats.errors == 1
    assert it.stats.lines + it.stats.headers + it.stats.blank == complete + 1
    (err,) = it.errors
    assert err.line == complete + 1
    assert "truncated" in err.reason
    assert err.raw == decoded[decoded.rfind(b"\n") + 1:].decode("utf-8", "replace")


@pytest.mark.parametrize("fmt", FORMATS)
@given(data=st.data())
def test_corrupt_gzip_nothing_lost(fmt: str, data: st.DataObject) -> None:
    """A flipped byte in the compressed stream (regression: isal's error class escaped)."""
    file = data.draw(flowlog_files(fmt, compressed=True), "file")
    damaged: DamagedFile = data.draw(damaged_flowlog_files(file, ["gzip-flip"]), "damage")
    results = read_every_way(damaged.data, fmt, file.fields)
    records, it = results["records-collect"]
    if damaged.data[:2] == b"\x1f\x8b" and not it.stats.errors:
        # still gzip and no error: a harmless flip (mtime, OS byte), the data is all there
        assert records == file.records


# ---- d. explicit bad input

GOOD = ("2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 "
        "1418530010 1418530070 ACCEPT OK")
BAD_INPUT = {
    "binary junk": (b"\x00\x89PNG\x1a\xff\xfe junk", "expected 14 fields, got 2"),
    "wrong field count": (GOOD.rsplit(" ", 1)[0].encode(), "expected 14 fields, got 13"),
    "non-numeric port": (GOOD.replace(" 22 ", " http ").encode(),
                         "dstport: not an integer: 'http'"),
    "timestamp out of range": (GOOD.replace("1418530070", "99999999999999").encode(),
                               "end: not an epoch-seconds timestamp"),
    "hex port": (GOOD.replace(" 22 ", " 0x16 ").encode(), "dstport: not an integer: '0x16'"),
    "hex timestamp": (GOOD.replace(" 1418530010 ", " 0x548D1B1A ").encode(),
                      "start: not an epoch-seconds timestamp: '0x548D1B1A'"),
    "32-bit overflow": (GOOD.replace(" 20641 ", " 4294967296 ").encode(),
                        "srcport: 4294967296 is outside the 32-bit range"),
}


Reader = Callable[[], tuple[list[dict[str, Any]], Any]]


def _readers(data: bytes, errors: str) -> Iterator[tuple[str, Reader]]:
    yield "records", lambda: read_records(data, "vpcflow", None, errors)
    for fast in (True, False):
        yield f"batches fast={fast}", functools.partial(
            read_batches, data, "vpcflow", None, fast=fast, errors=errors)


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_bad_line_is_reported(case: str, compress: bool) -> None:
    bad, reason = BAD_INPUT[case]
    text = b"\n".join([header_line(default_layout("vpcflow")).encode(), GOOD.encode(), bad,
                       GOOD.encode()]) + b"\n"
    data = gzip.compress(text) if compress else text
    for name, read in _readers(data, "collect"):
        rows, it = read()
        assert len(rows) == 2, name
        assert (it.stats.lines, it.stats.records, it.stats.errors) == (3, 2, 1), name
        (err,) = it.errors
        assert err.line == 3, name
        assert reason in err.reason, (name, err.reason)
        # invalid UTF-8 comes back as \xNN escapes: the error keeps what the input held
        assert err.raw == bad.decode("utf-8", "backslashreplace"), name
    for name, read in _readers(data, "raise"):
        with pytest.raises(ParseError) as caught:
            read()
        assert reason in str(caught.value), name
        assert "<bytes>:3" in str(caught.value), name


def test_truncated_gzip_example() -> None:
    lines = [GOOD.replace(" 20641 ", f" {i * 7919 % 65536} ").replace(" 4249 ", f" {i * i} ")
             for i in range(200)]
    full = gzip.compress(("\n".join(lines) + "\n").encode())
    for name, read in _readers(full[: len(full) // 2], "collect"):
        rows, it = read()
        assert 0 < len(rows) < 200, name
        assert it.stats.errors == 1 and it.stats.lines == len(rows) + 1, name
        assert it.errors[0].line == len(rows) + 1, name
        assert "truncated" in it.errors[0].reason, name


def test_truncated_gzip_every_cut_keeps_every_decoded_byte() -> None:
    """Cut one file at every offset: records and the cut line hold every byte before the cut
    (the standard library's zlib, fed the same prefix, says what that is). Regression: isal's
    decoder withholds up to two bytes of a cut stream, even after ``flush()``."""
    rnd = random.Random(7)

    def ip() -> str:
        return ".".join(str(rnd.randrange(256)) for _ in range(4))

    lines = []
    for _ in range(60):  # varied lines: a long enough deflate stream to show the bug
        start = rnd.randrange(1420070400, 2051222400)
        lines.append(f"2 {rnd.randrange(10**12):012d} eni-{rnd.randrange(16**17):017x} {ip()} "
                     f"{ip()} {rnd.randrange(65536)} {rnd.randrange(65536)} 6 "
                     f"{rnd.randrange(10**6)} {rnd.randrange(10**9)} {start} "
                     f"{start + rnd.randrange(600)} ACCEPT OK")
    full = gzip.compress(("\n".join(lines) + "\n").encode())
    for cut in range(2, len(full)):
        decoded = gunzip_prefix(full[:cut])
        rows, it = read_records(full[:cut], "vpcflow", None, "collect")
        assert len(rows) == decoded.count(b"\n"), cut
        assert [e.raw for e in it.errors] == [
            decoded[decoded.rfind(b"\n") + 1:].decode("utf-8", "replace")], cut


def test_corrupt_gzip_example() -> None:
    """Regression: isal's IsalError (no zlib.error subclass) escaped the readers."""
    data = bytearray(gzip.compress(("\n".join([GOOD] * 50) + "\n").encode()))
    data[30] ^= 0xFF
    for name, read in _readers(bytes(data), "collect"):
        _rows, it = read()
        assert it.stats.errors >= 1, name
        assert it.stats.records + it.stats.errors == it.stats.lines, name


def test_header_naming_a_field_twice_example() -> None:
    """Regression: the fast path's header skipping let this ParseError escape errors="collect"."""
    header = header_line(default_layout("vpcflow")).replace("dstport", "srcport")
    data = f"{header}\n{GOOD}\n".encode()
    for name, read in _readers(data, "collect"):
        _rows, it = read()
        assert it.stats.errors == 1 and it.errors[0].line == 1, name
        assert "named twice" in it.errors[0].reason, name
        assert it.stats.records + it.stats.errors == it.stats.lines, name


@pytest.mark.parametrize("place", ["block start", "inside a block"])
def test_a_byte_order_mark_starting_a_line_reads_alike(place: str) -> None:
    """U+FEFF starting a line (a file with a BOM appended to another) is part of that line's
    first column for the reference parser (here an error: ``version`` is a number). Where the
    line starts a block, pyarrow.csv would drop it and read a record: the fast path leaves
    such a block to the reference parser, wherever the mark is."""
    line = "2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1700000000 " \
        "1700000060 ACCEPT OK"
    before = 5 if place == "block start" else 2
    data = "".join(f"{text}\n" for text in [line] * before + ["\ufeff" + line] + [line] * 9)
    size = len(line) + 1
    block = size if place == "block start" else 1 << 20
    with mock.patch.object(reader, "ARROW_BLOCK_SIZE", block), \
            mock.patch.object(sources_module, "READ_SIZE", size):
        it = awslogparse.iter_records(data.encode(), "vpcflow", errors="collect")
        records = list(it)
        batches = awslogparse.iter_batches(data.encode(), "vpcflow", errors="collect")
        rows = sum(b.num_rows for b in batches)
    assert (len(records), [e.line for e in it.errors]) == (before + 9, [before + 1])
    assert (rows, [e.line for e in batches.errors]) == (before + 9, [before + 1])
