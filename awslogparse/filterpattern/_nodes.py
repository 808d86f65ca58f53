"""The parsed form of a filter pattern: small frozen dataclasses, and their canonical text.

Every node prints itself in a canonical syntax (``str(node)``) that parses back to an equal node,
so ``compile(str(compile(p)))`` is the same pattern as ``compile(p)``. Nothing here imports
pyparsing or pyarrow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

Op = Literal["=", "!=", "<", "<=", ">", ">="]
RELATIONAL: frozenset[str] = frozenset({"<", "<=", ">", ">="})

_BARE_WORD = re.compile(r"\w+\Z")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z", re.ASCII)
INTEGER = re.compile(r"[+-]?\d+\Z", re.ASCII)


def parse_number(text: str) -> int | float | None:
    """The number a text spells, or None. Strict: no blanks, underscores, 'inf' or 'nan'."""
    if INTEGER.match(text):
        try:
            return int(text)
        except ValueError:  # more digits than int() converts
            return float(text)
    if NUMBER.match(text):
        return float(text)
    return None
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


class FilterPatternError(ValueError):
    """A filter pattern that does not parse. ``column`` is 1-based; ``expected`` says what the
    parser wanted there (or what is wrong), ``found`` what it saw."""

    def __init__(self, pattern: str, column: int, expected: str, found: str | None = None) -> None:
        self.pattern = pattern
        self.column = column
        self.expected = expected
        self.found = found
        message = f"invalid filter pattern at column {column}: {expected}"
        if found is not None:
            message += f", found {found}"
        super().__init__(message + "\n" + _pointer(pattern, column))


class ArrowUnsupportedError(NotImplementedError):
    """The pattern has no Arrow compute expression for this schema (rows can still be tested)."""


def _pointer(pattern: str, column: int) -> str:
    """Two lines: the pattern (a window of it when long) and a caret under ``column``."""
    flat = "".join(" " if c.isspace() else c for c in pattern)
    start = max(0, column - 1 - 60)
    shown = flat[start:start + 120]
    prefix = "..." if start else ""
    suffix = "..." if start + 120 < len(flat) else ""
    caret = " " * (len(prefix) + column - 1 - start) + "^"
    return f"  {prefix}{shown}{suffix}\n  {caret}"


def quote(text: str) -> str:
    """A double-quoted string that the grammar reads back as ``text``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unquote(token: str) -> str:
    """Inverse of :func:`quote` for a token with its quotes: ``\\"`` and ``\\\\`` are escapes,
    any other backslash is kept as written."""
    body = token[1:-1]
    if "\\" not in body:
        return body
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body) and body[i + 1] in '"\\':
            out.append(body[i + 1])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


# ---- values -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    """An unquoted numeric literal (integer, decimal or scientific, optional sign)."""

    text: str
    value: int | float

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Text:
    """A string value. A leading and/or trailing ``*`` is a wildcard; a ``*`` anywhere else is a
    literal asterisk (AWS: ``*Event`` matches PutEvent, ``Ev*ent`` only the text Ev*ent)."""

    raw: str

    @property
    def parts(self) -> tuple[bool, str, bool]:
        """(wildcard before, literal core, wildcard after)."""
        raw = self.raw
        lead = raw[:1] == "*"
        rest = raw[1:] if lead else raw
        trail = rest[-1:] == "*"
        return lead, (rest[:-1] if trail else rest), trail

    def __str__(self) -> str:
        return quote(self.raw)


@dataclass(frozen=True)
class Regex:
    """A ``%regex%``: ``source`` as written; ``python`` / ``re2`` the translations used for row
    evaluation and for Arrow (RE2) expressions."""

    source: str
    python: str = field(compare=False, default="")
    re2: str = field(compare=False, default="")
    loc: int = field(compare=False, default=-1)

    def __str__(self) -> str:
        return f"%{self.source}%"


Value: TypeAlias = Number | Text | Regex


# ---- JSON patterns ------------------------------------------------------------------------------

StepKind = Literal["key", "index", "wild"]


@dataclass(frozen=True)
class Step:
    kind: StepKind
    key: str | int = ""
    """Property name (``key``), element number (``index``); for ``wild``, ``"."`` or ``"["``
    (how it was written: ``.*`` or ``[*]``; both select every member of an object or array)."""

    def __str__(self) -> str:
        if self.kind == "key":
            name = str(self.key)
            if _PLAIN_KEY.match(name):
                return "." + name
            if "'" not in name:
                return ".['" + name + "']"
            return ".[" + quote(name) + "]"
        if self.kind == "index":
            return f"[{self.key}]"
        return ".*" if self.key == "." else "[*]"


@dataclass(frozen=True)
class Selector:
    steps: tuple[Step, ...]
    loc: int = field(compare=False, default=-1)

    @property
    def wildcards(self) -> int:
        return sum(s.kind == "wild" for s in self.steps)

    def __str__(self) -> str:
        return "$" + "".join(str(s) for s in self.steps)


@dataclass(frozen=True)
class Compare:
    """``selector op value``: in JSON patterns ``selector`` is a :class:`Selector`; in
    space-delimited ones it is the field name."""

    selector: Selector | str
    op: Op
    value: Value

    def __str__(self) -> str:
        return f"{self.selector} {self.op} {self.value}"


@dataclass(frozen=True)
class Is:
    """``selector IS NULL | IS TRUE | IS FALSE``."""

    selector: Selector
    what: Literal["NULL", "TRUE", "FALSE"]

    def __str__(self) -> str:
        return f"{self.selector} IS {self.what}"


@dataclass(frozen=True)
class NotExists:
    selector: Selector

    def __str__(self) -> str:
        return f"{self.selector} NOT EXISTS"


@dataclass(frozen=True)
class And:
    items: tuple[Expr, ...]

    def __str__(self) -> str:
        return " && ".join(f"({i})" if isinstance(i, Or) else str(i) for i in self.items)


@dataclass(frozen=True)
class Or:
    items: tuple[Expr, ...]

    def __str__(self) -> str:
        return " || ".join(str(i) for i in self.items)


Expr: TypeAlias = Compare | Is | NotExists | And | Or


def conjoin(items: list[Expr]) -> Expr:
    """``a && b && ...`` with nested conjunctions flattened (one item: itself)."""
    flat: list[Expr] = []
    for item in items:
        flat.extend(item.items if isinstance(item, And) else (item,))
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def disjoin(items: list[Expr]) -> Expr:
    flat: list[Expr] = []
    for item in items:
        flat.extend(item.items if isinstance(item, Or) else (item,))
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def walk(expr: Expr) -> list[Expr]:
    """Every leaf condition, left to right."""
    if isinstance(expr, And | Or):
        return [leaf for item in expr.items for leaf in walk(item)]
    return [expr]


# ---- whole patterns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One term of an unstructured pattern: ``+`` must appear, ``-`` must not, ``?`` optional."""

    text: str
    mode: Literal["+", "-", "?"] = "+"

    @property
    def everything(self) -> bool:
        """A quoted phrase of only blanks (``" "``) is AWS's spelling of "match everything"."""
        return not self.text.strip()

    def __str__(self) -> str:
        body = self.text if _BARE_WORD.match(self.text) else quote(self.text)
        return body if self.mode == "+" else self.mode + body


@dataclass(frozen=True)
class TermPattern:
    """Terms (possibly none: the empty pattern matches every event)."""

    terms: tuple[Term, ...]

    @property
    def effective(self) -> tuple[Term, ...]:
        """AWS ignores ``?`` terms when the pattern also has plain or ``-`` terms."""
        if any(t.mode != "?" for t in self.terms):
            return tuple(t for t in self.terms if t.mode != "?")
        return self.terms

    def __str__(self) -> str:
        return " ".join(str(t) for t in self.terms)


@dataclass(frozen=True)
class RegexPattern:
    regex: Regex

    def __str__(self) -> str:
        return str(self.regex)


@dataclass(frozen=True)
class JsonPattern:
    expr: Expr

    def __str__(self) -> str:
        return "{ " + str(self.expr) + " }"


@dataclass(frozen=True)
class Slot:
    """One field of a space-delimited pattern: ``name`` (``""`` for an anonymous field written as
    an empty slot), with an optional condition on it; ``ellipsis`` for ``...``."""

    name: str = ""
    cond: Expr | None = None
    ellipsis: bool = False

    def __str__(self) -> str:
        if self.ellipsis:
            return "..."
        return self.name if self.cond is None else str(self.cond)


@dataclass(frozen=True)
class DelimitedPattern:
    slots: tuple[Slot, ...]

    def __str__(self) -> str:
        return "[" + ", ".join(str(s) for s in self.slots) + "]"


Pattern: TypeAlias = TermPattern | RegexPattern | JsonPattern | DelimitedPattern
