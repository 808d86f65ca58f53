"""Tokenizers and value expressions that have a fast form beside a plain one must agree with it
on every input, including the ones the fast form hands back: the layout-aware quoted splitter
against ``split_quoted`` / ``split_quoted_backslash``, and the generated value expressions
(memoised floats and percent-decoding, inlined ISO 8601) against their converters."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse import registry, values
from awslogparse.model import Field, FieldType
from awslogparse.parsers.base import plain_text
from awslogparse.parsers.delimited import (
    DelimitedFormat,
    split_quoted,
    split_quoted_backslash,
    structured_splitter,
)
from awslogparse.specs import load_spec

QUOTED = tuple(name for name in awslogparse.formats()
               if isinstance(registry.get(name).format(), DelimitedFormat)
               and (spec := load_spec(registry.get(name).spec_name)).tokenizer == "quoted"
               and spec.escapes in ("none", "backslash"))
"""Spec-driven delimited formats whose reference tokenizer is the layout-aware quoted splitter
(other families may name a tokenizer for filter patterns without splitting lines with it)."""


def _outcome(split: Any, line: str) -> Any:
    try:
        return split(line)
    except ValueError as exc:
        return ("error", str(exc))


def _layout_lines(fmt: str) -> st.SearchStrategy[str]:
    """Lines shaped like the format's (each column quoted where AWS quotes it, some columns
    missing or added at the end) with damage where quotes and blanks meet."""
    fmt_obj = registry.get(fmt).format()
    assert isinstance(fmt_obj, DelimitedFormat)
    plan = fmt_obj.plan()
    quoted = [any(f.quoted for f in fields) for fields in plan.column_fields]
    text = st.text(alphabet="ab -\\:", max_size=6)  # quotes come from the damage below
    bare = st.text(alphabet="ab-:1", min_size=1, max_size=5)

    @st.composite
    def line(draw: st.DrawFn) -> str:
        width = draw(st.integers(0, len(quoted) + 2))
        pieces = []
        for i in range(width):
            as_aws = i < len(quoted) and quoted[i]
            if as_aws != (draw(st.integers(0, 19)) == 0):  # mostly as AWS quotes them
                pieces.append(f'"{draw(text)}"')
            else:
                pieces.append(draw(bare))
        sep = " " if draw(st.integers(0, 5)) else draw(st.sampled_from(["  ", "", "\t"]))
        joined = sep.join(pieces)
        damage = draw(st.integers(0, 5))
        if damage == 0 and joined:  # a character in or removed
            at = draw(st.integers(0, len(joined) - 1))
            joined = joined[:at] + draw(st.sampled_from(['"', " ", "\\", ""])) + joined[at + 1:]
        elif damage == 1:  # a quote glued to its neighbour: '"x' or 'x"'
            edges = [i for i in range(len(joined) - 1) if '"' in joined[i:i + 2]
                     and " " in joined[i:i + 2]]
            if edges:
                at = draw(st.sampled_from(edges))
                pair = joined[at:at + 2].replace(" ", "x")
                joined = joined[:at] + pair + joined[at + 2:]
        elif damage == 2 and '"' in joined:  # glued after the last quote: '"x"y'
            at = joined.rfind('"') + 1
            joined = joined[:at] + "y" + joined[at:]
        return joined
    return line()


@pytest.mark.parametrize("fmt", QUOTED)
@settings(max_examples=max(20, settings().max_examples // max(1, len(QUOTED))))
@given(data=st.data())
def test_layout_aware_splitter_agrees_with_the_generic_one(fmt: str, data: st.DataObject
                                                           ) -> None:
    fmt_obj = registry.get(fmt).format()
    assert isinstance(fmt_obj, DelimitedFormat)
    plan = fmt_obj.plan()
    fast = fmt_obj.tokenizer(plan)
    generic = split_quoted_backslash if fmt_obj.spec.escapes == "backslash" else split_quoted
    assert fast is not generic  # the layout has quoted columns: the fast form is in use
    line = data.draw(_layout_lines(fmt) | st.text(alphabet='a "\\-', max_size=40))
    assert _outcome(fast, line) == _outcome(generic, line)
    quoted = fmt_obj.quoted_split(plan)  # the same tokenizer handed the line split on quotes
    assert quoted is not None
    assert _outcome(lambda text: quoted[2](text.split('"'), text), line) == \
        _outcome(generic, line)


def test_layout_aware_splitter_on_hand_picked_shapes() -> None:
    split = structured_splitter([False, True, False, True], split_quoted)
    assert split('a "b c" d "e"') == ["a", "b c", "d", "e"]
    assert split('a "b c" d "e" f g') == ["a", "b c", "d", "e", "f", "g"]  # newer columns
    assert split('a "b c" d') == ["a", "b c", "d"]  # older, shorter line
    assert split('a "" d ""') == ["a", "", "d", ""]
    assert split("a b c") == ["a", "b", "c"]  # no quotes at all
    for bad in ('a"b c" d', 'a "b c"d', 'a "b c', '"a" "b c" d "e"'):
        assert _outcome(split, bad) == _outcome(split_quoted, bad)


FIELDS = {
    "float": Field("f", "f", FieldType.FLOAT),
    "iso": Field("t", "t", FieldType.TIMESTAMP, unit="iso"),
    "iso_plain": Field("t", "t", FieldType.TIMESTAMP, unit="iso_plain"),
    "url": Field("u", "u", FieldType.STR, encoding="url"),
    "int8": Field("i", "i", FieldType.INT, bits=8),
    "int32": Field("i", "i", FieldType.INT, bits=32),
    "int64": Field("i", "i", FieldType.INT, bits=64),
}


def _evaluate(field: Field, text: str, strict: bool, ascii: bool, memos: dict[str, Any] | None
              ) -> Any:
    source = values.value_expression(field, "v", strict, ascii, memos)
    namespace = {**values.NAMESPACE, **(memos or {})}
    try:
        return eval(source, namespace, {"v": text})  # our own generated code
    except ValueError:
        return "error"


def _convert(field: Field, text: str) -> Any:
    try:
        return values.converter(field)(text)
    except ValueError:
        return "error"


_EDGES = [str(n) for bits in (8, 32, 64) for top in [2 ** (bits - 1)]
          for n in (top - 1, top, -top, -top - 1, 10 ** (len(str(top)) - 1), 10 ** len(str(top)))]
"""Integers at the edges of each width's range, and where its short-token shortcut ends."""
_TIMES = st.datetimes().map(lambda d: d.isoformat(sep="T"))
_WIRE = st.one_of(
    st.text(alphabet="0123456789.-eE+Z:T %C3A9xyz", max_size=30),
    _TIMES, _TIMES.map(lambda t: t + "Z"), _TIMES.map(lambda t: t + "+02:00"),
    st.floats(allow_nan=False).map(str), st.decimals(allow_nan=False).map(str),
    st.integers(-2**64, 2**64).map(str), st.sampled_from(["+5", "1_000", "٣", " 7", "0x1F"]),
    st.integers(-300, 300).map(str),
    st.sampled_from(_EDGES),
)


@settings(max_examples=max(50, settings().max_examples))
@given(kind=st.sampled_from(sorted(FIELDS)), text=_WIRE)
def test_generated_value_expressions_agree_with_the_converters(kind: str, text: str) -> None:
    field = FIELDS[kind]
    expected = _convert(field, text)
    modes = [(True, False)]  # any text
    if text.isascii():
        modes.append((True, True))
    if plain_text(text) and not any(c.isspace() for c in text):
        modes.append((False, False))  # the plain builder: text of one token (not tab-separated)
    for strict, ascii in modes:
        memos: dict[str, Any] = {}
        for attempt in range(3):  # without a memo, then a memo's miss and its hit
            got = _evaluate(field, text, strict, ascii, memos if attempt else None)
            assert got == expected
            if isinstance(expected, datetime):
                assert got.tzinfo is UTC


@pytest.mark.parametrize("kind", [k for k in sorted(FIELDS) if k.startswith("int")])
def test_generated_integer_expressions_at_the_range_edges(kind: str) -> None:
    """Every mode of the generated code gives the converter's outcome at each width's edges and
    where the shortcut for short tokens stops (the Hypothesis test above draws these rarely)."""
    field = FIELDS[kind]
    for text in _EDGES:
        expected = _convert(field, text)
        for strict, ascii in ((True, False), (True, True), (False, False)):
            assert _evaluate(field, text, strict, ascii, None) == expected, (text, strict, ascii)


def test_a_memo_stays_within_its_bound() -> None:
    memo = values.Memo(int, limit=3)
    assert [memo[str(i)] for i in range(10)] == list(range(10))
    assert len(memo) <= 3
    with pytest.raises(ValueError):
        memo["x"]
    assert "x" not in memo


def test_a_blank_inside_a_tab_separated_number_is_an_error() -> None:
    """``int`` reads " 200"; a tab-separated column can hold blanks, so a plain-ASCII CloudFront
    line must not reach ``int`` unchecked (it would parse where a non-ASCII one fails)."""
    example = load_spec("cloudfront").examples[0]
    columns = load_spec("cloudfront").default_layout
    tokens = example["line"].replace("_", "x").split("\t")
    assert awslogparse.parse_line("\t".join(tokens), "cloudfront")["sc_status"] == 200
    tokens[columns.index("sc-status")] = "200 "
    line = "\t".join(tokens)
    assert plain_text(line)
    with pytest.raises(awslogparse.ParseError, match="sc-status"):
        awslogparse.parse_line(line, "cloudfront")
