"""Hypothesis strategies for the line shapes formats (Lambda, RDS, EKS control plane, ECS, and any
format added with ``[[shapes]]`` later).

Everything comes from the spec: a unit is drawn for one of its shapes, with values typed as the
fields say (times at the precision the shape's template writes, floats with its decimals,
addresses, integers within their width, text the shape's groups accept). Regular-expression
shapes are rendered from their ``template`` by :func:`render_template`, this module's own
reading of the template syntax; decoded shapes are written as JSON or ``key=value`` pairs by
this module, with the keys the shape matches on, requires and reads. A drawn unit is kept only
when its shape is the first one (in the spec's order) that its text fits, checked against the
spec's own regular expressions, so the expected record is what the parser must return.

Against the family convention (``awslogparse/testing/__init__.py``): a unit may span lines (a
slow query entry is one CloudWatch Logs message), so :func:`service_units` stands for
``<family>_records`` and ``<family>_lines`` at once (:class:`ServiceUnit` holds both), and
:func:`service_files` holds only single-line units.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from hypothesis import strategies as st

from awslogparse import registry
from awslogparse.model import Field, FieldType, Record
from awslogparse.parsers.shapes import group_sources
from awslogparse.specs import FormatSpec, load_spec
from awslogparse.testing._common import (
    NAME_CHARS,
    TIME_MAX,
    TIME_MIN,
    LineDamage,
    LineKind,
    LinesFile,
    chance,
    deliver,
    documented_values,
    ipv4_addresses,
    ipv6_addresses,
    rarely,
)
from awslogparse.values import format_timestamp

SHAPE: Final = "shape"
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_WORD_CHARS: Final = NAME_CHARS + ".:/@"
_PUNCTUATION: Final = "'\"()[]{}<>,;=*+!?#$%&|~^`\\"
_JUNK: Final = "\x00\ufffd"
"""``b"\\x00\\xff"`` decoded: binary junk that only a shape fitting any text fits."""
_PIECE: Final = re.compile(r"\{\?|\?\}|\{(\w+)(?::([^{}]*))?\}")


# ---- the formats and their shapes, read from the specs by this module


@functools.cache
def service_formats() -> tuple[str, ...]:
    """Every registered format whose spec lists ``[[shapes]]``."""
    return tuple(name for name in registry.formats() if _spec_of(name).shapes)


def _spec_of(format: str) -> FormatSpec:
    return load_spec(registry.get(format).spec_name)


@dataclass(frozen=True)
class ShapeSpec:
    """One ``[[shapes]]`` table as this module reads it."""

    name: str
    regex: re.Pattern[str] | None
    decode: str
    values: Mapping[str, str]
    units: Mapping[str, str]
    match: Mapping[str, Any]
    require: tuple[str, ...]
    keep: str
    text: str
    generic: bool
    log_groups: tuple[re.Pattern[str], ...]
    template: str | None

    def applies_to(self, group: str | None) -> bool:
        if not self.log_groups:
            return True
        if group is None:
            return not self.generic
        return any(p.search(group) for p in self.log_groups)


@functools.cache
def format_shapes(format: str) -> tuple[ShapeSpec, ...]:
    """The format's shapes, in the order the parser tries them."""
    out = []
    for raw in _spec_of(format).shapes:
        regex = raw.get("regex")
        out.append(ShapeSpec(
            name=raw["name"], regex=re.compile(regex, re.DOTALL) if regex is not None else None,
            decode=raw.get("decode", ""), values=dict(raw.get("values", {})),
            units=dict(raw.get("units", {})), match=dict(raw.get("match", {})),
            require=tuple(raw.get("require", ())), keep=raw.get("keep", ""),
            text=raw.get("text", ""), generic=bool(raw.get("generic", False)),
            log_groups=tuple(re.compile(p) for p in raw.get("log_groups", ())),
            template=raw.get("template")))
    return tuple(out)


def _fields(format: str) -> dict[str, Field]:
    return {f.name: f for f in _spec_of(format).schema}


# ---- the template syntax, this module's own reading of it


def _sections(template: str) -> list[tuple[bool, str]]:
    """The template as (optional?, text) runs (optional sections do not nest in the specs)."""
    out: list[tuple[bool, str]] = []
    rest = template
    while rest:
        start = rest.find("{?")
        if start < 0:
            out.append((False, rest))
            break
        end = rest.find("?}", start)
        if start:
            out.append((False, rest[:start]))
        out.append((True, rest[start + 2:end]))
        rest = rest[end + 2:]
    return out


def template_fields(template: str) -> list[tuple[str, str, bool]]:
    """(field, format spec, optional?) of each placeholder, in order."""
    return [(m.group(1), m.group(2) or "", optional)
            for optional, text in _sections(template)
            for m in re.finditer(r"\{(\w+)(?::([^{}]*))?\}", text)]


def wire_text(field: Field, value: Any, spec: str) -> str:
    """One value as the template writes it (``None``: the field's first null marker)."""
    if value is None:
        return field.nulls[0] if field.nulls else ""
    if isinstance(value, datetime):
        when: datetime = value.astimezone(UTC)
        if spec.startswith("epoch_"):
            scale = {"epoch_s": 1, "epoch_ms": 1000, "epoch_us": 1_000_000}[spec]
            micros = (when - _EPOCH) // timedelta(microseconds=1)
            return str(micros * scale // 1_000_000)
        if spec:
            return when.strftime(spec.replace("%3f", f"{when.microsecond // 1000:03d}"))
        if field.unit == "s":
            return str((when - _EPOCH) // timedelta(seconds=1))
        return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, bool):
        return "true" if value else "false"
    return format(value, spec) if spec else str(value)


def render_template(template: str, values: Mapping[str, Any], fields: Mapping[str, Field]
                    ) -> str:
    """A unit's text: optional sections only when all their fields have values."""
    out = []
    for optional, text in _sections(template):
        names = [m.group(1) for m in re.finditer(r"\{(\w+)", text)]
        if optional and any(values.get(n) is None for n in names):
            continue
        out.append(re.sub(r"\{(\w+)(?::([^{}]*))?\}",
                          lambda m: wire_text(fields[m.group(1)], values.get(m.group(1)),
                                              m.group(2) or ""), text))
    return "".join(out)


# ---- logfmt and JSON, this module's own writers and readers


def logfmt_text(pairs: Mapping[str, str]) -> str:
    """``key=value`` pairs; values with anything but word characters in JSON-quoted form."""
    return " ".join(f"{k}={v if re.fullmatch(r'[A-Za-z0-9._/@^+-]+', v) else json.dumps(v)}"
                    for k, v in pairs.items())


def _logfmt_pairs(text: str) -> dict[str, Any] | None:
    pairs: dict[str, Any] = {}
    for found in re.finditer(r'\s*([^\s="]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)|(\S)', text):
        if found.group(3) is not None:
            return None
        raw = found.group(2)
        pairs[found.group(1)] = json.loads(raw) if raw[:1] == '"' else raw
    return pairs or None


def _path(obj: Any, dotted: str) -> Any:
    for key in dotted.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def first_shape(format: str, text: str, log_group: str | None = None) -> str | None:
    """The first shape whose form ``text`` has (regex, or decoded object with the keys and
    values the shape asks for), by the spec alone."""
    for shape in format_shapes(format):
        if not shape.applies_to(log_group):
            continue
        if shape.regex is not None:
            if shape.regex.fullmatch(text):
                return shape.name
            continue
        obj: Any = None
        if shape.decode == "json" and text[:1] == "{":
            try:
                obj = json.loads(text)
            except ValueError:
                obj = None
        elif shape.decode == "logfmt":
            obj = _logfmt_pairs(text)
        if isinstance(obj, dict) and all(_path(obj, p) == v for p, v in shape.match.items()) \
                and all(_path(obj, p) is not None for p in shape.require):
            return shape.name
    return None


# ---- values


def _group_pattern(regex: re.Pattern[str], name: str) -> str | None:
    """The source of one named group's pattern (for filtering drawn text)."""
    return group_sources(regex.pattern)[0].get(name)


def _plain(text: str) -> bool:
    """Text a unit can hold anywhere: UTF-8, one line, no blanks at its ends."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return text == text.strip() and "\n" not in text and "\r" not in text


@functools.cache
def _texts(pattern: str | None, avoid: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Text a group accepts: words, sentences with punctuation and non-ASCII letters, or
    anything the group's own pattern generates; never a null marker."""
    word = st.text(_WORD_CHARS, min_size=1, max_size=12)
    sentence = st.lists(st.one_of(word, st.text(_PUNCTUATION, min_size=1, max_size=3),
                                  st.text(st.characters(categories=["L"]), min_size=1,
                                          max_size=5)),
                        min_size=1, max_size=6).map(" ".join)
    candidates = rarely(word, sentence, 2)
    if pattern:
        compiled = re.compile(pattern, re.DOTALL)
        candidates = st.one_of(candidates.filter(lambda s: compiled.fullmatch(s) is not None),
                               st.from_regex(pattern, fullmatch=True))
    return candidates.filter(lambda s: s not in avoid and _plain(s))


def _time_at(spec: str, unit: str) -> st.SearchStrategy[datetime]:
    """UTC times at the precision the template (or the wire unit) writes."""
    seconds = st.integers(TIME_MIN, TIME_MAX).map(lambda s: _EPOCH + timedelta(seconds=s))
    if "%3f" in spec or spec == "epoch_ms" or (not spec and unit == "ms"):
        step = 1000
    elif "%f" in spec or spec == "epoch_us" or (not spec and unit in ("iso", "epoch_frac")):
        step = 1
    else:
        return seconds
    return st.builds(lambda t, n: t + timedelta(microseconds=n * step), seconds,
                     st.integers(0, 1_000_000 // step - 1))


@functools.cache
def value_strategy(field: Field, spec: str, pattern: str | None) -> st.SearchStrategy[Any]:
    """Non-null values of one field as a regex shape writes it."""
    kind = field.type
    documented = documented_values(field)
    if documented is not None and kind is FieldType.INT:
        return documented
    if documented is not None and kind is FieldType.STR:  # (ARNs, ...) as the shape takes them
        return documented.filter(lambda s: pattern is None or re.fullmatch(pattern, s)
                                 is not None)
    if kind is FieldType.INT:
        top = 2 ** (field.bits - 1) - 1
        return rarely(st.integers(0, 99_999), st.integers(0, top), 5)
    if kind is FieldType.FLOAT:
        digits = int(spec[1:-1]) if re.fullmatch(r"\.\d+f", spec) else 2
        return st.integers(0, 10 ** 7).map(lambda n: n / 10 ** digits)
    if kind is FieldType.BOOL:
        return st.booleans()
    if kind is FieldType.IP:
        return rarely(ipv4_addresses(), ipv6_addresses(), 3)
    if kind is FieldType.TIMESTAMP:
        return _time_at(spec, field.unit)
    if field.enum and not field.open_enum:
        return st.sampled_from([str(v) for v in field.enum]).filter(
            lambda s: pattern is None or re.fullmatch(pattern, s) is not None)
    text = _texts(pattern, field.nulls)
    if field.enum:
        return rarely(st.sampled_from([str(v) for v in field.enum]).filter(
            lambda s: pattern is None or re.fullmatch(pattern, s) is not None), text, 3)
    return text


@functools.cache
def _json_value(field: Field) -> st.SearchStrategy[tuple[Any, Any]]:
    """(JSON value as written, typed value the record holds) for a decoded shape's field."""
    kind = field.type
    documented = documented_values(field)
    if documented is not None and kind in (FieldType.INT, FieldType.STR):
        return documented.map(lambda v: (v, v))
    if kind is FieldType.INT:
        return st.integers(0, 2 ** (field.bits - 1) - 1).map(lambda n: (n, n))
    if kind is FieldType.FLOAT:
        return st.floats(0, 1e9, allow_nan=False).map(lambda x: (x, x))
    if kind is FieldType.BOOL:
        return st.booleans().map(lambda b: (b, b))
    if kind is FieldType.TIMESTAMP:
        if field.unit in ("s", "ms"):
            scale = 1 if field.unit == "s" else 1000
            return _time_at("", field.unit).map(
                lambda t: ((t - _EPOCH) // timedelta(microseconds=1_000_000 // scale), t))
        if field.unit not in ("iso", "iso_plain", ""):  # a text form of its own (ElastiCache)
            return _time_at("%3f", field.unit).map(
                lambda t: (format_timestamp(field, t), t))
        return _time_at("%3f", field.unit).map(
            lambda t: (t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", t))
    if kind is FieldType.JSON:
        return st.dictionaries(st.text(NAME_CHARS, min_size=1, max_size=6),
                               st.text(max_size=6), max_size=2).map(lambda d: (d, d))
    return _texts(None, field.nulls).map(lambda s: (s, s))


def _nest(obj: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    for key in keys[:-1]:
        inner = obj.get(key)
        if not isinstance(inner, dict):
            inner = obj[key] = {}
        obj = inner
    obj[keys[-1]] = value


# ---- units


@dataclass(frozen=True, repr=False)
class ServiceUnit:
    """One generated unit (a line, or a multi-line CloudWatch Logs message) and its record."""

    format: str
    shape: str
    text: str
    """The unit as the service writes it."""
    record: Record
    """What the parser must return: every field of the spec, ``shape`` first."""

    def __repr__(self) -> str:
        return f"ServiceUnit(format={self.format!r}, shape={self.shape!r}, text={self.text!r})"


def _blank(format: str) -> Record:
    return dict.fromkeys(_fields(format))


@st.composite
def _regex_unit(draw: st.DrawFn, format: str, shape: ShapeSpec) -> tuple[str, Record]:
    fields = _fields(format)
    assert shape.template is not None and shape.regex is not None
    values: dict[str, Any] = {}
    optional_on: dict[int, bool] = {}
    sections = _sections(shape.template)
    for number, (optional, text) in enumerate(sections):
        names = [(m.group(1), m.group(2) or "") for m in
                 re.finditer(r"\{(\w+)(?::([^{}]*))?\}", text)]
        on = not optional or optional_on.setdefault(number, draw(st.booleans()))
        for name, spec in names:
            f = fields[name]
            if name in shape.units:
                f = replace(f, unit=shape.units[name])
            pattern = _group_pattern(shape.regex, name)
            nullable = bool(f.nulls) and not optional and pattern is not None \
                and re.fullmatch(pattern, f.nulls[0]) is not None
            if not on or (nullable and draw(chance(4))):
                values[name] = None
            else:
                values[name] = draw(value_strategy(f, spec, pattern))
    text = render_template(shape.template, values, fields)
    if not _groups_agree(shape, text, values, fields):
        return "", {}  # the text reads differently than it was written: drawn again
    record = {**_blank(format), SHAPE: shape.name, **values}
    if shape.text:
        record[shape.text] = text
    return text, record


def _groups_agree(shape: ShapeSpec, text: str, values: Mapping[str, Any],
                  fields: Mapping[str, Field]) -> bool:
    """Whether the shape's regex reads each value back from ``text`` as it was written (a
    value may fit its group yet shift the groups around it)."""
    assert shape.regex is not None and shape.template is not None
    found = shape.regex.fullmatch(text)
    if found is None:
        return False
    for name, spec, _ in template_fields(shape.template):
        if name not in shape.regex.groupindex:
            continue
        got, value = found.group(name), values.get(name)
        if value is None:
            if got is not None and got not in fields[name].nulls:
                return False
        elif got != wire_text(fields[name], value, spec):
            return False
    return True


@st.composite
def _decoded_unit(draw: st.DrawFn, format: str, shape: ShapeSpec) -> tuple[str, Record]:
    fields = _fields(format)
    obj: dict[str, Any] = {}
    typed: dict[str, Any] = {}
    for path, want in shape.match.items():
        _nest(obj, path, want)
    for name, path in shape.values.items():
        if path in shape.match:
            typed[name] = shape.match[path]
            continue
        required = path in shape.require
        if not required and draw(chance(4)):
            continue  # the key is left out: null
        f = fields[name]
        if name in shape.units:
            f = replace(f, unit=shape.units[name])
        if shape.decode == "logfmt" and f.type in (FieldType.BOOL, FieldType.JSON):
            continue  # logfmt values are text, not JSON
        raw, value = draw(_json_value(f))
        if shape.decode == "logfmt" and not isinstance(raw, str):
            raw = str(raw)
        _nest(obj, path, raw)
        typed[name] = value
    for path in shape.require:
        if _path(obj, path) is None:
            _nest(obj, path, draw(st.text(NAME_CHARS, min_size=1, max_size=8)))
    known = {p.split(".")[0] for p in (*shape.values.values(), *shape.match, *shape.require)}
    extra = draw(st.dictionaries(st.text(NAME_CHARS, min_size=1, max_size=8).filter(
        lambda k: k not in known),
        st.text(_WORD_CHARS, min_size=1, max_size=10) if shape.decode == "logfmt"
        else st.one_of(st.text(max_size=10), st.integers(-(10**6), 10**6), st.booleans()),
        max_size=3))
    obj.update(extra)
    if shape.decode == "logfmt":
        text = logfmt_text(obj)
    else:
        text = json.dumps(obj, ensure_ascii=draw(st.booleans()),
                          separators=draw(st.sampled_from(((",", ":"), (", ", ": ")))))
    record = {**_blank(format), SHAPE: shape.name}
    record.update({name: typed.get(name) for name in shape.values})
    if shape.keep:
        record[shape.keep] = obj
    if shape.text:
        record[shape.text] = text
    return text, record


@st.composite
def service_units(draw: st.DrawFn, format: str, *, shapes: Sequence[str] | None = None,
                  log_group: str | None = None, single_line: bool = False) -> ServiceUnit:
    """A unit of one of ``format``'s shapes (all that apply to ``log_group`` by default; regex
    shapes need a ``template``) and the record it must give. ``single_line`` leaves out units
    that span lines (what a file of lines can hold)."""
    if format not in service_formats():
        raise ValueError(f"{format!r} is not a line shapes format")
    usable = [s for s in format_shapes(format) if s.applies_to(log_group)
              and (s.regex is None or s.template is not None)
              and (shapes is None or s.name in shapes)]
    if not usable:
        raise ValueError(f"{format}: no shape to draw from")
    shape = draw(st.sampled_from(usable))
    maker = _regex_unit if shape.regex is not None else _decoded_unit
    text, record = draw(maker(format, shape).filter(
        lambda pair: bool(pair[0].strip()) and pair[0][-1:] not in ("\n", "\r")
        and (not single_line or ("\n" not in pair[0] and "\r" not in pair[0]))
        and first_shape(format, pair[0], log_group) == shape.name))
    return ServiceUnit(format=format, shape=shape.name, text=text, record=record)


# ---- files of lines


@dataclass(frozen=True, repr=False)
class ServiceFile(LinesFile):
    """A file of single-line units of one format."""

    units: tuple[ServiceUnit, ...] = field(default=())

    @property
    def records(self) -> Sequence[Record]:
        return [u.record for u in self.units]

    @property
    def reads_any_line(self) -> bool:
        """A shape that fits any text (a catch-all such as Lambda's and ECS's plain text)
        makes junk a record."""
        return first_shape(self.format, _JUNK) is not None

    def junk_guard(self, index: int, junk: bytes) -> bytes:
        """Junk that fits a shape (by the spec's own patterns) is replaced by a NUL and an
        invalid byte, which fits none when no shape fits any text."""
        text = junk.decode("utf-8", "replace")
        return junk if first_shape(self.format, text) is None else b"\x00\xff"


@st.composite
def service_files(draw: st.DrawFn, format: str, *, max_lines: int = 8) -> ServiceFile:
    """A file of one to ``max_lines`` single-line units (any shape a file may hold), maybe with
    blank lines, CRLF endings, gzip members."""
    units = draw(st.lists(service_units(format, single_line=True), min_size=1,
                          max_size=max_lines))
    lines = [u.text for u in units]
    kinds: list[LineKind] = ["data"] * len(lines)
    spaces = "\n\r\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"
    plain = all(not any(c in spaces for c in line) for line in lines)
    return deliver(draw, functools.partial(ServiceFile, format=format, units=tuple(units)),
                   lines, kinds, blank_lines=plain)


def _cut_spoiler(file: ServiceFile) -> LineDamage:
    """Cut a line of a shape that has no catch-all after it to its first few characters: it
    then fits no shape (the reason names the format's shapes)."""
    shapes = format_shapes(file.format)
    catch_all = any(s.generic and s.applies_to(None) for s in shapes)
    rows = () if catch_all else tuple(
        i for i, kind in enumerate(file.kinds) if kind == "data"
        and first_shape(file.format, file.lines[i][:3]) is None)

    def spoil(draw: st.DrawFn, index: int) -> tuple[str, str]:
        return file.lines[index][:3], "line shapes"
    return LineDamage(rows=rows, spoil=spoil)


def service_line_damage(file: ServiceFile) -> dict[str, LineDamage]:
    """The family's own damage kinds for :func:`awslogparse.testing.damaged_files`."""
    return {"cut": _cut_spoiler(file)}


# ---- CloudWatch Logs envelopes of these formats


@st.composite
def service_envelopes(draw: st.DrawFn, format: str, log_group: str, log_stream: str, *,
                      shapes: Sequence[str] | None = None, max_events: int = 4
                      ) -> tuple[dict[str, Any], list[ServiceUnit]]:
    """A decoded CloudWatch Logs DATA_MESSAGE envelope of one stream whose events are units of
    ``format`` that may appear in ``log_group`` (of ``shapes`` only, when given; a message may
    end in a newline, as Lambda's do), and the units."""
    units = draw(st.lists(service_units(format, shapes=shapes, log_group=log_group),
                          min_size=1, max_size=max_events))
    start = draw(st.integers(TIME_MIN * 1000, TIME_MAX * 1000))
    events = []
    for offset, unit in zip(itertools.count(), units, strict=False):
        ending = draw(rarely(st.just(""), st.just("\n"), 3))
        events.append({"id": f"{start + offset:056d}", "timestamp": start + offset,
                       "message": unit.text + ending})
    envelope = {"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": log_group,
                "logStream": log_stream, "subscriptionFilters": ["to-forwarder"],
                "logEvents": events}
    return envelope, units


__all__ = [
    "ServiceFile",
    "ServiceUnit",
    "ShapeSpec",
    "first_shape",
    "format_shapes",
    "logfmt_text",
    "render_template",
    "service_envelopes",
    "service_files",
    "service_formats",
    "service_line_damage",
    "service_units",
    "template_fields",
    "value_strategy",
    "wire_text",
]
