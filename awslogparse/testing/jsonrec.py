"""Hypothesis strategies for the JSON record formats (those the JSON family module reads:
CloudTrail and its digest files, WAF, Route 53 Resolver query logs, Network Firewall, and any
added later), for CloudWatch Logs subscription payloads carrying other formats and for
CloudWatch Logs exports to S3.

Records come from ``formats/*.toml``: every declared key, typed as the spec says (timestamps at
the precision their wire unit holds), structs holding every child, lists of structs, ``json``
fields as small arbitrary objects, and now and then a key the spec does not know. Records are
written by :func:`json_wire`, this module's own serializer (not the library's writer), so
round-trip tests compare two implementations. The formats come from the registry; only the
CloudWatch Logs envelope is special: its log events hold lines of other formats, which
:func:`cloudwatch_payloads` wraps the ways AWS delivers them.

Against the family convention (``awslogparse/testing/__init__.py``): units are JSON values, not
lines, so :func:`json_wire` stands for ``<family>_lines`` and files are :class:`JsonFile`, not
``LinesFile``; :func:`damaged_json_files` (which ``damaged_files`` calls for a ``JsonFile``) damages
them. Exports are lines: :func:`export_files` gives an :class:`ExportFile` (a ``LinesFile``).
"""

from __future__ import annotations

import base64
import functools
import gzip
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal

from hypothesis import strategies as st

from awslogparse import registry
from awslogparse.model import Field, FieldType, Record
from awslogparse.parsers import jsonrec as _family
from awslogparse.specs import FormatSpec, load_spec
from awslogparse.testing._common import (
    BYTE_DAMAGE,
    DIGITS,
    GZIP_DAMAGE,
    HEX,
    NAME_CHARS,
    REGIONS,
    TIME_MAX,
    TIME_MIN,
    UTF8_BOM,
    DamagedFile,
    LineKind,
    ListedLinesFile,
    binary_junk,
    byte_damage,
    chance,
    damage_kind,
    deliver,
    documented_values,
    fixed,
    gzip_members,
    ipv4_addresses,
    ipv6_addresses,
    rarely,
    redeliver,
)
from awslogparse.testing.flowlog import default_layout, flowlog_records, render_line

ENVELOPE: Final = "cloudwatch"
"""The CloudWatch Logs envelope format: JSON framing, but its units are other formats' lines."""
CONTROL_TEXT: Final = "CWL CONTROL MESSAGE: Checking health of destination Firehose."
"""The message of AWS's CONTROL_MESSAGE envelopes (a destination health check)."""

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_SPECIAL: Final = ('"', "\\", '\\"', "\\u0041", "é", "ß", "日本語", "\u2028", "\U0001f600",
                   "\x00", "\t", "\n", "'", "/", "</script>", " ")
"""Pieces of text JSON escapes or that trip naive serializers."""
_CHARS: Final = st.characters(codec="utf-8")
"""Any Unicode scalar value (no lone surrogates: they are not UTF-8)."""


@functools.cache
def _texts(max_size: int = 8) -> st.SearchStrategy[str]:
    """Short text: name-like, any Unicode, or a mix of quotes, backslashes and non-ASCII."""
    return st.one_of(
        st.text(NAME_CHARS, max_size=max_size),
        st.text(_CHARS, max_size=max_size),
        st.lists(st.sampled_from(_SPECIAL), min_size=1, max_size=3).map("".join),
    )


# ---- formats


@functools.cache
def json_formats() -> tuple[str, ...]:
    """Every registered JSON record format: those read by the JSON family module
    (``awslogparse.parsers.jsonrec``), whose records this module builds, without the CloudWatch
    Logs envelope, whose values are containers of other formats' units. Other families that read
    JSON (CloudFront v2's JSON and Parquet outputs, which are W3C fields by name) have
    strategies of their own."""
    found = []
    for name in registry.formats():
        info = registry.get(name)
        if load_spec(info.spec_name).parser == _family.__name__ \
                and not info.format().value_is_container:
            found.append(name)
    return tuple(found)


def _spec(format: str) -> FormatSpec:
    spec = load_spec(registry.get(format).spec_name)
    if spec.name not in json_formats():
        raise ValueError(f"{format!r} is not a JSON record format")
    return spec


@functools.cache
def _reserved(format: str) -> frozenset[str]:
    """Top-level keys a generated unknown key must not take: the format's own, its records
    key, and what readers add (CloudWatch Logs context, ``_format``, ``_extra``, ...)."""
    names = {n for f in load_spec(format).schema for n in (f.name, f.wire_name)}
    names |= {n for f in load_spec(ENVELOPE).schema for n in (f.name, f.wire_name)}
    names |= {load_spec(format).records_key, "_format", "_source", "_line", "_extra",
              "awslogs", "logEvents", "messageType", "policyLevel"}
    return frozenset(names)


def unknown_keys(format: str) -> st.SearchStrategy[str]:
    """camelCase keys the spec does not know (AWS adds keys without notice)."""
    return _unknown_keys(_spec(format).name)


@functools.cache
def _unknown_keys(format: str) -> st.SearchStrategy[str]:
    reserved = _reserved(format)
    return st.from_regex(r"[a-z]{2,8}(?:[A-Z][a-z0-9]{1,6}){0,2}", fullmatch=True).filter(
        lambda k: k not in reserved)


# ---- values

_JSON_SCALARS: Final = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**64),
    st.floats(allow_nan=False, allow_infinity=False), _texts())


@functools.cache
def json_objects() -> st.SearchStrategy[dict[str, Any]]:
    """Small arbitrary JSON objects, as open-ended fields (``requestParameters``) hold."""
    inner = st.recursive(_JSON_SCALARS, lambda c: st.lists(c, max_size=3)
                         | st.dictionaries(_texts(6), c, max_size=3), max_leaves=5)
    return st.dictionaries(_texts(6), inner, max_size=4)


@functools.cache
def _unknown_values() -> st.SearchStrategy[Any]:
    """Values of unknown keys (never null: a null key may be omitted on the wire)."""
    return st.one_of(_texts(), st.integers(-(10**6), 10**6), st.lists(_texts(), max_size=2),
                     json_objects())


@functools.cache
def _timestamps(unit: str) -> st.SearchStrategy[datetime]:
    """UTC datetimes at the precision the wire unit holds."""
    seconds = st.integers(TIME_MIN, TIME_MAX).map(lambda s: _EPOCH + timedelta(seconds=s))
    if unit == "s":
        return seconds
    if unit == "ms":
        return st.builds(lambda t, ms: t + timedelta(milliseconds=ms), seconds,
                         st.integers(0, 999))
    # ISO 8601: whole seconds (CloudTrail), milliseconds, or microseconds (Suricata)
    fraction = st.one_of(st.just(0), st.integers(0, 999).map(lambda ms: ms * 1000),
                         st.integers(0, 999_999))
    return st.builds(lambda t, us: t + timedelta(microseconds=us), seconds, fraction)


@functools.cache
def scalar_values(field: Field, format: str = "") -> st.SearchStrategy[Any]:
    """Non-null values of one scalar field (of ``format``, where a field's shape depends on
    it: see :func:`documented_values`), as a record holds them. Integers are never negative:
    AWS's JSON logs hold sizes, counts, durations, ids and times."""
    kind = field.type
    if field.enum and not field.open_enum:
        return st.sampled_from(field.enum)
    documented = documented_values(field, format)
    if documented is not None:
        return documented
    if kind is FieldType.INT:
        return rarely(st.integers(0, 65535), st.integers(0, field.int_range[1]), 2)
    if kind is FieldType.FLOAT:
        return st.one_of(st.integers(0, 10**6).map(lambda n: n / 100),
                         st.floats(allow_nan=False, allow_infinity=False))
    if kind is FieldType.BOOL:
        return st.booleans()
    if kind is FieldType.TIMESTAMP:
        return _timestamps(field.unit)
    if kind is FieldType.IP:
        return rarely(ipv4_addresses(), ipv6_addresses(), 3)
    text = _texts()
    if field.enum:
        text = rarely(st.sampled_from([str(v) for v in field.enum]), text, 4)
    return text.filter(lambda s: s not in field.nulls)


def _element(field: Field) -> Field:
    """The field of one element of a list (never null)."""
    return field.element().replace(presence="always")


_IS_NULL: Final = rarely(st.just(False), st.just(True), 3)


def _value(draw: st.DrawFn, field: Field, nulls: bool, format: str) -> Any:
    if nulls and field.presence != "always" and draw(_IS_NULL):
        return None
    kind = field.type
    if kind is FieldType.STRUCT:
        return _object(draw, field.children, nulls, format)
    if kind is FieldType.LIST:
        element = _element(field)
        return [_value(draw, element, nulls, format) for _ in range(draw(st.integers(0, 2)))]
    if kind is FieldType.JSON:
        return draw(json_objects())
    return draw(scalar_values(field, format))


def _object(draw: st.DrawFn, fields: Sequence[Field], nulls: bool, format: str) -> Record:
    return {f.name: _value(draw, f, nulls, format) for f in fields}


@st.composite
def json_records(draw: st.DrawFn, format: str, *, nulls: bool = True,
                 unknown: bool = True) -> Record:
    """A record as the library must return it: every declared key (``None`` only for fields
    that are not ``always`` present), structs with all children, and (``unknown``) sometimes
    one top-level key the spec does not know, kept as written."""
    spec = _spec(format)
    record = _object(draw, spec.schema.fields, nulls, spec.name)
    if unknown and draw(chance(4)):
        record[draw(unknown_keys(spec.name))] = draw(_unknown_values())
    return record


# ---- the serializer (this module's own, independent of the library's writer)

NullKeys = Literal["omit", "null", "mixed"]


@dataclass(frozen=True)
class WireStyle:
    """Choices AWS's writers make differently (across services, or over the years)."""

    null_keys: NullKeys = "omit"
    """A null value: key left out, written as ``null``, or each in turn."""
    iso_fraction: Literal["auto", "micro", "milli"] = "auto"
    """ISO 8601 fractions: only when non-zero (6 digits), always 6 digits, or 3 digits when
    the time is whole milliseconds."""
    iso_zone: Literal["Z", "+0000", "+00:00"] = "Z"
    """How UTC is written (Suricata writes ``+0000``)."""
    seconds_as_text: bool = True
    """Epoch seconds as a digit string (Network Firewall's flow and alert logs) or a number."""
    ints_as_text: bool = False
    """Integers as digit strings, as Network Firewall's TLS logs write ports."""


DEFAULT_STYLE: Final = WireStyle()


@functools.cache
def wire_styles() -> st.SearchStrategy[WireStyle]:
    """Every :class:`WireStyle`; the usual ones most often."""
    return st.builds(
        WireStyle,
        null_keys=st.sampled_from(("omit", "null", "mixed")),
        iso_fraction=st.sampled_from(("auto", "micro", "milli")),
        iso_zone=rarely(st.just("Z"), st.sampled_from(("+0000", "+00:00")), 4),
        seconds_as_text=st.booleans(),
        ints_as_text=rarely(st.just(False), st.just(True), 5),
    )


def _iso(value: datetime, unit: str, style: WireStyle) -> str:
    value = value.astimezone(UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    micro = value.microsecond
    if style.iso_fraction == "milli" and micro % 1000 == 0:
        text += f".{micro // 1000:03d}"
    elif style.iso_fraction == "micro" or micro:
        text += f".{micro:06d}"
    return text if unit == "iso_plain" else text + style.iso_zone


def _wire_scalar(field: Field, value: Any, style: WireStyle) -> Any:
    kind = field.type
    if kind is FieldType.TIMESTAMP:
        if field.unit == "ms":
            return (value - _EPOCH) // timedelta(milliseconds=1)
        if field.unit == "s":
            seconds = (value - _EPOCH) // timedelta(seconds=1)
            return str(seconds) if style.seconds_as_text else seconds
        return _iso(value, field.unit, style)
    if kind is FieldType.INT and style.ints_as_text:
        return str(value)
    return value


def _wire_value(field: Field, value: Any, style: WireStyle, turn: itertools.count[int]) -> Any:
    if value is None:
        return None
    if field.type is FieldType.STRUCT:
        return _wire_object(field.children, value, style, turn)
    if field.type is FieldType.LIST:
        element = _element(field)
        return [_wire_value(element, v, style, turn) for v in value]
    if field.type is FieldType.JSON:
        return value
    return _wire_scalar(field, value, style)


def _wire_object(fields: Sequence[Field], record: Mapping[str, Any], style: WireStyle,
                 turn: itertools.count[int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        value = record.get(f.name)
        if value is None:
            if style.null_keys == "null" or (style.null_keys == "mixed" and next(turn) % 2):
                out[f.wire_name] = None
            continue
        out[f.wire_name] = _wire_value(f, value, style, turn)
    known = {f.name for f in fields}
    out.update((k, v) for k, v in record.items() if k not in known)
    return out


def json_wire(format: str, record: Mapping[str, Any], style: WireStyle = DEFAULT_STYLE
              ) -> dict[str, Any]:
    """``record`` as AWS writes it (a JSON object, before ``json.dumps``): AWS's keys in spec
    order, timestamps back in their unit (ISO text, epoch milliseconds as a number, epoch
    seconds as text or a number), nulls omitted or ``null`` as ``style`` says, unknown keys as
    written. Times finer than the unit holds are cut."""
    return _wire_object(_spec(format).schema.fields, record, style, itertools.count())


# ---- whole files

JsonFraming = Literal["documents", "ndjson", "concatenated", "pretty"]


@dataclass(frozen=True, repr=False)
class JsonFile:
    """A generated file of one JSON format as delivered, and what reading it must give."""

    format: str
    data: bytes
    """The bytes as delivered (gzip members when ``compressed``)."""
    records: tuple[Record, ...]
    """Every expected record, in file order."""
    documents: int
    """``{"<records key>": [...]}`` documents (containers of the read); 0 for other formats."""
    framing: JsonFraming
    """Records-key documents, one object per line, objects back to back, or pretty-printed."""
    text: str
    """The decoded content, without the BOM."""
    compressed: bool
    member_offsets: tuple[int, ...]
    bom: bool

    @property
    def units(self) -> int:
        """Units of the read: one per record (every generated record is valid)."""
        return len(self.records)

    @property
    def content(self) -> bytes:
        """The decompressed bytes (BOM included)."""
        return (UTF8_BOM if self.bom else b"") + self.text.encode("utf-8")

    def __repr__(self) -> str:  # short: Hypothesis prints it for every failing example
        return (f"JsonFile(format={self.format!r}, framing={self.framing!r}, "
                f"compressed={self.compressed}, member_offsets={self.member_offsets}, "
                f"bom={self.bom}, text={self.text[:2000]!r})")


def _dumps(value: Any, *, ascii: bool, sort: bool, indent: int | None = None) -> str:
    separators = (",", ":") if indent is None else None
    return json.dumps(value, ensure_ascii=ascii, sort_keys=sort, indent=indent,
                      separators=separators)


def _split(draw: st.DrawFn, items: Sequence[Any], parts: int) -> list[list[Any]]:
    """``items`` in ``parts`` consecutive runs (some may be empty)."""
    cuts = sorted(draw(st.lists(st.integers(0, len(items)), min_size=parts - 1,
                                max_size=parts - 1)))
    bounds = [0, *cuts, len(items)]
    return [list(items[a:b]) for a, b in itertools.pairwise(bounds)]


def _document(key: str, entries: Sequence[str], pretty: bool) -> list[str]:
    """A records-key document as pieces whose joins fall between JSON tokens."""
    if not pretty:
        body = [piece for i, e in enumerate(entries) for piece in ([","] if i else []) + [e]]
        return [f'{{"{key}":[', *body, "]}"]
    body = [piece for i, e in enumerate(entries) for piece in ([",\n"] if i else []) + [e]]
    return [f'{{\n  "{key}": [\n', *body, "\n  ]\n}"]


MemberCuts = Literal["values", "anywhere"]


@st.composite
def json_files(draw: st.DrawFn, format: str, *, max_records: int = 5,
               framing: JsonFraming | None = None, compressed: bool | None = None,
               member_cuts: MemberCuts = "values") -> JsonFile:
    """A whole file: for formats with a records key, one or more ``{"Records": [...]}``
    documents (compact or indented); else one object per line (LF or CRLF), objects back to
    back (Firehose) or pretty-printed ones. ASCII-escaped or not, keys sorted or not, a BOM
    now and then, gzip or not. Gzip files have one or several members, split between JSON
    tokens (as Firehose splits records) or, with ``member_cuts="anywhere"``, at any byte."""
    spec = _spec(format)
    least = 0 if spec.records_key else 1
    records = draw(st.lists(json_records(spec.name), min_size=least, max_size=max_records))
    wires = [json_wire(spec.name, r, draw(wire_styles())) for r in records]
    escape, sort = draw(st.booleans()), draw(chance(4))
    documents = 0
    pieces: list[str] = []
    if spec.records_key:
        kind: JsonFraming = "documents"
        documents = draw(st.integers(1, 3))
        indent = draw(rarely(st.none(), st.sampled_from((1, 2, 4)), 4))
        for i, part in enumerate(_split(draw, wires, documents)):
            entries = [_dumps(w, ascii=escape, sort=sort, indent=indent) for w in part]
            pieces += (["\n"] if i else []) + _document(spec.records_key, entries,
                                                       indent is not None)
    else:
        kinds: tuple[JsonFraming, ...] = ("ndjson", "concatenated", "pretty")
        kind = framing if framing is not None else draw(st.sampled_from(kinds))
        if kind == "documents":
            raise ValueError(f"{spec.name} has no records key: its files are no documents")
        indent = 2 if kind == "pretty" else None
        ending = "" if kind == "concatenated" else draw(rarely(st.just("\n"),
                                                               st.just("\r\n"), 4))
        for i, w in enumerate(wires):
            pieces += ([ending] if i and ending else []) + [
                _dumps(w, ascii=escape, sort=sort, indent=indent)]
    if kind != "concatenated" and draw(st.booleans()):
        pieces.append("\n")
    text = "".join(pieces)
    bom = draw(rarely(st.just(False), st.just(True), 10))
    content = (UTF8_BOM if bom else b"") + text.encode("utf-8")
    gz = draw(st.booleans()) if compressed is None else compressed
    offsets: tuple[int, ...] = ()
    data = content
    if gz:
        if member_cuts == "anywhere":
            joins = list(range(1, len(content)))
        else:
            joins = list(itertools.accumulate(len(p.encode("utf-8")) for p in pieces[:-1]))
            joins = [j + (len(UTF8_BOM) if bom else 0) for j in joins]
        cuts = sorted(draw(st.sets(st.sampled_from(joins), max_size=2))) if joins else []
        bounds = [0, *cuts, len(content)]
        data, offsets = gzip_members([content[a:b] for a, b in itertools.pairwise(bounds)
                                      if b > a])
    return JsonFile(format=spec.name, data=data, records=tuple(records), documents=documents,
                    framing=kind, text=text, compressed=gz, member_offsets=offsets, bom=bom)


# ---- damaged files

JSON_DAMAGE: Final = (*BYTE_DAMAGE, "cut")
"""Damage to a JSON file's decoded text: :data:`BYTE_DAMAGE`, or (one object per line) a
record's line cut short."""


@st.composite
def damaged_json_files(draw: st.DrawFn, original: JsonFile,
                       kinds: Sequence[str] | None = None) -> DamagedFile:
    """One damage to a JSON file (what :func:`~awslogparse.testing.damaged_files` does with a
    :class:`JsonFile`): one of :data:`JSON_DAMAGE` or (gzip files) :data:`GZIP_DAMAGE`, all by
    default; kinds that cannot apply are left out.

    Where the errors are predictable they are exact: a junk line (a NUL first, never JSON) is
    one error at its line, inserted between any two lines of one object per line, else before
    everything (a document's reader cannot resynchronise inside it); a cut (one object per line
    only) is one error at the cut line, that record lost.
    """
    possible = list(kinds if kinds is not None else (*JSON_DAMAGE, *GZIP_DAMAGE))
    raw = original.content
    ndjson = original.framing == "ndjson"
    applicable = {"flip": bool(raw), "insert": True, "delete": bool(raw), "junk-line": True,
                  "cut": ndjson and bool(original.records),
                  "gzip-cut": original.compressed, "gzip-flip": original.compressed}
    kind = draw(damage_kind(possible, applicable))
    if kind not in ("junk-line", "cut"):
        return byte_damage(draw, original, kind, raw)
    mark = UTF8_BOM if original.bom else b""
    lines = original.text.encode("utf-8").split(b"\n")
    physical = len(lines) - (1 if lines[-1] == b"" else 0)
    crlf = b"\r" if "\r\n" in original.text else b""
    records = original.records
    if kind == "junk-line":
        at = draw(st.integers(0, physical)) if ndjson else 0
        lines.insert(at, b"\x00" + binary_junk(draw).replace(b"\r", b"") + crlf)
        text = mark + b"\n".join(lines)
        return DamagedFile(original, kind, redeliver(original, text), text, (at + 1,), records,
                           reason_hint="not JSON")
    at = draw(st.integers(0, physical - 1))
    line = lines[at].removesuffix(b"\r")
    lines[at] = line[:draw(st.integers(1, len(line) - 1))] + crlf
    text = mark + b"\n".join(lines)
    return DamagedFile(original, kind, redeliver(original, text), text, (at + 1,),
                       records[:at] + records[at + 1:], reason_hint="not JSON")


# ---- CloudWatch Logs payloads

Delivery = Literal["gzip", "lambda", "json"]
"""Gzip members back to back (Kinesis, Firehose), a Lambda event (``awslogs.data``), or the
decoded envelopes as JSON."""
Inner = Literal["vpcflow", "cloudtrail", "text"]
"""What one log stream holds: VPC flow log lines, CloudTrail events, or text no format reads."""


@dataclass(frozen=True)
class _Stream:
    kind: Inner
    group: str
    stream: str
    owner: str


@dataclass(frozen=True, repr=False)
class CloudWatchPayload:
    """A generated CloudWatch Logs payload, and what reading it as ``cloudwatch`` must give."""

    data: bytes
    records: tuple[Record, ...]
    """One record per log event of the data envelopes, in order: the inner format's record
    with the CloudWatch context, or the generic record of a text message."""
    units: int
    containers: int
    """Top-level JSON values: envelopes, or Lambda events."""
    skipped: int
    """CONTROL_MESSAGE envelopes (no records by design)."""
    delivery: Delivery
    envelopes: tuple[dict[str, Any], ...]
    """The decoded envelopes, for messages when a test fails."""

    def __repr__(self) -> str:
        return (f"CloudWatchPayload(delivery={self.delivery!r}, units={self.units}, "
                f"containers={self.containers}, skipped={self.skipped}, "
                f"envelopes={json.dumps(self.envelopes, ensure_ascii=False)[:3000]})")


def _uuids() -> st.SearchStrategy[str]:
    return st.uuids().map(str)


def text_messages() -> st.SearchStrategy[str]:
    """Log event messages of an application's own that no format claims: levelled text,
    ``key=value`` pairs without a time, small JSON objects of the application's keys (some
    ending in a newline). ``tests/test_json_properties.py`` checks that detection finds no
    format for them among all the registry knows."""
    level = st.sampled_from(("INFO", "WARN", "ERROR", "DEBUG"))
    message = st.one_of(
        st.builds(lambda lvl, text: f"{lvl} {text}", level, _texts(40)),
        st.builds(lambda lvl, text, n: f"level={lvl.lower()} msg={json.dumps(text)} items={n}",
                  level, _texts(20), st.integers(0, 10**6)),
        st.builds(lambda lvl, text: json.dumps({"level": lvl.lower(), "msg": text}),
                  level, _texts(20)),
    )
    return st.builds(lambda m, nl: m + "\n" if nl else m, message,
                     rarely(st.just(False), st.just(True), 4))


# ---- CloudWatch Logs exports to S3


@functools.cache
def export_formats() -> tuple[str, ...]:
    """Every registered format of CloudWatch Logs events written one per line (an export
    task's ``<ISO time> <message>``)."""
    specs = [load_spec(registry.get(name).spec_name) for name in registry.formats()]
    return tuple(s.name for s in specs if s.family == "cloudwatch" and s.framing == "lines")


@dataclass(frozen=True, repr=False)
class ExportFile(ListedLinesFile):
    """A generated CloudWatch Logs export object: one log stream's events, one per line."""


@st.composite
def export_files(draw: st.DrawFn, format: str = "cloudwatch_export", *,
                 max_lines: int = 8) -> ExportFile:
    """An export of an application's log stream: :func:`text_messages` (which no inner format
    claims) after their times with milliseconds, in time order; blank lines, CRLF, gzip."""
    name = registry.get(format).name
    if name not in export_formats():
        raise ValueError(f"{format!r} is no export format; see export_formats()")
    messages = draw(st.lists(text_messages().map(lambda m: m.removesuffix("\n")).filter(
        lambda m: "\n" not in m and "\r" not in m), min_size=1, max_size=max_lines))
    start = draw(st.integers(TIME_MIN * 1000, TIME_MAX * 1000))
    steps = draw(st.lists(st.integers(0, 10**6), min_size=len(messages),
                          max_size=len(messages)))
    lines: list[str] = []
    expected: list[Record] = []
    for message, at in zip(messages, itertools.accumulate(steps, initial=start), strict=False):
        when = datetime.fromtimestamp(at / 1000, UTC).replace(microsecond=at % 1000 * 1000)
        lines.append(f"{when:%Y-%m-%dT%H:%M:%S}.{at % 1000:03d}Z {message}")
        expected.append({"event_timestamp": when, "message": message, "_format": name})
    kinds: list[LineKind] = ["data"] * len(lines)
    make = functools.partial(ExportFile, format=name, expected=tuple(expected))
    return deliver(draw, make, lines, kinds, blank_lines=draw(st.booleans()))


@st.composite
def _streams(draw: st.DrawFn, kind: Inner) -> _Stream:
    """A log group and stream named as AWS names them for ``kind`` (each kind its own names,
    so a stream's first message always decides the same inner format). Text goes to an
    application's own log group (``/app/<name>``: no format's naming covers it), one stream
    per instance (the CloudWatch agent's default stream name)."""
    owner = draw(fixed(DIGITS, 12))
    name = draw(st.text(NAME_CHARS, min_size=1, max_size=12))
    if kind == "cloudtrail":
        group = f"aws-cloudtrail-logs-{owner}-{draw(fixed(HEX, 8))}"
        stream = f"{owner}_CloudTrail_{draw(st.sampled_from(REGIONS))}"
    elif kind == "vpcflow":
        group, stream = f"vpc-flow-logs-{name}", f"eni-{draw(fixed(HEX, 17))}-all"
    else:
        group, stream = f"/app/{name}", f"i-{draw(fixed(HEX, 17))}"
    return _Stream(kind, group, stream, owner)


def _message(draw: st.DrawFn, kind: Inner) -> tuple[str, Record | None]:
    """One message of a ``kind`` stream and the inner record it holds (None for text)."""
    if kind == "vpcflow":
        layout = default_layout("vpcflow")
        record = draw(flowlog_records("vpcflow", layout))
        return render_line(record, layout), record
    if kind == "cloudtrail":
        record = draw(json_records("cloudtrail"))
        wire = json_wire("cloudtrail", record, draw(wire_styles()))
        return json.dumps(wire, ensure_ascii=draw(st.booleans())), record
    return draw(text_messages()), None


def _control(draw: st.DrawFn) -> dict[str, Any]:
    when = draw(_timestamps("ms"))
    return {"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logGroup": "",
            "logStream": "", "subscriptionFilters": [],
            "logEvents": [{"id": "", "timestamp": _wire_ms(when), "message": CONTROL_TEXT}]}


def _wire_ms(value: datetime) -> int:
    return (value - _EPOCH) // timedelta(milliseconds=1)


def _data_envelope(draw: st.DrawFn, where: _Stream, max_events: int
                   ) -> tuple[dict[str, Any], list[Record]]:
    """A DATA_MESSAGE envelope of one stream, and the record of each of its events: the inner
    record with the stream's context, or (text) the generic record, which also keeps the
    envelope's keys the spec does not know (``policyLevel``) as written."""
    filters = [draw(st.text(NAME_CHARS, min_size=1, max_size=10))]
    envelope: dict[str, Any] = {"messageType": "DATA_MESSAGE", "owner": where.owner,
                                "logGroup": where.group, "logStream": where.stream,
                                "subscriptionFilters": filters, "logEvents": []}
    head: Record = {"log_group": where.group, "log_stream": where.stream,
                    "owner": where.owner}
    generic: Record = {**head, "subscription_filters": filters}
    if draw(chance(5)):
        # account-level subscription filters say so
        envelope["policyLevel"] = generic["policyLevel"] = "ACCOUNT_LEVEL_POLICY"
    expected: list[Record] = []
    for _ in range(draw(st.integers(1, max_events))):
        event_id, when = draw(fixed(DIGITS, 56)), draw(_timestamps("ms"))
        message, inner = _message(draw, where.kind)
        envelope["logEvents"].append({"id": event_id, "timestamp": _wire_ms(when),
                                      "message": message})
        event = {"event_id": event_id, "event_timestamp": when}
        if inner is None:
            expected.append({**generic, **event, "message": message, "_format": ENVELOPE})
        else:
            expected.append({**inner, **head, **event, "_format": where.kind})
    return envelope, expected


@st.composite
def cloudwatch_payloads(draw: st.DrawFn, *, max_envelopes: int = 3, max_events: int = 4,
                        delivery: Delivery | None = None) -> CloudWatchPayload:
    """CloudWatch Logs envelopes of VPC flow log lines, CloudTrail events (one per message, in
    ``<account>_CloudTrail_<region>`` streams) and an application's text (``/app/...`` groups:
    generic records), some envelopes repeating an earlier stream, now and then a
    CONTROL_MESSAGE; delivered as gzip members, as one Lambda event, or decoded. The expected
    records and counts come with it."""
    ways: tuple[Delivery, ...] = ("gzip", "lambda", "json")
    how = delivery if delivery is not None else draw(st.sampled_from(ways))
    count = 1 if how == "lambda" else draw(st.integers(1, max_envelopes))
    envelopes: list[dict[str, Any]] = []
    records: list[Record] = []
    seen: list[_Stream] = []
    skipped = 0
    for _ in range(count):
        if draw(rarely(st.just(False), st.just(True), 6)):
            envelopes.append(_control(draw))
            skipped += 1
            continue
        again: bool = draw(rarely(st.just(False), st.just(True), 3))
        if seen and again:
            where = draw(st.sampled_from(seen))
        else:
            where = draw(_streams(draw(st.sampled_from(("vpcflow", "cloudtrail", "text")))))
            seen.append(where)
        envelope, expected = _data_envelope(draw, where, max_events)
        envelopes.append(envelope)
        records += expected
    escape = draw(st.booleans())
    texts = [json.dumps(e, ensure_ascii=escape, separators=(",", ":")) for e in envelopes]
    if how == "gzip":
        data = gzip_members([t.encode("utf-8") for t in texts])[0]
    elif how == "lambda":
        packed = gzip.compress(texts[0].encode("utf-8"), mtime=0)
        data = json.dumps({"awslogs": {"data": base64.b64encode(packed).decode("ascii")}}
                          ).encode("ascii")
    else:
        data = draw(st.sampled_from(("", "\n"))).join(texts).encode("utf-8")
    return CloudWatchPayload(data=data, records=tuple(records), units=len(records),
                             containers=len(envelopes), skipped=skipped, delivery=how,
                             envelopes=tuple(envelopes))


__all__ = [
    "CONTROL_TEXT",
    "CloudWatchPayload",
    "DEFAULT_STYLE",
    "Delivery",
    "ENVELOPE",
    "ExportFile",
    "Inner",
    "JSON_DAMAGE",
    "JsonFile",
    "JsonFraming",
    "MemberCuts",
    "NullKeys",
    "WireStyle",
    "cloudwatch_payloads",
    "damaged_json_files",
    "export_files",
    "export_formats",
    "json_files",
    "json_formats",
    "json_objects",
    "json_records",
    "json_wire",
    "scalar_values",
    "text_messages",
    "unknown_keys",
    "wire_styles",
]
