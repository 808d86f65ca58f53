"""Property tests for every spec-driven delimited format (ALB, NLB, Classic ELB, ALB connection
logs, CloudFront, S3 server access logs): generated files read to the generator's records on
every path, lines round-trip through the writer, and damaged input loses nothing.

The formats come from the registry, so a new format of this family is tested without touching
this file. Hypothesis examples are shared out per format: each test runs once per format with
the profile's budget divided by the number of formats (at least a few each)."""

from __future__ import annotations

from typing import Any

import pytest
from extraview import extra_view
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse import registry
from awslogparse.model import ParseError, Record
from awslogparse.specs import snake_case
from awslogparse.testing._common import damaged_files
from awslogparse.testing.delimited import (
    DelimitedFile,
    delimited_files,
    delimited_formats,
    delimited_layouts,
    delimited_records,
    elb_key_formats,
    elb_keys,
    elb_objects,
    render_delimited_line,
)

pytest.importorskip("pyarrow")  # the suite installs it; the Arrow half needs it

FORMATS = delimited_formats()
_BUDGET = max(5, settings().max_examples * 2 // max(1, len(FORMATS)))
"""Examples per format and test: the profile's budget, shared across the formats."""
per_format = settings(max_examples=_BUDGET, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large,
                                                                   HealthCheck.filter_too_much])


def arrow_row(record: Record, columns: list[str]) -> dict[str, Any]:
    """What an Arrow row holds for a reference record: the table's columns, and ``_extra`` for
    keys the table lacks (as a list of (key, text) pairs, the way pyarrow gives a map back)."""
    row = {name: record.get(name) for name in columns if name != "_extra"}
    extra = [(k, extra_view(v)) for k, v in record.items() if k not in columns]
    if "_extra" in columns:
        row["_extra"] = extra or None
    return row


def _records(file: DelimitedFile) -> list[Record]:
    return list(awslogparse.iter_records(file.data, file.format, fields=file.fields))


@pytest.mark.parametrize("fmt", FORMATS)
def test_registry_has_delimited_formats(fmt: str) -> None:
    assert registry.get(fmt).format().line_based


@pytest.mark.parametrize("fmt", [f for f in FORMATS
                                 if registry.get(f).format().spec.header != "w3c"
                                 and not registry.get(f).format().spec.catalogue_order])
@per_format
@given(data=st.data())
def test_a_fixed_layout_is_drawn_whole_or_as_an_older_prefix(fmt: str, data: st.DataObject
                                                               ) -> None:
    """Only W3C files (a ``#Fields:`` header) and catalogue formats (CloudFront real-time logs:
    the distribution's chosen fields) have layouts of chosen fields. Every other layout is
    AWS's, whole or, where AWS appends fields, cut to an older width: Route 53 public DNS query
    logs (no S3 key) were drawn as any subset, down to one field (a file of ``0`` lines, which
    the reader rightly refuses as too short)."""
    spec = registry.get(fmt).format().spec
    columns = tuple(data.draw(delimited_layouts(fmt)))
    assert columns == tuple(spec.default_layout[:len(columns)])
    assert len(columns) >= (spec.min_columns or len(spec.default_layout))


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_files_read_to_the_generated_records_on_every_path(fmt: str, data: st.DataObject
                                                            ) -> None:
    file = data.draw(delimited_files(fmt))
    records = _records(file)
    assert records == list(file.records)
    tables = [awslogparse.read_arrow(file.data, fmt, fields=file.fields, fast=fast)
              for fast in (True, False)]
    assert tables[0].schema == tables[1].schema
    rows = [t.to_pylist() for t in tables]
    assert rows[0] == rows[1], "the fast path and the reference path disagree"
    assert rows[1] == [arrow_row(r, tables[1].column_names) for r in file.records]


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_lines_round_trip_through_the_writer(fmt: str, data: st.DataObject) -> None:
    """parse -> format_line -> parse gives the same record, and the generator's own serializer
    and the library's writer produce lines that parse the same."""
    columns = data.draw(delimited_layouts(fmt))
    record = data.draw(delimited_records(fmt, columns))
    line = render_delimited_line(fmt, columns, record)
    parsed = awslogparse.parse_line(line, fmt, fields=list(columns))
    expected = {k: v for k, v in parsed.items() if v is not None or k in record}
    assert {k: parsed[k] for k in record} == record
    written = awslogparse.format_line(parsed, fmt, fields=list(columns))
    assert awslogparse.parse_line(written, fmt, fields=list(columns)) == parsed
    assert {k: v for k, v in parsed.items() if v is not None or k in record} == expected


CATALOGUE_ORDERED = [f for f in FORMATS if registry.get(f).format().spec.catalogue_order]
"""Formats whose values come in AWS's catalogue order whatever order ``fields=`` lists them in
(CloudFront real-time logs)."""


@pytest.mark.parametrize("fmt", CATALOGUE_ORDERED)
@per_format
@given(data=st.data())
def test_fields_in_any_order_and_spelling_read_alike(fmt: str, data: st.DataObject) -> None:
    """``fields=`` is the configuration's list as the user has it: in any order, each name as
    AWS writes it or in snake_case. Every such list reads the generated records, on both
    paths (a spelling sorted apart from its column would put values in the wrong fields)."""
    file = data.draw(delimited_files(fmt))
    spelled = [data.draw(st.sampled_from((c, snake_case(c)))) for c in file.columns]
    fields = data.draw(st.permutations(spelled))
    records = list(awslogparse.iter_records(file.data, fmt, fields=fields))
    assert records == list(file.records)
    for fast in (True, False):
        table = awslogparse.read_arrow(file.data, fmt, fields=fields, fast=fast)
        assert table.to_pylist() == [arrow_row(r, table.column_names) for r in file.records]


def test_snake_case_fields_are_sorted_as_aws_names_are() -> None:
    """The auditor's case: AWS writes ``sc-status`` before ``sc-bytes``, whichever way the
    list names them."""
    data = b"1600020865.895\t200\t1049001\n"
    for fields in (["timestamp", "sc-bytes", "sc-status"], ["timestamp", "sc_bytes", "sc_status"],
                   ["sc_bytes", "timestamp", "sc-status"]):
        record = next(iter(awslogparse.iter_records(data, "cloudfront_realtime",
                                                    fields=fields)))
        assert (record["sc_status"], record["sc_bytes"]) == (200, 1049001), fields


@pytest.mark.parametrize(("fields", "reason"), [
    (["timestamp", "sc-bytes", "my-new-field"], "'my-new-field' is not a cloudfront_realtime"),
    (["timestamp", "SC-BYTES"], "'SC-BYTES' is not a cloudfront_realtime"),
    (["timestamp", "sc-bytes", "sc_bytes"], "named twice"),
])
def test_catalogue_fields_that_have_no_place_are_errors(fields: list[str], reason: str) -> None:
    """A name the catalogue lacks has no known place among the values, so every value after
    it would be a guess: an error, not a shift. One field in both spellings is named twice."""
    with pytest.raises(ParseError, match=reason):
        awslogparse.parse_line("1600020865.895\t200\t1", "cloudfront_realtime", fields=fields)


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_nothing_is_lost_from_damaged_files(fmt: str, data: st.DataObject) -> None:
    """Every physical line of a damaged file is a record, an error, a header or blank; both
    paths report the same errors at the same line numbers; nothing raises."""
    original = data.draw(delimited_files(fmt, max_lines=8))
    damaged = data.draw(damaged_files(original))
    it = awslogparse.iter_records(damaged.data, fmt, fields=original.fields, errors="collect")
    records = list(it)
    stats = it.stats
    assert stats.records == len(records)
    assert stats.lines == stats.records + stats.errors
    if damaged.records is not None:
        assert records == list(damaged.records)
    if damaged.bad_lines is not None:
        assert [e.line for e in it.errors] == list(damaged.bad_lines)
    batches = awslogparse.iter_batches(damaged.data, fmt, fields=original.fields,
                                       errors="collect")
    rows = sum(b.num_rows for b in batches)
    assert rows == len(records)
    assert [(e.line, e.reason) for e in batches.errors] == \
        [(e.line, e.reason) for e in it.errors]
    if damaged.text_bytes is not None:
        content = damaged.text_bytes.removeprefix(b"\xef\xbb\xbf")
        physical = content.count(b"\n") + (0 if content.endswith(b"\n") or not content else 1)
        assert stats.lines + stats.headers + stats.blank == physical


ELB_KEY_FORMATS = elb_key_formats()


def test_every_elb_log_has_a_key_layout() -> None:
    """Each registered format of the ELB family has its S3 key strategy."""
    elb = {name for name in awslogparse.formats()
           if registry.get(name).format().spec.family == "elb"}
    assert set(ELB_KEY_FORMATS) == elb


@pytest.mark.parametrize("fmt", ELB_KEY_FORMATS)
@per_format
@given(data=st.data())
def test_an_elb_key_names_its_format_and_no_other(fmt: str, data: st.DataObject) -> None:
    """Access, connection and health check logs share a folder and most of a file name: each
    key matches its own format's patterns only."""
    key = data.draw(elb_keys(fmt))
    assert [name for name in awslogparse.formats() if registry.get(name).matches_key(key)] \
        == [fmt]
    assert awslogparse.detect(key).format == fmt


@pytest.mark.parametrize("fmt", ELB_KEY_FORMATS)
@per_format
@given(data=st.data())
def test_an_elb_object_reads_as_its_format_by_key_and_content(fmt: str, data: st.DataObject
                                                              ) -> None:
    key, file = data.draw(elb_objects(fmt))
    read = awslogparse.iter_records(file.data, name=key)
    assert list(read) == list(file.records)
    assert read.stats.format == fmt
