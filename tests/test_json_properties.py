"""Property tests for the JSON record formats (every format of the ``json`` family the registry
knows) and for CloudWatch Logs payloads: generated files read to the generator's records through
``iter_records``, ``read_arrow`` and ``parse_line``, with counts that add up; damaged JSON never
crashes a read and loses nothing it does not count as an error.

Hypothesis examples are shared out per format, so the suite stays fast with any number of
formats (the ``ci`` profile raises the budget fivefold). Framing edge cases that were bugs once
are tests of their own at the end, each naming its input and what it must give.
"""

from __future__ import annotations

import base64
import functools
import gzip
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from budget import RELAXED as _RELAXED
from budget import shared_by
from hypothesis import given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse import framing, registry
from awslogparse.model import Field, FieldType, LineError, Record
from awslogparse.parsers.jsonrec import JsonFormat
from awslogparse.reader import ReadStats
from awslogparse.specs import load_spec
from awslogparse.testing._common import damaged_files, gzip_members
from awslogparse.testing.jsonrec import (
    ENVELOPE,
    CloudWatchPayload,
    JsonFile,
    cloudwatch_payloads,
    json_files,
    json_formats,
    json_records,
    json_wire,
    text_messages,
    wire_styles,
)

FORMATS = json_formats()
per_format = shared_by(FORMATS, 5)
"""Examples per format and test: the profile's budget shared across the formats."""
shared = settings(max_examples=max(5, settings().max_examples // 2),
                  suppress_health_check=_RELAXED)
"""Tests that are not per format: half the profile's budget."""


def _records_key(fmt: str) -> str:
    return load_spec(registry.get(fmt).spec_name).records_key


# ---- comparing Arrow rows with records


def _element(field: Field) -> Field:
    return replace(field, type=field.items or FieldType.STR, items=None)


def _from_arrow(field: Field, value: Any) -> Any:
    """An Arrow value as the record holds it: open JSON back from its text, recursively."""
    if value is None:
        return None
    if field.type is FieldType.JSON:
        return json.loads(value)
    if field.type is FieldType.STRUCT:
        return {c.name: _from_arrow(c, value[c.name]) for c in field.children}
    if field.type is FieldType.LIST:
        element = _element(field)
        return [_from_arrow(element, v) for v in value]
    return value


def _extra_matches(value: Any, text: str | None) -> bool:
    """An unknown key's value against its ``_extra`` text (nested values are JSON text)."""
    if isinstance(value, (dict, list)):
        return text is not None and json.loads(text) == value
    return text == str(value)


def assert_rows_match(table: Any, records: list[Record], fmt: str) -> None:
    """Every Arrow row holds its record: spec fields typed, unknown keys in ``_extra``."""
    schema = awslogparse.schema(fmt)
    rows = table.to_pylist()
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert {f.name: _from_arrow(f, row[f.name]) for f in schema} == \
            {f.name: record[f.name] for f in schema}
        extra = {k: v for k, v in record.items() if k not in schema}
        got = dict(row["_extra"] or [])
        assert got.keys() == extra.keys()
        assert all(_extra_matches(v, got[k]) for k, v in extra.items()), (extra, got)


# ---- reading damaged input


class Trickle(io.BytesIO):
    """A binary stream that reads ``size`` bytes at a time: values span many chunks."""

    def __init__(self, data: bytes, size: int) -> None:
        super().__init__(data)
        self.size = size

    def read(self, n: int | None = -1) -> bytes:
        return super().read(self.size if n is None or n < 0 else min(n, self.size))


def read_damaged(data: bytes, fmt: str, *, chunk: int | None = None
                 ) -> tuple[list[Record], list[LineError], ReadStats]:
    """Read with ``errors="collect"`` on both paths: nothing raises, every unit is a record
    or an error, every error says where it is, and Arrow agrees on the counts."""

    def source() -> Any:
        return data if chunk is None else Trickle(data, chunk)

    it = awslogparse.iter_records(source(), fmt, errors="collect")
    records = list(it)
    stats = it.stats
    assert stats.records == len(records)
    assert stats.records + stats.errors == stats.units, stats
    assert len(it.errors) == stats.errors
    for error in it.errors:
        assert error.pointer or error.line is not None, error
    arrow_errors: list[LineError] = []
    table = awslogparse.read_arrow(source(), fmt, errors="collect", error_list=arrow_errors)
    assert table.num_rows == len(records)
    assert [(e.pointer, e.reason) for e in arrow_errors] == \
        [(e.pointer, e.reason) for e in it.errors]
    return records, it.errors, stats


def _line(wire: dict[str, Any]) -> str:
    return json.dumps(wire, ensure_ascii=False)


def _simple(field: Field) -> Any:
    """A plain valid value of ``field`` (structs and lists filled in)."""
    kind = field.type
    if kind is FieldType.STRUCT:
        return {c.name: _simple(c) for c in field.children}
    if kind is FieldType.LIST:
        return [_simple(_element(field))]
    if kind is FieldType.JSON:
        return {"k": [1, "v", None]}
    if field.enum:
        return field.enum[0]
    simple = {FieldType.INT: 7, FieldType.FLOAT: 1.5, FieldType.BOOL: True,
              FieldType.IP: "10.1.2.3",
              FieldType.TIMESTAMP: datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC)}
    return simple.get(kind, 'text é " \\')


def _fixed_record(fmt: str) -> Record:
    """One valid record of ``fmt``, every field filled (the same on every call)."""
    return {f.name: _simple(f) for f in awslogparse.schema(fmt)}


def _fixed_line(fmt: str) -> str:
    return _line(json_wire(fmt, _fixed_record(fmt)))


def _good_records(fmt: str, count: tuple[int, int] = (1, 3)
                  ) -> st.SearchStrategy[list[tuple[Record, str]]]:
    """Records of ``fmt`` with their JSON text (one line each)."""
    pair = st.builds(lambda r, s: (r, _line(json_wire(fmt, r, s))), json_records(fmt),
                     wire_styles())
    return st.lists(pair, min_size=count[0], max_size=count[1])


# ---- the family module


def test_json_formats_are_the_registrys_json_record_formats() -> None:
    """The formats these tests cover are the JSON family's, seen three ways in the registry:
    the family module the spec names, the Format class it builds, and the spec's family. Formats
    of other families that read JSON (CloudFront v2's JSON and Parquet outputs) are not."""
    names = registry.formats()
    specs = {n: load_spec(registry.get(n).spec_name) for n in names}
    by_module = {n for n in names if specs[n].parser == JsonFormat.__module__
                 and not registry.get(n).format().value_is_container}
    by_class = {n for n in names if isinstance(registry.get(n).format(), JsonFormat)
                and not registry.get(n).format().value_is_container}
    by_family = {n for n in names if specs[n].family == "json"}
    assert set(FORMATS) == by_module == by_class == by_family
    assert ENVELOPE not in FORMATS
    assert registry.get(ENVELOPE).format().value_is_container
    others = {n for n in names if specs[n].framing != "lines"} - set(FORMATS) - {ENVELOPE}
    assert all(specs[n].parser != JsonFormat.__module__ for n in others)


# ---- every JSON format: generated files on every path


def _check_file(file: JsonFile) -> None:
    fmt = file.format
    it = awslogparse.iter_records(file.data, fmt)
    assert list(it) == list(file.records)
    stats = it.stats
    assert (stats.units, stats.records, stats.errors) == (file.units, file.units, 0)
    assert stats.containers == file.documents
    if file.records:  # an empty document says nothing about its format
        auto = awslogparse.iter_records(file.data)
        assert list(auto) == list(file.records)
        assert auto.stats.format == fmt, auto.stats.detected_by
    assert_rows_match(awslogparse.read_arrow(file.data, fmt), list(file.records), fmt)


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_files_read_to_the_generated_records_on_every_path(fmt: str, data: st.DataObject
                                                            ) -> None:
    """iter_records (format given and detected) and read_arrow give exactly the generated
    records; units, records, errors and documents add up."""
    _check_file(data.draw(json_files(fmt, member_cuts="anywhere")))


def read_as_promised(damage: Any, fmt: str) -> tuple[list[Any], list[Any]]:
    """The records and errors of a damaged file read with ``fmt``; where the damage pins its
    bad lines down, they are exactly the errors and the records exactly what is left."""
    it = awslogparse.iter_records(damage.data, fmt, errors="collect")
    records = list(it)
    assert it.stats.records == len(records)
    if damage.bad_lines is not None:
        assert [e.line for e in it.errors] == list(damage.bad_lines)
        assert records == list(damage.records or ())
    return records, list(it.errors)


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_damaged_files_report_exactly_the_errors_they_promise(fmt: str, data: st.DataObject
                                                             ) -> None:
    """damaged_files takes JSON files too: where it pins the bad lines down (a junk line, a cut
    object per line), they are exactly the errors and the records are exactly what is left;
    any damage reads without raising, iter_records and read_arrow agreeing."""
    file = data.draw(json_files(fmt))
    damage = data.draw(damaged_files(file))
    records, errors = read_as_promised(damage, fmt)
    if damage.bad_lines is not None:
        assert all(damage.reason_hint in e.reason for e in errors)
    assert awslogparse.read_arrow(damage.data, fmt, errors="collect").num_rows == len(records)


@pytest.mark.parametrize("kind", ["junk-line", "cut"])
@pytest.mark.parametrize("framing", ["documents", "ndjson"])
def test_damaged_json_files_apply_line_damage_where_it_is_exact(kind: str, framing: str
                                                                ) -> None:
    """A junk line applies to any JSON file, a cut only to one object per line (elsewhere it
    is not drawn, so asking for it alone is refused)."""
    fmt = next(f for f in FORMATS if bool(_records_key(f)) == (framing == "documents"))

    @settings(max_examples=10, database=None, suppress_health_check=_RELAXED)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        file = data.draw(json_files(fmt, framing=None if framing == "documents" else "ndjson",
                                    max_records=3).filter(lambda f: bool(f.records)))
        if kind == "cut" and framing == "documents":
            with pytest.raises(ValueError, match="applies"):
                data.draw(damaged_files(file, [kind]))
            return
        damage = data.draw(damaged_files(file, [kind]))
        it = awslogparse.iter_records(damage.data, fmt, errors="collect")
        assert list(it) == list(damage.records or ())
        assert [e.line for e in it.errors] == list(damage.bad_lines or ())
    check()


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_records_round_trip_as_lines(fmt: str, data: st.DataObject) -> None:
    """One record's JSON, as this module's serializer and as the library's writer write it,
    parses back to the record."""
    record = data.draw(json_records(fmt))
    wire = json_wire(fmt, record, data.draw(wire_styles()))
    line = json.dumps(wire, ensure_ascii=data.draw(st.booleans()))
    assert awslogparse.parse_line(line, fmt) == record
    assert awslogparse.parse_line(awslogparse.format_line(record, fmt), fmt) == record


# ---- CloudWatch Logs payloads


def _check_payload(payload: CloudWatchPayload) -> None:
    it = awslogparse.iter_records(payload.data, ENVELOPE)
    assert list(it) == list(payload.records)
    stats = it.stats
    assert (stats.units, stats.records, stats.errors) == (payload.units, payload.units, 0)
    assert (stats.containers, stats.skipped) == (payload.containers, payload.skipped)
    auto = awslogparse.iter_records(payload.data)
    assert list(auto) == list(payload.records)
    assert auto.stats.format == ENVELOPE
    table = awslogparse.read_arrow(payload.data, ENVELOPE)
    assert table.num_rows == len(payload.records)
    for name in ("log_group", "log_stream", "owner", "event_id", "event_timestamp", "message"):
        assert table.column(name).to_pylist() == [r.get(name) for r in payload.records]


@shared
@given(cloudwatch_payloads())
def test_cloudwatch_payloads_read_to_their_records(payload: CloudWatchPayload) -> None:
    """Envelopes of flow log lines, CloudTrail events and text, however delivered, give each
    log event's record (inner format plus CloudWatch context, or the generic record), with
    units, containers and skipped control messages counted."""
    _check_payload(payload)


@shared
@given(text_messages())
def test_text_messages_are_claimed_by_no_format(message: str) -> None:
    """Text events read as generic records only because no format claims them: detection,
    over every format the registry holds, finds none for their message (as the envelope asks
    it: without the trailing newline)."""
    found = registry.detect(None, message.rstrip("\n"))
    assert found.format is None, found.reason


@functools.cache
def _naming() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every format's log group and log stream naming patterns, from the specs."""
    return tuple((n, re.compile(p)) for n in registry.formats()
                 for spec in [load_spec(registry.get(n).spec_name)]
                 for p in (*spec.log_groups, *spec.log_streams))


@shared
@given(cloudwatch_payloads())
def test_text_streams_follow_no_formats_naming(payload: CloudWatchPayload) -> None:
    """The log groups and streams of generic records are named as no format's are (so the
    envelope routes them by content, which no format claims)."""
    for record in payload.records:
        if record["_format"] == ENVELOPE:
            for name, pattern in _naming():
                assert not pattern.search(record["log_group"]), (name, record["log_group"])
                assert not pattern.search(record["log_stream"]), (name, record["log_stream"])


# ---- damaged JSON: nothing raises, nothing is lost uncounted


def _lambda_event(data: Any) -> bytes:
    return json.dumps({"awslogs": {"data": data}}).encode()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


CORRUPT_LAMBDA = {
    "not base64": _lambda_event("!!!not base64!!!"),
    "bad padding": _lambda_event("H4sIAAAA="),
    "not a string": _lambda_event(5),
    "no data key": json.dumps({"awslogs": {"payload": "x"}}).encode(),
    "text, not gzip": _lambda_event(_b64(b"hello world")),
    "binary, not gzip": _lambda_event(_b64(b"\x00\xff\xfe\x89PNG\x1a")),
    "gzip of text": _lambda_event(_b64(gzip.compress(b"not json"))),
    "gzip of non-envelope JSON": _lambda_event(_b64(gzip.compress(b'{"a": 1}'))),
    "gzip then junk": _lambda_event(_b64(gzip.compress(b'{"a": 1}') + b"junk")),
}


@pytest.mark.parametrize("data", CORRUPT_LAMBDA.values(), ids=CORRUPT_LAMBDA.keys())
def test_lambda_event_with_corrupt_data_is_one_error(data: bytes) -> None:
    records, errors, stats = read_damaged(data, ENVELOPE)
    assert records == []
    assert len(errors) == 1
    assert errors[0].pointer.startswith("#1")
    assert stats.containers == 1


@shared
@given(data=st.data())
def test_lambda_event_with_cut_gzip_is_one_error(data: st.DataObject) -> None:
    """``awslogs.data`` holding a gzip stream cut short: the event is one error, pointed at."""
    payload = data.draw(cloudwatch_payloads(delivery="lambda"))
    packed = base64.b64decode(json.loads(payload.data)["awslogs"]["data"])
    cut = data.draw(st.integers(1, len(packed) - 1))
    records, errors, _ = read_damaged(_lambda_event(_b64(packed[:cut])), ENVELOPE)
    assert records == []
    assert [e.pointer for e in errors] == ["#1/awslogs/data"]


@shared
@given(data=st.data())
def test_lambda_event_with_a_flipped_base64_character(data: st.DataObject) -> None:
    """A changed character of ``awslogs.data``: every record, or one error (gzip headers
    carry no checksum, so some changes are harmless)."""
    payload = data.draw(cloudwatch_payloads(delivery="lambda"))
    text = json.loads(payload.data)["awslogs"]["data"]
    at = data.draw(st.integers(0, len(text) - 1))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=!"
    changed = data.draw(st.sampled_from(alphabet).filter(lambda c: c != text[at]))
    records, errors, _ = read_damaged(_lambda_event(text[:at] + changed + text[at + 1:]),
                                      ENVELOPE)
    assert (records, len(errors)) in ((list(payload.records), 0), ([], 1))


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_cut_gzip_files_give_a_prefix_and_an_error(fmt: str, data: st.DataObject) -> None:
    """A gzip file cut short (not at a member boundary): the records before the cut, then
    at least one error."""
    file = data.draw(json_files(fmt, compressed=True))
    cut = data.draw(st.integers(1, len(file.data) - 1).filter(
        lambda n: n not in file.member_offsets))
    records, errors, _ = read_damaged(file.data[:cut], fmt)
    assert records == list(file.records[:len(records)])
    assert errors


@shared
@given(data=st.data())
def test_cut_cloudwatch_gzip_members_give_a_prefix_and_an_error(data: st.DataObject) -> None:
    """Firehose's gzip members cut short: the records before the cut, then an error."""
    payload = data.draw(cloudwatch_payloads(delivery="gzip"))
    whole, offsets = gzip_members([json.dumps(e).encode() for e in payload.envelopes])
    cut = data.draw(st.integers(1, len(whole) - 1).filter(lambda n: n not in offsets))
    records, errors, _ = read_damaged(whole[:cut], ENVELOPE)
    assert records == list(payload.records[:len(records)])
    assert errors


NOT_CLOUDTRAIL: dict[str, Any] = {
    "a WAF-like record": {"timestamp": 1576280412771, "formatVersion": 1, "action": "ALLOW"},
    "a digest file": {"awsAccountId": "111122223333", "digestS3Bucket": "b", "logFiles": []},
    "an envelope": {"messageType": "DATA_MESSAGE", "logEvents": [{"id": "1", "message": "m"}]},
    "an empty object": {},
    "a list": [1, 2],
    "a string": "text",
    "a number": 42,
    "null": None,
}


@pytest.mark.parametrize("doc", NOT_CLOUDTRAIL.values(), ids=NOT_CLOUDTRAIL.keys())
def test_document_that_is_not_cloudtrail(doc: Any) -> None:
    """Read as ``cloudtrail``: one unit, either an error or a record keeping every key."""
    records, errors, stats = read_damaged(json.dumps(doc).encode(), "cloudtrail")
    assert stats.units == 1
    if records:
        assert isinstance(doc, dict)
        assert set(doc) <= set(records[0])
    else:
        assert errors[0].pointer == "#1"
        assert errors[0].raw


@pytest.mark.parametrize("value", [5, "x", {"a": 1}, None, True])
def test_records_key_that_is_no_array_loses_nothing(value: Any) -> None:
    """``{"Records": 5}``: one unit, and its content is kept (in a record or an error)."""
    records, errors, stats = read_damaged(json.dumps({"Records": value}).encode(),
                                          "cloudtrail")
    assert stats.units == 1
    if records:
        assert records[0]["Records"] == value
    else:
        assert "Records" in errors[0].raw


_JUNK = st.one_of(st.text(max_size=5), st.lists(st.integers(), max_size=2), st.integers(),
                  st.none(), st.booleans())


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_records_that_are_not_objects_are_errors_at_their_place(fmt: str,
                                                               data: st.DataObject) -> None:
    """Strings, lists, numbers among the records (array entries, or top-level values): each
    is one error pointing at it, every real record comes back."""
    good = data.draw(_good_records(fmt, (0, 3)))
    junk = data.draw(st.lists(_JUNK, min_size=1, max_size=3))
    units: list[tuple[Record | None, str]] = list(good)
    for value in junk:
        units.insert(data.draw(st.integers(0, len(units))), (None, json.dumps(value)))
    texts = [text for _, text in units]
    key = _records_key(fmt)
    source = f'{{"{key}":[{",".join(texts)}]}}' if key else "\n".join(texts)
    records, errors, _ = read_damaged(source.encode(), fmt)
    assert records == [record for record, _ in good]
    where = [i for i, (record, _) in enumerate(units) if record is None]
    assert [e.pointer for e in errors] == \
        [f"#1/{key}/{i}" if key else f"#{i + 1}" for i in where]


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_invalid_utf8_inside_a_string_never_crashes(fmt: str, data: st.DataObject) -> None:
    """Invalid UTF-8 in one record's string: that record is the one error (its raw text shows
    the bytes), every other record comes back, and nothing raises."""
    good = data.draw(_good_records(fmt, (0, 3)))
    bad = dict(data.draw(json_records(fmt)), zzNote="PLACEHOLDER")
    lines = [text for _, text in good]
    lines.insert(data.draw(st.integers(0, len(lines))), _line(json_wire(fmt, bad)))
    junk = data.draw(st.sampled_from((b"\xff", b"\xc3(", b"\xed\xa0\x80", b"a\x80b")))
    key = _records_key(fmt)
    text = f'{{"{key}":[{",".join(lines)}]}}' if key else "\n".join(lines)
    raw = text.encode().replace(b"PLACEHOLDER", junk)
    records, errors, _ = read_damaged(raw, fmt)
    assert records == [r for r, _ in good]
    assert len(errors) == 1 and "not UTF-8" in errors[0].reason and "\\x" in errors[0].raw


DEEP = 10_000


def _deep_inputs(good: str) -> dict[str, tuple[bytes, int]]:
    """Inputs nested 10,000 deep, and how many of the ``good`` records each must give."""
    return {
        "unclosed arrays": (b"[" * DEEP, 0),
        "closed arrays": (b"[" * DEEP + b"]" * DEEP, 0),
        "nested objects": (b'{"a":' * DEEP + b"1" + b"}" * DEEP, 0),
        "between good lines": (f"{good}\n{'[' * DEEP}\n{good}\n".encode(), 2),
        "in a field": (f'{good[:-1]},"zzDeep":{"[" * DEEP}{"]" * DEEP}}}\n{good}'.encode(), 1),
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", list(_deep_inputs("{}")))
def test_json_nested_10000_deep_is_an_error(fmt: str, case: str) -> None:
    good = _fixed_line(fmt)
    data, expected = _deep_inputs(good)[case]
    records, errors, _ = read_damaged(data, fmt)
    assert records == [_fixed_record(fmt)] * expected
    assert errors
    assert any("deep" in e.reason for e in errors), errors


def test_deep_entry_in_a_records_document_never_crashes() -> None:
    for fmt in (f for f in FORMATS if _records_key(f)):
        good, key = _fixed_line(fmt), _records_key(fmt)
        deep = "[" * DEEP + "]" * DEEP
        records, errors, _ = read_damaged(f'{{"{key}":[{good},{deep},{good}]}}'.encode(), fmt)
        assert records[:1] == [_fixed_record(fmt)]
        assert errors[0].pointer == f"#1/{key}/1"


LIMIT = 10_000
"""``MAX_VALUE`` in these tests. The reader calls ``json_values`` without ``limit``, whose
default was bound when framing was imported: patching ``framing.MAX_VALUE`` changes nothing,
so the tests patch ``framing.json_values``, which the reader looks up when it reads a JSON
source."""


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_value_over_the_limit_is_an_error_and_ends_the_source(fmt: str,
                                                              data: st.DataObject) -> None:
    """A record far over the limit, read in small chunks: the records before it, then one
    error saying so (the rest of the source is not read, by design)."""
    before = data.draw(_good_records(fmt, (0, 2)))
    after = data.draw(_good_records(fmt, (0, 2)))
    huge = _line(json_wire(fmt, dict(data.draw(json_records(fmt)), zzHuge="x" * 30 * LIMIT)))
    texts = [t for _, t in before] + [huge] + [t for _, t in after]
    key = _records_key(fmt)
    source = f'{{"{key}":[{",".join(texts)}]}}' if key else "\n".join(texts)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(framing, "json_values",
                      functools.partial(framing.json_values, limit=LIMIT))
        records, errors, _ = read_damaged(source.encode(), fmt, chunk=4096)
    assert records == [r for r, _ in before]
    assert len(errors) == 1
    assert f"over {LIMIT:,} characters" in errors[0].reason


BAD_LINES = ("not json", "{", "[1,", '{"a":', "}", "nul", '{"eventTime": }', "\x00junk",
             '"a string"', "[1]", "{'single': 'quotes'}")


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_ndjson_with_one_bad_line_gives_every_good_record(fmt: str, data: st.DataObject
                                                         ) -> None:
    """One object per line (bare records, for formats with a records key too), one line bad:
    every good record comes back, and one error names the bad line."""
    good = data.draw(_good_records(fmt, (1, 4)))
    at = data.draw(st.integers(0, len(good)))
    lines = [text for _, text in good]
    lines.insert(at, data.draw(st.sampled_from(BAD_LINES)))
    raw = ("\n".join(lines) + data.draw(st.sampled_from(("", "\n")))).encode()
    if data.draw(st.booleans()):
        raw = gzip.compress(raw, mtime=0)
    records, errors, _ = read_damaged(raw, fmt)
    assert records == [r for r, _ in good]
    assert [(e.line, e.pointer) for e in errors] == [(at + 1, f"#{at + 1}")]


DAMAGED_ENVELOPES = {
    "logEvents not a list": ({"logGroup": "g", "logStream": "s", "logEvents": 5}, "#1"),
    "an event that is text": ({"logGroup": "g", "logStream": "s", "logEvents": ["x"]},
                              "#1/logEvents/0"),
    "a message that is a number": (
        {"logGroup": "g", "logStream": "s", "logEvents": [{"id": "1", "message": 5}]},
        "#1/logEvents/0"),
    "a bad event timestamp": (
        {"logGroup": "g", "logStream": "s",
         "logEvents": [{"id": "1", "timestamp": "soon", "message": "m"}]}, "#1/logEvents/0"),
    "a list, not an envelope": ([{"logEvents": []}], "#1"),
}


@pytest.mark.parametrize(("envelope", "pointer"), DAMAGED_ENVELOPES.values(),
                         ids=DAMAGED_ENVELOPES.keys())
def test_damaged_envelopes_are_errors_at_their_place(envelope: Any, pointer: str) -> None:
    records, errors, _ = read_damaged(json.dumps(envelope).encode(), ENVELOPE)
    assert records == []
    assert [e.pointer for e in errors] == [pointer]


# ---- framing edge cases (each was a bug once; the input says what it takes)


def _split_everywhere(text: str) -> Iterator[list[bytes]]:
    data = text.encode()
    for cut in range(1, len(data)):
        yield [data[:cut], data[cut:]]


def test_a_chunk_boundary_anywhere_in_a_value_is_harmless() -> None:
    text = '{"a":true,"b":false,"c":null,"d":-1.5e+3,"e":"\\u00e9"}'
    failed = [chunks[0][-6:] for chunks in _split_everywhere(text)
              if any(isinstance(v, framing.Failure) for v in framing.json_values(iter(chunks)))]
    assert failed == []


def test_invalid_utf8_loses_only_its_own_record() -> None:
    fmt = FORMATS[0]
    good = _fixed_line(fmt)
    bad = json.dumps({"zzNote": "PLACEHOLDER"}).encode().replace(b"PLACEHOLDER", b"\xff")
    it = awslogparse.iter_records(good.encode() + b"\n" + bad + b"\n" + good.encode(), fmt,
                                  errors="collect")
    assert list(it) == [_fixed_record(fmt)] * 2
    assert [e.line for e in it.errors] == [2]


@pytest.mark.parametrize("tail", ["," + "[" * DEEP + "]" * DEEP, ',{"a":tru}', ' {"a":1}'],
                         ids=["nested too deep", "not JSON", "no comma"])
def test_a_bad_records_entry_is_one_error(tail: str) -> None:
    good = _fixed_line("cloudtrail")
    it = awslogparse.iter_records(f'{{"Records":[{good}{tail}]}}'.encode(), "cloudtrail",
                                  errors="collect")
    assert list(it) == [_fixed_record("cloudtrail")]
    assert [e.pointer for e in it.errors] == ["#1/Records/1"]


def test_records_key_holding_no_array_is_an_error() -> None:
    it = awslogparse.iter_records(b'{"Records": 5}', "cloudtrail", errors="collect")
    assert list(it) == []
    assert [e.pointer for e in it.errors] == ["#1"]


def test_read_arrow_survives_json_fields_at_any_depth() -> None:
    head = _fixed_line("cloudtrail")[:-1]
    crashed = []
    for depth in range(600, sys.getrecursionlimit() + 10):
        nested = "[" * depth + "]" * depth
        text = (head + ',"userIdentity":{"sessionContext":{"webIdFederationData":'
                '{"attributes":' + nested + "}}}}")
        try:
            awslogparse.read_arrow(text.encode(), "cloudtrail", errors="collect")
        except RecursionError:
            crashed.append(depth)
    assert crashed == []


def test_value_just_over_the_limit_is_an_error() -> None:
    fmt = FORMATS[0]
    value = _line(json_wire(fmt, dict(_fixed_record(fmt), zzHuge="x" * 3 * LIMIT)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(framing, "json_values",
                      functools.partial(framing.json_values, limit=LIMIT))
        it = awslogparse.iter_records(Trickle(value.encode(), 4096), fmt, errors="collect")
        assert list(it) == []
        assert len(it.errors) == 1


def test_whole_document_decoding_gives_what_streaming_gives(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With msgspec installed (the ``fast`` extra) a small one-line CloudTrail file is decoded
    whole; without it, or for anything msgspec refuses, the streaming framer reads it: the
    records, errors and counts are the same either way (also for integers beyond 64 bits,
    which orjson would have made floats, and for what only the standard library reads)."""
    msgspec = pytest.importorskip("msgspec")
    samples = Path(__file__).resolve().parent.parent / "samples"
    files = sorted(samples.glob("AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz"))
    assert files
    good = _fixed_line("cloudtrail")
    damaged = [f'{{"Records":[{good},"not a record",{good}]}}'.encode(),
               f'{{"Records":[{good},{{"eventTime":"x"}}]}}'.encode(),
               f'{{"Records":[{good}]}} trailing'.encode(),
               f'{{"Records":[{good},{{"zz":"BAD"}}]}}'.encode().replace(b"BAD", b"\xff"),
               f'{{"Records":[{good[:-1]},"zz":[18446744073709551616,-9223372036854775809]}}]}}'
               .encode(),
               f'{{"Records":[{good[:-1]},"zz":[NaN,1e999]}}]}}'.encode(),
               f'{{"Records":[{good[:-1]},"zz":"\\ud800"}},{good}]}}'.encode()]

    def read(source: Any) -> tuple[list[Any], list[Any], Any]:
        it = awslogparse.iter_records(source, "cloudtrail", errors="collect")
        records = list(it)
        return records, [(e.pointer, e.reason, e.raw) for e in it.errors], it.stats.as_dict()

    monkeypatch.setattr(framing, "_fast_loads", lambda size=0: msgspec.json.decode)
    fast = [read(source) for source in [*files, *damaged]]
    monkeypatch.setattr(framing, "_fast_loads", lambda size=0: None)
    slow = [read(source) for source in [*files, *damaged]]
    assert fast == slow
    assert [stats["records"] for _, _, stats in fast][len(files):] == [2, 1, 1, 1, 1, 1, 1]
    assert fast[-3][0][0]["zz"] == [18446744073709551616, -9223372036854775809]
    assert all(stats["records"] for _, _, stats in fast)
    # a lone surrogate is no Unicode text: that record is an error either way
    assert [reason for _, reason, _ in fast[-1][1]] == [
        "zz: \\ud800 is a lone surrogate, no Unicode character (UTF-8 and Arrow cannot hold it)"]


@pytest.mark.parametrize("unit", ["ms", "s"])
@given(value=st.one_of(st.none(), st.integers(), st.booleans(),
                       st.floats(allow_nan=True), st.sampled_from(["-", "", "12", "1.5", "x"]),
                       st.text(max_size=4)))
def test_epoch_times_convert_as_the_general_converter_does(unit: str, value: Any) -> None:
    """An epoch field's converter takes a JSON integer in one call: the value, or the error,
    is the general converter's for every JSON value (null markers, text, floats, booleans,
    integers beyond datetime's range)."""
    from awslogparse.parsers.jsonrec import converter, scalar

    field = Field(name="t", wire_name="t", type=FieldType.TIMESTAMP, unit=unit, nulls=("-",))

    def outcome(convert: Any) -> Any:
        try:
            return convert(value)
        except ValueError as exc:
            return f"{type(exc).__name__}: {exc}"

    general = scalar(field, "t")
    expected = None if value is None or value == "-" else outcome(general)
    assert outcome(converter(field, "t")) == expected


_JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                          st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=8))
_JSON_VALUES = st.recursive(_JSON_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=8)


@given(values=st.one_of(st.dictionaries(st.text(max_size=4), _JSON_VALUES, max_size=4)
                        .map(lambda one: [one]),
                        st.lists(_JSON_VALUES, min_size=1, max_size=3)),
       gaps=st.lists(st.sampled_from(["", " ", "\n", "\r\n", "\n\n  "]), min_size=4,
                     max_size=4),
       damage=st.sampled_from([b"", b"\xff", b"NaN", b"}", b'{"a": 1e999}', b'"\\ud800"']))
def test_a_source_of_one_object_taken_whole_frames_as_streaming_does(
        values: list[Any], gaps: list[str], damage: bytes) -> None:
    """A small source that is one JSON object (a Lambda payload) is decoded at once by msgspec
    where it is worth it; anything else (several values, a value msgspec refuses, bad bytes)
    goes to the streaming framer: the units, pointers, lines and failures are the same."""
    msgspec = pytest.importorskip("msgspec")
    text = gaps[0] + gaps[1].join(json.dumps(v) for v in values) + gaps[2]
    source = text.encode() + damage + gaps[3].encode()

    def frame(loads: Any) -> list[Any]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(framing, "_fast_loads", lambda size=0: loads)
            return list(framing.json_values(iter([source[:7], source[7:]])))

    assert frame(msgspec.json.decode) == frame(None)
