"""The table definitions of a converted dataset (``awslogparse.conversion.tables``) against the
files a conversion writes: what Athena's DDL and DuckDB's view name must be where the files are
and what they hold."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import awslogparse
from awslogparse import registry
from awslogparse.conversion.partitioning import DEFAULT_KEYS
from awslogparse.conversion.tables import athena_ddl, duckdb_view, file_schema

ROOT = Path(__file__).resolve().parent.parent
FLOW_LOGS = ROOT / "samples" / "AWSLogs" / "123456789012" / "vpcflowlogs"


def struct_field_names(kind: Any) -> list[str]:
    """The names of every struct field inside ``kind``, at any depth."""
    if pa.types.is_struct(kind):
        return [name for f in kind for name in (f.name, *struct_field_names(f.type))]
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return struct_field_names(kind.value_type)
    if pa.types.is_map(kind):
        return struct_field_names(kind.key_type) + struct_field_names(kind.item_type)
    return []


@pytest.mark.parametrize("fmt", registry.formats())
def test_athena_ddl_quotes_every_struct_field_name(fmt: str) -> None:
    """Athena's DDL refuses a reserved word (``end`` in Network Firewall's ``event.netflow``)
    as a bare identifier, also as a struct field name: every one is written in backticks."""
    ddl = athena_ddl(fmt, "s3://lake/")
    for field in file_schema(fmt):
        for name in struct_field_names(field.type):
            assert f"`{name}`:" in ddl, (fmt, field.name, name)
    assert not re.search(r"[<,]\s*[A-Za-z_][A-Za-z0-9_]*:", ddl)  # no bare name left


def template_pattern(template: str) -> re.Pattern[str]:
    """``storage.location.template`` as a regular expression matching the folders it
    projects (each ``${key}`` one path segment's value)."""
    parts = re.split(r"(\$\{[a-z_]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("${") else re.escape(p)
                              for p in parts) + "/?")


@pytest.mark.parametrize("keys", [DEFAULT_KEYS, ("account_id", "format", "date"),
                                  ("date", "format")])
def test_the_table_definitions_find_the_files_whatever_the_keys_order(
        tmp_path: Path, keys: tuple[str, ...]) -> None:
    """``format`` need not be the first partition key (``--partition-by account_id,format,date``
    is accepted and written so): DuckDB's view reads the format's files and Athena's template
    names their folders, wherever ``format=`` sits in the path."""
    import duckdb

    lake = tmp_path / "lake"
    report = awslogparse.convert(FLOW_LOGS, lake, partition_by=keys, jobs=1)
    by_format: dict[str, list[str]] = {}
    for result in report.inputs:
        for output in result.outputs:
            named = re.search(r"(?:^|/)format=([^/]+)/", output)
            assert named is not None
            by_format.setdefault(named.group(1), []).append(output)
    con = duckdb.connect()
    for fmt, outputs in by_format.items():
        con.execute(duckdb_view(fmt, str(lake), partition_by=keys, view="v"))
        rows = sum(pq.ParquetFile(lake / o).metadata.num_rows for o in set(outputs))
        assert con.execute("SELECT count(*) FROM v").fetchone() == (rows,), fmt
        ddl = athena_ddl(fmt, "s3://lake/", partition_by=keys)
        found = re.search(r"'storage.location.template' = '([^']*)'", ddl)
        assert found is not None
        pattern = template_pattern(found.group(1))
        location = re.search(r"LOCATION '([^']*)'", ddl)
        assert location is not None
        for output in outputs:
            folder = "s3://lake/" + output.rpartition("/")[0]
            assert pattern.fullmatch(folder), (found.group(1), folder)
            assert folder.startswith(location.group(1))


@pytest.mark.parametrize("partition_by", [(), ("format",)])
def test_a_dataset_without_partition_columns_gets_no_projection(
        partition_by: tuple[str, ...]) -> None:
    """Partition projection projects partition columns: a table with none has no
    ``TBLPROPERTIES`` of projection (the DDL said ``projection.enabled`` for a flat dataset)."""
    ddl = athena_ddl("vpcflow", "s3://lake/logs", partition_by=partition_by)
    assert "PARTITIONED BY" not in ddl and "projection" not in ddl
    where = "s3://lake/logs/" + ("format=vpcflow/" if partition_by else "")
    assert ddl.endswith(f"STORED AS PARQUET\nLOCATION '{where}';")
    with_keys = athena_ddl("vpcflow", "s3://lake/logs", partition_by=("format", "date"))
    assert "'projection.enabled' = 'true'" in with_keys and with_keys.endswith(");")


def test_another_output_of_a_formats_logs_names_that_formats_dataset(tmp_path: Path) -> None:
    """A flow log delivered as Parquet (or CloudFront v2's JSON output) is converted into the
    dataset of the format whose records it holds: its table definitions must read that
    dataset, not a ``format=vpcflow_parquet`` folder no conversion writes."""
    others = [f for f in registry.formats()
              if registry.get(f).format().records_of != registry.get(f).name]
    assert others, "no format writes another's dataset"
    for fmt in others:
        dataset = registry.get(fmt).format().records_of
        assert athena_ddl(fmt, "s3://lake/x") == athena_ddl(dataset, "s3://lake/x"), fmt
        assert duckdb_view(fmt, "lake") == duckdb_view(dataset, "lake"), fmt
        assert f"format={dataset}/" in duckdb_view(fmt, "lake")
