"""Hypothesis strategies for VPC and Transit Gateway flow logs delivered as Parquet
(``vpcflow_parquet``, ``tgwflow_parquet``): the records of :mod:`awslogparse.testing.flowlog`,
written as AWS writes the Parquet output (a column per selected field, named with ``_`` for
``-``, typed as AWS's Athena table types them), with the equivalent text file beside them, so a
test can check that both deliveries of the same flows read the same.

Null values: AWS does not say whether a NODATA or SKIPDATA row's string fields are Parquet nulls
or ``-``; a file draws either for each string value. Numeric nulls are Parquet nulls. The file is
compressed with a Parquet codec (snappy, gzip or none) and, now and then, wrapped in gzip too.
Drawing a file imports pyarrow.
"""

from __future__ import annotations

import functools
import gzip
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from hypothesis import strategies as st

from awslogparse import registry
from awslogparse.model import Field, FieldType, Record
from awslogparse.parsers.baserows import parquet_name
from awslogparse.parsers.flowlog import FAMILY
from awslogparse.specs import load_spec
from awslogparse.testing.flowlog import (
    Layout,
    flowlog_layouts,
    flowlog_records,
    header_line,
    render_line,
)

ATHENA_BIGINT: Final = frozenset({"protocol"})
"""Fields AWS's Athena table for the Parquet output declares ``bigint`` although the field
list gives them 32 bits (VPC's ``protocol``)."""


@functools.cache
def flowlog_parquet_formats() -> tuple[str, ...]:
    """Every registered format whose units are the Parquet rows of a flow log format (its
    spec's ``base``), in registry order."""
    out = []
    for name in registry.formats():
        spec = load_spec(registry.get(name).spec_name)
        if spec.framing == "parquet" and spec.base in FAMILY:
            out.append(name)
    return tuple(out)


def _base(format: str) -> str:
    name = registry.get(format).name
    if name not in flowlog_parquet_formats():
        raise ValueError(f"{format!r} is no flow log Parquet format; see "
                         "flowlog_parquet_formats()")
    return load_spec(registry.get(name).spec_name).base


@functools.cache
def _sibling_only(base: str) -> tuple[Field, ...]:
    """The fields of ``base`` the other flow log format lacks (TGW's ``tgw-id``, ...)."""
    others = {f.name for fmt in FAMILY if fmt != base for f in load_spec(fmt).schema}
    return tuple(f for f in load_spec(base).schema if f.name not in others)


def parquet_type(field: Field) -> Any:
    """The Arrow type of a field's column in AWS's Parquet output: ints as 32 or 64 bits
    (``protocol`` 64, as Athena's table has it), times as 64-bit epoch seconds, the rest
    strings."""
    import pyarrow as pa

    if field.type is FieldType.TIMESTAMP:
        return pa.int64()
    if field.type is FieldType.INT:
        return pa.int64() if field.bits == 64 or field.name in ATHENA_BIGINT else pa.int32()
    return pa.string()


def _cell(field: Field, value: Any, dash: bool) -> Any:
    """A record's value as its Parquet column holds it."""
    if value is None:
        return "-" if dash and field.type not in (FieldType.INT, FieldType.TIMESTAMP) else None
    if isinstance(value, datetime):
        return int(value.timestamp())
    return value


@dataclass(frozen=True, repr=False)
class FlowLogParquetFile:
    """A flow log's Parquet output: ``data`` (the file's bytes, gzip-wrapped when ``wrapped``),
    the ``layout`` its columns are, the ``records`` it must read as, and ``text``: the same
    flows as the text delivery writes them (a header line, then a line per flow; not gzip)."""

    format: str
    data: bytes
    layout: Layout
    records: tuple[Record, ...]
    text: bytes
    wrapped: bool = False

    @property
    def columns(self) -> tuple[str, ...]:
        """The Parquet column names, in order."""
        return tuple(parquet_name(f.wire_name) for f in self.layout)

    def __repr__(self) -> str:  # short: Hypothesis prints it for every failing example
        return (f"FlowLogParquetFile(format={self.format!r}, columns={self.columns!r}, "
                f"records={len(self.records)}, wrapped={self.wrapped})")


@st.composite
def flowlog_parquet_layouts(draw: st.DrawFn, format: str) -> Layout:
    """A field selection of the format's base (the default layout or a custom one, perhaps
    with a field newer than this library); a Transit Gateway one names a Transit-Gateway-only
    field at least (without one the file is a VPC flow log's: the columns tell them apart)."""
    base = _base(format)
    layout = list(draw(flowlog_layouts(base, unknown=1)))
    own = _sibling_only(base)
    if base == "tgwflow" and not any(f in own for f in layout):
        layout.insert(draw(st.integers(0, len(layout))), draw(st.sampled_from(own)))
    return tuple(layout)


@st.composite
def flowlog_parquet_files(draw: st.DrawFn, format: str = "vpcflow_parquet", *,
                          min_records: int = 1, max_records: int = 8,
                          wrapped: bool | None = None) -> FlowLogParquetFile:
    """A Parquet output of a flow log (``vpcflow_parquet``, ``tgwflow_parquet``): a random field
    selection, its records as :func:`~awslogparse.testing.flowlog.flowlog_records` draws them
    (NODATA / SKIPDATA rows included), AWS's column names and types, string nulls as Parquet
    nulls or ``-``, a Parquet codec, and a gzip layer around the file when ``wrapped`` (drawn
    when None)."""
    import pyarrow as pa  # only here: the package never loads pyarrow on import
    import pyarrow.parquet as pq

    base = _base(format)
    layout = draw(flowlog_parquet_layouts(format))
    records = draw(st.lists(flowlog_records(base, layout), min_size=min_records,
                            max_size=max(min_records, max_records)))
    dash = draw(st.sampled_from(("never", "always", "mixed")))
    numeric = (FieldType.INT, FieldType.TIMESTAMP)
    columns = {}
    for f in layout:
        cells = []
        for r in records:
            value = r.get(f.name)
            mixed = dash == "mixed" and value is None and f.type not in numeric
            cells.append(_cell(f, value, dash == "always" or (mixed and draw(st.booleans()))))
        columns[parquet_name(f.wire_name)] = pa.array(cells, parquet_type(f))
    table = pa.table(columns) if columns else pa.table({})
    out = io.BytesIO()
    pq.write_table(table, out, compression=draw(st.sampled_from(("snappy", "gzip", "none"))))
    wrap = draw(st.booleans()) if wrapped is None else wrapped
    data = gzip.compress(out.getvalue(), mtime=0) if wrap else out.getvalue()
    text = "".join(f"{line}\n" for line in
                   (header_line(layout), *(render_line(r, layout) for r in records)))
    return FlowLogParquetFile(format=registry.get(format).name, data=data, layout=layout,
                              records=tuple(records), text=text.encode(), wrapped=wrap)


__all__ = [
    "ATHENA_BIGINT",
    "FlowLogParquetFile",
    "flowlog_parquet_files",
    "flowlog_parquet_formats",
    "flowlog_parquet_layouts",
    "parquet_type",
]
