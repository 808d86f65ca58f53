"""Property tests for the line shapes formats (every registered format whose spec lists
``[[shapes]]``): generated units parse to the generator's records and write back to text that
parses to the same records; files of them read through ``iter_records`` and ``read_arrow`` with
counts that add up; damaged files never crash a read and lose nothing they do not count as an
error; CloudWatch Logs envelopes of them (multi-line messages included) read to the same records
with the envelope's context.

Hypothesis examples are shared out per format, so the suite stays fast with any number of
formats (the ``ci`` profile raises the budget fivefold).
"""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from budget import shared_by
from hypothesis import given
from hypothesis import strategies as st

import awslogparse
from awslogparse import registry
from awslogparse.model import FieldType, Record
from awslogparse.parsers.shapes import ShapesFormat
from awslogparse.testing import damaged_files
from awslogparse.testing.services import (
    ServiceFile,
    ServiceUnit,
    format_shapes,
    service_envelopes,
    service_files,
    service_formats,
    service_line_damage,
    service_units,
)

FORMATS = service_formats()
per_format = shared_by(FORMATS, 5)
"""Examples per format and test: the profile's budget shared across the formats."""

GROUPS: dict[str, tuple[str, ...]] = {
    "lambda": ("/aws/lambda/checkout",),
    "rds": tuple(f"/aws/rds/instance/orders-db/{log}"
                 for log in ("error", "general", "slowquery", "audit", "postgresql")),
    "eks": ("/aws/eks/prod/cluster",),
    "ecs": ("/ecs/web",),
}
"""Log groups each format's streams are generated in (a format without an entry: a group of
its own name, which restricted shapes never match)."""


def _groups(fmt: str) -> tuple[str, ...]:
    return GROUPS.get(fmt, (f"/{fmt}/generated",))


def test_service_formats_are_the_registrys_shapes_formats() -> None:
    by_class = {n for n in registry.formats()
                if isinstance(registry.get(n).format(), ShapesFormat)}
    assert set(FORMATS) == by_class
    assert {"lambda", "rds", "eks", "ecs"} <= by_class


# ---- units


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_units_parse_to_their_records_and_write_back(fmt: str, data: st.DataObject) -> None:
    unit: ServiceUnit = data.draw(service_units(fmt))
    record = awslogparse.parse_line(unit.text, fmt)
    assert record == unit.record
    assert list(record) == [f.name for f in awslogparse.schema(fmt)]
    write = registry.get(fmt).format().writer()
    assert awslogparse.parse_line(write(record), fmt) == record


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_a_message_ending_in_a_newline_reads_the_same(fmt: str, data: st.DataObject) -> None:
    unit: ServiceUnit = data.draw(service_units(fmt))
    ending = data.draw(st.sampled_from(("\n", "\r\n")))
    assert awslogparse.parse_line(unit.text + ending, fmt) == unit.record


# ---- files of lines


def _arrow_value(kind: FieldType, value: Any) -> Any:
    if value is None:
        return None
    if kind is FieldType.JSON:
        return json.loads(value)
    return value


def _check_file(file: ServiceFile) -> None:
    fmt = file.format
    it = awslogparse.iter_records(file.data, fmt, errors="collect")
    assert list(it) == list(file.records)
    assert it.errors == []
    assert it.stats.records == it.stats.units == len(file.records)
    table = awslogparse.read_arrow(file.data, fmt)
    schema = awslogparse.schema(fmt)
    assert table.num_rows == len(file.records)
    for row, record in zip(table.to_pylist(), file.records, strict=True):
        for f in schema:
            assert _arrow_value(f.type, row[f.name]) == record[f.name], f.name


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_files_read_to_their_records_on_every_path(fmt: str, data: st.DataObject) -> None:
    _check_file(data.draw(service_files(fmt)))


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_damaged_files_lose_nothing_they_do_not_report(fmt: str, data: st.DataObject) -> None:
    file: ServiceFile = data.draw(service_files(fmt))
    damage = data.draw(damaged_files(file, line_damage=service_line_damage(file)))
    it = awslogparse.iter_records(damage.data, fmt, errors="collect")
    records = list(it)
    stats = it.stats
    assert stats.records == len(records)
    assert stats.records + stats.errors == stats.units
    assert len(it.errors) == stats.errors
    if damage.bad_lines is not None:  # exact even for junk: never drawn where it is a record
        assert [e.line for e in it.errors] == list(damage.bad_lines)
        assert all(damage.reason_hint in e.reason for e in it.errors)
        assert records == list(damage.records or ())
    table = awslogparse.read_arrow(damage.data, fmt, errors="collect")
    assert table.num_rows == len(records)


# ---- CloudWatch Logs envelopes


def _payload(envelopes: list[dict[str, Any]]) -> bytes:
    return b"".join(gzip.compress(json.dumps(e).encode(), mtime=0) for e in envelopes)


_HEX = "0123456789abcdef"


def _stream(fmt: str, draw: Any) -> str:
    """A log stream name as the format's service writes them (ECS: prefix/container/task)."""
    if fmt == "ecs":
        container = draw(st.sampled_from(("nginx", "app")))
        task: str = draw(st.text(_HEX, min_size=32, max_size=32))
        return f"web/{container}/{task}"
    name: str = draw(st.text(_HEX, min_size=8, max_size=12))
    return name


def _shapes_format(fmt: str) -> ShapesFormat:
    found = registry.get(fmt).format()
    assert isinstance(found, ShapesFormat)
    return found


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_envelopes_read_to_their_records_with_the_context(fmt: str,
                                                          data: st.DataObject) -> None:
    group = data.draw(st.sampled_from(_groups(fmt)))
    stream = _stream(fmt, data.draw)
    # Shapes that need their log group known (RDS's error_text), and the fields a stream's
    # name gives, come with the envelope's stream hook (see test_stream_parsers_*): until the
    # envelope passes group and stream to the format, events take the shapes of a file.
    shapes = [s.name for s in format_shapes(fmt) if s.applies_to(group) and s.applies_to(None)]
    envelope, units = data.draw(service_envelopes(fmt, group, stream, shapes=shapes))
    from_stream = set(_shapes_format(fmt).stream_values(stream))
    it = awslogparse.iter_records(_payload([envelope]), "cloudwatch", errors="collect",
                                  log_formats={group: fmt})
    records = list(it)
    assert it.errors == []
    assert it.stats.units == len(units) == len(records)
    for record, unit, event in zip(records, units, envelope["logEvents"], strict=True):
        assert record.pop("_format") == fmt
        assert record.pop("log_group") == group and record.pop("log_stream") == stream
        assert record.pop("owner") == "123456789012"
        assert record.pop("event_id") == event["id"]
        stamp = record.pop("event_timestamp")
        assert stamp == datetime.fromtimestamp(event["timestamp"] / 1000, UTC)
        assert {k: v for k, v in record.items() if k not in from_stream} == \
            {k: v for k, v in unit.record.items() if k not in from_stream}


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_stream_parsers_take_the_groups_shapes_and_the_streams_fields(
        fmt: str, data: st.DataObject) -> None:
    """What the envelope's stream hook gives a format: only the shapes its log group may hold
    (and the catch-alls meant for it), and the fields the stream's name carries."""
    group = data.draw(st.sampled_from(_groups(fmt)))
    stream = _stream(fmt, data.draw)
    unit: ServiceUnit = data.draw(service_units(fmt, log_group=group))
    shaped = _shapes_format(fmt)
    parser = shaped.stream_parser(None, group, stream)
    assert {s.name for s in parser.shapes} == \
        {s.name for s in format_shapes(fmt) if s.applies_to(group)}
    assert parser(unit.text) == {**unit.record, **shaped.stream_values(stream)}


def test_every_format_has_shapes_its_strategies_can_draw() -> None:
    """A shape without a template (regex) cannot be generated, nor written: each one has one."""
    for fmt in FORMATS:
        for shape in format_shapes(fmt):
            assert shape.regex is None or shape.template is not None, (fmt, shape.name)


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_any_text_gives_a_record_or_an_error_never_a_crash(fmt: str,
                                                           data: st.DataObject) -> None:
    text = data.draw(st.one_of(st.text(max_size=200), st.binary(max_size=200).map(
        lambda b: b.decode("utf-8", "replace"))))
    parser = registry.get(fmt).format().line_parser()
    try:
        record: Record | None = parser(text)
    except awslogparse.ParseError as exc:
        assert exc.reason
        return
    assert record is None or record["shape"] in {s.name for s in format_shapes(fmt)}
