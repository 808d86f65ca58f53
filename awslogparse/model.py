"""The record model: fields, schemas, errors.

A record is a plain ``dict`` keyed by snake_case field names with typed Python values
(``int``, ``float``, ``str``, tz-aware UTC ``datetime``, nested ``dict``/``list``, ``None`` for
null). The same :class:`Schema` drives the per-line parser, the Arrow schema, the docs and the
Hypothesis strategies, so they cannot drift apart.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence

# Not ``from typing import TYPE_CHECKING``: every cold start imports this module, and typing
# is milliseconds of it (see awslogparse/__init__.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    import dataclasses
    from typing import Any, ClassVar, Self

    import pyarrow as pa

    Record = dict[str, Any]
else:
    Record = dict

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


class _DataclassFields:
    """``__dataclass_fields__`` of a :class:`Frozen` class, made on first use from a dataclass
    twin, so ``dataclasses.replace``, ``fields`` and ``asdict`` work on it as on the dataclass
    it used to be, without the cold start importing :mod:`dataclasses` to define it."""

    def __get__(self, instance: object, owner: type[Frozen | Mutable]) -> dict[str, object]:
        made: dict[str, object] | None = owner.__dict__.get("_dataclass_twin_fields")
        if made is None:
            import dataclasses

            hints = owner.__annotations__
            twin = dataclasses.make_dataclass(  # (fields only: no methods to generate)
                owner.__name__, [(name, hints.get(name, object)) for name in owner._fields],
                init=False, repr=False, eq=False, match_args=False)
            made = {f.name: f for f in dataclasses.fields(twin)}
            type.__setattr__(owner, "_dataclass_twin_fields", made)
        return made


class Frozen:
    """Base of the small immutable value classes every cold start defines (fields, schemas,
    specs, format table rows): what a frozen dataclass gives (keyword construction, ``==``,
    ``hash`` and ``repr`` over the fields in ``_fields``, no assignment afterwards), written
    out. A dataclass costs 1-4 ms to define (its methods are generated and compiled), and the
    first one imports :mod:`dataclasses` and :mod:`inspect` (about 20 ms more), which a Lambda
    cold start pays every time. Subclasses set their attributes with :meth:`_init`."""

    _fields: tuple[str, ...] = ()
    """The attributes ``==``, ``hash``, ``repr`` and ``dataclasses.replace`` see, in order."""

    if TYPE_CHECKING:
        __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    else:
        __dataclass_fields__ = _DataclassFields()

    def _init(self, **values: object) -> None:
        self.__dict__.update(values)

    def replace(self, **changes: object) -> Self:
        """A copy with ``changes`` (``dataclasses.replace`` without importing dataclasses)."""
        values = self.__dict__
        return type(self)(**{**{name: values[name] for name in self._fields}, **changes})

    def _key(self) -> tuple[object, ...]:
        values = self.__dict__
        return tuple([values[name] for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Frozen)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        values = self.__dict__
        shown = ", ".join(f"{name}={values[name]!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of an immutable "
                             f"{type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of an immutable "
                             f"{type(self).__name__}")


class Mutable:
    """Base of the small mutable classes a Lambda cold start defines (read counts, the items of
    an event): what a dataclass gives (``==`` and ``repr`` over the fields in ``_fields``,
    unhashable, ``dataclasses.fields`` / ``asdict`` / ``replace`` working), written out for the
    reason :class:`Frozen` gives. Subclasses write their ``__init__``."""

    _fields: tuple[str, ...] = ()
    """The attributes ``==``, ``repr`` and the dataclasses functions see, in order."""

    if TYPE_CHECKING:
        __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    else:
        __dataclass_fields__ = _DataclassFields()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields)

    __hash__ = None  # type: ignore[assignment]  # mutable: unhashable, as a dataclass is

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"


class Field(Frozen):
    """One field of a format, as the spec file describes it."""

    name: str
    """snake_case name used as the record key and Arrow column name."""
    wire_name: str
    """The name AWS uses (e.g. ``account-id``); what header lines and ``${...}`` formats say."""
    type: FieldType
    bits: int
    """Width for ``int`` fields (32 or 64), matching AWS's Parquet types."""
    unit: str
    """For timestamps: how the wire value is written (``s`` = epoch seconds)."""
    version: int | None
    """Format version that introduced the field, where the format has versions."""
    nulls: tuple[str, ...]
    description: str
    enum: tuple[Any, ...]
    open_enum: bool
    source: str
    """Where a fact comes from when it is not the format's main documentation page."""
    presence: str
    """``always``: AWS always fills it; ``flow``: null on lines that carry no flow (VPC flow
    logs' NODATA / SKIPDATA); ``optional``: may be null on any line."""
    wires: tuple[str, ...]
    """Every wire column the value is written across (``("date", "time")``); empty means just
    ``wire_name``."""
    part: str
    """Which part of its wire column the field is: ``host``/``port`` of ``ip:port``,
    ``method``/``url``/``protocol`` of a request line; empty for the whole column."""
    quoted: bool
    """AWS writes the column in double quotes."""
    encoding: str
    """``url``: AWS percent-encodes the value; records hold it decoded once."""
    added: str
    """When AWS added the field (``YYYY`` or ``YYYY-MM``), for append-only formats."""
    word: bool
    """AWS's value never holds a blank (an HTTP method, a principal id): a reader that splits
    text around it may rely on that."""
    children: tuple[Field, ...]
    """Fields of a ``struct`` (or of each element of a ``list`` of structs)."""
    items: FieldType | None
    """Element type of a ``list`` (``STRUCT``: elements have ``children``)."""

    _fields = ("name", "wire_name", "type", "bits", "unit", "version", "nulls", "description",
               "enum", "open_enum", "source", "presence", "wires", "part", "quoted", "encoding",
               "added", "word", "children", "items")

    def __init__(self, name: str, wire_name: str, type: FieldType, *, bits: int = 64,
                 unit: str = "", version: int | None = None, nulls: tuple[str, ...] = ("-",),
                 description: str = "", enum: tuple[Any, ...] = (), open_enum: bool = False,
                 source: str = "", presence: str = "optional", wires: tuple[str, ...] = (),
                 part: str = "", quoted: bool = False, encoding: str = "", added: str = "",
                 word: bool = False, children: tuple[Field, ...] = (),
                 items: FieldType | None = None) -> None:
        self._init(name=name, wire_name=wire_name, type=type, bits=bits, unit=unit,
                   version=version, nulls=nulls, description=description, enum=enum,
                   open_enum=open_enum, source=source, presence=presence, wires=wires,
                   part=part, quoted=quoted, encoding=encoding, added=added, word=word,
                   children=children, items=items)

    def element(self) -> Field:
        """The field of one element of this list field (its ``items`` type, text when none is
        declared, the same children): what converters and Arrow types of lists work on."""
        return self.replace(type=self.items or FieldType.STR, items=None)

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
        """The Arrow type of this field's column (needs the ``arrow`` extra)."""
        result: pa.DataType = _arrow_module().arrow_type(self)
        return result


class Schema(Frozen):
    """Ordered fields of a format (every field it can carry, in documentation order)."""

    format: str
    fields: tuple[Field, ...]
    _by_name: dict[str, Field]

    _fields = ("format", "fields")

    def __init__(self, format: str, fields: tuple[Field, ...]) -> None:
        index: dict[str, Field] = {}
        for f in fields:
            index[f.name] = f
        for f in fields:  # a wire name stands for the field that is its whole column
            if not f.part and len(f.columns) == 1:
                index.setdefault(f.wire_name, f)
        self._init(format=format, fields=fields, _by_name=index)

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
        result: pa.Schema = _arrow_module().arrow_schema(self)
        return result


def _arrow_module() -> Any:
    """:mod:`awslogparse.arrow`; without pyarrow, a SourceError naming the extra."""
    try:
        import awslogparse.arrow
    except ImportError as exc:
        if not (exc.name or "pyarrow").startswith("pyarrow"):
            raise
        raise SourceError("Arrow types need pyarrow: pip install 'awslogparse[arrow]'"
                          ) from None
    return awslogparse.arrow


class ParseError(ValueError):
    """A line (or document) could not be parsed; ``reason`` says why."""

    line_error: LineError | None = None
    """Set by readers: where the bad line was (source, line number)."""

    def __init__(self, reason: str, raw: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.raw = raw


class LineError(Frozen):
    """A structured error: where it happened, why, and the raw text, so nothing is lost."""

    source: str
    line: int | None
    """Line number of the unit (1-based), where the input has lines."""
    reason: str
    raw: str
    pointer: str
    """Where in a JSON input: ``#<n>`` (the n-th top-level value), then a JSON pointer inside it
    (``#1/Records/17``; ``#3/logEvents/0`` for a CloudWatch Logs log event)."""

    _fields = ("source", "line", "reason", "raw", "pointer")

    def __init__(self, source: str, line: int | None, reason: str, raw: str,
                 pointer: str = "") -> None:
        self._init(source=source, line=line, reason=reason, raw=raw, pointer=pointer)

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
