"""Property tests for API Gateway logs: random access log templates built from the spec's
variable table, with random values, read back typed through ``parse_line``, ``iter_records`` and
both Arrow paths; AWS's presets read with and without naming them; damaged lines are errors
(never crashes) and every line is a record or an error; malformed templates are errors naming
a column; execution log lines round-trip.

Hypothesis examples are shared out per format of the API Gateway family (the ``ci`` profile
raises the budget fivefold).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from budget import RELAXED as _RELAXED
from budget import shared_by
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse.model import LineError, Record
from awslogparse.parsers.apigateway_template import TemplateError, parse_template
from awslogparse.specs import load_spec
from awslogparse.testing import damaged_files
from awslogparse.testing.gateway import (
    GATEWAY_ACCESS,
    GATEWAY_EXECUTION,
    AccessFile,
    AccessTemplate,
    access_files,
    access_line_damage,
    access_preset,
    access_presets,
    access_records,
    access_templates,
    execution_records,
    gateway_formats,
    render_access_line,
    render_execution_line,
)

FORMATS = gateway_formats()
per_format = shared_by(FORMATS, 5)
"""Examples per test: the profile's budget shared across the formats of the family."""
SPEC = load_spec(GATEWAY_ACCESS)
SCHEMA = awslogparse.schema(GATEWAY_ACCESS)


def test_the_family_has_both_formats() -> None:
    assert {GATEWAY_ACCESS, GATEWAY_EXECUTION} <= set(FORMATS)


# ---- access logs: generated templates


@per_format
@given(st.data())
def test_lines_of_a_template_read_to_their_values(data: st.DataObject) -> None:
    template = data.draw(access_templates())
    records = data.draw(st.lists(access_records(template), min_size=1, max_size=4))
    for record in records:
        line = render_access_line(template, record)
        assert awslogparse.parse_line(line, GATEWAY_ACCESS, fields=template.text) == record
        # the library's writer gives a line that reads back the same
        written = awslogparse.format_line(record, GATEWAY_ACCESS, fields=template.text)
        assert awslogparse.parse_line(written, GATEWAY_ACCESS, fields=template.text) == record


_REQUEST_IDS = ("$context.requestId", "$context.extendedRequestId")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@per_format
@given(st.data())
def test_templates_hold_a_request_id_that_every_line_has(data: st.DataObject) -> None:
    """AWS refuses an access log format without ``$context.requestId`` or
    ``$context.extendedRequestId`` (set-up-access-logging.html, cited by the spec) and writes
    one on every request: a drawn template holds one, and no record lacks its value; a
    ``requestId`` is a UUID (API Gateway replaces a caller's id that is not one)."""
    template = data.draw(access_templates())
    ids = [slot for slot in template.slots if slot.variable in _REQUEST_IDS]
    assert ids, template.text
    for record in data.draw(st.lists(access_records(template), min_size=1, max_size=4)):
        for slot in ids:
            assert record[slot.name] is not None, (template.text, slot.name)
            if slot.variable == "$context.requestId":
                assert _UUID.fullmatch(record[slot.name]), record[slot.name]


def _rows_match(table: Any, records: list[Record]) -> None:
    """Known variables in their typed columns, the others in ``_extra`` as text."""
    rows = table.to_pylist()
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        extra = dict(row.get("_extra") or [])
        for name, value in record.items():
            if name in SCHEMA:
                assert row[name] == value, name
            elif value is not None:
                assert extra[name] == value, name


@per_format
@given(access_files())
def test_files_read_on_every_path(file: AccessFile) -> None:
    it = awslogparse.iter_records(file.data, GATEWAY_ACCESS, fields=file.fields,
                                  errors="collect")
    assert list(it) == list(file.records)
    assert (it.stats.records, it.stats.errors, it.stats.lines) == (file.data_lines, 0,
                                                                    file.data_lines)
    for fast in (True, False):
        table = awslogparse.read_arrow(file.data, GATEWAY_ACCESS, fields=file.fields, fast=fast)
        _rows_match(table, list(file.records))


@per_format
@given(st.data())
def test_damaged_files_lose_no_line(data: st.DataObject) -> None:
    file = data.draw(access_files())
    damaged = data.draw(damaged_files(file, line_damage=access_line_damage(file),
                                      junk_hint="NUL"))
    it = awslogparse.iter_records(damaged.data, GATEWAY_ACCESS, fields=file.fields,
                                  errors="collect")
    records = list(it)
    stats = it.stats
    assert stats.records == len(records)
    assert stats.records + stats.errors == stats.lines
    assert all(isinstance(e, LineError) and e.line is not None for e in it.errors)
    if damaged.bad_lines is not None:
        assert [e.line for e in it.errors] == list(damaged.bad_lines)
        assert all(damaged.reason_hint in e.reason for e in it.errors), it.errors
    if damaged.records is not None:
        assert records == list(damaged.records)
    errors: list[LineError] = []
    table = awslogparse.read_arrow(damaged.data, GATEWAY_ACCESS, fields=file.fields,
                                   errors="collect", error_list=errors)
    assert table.num_rows == len(records)
    assert [(e.line, e.reason) for e in errors] == [(e.line, e.reason) for e in it.errors]


# ---- access logs: AWS's presets


def _preset_lines(data: st.DataObject, name: str) -> tuple[AccessTemplate, list[Record],
                                                           list[str]]:
    template = access_preset(name)
    records = data.draw(st.lists(access_records(template), min_size=1, max_size=4))
    return template, records, [render_access_line(template, r) for r in records]


@per_format
@given(st.data())
def test_presets_read_by_name_and_by_text(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(access_presets()))
    template, records, lines = _preset_lines(data, name)
    for line, record in zip(lines, records, strict=True):
        assert awslogparse.parse_line(line, GATEWAY_ACCESS, fields=name) == record
        assert awslogparse.parse_line(line, GATEWAY_ACCESS, fields=template.text) == record


@per_format
@given(st.data())
def test_default_presets_and_json_lines_read_without_a_template(data: st.DataObject) -> None:
    """The text presets the spec lists as defaults, and any JSON preset (by its keys)."""
    json_presets = [n for n in access_presets() if access_preset(n).kind == "json"]
    name = data.draw(st.sampled_from([*SPEC.default_templates, *json_presets]))
    _, records, lines = _preset_lines(data, name)
    text = "".join(line + "\n" for line in lines)
    it = awslogparse.iter_records(text.encode(), GATEWAY_ACCESS, errors="collect")
    assert list(it) == records
    assert not it.errors


# ---- templates


_PIECES = st.sampled_from(("$context.", "$context.status", "${context.requestId}", "${context.",
                           '"', "{", "}", "[", "]", ":", ",", " ", "$", "$input.body", "x",
                           '"k":', "$context..x", "\\", "'"))


@settings(max_examples=max(5, settings().max_examples // 2), suppress_health_check=_RELAXED)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_any_template_text_parses_or_names_a_column(text: str) -> None:
    try:
        template = parse_template(text)
    except TemplateError as exc:
        assert 1 <= exc.column <= len(text) + 1, (exc.column, text)
        assert f"column {exc.column}" in exc.reason
        return
    assert template.variables


@per_format
@given(st.data())
def test_a_broken_reference_in_a_template_is_named_where_it_is(data: st.DataObject) -> None:
    template = data.draw(access_templates(kind="text"))
    text = template.text
    at = data.draw(st.integers(0, len(text)))
    assume(at == 0 or (text[at - 1] not in "$.{" and not text[at - 1].isalnum()))
    broken = data.draw(st.sampled_from(("$context.", "$context", "${context.status",
                                        "$input.body")))
    spoilt = text[:at] + broken + " " + text[at:]
    with pytest.raises(TemplateError) as info:
        parse_template(spoilt)
    assert info.value.column == at + 1, (spoilt, info.value.reason)


# ---- execution logs


@per_format
@given(st.lists(execution_records(), min_size=1, max_size=5))
def test_execution_lines_round_trip(records: list[Record]) -> None:
    text = "".join(render_execution_line(r) + "\n" for r in records)
    it = awslogparse.iter_records(text.encode(), GATEWAY_EXECUTION, errors="collect")
    assert list(it) == records
    for record in records:
        line = awslogparse.format_line(record, GATEWAY_EXECUTION)
        assert awslogparse.parse_line(line, GATEWAY_EXECUTION) == record


@per_format
@given(st.text(max_size=40).filter(lambda s: "\n" not in s and "\r" not in s))
def test_execution_lines_without_a_request_id_are_errors(message: str) -> None:
    assume(not (message.startswith("(") and ") " in message))
    assume(message.strip())
    with pytest.raises(awslogparse.ParseError):
        awslogparse.parse_line(message, GATEWAY_EXECUTION)


def test_damaged_json_is_text_when_a_bare_variable_is_null() -> None:
    """(A fixed case beside the generated ones: a bare variable AWS writes as ``-``.)"""
    template = '{"id":"$context.requestId","latency":$context.responseLatency}'
    record = awslogparse.parse_line('{"id":"a","latency":-}', GATEWAY_ACCESS, fields=template)
    assert record == {"request_id": "a", "response_latency": None}
    assert json.loads('{"id":"a","latency":7}')["latency"] == 7
