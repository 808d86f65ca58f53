"""The column-at-a-time Arrow path of JSON record formats (``awslogparse.jsoncolumns``) against
the record-at-a-time reference path: the same table and the same errors for generated files,
and for records with one value of any JSON type put anywhere (where the fast path must decline
the batch, never decide otherwise). The formats follow the registry."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from extraview import extra_view
from hypothesis import given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse import registry
from awslogparse.framing import Value, json_values
from awslogparse.model import Field, FieldType, LineError
from awslogparse.testing.jsonrec import (
    json_files,
    json_formats,
    json_objects,
    json_records,
    json_wire,
    wire_styles,
)

FORMATS = json_formats()
ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
per_format = settings(max_examples=max(4, settings().max_examples // len(FORMATS)),
                      deadline=None)


def both_paths(data: bytes, fmt: str, *, with_source: bool = False
               ) -> tuple[pa.Table, list[LineError], int, int]:
    """Read ``data`` on the fast path and on the reference path; they must give equal tables
    and errors. Returns the table, the errors and the fast path's fast and slow batch counts."""
    fast_errors: list[LineError] = []
    slow_errors: list[LineError] = []
    fast_iter = awslogparse.iter_batches(data, fmt, errors="collect", with_source=with_source)
    fast_batches = list(fast_iter)
    fast_errors = list(fast_iter.errors)
    slow = awslogparse.read_arrow(data, fmt, errors="collect", error_list=slow_errors,
                                  fast=False, with_source=with_source)
    fast = pa.Table.from_batches(fast_batches, schema=slow.schema)
    assert fast.equals(slow), _first_difference(fast, slow)
    assert [(e.line, e.pointer, e.reason, e.raw) for e in fast_errors] == \
        [(e.line, e.pointer, e.reason, e.raw) for e in slow_errors]
    stats = fast_iter.stats
    assert stats.records + stats.errors == stats.units
    return fast, fast_errors, fast_iter.fast_blocks, fast_iter.slow_blocks


def _first_difference(fast: pa.Table, slow: pa.Table) -> str:
    if fast.num_rows != slow.num_rows:
        return f"fast {fast.num_rows} rows, reference {slow.num_rows}"
    for name in slow.column_names:
        if not fast[name].equals(slow[name]):
            a, b = fast[name].to_pylist(), slow[name].to_pylist()
            row = next(i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
            return f"column {name}, row {row}: fast {a[row]!r}, reference {b[row]!r}"
    return "schemas differ"


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_generated_files_give_the_reference_table(fmt: str, data: st.DataObject) -> None:
    file = data.draw(json_files(fmt))
    both_paths(file.data, fmt, with_source=data.draw(st.booleans()))


ODD_TEXT = ["", "-", "true", "1", "1.5", "2024-05-01T12:00:00", "20240501T120000Z",
            "2024-05-01T24:00:00Z", "2024-05-01T23:59:60Z", "2024-05-01T12:00:00.1234567Z",
            "2024-05-01T12:00:00+24:00", "2024-02-30T00:00:00Z", "2024-05-01 12:00:00Z",
            "2024-05-01T12:00:00-00:00", "1714564800", "1714564800000"]
odd_values = st.one_of(
    st.sampled_from(ODD_TEXT), st.booleans(), st.integers(-(2**65), 2**65),
    st.sampled_from([0, 1, -1, 2**31, 2**32, 2**63 - 1, 1.0, 1.5, -0.0, 1e300]),
    st.floats(allow_nan=False, allow_infinity=False), st.lists(st.integers(), max_size=2),
    st.lists(st.text(max_size=3), max_size=2), json_objects(), st.none())
"""Values of every JSON type, and text in forms the reference path reads (or refuses) that
the fast path must not read differently."""


def _paths(fields: tuple[Field, ...], prefix: tuple[str, ...] = ()
           ) -> list[tuple[tuple[str, ...], Field]]:
    """Every field and struct child, with its wire path."""
    out = []
    for f in fields:
        path = (*prefix, f.wire_name)
        out.append((path, f))
        if f.type is FieldType.STRUCT:
            out += _paths(f.children, path)
    return out


def _put(obj: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        inner = obj.get(key)
        if not isinstance(inner, dict):
            inner = obj[key] = {}
        obj = inner
    obj[path[-1]] = value


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_any_value_anywhere_gives_the_reference_table(fmt: str, data: st.DataObject) -> None:
    """One odd value at a field's place (top level or inside a struct) in some records of a
    batch: the fast path either converts it exactly as the reference does or hands the batch
    to the reference path, which types it or names the error."""
    style = data.draw(wire_styles())
    records = data.draw(st.lists(json_records(fmt), min_size=1, max_size=4))
    wires = [json_wire(fmt, r, style) for r in records]
    path, _ = data.draw(st.sampled_from(_paths(awslogparse.schema(fmt).fields)))
    value = data.draw(odd_values)
    for wire in data.draw(st.lists(st.sampled_from(wires), min_size=1, max_size=2)):
        _put(wire, path, value)
    text = "\n".join(json.dumps(w, ensure_ascii=False) for w in wires) + "\n"
    both_paths(text.encode(), fmt, with_source=True)


def test_odd_values_at_the_top_level_are_each_declined_or_exact() -> None:
    """Every odd value at every top-level field of every JSON format, one at a time in a valid
    record (a deterministic sweep beside the random one above): where the column builder
    accepts the record, the reference path reads it to the same row, without an error."""
    for fmt in FORMATS:
        base = _valid_record(fmt)
        target = awslogparse.read_arrow((json.dumps(base) + "\n").encode(), fmt,
                                        fast=False).schema
        builder = registry.get(fmt).format().arrow_columns(target)
        for field in awslogparse.schema(fmt).fields:
            for value in [*ODD_TEXT, True, 1, 1.5, 2**40, 2**64, [], ["a"], {"k": 1}]:
                wire = {**base, field.wire_name: value}
                batch = builder.build([wire])
                if batch is None:
                    continue
                errors: list[LineError] = []
                slow = awslogparse.read_arrow((json.dumps(wire) + "\n").encode(), fmt,
                                              fast=False, errors="collect", error_list=errors)
                fast = pa.Table.from_batches([batch])
                assert not errors and fast.equals(slow), \
                    (fmt, field.name, value, _first_difference(fast, slow), errors)


def _valid_record(fmt: str) -> dict[str, Any]:
    """The first record of the format's first sample, as AWS wrote it (its wire JSON), or a
    generated one for a format whose samples arrive only inside CloudWatch Logs payloads."""
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        with golden.open(encoding="utf-8") as lines:
            head = json.loads(next(lines))
        if head.get("format") != fmt:
            continue
        data = (ROOT / "samples" / head["path"]).read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        spec = registry.get(fmt).format().spec
        for unit in json_values(iter([data]), spec.records_key):
            if isinstance(unit, Value) and isinstance(unit.value, dict):
                return unit.value
    from hypothesis import Phase, find

    first = settings(phases=[Phase.generate], database=None)  # (no shrinking: any will do)
    return json_wire(fmt, find(json_records(fmt, nulls=False), lambda record: True,
                               settings=first))


def test_samples_take_the_fast_path() -> None:
    """The fast path is taken for AWS-shaped files, not only declined: every sample of a JSON
    format (as the golden outputs name them) reads to the reference table, and those that read
    without errors read with column-built batches only (a batch holding a bad record goes to
    the reference path, which names the error)."""
    clean: dict[str, list[int]] = {}
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        with golden.open(encoding="utf-8") as lines:
            head = json.loads(next(lines))
        fmt = head.get("format")
        if fmt not in FORMATS:
            continue
        data = (ROOT / "samples" / head["path"]).read_bytes()
        table, errors, fast, slow = both_paths(data, fmt)
        if table.num_rows and not errors:
            clean.setdefault(fmt, []).append(slow)
            assert fast and not slow, (head["path"], fast, slow)
    assert clean, "no golden sample of a JSON record format reads without errors"


def _object_paths(fields: tuple[Field, ...], prefix: tuple[Any, ...] = ()
                  ) -> list[tuple[Any, ...]]:
    """The wire path of every fixed-shape object (a list of objects: its first element)."""
    out: list[tuple[Any, ...]] = []
    for f in fields:
        if f.type is FieldType.STRUCT:
            out.append((*prefix, f.wire_name))
            out += _object_paths(f.children, (*prefix, f.wire_name))
        elif f.type is FieldType.LIST and f.items is FieldType.STRUCT:
            out.append((*prefix, f.wire_name, 0))
            out += _object_paths(f.children, (*prefix, f.wire_name, 0))
    return out


def _object_at(obj: Any, path: tuple[Any, ...]) -> dict[str, Any] | None:
    """The object at ``path`` in a record, made where it is missing (None: a value of another
    kind is in the way)."""
    for step, after in zip(path, (*path[1:], None), strict=True):
        if isinstance(step, int):  # a list's first element
            if not isinstance(obj, list):
                return None
            if not obj:
                obj.append({})
            obj = obj[0]
            continue
        if not isinstance(obj, dict):
            return None
        if obj.get(step) is None:
            obj[step] = [] if isinstance(after, int) else {}
        obj = obj[step]
    return obj if isinstance(obj, dict) else None


def _found_at(obj: Any, path: tuple[Any, ...]) -> dict[str, Any] | None:
    """The object at ``path`` in a record, if there is one (nothing is made)."""
    for step in path:
        if isinstance(step, int):
            obj = obj[0] if isinstance(obj, list) and obj else None
        else:
            obj = obj.get(step) if isinstance(obj, dict) else None
    return obj if isinstance(obj, dict) else None


OBJECT_FORMATS = [f for f in FORMATS if _object_paths(awslogparse.schema(f).fields)]


@pytest.mark.parametrize("fmt", OBJECT_FORMATS)
@per_format
@given(data=st.data())
def test_undeclared_keys_inside_objects_reach_extra_on_every_path(
        fmt: str, data: st.DataObject) -> None:
    """AWS adds keys to its objects (``userIdentity``, WAF's ``httpRequest``) without notice:
    the dict keeps such a key where it was written, and Arrow, whose structs hold declared
    children only, keeps it in ``_extra`` under its path (``userIdentity.newKey``,
    ``resources[0].newKey``), on the column path, the reference path and (for a one-line
    document of records) msgspec's."""
    records = data.draw(st.lists(json_records(fmt, nulls=False), min_size=1, max_size=3))
    style = data.draw(wire_styles())
    wires = [json_wire(fmt, r, style) for r in records]
    path = data.draw(st.sampled_from(_object_paths(awslogparse.schema(fmt).fields)))
    key = "zz" + data.draw(st.text("abcXYZ", min_size=1, max_size=4))
    value = data.draw(st.one_of(st.text(max_size=5), st.integers(-5, 5), json_objects()))
    touched = data.draw(st.sets(st.sampled_from(range(len(wires))), min_size=1))
    for index in touched:
        found = _object_at(wires[index], path)
        if found is not None:
            found[key] = value
    spec = registry.get(fmt).format().spec
    texts = ["\n".join(json.dumps(w) for w in wires) + "\n"]
    if spec.records_key:  # one line holding every record, as CloudTrail writes a log file
        texts.append(json.dumps({spec.records_key: wires}) + "\n")
    for text in texts:
        table, errors, _, _ = both_paths(text.encode(), fmt)
        dicts = list(awslogparse.iter_records(text.encode(), fmt, errors="collect"))
        assert table.num_rows == len(dicts) and not errors
        name = ".".join(f"[{s}]" if isinstance(s, int) else s for s in path).replace(".[", "[")
        wanted = f"{name}.{key}"
        for index, (row, record) in enumerate(zip(table.to_pylist(), dicts, strict=True)):
            extra = dict(row["_extra"] or [])
            holder = _found_at(record, path)  # the dict keeps it where it was written
            if index in touched and holder is not None and key in holder:
                shown = extra[wanted]
                held = holder[key]
                assert (json.loads(shown) if isinstance(held, (dict, list)) else shown) == \
                    (held if isinstance(held, (dict, list)) else extra_view(held))
            else:
                assert wanted not in extra
