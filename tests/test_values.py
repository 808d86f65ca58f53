"""Timestamp units of ``awslogparse.values`` read and written on their own: the ``redis`` unit
(ElastiCache engine log times, ``DD Mon YYYY hh:mm:ss.mmm UTC``) through its parser, its writer,
the field converter and the expression generated code inlines, which must all agree."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import awslogparse
from awslogparse import values
from awslogparse.model import Field, FieldType
from awslogparse.testing._common import TIME_MAX, TIME_MIN

REDIS = Field("time", "time", FieldType.TIMESTAMP, unit="redis")

# AWS's two engine log examples (JSON "Time", and the time inside the TEXT line) from
# https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Log_Delivery.html
# (Log type and log format specifications, Engine log).
AWS_TIMES = {
    "12 Nov 2020 01:28:57.994 UTC": datetime(2020, 11, 12, 1, 28, 57, 994000, tzinfo=UTC),
    "29 Oct 2020 20:12:20.499 UTC": datetime(2020, 10, 29, 20, 12, 20, 499000, tzinfo=UTC),
}


def generated(field: Field, text: str) -> Any:
    """What the expression generated code inlines gives for ``text``."""
    return eval(values.value_expression(field, "v", strict=True, ascii=text.isascii()),
                dict(values.NAMESPACE), {"v": text})


@pytest.mark.parametrize(("text", "when"), list(AWS_TIMES.items()))
def test_redis_times_read_awss_examples(text: str, when: datetime) -> None:
    assert values.redis_time(text) == when
    assert values.convert(REDIS, text) == when
    assert generated(REDIS, text) == when
    assert values.format_timestamp(REDIS, when) == text


@pytest.mark.parametrize("text", [
    "12 Nov 2020 01:28:57.994 GMT",      # another zone
    "12 Nov 2020 01:28:57.994",          # no zone
    "12 Nov 2020 01:28:57 UTC",          # no milliseconds
    "12 Nov 2020 01:28:57.99 UTC",       # two digits of them
    "2 Nov 2020 01:28:57.994 UTC",       # a one-digit day (the engine writes two)
    "12 nov 2020 01:28:57.994 UTC",      # a month not as the engine writes it
    "12 Foo 2020 01:28:57.994 UTC",
    "31 Feb 2020 01:28:57.994 UTC",      # no such day
    "12 Nov 2020 24:28:57.994 UTC",      # no such hour
    "12 Nov 2020 01:28:57,994 UTC",
    "12 Nov 2020T01:28:57.994 UTC",
    "12 Nov ٢٠٢٠ 01:28:57.994 UTC",      # digits int() takes, but not ASCII
    "12 Nov 2020 01:28:57.994 UTC ",
    "2020-11-12T01:28:57.994Z",
    "",
])
def test_redis_times_refuse_other_text(text: str) -> None:
    with pytest.raises(ValueError):
        values.redis_time(text)
    with pytest.raises(ValueError, match=r"time: not a DD Mon YYYY hh:mm:ss\.mmm UTC timestamp"):
        values.convert(REDIS, text)
    with pytest.raises(ValueError):
        generated(REDIS, text)


milliseconds = st.integers(TIME_MIN * 1000, TIME_MAX * 1000).map(
    lambda n: datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=n))


@given(when=milliseconds)
def test_redis_times_round_trip(when: datetime) -> None:
    text = values.format_timestamp(REDIS, when)
    assert len(text) == 28 and text.endswith(" UTC")
    assert values.redis_time(text) == values.convert(REDIS, text) == generated(REDIS, text) \
        == when


@given(when=milliseconds, micros=st.integers(0, 999))
def test_redis_times_are_written_to_the_millisecond_as_the_engine_truncates(
        when: datetime, micros: int) -> None:
    assert values.format_timestamp(REDIS, when + timedelta(microseconds=micros)) \
        == values.format_timestamp(REDIS, when)


def test_redis_times_keep_their_milliseconds_in_arrow() -> None:
    assert values.ARROW_UNITS["redis"] == "ms"
    line = ("xxxxxxxxxxxzy-engine-log-test/0001:M 29 Oct 2020 20:12:20.499 UTC * A slow-running "
            "Lua script detected that is still in execution after 10000 milliseconds.\n")
    for fast in (True, False):
        table = awslogparse.read_arrow(gzip.compress(line.encode()), format="elasticache",
                                       fast=fast)
        assert str(table.schema.field("time").type) == "timestamp[ms, tz=UTC]"
        assert table.column("time").to_pylist() == [AWS_TIMES["29 Oct 2020 20:12:20.499 UTC"]]


INT_TEXTS = ("0", "1", "7", "42", "255", "256", "1022", "1023", "1024", "65535", "-1", "-0",
             "01", "+1", " 1", "1 ", "1_0", "\u0661", "1.0", "x", "", "2147483647",
             "2147483648", "-2147483648", "9223372036854775807", "9223372036854775808")


@pytest.mark.parametrize("bits", [8, 16, 32, 64])
@pytest.mark.parametrize(("strict", "ascii"), [(False, False), (True, True), (True, False)])
@given(text=st.one_of(st.sampled_from(INT_TEXTS), st.integers(-2, values.SMALL_INTS + 2)
                      .map(str), st.text(st.sampled_from("0123456789-+ _\u0661"), max_size=4)))
def test_the_small_integer_table_gives_what_int_gives(bits: int, strict: bool, ascii: bool,
                                                     text: str) -> None:
    """Generated code looks the text of 1..SMALL_INTS up before calling ``int``, for fields
    whose range holds them all: the value (or the ValueError) is the field's converter's, in
    each mode a loop may run in (``strict=False`` only for text ``int`` reads as AWS writes
    it: ASCII digits and a minus sign)."""
    field = Field("n", "n", FieldType.INT, bits=bits)
    if not strict and not (text.isascii() and text.lstrip("-").isdigit() and
                           text.count("-") <= 1):
        return  # (plain text only: the caller's guarantee)
    if ascii and not text.isascii():
        return
    source = values.value_expression(field, "v", strict=strict, ascii=ascii)
    assert ("_sic" in source) == (field.int_range[1] >= values.SMALL_INTS and
                                  (ascii or not strict))  # (any text: _dec decides)
    try:
        expected: Any = values.converter(field)(text)
    except ValueError:
        expected = ValueError
    try:
        got: Any = eval(source, dict(values.NAMESPACE), {"v": text})
    except ValueError:
        got = ValueError
    assert got == expected and type(got) is type(expected)
