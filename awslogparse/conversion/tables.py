"""Table definitions for a converted dataset, generated from the format's schema.

``athena_ddl`` writes Athena's ``CREATE EXTERNAL TABLE`` for one format's dataset, with
partition projection (no crawler, no ``MSCK REPAIR``); ``duckdb_view`` a DuckDB view over the
local or S3 files. Both type the partition keys as text (``account_id`` keeps its leading zeros)
and ``date`` as a date.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from awslogparse.conversion.partitioning import DEFAULT_KEYS, dropped_columns


def file_schema(fmt: str, partition_by: Sequence[str] = DEFAULT_KEYS) -> Any:
    """The Arrow schema of every Parquet file of ``fmt``'s dataset: the format's fields but the
    partition keys, then ``_extra``, ``_source`` and ``_line``."""
    from awslogparse import registry
    from awslogparse.arrow import arrow_schema
    from awslogparse.conversion.writer import stored_schema

    info = registry.get(fmt)
    full = arrow_schema(info.format().spec.schema, "all", extra=True, with_source=True)
    return stored_schema(full, dropped_columns(partition_by, full.names))


def hive_type(kind: Any) -> str:
    """An Arrow type as Athena (Hive DDL) writes it."""
    import pyarrow.types as t

    if t.is_string(kind) or t.is_large_string(kind):
        return "string"
    if t.is_dictionary(kind):  # (an encoding: the values' type is the column's)
        return hive_type(kind.value_type)
    if t.is_int32(kind):
        return "int"
    if t.is_int64(kind):
        return "bigint"
    if t.is_floating(kind):
        return "double"
    if t.is_boolean(kind):
        return "boolean"
    if t.is_timestamp(kind):
        return "timestamp"
    if t.is_struct(kind):  # (names in backticks: Athena's DDL refuses a reserved word bare,
        # such as Network Firewall's event.netflow.end)
        inner = ",".join(f"`{f.name}`:{hive_type(f.type)}" for f in kind)
        return f"struct<{inner}>"
    if t.is_list(kind):
        return f"array<{hive_type(kind.value_type)}>"
    if t.is_map(kind):
        return f"map<{hive_type(kind.key_type)},{hive_type(kind.item_type)}>"
    raise ValueError(f"no Athena type for {kind}")


def _keys(partition_by: Sequence[str]) -> list[str]:
    return [k for k in partition_by if k != "format"]


def dataset_name(fmt: str) -> str:
    """The dataset ``fmt``'s records are written to (``format=<it>``): the format's own, or
    the format whose records they are (``vpcflow`` for ``vpcflow_parquet``; see
    ``Format.records_of``). Aliases are resolved."""
    from awslogparse import registry

    return str(registry.get(fmt).format().records_of)


def _split_path(fmt: str, partition_by: Sequence[str]) -> tuple[str, list[str]]:
    """The folders of ``fmt``'s files: the fixed part, ``format=<fmt>`` when ``format`` leads
    the keys (or ``""``), and the keys after it, each a folder of its own (``format=<fmt>`` in
    their midst where a key precedes ``format``)."""
    keys = list(partition_by)
    lead = keys[:1] == ["format"]
    segments = [f"format={fmt}" if k == "format" else k for k in keys[lead:]]
    return (f"format={fmt}" if lead else ""), segments


def athena_ddl(fmt: str, location: str, *, partition_by: Sequence[str] = DEFAULT_KEYS,
               table: str | None = None, first_day: str = "2020-01-01") -> str:
    """``CREATE EXTERNAL TABLE`` for ``fmt``'s dataset under ``location`` (the ``s3://``
    destination of the conversion). Partition projection: ``date`` from ``first_day`` to
    today; ``account_id``, ``region`` and other keys are *injected* (a query names them in its
    ``WHERE`` clause). ``format`` may be any of the keys: its folder is a constant of the
    template. Another output of a format's logs names that format's dataset and table
    (``vpcflow_parquet``: ``vpcflow``)."""
    fmt = dataset_name(fmt)
    fixed, segments = _split_path(fmt, partition_by)
    base = location.rstrip("/") + (f"/{fixed}" if fixed else "")
    schema = file_schema(fmt, partition_by)
    columns = ",\n".join(f"  `{f.name}` {hive_type(f.type)}" for f in schema)
    keys = _keys(partition_by)
    parts = ",\n".join(f"  `{k}` {'date' if k == 'date' else 'string'}" for k in keys)
    props = ["'projection.enabled' = 'true'"]
    for key in keys:
        if key == "date":
            props += ["'projection.date.type' = 'date'",
                      f"'projection.date.range' = '{first_day},NOW'",
                      "'projection.date.format' = 'yyyy-MM-dd'"]
        else:
            props.append(f"'projection.{key}.type' = 'injected'")
    template = "/".join(s if s.startswith("format=") else f"{s}=${{{s}}}" for s in segments)
    props.append(f"'storage.location.template' = '{base}/{template}'")
    lines = [f"CREATE EXTERNAL TABLE IF NOT EXISTS `{table or fmt}` (", columns, ")"]
    if keys:
        lines += ["PARTITIONED BY (", parts, ")"]
    lines += ["STORED AS PARQUET", f"LOCATION '{base}/'" + ("" if keys else ";")]
    if keys:  # (projection needs partition columns: a flat dataset has nothing to project)
        lines.append("TBLPROPERTIES (\n  " + ",\n  ".join(props) + "\n);")
    return "\n".join(lines)


def duckdb_view(fmt: str, dest: str, *, partition_by: Sequence[str] = DEFAULT_KEYS,
                view: str | None = None) -> str:
    """``CREATE VIEW`` reading ``fmt``'s dataset under ``dest`` (a folder or ``s3://``; as
    for :func:`athena_ddl`, another output of a format's logs names that format's dataset)."""
    fmt = dataset_name(fmt)
    fixed, segments = _split_path(fmt, partition_by)
    base = dest.rstrip("/") + (f"/{fixed}" if fixed else "")
    glob = base + "/" + "".join(s + "/" if s.startswith("format=") else "*/"
                                for s in segments) + "*.parquet"
    types = ", ".join(f"'{k}': '{'DATE' if k == 'date' else 'VARCHAR'}'"
                      for k in _keys(partition_by))
    hive = f", hive_types = {{{types}}}" if types else ""
    return (f"CREATE OR REPLACE VIEW {view or fmt} AS SELECT * FROM read_parquet('{glob}', "
            f"hive_partitioning = true{hive});")
