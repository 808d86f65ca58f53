"""Schema -> Arrow schema, and records -> RecordBatch (the slow, always-correct builder).

Imported only by code that needs Arrow; ``import awslogparse`` never loads pyarrow.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

import pyarrow as pa

from awslogparse.jsontext import escaped, record_value
from awslogparse.jsontext import json_text as _json_text
from awslogparse.model import Columns, Field, FieldType, Record, Schema
from awslogparse.unknownkeys import UnknownKeys

EXTRA = "_extra"
"""Column holding fields a file names but the spec does not know (newer than this library)."""
SOURCE = "_source"
LINE = "_line"

EXTRA_TYPE = pa.map_(pa.string(), pa.string())


_NULLS: dict[pa.DataType, pa.Array] = {}
"""An all-null array per type, grown as needed and sliced (never written to: shared)."""


def null_array(kind: pa.DataType, rows: int) -> pa.Array:
    """``rows`` nulls of type ``kind``: a slice of one array per type that every caller shares
    (most of a format's full schema is all-null columns, in every block, partition and row
    group)."""
    found = _NULLS.get(kind)
    if found is None or len(found) < rows:
        found = _NULLS[kind] = pa.nulls(max(rows, 1 << 16), kind)
    return found.slice(0, rows)


class RepeatedText:
    """One text for any number of rows (a source's ``_source`` column in every block or row
    group): slices of one array, made again only for more rows. Made per block, the text was
    copied into every row of every batch: 0.3 GB of copying for 2M flow log rows with their S3
    key. ``dictionary``: the column as ``dictionary<int32, string>``, as a dataset's files
    store ``_source``: over ``among`` (a string array holding the value: the sources of several
    inputs, whose columns then share one dictionary and concatenate as they are), else over the
    value alone. A value that is not UTF-8 text (a file name's undecodable bytes, held as lone
    surrogates) is written as errors write it, those escaped; ``among`` holds it so."""

    __slots__ = ("_array", "_index", "_values", "dictionary", "value")

    def __init__(self, value: str, *, dictionary: bool = False,
                 among: pa.Array | None = None) -> None:
        value = self.value = escaped(value)
        self.dictionary = dictionary or among is not None
        self._values = among if among is not None else pa.array([value], pa.string())
        self._index = 0 if among is None else among.to_pylist().index(value)
        self._array: pa.Array | None = None

    def __call__(self, rows: int) -> pa.Array:
        found = self._array
        if found is None or len(found) < rows:
            if self.dictionary:
                found = pa.DictionaryArray.from_arrays(
                    pa.repeat(pa.scalar(self._index, pa.int32()), rows), self._values)
            else:
                found = pa.repeat(pa.scalar(self.value, pa.string()), rows)
            self._array = found
        return found.slice(0, rows)


_COUNTING: list[pa.Array] = []
"""0, 1, 2, ... as int64, grown as needed and sliced (never written to: shared)."""


def line_numbers(first: int, rows: int) -> pa.Array:
    """``first .. first+rows-1`` as int64: one vectorised add to a cached count (a Python
    ``range`` through ``pa.array`` cost 0.17 s of the parsing thread per million lines)."""
    import pyarrow.compute as pc

    if not _COUNTING or len(_COUNTING[0]) < rows:
        _COUNTING[:] = [pa.array(range(max(rows, 1 << 16)), pa.int64())]
    return pc.add(_COUNTING[0].slice(0, rows), pa.scalar(first, pa.int64()))


def arrow_type(field: Field) -> pa.DataType:
    kind = field.type
    if kind is FieldType.INT:
        return pa.int32() if field.bits <= 32 else pa.int64()
    if kind is FieldType.FLOAT:
        return pa.float64()
    if kind is FieldType.TIMESTAMP:
        from awslogparse.values import ARROW_UNITS

        return pa.timestamp(ARROW_UNITS.get(field.unit, "s"), tz="UTC")
    if kind is FieldType.BOOL:
        return pa.bool_()
    if kind is FieldType.STRUCT:
        return pa.struct([pa.field(c.name, arrow_type(c)) for c in field.children])
    if kind is FieldType.LIST:
        return pa.list_(arrow_type(field.element()))
    return pa.string()  # str, ip, json (JSON text)


Prepare = Callable[[Any], Any]


def preparer(field: Field) -> Prepare | None:
    """``record value -> Arrow input`` for a field holding open JSON somewhere inside (as JSON
    text, so one Arrow type holds every shape); ``None`` when the value goes in as it is."""
    kind = field.type
    if kind is FieldType.JSON:
        return lambda value: None if value is None else _json_text(value)
    if kind is FieldType.STRUCT or (kind is FieldType.LIST and field.items is FieldType.STRUCT):
        inner = [(c.name, preparer(c)) for c in field.children]
        if all(p is None for _, p in inner):
            return None

        def struct(value: Any) -> Any:
            if not isinstance(value, dict):
                return value
            return {name: (p(value.get(name)) if p is not None else value.get(name))
                    for name, p in inner}
        if kind is FieldType.STRUCT:
            return struct
        return lambda value: None if value is None else [struct(v) for v in value]
    if kind is FieldType.LIST and field.items is FieldType.JSON:
        return lambda value: None if value is None else [
            None if v is None else _json_text(v) for v in value]
    return None


FORMAT_KEY = b"awslogparse.format"
"""The schema metadata key of every Arrow table awslogparse makes, so of every Parquet file it
writes (``convert``'s datasets, ``write_parquet``): the format of its records."""


def written_format(metadata: dict[bytes, bytes] | None) -> str | None:
    """The format of the records of a table (or Parquet file) awslogparse made, from its
    schema's ``metadata``; None for any other."""
    found = (metadata or {}).get(FORMAT_KEY)
    return None if found is None else found.decode("utf-8", "replace")


def arrow_schema(schema: Schema, columns: Columns = "all", *, layout: Sequence[Field] = (),
                 extra: bool = False, with_source: bool = False) -> pa.Schema:
    """Arrow schema for a format: every field, the given ``layout``, or a projection."""
    fields = select(schema, columns, layout)
    out = [pa.field(f.name, arrow_type(f)) for f in fields]
    if extra:
        out.append(pa.field(EXTRA, EXTRA_TYPE))
    if with_source:
        out += [pa.field(SOURCE, pa.string()), pa.field(LINE, pa.int64())]
    return pa.schema(out, metadata={FORMAT_KEY: schema.format})


def select(schema: Schema, columns: Columns, layout: Sequence[Field] = ()) -> tuple[Field, ...]:
    """The spec fields ``columns`` names (see :data:`Columns`); unknown names are an error."""
    if columns == "all" or (columns is None and not layout):
        return schema.fields
    if columns is None:
        return tuple(f for f in layout if f.name in schema)
    if isinstance(columns, str):
        raise ValueError(f"columns must be None, 'all' or a list of names, not {columns!r}")
    missing = [c for c in columns if c not in schema]
    if missing:
        raise ValueError(f"{schema.format} has no field(s) {missing}; fields: {schema.names}")
    return tuple(schema[c] for c in columns)


@functools.cache
def unknown_keys(schema: Schema, columns: frozenset[str], *, wire: bool) -> UnknownKeys:
    """The finder of keys that the fixed-shape objects of ``schema``'s fields among
    ``columns`` do not declare (``_extra`` entries of their own: :mod:`awslogparse.unknownkeys`;
    a field left out of the columns is not looked into)."""
    return UnknownKeys([f for f in schema.fields if f.name in columns], extra_text, wire=wire)


def extra_text(value: Any) -> str | None:
    """A value as an ``_extra`` entry holds it: text as it is, other values as JSON writes them
    (objects and arrays compact, ``true``/``false``, numbers), times in ISO 8601 (``Z``)."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, (dict, list, bool)):
        return _json_text(value)
    if isinstance(value, (datetime, date)):
        return record_value(value)  # type: ignore[no-any-return]
    return str(value)


def _extras(record: Record, names: frozenset[str]) -> list[tuple[str, str | None]]:
    """A record's keys that have no column, as ``_extra`` entries."""
    return [(key, extra_text(value)) for key, value in record.items() if key not in names]


def records_to_batch(records: Sequence[Record], target: pa.Schema,
                     schema: Schema | None = None, *, prepared: bool = False
                     ) -> pa.RecordBatch:
    """Build a batch from reference-parser records; keys the schema lacks go to ``_extra`` (as
    text; nested values as JSON text), and so do the keys its fixed-shape objects do not
    declare (named by their path: :mod:`awslogparse.unknownkeys`). ``schema`` (the format's)
    says which columns hold objects, and which hold open JSON that must become text, unless
    the records hold it as text already (``prepared``)."""
    names = frozenset(target.names)
    columns: dict[str, list[Any]] = {  # a column at a time: one comprehension each
        name: [rec.get(name) for rec in records] for name in target.names if name != EXTRA}
    if EXTRA in names:
        extras = [None if names.issuperset(rec) else _extras(rec, names) for rec in records]
        nested = unknown_keys(schema, names, wire=False) if schema is not None else None
        if nested:
            extras = [nested.entries(rec, extra) for rec, extra in zip(records, extras,
                                                                        strict=True)]
        columns[EXTRA] = extras
    if schema is not None and not prepared:
        for name, column in columns.items():
            field = schema.get(name)
            prepare = preparer(field) if field is not None and field.nested else None
            if prepare is not None:
                column[:] = [prepare(v) for v in column]
    arrays = [pa.array(columns[f.name], type=f.type) for f in target]
    return pa.RecordBatch.from_arrays(arrays, schema=target)
