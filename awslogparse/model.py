"""The record model: fields, schemas, errors.

A record is a plain ``dict`` keyed by snake_case field names with typed Python values
(``int``, ``float``, ``str``, tz-aware UTC ``datetime``, nested ``dict``/``list``, ``None`` for
null). The same :class:`Schema` drives the per-line parser, the Arrow schema, the docs and the
Hypothesis strategies, so they cannot drift apart.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

Record = dict[str, Any]

Columns = Sequence[str] | str | None

LogFormat = str | tuple[str, str | Sequence[str]]
"""What a CloudWatch Logs log group holds: a format name, or (format, layout) for formats whose
lines take a layout (a flow log ``${...}`` string, an API Gateway access log template)."""
LogFormats = Mapping[str, LogFormat]
"""``log_formats=``: log group name or glob -> :data:`LogFormat`."""


def split_log_format(value: LogFormat) -> tuple[str, str | Sequence[str] | None]:
    """``(format, layout or None)`` of one ``log_formats`` value."""
    if isinstance(value, str):
        return value, None
    name, layout = value
    return name, layout
"""Which columns Arrow output carries: ``None`` the file's own layout (the fields of the first
layout in effect, as a header line or ``fields=`` names them), ``"all"`` every field of the
format's spec, or a list of field names (a projection)."""


class FieldType(enum.StrEnum):
    """Logical value types a field can carry."""

    INT = "int"
    FLOAT = "float"
    STR = "str"
    TIMESTAMP = "timestamp"
    IP = "ip"
    BOOL = "bool"
    JSON = "json"
    """Any JSON value kept as written (an open-ended object): Python as decoded, Arrow as JSON
    text, so one Arrow schema holds every shape."""
    LIST = "list"
    """A JSON array of ``items`` (or of text, for delimited formats)."""
    STRUCT = "struct"
    """A JSON object of fixed shape: its ``children`` are typed (Arrow: a struct)."""


@dataclass(frozen=True)
class Field:
    """One field of a format, as the spec file describes it."""

    name: str
    """snake_case name used as the record key and Arrow column name."""
    wire_name: str
    """The name AWS uses (e.g. ``account-id``); what header lines and ``${...}`` formats say."""
    type: FieldType
    bits: int = 64
    """Width for ``int`` fields (32 or 64), matching AWS's Parquet types."""
    unit: str = ""
    """For timestamps: how the wire value is written (``s`` = epoch seconds)."""
    version: int | None = None
    """Format version that introduced the field, where the format has versions."""
    nulls: tuple[str, ...] = ("-",)
    description: str = ""
    enum: tuple[Any, ...] = ()
    open_enum: bool = False
    source: str = ""
    """Where a fact comes from when it is not the format's main documentation page."""
    presence: str = "optional"
    """``always``: AWS always fills it; ``flow``: null on lines that carry no flow (VPC flow
    logs' NODATA / SKIPDATA); ``optional``: may be null on any line."""
    wires: tuple[str, ...] = ()
    """Every wire column the value is written across (``("date", "time")``); empty means just
    ``wire_name``."""
    part: str = ""
    """Which part of its wire column the field is: ``host``/``port`` of ``ip:port``,
    ``method``/``url``/``protocol`` of a request line; empty for the whole column."""
    quoted: bool = False
    """AWS writes the column in double quotes."""
    encoding: str = ""
    """``url``: AWS percent-encodes the value; records hold it decoded once."""
    added: str = ""
    """When AWS added the field (``YYYY`` or ``YYYY-MM``), for append-only formats."""
    children: tuple[Field, ...] = ()
    """Fields of a ``struct`` (or of each element of a ``list`` of structs)."""
    items: FieldType | None = None
    """Element type of a ``list`` (``STRUCT``: elements have ``children``)."""

    @property
    def nested(self) -> bool:
        """A value that is not one scalar (struct, list, open JSON)."""
        return self.type in (FieldType.STRUCT, FieldType.LIST, FieldType.JSON)

    @property
    def columns(self) -> tuple[str, ...]:
        """The wire columns this field is read from."""
        return self.wires or (self.wire_name,)

    @property
    def int_range(self) -> tuple[int, int]:
        """Inclusive range an ``int`` field accepts (signed, ``bits`` wide)."""
        top = 2 ** (self.bits - 1)
        return -top, top - 1

    def to_arrow(self) -> pa.DataType:
        from awslogparse.arrow import arrow_type

        return arrow_type(self)


@dataclass(frozen=True)
class Schema:
    """Ordered fields of a format (every field it can carry, in documentation order)."""

    format: str
    fields: tuple[Field, ...]
    _by_name: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index = self._by_name
        for f in self.fields:
            index[f.name] = f
        for f in self.fields:  # a wire name stands for the field that is its whole column
            if not f.part and len(f.columns) == 1:
                index.setdefault(f.wire_name, f)

    def __iter__(self) -> Any:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Field:
        """Look a field up by snake_case or wire name."""
        return self._by_name[name]

    def get(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def to_arrow(self) -> pa.Schema:
        """The Arrow schema batches of this format carry (needs the ``arrow`` extra)."""
        from awslogparse.arrow import arrow_schema

        return arrow_schema(self)


class ParseError(ValueError):
    """A line (or document) could not be parsed; ``reason`` says why."""

    line_error: LineError | None = None
    """Set by readers: where the bad line was (source, line number)."""

    def __init__(self, reason: str, raw: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.raw = raw


@dataclass(frozen=True)
class LineError:
    """A structured error: where it happened, why, and the raw text, so nothing is lost."""

    source: str
    line: int | None
    """Line number of the unit (1-based), where the input has lines."""
    reason: str
    raw: str
    pointer: str = ""
    """Where in a JSON input: ``#<n>`` (the n-th top-level value), then a JSON pointer inside it
    (``#1/Records/17``; ``#3/logEvents/0`` for a CloudWatch Logs log event)."""

    def to_dict(self) -> dict[str, Any]:
        out = {"source": self.source, "line": self.line, "reason": self.reason, "raw": self.raw}
        if self.pointer:
            out["pointer"] = self.pointer
        return out

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        if self.pointer:
            where += f" {self.pointer}"
        return f"{where}: {self.reason}"


class SourceError(ValueError):
    """A whole source could not be read (missing file, unknown format, missing extra)."""
