"""Line formats whose lines come in several known shapes (the "line shapes" family), driven by
their spec: Lambda's platform and runtime lines, RDS database logs, EKS control plane lines, ECS
container output.

A spec lists its ``[[shapes]]`` in the order they are tried. A shape is either a regular
expression whose named groups are record fields (``regex``), or a decoder for messages that are
JSON objects or ``key=value`` pairs (``decode = "json"`` / ``"logfmt"``) whose keys map to
record fields by path. Values are typed by the shared converters (``awslogparse.values`` for
text, ``awslogparse.parsers.jsonrec`` for decoded JSON values), so an integer, a float, a
timestamp or an address is typed exactly as in every other format. Every record holds every
field of the spec (``None`` where its shape has no such value) and ``shape``, the name of the
shape that matched. A unit that fits no shape is a ParseError, unless the spec ends with a
catch-all shape (``generic = true``), whose records keep the text. A unit that has a shape's
form but a value that will not convert (an integer out of range, a time that is no time) goes on
to the next shapes; when none fits, the error names that value.

A unit is one line of a file, or one CloudWatch Logs message, which may hold several lines
(a slow query entry, a stack trace): regular expressions run with ``re.DOTALL`` against the
whole unit, so ``.`` crosses line ends inside it. Files are read line by line; a multi-line
entry is one unit only inside one message.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from awslogparse import values
from awslogparse.model import Field, FieldType, ParseError, Record
from awslogparse.parsers.base import Format, LineParserBase
from awslogparse.parsers.jsonrec import converter as json_converter
from awslogparse.specs import FormatSpec

SHAPE_FIELD = "shape"
"""The record field naming the shape that matched (every spec of this family declares it)."""
DECODERS = ("json", "logfmt")
_KEYS = frozenset(("name", "regex", "decode", "values", "units", "keep", "text", "match",
                   "require", "log_groups", "generic", "template", "description"))
_GROUP = re.compile(r"\{(\w+)\}")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# ---- writer templates -------------------------------------------------------------------------


Part = tuple[str, str, str, "tuple[Part, ...]"]
"""One piece of a template: (kind, text or field name, format spec, optional pieces)."""
_PIECE = re.compile(r"\{\?|\?\}|\{(\w+)(?::([^{}]*))?\}")


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


_LOGFMT_PAIR = re.compile(r'\s*([^\s="]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)')
_LOGFMT_PLAIN = re.compile(r"[A-Za-z0-9._/@^+-]+\Z")
"""Values logfmt writers (logrus) leave unquoted."""


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


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


def decode_json(text: str) -> dict[str, Any] | None:
    """A JSON object, or ``None`` when the text is none."""
    if text[:1] != "{":
        return None
    try:
        value = json.loads(text)
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


def _json_wire(value: Any, unit: str) -> Any:
    """A typed value as JSON writes it (times in their unit)."""
    if not isinstance(value, datetime):
        return value
    if unit in ("s", "ms"):
        return (value - _EPOCH) // timedelta(seconds=1 if unit == "s" else 0.001)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _lookup(obj: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


# ---- shapes -----------------------------------------------------------------------------------


Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class Shape:
    """One compiled ``[[shapes]]`` table."""

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
    prefix: str = ""
    """Text every unit of a regex shape starts with (checked before the regex runs)."""
    build: Callable[[re.Match[str], str], Record] | None = None
    """Regex shapes: generated ``(match, text) -> complete record`` (every field of the spec,
    in order), with no Python call per field for text and integers; ValueError for a value
    that does not convert (:meth:`parse` then names it)."""

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
                unit = self.units.get(name, field.unit)
                wire = _json_wire(value, unit)
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


def literal_prefix(pattern: str) -> str:
    """The literal text a regular expression starts with (``REPORT RequestId: `` of
    ``REPORT RequestId: (?P<...``): cheap to test before running the expression."""
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


def _builder(name: str, regex: re.Pattern[str], names: Sequence[str],
             exprs: Mapping[str, str], namespace: Mapping[str, Any]
             ) -> Callable[[re.Match[str], str], Record]:
    """Generate ``(match, text) -> record`` for one regex shape: the groups unpacked once,
    each field's conversion inlined (``awslogparse.values`` expressions), one dict display."""
    width = regex.groups
    body = [f"    {''.join(f'g{i}, ' for i in range(1, width + 1))}= match.groups()"] \
        if width else []
    items = [f"{n!r}: {exprs.get(n, 'None')}" for n in names]
    body.append("    return {" + ", ".join(items) + "}")
    code = "def build(match, text):\n" + "\n".join(body) + "\n"
    scope: dict[str, Any] = {**values.NAMESPACE, **namespace}
    exec(compile(code, f"<shape {name}>", "exec"), scope)
    build: Callable[[re.Match[str], str], Record] = scope["build"]
    return build


def _expression(field: Field, var: str, memos: dict[str, Any]) -> str:
    """Source converting group text ``var`` (``None`` when the group took no part). Integers
    and floats written as ASCII digits go to ``int`` / ``float`` directly (what AWS writes),
    anything else through the strict converters; narrow integers (memory sizes, status codes)
    through a memo, since they repeat, unlike durations."""
    if field.type is FieldType.INT and field.bits not in values.MEMO_BITS:
        low, high = field.int_range
        number = f"(int({var}) if {var}.isascii() and {var}.isdigit() else _dec({var}))"
        value = f"(_n if {low} <= (_n := {number}) <= {high} else _bad())"
    elif field.type is FieldType.FLOAT:
        value = (f"(float({var}) if {var}.isascii() and {var}.replace('.', '', 1).isdigit() "
                 f"else _flt({var}))")
    else:
        value = values.value_expression(field, var, strict=True, ascii=False, memos=memos)
    test = values.null_test(field, var)
    nulls = "" if test == "False" else f" or {test}"
    return f"(None if {var} is None{nulls} else {value})"


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
        return replace(f, unit=units[target]) if target in units else f

    plan: list[tuple[str, Any, Convert]] = []
    regex = None
    build = None
    exprs: dict[str, str] = {SHAPE_FIELD: repr(name)}
    namespace: dict[str, Any] = {}
    if raw.get("text") is not None:
        exprs[str(raw["text"])] = "text"
    if regex_text is not None:
        try:
            regex = re.compile(str(regex_text), re.DOTALL)
        except re.error as exc:
            raise ValueError(f"{here}: bad regex: {exc}") from None
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
                    exprs[target] = _expression(typed(target), group_vars[0], namespace)
                else:
                    joined = f"_join{len(namespace)}"
                    namespace[joined] = pattern.format
                    arguments = ", ".join(f"{g}={v}" for g, v in zip(names, group_vars,
                                                                     strict=True))
                    text_expr = f"{joined}({arguments})"
                    missing_test = " or ".join(f"{v} is None" for v in group_vars)
                    exprs[target] = (f"(None if {missing_test} else "
                                     f"{_expression(typed(target), text_expr, namespace)})")
            elif target in regex.groupindex and target != SHAPE_FIELD:
                used.add(target)
                plan.append((target, target, _text_converter(typed(target))))
                exprs[target] = _expression(typed(target), f"g{regex.groupindex[target]}",
                                            namespace)
        stray = set(regex.groupindex) - used
        if stray:
            raise ValueError(f"{here}: groups {sorted(stray)} are neither fields nor used")
        build = _builder(name, regex, list(fields), exprs, namespace)
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
    return Shape(name=name, regex=regex, decode=decode, plan=tuple(plan), match=match,
                 require=require,
                 keep=str(raw.get("keep", "")), text=str(raw.get("text", "")),
                 generic=bool(raw.get("generic", False)),
                 log_groups=tuple(re.compile(p) for p in raw.get("log_groups", ())),
                 template=parts, description=" ".join(str(raw.get("description", "")).split()),
                 units=units, prefix=literal_prefix(regex.pattern) if regex is not None else "",
                 build=build)


# ---- the parser and the format ----------------------------------------------------------------


class ShapesLineParser(LineParserBase):
    """One unit (a line, or a CloudWatch Logs message) in, the record of the first shape that
    fits out. ``fixed`` are values every record of this source shares (from a log stream's
    name)."""

    def __init__(self, fmt: ShapesFormat, shapes: Sequence[Shape],
                 fixed: Mapping[str, Any] | None = None) -> None:
        self.format = fmt
        self.layout = fmt.spec.schema.fields
        self.shapes = tuple(shapes)
        self._blank = dict.fromkeys(fmt.spec.schema.names)
        self._blank.update(fixed or {})
        self._fixed = dict(fixed or {})
        self._tries = tuple((s, s.prefix, s.regex.fullmatch if s.regex is not None else None,
                             s.build) for s in self.shapes)

    def __call__(self, line: str) -> Record | None:
        text = line.rstrip("\r\n") if line[-1:] in ("\n", "\r") else line
        if not text or text.isspace():
            self.blank += 1
            return None
        problem = ""
        for shape, prefix, fullmatch, build in self._tries:
            if build is not None and fullmatch is not None:  # a regex shape: generated code
                if prefix and not text.startswith(prefix):
                    continue
                matched = fullmatch(text)
                if matched is None:
                    continue
                try:
                    made = build(matched, text)
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
        where = spec.path.name
        self.shapes = tuple(compile_shape(raw, fields, where) for raw in spec.shapes)
        names = [s.name for s in self.shapes]
        if len(set(names)) != len(names):
            raise ValueError(f"{where}: shape names repeat")
        if shape_field.enum and set(shape_field.enum) != set(names):
            raise ValueError(f"{where}: the {SHAPE_FIELD} field's enum lists the shape names")
        self.fields = fields
        self.by_name = {s.name: s for s in self.shapes}
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

    def stream_parser(self, fields: str | Sequence[str] | None, log_group: str,
                      log_stream: str) -> ShapesLineParser:
        """A parser for the events of one CloudWatch Logs stream: only the shapes its log
        group may hold (RDS: ``.../slowquery`` holds slow query entries), and the fields the
        stream's name carries (ECS: container and task)."""
        self.layout(fields)
        shapes = [s for s in self.shapes if s.applies_to(log_group)] or list(self.shapes)
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
            try:
                found = shape.parse(text)
            except ValueError:
                continue
            if found is not None:
                return None if shape.generic else shape.name
        return None


_formats: dict[str, ShapesFormat] = {}


def family(spec: FormatSpec) -> ShapesFormat:
    """The :class:`Format` of a line shapes spec (one object per format)."""
    found = _formats.get(spec.name)
    if found is None:
        found = _formats[spec.name] = ShapesFormat(spec)
    return found


__all__ = ["SHAPE_FIELD", "Shape", "ShapesFormat", "ShapesLineParser", "compile_shape",
           "decode_json", "decode_logfmt", "encode_logfmt", "family"]
