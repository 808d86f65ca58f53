"""The whole-document Arrow path of JSON formats with a records key (``awslogparse.jsonstructs``,
msgspec's typed decoder) against the record-at-a-time reference path: one-line documents of
generated records, with an odd value anywhere, written compact or spaced, ASCII-escaped or
not, give the reference table (the path converts exactly or declines the document); the open
JSON it keeps as written is what ``json_text`` writes; samples take it; without msgspec the
column path reads the same documents. The formats follow the registry."""

from __future__ import annotations

import json
import sys
from typing import Any

import msgspec
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_json_columns import (
    FORMATS,
    GOLDEN,
    ROOT,
    _paths,
    _put,
    _valid_record,
    both_paths,
    odd_values,
)
from test_json_properties import _records_key

import awslogparse
from awslogparse import registry
from awslogparse.jsonstructs import DocumentBuilder, _json_texts
from awslogparse.jsontext import json_text
from awslogparse.testing.jsonrec import json_objects, json_records, json_wire, wire_styles

DOCUMENTS = [f for f in FORMATS if _records_key(f)]
per_format = settings(max_examples=max(4, settings().max_examples // max(1, len(DOCUMENTS))),
                      deadline=None)


def document(fmt: str, wires: list[dict[str, Any]], *, ascii: bool = False,
             spaced: bool = False) -> bytes:
    separators = (", ", ": ") if spaced else (",", ":")
    return json.dumps({_records_key(fmt): wires}, ensure_ascii=ascii,
                      separators=separators).encode() + b"\n"


def test_some_format_has_a_records_key() -> None:
    assert DOCUMENTS, "no JSON format has a records key: this file tests nothing"


@pytest.mark.parametrize("fmt", DOCUMENTS)
@per_format
@given(data=st.data())
def test_documents_give_the_reference_table(fmt: str, data: st.DataObject) -> None:
    """Generated records in one one-line document, sometimes with an odd value at any field's
    place: the same table and errors as record by record."""
    style = data.draw(wire_styles())
    records = data.draw(st.lists(json_records(fmt), max_size=4))
    wires = [json_wire(fmt, r, style) for r in records]
    odd = data.draw(st.booleans())
    if wires and odd:
        path, _ = data.draw(st.sampled_from(_paths(awslogparse.schema(fmt).fields)))
        _put(data.draw(st.sampled_from(wires)), path, data.draw(odd_values))
    raw = document(fmt, wires, ascii=data.draw(st.booleans()), spaced=data.draw(st.booleans()))
    both_paths(raw, fmt, with_source=data.draw(st.booleans()))


def _text_forms(value: Any) -> list[str]:
    """JSON texts of one value as writers spell it: compact or spaced, escaped or not."""
    return [json.dumps(value, ensure_ascii=a, separators=s)
            for a in (False, True) for s in ((",", ":"), (", ", ": "))]


@given(value=st.one_of(json_objects(), st.lists(json_objects(), max_size=2),
                       st.text(max_size=8), st.integers(-(2**70), 2**70),
                       st.floats(allow_nan=False, allow_infinity=False)))
@example(value={"k": -0.0})
@example(value={"path": "a/b", "q": "x\u00e9\u2028\x7f\x1f\b"})
def test_open_json_is_the_text_json_text_writes(value: Any) -> None:
    for text in _text_forms(value):
        raw = msgspec.json.decode(text.encode(), type=msgspec.Raw)
        (got,) = _json_texts([raw]).to_pylist()
        assert got == json_text(json.loads(text)), text


@pytest.mark.parametrize("text", ["-0", "1.0", "1e5", "1E+2", "1.50", '"a\\/b"', '"\\u00e9"',
                                  '"\\u001f"', '"\\b\\f\\n\\r\\t\\"\\\\"', '{"a" : [1 ,2]}',
                                  "[]", "{}", "true", '""'])
def test_open_json_spelt_another_way_is_written_again(text: str) -> None:
    raw = msgspec.json.decode(text.encode(), type=msgspec.Raw)
    assert _json_texts([raw, None]).to_pylist() == [json_text(json.loads(text)), None]


def test_a_repeated_key_is_kept_as_written() -> None:
    """The one known difference from the reference path (documented in jsonstructs and
    docs/json-logs.md): decoding keeps a repeated key's last value, text kept as written keeps
    both. RFC 8259 asks for unique names and AWS writes them so; checking would mean decoding
    every open object, which this path exists to avoid."""
    raw = msgspec.json.decode(b'{"a":1,"a":2}', type=msgspec.Raw)
    assert _json_texts([raw]).to_pylist() == ['{"a":1,"a":2}']
    assert json_text(json.loads('{"a":1,"a":2}')) == '{"a":2}'


def test_a_json_null_is_no_value() -> None:
    raw = msgspec.json.decode(b"null", type=msgspec.Raw)
    assert _json_texts([raw]).to_pylist() == [None]


def _built_documents(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the documents :class:`DocumentBuilder` turns into batches from now on."""
    built: list[int] = []
    original = DocumentBuilder.build

    def counting(self: DocumentBuilder, data: bytes, source: str = "") -> Any:
        made = original(self, data, source)
        if made is not None:
            built.append(made[1])
        return made
    monkeypatch.setattr(DocumentBuilder, "build", counting)
    return built


def test_samples_take_the_document_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sample of a format with a records key that reads without errors is read a whole
    document at a time, and reads to the reference table."""
    built = _built_documents(monkeypatch)
    taken = 0
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        with golden.open(encoding="utf-8") as lines:
            head = json.loads(next(lines))
        if head.get("format") not in DOCUMENTS:
            continue
        data = (ROOT / "samples" / head["path"]).read_bytes()
        before = len(built)
        table, errors, _, _ = both_paths(data, head["format"])
        if table.num_rows and not errors:
            assert sum(built[before:]) == table.num_rows, head["path"]
            taken += 1
    assert taken, "no sample of a format with a records key reads without errors"


def test_a_key_the_spec_does_not_know_declines_the_document(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    """``_extra`` is the reference path's: a document holding an unknown key is read as before,
    with that key kept."""
    fmt = DOCUMENTS[0]
    built = _built_documents(monkeypatch)
    wire = dict(_valid_record(fmt), zzNotInTheSpec={"a": 1})
    table, errors, _, _ = both_paths(document(fmt, [wire]), fmt)
    assert not built and not errors
    assert dict(table.column("_extra").to_pylist()[0]) == {"zzNotInTheSpec": '{"a":1}'}


def test_without_msgspec_documents_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    fmt = DOCUMENTS[0]
    raw = document(fmt, [_valid_record(fmt)] * 3)
    expected = awslogparse.read_arrow(raw, fmt)
    monkeypatch.setitem(sys.modules, "msgspec", None)
    monkeypatch.delitem(sys.modules, "awslogparse.jsonstructs")
    fresh = registry.get(fmt).format()
    monkeypatch.setattr(fresh, "_builders", {})
    assert fresh.arrow_document(expected.schema) is None
    assert awslogparse.read_arrow(raw, fmt).equals(expected)


@pytest.mark.parametrize("fmt", DOCUMENTS)
@pytest.mark.parametrize("shape", ['{{"zz":1,"{key}":[{r}]}}', '{{"{key}":[{r}],"zz":1}}',
                                   '{{"{key}":null}}', '{{}}', '[{r}]'])
def test_documents_of_other_shapes_are_read_as_before(fmt: str, shape: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Only ``{"Records": [...]}`` itself is taken whole: other keys around it, a records key
    that is no list, no records key, a bare array all go the reference way, and read as
    record by record."""
    built = _built_documents(monkeypatch)
    record = json.dumps(_valid_record(fmt), separators=(",", ":"))
    raw = shape.format(key=_records_key(fmt), r=record).encode() + b"\n"
    both_paths(raw, fmt, with_source=True)
    assert not built


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_a_repeated_records_key_loses_no_records(fmt: str, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    """``{"Records":[a],"zz":1,"Records":[b,c]}``: a decoder of the whole document keeps the
    last array only, so such a document is streamed, and every entry of every array is a
    record (numbered on), on every path: dicts decoded whole or streamed, and Arrow."""
    from awslogparse import framing

    key = _records_key(fmt)
    wires = [dict(_valid_record(fmt)) for _ in range(3)]
    for number, wire in enumerate(wires):
        wire["eventID"] = f"entry-{number}"
    text = (f'{{"{key}":[{json.dumps(wires[0])}],"zz":1,'
            f'"{key}":[{json.dumps(wires[1])},{json.dumps(wires[2])}]}}\n')

    def read() -> tuple[list[Any], list[Any]]:
        it = awslogparse.iter_records(text.encode(), fmt, errors="collect")
        return [r.get("eventID") for r in it], list(it.errors)

    monkeypatch.setattr(framing, "_fast_loads", lambda size=0: msgspec.json.decode)
    whole = read()
    monkeypatch.setattr(framing, "_fast_loads", lambda size=0: None)
    assert read() == whole == (["entry-0", "entry-1", "entry-2"], [])
    table, errors, _, _ = both_paths(text.encode(), fmt, with_source=True)
    assert not errors and table.num_rows == 3


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_records_lacking_always_present_keys(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A record needs one of the keys every record has: records that each lack some of them
    (never all) are taken whole; one that lacks them all declines the document, and the
    reference path names it. Both read as record by record."""
    from awslogparse.parsers.jsonrec import JsonFormat

    fmt_obj = registry.get(fmt).format()
    assert isinstance(fmt_obj, JsonFormat)
    always = fmt_obj._always
    assert len(always) > 1, "this test needs two always-present keys"
    record = _valid_record(fmt)
    # each lacks another one of them: no key is in every record, yet each has some
    lacking = [{k: v for k, v in record.items() if k != key} for key in always]
    none_of_them = {k: v for k, v in record.items() if k not in always}
    built = _built_documents(monkeypatch)
    table, errors, _, _ = both_paths(document(fmt, lacking), fmt)
    assert built == [len(always)] and table.num_rows == len(always) and not errors
    table, errors, _, _ = both_paths(document(fmt, [record, none_of_them]), fmt)
    assert built == [len(always)] and table.num_rows == 1 and len(errors) == 1


@pytest.mark.parametrize("fmt", DOCUMENTS)
def test_bytes_that_are_not_utf8_in_a_key_are_an_error_not_a_crash(fmt: str) -> None:
    """msgspec refuses bytes that are not UTF-8 inside a key with a UnicodeDecodeError, not its
    DecodeError: the document path declined neither, and read_arrow crashed. The reference
    path names the record (a damaged file's byte, as the damage strategies flip them)."""
    wire = _valid_record(fmt)
    key = next(iter(wire))
    raw = document(fmt, [wire, wire]).replace(json.dumps(key).encode(),
                                              json.dumps(key).encode()[:-2] + b'\xeb"', 1)
    table, errors, _, _ = both_paths(raw, fmt)
    assert table.num_rows == 1 and len(errors) == 1 and "UTF-8" in errors[0].reason
