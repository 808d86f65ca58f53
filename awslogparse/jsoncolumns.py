"""Decoded JSON records -> an Arrow batch a column at a time (the fast path of JSON formats).

The reference path converts each record with its format's generated converter and builds the
batch from those dicts: every value passes through Python code. Here a column is gathered from
the decoded objects with one comprehension and Arrow converts it: scalars and fixed-shape
objects in C++, with Arrow's own type inference, then each inferred type is held to what the
spec declares. Arrow's inference is stricter than its explicit conversion (it never turns a
boolean into a number), so a column whose values are all of the declared JSON type converts
exactly as the reference converter would; anything else (a number written as a string, a null
marker, a time in another form, a value out of range, a record that is not an object) makes the
whole batch go back to the reference path, which types it or names the error. The fast path
never decides a value the reference path would decide otherwise; the tests check both on
generated records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from awslogparse.arrow import EXTRA, SOURCE, arrow_type, extra_text, unknown_keys
from awslogparse.jsontext import json_text
from awslogparse.model import Field, FieldType, Schema
from awslogparse.parsers.jsonrec import ValueProblemError, converter

Column = Callable[[list[Any]], pa.Array]


class NotExactError(Exception):
    """A column the fast path does not convert exactly as the reference would."""


def _infer(values: list[Any]) -> pa.Array:
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError, ValueError):
        raise NotExactError from None


Conform = Callable[[pa.Array], pa.Array]

_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d"
ISO_NAIVE = rf"^\d{{4}}-\d{{2}}-\d{{2}}T{_TIME}:[0-5]\d(?:\.\d{{1,6}})?$"
ISO_ZONED = ISO_NAIVE[:-1] + r"(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$"
"""The ISO 8601 times converted by Arrow: what AWS writes (``2024-05-01T12:00:00Z``, a
fraction of up to microseconds, an offset with or without its colon, or no zone: UTC, as the
reference reads it). Other forms the reference parser reads (basic form, a fraction of
nanoseconds) send the batch back to it."""


def conformer(field: Field) -> Conform:
    """``array -> the same values as field's Arrow type`` for an array that Arrow inferred from
    the field's decoded JSON values, or NotExactError where the reference converter might give
    another value (or an error). Built once per field."""
    target = arrow_type(field)
    kind = field.type

    def nulls_or(check: Conform) -> Conform:
        def conform(array: pa.Array) -> pa.Array:
            if pa.types.is_null(array.type):
                return pa.nulls(len(array), target)
            return check(array)
        return conform

    if kind in (FieldType.STR, FieldType.IP, FieldType.JSON):  # (JSON: made text first)
        return nulls_or(_same(pa.types.is_string))
    if kind is FieldType.BOOL:
        return nulls_or(_same(pa.types.is_boolean))
    if kind is FieldType.INT:
        return nulls_or(_integers(field, target))
    if kind is FieldType.FLOAT:
        return nulls_or(_floats(target))
    if kind is FieldType.TIMESTAMP:
        return nulls_or(_times(field.unit, target))
    if kind is FieldType.STRUCT:
        return nulls_or(_structs(field, target))
    if kind is FieldType.LIST:
        return nulls_or(_lists(field, target))
    raise ValueError(f"{field.name}: no Arrow conversion for {kind}")


def _same(is_type: Callable[[pa.DataType], bool]) -> Conform:
    def conform(array: pa.Array) -> pa.Array:
        if not is_type(array.type):
            raise NotExactError
        return array
    return conform


DECIMAL = r"^-?[0-9]+$"
"""Integers written as text that Arrow converts as the reference does (``values.decimal``)."""


def _whole_numbers(array: pa.Array) -> pa.Array:
    """Integers written as numbers, or all as decimal text (AWS writes ports and epoch
    seconds as strings in some logs), as int64; NotExactError for anything else."""
    if pa.types.is_int64(array.type):
        return array
    if not pa.types.is_string(array.type) or not _all_match(array, DECIMAL):
        raise NotExactError
    try:
        return array.cast(pa.int64())
    except pa.ArrowInvalid:  # (over 64 bits)
        raise NotExactError from None


def _all_match(array: pa.Array, pattern: str) -> bool:
    return not pc.any(pc.invert(pc.match_substring_regex(array, pattern))).as_py()


def _integers(field: Field, target: pa.DataType) -> Conform:
    low, high = field.int_range

    def conform(array: pa.Array) -> pa.Array:
        array = _whole_numbers(array)
        least, most = pc.min_max(array).values()
        if least.is_valid and (least.as_py() < low or most.as_py() > high):
            raise NotExactError
        return array if target == array.type else array.cast(target)
    return conform


def _floats(target: pa.DataType) -> Conform:
    def conform(array: pa.Array) -> pa.Array:
        if pa.types.is_float64(array.type):
            return array
        if pa.types.is_int64(array.type):  # float(int), as the reference converter does
            return array.cast(target, safe=False)
        raise NotExactError
    return conform


def _times(unit: str, target: pa.DataType) -> Conform:
    if unit in ("iso", "iso_plain", ""):
        naive = pa.timestamp(target.unit)

        def iso(array: pa.Array) -> pa.Array:
            if not pa.types.is_string(array.type):
                raise NotExactError
            try:
                if _all_match(array, ISO_ZONED):
                    return _in_range(array.cast(target))
                if _all_match(array, ISO_NAIVE):  # (no zone is UTC)
                    return _in_range(array.cast(naive).cast(target))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass  # (a date that does not exist)
            raise NotExactError
        return iso
    if unit in ("ms", "s"):
        wire = pa.timestamp(unit, tz="UTC")

        def epoch(array: pa.Array) -> pa.Array:
            array = _whole_numbers(array)
            try:  # whole epoch numbers, as the reference adds them to the epoch
                return _in_range(array.cast(wire).cast(target))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                raise NotExactError from None
        return epoch

    def other(array: pa.Array) -> pa.Array:
        raise NotExactError
    return other


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_TICKS = {"s": timedelta(seconds=1), "ms": timedelta(milliseconds=1),
          "us": timedelta(microseconds=1)}


def _in_range(times: pa.Array) -> pa.Array:
    """``times``, or NotExactError when one is outside what a Python datetime holds (years
    1 to 9999, UTC): Arrow holds more, the reference path names those as errors."""
    tick = _TICKS[times.type.unit]
    first = (datetime.min.replace(tzinfo=UTC) - _EPOCH) // tick
    last = (datetime.max.replace(tzinfo=UTC) - _EPOCH) // tick
    least, most = pc.min_max(times.cast(pa.int64())).values()
    if least.is_valid and (least.as_py() < first or most.as_py() > last):
        raise NotExactError
    return times


def _structs(field: Field, target: pa.DataType) -> Conform:
    children = [(c.name, conformer(c), arrow_type(c)) for c in field.children]
    fields = list(target)

    def conform(array: pa.Array) -> pa.Array:
        found = array.type
        if not pa.types.is_struct(found):
            raise NotExactError
        present = {found.field(i).name: i for i in range(found.num_fields)}
        inner = array.flatten()  # (children with the struct's own nulls: no stale values)
        arrays = [child(inner[present[name]]) if name in present
                  else pa.nulls(len(array), kind) for name, child, kind in children]
        return pa.StructArray.from_arrays(arrays, fields=fields, mask=array.is_null())
    return conform


def _lists(field: Field, target: pa.DataType) -> Conform:
    element = conformer(field.element())

    def conform(array: pa.Array) -> pa.Array:
        if not pa.types.is_list(array.type):
            raise NotExactError
        offsets = array.offsets
        if array.offset or len(array.values) != offsets[-1].as_py():
            raise NotExactError  # (a sliced list: not what inference gives)
        return pa.ListArray.from_arrays(offsets, element(array.values), type=target,
                                        mask=array.is_null())
    return conform


def _direct(field: Field) -> bool:
    """Whether Arrow's inference over the wire values (open JSON inside already made text by
    :func:`_texts`) can stand for the reference converter: no null markers, no open JSON in a
    list, and wire names that are the record names."""
    if field.nulls or field.name != field.wire_name:
        return False
    if field.type is FieldType.LIST and field.items is FieldType.JSON:
        return False
    if field.type is FieldType.LIST and _has_json(field):
        return False
    return all(_direct(c) for c in field.children)


def _has_json(field: Field) -> bool:
    return field.type is FieldType.JSON or any(_has_json(c) for c in field.children)


Prepare = Callable[[Any], Any]


def _texts(field: Field) -> Prepare | None:
    """``wire value -> the same value with the open JSON inside it as text`` for a struct
    holding open JSON (copying only the objects on the way to one), or None when it holds
    none. A value of the wrong shape is left as it is: inference then refuses it."""
    if field.type is FieldType.JSON:
        return json_text
    if field.type is not FieldType.STRUCT:
        return None
    inner = [(c.wire_name, p) for c in field.children if (p := _texts(c)) is not None]
    if not inner:
        return None

    def prepare(value: Any) -> Any:
        if type(value) is not dict:
            return value
        changed = None
        for key, convert in inner:
            item = value.get(key)
            if item is not None:
                if changed is None:
                    changed = dict(value)
                changed[key] = convert(item)
        return value if changed is None else changed
    return prepare


def field_column(field: Field, path: str) -> Column:
    """``wire values of one field -> its Arrow array`` (NotExactError when it cannot be
    exact)."""
    target = arrow_type(field)
    if field.type is FieldType.JSON and not field.nulls:
        def text(values: list[Any]) -> pa.Array:
            return pa.array([None if v is None else json_text(v) for v in values], target)
        return text
    if _direct(field):
        prepare = _texts(field)
        conform = conformer(field)
        if prepare is None:
            return lambda values: conform(_infer(values))
        return lambda values: conform(_infer([prepare(v) for v in values]))
    convert = converter(field, path, arrow=True)  # the reference converter, one column

    def each(values: list[Any]) -> pa.Array:
        try:
            return pa.array([convert(v) for v in values], target)
        except (ValueProblemError, RecursionError, pa.ArrowInvalid, pa.ArrowTypeError,
                OverflowError):
            raise NotExactError from None
    return each


class ColumnBuilder:
    """Builds the batches of one JSON record format from decoded objects, or declines a batch
    (``None``) for the reference path to convert record by record."""

    def __init__(self, schema: Schema, target: pa.Schema,
                 not_a_record: Callable[[Any], str | None]) -> None:
        self.target = target
        self.fields = schema.fields
        self.columns = [(f.wire_name, field_column(f, f.name)) for f in schema.fields]
        self.wire_keys = frozenset(f.wire_name for f in schema.fields)
        self.names = frozenset(target.names)
        self.not_a_record = not_a_record
        """The format's own test of a decoded value (``JsonFormat.not_a_record``)."""
        self.extra = EXTRA in self.names
        self.nested = unknown_keys(schema, self.names, wire=True)

    def build(self, objects: list[Any], source: str = "", lines: Sequence[int] = ()
              ) -> pa.RecordBatch | None:
        """The batch of ``objects`` (one record each; with ``source`` and the ``lines`` they
        start on when the target has provenance columns), or None when any needs the
        reference path (it is then converted there, with its errors)."""
        if not self._all_records(objects):
            return None
        try:
            arrays = [column([obj.get(key) for obj in objects]) for key, column in self.columns]
        except NotExactError:
            return None
        if self.extra:
            arrays.append(pa.array(self._extras(objects), self.target.field(EXTRA).type))
        if SOURCE in self.names:
            arrays.append(pa.repeat(pa.scalar(source, pa.string()), len(objects)))
            arrays.append(pa.array(lines, pa.int64()))
        return pa.RecordBatch.from_arrays(arrays, schema=self.target)

    def _all_records(self, objects: list[Any]) -> bool:
        """Whether every value passes the test the reference path applies before converting
        (an object, not a nested document, holding a key every record has)."""
        problem = self.not_a_record
        return not any(problem(obj) is not None for obj in objects)

    def _extras(self, objects: list[Any]) -> list[Any]:
        """``_extra`` of each record: keys the spec does not know, as the reference path writes
        them (text; nested values as JSON text)."""
        keys, names = self.wire_keys, self.names
        out: list[Any] = []
        for obj in objects:
            extra = None if keys.issuperset(obj) else [
                (k, extra_text(v)) for k, v in obj.items() if k not in keys and k not in names]
            out.append(extra or None)
        if self.nested:  # (then the keys the record's objects do not declare)
            entries = self.nested.entries
            out = [entries(obj, extra) for obj, extra in zip(objects, out, strict=True)]
        return out

