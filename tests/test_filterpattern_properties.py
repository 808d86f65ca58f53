"""Property tests for filter patterns.

- no input crashes the parser: every string compiles or raises FilterPatternError;
- canonical text: ``compile(str(compile(p)))`` is the same pattern (equal nodes, same matches);
- two paths, one truth: the Arrow expression selects exactly the rows row evaluation selects,
  for JSON patterns on typed tables and for line patterns on VPC flow log tables;
- the generated flow log line writer equals the format's ``format_line``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

import awslogparse
from awslogparse import filterpattern as fp
from awslogparse.filterpattern import ArrowUnsupportedError, FilterPatternError
from awslogparse.filterpattern._nodes import (
    Compare,
    DelimitedPattern,
    Expr,
    Is,
    JsonPattern,
    NotExists,
    Number,
    Regex,
    RegexPattern,
    Selector,
    Slot,
    Step,
    Term,
    TermPattern,
    Text,
    conjoin,
    disjoin,
    walk,
)
from awslogparse.filterpattern._regex import translate

pa = pytest.importorskip("pyarrow")

# ---- random text never crashes the parser ------------------------------------------------------

SYNTAX = [
    *'{}[]()$.*=!<>&|"%?-, \\\'\t\n', "$.", "&&", "||", "...", "IS", "NULL", "NOT", "EXISTS",
    "TRUE", "FALSE", "!=", ">=", "<=", "ERROR", "a", "0", "1e3", "[*]", "[0]", "%a%", '"x"', "é"]


@given(st.text())
def test_any_text_compiles_or_raises_filter_pattern_error(text: str) -> None:
    _compile_or_error(text)


@given(st.lists(st.sampled_from(SYNTAX), max_size=30).map("".join))
def test_pattern_shaped_text_compiles_or_raises_filter_pattern_error(text: str) -> None:
    _compile_or_error(text)


def _compile_or_error(text: str) -> None:
    try:
        compiled = fp.compile(text)
    except FilterPatternError as err:
        assert 1 <= err.column <= len(text) + 1
        assert f"column {err.column}" in str(err)
        event("error")
        return
    event(compiled.kind)
    again = fp.compile(str(compiled))  # whatever parses has a canonical text that parses
    assert again == compiled


# ---- generated valid patterns ------------------------------------------------------------------

WORDS = ["ERROR", "WARN", "error", "22", "REQUEST", "a_b", "x1"]
PHRASES = ["bad request", "a:b", " ", "", 'say "hi"', "back\\slash", "ERROR 4"]
TEXTS = ["", "ERROR", "error", "abc", "a b", "22", "22.0", "4.5", "true", "x*y", "-",
         "2014-12-14T04:06:50Z", "ConsoleLogin", 'q"uote', "back\\slash", "é", "2014-12-14T04*",
         "1970-01-01T00:00:00Z", "2014-12-14T09*"]
REGEXES = ["^E", "R$", "[0-9]+", "a|b", r"\d{2}", r"\s", "o?r", r"\x41", "[^a-z]", ".", "^$"]
NUMBER_TEXTS = ["0", "22", "-5", "+1000", "4.5", "1e3", "10e-3", "-0.0", "99999999999999999999",
                "1.", ".5", "9007199254740993"]


@st.composite
def numbers(draw: st.DrawFn) -> Number:
    text = draw(st.sampled_from(NUMBER_TEXTS) | st.integers(-300, 300).map(str))
    value: int | float = int(text) if text.lstrip("+-").isdigit() else float(text)
    return Number(text, value)


@st.composite
def texts(draw: st.DrawFn) -> Text:
    core = draw(st.sampled_from(TEXTS) | st.text(max_size=4))
    lead, trail = draw(st.booleans()), draw(st.booleans())
    return Text(("*" if lead else "") + core + ("*" if trail else ""))


regexes = st.sampled_from(REGEXES).map(translate)


def values(numeric_only: bool = False) -> st.SearchStrategy[Any]:
    if numeric_only:
        return numbers()
    return st.one_of(numbers(), texts(), regexes)


@st.composite
def comparisons(draw: st.DrawFn, selector: Any) -> Compare:
    op = draw(st.sampled_from(["=", "!=", "<", "<=", ">", ">="]))
    value = draw(values(numeric_only=op not in ("=", "!=")))
    return Compare(selector, op, value)  # type: ignore[arg-type]


KEYS = ["a", "b", "c-d", "c_d", "x.y", "n"]


@st.composite
def selectors(draw: st.DrawFn, wild: bool = True) -> Selector:
    steps = [Step("key", draw(st.sampled_from(KEYS)))]
    for _ in range(draw(st.integers(0, 2))):
        steps.append(draw(st.sampled_from([Step("key", "a"), Step("key", "b"),
                                           Step("index", 0), Step("index", 1)])))
    if wild and draw(st.integers(0, 4)) == 0:
        steps.insert(draw(st.integers(1, len(steps))),
                     draw(st.sampled_from([Step("wild", "."), Step("wild", "[")])))
    return Selector(tuple(steps))


@st.composite
def conditions(draw: st.DrawFn, selector_strategy: Any) -> Expr:
    sel = draw(selector_strategy)
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return Is(sel, draw(st.sampled_from(["NULL", "TRUE", "FALSE"])))
    if kind == 1:
        return NotExists(sel)
    return draw(comparisons(sel))


def expressions(leaf: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=2, max_size=3).map(conjoin),
            st.lists(inner, min_size=2, max_size=3).map(disjoin)),
        max_leaves=6)


def within_quotas(leaves: list[Expr]) -> bool:
    regex_count = sum(isinstance(x, Compare) and isinstance(x.value, Regex) for x in leaves)
    wild = sum(isinstance(x.selector, Selector) and x.selector.wildcards > 0  # type: ignore[union-attr]
               for x in leaves)
    return regex_count <= 2 and wild <= 3


@st.composite
def json_patterns(draw: st.DrawFn) -> JsonPattern:
    expr = draw(expressions(conditions(selectors())))
    assume(within_quotas(walk(expr)))
    return JsonPattern(expr)


FIELD_NAMES = ["a", "w1", "status_code", "bytes"]


@st.composite
def slots(draw: st.DrawFn) -> Slot:
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return Slot(ellipsis=True)
    if kind == 1:
        return Slot()
    name = draw(st.sampled_from(FIELD_NAMES))
    if kind == 2:
        return Slot(name)
    cond = draw(expressions(comparisons(name)))
    return Slot(name, cond)


@st.composite
def delimited_patterns(draw: st.DrawFn) -> DelimitedPattern:
    found = draw(st.lists(slots(), min_size=1, max_size=5))
    assume(len(found) > 1 or found[0].name or found[0].ellipsis)
    leaves = [x for s in found if s.cond is not None for x in walk(s.cond)]
    assume(within_quotas(leaves))
    return DelimitedPattern(tuple(found))


terms = st.builds(Term, st.sampled_from(WORDS + PHRASES), st.sampled_from(["+", "-", "?"]))
term_patterns = st.lists(terms, max_size=4).map(lambda t: TermPattern(tuple(t)))
regex_patterns = regexes.map(RegexPattern)
patterns = st.one_of(json_patterns(), delimited_patterns(), term_patterns, regex_patterns)

# ---- generated inputs --------------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-30, 30), st.sampled_from([22, 1000, 2 ** 53 + 1]),
    st.floats(allow_nan=False, allow_infinity=False, width=16), st.sampled_from(TEXTS),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1),
                 timezones=st.just(UTC)))
documents = st.dictionaries(st.sampled_from(KEYS), st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
    max_leaves=8), max_size=5)
TOKENS = ["ERROR", "WARN", "22", "4.5", "-", "bad request", "a:b", "[10/Oct/2000:13:25:15]",
          '"GET / HTTP/1.0"', "REQUEST", "x1", "1000", "é"]
lines = st.lists(st.sampled_from(TOKENS) | st.text(max_size=3), max_size=7).map(" ".join)


def inputs_for(pattern: Any) -> st.SearchStrategy[Any]:
    return documents if isinstance(pattern, JsonPattern) else lines


@given(st.data())
def test_canonical_text_reparses_to_the_same_pattern(data: st.DataObject) -> None:
    node = data.draw(patterns)
    text = str(node)
    compiled = fp.compile(text)
    assert compiled.node == node
    again = fp.compile(str(compiled))
    assert str(again) == str(compiled)
    assert again == compiled
    for item in data.draw(st.lists(inputs_for(node), max_size=8)):
        assert again.matches(item) == compiled.matches(item)
    event(compiled.kind)


# ---- Arrow expressions agree with row evaluation -----------------------------------------------

JSON_SCHEMA = pa.schema([
    ("a", pa.string()), ("b", pa.int64()), ("c_d", pa.int32()), ("n", pa.float64()),
    ("x.y", pa.bool_()), ("t", pa.timestamp("s", tz="UTC")),
    ("s", pa.struct([("a", pa.int64()), ("b", pa.string())])),
    ("z", pa.timestamp("s", tz="+05:30")), ("naive", pa.timestamp("s")),
])
ARROW_KEYS = ["a", "b", "c-d", "c_d", "n", "x.y", "t", "s", "z", "naive", "missing"]

table_rows = st.fixed_dictionaries({
    "a": st.none() | st.sampled_from(TEXTS),
    "b": st.none() | st.integers(-30, 30) | st.sampled_from([22, 2 ** 53 + 1, -(2 ** 63)]),
    "c_d": st.none() | st.integers(-(2 ** 31), 2 ** 31 - 1) | st.integers(-3, 30),
    "n": st.none() | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([22.0, 4.5]),
    "x.y": st.none() | st.booleans(),
    "t": st.none() | st.integers(0, 4_102_444_800).map(
        lambda s: datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=s)),
    "s": st.none() | st.fixed_dictionaries({"a": st.none() | st.integers(-3, 30),
                                            "b": st.none() | st.sampled_from(TEXTS)}),
    "z": st.none() | st.sampled_from([0, 1_418_530_010, 1_418_599_999]).map(
        lambda s: datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=s)),
    "naive": st.none() | st.sampled_from([0, 1_418_530_010]).map(
        lambda s: datetime(1970, 1, 1) + timedelta(seconds=s)),
})


@st.composite
def arrow_selectors(draw: st.DrawFn) -> Selector:
    key = draw(st.sampled_from(ARROW_KEYS))
    steps = [Step("key", key)]
    if key in ("s", "a") and draw(st.booleans()):
        steps.append(Step("key", draw(st.sampled_from(["a", "b", "zz"]))))
    return Selector(tuple(steps))


@given(st.data())
def test_json_arrow_expression_agrees_with_rows(data: st.DataObject) -> None:
    expr = data.draw(expressions(conditions(arrow_selectors())))
    assume(within_quotas(walk(expr)))
    compiled = fp.compile(str(JsonPattern(expr)))
    rows = data.draw(st.lists(table_rows, min_size=1, max_size=8))
    table = pa.Table.from_pylist(rows, schema=JSON_SCHEMA)
    expected = [i for i, r in enumerate(table.to_pylist()) if compiled.matches(r)]
    assert selected(compiled.filter_rows(indexed(table))) == expected
    try:
        arrow_expr = compiled.to_arrow_expression(table.schema)
    except ArrowUnsupportedError:
        event("no Arrow expression")
        return
    event("Arrow expression")
    assert selected(indexed(table).filter(arrow_expr)) == expected, str(compiled)


def indexed(table: Any) -> Any:
    """The table with a row-number column (rows are compared by number: NaN != NaN)."""
    return table.append_column("_row", pa.array(range(table.num_rows), pa.int64()))


def selected(table: Any) -> list[int]:
    return table.column("_row").to_pylist()  # type: ignore[no-any-return]


# flow log records of the default layout, with values as AWS writes them (no blanks)
flow_rows = st.fixed_dictionaries({
    "version": st.sampled_from([2, 3]),
    "account_id": st.sampled_from(["123456789010", "000000000001"]),
    "interface_id": st.sampled_from(["eni-1235b8ca123456789", "eni-0a"]),
    "srcaddr": st.none() | st.sampled_from(["172.31.16.139", "10.0.0.1", "2001:db8::1"]),
    "dstaddr": st.none() | st.sampled_from(["172.31.16.21", "203.0.113.12"]),
    "srcport": st.none() | st.sampled_from([0, 22, 443, 49761]),
    "dstport": st.none() | st.sampled_from([0, 22, 80, 3389]),
    "protocol": st.none() | st.sampled_from([1, 6, 17]),
    "packets": st.none() | st.integers(0, 5000),
    "bytes": st.none() | st.integers(0, 2 ** 40),
    "start": st.integers(1_400_000_000, 1_800_000_000).map(
        lambda s: datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=s)),
    "end": st.none() | st.integers(1_400_000_000, 1_800_000_000).map(
        lambda s: datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=s)),
    "action": st.none() | st.sampled_from(["ACCEPT", "REJECT"]),
    "log_status": st.sampled_from(["OK", "NODATA", "SKIPDATA"]),
})
FLOW_TEXTS = ["22", "REJECT", "ACCEPT", "-", "172.31.*", "*.139", "eni-*", "OK", "*2*", "2"]
FLOW_REGEXES = ["^2 ", "REJECT OK$", r"^\d+$", "172|203", r"eni-[0-9a-f]+"]
FLOW_NUMBERS = ["22", "0", "1000", "4.5", "1e3", "1500000000", "99999999999999999999", "-1"]


@st.composite
def flow_values(draw: st.DrawFn, op: str) -> Any:
    if op not in ("=", "!=") or draw(st.integers(0, 2)) == 0:
        text = draw(st.sampled_from(FLOW_NUMBERS))
        return Number(text, int(text) if text.lstrip("-").isdigit() else float(text))
    if draw(st.integers(0, 3)) == 0:
        return translate(draw(st.sampled_from(FLOW_REGEXES)))
    return Text(draw(st.sampled_from(FLOW_TEXTS)))


@st.composite
def flow_conditions(draw: st.DrawFn, name: str) -> Compare:
    op = draw(st.sampled_from(["=", "!=", "<", "<=", ">", ">="]))
    return Compare(name, op, draw(flow_values(op)))  # type: ignore[arg-type]


@st.composite
def flow_patterns(draw: st.DrawFn) -> Any:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        words = st.sampled_from(["REJECT", "ACCEPT", "NODATA", "22 6", " ", "eni-0a", "- -",
                                 "172.31"])
        chosen = draw(st.lists(st.builds(Term, words, st.sampled_from(["+", "-", "?"])),
                               max_size=3))
        return TermPattern(tuple(chosen))
    if kind == 1:
        return RegexPattern(translate(draw(st.sampled_from(FLOW_REGEXES))))
    width = draw(st.integers(1, 15))
    names = [f"f{i}" for i in range(width)]
    found = []
    for name in names:
        if draw(st.integers(0, 2)) == 0:
            cond = draw(expressions(flow_conditions(name)))
            found.append(Slot(name, cond))
        else:
            found.append(Slot(name))
    if draw(st.booleans()):
        found.insert(draw(st.integers(0, len(found))), Slot(ellipsis=True))
    leaves = [x for s in found if s.cond is not None for x in walk(s.cond)]
    assume(within_quotas(leaves))
    return DelimitedPattern(tuple(found))


VPC_SCHEMA = awslogparse.schema("vpcflow").to_arrow()


@given(flow_patterns(), st.lists(flow_rows, min_size=1, max_size=10))
def test_flow_log_arrow_expression_agrees_with_rows(node: Any, rows: list[dict[str, Any]]
                                                    ) -> None:
    compiled = fp.compile(str(node), format="vpcflow")
    table = pa.Table.from_pylist(rows, schema=VPC_SCHEMA)
    expected = [compiled.matches(r) for r in rows]                 # dict records
    lines_ = [compiled.message(r) for r in rows]
    assert [compiled.matches(line) for line in lines_] == expected  # their raw lines
    wanted = [i for i, hit in enumerate(expected) if hit]
    assert selected(compiled.filter_rows(indexed(table))) == wanted
    try:
        arrow_expr = compiled.to_arrow_expression(table.schema)
    except ArrowUnsupportedError:
        event("no Arrow expression")
        return
    event(f"Arrow expression ({compiled.kind})")
    assert selected(indexed(table).filter(arrow_expr)) == wanted, (str(compiled), lines_)


@given(flow_rows)
def test_line_writer_equals_format_line(record: dict[str, Any]) -> None:
    for fields in (None, "${dstport} ${start} ${action} ${vpc-id}"):
        write = fp.line_writer("vpcflow", fields)
        assert write(record) == awslogparse.format_line(record, "vpcflow", fields=fields)
        assert write(record) == write(record)  # the timestamp cache gives the same text


@pytest.mark.parametrize("zone", ["UTC", "+05:30", "-08:00", None])
def test_text_tests_on_timestamps_read_utc_whatever_the_column_zone(zone: str | None) -> None:
    """A timestamp column in any zone (or none: taken as UTC) compares as ISO 8601 UTC text, on
    the expression path as in row evaluation."""
    when = datetime(2014, 12, 14, 4, 6, 50, tzinfo=UTC)
    table = pa.table({"t": pa.array([when if zone else when.replace(tzinfo=None)],
                                    pa.timestamp("s", tz=zone))})
    for text, hit in (("{ $.t = 2014-12-14T04* }", True), ("{ $.t = 2014-12-14T04:06:50Z }", True),
                      ('{ $.t != "2014-12-14T04:06:50Z" }', False), ("{ $.t = %T04:% }", True)):
        compiled = fp.compile(text)
        assert [compiled.matches(r) for r in table.to_pylist()] == [hit], text
        assert compiled.filter_rows(table).num_rows == hit, text
        assert table.filter(compiled.to_arrow_expression(table.schema)).num_rows == hit, text


def test_numeric_tests_on_unsigned_64_bit_columns() -> None:
    """A uint64 column holds values above int64's range: the expression compares them exactly
    (it compared with an int64 literal, and Arrow refused such values when filtering)."""
    top = 2 ** 64 - 1
    table = pa.table({"u": pa.array([top, 2 ** 63, 5, 0, None], pa.uint64())})
    for text in (f"{{ $.u = {top} }}", f"{{ $.u >= {2 ** 63} }}", "{ $.u < 10 }",
                 f"{{ $.u != {top} }}", "{ $.u > -1 }", f"{{ $.u < {2 ** 64} }}",
                 "{ $.u = 5.5 }", "{ $.u <= 5.5 }", "{ $.u = 18446744073709551616 }"):
        compiled = fp.compile(text)
        want = [i for i, r in enumerate(table.to_pylist()) if compiled.matches(r)]
        assert selected(compiled.filter_rows(indexed(table))) == want, text
        assert selected(indexed(table).filter(compiled.to_arrow_expression(table.schema))) \
            == want, text
