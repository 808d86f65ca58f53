"""The Arrow fast path of the spec-driven delimited formats (``parsers/delimited_arrow``) against
the reference per-line parser: three reads of every generated file (``iter_records``,
``read_arrow(fast=True)``, ``read_arrow(fast=False)``) give the same rows, errors and schema.

Besides the spec-driven files of ``awslogparse.testing.delimited``, a generator of this module
aims at what the fast path has to prove: lines of several widths in one block (older and newer
columns, extra trailing ones), IPv6 ``ip:port`` (bare and bracketed), ``-1`` timings, request
lines with odd spacing, percent escapes (double-encoded, lower case, invalid UTF-8), CloudFront's
trailing tab, then damage the fast path must refuse: quotes in the wrong place, control bytes,
Unicode blanks, doubled separators, bad numbers and times, headers in the middle. Helper kernels
(``ip:port``, request line, percent-decoding) are also compared with their Python originals.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock
from urllib.parse import quote

import hypothesis
import pytest
from extraview import extra_view
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse import reader, registry, sources, values
from awslogparse.blocks import ReferenceBlockParser
from awslogparse.model import Field, FieldType
from awslogparse.parsers.delimited import (
    compile_plan,
    split_hostport,
    split_quoted,
    split_request,
)
from awslogparse.specs import FormatSpec, load_spec
from awslogparse.testing.delimited import delimited_files

pa = pytest.importorskip("pyarrow")

from awslogparse.parsers import delimited_arrow  # noqa: E402  (needs pyarrow)

FAST = "awslogparse.parsers.delimited_arrow"
FORMATS = tuple(name for name in awslogparse.formats()
                if registry.get(name).format().fast_path == FAST)
NEVER_FAST = {name for name in FORMATS
              if (spec := load_spec(registry.get(name).spec_name)).escapes == "raw"
              or spec.header == "names"}
"""Always the reference path: S3 server access logs (unescaped quotes inside quoted columns),
and formats whose data lines may be header lines of names."""
EXAMPLES = max(4, settings().max_examples // 8)
per_format = settings(max_examples=EXAMPLES, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


def _spec(fmt: str) -> FormatSpec:
    return load_spec(registry.get(fmt).spec_name)


# ---- three reads, one truth


def _row(record: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """The Arrow row a reference record makes (``records_to_batch``'s rules)."""
    row = {name: record.get(name) for name in columns if name != "_extra"}
    extra = [(k, extra_view(v)) for k, v in record.items() if k not in columns]
    if "_extra" in columns:
        row["_extra"] = extra or None
    return row


def read_three(data: bytes, fmt: str, fields: Any = None) -> tuple[int, int]:
    """Read ``data`` three ways and assert they agree; returns the fast path's (fast, slow)
    block counts."""
    it = awslogparse.iter_records(data, fmt, fields=fields, errors="collect")
    records = list(it)
    out = []
    for fast in (True, False):
        batches = awslogparse.iter_batches(data, fmt, fields=fields, errors="collect", fast=fast)
        table = pa.Table.from_batches(list(batches), schema=batches.empty_schema(fmt))
        out.append((table, batches))
    (fast_table, fast_it), (slow_table, slow_it) = out
    assert fast_table.schema == slow_table.schema
    rows = fast_table.to_pylist()
    assert rows == slow_table.to_pylist(), "the fast path and the reference path disagree"
    assert rows == [_row(r, fast_table.column_names) for r in records]
    errors = [(e.line, e.reason, e.raw) for e in it.errors]
    assert [(e.line, e.reason, e.raw) for e in fast_it.errors] == errors
    assert [(e.line, e.reason, e.raw) for e in slow_it.errors] == errors
    assert fast_it.stats.as_dict() == slow_it.stats.as_dict()
    return fast_it.fast_blocks, fast_it.slow_blocks


# ---- a generator aimed at the fast path

_BARE = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp"),
                      exclude_characters='"\\[]')
_QUOTED = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Zs"),
                        exclude_characters='"\\')
_ANY = st.characters(codec="utf-8", exclude_categories=["Cs"])
_CF_SAFE = "".join(chr(c) for c in range(33, 127) if chr(c) not in '<>"#%{}|\\^~[]`\'')
_ESCAPES = ("%2520", "%25", "%", "%2", "%zz", "%E9", "%e9%80", "%C3%A9", "%c3%a9", "100%",
            "%%41", "%41%", "%E2%80%94", "%00", "%7f", "%0A")
_EPOCH = st.integers(1_420_070_400, 2_051_222_400)
_IPV4 = st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))
_IPV6 = st.sampled_from(("2001:db8::1", "2600:1f18:4e2:7c00:85a2:9f41:6d3b:a001", "::1",
                         "fe80::1ff:fe23:4567:890a", "2a05:d018:12c::3"))
_REQUESTS = ("- - -", "GET", "GET /x", " GET /x HTTP/1.1 ", "GET  /x HTTP/1.1",
             "GET  HTTP/1.1", "", "GET /a b c HTTP/1.1", "POST http://h:80/p?q=1 HTTP/2.0")


def _text(chars: st.SearchStrategy[str], size: int = 12) -> st.SearchStrategy[str]:
    return st.text(chars, min_size=1, max_size=size)


@st.composite
def _timestamp(draw: st.DrawFn, unit: str) -> str:
    moment = datetime.fromtimestamp(draw(_EPOCH), UTC) + timedelta(
        microseconds=draw(st.integers(0, 999_999)))
    if unit == "iso":
        digits = draw(st.sampled_from((6, 6, 6, 3, 0)))
        text = moment.strftime("%Y-%m-%dT%H:%M:%S")
        return f"{text}.{moment.strftime('%f')[:digits]}Z" if digits else f"{text}Z"
    if unit == "iso_plain":
        return moment.strftime("%Y-%m-%dT%H:%M:%S")
    if unit == "clf":
        return moment.strftime("[%d/%b/%Y:%H:%M:%S +0000]")
    whole = int(moment.replace(microsecond=0).timestamp())
    if unit == "ms":
        return str(whole * 1000 + moment.microsecond // 1000)
    if unit == "epoch_frac":
        return draw(st.sampled_from((f"{whole}.{moment.microsecond // 1000:03d}",
                                     f"{whole}.{moment.microsecond:06d}", str(whole))))
    return str(whole)


@st.composite
def _token(draw: st.DrawFn, fields: tuple[Field, ...], spec: FormatSpec, column: str) -> str:
    """One wire column (without its quotes) for the fields it holds; sometimes a null marker."""
    first = fields[0]
    if first.nulls and draw(st.integers(0, 6)) == 0 and column == first.columns[0]:
        return draw(st.sampled_from(first.nulls))
    parts = {f.part for f in fields}
    quoted = any(f.quoted for f in fields)
    if parts & {"host", "port"}:
        ip = draw(st.one_of(_IPV4, _IPV6, _IPV6.map(lambda a: f"[{a}]")))
        return f"{ip}:{draw(st.integers(0, 65535))}"
    if parts & {"method", "url"}:
        return draw(st.one_of(st.sampled_from(_REQUESTS), st.builds(
            lambda m, u, p: f"{m} {u} {p}", st.sampled_from(("GET", "POST", "HEAD")),
            _text(_QUOTED if quoted else _BARE), st.sampled_from(("HTTP/1.1", "HTTP/2.0")))))
    if len(first.columns) > 1:  # date + time
        moment = datetime.fromtimestamp(draw(_EPOCH), UTC)
        return moment.strftime("%Y-%m-%d" if column == first.columns[0] else "%H:%M:%S")
    kind = first.type
    if first.enum and not first.open_enum:
        return str(draw(st.sampled_from(first.enum)))
    if kind is FieldType.INT:
        low, high = first.int_range
        return str(draw(st.one_of(st.integers(0, min(high, 10**6)),
                                  st.sampled_from((low, high, -1, 0)))))
    if kind is FieldType.FLOAT:
        return draw(st.one_of(st.integers(0, 10**6).map(lambda n: f"{n / 1000:.3f}"),
                              st.sampled_from(("-1", "0", "12", "1.5e3", "0.", "-0.250"))))
    if kind is FieldType.TIMESTAMP:
        return draw(_timestamp(first.unit))
    if kind is FieldType.IP:
        return draw(st.one_of(_IPV4, _IPV6))
    if kind is FieldType.BOOL:
        return draw(st.sampled_from(("true", "false")))
    if first.encoding == "url":
        plain = draw(_text(_ANY, 16))
        encoded = quote(plain, safe=_CF_SAFE)
        if draw(st.booleans()):
            encoded += draw(st.sampled_from(_ESCAPES))
        return encoded
    if quoted:
        return draw(st.one_of(_text(_QUOTED, 20), st.just(""), st.just(
            "Mozilla/5.0 (compatible; \\x22bot\\x22; +http://x)")))
    return draw(_text(_BARE))


ODD_TOKENS = (
    "", " ", "-", "-1", "-1.0", ".5", "+5", "0x10", "1e5", "inf", "nan", "2147483648",
    "-2147483649", "9223372036854775808", "\u0663", "1_0", "00042",
    "2019-02-30T00:00:00.000000Z", "0000-01-01T00:00:00Z", "2019-01-01T00:00:00.1234567Z",
    "2019-01-01T00:00:00.Z", "2019-01-01T00:00:00", "2019-01-01 00:00:00Z",
    "2019-01-01T00:00:00+00:00", "2019-12-31", "23:59:60", "24:00:00", "1607497615.",
    "-1.5", "1607497615.1234567", "99999999999999", "%", "%E9", "%2525", "[::1]:80", "::1:80",
    ":80", "1.2.3.4:", "1.2.3.4", "-:80", "1.2.3.4:-", "[]:80", "#x",
)
ODD_PIECES = ('"a b"', '""', '"a"b', 'a"b', '"ab "c', '"open', '"a\tb"', '"a\u00a0b"',
              '" GET  /x  HTTP/1.1 "', '"\\"', '"\\\\x22"')
ODD_BYTES = (b"\x00", b"\t", b"\r", b"\x0b", b"\x1f", b"\xc2\xa0", b"\xe2\x80\x83", b"\xc2\x85",
             b"\xff", b"\xc3", b"  ", b"\xef\xbb\xbf")


@st.composite
def _layout(draw: st.DrawFn, fmt: str, *, lone: bool = False) -> tuple[tuple[str, ...], bool]:
    """(columns, header): the default layout, or a subset named by a header / ``fields=``.
    With ``lone``, a subset may hold one column of a value written across two (``date``
    without ``time``, as a v2 delivery selecting only one of them writes)."""
    spec = _spec(fmt)
    columns = spec.default_layout
    choose = spec.header == "w3c" or not spec.key_patterns
    if choose and draw(st.integers(0, 2)) == 0:
        keep = draw(st.lists(st.booleans(), min_size=len(columns), max_size=len(columns)))
        together = {c for f in spec.schema if len(f.columns) > 1 for c in f.columns}
        dropped = ""
        if lone and len(together) > 1 and draw(st.booleans()):
            dropped = draw(st.sampled_from(sorted(together)))
        subset = tuple(c for c, k in zip(columns, keep, strict=True)
                       if (k or c in together) and c != dropped)
        columns = subset or columns[:1]
    header = spec.header == "w3c" and (columns != spec.default_layout or draw(st.booleans()))
    return columns, header


@st.composite
def fast_path_files(draw: st.DrawFn, fmt: str, *, damage: bool) -> tuple[bytes, Any]:
    """A file aimed at the fast path: (bytes, ``fields=``). Without ``damage`` it is clean
    input AWS could write, which the fast path must take whole; with it, layouts may also
    hold ``date`` without ``time`` (or the reverse), which only the reference path reads."""
    spec = _spec(fmt)
    columns, header = draw(_layout(fmt, lone=damage))
    plan = compile_plan(spec.name, columns)
    tab = spec.tokenizer == "tab"
    separator = "\t" if tab else " "
    if spec.min_columns > 0:  # append-only formats: older (shorter) and newer (longer) lines
        least = min(spec.min_columns, plan.width)
        widths = draw(st.lists(st.one_of(st.just(plan.width),
                                         st.integers(least, plan.width + 2)),
                               min_size=1, max_size=10))
        if draw(st.booleans()):  # concatenated deliveries: runs of one width, older first
            widths.sort()
    else:
        widths = [plan.width] * draw(st.integers(1, 10))
    backslash = spec.escapes == "backslash"
    lines: list[str] = ["#Version: 1.0", "#Fields: " + " ".join(columns)] if header else []
    together = [[columns.index(c) for c in f.columns] for f in plan.fields if len(f.columns) > 1]
    for drawn in widths:
        width = drawn
        for spots in together:  # a line does not end between date and time
            if min(spots) < width <= max(spots) and not damage:
                width = max(spots) + 1
        tokens: list[str] = []
        for i in range(width):
            if i >= plan.width:
                tokens.append(draw(_text(_BARE, 6)))
                continue
            held = plan.column_fields[i]
            joined = len(held[0].columns) > 1 and columns[i] != held[0].columns[0]
            if joined and tokens[columns.index(held[0].columns[0])] in held[0].nulls:
                text = "-"  # date and time are null together
            else:
                text = draw(_token(held, spec, columns[i]))
            if backslash and not damage:
                text = text.replace("\\", "/")
            if damage and draw(st.integers(0, 12)) == 0:
                text = draw(st.sampled_from(ODD_TOKENS))
            if any(f.quoted for f in held) and not tab:
                text = f'"{text}"'
            if damage and not tab and draw(st.integers(0, 25)) == 0:
                text = draw(st.sampled_from(ODD_PIECES))
            tokens.append(text)
        line = separator.join(tokens)
        if tab and draw(st.integers(0, 5)) == 0:
            line += "\t"  # AWS's own 2020 sample ended a line with a tab
        lines.append(line)
    if damage and lines and draw(st.booleans()):
        spot = draw(st.integers(0, len(lines)))
        lines.insert(spot, draw(st.sampled_from(
            ("", " ", "\t", "#Fields: date time c-ip", "#Version: 1.0", separator * 2))))
    ending = draw(st.sampled_from(("\n", "\n", "\r\n"))) if damage else "\n"
    data = (ending.join(lines) + draw(st.sampled_from((ending, ending, "")))).encode()
    if damage and draw(st.booleans()):
        spot = draw(st.integers(0, len(data)))
        data = data[:spot] + draw(st.sampled_from(ODD_BYTES)) + data[spot:]
    if draw(st.integers(0, 3)) == 0:
        data = gzip.compress(data, mtime=0)
    fields = None if header or columns == spec.default_layout else list(columns)
    return data, fields


# ---- the tests

FAST_FORMATS = [f for f in FORMATS if f not in NEVER_FAST]


def test_every_delimited_format_has_this_fast_path() -> None:
    assert set(FORMATS) >= {"alb", "alb_connection", "cloudfront", "cloudfront_realtime"}


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_spec_files_read_alike_three_ways(fmt: str, data: st.DataObject) -> None:
    """The shared spec-driven files (blank lines, CRLF, gzip members, older and newer lines)."""
    file = data.draw(delimited_files(fmt))
    read_three(file.data, fmt, file.fields)


@pytest.mark.parametrize("fmt", FAST_FORMATS)
@per_format
@given(data=st.data())
def test_clean_files_take_the_fast_path(fmt: str, data: st.DataObject) -> None:
    """Input AWS could write (widths mixed, IPv6, -1, escapes, trailing tabs) is read by Arrow,
    every block, and agrees with the reference parser."""
    content, fields = data.draw(fast_path_files(fmt, damage=False))
    fast, slow = read_three(content, fmt, fields)
    assert (fast, slow) == (1, 0)


@pytest.mark.parametrize("fmt", FAST_FORMATS)
@per_format
@given(data=st.data())
def test_damaged_files_read_alike_three_ways(fmt: str, data: st.DataObject) -> None:
    """Odd bytes, misplaced quotes, bad values, headers mid-file: whichever path takes the
    block, the rows and errors are the reference parser's."""
    content, fields = data.draw(fast_path_files(fmt, damage=True))
    read_three(content, fmt, fields)


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_every_column_of_a_layout_reaches_the_record(fmt: str, data: st.DataObject) -> None:
    """A column a header or ``fields=`` names is read into some field: as part of a value
    (``client:port``, ``date`` + ``time``), as a field of its own, or kept as text; never
    dropped from the layout (then it would vanish from the record, ``_extra`` and Arrow).
    Any subset of the columns: ``date`` alone as often as with ``time``."""
    spec = _spec(fmt)
    layout = spec.default_layout
    keep = data.draw(st.lists(st.booleans(), min_size=len(layout), max_size=len(layout)))
    columns = tuple(c for c, k in zip(layout, keep, strict=True) if k) or layout[:1]
    plan = compile_plan(spec.name, columns)
    assert {c for f in plan.fields for c in f.columns} == set(columns)


@pytest.mark.parametrize("fmt", ["cloudfront", "cloudfront_v2"])
@pytest.mark.parametrize("lone", ["date", "time"])
def test_date_or_time_alone_is_kept_as_text(fmt: str, lone: str) -> None:
    """``timestamp`` needs both columns; one of them alone keeps its wire text under its name
    (in Arrow's ``_extra``, as a column the spec does not know), alike on both paths."""
    text = {"date": "2026-11-21", "time": "00:04:23"}[lone]
    data = f"#Fields: {lone} c-ip sc-status\n{text}\t1.2.3.4\t200\n-\t1.2.3.5\t304\n"
    records = list(awslogparse.iter_records(data.encode(), fmt))
    assert records == [{lone: text, "c_ip": "1.2.3.4", "sc_status": 200},
                       {lone: None, "c_ip": "1.2.3.5", "sc_status": 304}]
    table = awslogparse.read_arrow(data.encode(), fmt)
    assert table.column("_extra").to_pylist() == [[(lone, text)], [(lone, None)]]
    read_three(data.encode(), fmt)
    line = awslogparse.format_line(records[0], fmt, fields=[lone, "c-ip", "sc-status"])
    assert line == f"{text}\t1.2.3.4\t200"


def _blocks(parser: Any, pieces: list[bytes]) -> tuple[Any, list[Any], int, int, int]:
    batches: list[Any] = []
    errors: list[Any] = []
    line = 1
    fast = 0
    for piece in pieces:
        result = parser.parse_block(piece, line)
        line += result.lines
        fast += result.fast
        batches += result.batches
        errors += result.errors
    table = pa.Table.from_batches(batches, schema=parser.target)
    return table, errors, line, fast, parser.reference.headers + parser.reference.blank


@pytest.mark.parametrize("fmt", FAST_FORMATS)
@per_format
@given(data=st.data())
def test_blocks_of_a_source_read_alike(fmt: str, data: st.DataObject) -> None:
    """A source cut into several blocks (headers at the top of the first one, or of a later
    one): the fast parser's batches, errors, line counts and schema are those of the reference
    block parser (``blocks.ReferenceBlockParser``, not this module's slow path)."""
    content, fields = data.draw(fast_path_files(fmt, damage=data.draw(st.booleans())))
    if content[:2] == b"\x1f\x8b":
        content = gzip.decompress(content)
    lines = content.splitlines(keepends=True)
    cuts = sorted(data.draw(st.sets(st.integers(1, max(1, len(lines) - 1)), max_size=3)))
    pieces = [b"".join(lines[a:b]) for a, b in zip([0, *cuts], [*cuts, len(lines)],
                                                   strict=True)]
    pieces = [p for p in pieces if p]
    with_source = data.draw(st.booleans())
    columns = data.draw(st.sampled_from((None, "all")))
    fmt_obj = registry.get(fmt).format()
    fast = fmt_obj.block_parser(fields, columns, source="s3://b/k", with_source=with_source)
    slow = ReferenceBlockParser(fmt_obj, fields, columns, source="s3://b/k",
                                with_source=with_source)  # the base class itself
    got, want = _blocks(fast, pieces), _blocks(slow, pieces)
    assert got[0].schema == want[0].schema
    assert got[0].to_pylist() == want[0].to_pylist()
    assert got[1:3] == want[1:3]
    assert got[4] == want[4]
    assert want[3] == 0


@pytest.mark.parametrize("fmt", sorted(NEVER_FAST))
def test_raw_quoted_formats_always_use_the_reference_parser(fmt: str) -> None:
    for example in _spec(fmt).examples:
        content = "".join(f"{line}\n" for line in [*example.get("header", []), example["line"]])
        fast, slow = read_three(content.encode(), fmt, example.get("fields"))
        assert (fast, slow) == (0, 1)


def test_documented_alb_examples_in_one_block() -> None:
    """AWS's ALB examples (29 and 30 columns), and as newer lines with columns appended: one
    block of mixed widths, read by Arrow."""
    examples = [e["line"] for e in _spec("alb").examples]
    lines = [*examples, *(f'{line} "new column" x' for line in examples), *examples]
    assert len({len(split_quoted(line)) for line in lines}) > 2
    fast, slow = read_three(("\n".join(lines) + "\n").encode(), "alb")
    assert (fast, slow) == (1, 0)


def test_runs_of_widths_in_one_block_are_read_run_by_run(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """Concatenated deliveries (older lines, then newer ones with columns appended): each
    run is read on Arrow's threads, none through the line-by-line reading of other widths."""
    examples = sorted((e["line"] for e in _spec("alb").examples), key=len)
    runs = [[examples[0]] * 40, [examples[-1]] * 3, [f'{examples[-1]} "new" x'] * 40,
            [examples[0]] * 7]
    assert len({len(split_quoted(run[0])) for run in runs}) == 3
    seen: list[Any] = []
    found = delimited_arrow.BlockParser._runs

    def spy(self: Any, block: bytes) -> Any:
        seen.append(found(self, block))
        return seen[-1]

    monkeypatch.setattr(delimited_arrow.BlockParser, "_runs", spy)
    lines = [line for run in runs for line in run]
    fast, slow = read_three(("\n".join(lines) + "\n").encode(), "alb")
    assert (fast, slow) == (1, 0)
    assert [len(groups) for groups, _ in seen] == [len(runs)]
    assert seen[0][1] == len(lines)


def test_documented_cloudfront_examples_with_their_header() -> None:
    examples = _spec("cloudfront").examples
    lines = [*examples[0]["header"], *(e["line"] for e in examples)]
    fast, slow = read_three(("\n".join(lines) + "\n").encode(), "cloudfront")
    assert (fast, slow) == (1, 0)


@pytest.mark.parametrize("kind", ["alb", "cloudfront"])
def test_benchmark_data_takes_the_fast_path(kind: str) -> None:
    """The production-like benchmark lines (bench/gen_http.py), a few thousand of them."""
    from bench.gen_http import alb_lines, cloudfront_lines

    source = alb_lines(3000) if kind == "alb" else cloudfront_lines(3000)
    content = ("\n".join(source) + "\n").encode()
    fast, slow = read_three(content, kind)
    assert (fast, slow) == (1, 0)


BOM = "\ufeff"
"""U+FEFF, a byte-order mark: pyarrow.csv drops it at the start of what it reads."""


def _bom_lines(fmt: str) -> tuple[list[str], list[str]]:
    """AWS's first example of ``fmt`` as data lines (and its header lines), and the same line
    with a newer column appended (another width, for the reading per width)."""
    example = _spec(fmt).examples[0]
    line = example["line"]
    separator = "\t" if _spec(fmt).tokenizer == "tab" else " "
    return [line, f"{line}{separator}new"], list(example.get("header", []))


@pytest.mark.parametrize("fmt", ["clb", "cloudfront", "alb", "nlb"])
def test_a_bom_at_a_block_start_reads_alike(fmt: str) -> None:
    """A U+FEFF that starts a line (a file with a BOM appended to another) is part of that
    line's first column for the reference parser: an error where the first column is a time
    (Classic ELB, CloudFront), a value where it is text (ALB's and NLB's type). Small reads
    and blocks put that line at a block's start, where pyarrow would drop it: the fast path
    must read the block as the reference does, as at any other place in a block (and in a run
    or a group of lines of another width, each read from its own start)."""
    (line, longer), header = _bom_lines(fmt)
    size = len(line.encode()) + 1
    layouts = [[line] * 5 + [BOM + line] + [line] * 10,  # the BOM line starts a block
               [line] * 3 + [BOM + line] + [line] * 3,  # inside a block
               [line] * 40 + [BOM + longer] + [longer] * 40,  # a run of another width
               [line, BOM + longer, line, longer] * 3]  # widths mixed line by line
    for lines in layouts:
        data = "".join(f"{text}\n" for text in [*header, *lines]).encode()
        with mock.patch.object(reader, "ARROW_BLOCK_SIZE", size), \
                mock.patch.object(sources, "READ_SIZE", size):
            read_three(data, fmt)
        read_three(data, fmt)  # (one block)
    # A BOM at the start of the file is not part of a line (the reader drops it): Arrow's.
    data = "".join(f"{text}\n" for text in [*header, *[line] * 3]).encode()
    assert read_three(b"\xef\xbb\xbf" + data, fmt) == (1, 0)


def test_classic_elb_backslashes_go_to_the_reference_parser() -> None:
    line = _spec("clb").examples[0]["line"]
    escaped = line.replace('"curl/7.38.0"', '"curl \\"quoted\\" 7.38.0"')
    assert escaped != line
    assert read_three(f"{line}\n".encode(), "clb") == (1, 0)
    assert read_three(f"{line}\n{escaped}\n".encode(), "clb") == (0, 1)


# ---- the vectorised helpers against their Python originals

_HELPER_TEXT = st.text(st.sampled_from(' :[]%-abcAF0129GET/é\u4e2d'), max_size=16)


@settings(max_examples=max(30, settings().max_examples // 2))
@given(st.lists(_HELPER_TEXT, min_size=1, max_size=20))
def test_host_port_split_matches_split_hostport(texts: list[str]) -> None:
    good = []
    for text in texts:
        try:
            good.append((text, split_hostport(text)))
        except ValueError:
            with pytest.raises(delimited_arrow._Fallback):
                delimited_arrow._host_port(pa.array([text], pa.string()))
    if good:
        parts = delimited_arrow._host_port(pa.array([t for t, _ in good], pa.string()))
        assert list(zip(parts["host"].to_pylist(), parts["port"].to_pylist(),
                        strict=True)) == [p for _, p in good]


_WORD = st.text(st.sampled_from(':[]%-abcAF0129GET/é\u4e2d'), min_size=1, max_size=6)
_REQUEST_LINE = st.one_of(
    _HELPER_TEXT,
    st.lists(_WORD, min_size=3, max_size=3).map(" ".join),  # the common METHOD URL PROTOCOL
    st.lists(_WORD, min_size=4, max_size=5).map(" ".join))  # raw spaces in the URL


@settings(max_examples=max(30, settings().max_examples // 2))
@given(st.lists(_REQUEST_LINE, min_size=1, max_size=20), st.integers(0, 20))
@hypothesis.example(["GET  HTTP/1.1", " a b", "a b ", "a b c", "- - -", "", "a", "a b", "a  b c"],
                    4)
def test_request_split_matches_split_request(texts: list[str], cut: int) -> None:
    """Each line as the reference splits it, whichever way the column comes (one array or
    chunks) and however its lines mix the common three-part shape with others."""
    column = pa.chunked_array([pa.array(texts[:cut], pa.string()),
                               pa.array(texts[cut:], pa.string())])
    for array in (pa.array(texts, pa.string()), column):
        parts = delimited_arrow._request(array)
        got = list(zip(parts["method"].to_pylist(), parts["url"].to_pylist(),
                       parts["protocol"].to_pylist(), strict=True))
        assert got == [split_request(t) for t in texts]


@settings(max_examples=max(30, settings().max_examples // 2))
@given(st.lists(st.one_of(
    st.text(st.sampled_from("%%%25AFaf09gzé\u4e2d+ ~"), max_size=14),
    st.text(_ANY, max_size=8).map(lambda s: quote(s, safe=_CF_SAFE)),
    st.sampled_from(_ESCAPES)), min_size=1, max_size=20))
def test_percent_decoding_matches_url_decode(texts: list[str]) -> None:
    decoded = delimited_arrow._url_decode(pa.array(texts, pa.string()), None)
    assert decoded.to_pylist() == [values.url_decode(t) for t in texts]


NEGATIVE_FRACTIONS = {  # epoch seconds before 1970: the fraction counts back from the epoch too
    "-1.5": datetime(1969, 12, 31, 23, 59, 58, 500000, tzinfo=UTC),
    "-0.5": datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC),
    "-0.000001": datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    "-1.0000009": datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC),  # (truncated, as 1.0000009)
    "-2": datetime(1969, 12, 31, 23, 59, 58, tzinfo=UTC),
    "-0": datetime(1970, 1, 1, tzinfo=UTC),
    "1.5": datetime(1970, 1, 1, 0, 0, 1, 500000, tzinfo=UTC),
}


def test_negative_epoch_seconds_with_a_fraction_count_back_on_every_path() -> None:
    field = _spec("cloudfront_realtime").schema["timestamp"]
    for text, when in NEGATIVE_FRACTIONS.items():
        assert values.epoch_fraction(text) == when, text
        assert values.convert(field, text) == when, text
        assert values.epoch_fraction(values.format_timestamp(field, when)) == when, text
    assert values.format_timestamp(field, NEGATIVE_FRACTIONS["-0.5"]) == "-0.500"
    lines = "".join(f"{text}\t1.2.3.4\n" for text in NEGATIVE_FRACTIONS).encode()
    expected = list(NEGATIVE_FRACTIONS.values())
    records = awslogparse.iter_records(lines, "cloudfront_realtime", fields="timestamp c-ip")
    assert [r["timestamp"] for r in records] == expected
    for fast in (True, False):
        batches = awslogparse.iter_batches(lines, "cloudfront_realtime", fields="timestamp c-ip",
                                           fast=fast)
        table = pa.Table.from_batches(list(batches))
        assert table.column("timestamp").to_pylist() == expected
        assert batches.fast_blocks == int(fast)
