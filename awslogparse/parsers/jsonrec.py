"""JSON record formats (CloudTrail, WAF, Route 53 Resolver, Network Firewall, ...), driven by
their spec: each field's JSON key, type and children compile into one converter per format.

A record keeps AWS's own keys (``eventTime``), typed: timestamps become UTC datetimes, numbers
written as strings become numbers where the spec says so, fixed-shape objects (``struct``) become
dicts holding every declared child, open-ended ones (``json``) stay as AWS wrote them. Keys the
spec does not know are kept as written, never an error: AWS adds keys without notice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from awslogparse import values
from awslogparse.codegen import define, dict_statements
from awslogparse.jsontext import json_text, lone_surrogate, may_hold_surrogates
from awslogparse.model import Field, FieldType, ParseError, Record
from awslogparse.parsers.base import (
    WORD_WINDOW,
    Format,
    Gate,
    LineParserBase,
    Words,
    one_per_format,
)
from awslogparse.specs import FormatSpec

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    Convert = Callable[[Any], Any]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ValueProblemError(ValueError):
    """A value that does not convert; ``path`` says where in the record."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")


def _epoch(value: Any, scale: int, path: str) -> datetime:
    number: Any
    if type(value) is int:  # the common case first (CloudWatch Logs event times)
        number = value
    elif isinstance(value, str):
        try:
            number = values.decimal(value) if scale == 1000 else values.decimal_float(value)
        except ValueError:
            unit = "milliseconds" if scale == 1000 else "seconds"
            raise ValueProblemError(path, f"not epoch {unit}: {value!r}") from None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    else:
        raise ValueProblemError(path, f"not a timestamp: {value!r}")
    if isinstance(number, float) and not number.is_integer():
        # (AWS writes whole seconds and milliseconds, as the text form must be: Arrow holds
        # them in the field's unit, so a fraction would be dropped there)
        unit = "milliseconds" if scale == 1000 else "seconds"
        raise ValueProblemError(path, f"not whole epoch {unit}: {value!r}")
    try:
        if isinstance(number, int):
            return _EPOCH + timedelta(milliseconds=number) if scale == 1000 \
                else _EPOCH + timedelta(seconds=number)
        return _EPOCH + timedelta(seconds=number / scale)
    except OverflowError:
        raise ValueProblemError(path, f"timestamp out of range: {value!r}") from None


def scalar(field: Field, path: str) -> Convert:
    """``JSON value -> typed value`` for one non-null scalar of ``field``."""
    kind = field.type
    if kind in (FieldType.STR, FieldType.IP):
        return lambda v: v if type(v) is str else json_text(v)
    if kind is FieldType.INT:
        low, high = field.int_range

        def to_int(v: Any) -> int:
            if type(v) is int:
                number = v
            elif isinstance(v, str):
                try:
                    number = values.decimal(v)
                except ValueError:
                    raise ValueProblemError(path, f"not an integer: {v!r}") from None
            elif isinstance(v, float) and v.is_integer():
                number = int(v)
            else:
                raise ValueProblemError(path, f"not an integer: {v!r}")
            if not low <= number <= high:
                raise ValueProblemError(path, f"{number} is outside the {field.bits}-bit range")
            return number
        return to_int
    if kind is FieldType.FLOAT:
        def to_float(v: Any) -> float:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                try:
                    return float(v)
                except OverflowError:  # (an integer: JSON's 1e400 is decoded as inf already)
                    bits = int(v).bit_length()
                    raise ValueProblemError(
                        path, f"an integer of {bits} bits, beyond a float's range") from None
            if isinstance(v, str):
                try:
                    return values.decimal_float(v)
                except ValueError:
                    pass
            raise ValueProblemError(path, f"not a number: {v!r}")
        return to_float
    if kind is FieldType.BOOL:
        def to_bool(v: Any) -> bool:
            if isinstance(v, bool):
                return v
            if isinstance(v, str):
                try:
                    return values.boolean(v)
                except ValueError:
                    pass
            raise ValueProblemError(path, f"not a boolean: {v!r}")
        return to_bool
    if kind is FieldType.TIMESTAMP:
        unit = field.unit
        if unit in ("ms", "s"):
            scale = 1000 if unit == "ms" else 1
            return lambda v: _epoch(v, scale, path)
        if unit not in ("iso", "iso_plain", ""):  # a text form of its own, in a JSON string
            return _text_time(unit, path)

        def to_time(v: Any) -> datetime:
            if not isinstance(v, str):
                raise ValueProblemError(path, f"not an ISO 8601 time: {v!r}")
            try:
                return values.iso8601(v)
            except ValueError:
                raise ValueProblemError(path, f"not an ISO 8601 time: {v!r}") from None
        return to_time
    raise ValueError(f"{path}: {kind} is not a scalar type")


def _text_time(unit: str, path: str) -> Convert:
    """``JSON string -> datetime`` for a timestamp unit written as text other than ISO 8601
    (ElastiCache's ``"12 Nov 2020 01:28:57.994 UTC"``): that unit's own parser reads it."""
    parse = values.TIMESTAMP_PARSERS.get(unit)
    if parse is None:
        raise ValueError(f"{path}: unknown timestamp unit {unit!r}")
    form = values.UNIT_NAMES.get(unit, unit)

    def to_time(v: Any) -> datetime:
        if isinstance(v, str):
            try:
                return parse(v)
            except ValueError:
                pass
        raise ValueProblemError(path, f"not a {form} time: {v!r}")
    return to_time


def converter(field: Field, path: str, arrow: bool = False) -> Convert:
    """``JSON value -> record value`` for ``field`` (``None`` and null markers give None).
    ``arrow``: open JSON becomes its text, at any depth (the values Arrow holds)."""
    kind = field.type
    nulls = frozenset(field.nulls)
    if kind is FieldType.JSON:
        if arrow:
            return lambda v: None if v is None else json_text(v)
        return lambda v: v
    if kind is FieldType.STRUCT:
        # generated on the first object: most records lack most of a format's nested objects
        # (CloudTrail has twenty), and generating each costs a cold start a fraction of a ms
        inner: Callable[[dict[str, Any]], Record] | None = None

        def struct(v: Any) -> Any:
            nonlocal inner
            if v is None:
                return None
            if not isinstance(v, dict):
                raise ValueProblemError(path, f"not an object: {json_text(v)[:80]}")
            if inner is None:
                inner = _object_converter(field.children, path, arrow)
            return inner(v)
        return struct
    if kind is FieldType.LIST:
        element = _element(field, path, arrow)

        def to_list(v: Any) -> Any:
            if v is None:
                return None
            if not isinstance(v, list):
                raise ValueProblemError(path, f"not a list: {json_text(v)[:80]}")
            return [element(item) for item in v]
        return to_list
    convert = scalar(field, path)
    if kind is FieldType.TIMESTAMP and field.unit in ("ms", "s"):
        return _epoch_converter(field, convert, nulls)
    if nulls:
        return lambda v: None if v is None or (type(v) is str and v in nulls) else convert(v)
    return lambda v: None if v is None else convert(v)


def _epoch_converter(field: Field, convert: Convert, nulls: frozenset[str]) -> Convert:
    """An epoch time field's converter with its common case, a JSON integer, in one call (a
    CloudWatch Logs event's time took three, about a tenth of an event's handling under
    cProfile); anything else, and an integer out of range, as :func:`scalar` converts it."""
    ms = field.unit == "ms"

    def to_time(v: Any) -> Any:
        if type(v) is int:
            try:
                return _EPOCH + (timedelta(0, 0, 0, v) if ms else timedelta(0, v))
            except OverflowError:
                return convert(v)  # (which names the problem)
        if v is None or (type(v) is str and v in nulls):
            return None
        return convert(v)
    return to_time


EXACT_MS = 2 ** 32 * 1000
"""Epoch milliseconds below this (the year 2106) divided by 1000 make a float within a quarter
of a microsecond of the time, so ``fromtimestamp``'s rounding to the microsecond is exact
(tests/test_cloudwatch.py checks it against the converter, a ``timedelta`` sum)."""


def epoch_ms_times(stamps: list[Any]) -> list[datetime] | None:
    """The UTC times of epoch-millisecond integers (a CloudWatch Logs envelope's event times)
    in one pass, or None when any is not an ``int`` in ``[0, EXACT_MS)``: the caller then
    converts each as the field's converter does (booleans, floats, text, far-off times)."""
    if not stamps:
        return []
    if set(map(type, stamps)) != {int}:  # (before hashing: True, 1.0 and 1 are one key)
        return None
    distinct = set(stamps)
    if min(distinct) < 0 or max(distinct) >= EXACT_MS:
        return None
    at = datetime.fromtimestamp
    if 2 * len(distinct) > len(stamps):
        return [at(stamp / 1000, UTC) for stamp in stamps]
    # Repeated times (a flow log event's time is its record's start, shared by the flows of a
    # capture window): each converted once, the datetime shared (it is immutable).
    times = {stamp: at(stamp / 1000, UTC) for stamp in distinct}
    return [times[stamp] for stamp in stamps]


def _element(field: Field, path: str, arrow: bool = False) -> Convert:
    return converter(field.element(), f"{path}[]", arrow)


def _object_converter(fields: Sequence[Field], path: str, arrow: bool = False
                      ) -> Callable[[dict[str, Any]], Record]:
    """``JSON object -> record`` for ``fields``: every declared key (missing -> None), in
    order, then the keys the spec does not know, as written. Generated code: the common case of
    each field (a string where text is declared, an int in range, null) is an inline test, and
    only other values call the field's converter, which types them or says why not. ``arrow``:
    declared open JSON becomes its text, as Arrow holds it."""
    keys = frozenset(f.wire_name for f in fields)
    namespace: dict[str, Any] = {"keys": keys}
    items: list[tuple[str, str]] = []
    for i, f in enumerate(fields):
        conv = converter(f, f"{path}.{f.name}" if path else f.name, arrow)
        namespace[f"c{i}"] = conv
        namespace[f"n{i}"] = frozenset(f.nulls)
        expression = f"c{i}(g({f.wire_name!r}))" if arrow and f.type is FieldType.JSON \
            else _inline(f, i, f.wire_name)
        items.append((f.name, expression))
    body = "".join(f"    {line}\n" for line in dict_statements("record", items))
    code = ("def convert(obj):\n    g = obj.get\n" + body +
            "    if not keys.issuperset(obj):\n"
            "        for key, value in obj.items():\n"
            "            if key not in keys:\n"
            "                record.setdefault(key, value)\n"
            "    return record\n")
    kind = "arrow converter" if arrow else "converter"
    define(code, f"<json {kind} {path or 'record'}>", namespace)
    convert: Callable[[dict[str, Any]], Record] = namespace["convert"]
    return convert


def _inline(field: Field, i: int, key: str) -> str:
    """The generated expression of one field: common values inline, others through ``c<i>``
    (the field's converter, the one truth for what a value becomes)."""
    get, kind = f"(v := g({key!r}))", field.type
    nulls = f" or (type(v) is str and v in n{i})" if field.nulls else ""
    if kind is FieldType.JSON:
        return f"g({key!r})"
    if kind in (FieldType.STR, FieldType.IP):
        return f"(None if {get} is None{nulls} else v if type(v) is str else c{i}(v))"
    if kind is FieldType.INT:
        low, high = field.int_range
        return (f"(None if {get} is None{nulls} else v if type(v) is int and "
                f"{low} <= v <= {high} else c{i}(v))")
    if kind is FieldType.FLOAT:
        return f"(None if {get} is None{nulls} else v if type(v) is float else c{i}(v))"
    if kind is FieldType.BOOL:
        return f"(None if {get} is None{nulls} else v if type(v) is bool else c{i}(v))"
    return f"c{i}(g({key!r}))"


class JsonLineParser(LineParserBase):
    """One JSON record per line (NDJSON, or a CloudWatch Logs message)."""

    def __init__(self, fmt: ValueFormat) -> None:
        self.format = fmt
        self.layout = fmt.spec.schema.fields

    def __call__(self, line: str) -> Record | None:
        if not line.strip():
            self.blank += 1
            return None
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise ParseError(f"not JSON: {exc}", line) from None
        if may_hold_surrogates(line) and (held := lone_surrogate(value)) is not None:
            raise ParseError(held, line)  # (no UTF-8 text: what the framer makes an error)
        return self.format.convert(value, line)


class ValueFormat(Format):
    """A format whose units are decoded JSON values (or rows), each one record through
    :meth:`convert`: framed values, and one per line for ``parse_line`` and CloudWatch Logs
    messages."""

    line_based = False

    def convert(self, value: Any, raw: str | None = None) -> Record:
        """One decoded value -> its record; ParseError when it is not one."""
        raise NotImplementedError

    def line_parser(self, fields: str | Sequence[str] | None = None) -> JsonLineParser:
        self.layout(fields)
        return JsonLineParser(self)

    def parse_value(self, value: Any, pointer: str
                    ) -> Iterator[tuple[str, Record | ParseError | None]]:
        """The records of one framed value (here: the value is one record)."""
        try:
            yield pointer, self.convert(value)
        except ParseError as exc:
            yield pointer, exc


class JsonFormat(ValueFormat):
    """A JSON record format the spec describes completely."""

    def __init__(self, spec: FormatSpec) -> None:
        super().__init__(spec)
        self._convert: Callable[[dict[str, Any]], Record] | None = None
        self._convert_arrow: Callable[[dict[str, Any]], Record] | None = None
        self._always = tuple(f.wire_name for f in spec.schema.fields if f.presence == "always")
        self._builders: dict[tuple[str, ...], Any] = {}

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        if fields is not None:
            raise ParseError(f"{self.name} records are JSON: they carry their own field names")
        return self.spec.schema.fields

    def convert(self, value: Any, raw: str | None = None) -> Record:
        """One decoded JSON value -> its record; ParseError when it is not one."""
        convert = self._convert
        if convert is None:  # (generated on first use: detection builds every format)
            convert = self._convert = _object_converter(self.spec.schema.fields, "")
        return self._checked(value, raw, convert)

    def arrow_value_parser(self, fields: str | Sequence[str] | None = None
                           ) -> Callable[[Any, str], Iterable[tuple[str, Any]]] | None:
        """:meth:`parse_value` whose records hold open JSON as text, at any depth: what Arrow
        holds, so batches are built without walking the records again."""
        self.layout(fields)
        if self._convert_arrow is None:
            self._convert_arrow = _object_converter(self.spec.schema.fields, "", arrow=True)
        convert = self._convert_arrow

        def parse(value: Any, pointer: str) -> Iterator[tuple[str, Record | ParseError]]:
            try:
                yield pointer, self._checked(value, None, convert)
            except ParseError as exc:
                yield pointer, exc
        return parse

    def arrow_columns(self, target: Any) -> Any:
        if self.value_is_container:  # (its values hold records of other formats)
            return None
        key = tuple(target.names)
        builder = self._builders.get(key)
        if builder is None:
            from awslogparse.jsoncolumns import ColumnBuilder

            builder = ColumnBuilder(self.spec.schema, target, self.not_a_record)
            self._builders[key] = builder
        return builder

    def arrow_document(self, target: Any) -> Any:
        if self.value_is_container or not self.spec.records_key:
            return None
        key = ("document", *target.names)
        builder = self._builders.get(key)
        if builder is None:
            try:
                from awslogparse.jsonstructs import DocumentBuilder
            except ImportError:  # msgspec (the ``fast`` extra) is not installed
                return None
            builder = DocumentBuilder(self.spec.schema, target, self.spec.records_key,
                                      self._always)
            self._builders[key] = builder
        return builder

    def not_a_record(self, value: Any) -> str | None:
        """Why a decoded value is not one of this format's records, before its values are
        looked at (None: it is one); the reference converter and the column builder both ask."""
        if not isinstance(value, dict):
            kind = "a list" if isinstance(value, list) else f"a JSON {type(value).__name__}"
            return f"a {self.name} record is a JSON object, not {kind}"
        key = self.spec.records_key
        if key and key in value:
            return f"a {self.name} document whose {key} is not a list of records"
        if self._always and not any(k in value for k in self._always):
            return (f"not a {self.name} record: it has none of the keys every one has "
                    f"({', '.join(self._always[:4])}...)")
        return None

    def _checked(self, value: Any, raw: str | None,
                 convert: Callable[[dict[str, Any]], Record]) -> Record:
        problem = self.not_a_record(value)
        if problem is not None:
            raise ParseError(problem, raw)
        try:
            return convert(value)
        except ValueProblemError as exc:
            raise ParseError(str(exc), raw) from None
        except RecursionError:
            raise ParseError("nested too deeply", raw) from None

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        self.layout(fields)
        schema = self.spec.schema

        def write(record: Mapping[str, Any]) -> str:
            return json.dumps(_wire(schema.fields, record), ensure_ascii=False,
                              separators=(",", ":"), default=str)
        return write

    def sniff(self, head: str) -> tuple[float, str]:
        return sniff_keys(self.spec, head)

    def content_gate(self) -> Gate:
        return "{[", False  # (sniff_keys: JSON starts so)

    def content_words(self) -> Words:
        """Every always-present key, quoted (what :func:`sniff_keys` needs to score 0.5), when
        the format sniffs by its keys."""
        if type(self).sniff is not JsonFormat.sniff:
            return ()
        required = always_present_keys(self.spec)
        return (tuple(f'"{key}"' for key in required),) if required else ()


def _wire(fields: Sequence[Field], record: Mapping[str, Any]) -> dict[str, Any]:
    """A record back as AWS's JSON (keys as the spec names them, times in their wire form)."""
    out: dict[str, Any] = {}
    known = {f.name for f in fields}
    for f in fields:
        value = record.get(f.name)
        if value is None:
            continue
        out[f.wire_name] = _wire_value(f, value)
    for key, value in record.items():
        if key not in known and value is not None:
            out[key] = value
    return out


def _wire_value(field: Field, value: Any) -> Any:
    if field.type is FieldType.TIMESTAMP and isinstance(value, datetime):
        if field.unit == "ms":
            return round((value - _EPOCH) / timedelta(milliseconds=1))
        if field.unit == "s":
            return str(round((value - _EPOCH) / timedelta(seconds=1)))
        if field.unit not in ("iso", "iso_plain", ""):
            return values.format_timestamp(field, value)
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if field.type is FieldType.STRUCT and isinstance(value, Mapping):
        return _wire(field.children, value)
    if field.type is FieldType.LIST and isinstance(value, list) \
            and field.items is FieldType.STRUCT:
        return [_wire(field.children, v) if isinstance(v, Mapping) else v for v in value]
    return value


def always_present_keys(spec: FormatSpec) -> list[str]:
    return [f.wire_name for f in spec.schema.fields if f.presence == "always"]


def sniff_keys(spec: FormatSpec, head: str) -> tuple[float, str]:
    """How many of the format's always-present keys the first record's text names."""
    required = always_present_keys(spec)
    if not required:
        return 0.0, "no key is always present"
    start = head.lstrip()[:1]
    if start not in ("{", "["):
        return 0.0, "not JSON"
    window = head[:WORD_WINDOW]
    found = sum(f'"{key}"' in window for key in required) / len(required)
    if spec.records_key and f'"{spec.records_key}"' not in window:
        if found >= 0.99:  # bare records (exported, or one per line)
            return 0.7, f"JSON naming every key a {spec.name} record always has " \
                        f"(no {spec.records_key} wrapper)"
        return 0.0, f"JSON, but not {spec.name} records"
    if found >= 0.99:
        return 0.9, f"JSON naming every key a {spec.name} record always has"
    if found >= 0.6:
        return 0.5 * found, f"JSON naming {found:.0%} of the keys a {spec.name} record has"
    return 0.0, f"JSON, but not {spec.name} records"


family = one_per_format(JsonFormat)
"""The :class:`Format` of a spec-driven JSON record format."""


__all__ = ["JsonFormat", "JsonLineParser", "ValueFormat", "converter", "family", "sniff_keys"]
