"""Rows of another output of a line format's delivery: each unit (a JSON object, a Parquet row) is
keyed by the line format's field names and read exactly as a line of that format (``base`` in the
spec) whose header lists the unit's keys.

The generic part of CloudFront v2's JSON and Parquet outputs and of VPC and Transit Gateway flow
logs' Parquet output: a unit's keys are mapped to the base format's column names (Parquet writes
``cs(User-Agent)`` as ``cs_user_agent``, ``account-id`` as ``account_id``), its values to the text
the line would hold (``None`` is the null marker ``-``, a number its decimal text), and the line's
compiled layout (``compile_plan(base, columns)``) builds the record: the same conversions, null
markers and joins as the line format, so both outputs of one delivery give the same records.
Keys the base format does not know become text fields named in snake_case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from awslogparse.jsontext import json_text
from awslogparse.model import TYPE_CHECKING, Field, FieldType, ParseError, Record
from awslogparse.parsers.base import Gate
from awslogparse.parsers.delimited import compile_plan, explain
from awslogparse.parsers.jsonrec import ValueFormat
from awslogparse.specs import FormatSpec

if TYPE_CHECKING:  # (typing costs a cold start milliseconds; see awslogparse/model.py)
    from typing import Any


def row_token(value: Any) -> str:
    """A value as the line's column would hold it: strings as they are, ``None`` as ``-``, a
    number or other JSON value as its JSON text (``5``, ``true``), anything else (a Parquet date
    or time column) as its ISO text."""
    if type(value) is str:
        return value
    if value is None:
        return "-"
    if type(value) is int:  # (flow logs' Parquet numbers: no JSON encoder to load)
        return str(value)
    if isinstance(value, (bool, int, float, list, dict)):
        return json_text(value)
    return str(value)


def parquet_name(wire: str) -> str:
    """AWS's Parquet column name for a line format's field name: lower case, other characters
    ``_`` (``cs(User-Agent)`` -> ``cs_user_agent``, ``account-id`` -> ``account_id``)."""
    return re.sub(r"[^0-9a-z]+", "_", wire.lower()).strip("_")


def load_base_layout(base: str) -> tuple[str, ...]:
    from awslogparse.specs import load_spec

    return load_spec(base).default_layout


class BaseRowsFormat(ValueFormat):
    """Units keyed by the field names of a line format (``base``), typed by its layouts."""

    owner = ""
    """Whose fields the columns are, in a refusal's reason (``CloudFront``); the spec's name
    when empty."""

    def __init__(self, spec: FormatSpec) -> None:
        super().__init__(spec)
        if not spec.base:
            raise ValueError(f"{spec.name}: needs `base`, the line format whose layouts it reads")
        self.base = spec.base
        fields = spec.schema.fields  # the base's (``base`` without a layout)
        self._catalogue = frozenset({*load_base_layout(self.base), *self.known_columns(),
                                     *(c for f in fields for c in f.columns)})
        """Every column name of the base format this format knows."""
        self._times = frozenset(c for f in fields if f.type is FieldType.TIMESTAMP
                                for c in f.columns)
        """The column names that carry a record's time (``date``, ``timestamp(ms)``)."""
        self._names = self._parquet_names()

    @property
    def records_of(self) -> str:
        """The base format: a unit reads as its line would (same fields, same schema)."""
        return self.base

    def known_columns(self) -> tuple[str, ...]:
        """Column names beyond the spec's fields that units may use (a sibling format's)."""
        return ()

    def _parquet_names(self) -> dict[str, str]:
        """Parquet column names -> the base format's names, for the catalogue names whose
        Parquet name differs."""
        known = self._catalogue
        return {snake: wire for wire in sorted(known)
                if (snake := parquet_name(wire)) != wire and snake not in known}

    def wire_columns(self, columns: Sequence[str]) -> list[str]:
        """A unit's keys as the base format's column names."""
        names = self._names
        return [names.get(c, c) for c in columns]

    def table_refused(self, columns: Sequence[str]) -> str | None:
        """A Parquet file is this format's when most of its columns are the base format's
        fields (Parquet or wire names; a delivery may select any of them): any Parquet file
        starts with the same magic bytes (another dataset's files among the inputs, say)."""
        known = self._catalogue
        names = self.wire_columns(columns)
        ours = [n for n in names if n in known]
        if len(ours) * 2 > len(names):
            return None
        return (f"a Parquet file, but not {self.owner or self.name}'s: {len(ours)} of its "
                f"{len(columns)} columns are {self.owner or self.name} fields "
                f"({shown_columns(columns)})")

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        if fields is not None:
            raise ParseError(f"{self.name} records carry their own field names")
        return self.spec.schema.fields

    def convert(self, value: Any, raw: str | None = None) -> Record:
        """One decoded object (row) -> its record (a ParseError when it is none)."""
        if not isinstance(value, dict) or not value:
            raise ParseError(f"a {self.name} record is a non-empty JSON object", raw)
        names = self._names
        try:
            plan = compile_plan(self.base, tuple(names.get(key, key) for key in value))
        except ParseError as exc:
            raise ParseError(exc.reason, raw) from None
        tokens = [row_token(v) for v in value.values()]
        try:
            return plan.build_strict(tokens)
        except ValueError:
            raise ParseError(explain(plan, tokens), raw) from None

    def content_gate(self) -> Gate:
        return ("P", False) if self.spec.framing == "parquet" else ("{", False)

    def sniff(self, head: str) -> tuple[float, str]:
        if self.spec.framing == "parquet":
            if head.startswith("PAR1"):
                return 0.5, "a Parquet file (its columns are read in its footer, not sniffed)"
            return 0.0, "not a Parquet file"
        return 0.0, f"{self.name} is not told by its first bytes"


def shown_columns(columns: Sequence[str]) -> str:
    """The first columns of a table, for a reason."""
    return ", ".join(columns[:6]) + (", ..." if len(columns) > 6 else "")


__all__ = ["BaseRowsFormat", "load_base_layout", "parquet_name", "row_token", "shown_columns"]
