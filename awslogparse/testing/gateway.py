"""Hypothesis strategies for API Gateway logs: access log templates and their lines, and
execution log lines.

A template is drawn from the spec's variable table (and now and then a variable the table
lacks, such as a JWT claim): literal text between the variables (blanks, commas, bars, tabs,
quotes and brackets around a value), or a JSON object whose values hold the variables, quoted
or, for numbers, bare. Values are drawn so that none holds the first character of the literal
that follows it (a separator in a value makes any template ambiguous, so real templates quote
such values; the parser's search for other splits is tested on its own). Lines are written by
:func:`render_access_line`, this module's own serializer, and the expected record is named by
this module's own reading of the naming rule, so round trips compare two implementations.

Against the family convention (``awslogparse/testing/__init__.py``): records belong to a
template rather than to a format, so :func:`access_records` takes the template that
:func:`access_templates` drew.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

from hypothesis import strategies as st

from awslogparse import registry
from awslogparse.model import Field, FieldType, Record
from awslogparse.specs import FormatSpec, load_spec
from awslogparse.testing._common import (
    TIME_MAX,
    TIME_MIN,
    LineDamage,
    LineKind,
    LinesFile,
    ListedLinesFile,
    chance,
    deliver,
    documented_values,
    fixed,
    ipv4_addresses,
    ipv6_addresses,
    rarely,
)

GATEWAY_ACCESS: Final = "apigateway"
"""The access log format (its spec holds the variable table and AWS's presets)."""
GATEWAY_EXECUTION: Final = "apigateway_execution"
NULL: Final = "-"
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MONTHS: Final = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec")
_SEPARATORS: Final = (" ", " ", ",", ", ", " | ", "\t", ";", " :: ", "|")
"""Text between two values (never starting with a digit, ``-`` or a letter)."""
_WRAPPERS: Final = ("", "", "", '""', "[]", "<>", "''")
"""Pairs around a value: nothing, quotes, brackets."""
REQUEST_IDS: Final = ("$context.requestId", "$context.extendedRequestId")
"""The variables of which an access log format must hold one (AWS refuses a format without
either: set-up-access-logging.html), written on every request."""
_REQUEST_ID_VALUES: Final = {
    "$context.requestId": st.uuids().map(str),  # (a caller's id that is no UUID is replaced)
    "$context.extendedRequestId": fixed(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 15).map(
        lambda s: s + "="),
}
_WORDS: Final = {
    "$context.httpMethod": ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"),
    "$context.protocol": ("HTTP/1.0", "HTTP/1.1", "HTTP/2.0"),
    "$context.identity.caller": ("AIDACKCEVSQ6C2EXAMPLE", "AROAEXAMPLEID:session-1"),
    "$context.identity.user": ("AIDACKCEVSQ6C2EXAMPLE", "AROAEXAMPLEID:session-1"),
}
"""Values of the variables whose spec says they are one word (``word``: HTTP's method and
version, principal ids); addresses are drawn as addresses."""
_VALUE_CHARS: Final = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))
_VARIABLE: Final = re.compile(r"\$context(?:\.[A-Za-z0-9_]+)+")
_CAMEL: Final = re.compile(r"([a-z0-9])([A-Z])")
_ACRONYM: Final = re.compile(r"([A-Z]+)([A-Z][a-z])")


def access_record_name(variable: str) -> str:
    """The record name a variable must get (this module's own reading of the spec's rule:
    drop ``$context.``, split camelCase, lower case, dots and other marks to underscores)."""
    path = variable.removeprefix("$context.").removeprefix("${context.").removesuffix("}")
    parts = []
    for part in path.split("."):
        spaced = _CAMEL.sub(r"\1_\2", _ACRONYM.sub(r"\1_\2", part)).lower()
        parts.append(re.sub(r"[^a-z0-9]+", "_", spaced).strip("_"))
    return "_".join(p for p in parts if p)


@functools.cache
def _spec(format: str = GATEWAY_ACCESS) -> FormatSpec:
    return load_spec(registry.get(format).spec_name)


@functools.cache
def gateway_formats() -> tuple[str, ...]:
    """Every registered format the API Gateway family module reads."""
    parser = _spec(GATEWAY_ACCESS).parser
    return tuple(n for n in registry.formats() if load_spec(registry.get(n).spec_name).parser
                 == parser)


@functools.cache
def access_variable_table(format: str = GATEWAY_ACCESS) -> tuple[tuple[str, Field], ...]:
    """(variable as written, field) for every variable of the spec's table."""
    return tuple((f.wire_name, f) for f in _spec(format).schema)


# ---- templates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessSlot:
    """One variable of a generated template."""

    variable: str
    name: str
    field: Field
    stop: str
    """The first character of the literal after it (values must not hold it); empty for the
    last variable."""
    bare: bool = False
    """JSON templates: written without quotes (numbers)."""
    in_json: bool = False
    """Inside a JSON string: its text is JSON-escaped."""


@dataclass(frozen=True)
class AccessTemplate:
    """A generated (or preset) template: literals and slots, alternating."""

    kind: Literal["text", "json"]
    pieces: tuple[str | AccessSlot, ...]

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.variable for p in self.pieces)

    @property
    def slots(self) -> tuple[AccessSlot, ...]:
        return tuple(p for p in self.pieces if isinstance(p, AccessSlot))


def _unknown_variable() -> st.SearchStrategy[tuple[str, Field]]:
    """A variable the table lacks (a claim, a context key of an authorizer): text."""
    word = st.from_regex(r"[a-z][a-zA-Z0-9]{0,10}", fullmatch=True)
    prefix = st.sampled_from(("authorizer.claims", "authorizer", "authorizer.claims.custom"))
    return st.builds(lambda p, w: (f"$context.{p}.{w}", Field(
        name=access_record_name(f"$context.{p}.{w}"), wire_name=f"$context.{p}.{w}",
        type=FieldType.STR)), prefix, word)


@st.composite
def _variables(draw: st.DrawFn, max_size: int) -> list[tuple[str, Field]]:
    """Distinct variables (distinct record names too), now and then one the table lacks."""
    known = access_variable_table()
    chosen = draw(st.lists(st.sampled_from(known), min_size=1, max_size=max_size,
                           unique_by=lambda item: item[1].name))
    if not any(variable in REQUEST_IDS for variable, _ in chosen):  # AWS requires one
        table = dict(known)
        variable = draw(st.sampled_from(REQUEST_IDS))
        chosen[draw(st.integers(0, len(chosen) - 1))] = (variable, table[variable])
    if draw(rarely(st.just(False), st.just(True), 4)):
        extra = draw(_unknown_variable())
        if extra[1].name not in {f.name for _, f in chosen}:
            chosen.insert(draw(st.integers(0, len(chosen))), extra)
    return chosen


def _wire_chars(field: Field) -> str:
    """Characters a value of ``field`` may hold on the wire (beyond letters and digits)."""
    if field.type is FieldType.TIMESTAMP and field.unit == "clf":
        return " /:+"
    if field.type is FieldType.IP:
        return ".:"
    if field.type is FieldType.STR:
        return "*"  # any: text values are drawn to avoid the stop character
    return ""


def _safe_stop(field: Field, stop: str) -> bool:
    chars = _wire_chars(field)
    return chars != "*" and stop not in chars and stop != NULL and not stop.isalnum()


@st.composite
def access_templates(draw: st.DrawFn, kind: Literal["text", "json"] | None = None,
                     max_variables: int = 8) -> AccessTemplate:
    """A template of variables from the table: text (separators, quoted or bracketed values,
    a prefix and suffix now and then) or JSON (keys, quoted values, bare numbers, a nested
    object now and then)."""
    form = kind or draw(st.sampled_from(("text", "text", "json")))
    variables = draw(_variables(max_variables))
    if form == "json":
        return _json_template(draw, variables)
    count = len(variables)
    wraps = [draw(st.sampled_from(_WRAPPERS)) for _ in variables]
    separators = [draw(st.sampled_from(_SEPARATORS)) for _ in variables[1:]]
    for i, (_, field) in enumerate(variables[:-1]):  # a stop the value's text may hold:
        stop = (wraps[i][1:] + separators[i])[:1]    # bracket the value
        if _wire_chars(field) != "*" and not _safe_stop(field, stop):
            wraps[i] = "[]"
    prefix = draw(rarely(st.just(""), st.sampled_from(("req ", "<r>", "[api] ")), 4))
    suffix = draw(rarely(st.just(""), st.sampled_from((" ;", "</r>", ".")), 4))
    pieces: list[str | AccessSlot] = [prefix + wraps[0][:1]]
    for i, (variable, field) in enumerate(variables):
        if i < count - 1:
            after = wraps[i][1:] + separators[i] + wraps[i + 1][:1]
            stop = after[:1]
        else:
            after, stop = wraps[i][1:] + suffix, ""
        pieces += [AccessSlot(variable, access_record_name(variable), field, stop), after]
    return AccessTemplate("text", tuple(pieces))


def _json_key(draw: st.DrawFn, variable: str) -> str:
    leaf = variable.rsplit(".", 1)[-1]
    return draw(st.sampled_from((leaf, access_record_name(variable), variable[len("$context."):])))


def _json_template(draw: st.DrawFn, variables: Sequence[tuple[str, Field]]) -> AccessTemplate:
    pieces: list[str | AccessSlot] = ["{"]
    keys: set[str] = set()
    nested = len(variables) > 2 and draw(rarely(st.just(False), st.just(True), 4))
    for i, (variable, field) in enumerate(variables):
        key = _json_key(draw, variable)
        while key in keys:
            key += "_"
        keys.add(key)
        bare = field.type is FieldType.INT and draw(st.booleans())
        opening = "" if i == 0 else ", "
        if nested and i == len(variables) - 1:
            opening += '"more": {'
        head = f"{opening}{json.dumps(key)}:" + ("" if bare else '"')
        last = pieces[-1]
        assert isinstance(last, str)
        pieces[-1] = last + head
        close = "" if bare else '"'
        tail = close + ("}}" if nested and i == len(variables) - 1 else
                        "}" if i == len(variables) - 1 else "")
        stop = (tail + ", ")[:1]
        pieces += [AccessSlot(variable, access_record_name(variable), field, stop, bare=bare,
                        in_json=not bare), tail]
    return AccessTemplate("json", tuple(pieces))


def access_preset(name: str, format: str = GATEWAY_ACCESS) -> AccessTemplate:
    """One of AWS's presets from the spec, split by this module's own reading."""
    source = dict(_spec(format).templates)[name]
    fields = dict(access_variable_table(format))
    kind: Literal["text", "json"] = "json" if source.lstrip().startswith("{") else "text"
    pieces: list[str | AccessSlot] = []
    position = 0
    found = list(_VARIABLE.finditer(source))
    for i, match in enumerate(found):
        pieces.append(source[position:match.start()])
        end = found[i + 1].start() if i + 1 < len(found) else len(source)
        stop = source[match.end():end][:1] if i + 1 < len(found) else ""
        variable = match.group()
        field = fields.get(variable) or Field(name=access_record_name(variable), wire_name=variable,
                                              type=FieldType.STR)
        in_json = kind == "json" and source[:match.start()].count('"') % 2 == 1
        pieces.append(AccessSlot(variable, access_record_name(variable), field, stop,
                           bare=kind == "json" and not in_json, in_json=in_json))
        position = match.end()
    pieces.append(source[position:])
    return AccessTemplate(kind, tuple(pieces))


def access_presets(format: str = GATEWAY_ACCESS) -> tuple[str, ...]:
    return tuple(name for name, _ in _spec(format).templates)


# ---- values and lines ------------------------------------------------------------------------


@functools.cache
def _text_values(stop: str, json_string: bool) -> st.SearchStrategy[str]:
    """Text of a string variable: never the null marker, never the stop character; inside a
    JSON string anything goes (it is escaped)."""
    chars = _VALUE_CHARS if json_string else st.characters(
        codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"),
        exclude_characters=stop + "\x85")
    common = st.from_regex(r"[A-Za-z0-9/_.:@=+]{1,24}", fullmatch=True)
    text = rarely(common, st.text(chars, min_size=1, max_size=24), 4)
    return text.filter(lambda s: s != NULL and s.strip() != "" and (json_string or stop not in s))


def _timestamps(unit: str) -> st.SearchStrategy[datetime]:
    seconds = st.integers(TIME_MIN, TIME_MAX).map(lambda s: _EPOCH + timedelta(seconds=s))
    if unit == "ms":
        return st.builds(lambda t, ms: t + timedelta(milliseconds=ms), seconds,
                         st.integers(0, 999))
    return seconds


@functools.cache
def access_slot_values(slot: AccessSlot) -> st.SearchStrategy[Any]:
    """Non-null values of one variable, as the record must hold them."""
    field = slot.field
    kind = field.type
    documented = documented_values(field)
    if documented is not None:
        return documented.filter(lambda v: v != NULL)
    if kind is FieldType.INT:
        return st.integers(0, min(field.int_range[1], 2**40))
    if kind is FieldType.FLOAT:
        return st.integers(0, 10**6).map(lambda n: n / 100)
    if kind is FieldType.TIMESTAMP:
        return _timestamps(field.unit)
    if kind is FieldType.IP:
        return rarely(ipv4_addresses(), ipv6_addresses(), 3)
    if field.enum and not field.open_enum:
        return st.sampled_from([str(v) for v in field.enum])
    if slot.variable in _REQUEST_ID_VALUES:
        return _REQUEST_ID_VALUES[slot.variable]
    if field.word:  # (a blank in one would let a text line split another way)
        one_word = _text_values(slot.stop, slot.in_json).filter(lambda s: " " not in s)
        words = _WORDS.get(slot.variable)
        return one_word if words is None else rarely(st.sampled_from(words), one_word, 4)
    return _text_values(slot.stop, slot.in_json)


@st.composite
def access_records(draw: st.DrawFn, template: AccessTemplate, *, nulls: bool = True) -> Record:
    """A record of ``template``: each variable's typed value (``None`` now and then), in the
    template's order, under the name the naming rule gives."""
    record: Record = {}
    for slot in template.slots:
        if nulls and slot.variable not in REQUEST_IDS and draw(chance(5)):
            record[slot.name] = None
        else:
            record[slot.name] = draw(access_slot_values(slot))
    return record


def access_wire_text(field: Field, value: Any) -> str:
    """A value as API Gateway writes it (``-`` for none)."""
    if value is None:
        return NULL
    if field.type is FieldType.TIMESTAMP:
        value = value.astimezone(UTC)
        if field.unit == "ms":
            return str((value - _EPOCH) // timedelta(milliseconds=1))
        if field.unit == "s":
            return str((value - _EPOCH) // timedelta(seconds=1))
        return (f"{value.day:02d}/{_MONTHS[value.month - 1]}/{value.year:04d}:"
                f"{value.hour:02d}:{value.minute:02d}:{value.second:02d} +0000")
    return str(value)


def render_access_line(template: AccessTemplate, record: Record) -> str:
    """The line a stage with ``template`` writes for ``record`` (this module's serializer)."""
    out = []
    for piece in template.pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        text = access_wire_text(piece.field, record.get(piece.name))
        out.append(json.dumps(text, ensure_ascii=False)[1:-1] if piece.in_json else text)
    return "".join(out)


# ---- whole files -----------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class AccessFile(LinesFile):
    """A file of access log lines of one template (given to the reader as ``fields``)."""

    template: AccessTemplate | None = None
    expected: tuple[Record, ...] = ()

    @property
    def records(self) -> Sequence[Record]:
        return self.expected

    @property
    def fields(self) -> str:
        assert self.template is not None
        return self.template.text

    def junk_guard(self, index: int, junk: bytes) -> bytes:
        return access_junk_guard(index, junk)


@st.composite
def access_files(draw: st.DrawFn, template: AccessTemplate | None = None, *,
                 max_lines: int = 6, compressed: bool | None = None) -> AccessFile:
    """A whole file of one template's lines: blank lines, CRLF, gzip members now and then."""
    chosen = template if template is not None else draw(access_templates())
    records = draw(st.lists(access_records(chosen), min_size=1, max_size=max_lines))
    lines = [render_access_line(chosen, r) for r in records]
    kinds: list[LineKind] = ["data"] * len(lines)
    make = functools.partial(AccessFile, format=GATEWAY_ACCESS, template=chosen,
                             expected=tuple(records))
    return deliver(draw, make, lines, kinds, blank_lines=draw(st.booleans()),
                   compressed=compressed)


def access_line_damage(file: AccessFile) -> dict[str, LineDamage]:
    """Ways to spoil one line of ``file`` so it must read as an error: a number variable's
    value replaced by a word, the line's last literal cut off, or text that is no line."""
    assert file.template is not None
    template = file.template
    rows = tuple(i for i, k in enumerate(file.kinds) if k == "data")
    numbers = [s for s in template.slots if s.field.type in (FieldType.INT, FieldType.TIMESTAMP)]
    records = dict(zip(rows, file.records, strict=True))
    out: dict[str, LineDamage] = {}

    def bad_value(draw: st.DrawFn, index: int) -> tuple[str, str]:
        slot = draw(st.sampled_from(numbers))
        broken = {**records[index]}
        spoilt = replace(slot.field, type=FieldType.STR)
        pieces = tuple(replace(p, field=spoilt) if isinstance(p, AccessSlot) and p == slot else p
                       for p in template.pieces)
        broken[slot.name] = draw(st.sampled_from(("x", "twelve", "1e3", "0x1F")))
        return render_access_line(AccessTemplate(template.kind, pieces), broken), \
            slot.variable

    if numbers:
        out["bad-value"] = LineDamage(rows, bad_value)
    ending = template.pieces[-1]
    last = template.slots[-1]
    if isinstance(ending, str) and ending.strip() and (
            template.kind == "json" or last.field.type is not FieldType.STR):
        def cut(draw: st.DrawFn, index: int) -> tuple[str, str]:
            line = render_access_line(template, records[index])
            return line[:len(line) - len(ending)], "end with"
        out["cut-end"] = LineDamage(rows, cut)
    return out


def access_junk_guard(index: int, junk: bytes) -> bytes:
    """A junk line always holds a NUL byte (binary data, never a line of any template)."""
    return junk + b"\x00"


# ---- execution logs --------------------------------------------------------------------------


@st.composite
def execution_records(draw: st.DrawFn) -> Record:
    """An execution log record: a request id and a message (names from the spec)."""
    request_id, message = _spec(GATEWAY_EXECUTION).schema.fields
    text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                   max_size=60)
    return {request_id.name: str(draw(st.uuids())), message.name: draw(text)}


def render_execution_line(record: Record) -> str:
    request_id, message = _spec(GATEWAY_EXECUTION).schema.fields
    return f"({record[request_id.name]}) {record[message.name]}"


@dataclass(frozen=True, repr=False)
class ExecutionFile(ListedLinesFile):
    """A file of execution log lines (as a CloudWatch Logs export or a copy of one holds)."""


@st.composite
def execution_files(draw: st.DrawFn, *, max_lines: int = 6,
                    compressed: bool | None = None) -> ExecutionFile:
    """A file of :func:`execution_records` lines: CRLF and gzip members now and then."""
    records = draw(st.lists(execution_records(), min_size=1, max_size=max_lines))
    lines = [render_execution_line(r) for r in records]
    kinds: list[LineKind] = ["data"] * len(lines)
    make = functools.partial(ExecutionFile, format=GATEWAY_EXECUTION, expected=tuple(records))
    return deliver(draw, make, lines, kinds, compressed=compressed)


__all__ = [
    "GATEWAY_ACCESS",
    "GATEWAY_EXECUTION",
    "AccessFile",
    "AccessSlot",
    "AccessTemplate",
    "ExecutionFile",
    "access_files",
    "access_junk_guard",
    "access_line_damage",
    "access_preset",
    "access_presets",
    "access_record_name",
    "access_records",
    "access_slot_values",
    "access_templates",
    "access_variable_table",
    "access_wire_text",
    "execution_files",
    "execution_records",
    "gateway_formats",
    "render_access_line",
    "render_execution_line",
]
