"""The generated line loops (``DelimitedLineParser.parse_many``) against the parser called
line by line, for every format read by the spec-driven line parser.

``parse_many`` runs the common case (a data line of the layout's width that converts) in code
generated per layout, with the split and the builder inlined, and hands every other line to
the per-line reference. This checks that the split never changes an outcome: the same records
(with ``_line`` or without), the same errors at the same positions, the same header and blank
counts and the same layout at the end, for lines taken from the formats' documented examples
and samples, then damaged: carriage returns, NUL bytes, non-ASCII and odd characters, cut or
extra columns, blank and header lines; fed in slices of any size, as the reader feeds blocks.
The formats come from the registry, so a new format of this family is checked unasked."""

from __future__ import annotations

import functools
import gzip
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_golden import GOLDEN_FILES, Golden  # tests/ is on sys.path (conftest.py lives there)

from awslogparse import registry
from awslogparse.model import ParseError, Record
from awslogparse.parsers.base import LineFailure, plain_text
from awslogparse.parsers.delimited import DelimitedLineParser
from awslogparse.testing.delimited import delimited_formats, delimited_layouts, delimited_lines
from awslogparse.testing.flowlog import flowlog_layouts, flowlog_lines, format_string, header_line


def _line_formats() -> list[str]:
    names = []
    for info in registry.BUILTIN:
        fmt = info.format()
        if fmt.spec.framing == "lines" and isinstance(_parser(info.name), DelimitedLineParser):
            names.append(info.name)
    return names


def _fields(name: str) -> Any:
    """The layout the parser is made with: the documented examples' own, where they give one
    (CloudFront real-time logs have no default)."""
    given_fields = [e["fields"] for e in registry.get(name).format().spec.examples
                    if "fields" in e]
    return given_fields[0] if given_fields else None


def _parser(name: str) -> Any:
    return registry.get(name).format().line_parser(_fields(name))


def _sample_lines(name: str) -> list[str]:
    """The lines of the format's own sample files (the golden files name them)."""
    lines: list[str] = []
    for gold in map(Golden, GOLDEN_FILES):
        if gold.format != name:
            continue
        data = gold.path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        lines += data.decode("utf-8", "replace").splitlines()
    return lines


@functools.cache
def _pool(name: str) -> tuple[str, ...]:
    """Lines to draw from: documented examples of the parser's layout (with the header lines
    they come with), then the samples (read once per format, not per example)."""
    fields = _fields(name)
    pool: list[str] = []
    for example in registry.get(name).format().spec.examples:
        if example.get("fields") != fields:
            continue
        header = example.get("header", [])
        pool += [header] if isinstance(header, str) else header
        pool.append(example["line"])
    pool += _sample_lines(name)[:60]
    parser = _parser(name)
    pool.append(" ".join(parser.plan.columns))  # a header of names (flow logs)
    pool.append("#Fields: " + " ".join(parser.plan.columns[:-1]))  # a shorter W3C layout
    pool += ["", "   ", "\t", "#Version: 1.0"]
    return tuple(pool)


@st.composite
def _layout_and_lines(draw: st.DrawFn, name: str) -> tuple[Any, list[str]]:
    """A layout the parser is made with (``fields=``) and lines to read with it: generated
    lines of that layout (where the format's strategies can make them), its header lines, and
    lines of the default layout (documented examples, samples), which fit it or not."""
    fields, lines = _fields(name), list(_pool(name))
    if name in delimited_formats():
        columns = draw(delimited_layouts(name))
        fields = list(columns)
        lines += draw(st.lists(delimited_lines(name, columns), min_size=1, max_size=6))
        lines.append("#Fields: " + " ".join(columns))
    elif registry.get(name).format().spec.family == "flowlog":
        layout = draw(flowlog_layouts(name))
        fields = format_string(layout)
        lines += draw(st.lists(flowlog_lines(name, layout), min_size=1, max_size=6))
        lines.append(header_line(layout))
    return fields, lines


def _delimited(parser: Any) -> DelimitedLineParser:
    assert isinstance(parser, DelimitedLineParser)
    return parser


FORMATS = _line_formats()
_BUDGET = max(5, settings().max_examples * 2 // max(1, len(FORMATS)))
per_format = settings(max_examples=_BUDGET, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])

_ODD = ["\r", "\x00", "é", "\u2003", "\t", " ", '"', "#", "\\", "\\\\", "+", "_", "\u0663",
        "1", "-", "[", "]", "%", "\x0b"]
"""Characters a damaged line gains: ``\\\\`` is Classic ELB's escaped backslash."""


@st.composite
def _damaged(draw: st.DrawFn, line: str) -> str:
    kind = draw(st.sampled_from(["as is", "as is", "as is", "cr", "insert", "replace", "cut",
                                 "extra", "drop", "empty last"]))
    if kind == "cr":
        return line + draw(st.sampled_from(["\r", "\r\r", " \r"]))
    if kind == "extra":
        return line + draw(st.sampled_from([" extra", "\textra", " -", " 7", ' "x y"', "\t",
                                            " "]))
    if kind in ("drop", "empty last"):  # the last column gone, or only its text
        cut = max(line.rfind(" "), line.rfind("\t"))
        return line if cut <= 0 else line[:cut] if kind == "drop" else line[:cut + 1]
    if not line:
        return draw(st.sampled_from(_ODD))
    at = draw(st.integers(0, len(line) - 1))
    if kind == "cut":
        return line[:at]
    odd = draw(st.sampled_from(_ODD))
    if kind == "insert":
        return line[:at] + odd + line[at:]
    return line[:at] + odd + line[at + 1:]


def _line_by_line(parser: DelimitedLineParser, lines: list[str], with_lines: bool
                  ) -> tuple[list[Record], list[LineFailure]]:
    """What ``parse_many`` promises: each line through the parser itself (which drops one
    carriage return at the end, as a line's end, where columns are not whitespace-separated).
    An error quotes the line without that carriage return, or, for whitespace-separated
    formats of one exact width, without any trailing carriage returns."""
    exact = not (parser._strip_cr or parser._tolerant or parser._w3c)
    records: list[Record] = []
    failures: list[LineFailure] = []
    for lineno, line in enumerate(lines, 1):
        if exact:
            raw = line.rstrip("\r")
        else:
            raw = line[:-1] if parser._strip_cr and line[-1:] == "\r" else line
        try:
            found = parser(line)
        except ParseError as exc:
            failures.append((len(records), lineno, exc.reason, raw))
            continue
        if found is not None:
            if with_lines:
                found["_line"] = lineno
            records.append(found)
    return records, failures


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_generated_loops_agree_with_the_parser_line_by_line(fmt: str, data: st.DataObject
                                                              ) -> None:
    fields, pool = data.draw(_layout_and_lines(fmt))
    picked = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=24))
    lines = [data.draw(_damaged(line)) for line in picked]
    with_lines = data.draw(st.booleans())
    size = data.draw(st.integers(1, 30))
    plain = plain_text("\n".join(lines))

    fast, reference = (_delimited(registry.get(fmt).format().line_parser(fields))
                       for _ in range(2))
    records: list[Record] = []
    failures: list[LineFailure] = []
    for start in range(0, len(lines), size):
        fast.parse_many(lines[start:start + size], start + 1, records, failures,
                        with_lines=with_lines, plain=plain)
    expected, expected_failures = _line_by_line(reference, lines, with_lines)

    assert records == expected
    assert [list(r) for r in records] == [list(r) for r in expected]  # key order too
    assert failures == expected_failures
    assert (fast.headers, fast.blank) == (reference.headers, reference.blank)
    assert fast.plan.columns == reference.plan.columns


def test_every_line_format_is_checked() -> None:
    """The formats above are those whose line parser is the spec-driven one: at least the
    flow logs and the HTTP access logs, so an empty list cannot pass unnoticed."""
    families = {registry.get(name).format().spec.family for name in FORMATS}
    assert {"flowlog"} < families
    assert len(FORMATS) >= 2


@pytest.mark.parametrize("width", [1, 2])
def test_a_header_of_names_that_would_convert_is_still_a_header(width: int) -> None:
    """A flow log layout of text fields only: its header line converts like a data line, so
    the generated loop must ask whether it is a header before building a record of it."""
    columns = ["interface-id", "vpc-id"][:width]
    header = " ".join(columns)
    data = " ".join(["eni-0a1b2c3d", "vpc-0a1b2c3d"][:width])
    lines = [header, data, header, data]
    parser = registry.get("vpcflow").format().line_parser(" ".join(f"${{{c}}}" for c in columns))
    records: list[Record] = []
    failures: list[LineFailure] = []
    parser.parse_many(lines, 1, records, failures, plain=True)
    assert (len(records), failures, parser.headers) == (2, [], 2)
    assert records[0]["interface_id"] == "eni-0a1b2c3d"


def test_a_blank_line_is_blank_in_a_one_column_layout() -> None:
    """Tab-separated columns: a line of blanks splits into one column of blanks, which a
    layout of one text column would take as a record; it is a blank line."""
    parser = registry.get("cloudfront").format().line_parser(["x-edge-location"])
    records: list[Record] = []
    failures: list[LineFailure] = []
    parser.parse_many(["\t", "   ", "SOF50-P2", " \r"], 1, records, failures, plain=True)
    assert (records, failures, parser.blank) == ([{"x_edge_location": "SOF50-P2"}], [], 3)


def test_headers_and_blank_lines_anywhere_in_a_block() -> None:
    """Each header line hands the rest of the block to the layout's loop, which goes on where
    the last one stopped (one iterator over the block, never a copy of its rest): every line is
    read once, in order, however many headers and blank lines a block holds."""
    parser = registry.get("vpcflow").format().line_parser()
    lines = ["", "", *["version srcaddr", "2 10.0.0.1", "", "2 10.0.0.2"] * 500,
             "version dstaddr", "2 10.0.0.3"]
    records: list[Record] = []
    failures: list[LineFailure] = []
    parser.parse_many(lines, 1, records, failures, with_lines=True, plain=True)
    assert failures == []
    assert (parser.headers, parser.blank, len(records)) == (501, 502, 1001)
    assert [r["_line"] for r in records[:3]] == [4, 6, 8]
    assert records[-1] == {"version": 2, "dstaddr": "10.0.0.3", "_line": len(lines)}


def _quoted_formats() -> list[str]:
    """The formats whose loop splits quoted lines itself (the structured tokenizer's)."""
    return [name for name in FORMATS if _delimited(_parser(name))._quoted[0]]


def _quoted_variants(line: str) -> list[str]:
    """A data line with quoted columns, edited where the loop's own split must hand the line to
    the tokenizer or pad it: escapes inside quotes, a quote at the start, empty and spaced
    quoted columns, a column cut from or added to the end, quotes out of place."""
    first = line.index('"')
    close = line.index('"', first + 1)
    inside = line[first + 1:close]
    head, tail = line[:first], line[close + 1:]
    cut = line.rfind(" ")
    return [
        line,
        f'{head}"{inside}\\\\x"{tail}',      # an escaped backslash (Classic ELB unescapes it)
        f'{head}"{inside}\\"x"{tail}',        # an escaped quote
        f'{head}"a\\b"{tail}',
        f'"{line}',                           # a quote before the first column
        f'"{head.rstrip()}" {inside}{tail}',  # the same count of quotes, the first one first
        f'{head}""{tail}',                    # an empty quoted column
        f'{head}" "{tail}',
        f'{head}"{inside}"x{tail}',           # text glued to a closing quote
        f"{head}x{inside}{tail}",             # the quotes gone
        line[:cut],                           # the last column cut (padded, or an error)
        line[:line.rfind('"')] + '"',         # ends at the last quote
        line + " extra",
        line + ' "x y"',
        line.replace('" "', '"  "', 1),
    ]


@pytest.mark.parametrize("fmt", _quoted_formats())
def test_the_loops_own_quoted_split_hands_over_what_it_cannot_take(fmt: str) -> None:
    """Lines next to the one shape the loop splits itself, for each such format: records,
    errors and their order as the parser gives them line by line. (The Hypothesis test above
    reaches these too, but only by chance.)"""
    quoted = [line for line in _pool(fmt) if line.count('"') >= 2 and not line.startswith("#")]
    assert quoted, f"{fmt}: no line with quoted columns to edit"
    lines = [variant for line in quoted[:6] for variant in _quoted_variants(line)]
    fast, reference = (_delimited(_parser(fmt)) for _ in range(2))
    records: list[Record] = []
    failures: list[LineFailure] = []
    fast.parse_many(lines, 1, records, failures, with_lines=True,
                    plain=plain_text("\n".join(lines)))
    expected, expected_failures = _line_by_line(reference, lines, with_lines=True)
    assert records == expected
    assert [list(r) for r in records] == [list(r) for r in expected]
    assert failures == expected_failures
    assert len(records) > len(quoted[:6])  # the unedited lines and some edits are records


def test_some_formats_split_quoted_lines_in_the_loop() -> None:
    assert {"alb", "clb"} <= set(_quoted_formats())


REQUESTS = ["GET http://example.com:80/a?b=1 HTTP/1.1", "GET http://h/a b c HTTP/2.0", "GET",
            "GET http://h/", "- - -", "-", "", " GET x HTTP/1.1", "GET x HTTP/1.1 ",
            "GET  HTTP/1.1", "GET x  HTTP/1.1", "\tGET x y", "GET x y\t", "\u2003GET x y",
            "GET x y\u2003", "GET x\ty", "GET\tx y", "é x y", "GET x y\x1f", " ", "  a  "]
"""Request column values, common and odd: the generated split's common case and every case it
hands to ``split_request``."""


def _request_formats() -> list[str]:
    return [name for name in FORMATS
            if any(f.part == "method" for f in _delimited(_parser(name)).plan.fields)]


@pytest.mark.parametrize("fmt", _request_formats())
def test_request_columns_split_as_split_request_does(fmt: str) -> None:
    """Every builder (plain, ASCII, strict) gives each request value's method, URL and
    protocol as ``split_request`` does, with the fields' null markers."""
    from awslogparse.parsers.delimited import split_request

    plan = _delimited(_parser(fmt)).plan
    parts = {f.part: f for f in plan.fields if f.part in ("method", "url", "protocol")}
    column = plan.columns.index(parts["method"].wire_name)
    tokens = ["-"] * plan.width
    for build in (plan.build, plan.build_ascii, plan.build_strict):
        for value in REQUESTS:
            if build is plan.build_ascii and not value.isascii():
                continue  # (the ASCII builder is only handed ASCII lines)
            tokens[column] = value
            record = build(list(tokens))
            want = dict(zip(("method", "url", "protocol"), split_request(value), strict=True))
            got = {part: record[f.name] for part, f in parts.items()}
            assert got == {part: None if text in parts[part].nulls else text
                           for part, text in want.items()}, (fmt, value)
