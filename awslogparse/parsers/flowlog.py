"""VPC and Transit Gateway flow logs: the per-line reference parser (standard library only).

A flow log line is space-separated values in a layout fixed per flow log: the default layout, a
custom ``${field}`` format, or the header line that S3-delivered files start with. For each layout
we generate one small function (like ``collections.namedtuple`` does) so the hot loop is a split,
a tuple unpack and one dict display, with no per-field function calls.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from awslogparse import values
from awslogparse.model import Field, FieldType, ParseError, Record
from awslogparse.parsers.base import Format, LineFailure, LineParserBase, plain_text
from awslogparse.specs import FormatSpec, load_spec

FAMILY = ("vpcflow", "tgwflow")
"""Formats this module parses; they share one line syntax and one field catalogue."""

_NAME_TOKEN = re.compile(r"[a-z][a-z0-9_-]*\Z")
_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
_TS_CACHE_LIMIT = 65536


def catalogue(spec: FormatSpec) -> dict[str, Field]:
    """Every field a layout of this format may name: its own first, then the sibling format's."""
    return _catalogue(spec.name)


@functools.cache
def _catalogue(name: str) -> dict[str, Field]:
    names: dict[str, Field] = {}
    for fmt in (name, *FAMILY):
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
        names = _PLACEHOLDER.findall(fields) if "${" in fields else fields.split()
        if "${" in fields and _PLACEHOLDER.sub("", fields).strip():
            raise ParseError(f"format string has text outside ${{...}} placeholders: {fields!r}")
    else:
        names = [str(n) for n in fields]
    if not names:
        raise ParseError("a flow log format names at least one field")
    known = catalogue(spec)
    out = []
    for raw in names:
        name = raw.strip()
        if not _NAME_TOKEN.match(name):
            raise ParseError(f"not a flow log field name: {raw!r}")
        out.append(known.get(name) or unknown_field(name))
    if len({f.name for f in out}) != len(out):
        raise ParseError(f"a field is named twice in {names}")
    return tuple(out)


def looks_like_header(tokens: Sequence[str], known: dict[str, Field]) -> bool:
    """A header names fields: every token is name-shaped and most are names we know."""
    hits = 0
    for tok in tokens:
        if not _NAME_TOKEN.match(tok):
            return False
        hits += tok in known
    return hits * 2 > len(tokens)


# ---- value conversion lives in awslogparse.values (shared by every delimited format)

decimal = values.decimal
epoch_seconds = values.epoch_seconds
convert = values.convert


@functools.lru_cache(maxsize=256)
def compile_layout(layout: tuple[Field, ...], strict: bool = True
                   ) -> Callable[[list[str]], Record]:
    """Generate ``tokens -> record`` for one layout. Raises ValueError on a bad value.

    ``strict=False`` converts integers with ``int`` itself, which is right only for tokens of
    :func:`plain_text` (the common case, and the faster code). Cached: a file with a header line
    per record (concatenated objects) must not generate code per line."""
    args = [f"v{i}" for i in range(len(layout))]
    items = ", ".join(f"{f.name!r}: {values.expression(f, v, strict)}"
                      for f, v in zip(layout, args, strict=True))
    unpack = ", ".join(args) + ("," if len(args) == 1 else "")
    source = f"def build(tokens):\n    {unpack} = tokens\n    return {{{items}}}\n"
    namespace: dict[str, Any] = dict(values.NAMESPACE)
    exec(compile(source, f"<flowlog layout {len(layout)} fields>", "exec"), namespace)
    build: Callable[[list[str]], Record] = namespace["build"]
    return build


def explain(layout: Sequence[Field], tokens: Sequence[str]) -> str:
    """The reason a line failed: the wrong field count or the first field that will not convert."""
    if len(tokens) != len(layout):
        extra = ""
        if len(tokens) > len(layout):
            extra = f" (unexpected trailing {' '.join(tokens[len(layout):])[:80]!r})"
        return f"expected {len(layout)} fields, got {len(tokens)}{extra}"
    for field, value in zip(layout, tokens, strict=True):
        try:
            convert(field, value)
        except ValueError as exc:
            return str(exc)
    return "unparseable line"


class LineParser(LineParserBase):
    """Stateful per-source parser: follows header lines, converts data lines.

    Call it with one line (no newline). Returns a record, or ``None`` for a header or blank line;
    raises :class:`ParseError` for a line that is neither.
    """

    def __init__(self, spec: FormatSpec, fields: str | Sequence[str] | None = None) -> None:
        self.spec = spec
        self.known = catalogue(spec)
        layout = parse_fields(fields, spec) if fields is not None else \
            spec.layout_fields(spec.default_layout)
        self.set_layout(layout)

    def set_layout(self, layout: tuple[Field, ...]) -> None:
        self.layout = layout
        self.width = len(layout)
        self._build = compile_layout(layout, strict=False)
        self._build_strict = compile_layout(layout, strict=True)

    def __call__(self, line: str) -> Record | None:
        tokens = line.split()
        if not tokens:
            self.blank += 1
            return None
        # A header's first name may be newer than this library: shape decides, then majority.
        if _NAME_TOKEN.match(tokens[0]) and looks_like_header(tokens, self.known):
            self.set_layout(parse_fields(tokens, self.spec))
            self.headers += 1
            return None
        if len(tokens) == self.width:
            build = self._build if plain_text(line) else self._build_strict
            try:
                return build(tokens)
            except ValueError:
                pass
        raise ParseError(explain(self.layout, tokens), line)

    def parse_many(self, lines: list[str], first_line: int, records: list[Record],
                   failures: list[LineFailure], *, with_lines: bool = False,
                   plain: bool = False) -> None:
        """The same as calling the parser line by line, with the common case (a data line of
        the current width whose first token is no field name) inlined: this loop is where
        ``iter_records`` spends its time. ``plain``: the lines are :func:`plain_text`."""
        strict = not plain
        build = self._build_strict if strict else self._build
        width, known = self.width, self.known
        append = records.append
        lineno = first_line - 1
        for line in lines:
            lineno += 1
            tokens = line.split()
            if len(tokens) == width and tokens[0] not in known:
                try:
                    record = build(tokens)
                except ValueError:
                    pass
                else:
                    if with_lines:
                        record["_line"] = lineno
                    append(record)
                    continue
            try:
                found = self(line)
            except ParseError as exc:
                failures.append((len(records), lineno, exc.reason, line.rstrip("\r")))
                continue
            if found is None:  # a header may have switched the layout
                build = self._build_strict if strict else self._build
                width = self.width
                continue
            if with_lines:
                found["_line"] = lineno
            append(found)


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
    exec(compile(source, f"<flowlog writer {len(layout)} fields>", "exec"), namespace)
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


class FlowLogFormat(Format):
    """VPC and TGW flow logs: every whitespace token is one field, in layout order."""

    tokens_are_columns = True
    fast_path = "awslogparse.parsers.flowlog_arrow"

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        if fields is None:
            return self.spec.layout_fields(self.spec.default_layout)
        return parse_fields(fields, self.spec)

    def line_parser(self, fields: str | Sequence[str] | None = None) -> LineParser:
        return LineParser(self.spec, fields)

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        return line_writer(self.layout(fields))

    def sniff(self, head: str) -> tuple[float, str]:
        return sniff(self.spec.name, head)


_formats: dict[str, FlowLogFormat] = {}


def family(spec: FormatSpec) -> FlowLogFormat:
    """The :class:`Format` of a flow log spec (one object per format)."""
    found = _formats.get(spec.name)
    if found is None:
        found = _formats[spec.name] = FlowLogFormat(spec)
    return found


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
        if (fmt == "tgwflow") == tgw and own:
            return 0.95, f"header line names {fmt} fields ({' '.join(first[:4])} ...)"
        return 0.3, "flow log header line, fields of the sibling format"
    default = LineParser(spec)
    good = 0
    for ln in lines:
        with contextlib.suppress(ParseError):
            good += default(ln) is not None
    if good == len(lines):
        return 0.8, f"lines match the {fmt} default layout ({default.width} fields)"
    return 0.0, "no header and lines do not match the default layout"
