"""Filter patterns as Arrow compute expressions: the same answers as row evaluation (``_rows``),
for the patterns and column types where an exact translation exists.

What translates (everything else raises :class:`ArrowUnsupportedError`, and ``filter_table`` falls
back to row evaluation):

* JSON patterns whose selectors are plain paths (``$.a``, ``$.a.b`` through struct columns; no
  array index, no wildcard), on string, integer, float (numeric tests only), boolean and
  timestamp columns (text tests only for second-resolution timestamps). Numeric tests on string
  columns do not translate (parsing text as numbers in Arrow cannot be made to agree exactly).
* Space-delimited, term and regex patterns on tables of a line-based format (``format=``, and
  ``fields=`` for the layout): each layout column stands for one field of the rebuilt line. This
  assumes what AWS's flow logs guarantee: no value is empty, holds a blank, or starts with
  ``"`` or ``[``. At most one ``...`` in a space-delimited pattern.
* Regular expressions run in RE2; repetition counts above 1000 do not translate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from awslogparse.arrow import EXTRA
from awslogparse.filterpattern._nodes import (
    And,
    ArrowUnsupportedError,
    Compare,
    DelimitedPattern,
    Expr,
    Is,
    JsonPattern,
    NotExists,
    Number,
    Or,
    Regex,
    RegexPattern,
    Selector,
    TermPattern,
    Text,
    Value,
)
from awslogparse.filterpattern._regex import re2_ok
from awslogparse.filterpattern._rows import field_test
from awslogparse.model import Field, FieldType

if TYPE_CHECKING:
    from awslogparse.filterpattern import FilterPattern

E = Any  # pyarrow.compute.Expression (pyarrow has no type hints)
TRUE: E = pc.scalar(True)
FALSE: E = pc.scalar(False)
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
FLOAT_EXACT = 2 ** 53
_UNIT_DIGITS = {"s": 0, "ms": 3, "us": 6}


def expression(fp: FilterPattern, schema: pa.Schema) -> E:
    node = fp.node
    if isinstance(node, JsonPattern):
        return _json(node.expr, schema)
    if isinstance(node, TermPattern) and all(t.everything and t.mode != "-"
                                             for t in node.effective):
        return TRUE  # the empty pattern, or " ": every event, whatever the table
    layout = _layout(fp, schema)
    if isinstance(node, DelimitedPattern):
        return _delimited(node, layout, schema)
    line = pc.binary_join_element_wise(*[_wire_text(f, schema.field(f.name).type)
                                         for f in layout], " ")
    if isinstance(node, RegexPattern):
        return _nn(_regex_match(line, node.regex))
    return _terms(node, line)


def _nn(e: E) -> E:
    """Null-safe: a null result counts as "no match"."""
    return pc.coalesce(e, FALSE)


def _and(parts: Sequence[E]) -> E:
    out = parts[0]
    for p in parts[1:]:
        out = out & p
    return out


def _or(parts: Sequence[E]) -> E:
    out = parts[0]
    for p in parts[1:]:
        out = out | p
    return out


# ---- text and numbers --------------------------------------------------------------------------


def _text_match(e: E, value: Text) -> E:
    """``= "text"`` (edge wildcards) on a string expression; null stays null."""
    lead, core, trail = value.parts
    if (lead or trail) and not core:
        return e.is_valid()
    if lead and trail:
        return pc.match_substring(e, pattern=core)
    if lead:
        return pc.ends_with(e, pattern=core)
    if trail:
        return pc.starts_with(e, pattern=core)
    return pc.equal(e, pc.scalar(core))


def _regex_match(e: E, regex: Regex) -> E:
    if not re2_ok(regex):
        raise ArrowUnsupportedError(f"{regex}: RE2 (Arrow) allows repetition counts up to 1000")
    return pc.match_substring_regex(e, pattern=regex.re2)


def _string_test(e: E, op: str, value: Text | Regex) -> E:
    """``=`` / ``!=`` on a string expression; null rows give False."""
    hit = _regex_match(e, value) if isinstance(value, Regex) else _text_match(e, value)
    if op == "=":
        return _nn(hit)
    return _nn(e.is_valid() & pc.invert(hit))


def _rational_compare(e: E, op: str, q: Fraction, kind: pa.DataType | None = None) -> E:
    """``e op q`` for an integer expression (of type ``kind``, int64 by default) and an exact
    rational. Valid rows get the answer; null rows get null or False (callers wrap the result
    with ``_nn`` or ``if_else``). The literal has the column's type when it is uint64 (whose
    values int64 cannot hold), else int64."""
    unsigned = kind is not None and pa.types.is_uint64(kind)
    lowest, highest = (0, 2 ** 64 - 1) if unsigned else (INT64_MIN, INT64_MAX)
    valid = e.is_valid()
    if q.denominator != 1:
        low = math.floor(q)
        if op == "=":
            return FALSE
        if op == "!=":
            return valid
        op, n = ({"<": ("<=", low), "<=": ("<=", low), ">": (">=", low + 1),
                  ">=": (">=", low + 1)})[op]
    else:
        n = int(q)
    if n > highest or n < lowest:
        above = n > highest  # every value is below n
        truth = {"=": False, "!=": True, "<": above, "<=": above, ">": not above,
                 ">=": not above}[op]
        return valid if truth else FALSE
    literal = pc.scalar(pa.scalar(n, type=pa.uint64() if unsigned else pa.int64()))
    return {"=": e == literal, "!=": e != literal, "<": e < literal, "<=": e <= literal,
            ">": e > literal, ">=": e >= literal}[op]


def _float_compare(e: E, op: str, value: Number) -> E:
    target = value.value
    if isinstance(target, int) and abs(target) > FLOAT_EXACT:
        raise ArrowUnsupportedError("integers beyond 2**53 against a float column")
    literal = pc.scalar(float(target))
    return {"=": e == literal, "!=": e != literal, "<": e < literal, "<=": e <= literal,
            ">": e > literal, ">=": e >= literal}[op]


def _exact(value: Number) -> Fraction | None:
    """The literal as an exact rational (None for inf / nan)."""
    v = value.value
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return Fraction(v)


def _timestamp_unit(t: pa.DataType) -> int:
    digits = _UNIT_DIGITS.get(t.unit)
    if digits is None:
        raise ArrowUnsupportedError(f"timestamps in {t.unit} (Python datetimes hold microseconds)")
    return digits


def _number_test(e: E, t: pa.DataType, op: str, value: Number) -> E:
    """A numeric test on a column as JSON patterns see it (value nodes only); null gives None."""
    if pa.types.is_integer(t) or pa.types.is_timestamp(t):
        q = _exact(value)
        if q is None:
            raise ArrowUnsupportedError("comparisons with inf or nan")
        if pa.types.is_timestamp(t):
            q = q * 10 ** _timestamp_unit(t)
            e = e.cast(pa.int64())
        return _rational_compare(e, op, q, t if pa.types.is_integer(t) else None)
    if pa.types.is_floating(t):
        return _float_compare(e, op, value)
    if pa.types.is_boolean(t):
        return e.is_valid() if op == "!=" else FALSE
    if pa.types.is_null(t) or _is_nested(t):
        return FALSE
    raise ArrowUnsupportedError(f"numeric tests on {t} columns (text would have to be parsed)")


def _is_nested(t: pa.DataType) -> bool:
    return bool(pa.types.is_struct(t) or pa.types.is_list(t) or pa.types.is_large_list(t)
                or pa.types.is_map(t) or pa.types.is_fixed_size_list(t))


def _value_text(e: E, t: pa.DataType) -> E | None:
    """The text a column's values compare as (see ``_rows.text_of``); None if it has none."""
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return e
    if pa.types.is_integer(t):
        return e.cast(pa.string())
    if pa.types.is_boolean(t):
        return pc.if_else(e, pc.scalar("true"), pc.scalar("false"))
    if pa.types.is_timestamp(t):
        if t.unit != "s":
            raise ArrowUnsupportedError(f"text tests on {t} columns")
        if t.tz is not None:  # strftime writes the column's zone: the text is UTC's
            e = e.cast(pa.timestamp("s", tz="UTC"))
        return pc.strftime(e, format="%Y-%m-%dT%H:%M:%SZ")
    if pa.types.is_null(t) or _is_nested(t):
        return None
    raise ArrowUnsupportedError(f"text tests on {t} columns")


# ---- JSON patterns -----------------------------------------------------------------------------


def _resolve(selector: Selector, schema: pa.Schema) -> tuple[list[str], pa.DataType] | None:
    """Column path and type of a plain selector; None where the path does not exist."""
    names: list[str] = []
    current: Any = schema
    for step in selector.steps:
        if step.kind != "key":
            raise ArrowUnsupportedError(f"{selector}: array elements and wildcards")
        if current is None:
            return None
        key = str(step.key)
        if isinstance(current, pa.Schema):
            names_here = current.names
        elif pa.types.is_struct(current):
            names_here = [current.field(i).name for i in range(current.num_fields)]
        elif pa.types.is_string(current) or pa.types.is_large_string(current):
            raise ArrowUnsupportedError(f"{selector}: a path into a text column (open JSON is "
                                        "text in Arrow)")
        else:
            return None
        if key not in names_here:
            alt = key.replace("-", "_")
            if "-" not in key or alt not in names_here:
                if EXTRA in schema.names:
                    raise ArrowUnsupportedError(f"{selector}: no such column, but the table's "
                                                f"{EXTRA} may hold the key")
                return None
            key = alt
        if names_here.count(key) != 1:
            raise ArrowUnsupportedError(f"{selector}: column {key!r} is ambiguous")
        names.append(key)
        current = (current.field(key) if isinstance(current, pa.Schema)
                   else current.field(current.get_field_index(key))).type
    return names, current


def _json(expr: Expr, schema: pa.Schema) -> E:
    if isinstance(expr, And):
        return _and([_json(i, schema) for i in expr.items])
    if isinstance(expr, Or):
        return _or([_json(i, schema) for i in expr.items])
    sel = expr.selector
    assert isinstance(sel, Selector)
    found = _resolve(sel, schema)
    if found is None:
        return TRUE if isinstance(expr, NotExists) else FALSE
    names, t = found
    col = pc.field(*names)
    # a path through struct columns is missing (not null) where a parent struct is null
    parents = [pc.field(*names[:i]).is_null() for i in range(1, len(names))]
    missing = _or(parents) if parents else FALSE
    if isinstance(expr, NotExists):
        return missing if parents else FALSE
    if isinstance(expr, Is):
        if expr.what == "NULL":
            return _nn(pc.invert(missing) & col.is_null()) if parents else col.is_null()
        if not pa.types.is_boolean(t):
            return FALSE
        return _nn(col == pc.scalar(expr.what == "TRUE"))
    assert isinstance(expr, Compare)
    value = expr.value
    if isinstance(value, Number):
        return _nn(_number_test(col, t, expr.op, value))
    text = _value_text(col, t)
    if text is None:
        return FALSE
    return _string_test(text, expr.op, value)


# ---- line-based patterns -----------------------------------------------------------------------


def _layout(fp: FilterPattern, schema: pa.Schema) -> tuple[Field, ...]:
    if fp.format is None:
        raise ArrowUnsupportedError(f"{fp.kind} patterns test the raw line: compile with format= "
                               f"(and fields=) so the table's columns can stand for it")
    from awslogparse import registry

    fmt = registry.get(fp.format).format()
    if not fmt.line_based:
        raise ArrowUnsupportedError(f"{fp.format} messages are JSON text: term, regex and "
                               f"space-delimited patterns need row evaluation")
    if not fmt.tokens_are_columns:
        raise ArrowUnsupportedError(
            f"{fp.format} lines quote fields and split them into several columns, so the "
            f"tokens a pattern sees are not the table's columns: use row evaluation")
    layout = fmt.layout(fp.fields)
    missing = [f.name for f in layout if f.name not in schema.names]
    if missing:
        raise ArrowUnsupportedError(f"the table lacks layout columns {missing}")
    return layout


def _wire_text(f: Field, t: pa.DataType) -> E:
    """The field as ``format_line`` writes it: never null (nulls become the null marker)."""
    col = pc.field(f.name)
    if f.type in (FieldType.STR, FieldType.IP) and (pa.types.is_string(t)
                                                      or pa.types.is_large_string(t)):
        text = col
    elif f.type is FieldType.INT and pa.types.is_integer(t):
        text = col.cast(pa.string())
    elif f.type is FieldType.TIMESTAMP and pa.types.is_timestamp(t) and t.unit == "s":
        text = col.cast(pa.int64()).cast(pa.string())
    else:
        raise ArrowUnsupportedError(f"column {f.name} ({t}) as line text")
    return pc.coalesce(text, pc.scalar(f.nulls[0]))


def _delimited(node: DelimitedPattern, layout: Sequence[Field], schema: pa.Schema) -> E:
    slots = node.slots
    width = len(layout)
    marks = [i for i, s in enumerate(slots) if s.ellipsis]
    if len(marks) > 1:
        raise ArrowUnsupportedError("space-delimited patterns with more than one '...'")
    if not marks:
        if len(slots) > width:
            return FALSE
        placed = list(enumerate(slots))  # the last slot takes the rest of the line
    else:
        k = marks[0]
        tail = slots[k + 1:]
        if k + len(tail) > width:
            return FALSE
        placed = list(enumerate(slots[:k])) + [(width - len(tail) + j, s)
                                               for j, s in enumerate(tail)]
    parts = []
    for pos, slot in placed:
        if slot.cond is None:
            continue
        if not marks and pos == len(slots) - 1 and len(slots) < width:
            rest = [_wire_text(f, schema.field(f.name).type) for f in layout[pos:]]
            parts.append(_rest(slot.cond, pc.binary_join_element_wise(*rest, " ")))
            continue
        f = layout[pos]
        parts.append(_slot(slot.cond, f, schema.field(f.name).type))
    return _and(parts) if parts else TRUE


def _rest(expr: Expr, text: E) -> E:
    """A condition on the last field when it takes several layout fields (text with blanks:
    it is never a number)."""
    if isinstance(expr, And):
        return _and([_rest(i, text) for i in expr.items])
    if isinstance(expr, Or):
        return _or([_rest(i, text) for i in expr.items])
    assert isinstance(expr, Compare)
    if isinstance(expr.value, Number):
        return pc.scalar(field_test(expr.op, expr.value)("- -"))
    return _string_test(text, expr.op, expr.value)


def _slot(expr: Expr, f: Field, t: pa.DataType) -> E:
    if isinstance(expr, And):
        return _and([_slot(i, f, t) for i in expr.items])
    if isinstance(expr, Or):
        return _or([_slot(i, f, t) for i in expr.items])
    assert isinstance(expr, Compare)
    value: Value = expr.value
    if not isinstance(value, Number):
        return _string_test(_wire_text(f, t), expr.op, value)
    # numbers: the text of an int / epoch-seconds column is the number itself; a null cell is
    # the null marker's text, tested as row evaluation would test it
    col = pc.field(f.name)
    if f.type is FieldType.INT and pa.types.is_integer(t):
        numeric = col
    elif f.type is FieldType.TIMESTAMP and pa.types.is_timestamp(t) and t.unit == "s":
        numeric = col.cast(pa.int64())
    else:
        raise ArrowUnsupportedError(f"numeric tests on the text column {f.name}")
    q = _exact(value)
    if q is None:
        raise ArrowUnsupportedError("comparisons with inf or nan")
    on_null = pc.scalar(field_test(expr.op, value)(f.nulls[0]))
    kind = t if pa.types.is_integer(t) else None
    return pc.if_else(col.is_null(), on_null, _nn(_rational_compare(numeric, expr.op, q, kind)))


def _terms(node: TermPattern, line: E) -> E:
    terms = node.effective
    if not terms:
        return TRUE
    include = [t for t in terms if t.mode == "+"]
    exclude = [t for t in terms if t.mode == "-"]
    optional = [t for t in terms if t.mode == "?"]
    if any(t.everything for t in exclude):
        return FALSE
    parts = [pc.match_substring(line, pattern=t.text) for t in include if not t.everything]
    parts += [pc.invert(pc.match_substring(line, pattern=t.text)) for t in exclude]
    if optional and not any(t.everything for t in optional):
        parts.append(_or([pc.match_substring(line, pattern=t.text) for t in optional]))
    return _and(parts) if parts else TRUE
