"""Every sample file, parsed by iter_records and read_arrow, against its golden file.

The golden files hold what ``samples/make_samples.py`` intended to write (see
``tests/golden_regen.py``); regenerate both with ``python -m tests.golden_regen``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import golden_regen  # tests/ is on sys.path (conftest.py lives there)
import pytest
from extraview import extra_view

import awslogparse
from awslogparse import registry
from awslogparse.specs import load_spec

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SAMPLES = ROOT / "samples"
GOLDEN = HERE / "golden"
GOLDEN_FILES = sorted(GOLDEN.glob("*.jsonl"))
PROVENANCE = ("_source", "_line")
NOT_SAMPLES = {".md", ".py", ".txt", ".rst"}
"""Suffixes of the documentation and code beside the samples."""


def is_flow_log(fmt: str) -> bool:
    return load_spec(registry.get(fmt).spec_name).family == "flowlog"


class Golden:
    def __init__(self, path: Path) -> None:
        docs = [json.loads(line) for line in path.read_text().splitlines()]
        head = docs[0]
        assert head["kind"] == "sample"
        self.name = path.name
        self.path = SAMPLES / head["path"]
        self.format: str = head["format"]
        self.evidence: str = head["evidence"]
        self.stats: dict[str, int] = head["stats"]
        self.json = "units" in self.stats
        """A JSON format: positions are units, error reasons are substrings of the reader's."""
        where = "unit" if self.json else "line"
        self.records = [(d[where], d["record"]) for d in docs if d["kind"] == "record"]
        self.errors = [(d[where], d["reason"], d["raw"]) for d in docs if d["kind"] == "error"]


def plain(value: Any) -> Any:
    if isinstance(value, datetime):
        assert value.utcoffset() is not None and not value.utcoffset(), "timestamps are UTC"
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def arrow_view(field: Any, value: Any) -> Any:
    """What an Arrow column holds for a record value: structs keep their declared keys only,
    open JSON is text (compared decoded)."""
    from awslogparse.model import FieldType

    if value is None:
        return None
    if field.type is FieldType.STRUCT:
        return {c.name: arrow_view(c, value.get(c.name)) for c in field.children}
    if field.type is FieldType.LIST and field.items is FieldType.STRUCT:
        return [{c.name: arrow_view(c, v.get(c.name)) for c in field.children} for v in value]
    return value


def undeclared(field: Any, value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Keys of a record value's fixed-shape objects that the spec does not declare, with their
    paths (``userIdentity.newKey``, ``resources[0].newKey``): Arrow keeps them in ``_extra``."""
    from awslogparse.model import FieldType

    if field.type is FieldType.LIST and field.items is FieldType.STRUCT and value:
        for index, item in enumerate(value):
            yield from undeclared(field.element(), item, f"{path}[{index}]")
    elif field.type is FieldType.STRUCT and isinstance(value, dict):
        declared = {c.name: c for c in field.children}
        yield from ((f"{path}.{k}", v) for k, v in value.items() if k not in declared)
        for name, child in declared.items():
            yield from undeclared(child, value.get(name), f"{path}.{name}")


def arrow_plain(field: Any, value: Any) -> Any:
    """An Arrow row value, with JSON text decoded where the field holds open JSON."""
    from awslogparse.model import FieldType

    if value is None:
        return None
    if field.type is FieldType.JSON:
        return json.loads(value)
    if field.type is FieldType.STRUCT:
        return {c.name: arrow_plain(c, value.get(c.name)) for c in field.children}
    if field.type is FieldType.LIST and field.items is FieldType.STRUCT:
        return [{c.name: arrow_plain(c, v.get(c.name)) for c in field.children} for v in value]
    return plain(value)


@pytest.fixture(params=GOLDEN_FILES, ids=[p.stem.split("_", 3)[-1] for p in GOLDEN_FILES])
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(request.param)


def check_stats(stats: Any, gold: Golden) -> None:
    got = stats.as_dict()
    assert got["source"] == str(gold.path)
    assert got["format"] == gold.format
    assert got["detected_by"].startswith(gold.evidence), got["detected_by"]
    assert {k: got[k] for k in gold.stats} == gold.stats
    assert got["records"] + got["errors"] == got["units"] == got["lines"]


def check_errors(errors: list[Any], gold: Golden) -> None:
    assert all(e.source == str(gold.path) for e in errors)
    if gold.json:  # the golden reason is a substring; every error has its JSON pointer
        assert len(errors) == len(gold.errors)
        for error, (_, reason, _raw) in zip(errors, gold.errors, strict=True):
            assert reason in error.reason and error.pointer.startswith("#"), error
        return
    assert [(e.line, e.reason, e.raw) for e in errors] == gold.errors


# ---- the golden files themselves


def sample_files_on_disk() -> list[str]:
    """Every file under samples/ that is not documentation or code (what the demo converts)."""
    out = []
    for path in SAMPLES.rglob("*"):
        rel = path.relative_to(SAMPLES)
        if (path.is_file() and path.suffix not in NOT_SAMPLES
                and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts)):
            out.append(rel.as_posix())
    return sorted(out)


def test_every_sample_has_a_golden_file() -> None:
    """The generator, the sample files and the golden files are the same set, whatever its size:
    one golden file per generated sample, and no sample on disk the generator does not make."""
    regen = golden_regen
    samples = regen.load_generator().build()
    assert samples, "the generator makes no sample"
    assert sorted(regen.golden_path(s) for s in samples) == GOLDEN_FILES
    assert sample_files_on_disk() == sorted(s.key for s in samples)


def test_golden_files_and_samples_are_what_the_generator_intends() -> None:
    """Neither a sample nor a golden file was edited by hand or drifted from the generator."""
    regen = golden_regen
    for sample in regen.load_generator().build():
        raw = (SAMPLES / sample.key).read_bytes()
        assert (raw[:2] == b"\x1f\x8b") == sample.compressed, sample.key  # gzip, or plain text
        text = gzip.decompress(raw) if sample.compressed else raw
        holds = getattr(sample, "holds", None)  # (bytes that depend on the writer's version:
        # a Parquet file names the pyarrow that wrote it; its generator compares the content)
        assert holds(text) if holds is not None else text == sample.data(), sample.key
        assert regen.golden_path(sample).read_text() == regen.golden_text(sample), sample.key


def test_samples_whose_bytes_the_generator_fixes_are_those_bytes() -> None:
    """A Firehose object holds one gzip member per record: the same text as one member would
    not be the same file. The generator's ``stored()`` says what is on disk."""
    regen = golden_regen
    fixed = [(s, data) for s in regen.load_generator().build()
             if (data := regen.exact_bytes(s)) is not None]
    assert fixed, "no sample fixes its bytes (the Firehose object should)"
    for sample, data in fixed:
        assert (SAMPLES / sample.key).read_bytes() == data, sample.key
    assert any(data.count(b"\x1f\x8b\x08") > 1 for _, data in fixed), "gzip members"


def test_golden_covers_what_the_samples_promise() -> None:
    goldens = [Golden(p) for p in GOLDEN_FILES]
    known = set(awslogparse.formats())
    assert {g.format for g in goldens} <= known, "a golden file names an unknown format"
    # The flow log samples (samples/README.md, files a-e) promise the rest; samples of other
    # formats make their own promises, so only flow log records are looked at here.
    goldens = [g for g in goldens if is_flow_log(g.format)]
    records = [r for g in goldens for _, r in g.records]
    assert {g.format for g in goldens} >= {"vpcflow", "tgwflow"}
    assert {r.get("log_status") for r in records} >= {"OK", "NODATA", "SKIPDATA"}
    assert any(":" in (r.get("srcaddr") or "") for r in records), "an IPv6 flow"
    assert {r["version"] for r in records} == {2, 5, 6, 8}
    assert any(r.get("reject_reason") == "BPA" for r in records)
    assert any(r.get("ecs_task_id") for r in records)
    assert {r.get("pkt_dst_aws_service") for r in records} >= {"S3", "DYNAMODB"}
    assert any(r.get("pkt_dstaddr") not in (None, r.get("dstaddr")) for r in records), "NAT"
    assert sum(len(g.errors) for g in goldens) == 2
    tgw = [g for g in goldens if g.format == "tgwflow"]
    width = len(load_spec(registry.get("tgwflow").spec_name).default_layout)
    assert len(tgw) == 1 and all(len(r) == width for _, r in tgw[0].records)


# ---- the parser against the golden files


def test_iter_records(golden: Golden) -> None:
    it = awslogparse.iter_records(golden.path, errors="collect", with_source=True)
    got = []
    for record in it:
        assert record.pop("_source") == str(golden.path)
        line = record.pop("_line")
        got.append((line, {k: plain(v) for k, v in record.items()}))
    if golden.json:  # units in order; ``_line`` is where a unit starts, not its number
        assert [r for _, r in got] == [r for _, r in golden.records]
    else:
        assert got == golden.records
    check_errors(it.errors, golden)
    check_stats(it.stats, golden)


def test_iter_records_skip(golden: Golden) -> None:
    it = awslogparse.iter_records(golden.path, errors="skip")
    got = [{k: plain(v) for k, v in r.items()} for r in it]
    assert got == [r for _, r in golden.records]
    assert it.errors == []
    check_stats(it.stats, golden)


def test_iter_records_raise(golden: Golden) -> None:
    it = awslogparse.iter_records(golden.path)  # errors="raise" is the default
    if not golden.errors:
        assert len(list(it)) == len(golden.records)
        return
    with pytest.raises(awslogparse.ParseError) as info:
        list(it)
    line, reason, raw = golden.errors[0]
    if golden.json:
        assert info.value.reason.startswith(f"{golden.path}:") and reason in info.value.reason
        return
    assert info.value.reason == f"{golden.path}:{line}: {reason}"
    assert info.value.raw == raw


def test_explicit_format_gives_the_same_records(golden: Golden) -> None:
    it = awslogparse.iter_records(golden.path, golden.format, errors="collect")
    assert [{k: plain(v) for k, v in r.items()} for r in it] == [r for _, r in golden.records]
    assert it.stats.detected_by == "given"


@pytest.mark.parametrize("columns", [None, "all"], ids=["layout", "all"])
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "reference"])
def test_read_arrow(golden: Golden, fast: bool, columns: str | None) -> None:
    errors: list[awslogparse.LineError] = []
    table = awslogparse.read_arrow(golden.path, errors="collect", error_list=errors,
                                   with_source=True, fast=fast, columns=columns)
    schema = awslogparse.schema(golden.format)
    if any("_format" in r for _, r in golden.records):  # events routed to an inner format
        # Arrow holds the envelope's columns; the inner format's fields are in _extra as text.
        assert table.num_rows == len(golden.records)
        own = {f.name for f in schema}  # by record name: an inner WAF record's ``timestamp``
        # is its own field, not the envelope's (whose wire name it shares)
        for row, (_, record) in zip(table.to_pylist(), golden.records, strict=True):
            inner = {k for k in record if k not in own and k not in PROVENANCE}
            assert set(dict(row["_extra"] or [])) <= inner
            assert {k for k, v in record.items() if k in inner and v is not None} \
                <= set(dict(row["_extra"] or []))
            for f in schema:
                if f.name in record:
                    assert plain(row[f.name]) == record[f.name], f.name
        check_errors(errors, golden)
        return
    if golden.json:  # one schema per format: every declared key, then _extra and provenance
        assert table.schema.names[: len(schema)] == schema.names
        assert table.num_rows == len(golden.records)
        for row, (_, record) in zip(table.to_pylist(), golden.records, strict=True):
            for f in schema:
                assert arrow_plain(f, row[f.name]) == arrow_view(f, record.get(f.name)), f.name
            unknown = {k: v for k, v in record.items() if k not in schema}
            for f in schema:
                unknown.update(undeclared(f, record.get(f.name), f.name))
            extra = {k: json.loads(v) if v[:1] in "[{" else v
                     for k, v in dict(row["_extra"] or []).items()}
            assert extra == {k: v if isinstance(v, (dict, list)) else extra_view(v)
                             for k, v in unknown.items() if v is not None}
        check_errors(errors, golden)
        return
    if columns == "all":  # every column of the format
        assert table.schema.names[: len(schema)] == schema.names
    else:  # the file's own layout, as its header line names it
        assert table.schema.names[:-3] == list(golden.records[0][1])
    assert table.num_rows == len(golden.records)
    for row, (line, record) in zip(table.to_pylist(), golden.records, strict=True):
        assert row.pop("_source") == str(golden.path)
        assert row.pop("_line") == line
        # Columns newer than the spec (``field_<n>`` in a record) go to the _extra map.
        extra = {k: record.pop(k) for k in list(record) if k.startswith("field_")}
        assert dict(row.pop("_extra") or []) == extra, line
        # The layout's fields carry the values; any other column is null.
        assert {k: plain(v) for k, v in row.items() if k in record} == record
        assert all(v is None for k, v in row.items() if k not in record), line
    check_errors(errors, golden)


def test_iter_batches_stats(golden: Golden) -> None:
    batches = awslogparse.iter_batches(golden.path, errors="collect")
    rows = sum(b.num_rows for b in batches)
    assert rows == len(golden.records)
    check_errors(batches.errors, golden)
    check_stats(batches.stats, golden)


def test_write_parquet_holds_what_read_arrow_reads(golden: Golden, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "out.parquet"
    result = awslogparse.write_parquet(golden.path, out, with_source=True)
    check_stats(result.stats, golden)
    check_errors(result.errors, golden)
    expected = awslogparse.read_arrow(golden.path, errors="skip", with_source=True)
    written = pq.read_table(out)
    if not expected.num_rows:  # nothing read: the file still says what the format holds
        assert written.num_rows == 0
        return
    # Parquet has no second-resolution timestamps (they come back as ms) and names list items
    # ``element``: the same values once cast back
    assert written.schema.names == expected.schema.names
    assert written.cast(expected.schema).equals(expected)
