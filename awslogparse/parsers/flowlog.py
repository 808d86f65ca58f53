"""VPC and Transit Gateway flow logs: the flow-log rules on the shared delimited parser.

A flow log line is space-separated values in a layout fixed per flow log: the default layout, a
custom ``${field}`` format, or the header line that S3-delivered files start with. The shared
machinery (``parsers/delimited.py``: generated per-layout builders, header-switched layouts,
value conversion) parses; this module keeps what is flow-log specific: format strings and field
name rules, the two sibling formats' shared catalogue, a tuned line writer and the sniffer.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime

from awslogparse import values
from awslogparse.codegen import define
from awslogparse.model import TYPE_CHECKING, Field, FieldType, ParseError, Record
from awslogparse.parsers.base import one_per_format
from awslogparse.parsers.delimited import (
    HEADER_NAME,
    PLACEHOLDER,
    DelimitedFormat,
    DelimitedLineParser,
    looks_like_header,
)
from awslogparse.specs import FormatSpec, load_spec

if TYPE_CHECKING:
    from typing import Any

FAMILY = ("vpcflow", "tgwflow")
"""Formats this module parses; they share one line syntax and one field catalogue."""

_NAME_TOKEN = HEADER_NAME
_TS_CACHE_LIMIT = 65536


def catalogue(spec: FormatSpec) -> dict[str, Field]:
    """Every field a layout of this format may name: its own first, then the sibling format's."""
    return _catalogue(spec.name)


@functools.cache
def _catalogue(name: str, *, own: bool = False) -> dict[str, Field]:
    """By field and wire name; ``own``: this format's fields only (a layout that names no
    sibling's field then loads no sibling's spec: a Lambda cold start's header line)."""
    names: dict[str, Field] = {}
    for fmt in (name,) if own else (name, *FAMILY):
        for f in load_spec(fmt).schema:
            names.setdefault(f.name, f)
            names.setdefault(f.wire_name, f)
    return names


def unknown_field(name: str) -> Field:
    """A field newer than this library: kept, as a string, under its snake_case name."""
    wire = name.replace("_", "-")
    return Field(name=wire.replace("-", "_"), wire_name=wire, type=FieldType.STR,
                 description="not in the spec: kept as text")


def parse_fields(fields: str | Sequence[str], spec: FormatSpec) -> tuple[Field, ...]:
    """Resolve a ``${a} ${b}`` format string, a space-separated name list or a list of names."""
    if isinstance(fields, str):
        names = PLACEHOLDER.findall(fields) if "${" in fields else fields.split()
        if "${" in fields and PLACEHOLDER.sub("", fields).strip():
            raise ParseError(f"format string has text outside ${{...}} placeholders: {fields!r}")
    else:
        names = [str(n) for n in fields]
    if not names:
        raise ParseError("a flow log format names at least one field")
    own = _catalogue(spec.name, own=True)
    out = []
    for raw in names:
        name = raw.strip()
        if not _NAME_TOKEN.match(name):
            raise ParseError(f"not a flow log field name: {raw!r}")
        out.append(own.get(name) or catalogue(spec).get(name) or unknown_field(name))
    if len({f.name for f in out}) != len(out):
        raise ParseError(f"a field is named twice in {names}")
    return tuple(out)


# ---- value conversion and the line parser are the shared ones (awslogparse.values, delimited)

decimal = values.decimal
epoch_seconds = values.epoch_seconds
convert = values.convert


class LineParser(DelimitedLineParser):
    """Stateful per-source parser: follows header lines, converts data lines. The shared
    delimited parser does the work (the spec's ``header = "names"`` makes a line of field names
    switch the layout, as CloudFront's ``#Fields:`` does).

    Call it with one line (no newline). Returns a record, or ``None`` for a header or blank line;
    raises :class:`ParseError` for a line that is neither.
    """

    def __init__(self, spec: FormatSpec, fields: str | Sequence[str] | None = None) -> None:
        super().__init__(family(spec), fields)
        self.spec = spec


def parse_line(line: str, spec: FormatSpec, fields: str | Sequence[str] | None = None) -> Record:
    """Parse one data line on its own (a header line is an error here: it holds no record)."""
    record = LineParser(spec, fields)(line)
    if record is None:
        raise ParseError("not a data line (blank or header)", line)
    return record


format_value = values.format_value


def format_line(record: Record, layout: Sequence[Field]) -> str:
    """Write a record back as AWS would: the inverse of parsing. The plain reference; callers
    that write many lines use :func:`line_writer`, which tests check against this."""
    return " ".join(format_value(f, record.get(f.name)) for f in layout)


_epoch_text: dict[datetime, str] = {}


def _epoch(value: datetime) -> str:
    """Flow logs repeat window bounds: remember each datetime's text."""
    if len(_epoch_text) >= _TS_CACHE_LIMIT:
        _epoch_text.clear()
    text = _epoch_text[value] = str(int(value.timestamp()))
    return text


@functools.lru_cache(maxsize=256)
def line_writer(layout: tuple[Field, ...]) -> Callable[[Mapping[str, Any]], str]:
    """``record -> line`` for one layout, as one generated f-string: what :func:`format_line`
    does, without a function call per field (filter patterns write a line per record)."""
    parts = []
    for i, f in enumerate(layout):
        if f.type is FieldType.TIMESTAMP and f.unit == "s":
            value = f"(_seen(v{i}) or _epoch(v{i}))"
        elif f.type in (FieldType.INT, FieldType.STR, FieldType.IP):
            value = f"v{i}"
        else:
            value = f"_value(_layout[{i}], v{i})"
        parts.append(f"{{{f.nulls[0]!r} if (v{i} := g({f.name!r})) is None else {value}}}")
    source = "def write(record):\n    g = record.get\n    return f\"" + " ".join(parts) + "\"\n"
    namespace: dict[str, Any] = {"_seen": _epoch_text.get, "_epoch": _epoch,
                                 "_value": format_value, "_layout": layout}
    define(source, f"<flowlog writer {len(layout)} fields>", namespace)
    write: Callable[[Mapping[str, Any]], str] = namespace["write"]
    return write


def header_line(layout: Iterable[Field]) -> str:
    """The header S3-delivered files start with (hyphenated names)."""
    return " ".join(f.wire_name for f in layout)


@functools.cache
def _tgw_only() -> frozenset[str]:
    """Names (wire and snake) only Transit Gateway flow logs have: a header naming one is TGW."""
    vpc = load_spec("vpcflow").schema
    return frozenset(name for f in load_spec("tgwflow").schema if f.name not in vpc
                     for name in (f.name, f.wire_name))


@functools.cache
def _vpc_only() -> frozenset[str]:
    """Names (wire and snake) only VPC flow logs have (``interface-id``, ``action``): a table
    naming one is no Transit Gateway flow log."""
    tgw = load_spec("tgwflow").schema
    return frozenset(name for f in load_spec("vpcflow").schema if f.name not in tgw
                     for name in (f.name, f.wire_name))


class FlowLogFormat(DelimitedFormat):
    """VPC and TGW flow logs: every whitespace token is one field, in layout order; layouts are
    flow-log format strings or header lines of field names."""

    tokens_are_columns = True
    fast_path = "awslogparse.parsers.flowlog_arrow"

    def columns(self, fields: str | Sequence[str] | None = None) -> tuple[str, ...]:
        if fields is None:
            return self.spec.default_layout
        return tuple(f.wire_name for f in parse_fields(fields, self.spec))

    def line_parser(self, fields: str | Sequence[str] | None = None) -> LineParser:
        return LineParser(self.spec, fields)

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        return line_writer(self.layout(fields))

    def sniff(self, head: str) -> tuple[float, str]:
        return sniff(self.spec.name, head)


family = one_per_format(FlowLogFormat)
"""The :class:`Format` of a flow log spec."""


def sniff(fmt: str, head: str) -> tuple[float, str]:
    """Score how much ``head`` (the first decoded lines) looks like this format, with the reason."""
    lines = [ln for ln in head.split("\n")[:5] if ln.strip()]
    if not lines:
        return 0.0, "empty"
    spec = load_spec(fmt)
    known = catalogue(spec)
    first = lines[0].split()
    if looks_like_header(first, known):
        tgw = any(t in _tgw_only() for t in first)
        own = [t for t in first if t in spec.schema]
        shared = not tgw and not any(t in _vpc_only() for t in first)
        if (fmt == "tgwflow") == tgw and own:
            if shared:  # (a TGW custom format may select these alone: AWS's key is one too)
                return 0.95, (f"header line names fields VPC and Transit Gateway flow logs "
                               f"share ({' '.join(first[:4])} ...): nothing tells them apart, "
                               f"VPC's are taken")
            return 0.95, f"header line names {fmt} fields ({' '.join(first[:4])} ...)"
        if shared and own:
            return 0.3, ("header line names only fields VPC flow logs share (no Transit "
                         "Gateway field): read as VPC's unless format= says otherwise")
        return 0.3, "flow log header line, fields of the sibling format"
    default = LineParser(spec)
    good = 0
    for ln in lines:
        try:
            record = default(ln)
        except ParseError:
            continue
        good += record is not None
    if good == len(lines):
        return 0.8, f"lines match the {fmt} default layout ({default.width} fields)"
    return 0.0, "no header and lines do not match the default layout"


__all__ = ["FAMILY", "FlowLogFormat", "LineParser", "catalogue", "family", "format_line",
           "header_line", "line_writer", "looks_like_header", "parse_fields", "parse_line",
           "sniff", "unknown_field"]
