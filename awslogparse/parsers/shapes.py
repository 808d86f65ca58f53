"""Line formats whose lines come in several known shapes (the "line shapes" family), driven by
their spec: Lambda's platform and runtime lines, RDS database logs, EKS control plane lines, ECS
container output.

A spec lists its ``[[shapes]]`` in the order they are tried. A shape is either a regular
expression whose named groups are record fields (``regex``), or a decoder for messages that are
JSON objects or ``key=value`` pairs (``decode = "json"`` / ``"logfmt"``) whose keys map to
record fields by path. Values are typed by the shared converters (``awslogparse.values`` for
text, ``awslogparse.parsers.jsonrec`` for decoded JSON values, which reads a JSON string holding
a time in a text unit of its own, such as ElastiCache's ``redis``, with that unit's parser), so an
integer, a float, a timestamp or an address is typed exactly as in every other format. Every
record holds every field of the spec (``None`` where its shape has no such value) and ``shape``,
the name of the shape that matched. A unit that fits no shape is a ParseError, unless the spec
ends with a catch-all shape (``generic = true``), whose records keep the text. A unit that has a
shape's form but a value that will not convert (an integer out of range, a time that is no time)
goes on to the next shapes; when none fits, the error names that value.

A unit is one line of a file, or one CloudWatch Logs message, which may hold several lines
(a slow query entry, a stack trace): regular expressions run with ``re.DOTALL`` against the
whole unit, so ``.`` crosses line ends inside it. Files are read line by line; a multi-line
entry is one unit only inside one message.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from awslogparse import values
from awslogparse.codegen import define
from awslogparse.model import Field, FieldType, ParseError, Record
from awslogparse.parsers.base import Format, Gate, LineFailure, LineParserBase, one_per_format
from awslogparse.parsers.jsonrec import converter as json_converter
from awslogparse.patterns import lazy
from awslogparse.specs import FormatSpec

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

SHAPE_FIELD = "shape"
"""The record field naming the shape that matched (every spec of this family declares it)."""
DECODERS = ("json", "logfmt")
_KEYS = frozenset(("name", "regex", "decode", "values", "units", "keep", "text", "match",
                   "require", "log_groups", "generic", "template", "description"))
_GROUP = lazy(r"\{(\w+)(?::[^{}]*)?\}")
"""A group named in a ``values`` template, with an optional format spec (``{hour:0>2}``)."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# ---- writer templates -------------------------------------------------------------------------


Part = tuple[str, str, str, "tuple[Part, ...]"]
"""One piece of a template: (kind, text or field name, format spec, optional pieces)."""
_PIECE = lazy(r"\{\?|\?\}|\{(\w+)(?::([^{}]*))?\}")


def _parse_template(text: str) -> tuple[Part, ...]:
    """``literal {field} {?optional {field}?} {field:spec}`` -> pieces. An optional section is
    written only when every field inside it has a value."""
    stack: list[list[Part]] = [[]]
    position = 0
    for found in _PIECE.finditer(text):
        if found.start() > position:
            stack[-1].append(("text", text[position:found.start()], "", ()))
        position = found.end()
        token = found.group(0)
        if token == "{?":
            stack.append([])
        elif token == "?}":
            if len(stack) == 1:
                raise ValueError(f"template {text!r}: '?}}' closes nothing")
            inner = tuple(stack.pop())
            stack[-1].append(("optional", "", "", inner))
        else:
            stack[-1].append(("field", found.group(1), found.group(2) or "", ()))
    if len(stack) != 1:
        raise ValueError(f"template {text!r}: an optional section '{{?' is not closed")
    if position < len(text):
        stack[0].append(("text", text[position:], "", ()))
    return tuple(stack[0])


def _template_fields(parts: Sequence[Part]) -> set[str]:
    names: set[str] = set()
    for kind, name, _, inner in parts:
        if kind == "field":
            names.add(name)
        names |= _template_fields(inner)
    return names


_EPOCH_SPECS = {"epoch_s": 1, "epoch_ms": 1000, "epoch_us": 1_000_000}


def _format_value(field: Field, value: Any, spec: str) -> str:
    """One value's wire text: the template's format spec (strftime for times, where ``%3f``
    is milliseconds; ``epoch_s`` / ``epoch_ms`` / ``epoch_us`` for epoch numbers), else the
    field's own wire form."""
    if not spec:
        return values.format_value(field, value)
    if isinstance(value, datetime):
        scale = _EPOCH_SPECS.get(spec)
        if scale is not None:
            return str((value - _EPOCH) // timedelta(microseconds=1_000_000 // scale))
        return value.strftime(spec.replace("%3f", f"{value.microsecond // 1000:03d}"))
    return format(value, spec)


def _render(parts: Sequence[Part], record: Mapping[str, Any], fields: Mapping[str, Field]
            ) -> str | None:
    """The text of ``parts``; ``None`` when an optional section lacks a value."""
    out: list[str] = []
    for kind, text, spec, inner in parts:
        if kind == "text":
            out.append(text)
        elif kind == "optional":
            if all(record.get(name) is not None for name in _template_fields(inner)):
                out.append(_render(inner, record, fields) or "")
        else:
            value = record.get(text)
            field = fields[text]
            if value is None:
                out.append(field.nulls[0] if field.nulls else "")
            else:
                out.append(_format_value(field, value, spec))
    return "".join(out)


# ---- decoders ---------------------------------------------------------------------------------


_LOGFMT_PAIR = lazy(r'\s*([^\s="]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)')
_LOGFMT_PLAIN = lazy(r"[A-Za-z0-9._/@^+-]+\Z")
"""Values logfmt writers (logrus) leave unquoted."""


_SURROGATE_ESCAPE = lazy(r"\\u[dD][89a-fA-F]")


def _encodable(obj: dict[str, Any], text: str) -> dict[str, Any] | None:
    """``obj``, unless a ``\\uXXXX`` escape in ``text`` decoded to a lone surrogate: text that
    is no Unicode, which Arrow and UTF-8 writers refuse (an escaped pair is fine)."""
    if _SURROGATE_ESCAPE.search(text) is None:
        return obj
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return None
    return obj


def decode_logfmt(text: str) -> dict[str, Any] | None:
    """``key=value key="quoted value"`` pairs -> a dict in order; ``None`` when the text is not
    made of such pairs only (a quoted value is JSON string syntax, as Go writes it)."""
    out: dict[str, Any] = {}
    position, end = 0, len(text.rstrip())
    while position < end:
        found = _LOGFMT_PAIR.match(text, position)
        if found is None:
            return None
        key, raw = found.groups()
        if raw[:1] == '"':
            try:
                raw = json.loads(raw)
            except ValueError:
                raw = raw[1:-1]
        out[key] = raw
        position = found.end()
    return _encodable(out, text) if out else None


def encode_logfmt(pairs: Mapping[str, Any]) -> str:
    """A dict as logfmt text; values that are not plain words are quoted (JSON syntax)."""
    items = []
    for key, value in pairs.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        if not _LOGFMT_PLAIN.match(text):
            text = json.dumps(text, ensure_ascii=False)
        items.append(f"{key}={text}")
    return " ".join(items)


def _no_number(constant: str) -> None:
    """``NaN``, ``Infinity`` and ``-Infinity`` (no JSON, but what Python's ``json.dumps``
    writes for such floats) decode to null, as Arrow's JSON text of the value writes them."""
    return None


_DECODER = json.JSONDecoder(parse_constant=_no_number)
"""(One decoder: ``json.loads`` given an option builds one per call.)"""


def decode_json(text: str) -> dict[str, Any] | None:
    """A JSON object, or ``None`` when the text is none."""
    if text[:1] != "{":
        return None
    try:
        value = _DECODER.decode(text)
    except (ValueError, RecursionError):
        return None
    return _encodable(value, text) if isinstance(value, dict) else None


def _nest(obj: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        inner = obj.get(key)
        if not isinstance(inner, dict):
            inner = obj[key] = {}
        obj = inner
    obj[path[-1]] = value


_JSON_TEXT_TIMES = ("iso", "iso_plain", "")
"""Units of times JSON writes as ISO 8601 text (``s`` and ``ms`` are numbers; any other unit is
its own text form, such as ElastiCache's ``"12 Nov 2020 01:28:57.994 UTC"``)."""


def _json_wire(value: Any, field: Field) -> Any:
    """A typed value as JSON writes it (times in their unit)."""
    if not isinstance(value, datetime):
        return value
    if field.unit in ("s", "ms"):
        return (value - _EPOCH) // timedelta(seconds=1 if field.unit == "s" else 0.001)
    if field.unit in _JSON_TEXT_TIMES:
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return values.format_timestamp(field, value)


def _lookup(obj: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


# ---- shapes -----------------------------------------------------------------------------------


if TYPE_CHECKING:
    Convert = Callable[[Any], Any]


class Shape:
    """One compiled ``[[shapes]]`` table. (A plain class, not a dataclass: defining one costs a
    cold start milliseconds, and the first imports :mod:`dataclasses`.)"""

    __slots__ = ("build", "build_ascii", "decode", "description", "generic", "hint", "keep",
                 "log_groups", "match", "name", "plan", "prefix", "regex", "require", "starts",
                 "template", "text", "units")

    name: str
    regex: re.Pattern[str] | None
    decode: str
    """``json`` or ``logfmt`` for decoded shapes; empty for a regular expression."""
    plan: tuple[tuple[str, Any, Convert], ...]
    """(field name, group name / template / path, converter) for each field the shape sets."""
    match: tuple[tuple[tuple[str, ...], Any], ...]
    """Decoded shapes: (path, value) pairs the object must hold."""
    require: tuple[tuple[str, ...], ...]
    """Decoded shapes: paths that must hold a value (not null)."""
    keep: str
    text: str
    generic: bool
    log_groups: tuple[re.Pattern[str], ...]
    template: tuple[Part, ...] | None
    description: str
    units: Mapping[str, str]
    """Per-shape wire units of timestamp fields (overriding the field's)."""
    prefix: str
    """Text every unit of a regex shape starts with (checked before the regex runs)."""
    build: Callable[[re.Match[str], str], Record] | None
    """Regex shapes: generated ``(match, text) -> complete record`` (every field of the spec,
    in order), with no Python call per field for text and integers; ValueError for a value
    that does not convert (:meth:`parse` then names it)."""
    build_ascii: Callable[[re.Match[str], str], Record] | None
    """:attr:`build` for an ASCII unit, where a group the regex holds to digits (``\\d+``)
    goes to ``int`` / ``float`` without the checks for other Unicode digits."""
    starts: frozenset[str] | None
    """The first characters a unit of this shape can start with (``None``: any)."""
    hint: str
    """Text every unit of a regex shape contains (empty: none known), from the generated
    table: sniffing skips the shape for a head without it, before compiling it."""

    def __init__(self, *, name: str, regex: re.Pattern[str] | None, decode: str,
                 plan: tuple[tuple[str, Any, Convert], ...],
                 match: tuple[tuple[tuple[str, ...], Any], ...],
                 require: tuple[tuple[str, ...], ...], keep: str, text: str, generic: bool,
                 log_groups: tuple[re.Pattern[str], ...], template: tuple[Part, ...] | None,
                 description: str, units: Mapping[str, str], prefix: str = "",
                 build: Callable[[re.Match[str], str], Record] | None = None,
                 build_ascii: Callable[[re.Match[str], str], Record] | None = None,
                 starts: frozenset[str] | None = None, hint: str = "") -> None:
        self.name = name
        self.regex = regex
        self.decode = decode
        self.plan = plan
        self.match = match
        self.require = require
        self.keep = keep
        self.text = text
        self.generic = generic
        self.log_groups = log_groups
        self.template = template
        self.description = description
        self.units = units
        self.prefix = prefix
        self.build = build
        self.build_ascii = build_ascii
        self.starts = starts
        self.hint = hint

    def __repr__(self) -> str:
        return f"Shape(name={self.name!r}, regex={self.regex!r}, decode={self.decode!r})"

    def applies_to(self, group: str | None) -> bool:
        """Whether lines of a log group may take this shape. With the group unknown (a file),
        every shape may, except a catch-all meant for some log groups only."""
        if not self.log_groups:
            return True
        if group is None:
            return not self.generic
        return any(p.search(group) for p in self.log_groups)

    def parse(self, text: str) -> dict[str, Any] | None:
        """The typed values of ``text`` if it has this shape; ValueError for a bad value."""
        if self.regex is not None:
            found = self.regex.fullmatch(text)
            if found is None:
                return None
            groups = found.groupdict()
            out: dict[str, Any] = {}
            for name, source, convert in self.plan:
                if isinstance(source, str):
                    out[name] = convert(groups[source])
                else:  # a template over several groups
                    pieces = [groups[g] for g in source[1]]
                    out[name] = None if None in pieces else convert(
                        source[0].format(**dict(zip(source[1], pieces, strict=True))))
            if self.text:
                out[self.text] = text
            return out
        obj = decode_json(text) if self.decode == "json" else decode_logfmt(text)
        if obj is None or any(_lookup(obj, path) != want for path, want in self.match) \
                or any(_lookup(obj, path) is None for path in self.require):
            return None
        out = {name: convert(_lookup(obj, path)) for name, path, convert in self.plan}
        if self.keep:
            out[self.keep] = obj
        if self.text:
            out[self.text] = text
        return out

    def _rebuild(self, record: Mapping[str, Any], fields: Mapping[str, Field]
                 ) -> dict[str, Any]:
        """A decoded shape that keeps no object: one built from the values it reads (and
        the keys it matches on), so that it reads back to the same record."""
        obj: dict[str, Any] = {}
        for path, want in self.match:
            _nest(obj, path, want)
        for name, path, _ in self.plan:
            value = record.get(name)
            if value is not None:
                field = fields[name]
                if name in self.units:
                    field = field.replace(unit=self.units[name])
                wire = _json_wire(value, field)
                _nest(obj, path, wire if self.decode == "json" or isinstance(wire, str)
                      else values.format_value(field, wire) if isinstance(wire, bool)
                      else str(wire))
        return obj

    def write(self, record: Mapping[str, Any], fields: Mapping[str, Field]) -> str:
        """The unit text of a record of this shape."""
        if self.text and record.get(self.text) is not None and self.regex is None:
            return str(record[self.text])
        if self.decode:
            obj = record.get(self.keep) if self.keep else self._rebuild(record, fields)
            if not isinstance(obj, dict):
                raise ValueError(f"shape {self.name}: the record holds no decoded object")
            if self.decode == "json":
                return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
            return encode_logfmt(obj)
        if self.template is None:
            raise ValueError(f"shape {self.name} has no template: its lines cannot be written")
        return _render(self.template, record, fields) or ""


def _text_converter(field: Field) -> Convert:
    """Wire text (or ``None`` for a group that did not take part) -> typed value."""
    convert = values.converter(field)
    nulls = frozenset(field.nulls)
    if field.type is FieldType.STR and not field.encoding:
        return lambda text: None if text is None or text in nulls else text
    return lambda text: None if text is None or text in nulls else convert(text)


_META = frozenset(".^$*+?{}[]|()\\")
_ESCAPED_LITERAL = frozenset(" :-/,;=@#%&'\"<>!~`[](){}.*+?^$|\t")


class GroupInfo(tuple[Mapping[str, str], frozenset[str], bool, Mapping[str, str]]):
    """What the text of a regular expression says about its named groups: a tuple of
    (:attr:`sources`, :attr:`always`, :attr:`top_choice`, :attr:`guard`). (A tuple subclass
    rather than a ``typing.NamedTuple``: a cold start would import :mod:`typing` for it.)"""

    __slots__ = ()

    def __new__(cls, sources: Mapping[str, str], always: frozenset[str], top_choice: bool,
                guard: Mapping[str, str]) -> GroupInfo:
        return super().__new__(cls, (sources, always, top_choice, guard))

    @property
    def sources(self) -> Mapping[str, str]:
        """Each named group's own pattern text (``duration_ms`` -> ``\\d+(?:\\.\\d+)?``)."""
        return self[0]

    @property
    def always(self) -> frozenset[str]:
        """Named groups that take part in every match (none of them or their enclosing groups
        is optional, repeated from zero, a lookaround, or one of several alternatives)."""
        return self[1]

    @property
    def top_choice(self) -> bool:
        """The expression has alternatives at its top level (``A|B``)."""
        return self[2]

    @property
    def guard(self) -> Mapping[str, str]:
        """For each named group not in :attr:`always`: the named group whose taking part says
        that this one takes part (itself, or the first of an optional section whose groups
        take part together: ``(?:XRAY TraceId: (?P<a>...) SegmentId: (?P<b>...))?``)."""
        return self[3]


class _Node:
    """A group of the expression being scanned (mutable: set while the scan goes on)."""

    __slots__ = ("choice", "maybe", "name", "parent", "start")

    def __init__(self, name: str, start: int, parent: int, maybe: bool = False) -> None:
        self.name = name
        self.start = start
        self.parent = parent
        self.maybe = maybe
        """The group may take no part: lookaround, conditional, or quantified from zero."""
        self.choice = False
        """Alternatives directly inside the group."""


_OPENING = re.compile(r"\(\?P<(\w+)>|\(\?(?:[=!]|<[=!]|\()")


def group_sources(pattern: str) -> GroupInfo:
    """Scan a regular expression's text for :class:`GroupInfo`."""
    nodes = [_Node("", 0, -1)]
    sources: dict[str, str] = {}
    stack = [0]
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1:i + 2] == "^":
                i += 1
            if pattern[i + 1:i + 2] == "]":  # a "]" first in a class is a member
                i += 1
        elif c == "(":
            opening = _OPENING.match(pattern, i)
            name = opening.group(1) or "" if opening else ""
            nodes.append(_Node(name, i + (len(opening.group(0)) if name and opening else 1),
                               stack[-1], maybe=bool(opening) and not name))
            stack.append(len(nodes) - 1)
        elif c == ")" and len(stack) > 1:
            node = nodes[stack.pop()]
            after = pattern[i + 1:i + 3]
            node.maybe = node.maybe or after[:1] in ("?", "*") or after in ("{0", "{,")
            if node.name:
                sources[node.name] = pattern[node.start:i]
        elif c == "|":
            nodes[stack[-1]].choice = True
        i += 1
    always = set()
    guard: dict[str, str] = {}
    first_of: dict[int, str] = {}
    """Optional section -> its first named group that takes part whenever it does."""
    for index, node in enumerate(nodes[1:], 1):
        if not node.name:
            continue
        up = index
        while up >= 0 and not (nodes[up].maybe or (up != index and nodes[up].choice)):
            up = nodes[up].parent
        if up < 0:
            always.add(node.name)
        elif nodes[up].maybe:
            guard[node.name] = first_of.setdefault(up, node.name)
        else:  # one of several alternatives: on its own
            guard[node.name] = node.name
    return GroupInfo(sources, frozenset(always), nodes[0].choice, guard)


_DIGITS = re.compile(r"(?:-\?)?(?:\\d|\[0-9\])(?:\+|\{\d+(?:,\d*)?\})?\Z")
"""Group patterns that take ASCII digits only in an ASCII unit: ``\\d+``, ``-?\\d{10}``."""
_DECIMALS = re.compile(r"(?:-\?)?\\d\+(?:\(\?:\\\.\\d\+\)\?|\\\.\\d\+)?\Z")
"""Group patterns of a decimal number: ``\\d+``, ``\\d+(?:\\.\\d+)?``, ``\\d+\\.\\d+``."""
_BOOLEAN = re.compile(r"(?:\(\?:)?(?:true\|false|false\|true)\)?\Z")


def literal_prefix(pattern: str) -> str:
    """The literal text a regular expression starts with (``REPORT RequestId: `` of
    ``REPORT RequestId: (?P<...``): cheap to test before running the expression. Empty for
    an expression with alternatives at its top level (they may start differently)."""
    if "|" in pattern and group_sources(pattern).top_choice:  # (no "|": no alternatives)
        return ""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern) and pattern[i + 1] in _ESCAPED_LITERAL:
            char, width = ("\t" if pattern[i + 1] == "t" else pattern[i + 1]), 2
        elif c in _META or c == "\\":
            break
        else:
            char, width = c, 1
        following = pattern[i + width:i + width + 1]
        if following and following in "*?{+":
            break  # the character is optional or repeated: not part of every match
        out.append(char)
        i += width
    return "".join(out)


Source = tuple[str, str]
"""Generated source of one field's value: (the test that makes it None, empty when there is
none; the expression of its value otherwise)."""
Entry = tuple[str, str, str]
"""A field of a generated builder: (the group variable whose taking part it needs, empty when
the group always does; then as :data:`Source`)."""


def _builder(name: str, regex: re.Pattern[str], names: Sequence[str],
             exprs: Mapping[str, Entry], namespace: Mapping[str, Any]
             ) -> Callable[[re.Match[str], str], Record]:
    """Generate ``(match, text) -> record`` for one regex shape: the groups unpacked once, a
    copy of the shape's blank record (every field, ``shape`` set, the rest None), and each
    value the line holds stored with its conversion inlined (``awslogparse.values``
    expressions), the values of an optional section under one test of whether it took part.
    Copying a blank and storing the few values a line has (optional sections mostly take no
    part) costs less than a dict display of every field."""
    width = regex.groups
    blank: dict[str, Any] = dict.fromkeys(names)
    blank[SHAPE_FIELD] = name
    body = [f"    {''.join(f'g{i}, ' for i in range(1, width + 1))}= match.groups()"] \
        if width else []
    body.append("    record = _blank.copy()")
    sections: dict[str, list[str]] = {}
    for n in names:
        if n != SHAPE_FIELD and n in exprs:
            guard, null, value = exprs[n]
            store = f"record[{n!r}] = {value}"
            sections.setdefault(guard, []).append(f"if not ({null}): {store}" if null
                                                  else store)
    for guard, stores in sections.items():
        if guard:
            body.append(f"    if {guard} is not None:")
        body += [f"{'        ' if guard else '    '}{store}" for store in stores]
    body.append("    return record")
    code = "def build(match, text):\n" + "\n".join(body) + "\n"
    scope: dict[str, Any] = {**values.NAMESPACE, **namespace, "_blank": blank}
    define(code, f"<shape {name}>", scope)
    build: Callable[[re.Match[str], str], Record] = scope["build"]
    return build


def _expression(field: Field, var: str, memos: dict[str, Any], pattern: str | None = None,
                always: bool = False) -> Source:
    """Source converting group text ``var`` (``None`` when the group took no part). Integers
    and floats written as ASCII digits go to ``int`` / ``float`` directly (what AWS writes),
    anything else through the strict converters. ``pattern`` (the group's own pattern,
    or empty for text joined from several groups) says the unit is ASCII: a group the regex
    holds to digits needs no check of them, ``true|false`` no converter; ``always``, that the
    group takes part in every match. Returns the test for None (empty: none needed) and the
    value's source."""
    ascii_unit = pattern is not None
    digits = ascii_unit and _DIGITS.match(pattern or "") is not None
    if field.type is FieldType.INT:
        low, high = field.int_range
        if digits and not (pattern or "").startswith("-"):  # never below zero
            value = f"(_n if (_n := int({var})) <= {high} else _bad())"
        else:
            number = f"int({var})" if digits else \
                f"(int({var}) if {var}.isascii() and {var}.isdigit() else _dec({var}))"
            value = f"(_n if {low} <= (_n := {number}) <= {high} else _bad())"
    elif field.type is FieldType.FLOAT:
        if ascii_unit and (digits or _DECIMALS.match(pattern or "")):
            value = f"float({var})"
        else:
            value = (f"(float({var}) if {var}.isascii() and {var}.replace('.', '', 1).isdigit()"
                     f" else _flt({var}))")
    elif field.type is FieldType.BOOL and ascii_unit and _BOOLEAN.match(pattern or ""):
        value = f"({var} == 'true')"
    else:
        value = values.value_expression(field, var, strict=True, ascii=ascii_unit,
                                         memos=memos)
    test = values.null_test(field, var)
    if value == var and test == "False":
        return "", var  # text kept as written: a group that took no part is None already
    tests = ([] if always else [f"{var} is None"]) + ([] if test == "False" else [test])
    return " or ".join(tests), value


def _joined(missing: str, text: str, inner: Source) -> Source:
    """The source of a value whose text ``text`` joins several groups (None when one took no
    part); ``inner`` converts it from ``_j``, which the test sets."""
    null, value = inner
    test = f"{missing + ' or ' if missing else ''}(_j := {text}) is None"
    return (f"{test} or {null}" if null else test), value


def compile_shape(raw: Mapping[str, Any], fields: Mapping[str, Field], where: str) -> Shape:
    """One ``[[shapes]]`` table checked against the spec's fields (a typo is an error here,
    not a silently empty column)."""
    name = str(raw.get("name", ""))
    if not name:
        raise ValueError(f"{where}: a shape has a name")
    here = f"{where}, shape {name!r}"
    unknown = set(raw) - _KEYS
    if unknown:
        raise ValueError(f"{here}: unknown keys {sorted(unknown)}")
    regex_text, decode = raw.get("regex"), str(raw.get("decode", ""))
    if (regex_text is None) == (not decode):
        raise ValueError(f"{here}: give either regex or decode")
    if decode and decode not in DECODERS:
        raise ValueError(f"{here}: decode is one of {DECODERS}")
    units = dict(raw.get("units", {}))
    sources = dict(raw.get("values", {}))
    for key, kind in (("keep", FieldType.JSON), ("text", FieldType.STR)):
        target = raw.get(key)
        if target is not None and (target not in fields or fields[target].type is not kind):
            raise ValueError(f"{here}: {key} names a {kind.value} field of the spec")
    for target in [*units, *sources]:
        if target not in fields or target == SHAPE_FIELD:
            raise ValueError(f"{here}: {target!r} is not a field of the spec")

    def typed(target: str) -> Field:
        f = fields[target]
        return f.replace(unit=units[target]) if target in units else f

    plan: list[tuple[str, Any, Convert]] = []
    regex = None
    build = build_ascii = None
    exprs: dict[str, Entry] = {}
    fast: dict[str, Entry] = {}
    """The expressions for an ASCII unit."""
    namespace: dict[str, Any] = {}
    if raw.get("text") is not None:
        exprs[str(raw["text"])] = fast[str(raw["text"])] = ("", "", "text")
    if regex_text is not None:
        try:
            regex = re.compile(str(regex_text), re.DOTALL)
        except re.error as exc:
            raise ValueError(f"{here}: bad regex: {exc}") from None
        groups = group_sources(regex.pattern)
        group_patterns = groups.sources
        group_index = regex.groupindex

        def guard_of(group: str) -> str:
            """The variable whose taking part ``group``'s value needs (empty: always)."""
            stands_for = groups.guard.get(group)
            return "" if stands_for is None else f"g{group_index[stands_for]}"
        used: set[str] = set()
        for target in fields:
            if target in sources:
                pattern = str(sources[target])
                names = tuple(_GROUP.findall(pattern)) or (pattern,)
                missing = [g for g in names if g not in regex.groupindex]
                if missing:
                    raise ValueError(f"{here}: values.{target} names no group {missing}")
                used.update(names)
                source: Any = names[0] if names == (pattern,) else (pattern, names)
                plan.append((target, source, _text_converter(typed(target))))
                group_vars = [f"g{regex.groupindex[g]}" for g in names]
                if len(names) == 1 and names == (pattern,):
                    guard = guard_of(pattern)
                    exprs[target] = (guard, *_expression(typed(target), group_vars[0],
                                                         namespace, always=True))
                    fast[target] = (guard, *_expression(typed(target), group_vars[0],
                                                        namespace,
                                                        group_patterns.get(pattern, ""),
                                                        always=True))
                else:
                    joined = f"_join{len(namespace)}"
                    namespace[joined] = pattern.format
                    arguments = ", ".join(f"{g}={v}" for g, v in zip(names, group_vars,
                                                                     strict=True))
                    text_expr = f"{joined}({arguments})"
                    missing_test = " or ".join(f"{v} is None" for v in group_vars)
                    exprs[target] = ("", *_joined(missing_test, text_expr, _expression(
                        typed(target), "_j", namespace, always=True)))
                    fast[target] = ("", *_joined(" or ".join(
                        f"{v} is None" for g, v in zip(names, group_vars, strict=True)
                        if g not in groups.always), text_expr, _expression(
                        typed(target), "_j", namespace, "", always=True)))
            elif target in regex.groupindex and target != SHAPE_FIELD:
                used.add(target)
                plan.append((target, target, _text_converter(typed(target))))
                var = f"g{regex.groupindex[target]}"
                guard = guard_of(target)
                exprs[target] = (guard, *_expression(typed(target), var, namespace,
                                                     always=True))
                fast[target] = (guard, *_expression(typed(target), var, namespace,
                                                    group_patterns.get(target, ""),
                                                    always=True))
        stray = set(regex.groupindex) - used
        if stray:
            raise ValueError(f"{here}: groups {sorted(stray)} are neither fields nor used")
        build = _builder(name, regex, list(fields), exprs, namespace)
        build_ascii = _builder(name, regex, list(fields), fast, namespace)
    else:
        for target, path in sources.items():
            dotted = str(path)
            plan.append((target, tuple(dotted.split(".")), json_converter(typed(target),
                                                                              dotted)))
    template = raw.get("template")
    parts = _parse_template(str(template)) if template is not None else None
    if parts is not None:
        unknown_fields = _template_fields(parts) - set(fields)
        if unknown_fields:
            raise ValueError(f"{here}: the template names unknown fields "
                             f"{sorted(unknown_fields)}")
    match = tuple((tuple(str(k).split(".")), v) for k, v in dict(raw.get("match", {})).items())
    require = tuple(tuple(str(p).split(".")) for p in raw.get("require", ()))
    if regex is not None and (match or require or raw.get("keep")):
        raise ValueError(f"{here}: match, require and keep are for decoded shapes")
    return Shape(regex=regex, plan=tuple(plan), match=match, require=require,
                 keep=str(raw.get("keep", "")), text=str(raw.get("text", "")),
                 template=parts, description=" ".join(str(raw.get("description", "")).split()),
                 units=units, build=build, build_ascii=build_ascii, **_choosing(raw))


def _choosing(raw: Mapping[str, Any]) -> dict[str, Any]:
    """What choosing a ``[[shapes]]`` table's shape for a unit reads, known without compiling
    it: name, decoding, catch-all or not, log groups, literal prefix, first characters, hint
    (:class:`PendingShape` sets these at once, :func:`compile_shape` with the rest)."""
    pattern = raw.get("regex")
    decode = str(raw.get("decode", ""))
    prefix = literal_prefix(str(pattern)) if pattern is not None else ""
    if pattern is not None:
        starts = frozenset(prefix[0]) if prefix else None
    else:  # a decoded shape: a JSON object starts with "{"
        starts = frozenset("{") if decode == "json" else None
    return {"name": str(raw.get("name", "")), "decode": decode,
            "generic": bool(raw.get("generic", False)),
            "log_groups": tuple(re.compile(p) for p in raw.get("log_groups", ())),
            "prefix": prefix, "starts": starts,
            "hint": shape_hint(str(pattern)) if pattern is not None else ""}


@functools.cache
def _shape_hints() -> dict[str, str]:
    from awslogparse._mapping import SHAPE_HINTS

    return dict(SHAPE_HINTS)


def shape_hint(pattern: str) -> str:
    """Text every match of a built-in shape's ``pattern`` contains (``make mapping`` finds it);
    empty for a pattern the generated table does not know (a plugin's)."""
    return _shape_hints().get(pattern, "")


class PendingShape(Shape):
    """A shape compiled on first use: what choosing shapes reads (name, catch-all or not, log
    groups, first characters, literal prefix) is set at once; anything else compiles it
    (:func:`compile_shape`: its regular expression and generated code), and from then on it is
    a complete :class:`Shape`. A cold start then compiles only the shapes its units' first
    characters lead to, not every shape of every format that detection asks (tens of
    milliseconds)."""

    __slots__ = ("_fields", "_raw", "_where")

    def __init__(self, raw: Mapping[str, Any], fields: Mapping[str, Field], where: str
                 ) -> None:
        self._raw, self._fields, self._where = raw, fields, where
        for slot, value in _choosing(raw).items():
            setattr(self, slot, value)

    def compiled(self) -> bool:
        """Whether the shape was compiled (its regular expression and generated code)."""
        try:
            object.__getattribute__(self, "regex")
        except AttributeError:
            return False
        return True

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in PendingShape.__slots__:
            raise AttributeError(name)
        made = compile_shape(self._raw, self._fields, self._where)
        for slot in Shape.__slots__:
            setattr(self, slot, getattr(made, slot))
        return getattr(made, name)


# ---- the parser and the format ----------------------------------------------------------------


Try = tuple[Shape, str, Callable[[str], "re.Match[str] | None"] | None,
            Callable[[re.Match[str], str], Record] | None,
            Callable[[re.Match[str], str], Record] | None]
"""A shape as the parser tries it: (shape, prefix, fullmatch, build, build for ASCII units)."""


class ShapesLineParser(LineParserBase):
    """One unit (a line, or a CloudWatch Logs message) in, the record of the first shape that
    fits out. ``fixed`` are values every record of this source shares (from a log stream's
    name). Only the shapes a unit's first character allows are tried (a ``REPORT`` line skips
    ``START`` and ``END``), in the spec's order."""

    def __init__(self, fmt: ShapesFormat, shapes: Sequence[Shape],
                 fixed: Mapping[str, Any] | None = None) -> None:
        self.format = fmt
        self.layout = fmt.spec.schema.fields
        self.shapes = tuple(shapes)
        self._blank = dict.fromkeys(fmt.spec.schema.names)
        self._blank.update(fixed or {})
        self._fixed = dict(fixed or {})
        tables = fmt.dispatch(self.shapes)
        self._by_first, self._quick = tables

    def __call__(self, line: str) -> Record | None:
        text = line.rstrip("\r\n") if line[-1:] in ("\n", "\r") else line
        if not text or text.isspace():
            self.blank += 1
            return None
        return self._parse(text, line)

    def _parse(self, text: str, line: str) -> Record:
        """The record of the first shape ``text`` (non-blank) takes, of those its first
        character allows; ParseError naming the first value that did not convert, or the
        shapes, when none does."""
        problem = ""
        ascii_unit = text.isascii()
        for shape, prefix, fullmatch, strict, fast in self._by_first[text[0]]:
            if strict is not None and fullmatch is not None:  # a regex shape: generated code
                if prefix and not text.startswith(prefix):
                    continue
                matched = fullmatch(text)
                if matched is None:
                    continue
                try:
                    made = (fast if ascii_unit and fast is not None else strict)(matched, text)
                except ValueError:
                    try:
                        shape.parse(text)  # the same conversions, naming the field
                    except ValueError as exc:
                        problem = problem or f"{shape.name}: {exc}"
                    continue
                if self._fixed:
                    made.update(self._fixed)
                return made
            try:
                found = shape.parse(text)
            except ValueError as exc:  # the shape, with a value that does not convert: a
                problem = problem or f"{shape.name}: {exc}"  # later shape may still fit
                continue
            if found is not None:
                record = self._blank.copy()
                record[SHAPE_FIELD] = shape.name
                record.update(found)
                return record
        raise ParseError(problem or f"fits none of the {self.format.name} line shapes "
                         f"({', '.join(s.name for s in self.shapes)})", line)

    def parse_many(self, lines: list[str], first_line: int, records: list[Record],
                   failures: list[LineFailure], *, with_lines: bool = False,
                   plain: bool = False) -> None:
        """:meth:`__call__` line by line, with the common case inlined: an ASCII line that
        starts with no blank and has no line end left on it, taken by one of the regex shapes
        tried before any decoded one (in order: one whose value does not convert leaves the
        line to the next). Any other line takes :meth:`__call__` itself."""
        append = records.append
        quick, fixed = self._quick, self._fixed
        lineno = first_line - 1
        for line in lines:
            lineno += 1
            if line and line.isascii() and line[-1] != "\r":
                for fullmatch, fast in quick[line[0]]:
                    if (matched := fullmatch(line)) is not None:
                        try:
                            record = fast(matched, line)
                        except ValueError:
                            continue  # a later shape may fit; if none, __call__ says why
                        if fixed:
                            record.update(fixed)
                        if with_lines:
                            record["_line"] = lineno
                        append(record)
                        break
                else:
                    self.reference_step(line, lineno, records, failures, with_lines)
            else:
                self.reference_step(line, lineno, records, failures, with_lines)



Quick = tuple[Callable[[str], "re.Match[str] | None"], Callable[[re.Match[str], str], Record]]
"""A regex shape as :meth:`ShapesLineParser.parse_many` tries it on an ASCII line: (fullmatch,
the ASCII builder). The first character has chosen the shapes already, and a regular
expression fails fast on its own literal prefix."""
_ASCII_BLANKS = "".join(c for c in map(chr, range(128)) if c.isspace())
"""First characters that send a line to the full path (which counts blank lines)."""


Dispatch = tuple[dict[str, tuple[Try, ...]], dict[str, tuple[Quick, ...]]]
"""How a parser picks shapes by a unit's first character: the shapes to try for each first
character, and the regex shapes of each tried before any decoded one (on ASCII lines; none for
a line starting with a blank). Index them (``table[c]``): they fill themselves in."""


def _pending(s: Shape) -> bool:
    """A regex shape not compiled yet."""
    return isinstance(s, PendingShape) and not s.decode and not s.compiled()


class _ByFirst(dict[str, tuple[Try, ...]]):
    """First character -> the shapes to try, filled in as characters come. A regex shape not
    compiled yet enters as stand-ins that compile it when a unit reaches it (past the shapes
    before it, and its literal prefix), then the tables are made again with the compiled
    shape: a REPORT line compiles REPORT's shape, not RESTORE_START's. A character no shape
    names gets the shapes that name none (kept once, not per character)."""

    def __init__(self, shapes: Sequence[Shape]) -> None:
        super().__init__()
        self.shapes = tuple(shapes)
        self.firsts = frozenset().union(*(s.starts or () for s in shapes))
        self._others: tuple[Try, ...] | None = None
        self.quick: _Quick | None = None

    def others(self) -> tuple[Try, ...]:
        if self._others is None:
            self._others = tuple(self._try(s) for s in self.shapes if s.starts is None)
        return self._others

    def __missing__(self, first: str) -> tuple[Try, ...]:
        if first not in self.firsts:
            return self.others()
        found = self[first] = tuple(self._try(s) for s in self.shapes
                                    if s.starts is None or first in s.starts)
        return found

    def _try(self, s: Shape) -> Try:
        if not _pending(s):
            return (s, s.prefix, s.regex.fullmatch if s.regex is not None else None, s.build,
                    s.build_ascii or s.build)

        def fullmatch(text: str) -> re.Match[str] | None:
            regex = s.regex  # (compiles it)
            assert regex is not None
            self.refresh()
            return regex.fullmatch(text)

        def build(matched: re.Match[str], text: str) -> Record:
            assert s.build is not None
            return s.build(matched, text)

        def build_ascii(matched: re.Match[str], text: str) -> Record:
            made = s.build_ascii or s.build
            assert made is not None
            return made(matched, text)
        return (s, s.prefix, fullmatch, build, build_ascii)

    def refresh(self) -> None:
        """Forget the tables (a shape was compiled: they are made again with it)."""
        self.clear()
        self._others = None
        if self.quick is not None:
            self.quick.clear()
            self.quick.update(dict.fromkeys(_ASCII_BLANKS, ()))


class _Quick(dict[str, tuple[Quick, ...]]):
    """First character of an ASCII line -> :data:`Quick` entries, filled in as they come."""

    def __init__(self, by_first: _ByFirst) -> None:
        super().__init__(dict.fromkeys(_ASCII_BLANKS, ()))
        self.by_first = by_first
        by_first.quick = self

    def __missing__(self, first: str) -> tuple[Quick, ...]:
        found = self[first] = _quick(self.by_first[first])
        return found


def dispatch(shapes: Sequence[Shape]) -> Dispatch:
    """The :data:`Dispatch` tables of ``shapes`` (in the order they are tried), filled in as
    units arrive."""
    by_first = _ByFirst(shapes)
    return by_first, _Quick(by_first)


def _quick(tries: Sequence[Try]) -> tuple[Quick, ...]:
    """The regex shapes of ``tries`` before the first decoded one."""
    out: list[Quick] = []
    for _, _, fullmatch, _, fast in tries:
        if fullmatch is None or fast is None:
            break
        out.append((fullmatch, fast))
    return tuple(out)


class ShapesFormat(Format):
    """A line format of several known line shapes, tried in the spec's order."""

    def __init__(self, spec: FormatSpec) -> None:
        super().__init__(spec)
        fields = {f.name: f for f in spec.schema.fields}
        shape_field = fields.get(SHAPE_FIELD)
        if shape_field is None or shape_field.type is not FieldType.STR:
            raise ValueError(f"{spec.name}: a line shapes spec declares a text field "
                             f"{SHAPE_FIELD!r}")
        if not spec.shapes:
            raise ValueError(f"{spec.name}: a line shapes spec lists its [[shapes]]")
        where = spec.file_name
        self.shapes: tuple[Shape, ...] = tuple(PendingShape(raw, fields, where)
                                               for raw in spec.shapes)
        names = [s.name for s in self.shapes]
        if len(set(names)) != len(names):
            raise ValueError(f"{where}: shape names repeat")
        if shape_field.enum and set(shape_field.enum) != set(names):
            raise ValueError(f"{where}: the {SHAPE_FIELD} field's enum lists the shape names")
        self.fields = fields
        self.by_name = {s.name: s for s in self.shapes}
        self._single: ShapesLineParser | None = None
        self._dispatch: dict[tuple[str, ...], Dispatch] = {}
        # only catch-all shapes (ECS container output): the stream's name is the evidence
        self.routes_by_name = all(s.generic for s in self.shapes)
        self.stream_pattern = re.compile(spec.log_stream_fields) \
            if spec.log_stream_fields else None
        if self.stream_pattern is not None:
            stray = set(self.stream_pattern.groupindex) - set(fields)
            if stray:
                raise ValueError(f"{where}: log_stream_fields groups {sorted(stray)} are not "
                                 "fields")

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        if fields is not None:
            raise ParseError(f"{self.name} lines have fixed shapes: no custom layout")
        return self.spec.schema.fields

    def line_parser(self, fields: str | Sequence[str] | None = None) -> ShapesLineParser:
        self.layout(fields)
        return ShapesLineParser(self, [s for s in self.shapes if s.applies_to(None)])

    def dispatch(self, shapes: Sequence[Shape]) -> Dispatch:
        """The dispatch tables of a selection of this format's shapes, made once (a parser
        is made per source, and per log stream in CloudWatch Logs payloads)."""
        key = tuple(s.name for s in shapes)
        found = self._dispatch.get(key)
        if found is None:
            found = self._dispatch[key] = dispatch(shapes)
        return found

    def parse_line(self, line: str, fields: str | Sequence[str] | None = None) -> Record:
        """One unit on its own, through one parser kept for such calls (a parser holds no
        state a unit leaves behind but its count of blank lines)."""
        parser = self._single
        if parser is None or fields is not None:
            parser = self._single = self.line_parser(fields)
        record = parser(line)
        if record is None:
            raise ParseError("not a data line (blank or header)", line)
        return record

    def stream_parser(self, fields: str | Sequence[str] | None, log_group: str,
                      log_stream: str) -> ShapesLineParser:
        """A parser for the events of one CloudWatch Logs stream: only the shapes its log
        group may hold (RDS: ``.../slowquery`` holds slow query entries), and the fields the
        stream's name carries (ECS: container and task)."""
        self.layout(fields)
        shapes = [s for s in self.shapes if s.applies_to(log_group)] or \
            [s for s in self.shapes if s.applies_to(None)]  # (a group no shape names: a file's)
        return ShapesLineParser(self, shapes, self.stream_values(log_stream))

    def stream_values(self, log_stream: str) -> dict[str, Any]:
        """Fields a log stream's name gives (empty when the spec names none or it differs)."""
        if self.stream_pattern is None:
            return {}
        found = self.stream_pattern.search(log_stream)
        if found is None:
            return {}
        return {k: _text_converter(self.fields[k])(v) for k, v in found.groupdict().items()}

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        """``record -> unit text``, by the shape the record names (regex shapes through their
        ``template``; decoded ones as JSON or logfmt of the object they keep)."""
        self.layout(fields)
        by_name, schema = self.by_name, self.fields

        def write(record: Mapping[str, Any]) -> str:
            shape = by_name.get(str(record.get(SHAPE_FIELD)))
            if shape is None:
                raise ValueError(f"{self.name}: unknown shape {record.get(SHAPE_FIELD)!r}")
            return shape.write(record, schema)
        return write

    def content_gate(self) -> Gate | None:
        """The first characters of the specific shapes: only they count in :meth:`sniff`."""
        from awslogparse.mapgen import first_characters

        chars, digits = "", False
        for shape in self.shapes:
            if shape.generic:
                continue
            found = first_characters(shape.regex.pattern) if shape.regex is not None else \
                ("{", False) if shape.decode == "json" else None  # (decode_json: "{" first)
            if found is None:
                return None
            chars, digits = chars + found[0], digits or found[1]
        return "".join(sorted(set(chars))), digits

    def sniff(self, head: str) -> tuple[float, str]:
        """How many units of ``head`` take a specific shape (catch-all shapes are no
        evidence). ``head`` may be one multi-line message, or the first lines of a file."""
        text = head.strip("\r\n")
        if not text.strip():
            return 0.0, "empty"
        if not any(not s.generic for s in self.shapes):
            return 0.0, f"{self.name} lines have no shape of their own (named by log group)"
        whole = self._specific(text[:65536])
        if whole is not None:
            return 0.9, f"a {self.name} {whole} entry"
        lines = [ln for ln in text.split("\n")[:20] if ln.strip()][:8]
        hits = [s for s in map(self._specific, lines) if s is not None]
        if hits and len(hits) == len(lines):
            return 0.8, f"lines of {self.name} shapes ({', '.join(sorted(set(hits)))})"
        if hits:
            return 0.4 * len(hits) / len(lines), \
                f"{len(hits)} of {len(lines)} lines take {self.name} shapes"
        return 0.0, f"no line takes a {self.name} shape"

    def _specific(self, text: str) -> str | None:
        """The name of the first non-generic shape ``text`` takes, if any."""
        text = text.rstrip("\r")
        for shape in self.shapes:
            if (shape.starts is not None and text[:1] not in shape.starts) or \
                    shape.hint not in text:
                continue  # (it cannot match: not compiled for nothing)
            try:
                found = shape.parse(text)
            except ValueError:
                continue
            if found is not None:
                return None if shape.generic else shape.name
        return None


family = one_per_format(ShapesFormat)
"""The :class:`Format` of a line shapes spec."""


__all__ = ["SHAPE_FIELD", "PendingShape", "Shape", "ShapesFormat", "ShapesLineParser",
           "compile_shape", "decode_json", "decode_logfmt", "encode_logfmt", "family"]
