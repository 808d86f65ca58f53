"""The table definitions of a converted dataset (``awslogparse.conversion.tables``) against the
files a conversion writes: what Athena's DDL and DuckDB's view name must be where the files are
and what they hold."""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pytest

from awslogparse import registry
from awslogparse.conversion.tables import athena_ddl, file_schema


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
