"""Row evaluation: patterns compiled to plain Python closures (standard library only).

The value rules, shared with the Arrow translation (``_arrow.py``) so both give the same answers:

* A *value node* is a string, number, boolean or (in our records) datetime. ``null``, objects and
  arrays are not: every comparison on them, ``!=`` included, is false (AWS: "if a property
  selector points to an array or object, the filter pattern won't match"). So is a missing field.
* Text of a value: strings as they are, ``true``/``false``, integers in decimal, floats by
  ``repr``, datetimes as ISO 8601 UTC with a ``Z`` (``2014-12-14T04:06:50Z``, fractional seconds
  only when non-zero).
* Number of a value: integers and floats as they are, strings that spell a number (strictly:
  ``[+-]digits[.digits][e[+-]digits]``), datetimes as epoch seconds. Booleans have none.
* ``= number`` / ``!= number`` / ``< <= > >=`` compare numbers exactly (Python's int/float rules);
  a value without a number fails ``=`` and the ordering tests and passes ``!=``.
* ``= text`` matches the value's text; a leading/trailing ``*`` is a wildcard; ``= %re%`` searches
  the text; ``!=`` is the negation (on value nodes).
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

from awslogparse.codegen import define
from awslogparse.filterpattern._nodes import (
    And,
    Compare,
    DelimitedPattern,
    Expr,
    Is,
    NotExists,
    Number,
    Or,
    Regex,
    RegexPattern,
    Selector,
    Slot,
    Step,
    TermPattern,
    Text,
    Value,
    parse_number,
)
from awslogparse.filterpattern._regex import compiled
from awslogparse.parsers.delimited import split_cloudwatch

Doc = Any
TextTest = Callable[[str], bool]
ValueTest = Callable[[Any], bool]
DocTest = Callable[[Doc], bool]
MISSING: Any = object()

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "=": operator.eq, "!=": operator.ne,
}


# ---- value conversions ------------------------------------------------------------------------


def iso(value: datetime) -> str:
    """ISO 8601 in UTC with ``Z``; naive datetimes are taken as UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    text = (f"{value.year:04d}-{value.month:02d}-{value.day:02d}T"
            f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}")
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + "Z"


def epoch(value: datetime) -> int | Fraction:
    """Epoch seconds, exactly (an int unless there are microseconds)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    delta = value - _EPOCH
    seconds = delta.days * 86400 + delta.seconds
    if delta.microseconds:
        return Fraction(seconds * 1_000_000 + delta.microseconds, 1_000_000)
    return seconds


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def text_of(value: Any) -> str | None:
    """The text a value node compares as; None for null, objects, arrays and missing values."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value)
    if value is None or value is MISSING or isinstance(value, Mapping | list | tuple):
        return None
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def number_of(value: Any) -> int | float | Fraction | None:
    """The number a value node compares as, or None."""
    kind = type(value)
    if kind is int or kind is float:
        return value  # type: ignore[no-any-return]
    if kind is str:
        return parse_number(value)
    if kind is bool or value is None:
        return None
    if isinstance(value, datetime):
        return epoch(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Fraction):
        return value
    return None


def json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


METADATA = frozenset({"_source", "_line", "_format", "_extra"})
"""Keys awslogparse adds to records and tables (where a record came from, its format, the
fields a table has no column for): no part of the event's message."""


def json_text(record: Mapping[str, Any]) -> str:
    """The message CloudWatch would hold for a JSON-shaped record: compact JSON (without
    awslogparse's own keys)."""
    if not METADATA.isdisjoint(record):
        record = {k: v for k, v in record.items() if k not in METADATA}
    return json.dumps(record, separators=(",", ":"), ensure_ascii=False, default=json_default)


# ---- text tests (one field of a line, or a value's text) -----------------------------------------


def text_matcher(value: Text) -> TextTest:
    """``= "text"`` on a text, with leading/trailing ``*`` wildcards."""
    lead, core, trail = value.parts
    if lead and trail:
        return lambda t: core in t
    if lead:
        return lambda t: t.endswith(core)
    if trail:
        return lambda t: t.startswith(core)
    return lambda t: t == core


def field_test(op: str, value: Value) -> TextTest:
    """A condition on one field of a space-delimited line (always a string)."""
    if isinstance(value, Text) and value.parts[0] is value.parts[2] is False:
        exact = value.raw
        return exact.__eq__ if op == "=" else exact.__ne__
    if isinstance(value, Number):
        target = value.value
        if op == "=":
            return lambda t: (n := parse_number(t)) is not None and n == target
        if op == "!=":
            return lambda t: (n := parse_number(t)) is None or n != target
        compare = _ORDER[op]
        return lambda t: (n := parse_number(t)) is not None and compare(n, target)
    match: TextTest
    if isinstance(value, Regex):
        match = compiled(value).search  # type: ignore[assignment]
    else:
        match = text_matcher(value)
    if op == "=":
        return lambda t: bool(match(t))
    return lambda t: not match(t)


def value_test(op: str, value: Value) -> ValueTest:
    """A condition on a JSON value (any Python object; see the module notes)."""
    if isinstance(value, Number):
        target = value.value
        if op in ("=", "!="):
            def equal(v: Any) -> bool:
                if type(v) is int or type(v) is float:
                    return v == target
                n = number_of(v)
                return n is not None and n == target

            if op == "=":
                return equal
            return lambda v: text_of(v) is not None and not equal(v)
        compare = _ORDER[op]

        def ordered(v: Any) -> bool:
            n = number_of(v)
            return n is not None and compare(n, target)
        return ordered
    match: TextTest
    if isinstance(value, Regex):
        match = compiled(value).search  # type: ignore[assignment]
    else:
        lead, core, trail = value.parts
        if not lead and not trail:
            exact = core
            if op == "=":
                return lambda v: v == exact if type(v) is str else text_of(v) == exact
            return lambda v: (v != exact if type(v) is str else
                              (t := text_of(v)) is not None and t != exact)
        match = text_matcher(value)
    if op == "=":
        return lambda v: (t := text_of(v)) is not None and bool(match(t))
    return lambda v: (t := text_of(v)) is not None and not match(t)


# ---- JSON patterns -----------------------------------------------------------------------------


def _alt(key: str) -> str | None:
    """Our records use snake_case keys where AWS writes hyphens: ``$.log-status`` finds
    ``log_status`` when there is no ``log-status`` key."""
    return key.replace("-", "_") if "-" in key else None


def _child(node: Any, step: Step) -> Any:
    if step.kind == "key":
        if isinstance(node, Mapping):
            key = step.key
            found = node.get(key, MISSING)
            if found is MISSING:
                alt = _alt(str(key))
                if alt is not None:
                    found = node.get(alt, MISSING)
            return found
        return MISSING
    if isinstance(node, list | tuple):
        index = int(step.key)
        return node[index] if index < len(node) else MISSING
    return MISSING


def getter(selector: Selector) -> Callable[[Doc], Any]:
    """``doc -> value`` (or MISSING) for a selector without wildcards."""
    steps = selector.steps
    if len(steps) == 1 and steps[0].kind == "key":
        key = str(steps[0].key)
        alt = _alt(key)
        if alt is None:
            def get_one(doc: Doc) -> Any:
                return doc.get(key, MISSING) if isinstance(doc, Mapping) else MISSING
            return get_one

        def get_alt(doc: Doc) -> Any:
            if not isinstance(doc, Mapping):
                return MISSING
            found = doc.get(key, MISSING)
            return doc.get(alt, MISSING) if found is MISSING else found
        return get_alt

    def get(doc: Doc) -> Any:
        node = doc
        for step in steps:
            node = _child(node, step)
            if node is MISSING:
                return MISSING
        return node
    return get


def expand(selector: Selector) -> Callable[[Doc], list[Any]]:
    """``doc -> every value`` the selector reaches (a wildcard selects each member)."""
    steps = selector.steps

    def values(doc: Doc) -> list[Any]:
        nodes = [doc]
        for step in steps:
            nxt: list[Any] = []
            for node in nodes:
                if step.kind == "wild":
                    if isinstance(node, Mapping):
                        nxt.extend(node.values())
                    elif isinstance(node, list | tuple):
                        nxt.extend(node)
                else:
                    child = _child(node, step)
                    if child is not MISSING:
                        nxt.append(child)
            nodes = nxt
            if not nodes:
                break
        return nodes
    return values


def json_test(expr: Expr) -> DocTest:
    """Compile a JSON pattern expression to ``doc -> bool``."""
    if isinstance(expr, And | Or):
        parts = [json_test(item) for item in expr.items]
        return _all(parts) if isinstance(expr, And) else _any(parts)
    sel = expr.selector
    assert isinstance(sel, Selector)
    wild = sel.wildcards > 0
    if isinstance(expr, NotExists):
        if wild:
            many = expand(sel)
            return lambda doc: not many(doc)
        one = getter(sel)
        return lambda doc: one(doc) is MISSING
    test: ValueTest
    if isinstance(expr, Is):
        target = {"NULL": None, "TRUE": True, "FALSE": False}[expr.what]

        def test(v: Any) -> bool:
            return v is target
    else:
        test = value_test(expr.op, expr.value)
    if wild:
        many = expand(sel)
        return lambda doc: any(test(v) for v in many(doc))
    one = getter(sel)
    return lambda doc: test(one(doc))


def _all(parts: Sequence[DocTest]) -> DocTest:
    if len(parts) == 2:
        a, b = parts
        return lambda doc: a(doc) and b(doc)

    def every(doc: Doc) -> bool:
        return all(part(doc) for part in parts)
    return every


def _any(parts: Sequence[DocTest]) -> DocTest:
    if len(parts) == 2:
        a, b = parts
        return lambda doc: a(doc) or b(doc)

    def some(doc: Doc) -> bool:
        return any(part(doc) for part in parts)
    return some


# ---- space-delimited patterns -------------------------------------------------------------------

# CloudWatch's field splitting is one of the shared tokenizers.
tokenize = split_cloudwatch


def slot_test(expr: Expr) -> TextTest:
    if isinstance(expr, And):
        parts = [slot_test(item) for item in expr.items]
        return lambda t: all(p(t) for p in parts)
    if isinstance(expr, Or):
        parts = [slot_test(item) for item in expr.items]
        return lambda t: any(p(t) for p in parts)
    assert isinstance(expr, Compare)
    return field_test(expr.op, expr.value)


def delimited_test(pattern: DelimitedPattern) -> TextTest:
    """Compile a space-delimited pattern to ``line -> bool``.

    Without ``...`` the pattern's fields are the line's fields in order and the last one takes
    the rest of the line (AWS: ``[w1=ERROR, w2]`` matches lines whose first word is ERROR).
    With one ``...`` the fields before it are the first fields and those after it the last ones.
    Both cases become one generated expression (``len(f) == 14 and f[6] == '22' and ...``)."""
    slots = pattern.slots
    marks = [i for i, s in enumerate(slots) if s.ellipsis]
    if len(marks) > 1:
        tests: list[TextTest | None] = [
            None if s.ellipsis or s.cond is None else slot_test(s.cond) for s in slots]
        return lambda line: _align(slots, tests, tokenize(line), 0, 0)
    k = marks[0] if marks else len(slots)
    tail = slots[k + 1:]
    placed = list(enumerate(slots[:k])) + [(j - len(tail), s) for j, s in enumerate(tail)]
    if marks:
        terms = [f"len(f) >= {k + len(tail)}"]
        split = "split(line)"
    else:
        terms = [f"len(f) == {len(slots)}"]
        split = f"split(line, {len(slots)})"
    namespace: dict[str, Any] = {"split": tokenize}
    for at, slot in placed:
        if slot.cond is None:
            continue
        cond = slot.cond
        if (isinstance(cond, Compare) and isinstance(cond.value, Text)
                and not any(cond.value.parts[::2]) and cond.op in ("=", "!=")):
            terms.append(f"f[{at}] {'==' if cond.op == '=' else '!='} {cond.value.raw!r}")
        else:
            name = f"t{len(namespace)}"
            namespace[name] = slot_test(cond)
            terms.append(f"{name}(f[{at}])")
    source = (f"def test(line):\n    f = {split}\n    return " + " and ".join(terms) + "\n")
    define(source, "<space-delimited pattern>", namespace)
    generated: TextTest = namespace["test"]
    return generated


def _align(slots: Sequence[Slot], tests: Sequence[TextTest | None], fields: Sequence[str],
           si: int, fi: int) -> bool:
    """Several ellipses: is there any way to spread the fields over them?"""
    while si < len(slots):
        if slots[si].ellipsis:
            if si == len(slots) - 1:
                return True
            rest = sum(not s.ellipsis for s in slots[si + 1:])
            return any(_align(slots, tests, fields, si + 1, start)
                       for start in range(fi, len(fields) - rest + 1))
        if fi >= len(fields):
            return False
        test = tests[si]
        if test is not None and not test(fields[fi]):
            return False
        si += 1
        fi += 1
    return fi == len(fields)


# ---- unstructured patterns ----------------------------------------------------------------------


def terms_test(pattern: TermPattern) -> TextTest:
    terms = pattern.effective
    if not terms or all(t.everything and t.mode != "-" for t in terms):
        return lambda text: True
    include = [t.text for t in terms if t.mode == "+" and not t.everything]
    exclude = [t.text for t in terms if t.mode == "-"]
    optional = [t.text for t in terms if t.mode == "?"]
    if any(t.everything for t in terms if t.mode == "-"):
        return lambda text: False
    if any(t.everything for t in terms if t.mode == "?"):
        optional = []
    if len(include) == 1 and not exclude and not optional:
        only = include[0]
        return lambda text: only in text

    def test(text: str) -> bool:
        for word in include:
            if word not in text:
                return False
        for word in exclude:
            if word in text:
                return False
        if optional:
            return any(word in text for word in optional)
        return True
    return test


def regex_test(pattern: RegexPattern) -> TextTest:
    search = compiled(pattern.regex).search
    return lambda text: search(text) is not None

