"""Schema -> Arrow schema, and records -> RecordBatch (the slow, always-correct builder).

Imported only by code that needs Arrow; ``import awslogparse`` never loads pyarrow.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from awslogparse.model import Columns, Field, FieldType, Record, Schema

EXTRA = "_extra"
"""Column holding fields a file names but the spec does not know (newer than this library)."""
SOURCE = "_source"
LINE = "_line"

EXTRA_TYPE = pa.map_(pa.string(), pa.string())


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
    if kind is FieldType.LIST:
        return pa.list_(pa.string())
    return pa.string()  # str, ip, json (JSON text)


def arrow_schema(schema: Schema, columns: Columns = "all", *, layout: Sequence[Field] = (),
                 extra: bool = False, with_source: bool = False) -> pa.Schema:
    """Arrow schema for a format: every field, the given ``layout``, or a projection."""
    fields = select(schema, columns, layout)
    out = [pa.field(f.name, arrow_type(f)) for f in fields]
    if extra:
        out.append(pa.field(EXTRA, EXTRA_TYPE))
    if with_source:
        out += [pa.field(SOURCE, pa.string()), pa.field(LINE, pa.int64())]
    return pa.schema(out, metadata={"awslogparse.format": schema.format})


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


def records_to_batch(records: Sequence[Record], target: pa.Schema) -> pa.RecordBatch:
    """Build a batch from reference-parser records; keys the schema lacks go to ``_extra``."""
    names = set(target.names)
    wants_extra = EXTRA in names
    columns: dict[str, list[Any]] = {name: [] for name in target.names}
    for rec in records:
        extra: list[tuple[str, str]] | None = None
        for name, col in columns.items():
            col.append(rec.get(name))
        if wants_extra:
            for key, value in rec.items():
                if key not in names:
                    extra = extra or []
                    extra.append((key, None if value is None else str(value)))  # type: ignore[arg-type]
            columns[EXTRA][-1] = extra
    arrays = [pa.array(columns[f.name], type=f.type) for f in target]
    return pa.RecordBatch.from_arrays(arrays, schema=target)
