"""awslogparse.convert: a partitioned Parquet dataset, resumable, exactly once.

Expectations come from the samples and their golden files (formats, record counts) and from
reading the inputs back with the readers, so samples added for a new format extend the checks
by themselves."""

from __future__ import annotations

import errno
import gc
import gzip
import io
import json
import os
import random
import threading
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from deadprocess import encoders_gone

import awslogparse
from awslogparse import registry
from awslogparse.conversion import manifest, task
from awslogparse.conversion.destination import (
    DestinationError,
    LocalDestination,
    open_destination,
)
from awslogparse.conversion.inputs import collect_inputs
from awslogparse.conversion.keys import key_facts
from awslogparse.conversion.options import WriterOptions
from awslogparse.conversion.partitioning import (
    DEFAULT_PARTITION,
    MAX_VALUE,
    escape_value,
    parse_keys,
    partition_path,
    rules_for,
    split,
)
from awslogparse.conversion.tables import file_schema
from awslogparse.conversion.writer import DatasetWriter
from awslogparse.parquet_dictionary import SAMPLED_ROWS

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
HEADER = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
          "bytes start end action log-status")
FLOW_KEY = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21/"
PROVENANCE = ["_source", "_line"]


def golden_heads() -> dict[Path, dict[str, Any]]:
    """Each sample with the first line of its golden file: format and record counts."""
    heads = {}
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        with golden.open(encoding="utf-8") as fh:
            head = json.loads(fh.readline())
        if (SAMPLES / head["path"]).is_file():
            heads[SAMPLES / head["path"]] = head
    return heads


HEADS = golden_heads()


def flow_line(rnd: random.Random, start: int, account: str = "123456789012") -> str:
    return (f"2 {account} eni-{rnd.getrandbits(32):08x} 10.0.{rnd.randrange(256)}.1 "
            f"198.51.100.{rnd.randrange(256)} {rnd.randrange(1024, 65536)} "
            f"{rnd.choice([22, 443, 53])} 6 {rnd.randrange(1, 99)} {rnd.randrange(40, 9999)} "
            f"{start} {start + 60} {rnd.choice(['ACCEPT', 'REJECT'])} OK")


def write_flow(path: Path, count: int, *, seed: int = 1, start: int = 1795219200,
               accounts: tuple[str, ...] = ("123456789012",), gz: bool = True,
               bad_every: int = 0) -> Path:
    """A flow log of ``count`` lines with start times in random order (within a day)."""
    rnd = random.Random(seed)
    lines = [HEADER]
    for i in range(count):
        line = flow_line(rnd, start + rnd.randrange(0, 3600), rnd.choice(accounts))
        if bad_every and i % bad_every == bad_every - 1:
            line = line.replace(" 6 ", " tcp ", 1)
        lines.append(line)
    data = ("\n".join(lines) + "\n").encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def read_dataset(dest: Path, fmt: str) -> pa.Table:
    """A format's dataset with its Hive partition values as text columns."""
    files = sorted(str(p) for p in (dest / f"format={fmt}").rglob("*.parquet"))
    keys = [part.split("=", 1)[0] for part in Path(files[0]).relative_to(dest).parts[:-1]]
    hive = ds.partitioning(pa.schema([(k, pa.string()) for k in keys]), flavor="hive")
    return ds.dataset(files, format="parquet", partitioning=hive,
                      partition_base_dir=str(dest)).to_table()


def provenance(table: pa.Table) -> Counter[tuple[str, int]]:
    return Counter(zip(table.column("_source").to_pylist(), table.column("_line").to_pylist(),
                       strict=True))


def expected_provenance(paths: list[Path]) -> Counter[tuple[str, int]]:
    found: Counter[tuple[str, int]] = Counter()
    for path in paths:
        source = str(path.resolve())  # once: resolving costs a system call per folder
        for record in awslogparse.iter_records(path, errors="skip", with_source=True):
            found[(source, record["_line"])] += 1
    return found


def parquet_files(dest: Path) -> list[Path]:
    return sorted(p for p in dest.rglob("*.parquet") if not p.name.startswith("."))


def canonical(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)


# ---- AWS key layout


@pytest.mark.parametrize(("key", "account", "region", "day"), [
    (FLOW_KEY + "123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d_20261121T0005Z_8d41e07a.log.gz",
     "123456789012", "us-east-1", date(2026, 11, 21)),
    ("prefix/AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-3/2025/01/31/"
     "111122223333_CloudTrail_eu-west-3_20250131T2355Z_x.json.gz",
     "111122223333", "eu-west-3", date(2025, 1, 31)),
    ("AWSLogs/aws-account-id=444455556666/aws-service=vpcflowlogs/aws-region=ap-southeast-2/"
     "year=2024/month=02/day=29/x.log.parquet", "444455556666", "ap-southeast-2",
     date(2024, 2, 29)),
    ("AWSLogs/123456789012/elasticloadbalancing/us-gov-west-1/2026/11/21/123456789012_"
     "elasticloadbalancing_us-gov-west-1_app.my-alb-1.1a2b_20261121T0005Z_10.0.1.23_5e6f.log.gz",
     "123456789012", "us-gov-west-1", date(2026, 11, 21)),
    ("AWSLogs/123456789012/WAFLogs/cloudfront/acl/2026/11/21/00/10/123456789012_waflogs_"
     "cloudfront_acl_20261121T0010Z_5e6f7a8b.log.gz", "123456789012", None, date(2026, 11, 21)),
    ("logs/E1ABCDEF2GHIJK.2026-11-21-00.a1b2c3d4.gz", None, None, date(2026, 11, 21)),
    ("s3-logs/123456789012/us-east-2/my-bucket/2026/11/21/2026-11-21-00-15-32-1A2B3C4D5E6F7A8B",
     "123456789012", "us-east-2", date(2026, 11, 21)),
    ("my-alb-1/notes/2026/13/40/file.log", None, None, None),  # no Region, no valid date
])
def test_key_facts(key: str, account: str | None, region: str | None, day: date | None) -> None:
    facts = key_facts(key)
    assert (facts.account, facts.region, facts.date) == (account, region, day)



def test_every_region_botocore_knows_is_read_from_a_key() -> None:
    """The Region names of every partition AWS's SDK lists (``eusc-de-east-1`` of the European
    Sovereign Cloud too), not only the commercial ones: a version 2 flow log (no Region field)
    under such a Region's key must not land in the default Region partition."""
    botocore_data = pytest.importorskip("botocore.loaders").create_loader()
    partitions = botocore_data.load_data("partitions")["partitions"]
    regions = [name for p in partitions for name in p["regions"]
               if not name.endswith("-global")]  # (pseudo Regions of global endpoints)
    assert regions
    for region in regions:
        key = (f"AWSLogs/123456789012/vpcflowlogs/{region}/2026/11/21/123456789012_vpcflowlogs_"
               f"{region}_fl-0a1b2c3d4e5f67890_20261121T0000Z_3f2a9c1b.log.gz")
        assert key_facts(key).region == region, key
        bare = f"123456789012/{region}/my-bucket/2026/11/21/2026-11-21-00-15-32-1A2B3C4D5E6F7A8B"
        assert key_facts(bare).account == "123456789012", bare  # S3 access logs' prefix


# ---- partition values


@pytest.mark.parametrize("value", ["../../etc/passwd", "a/b", "..", ".", "x\x00y", "\\..\\",
                                   "=", "%2F", "é/ü", " ", "a" * 5000, "../" * 400])
def test_escaped_values_stay_one_segment(value: str, tmp_path: Path) -> None:
    text = escape_value(value)
    assert text and "/" not in text and "\x00" not in text and "\\" not in text
    assert len(text) <= MAX_VALUE
    segment = partition_path(["k"], [value])
    assert segment == f"k={text}" and segment not in (".", "..")
    target = (tmp_path / segment / "f.parquet").resolve()
    assert target.parent.parent == tmp_path.resolve()  # one folder below the root, no escape
    target.parent.mkdir()  # a legal name on this file system


def test_escaping_keeps_values_apart() -> None:
    values = ["a" * 5000, "a" * 4999 + "b", "a/b", "a%2Fb", "a_b", "a b", ""]
    assert len({escape_value(v) for v in values}) == len(values)
    assert escape_value(None) == escape_value("") == DEFAULT_PARTITION
    assert escape_value("123456789012") == "123456789012"
    assert escape_value(date(2026, 1, 2)) == "2026-01-02"
    assert escape_value("us-east-1") == "us-east-1"


def test_partition_key_names() -> None:
    assert parse_keys(None) == ("format", "account_id", "region", "date")
    assert parse_keys("format, action") == ("format", "action")
    assert parse_keys("") == ()
    for bad in ("../x", "a/b", "format,format", "x=y"):
        with pytest.raises(ValueError, match="partition key"):
            parse_keys(bad)
    # a key no format has (a typo) would put every row in its null partition: refused
    assert parse_keys("format,eventSource") == ("format", "eventSource")  # (CloudTrail's)
    with pytest.raises(ValueError, match="no format has a field named 'acount_id'"):
        parse_keys("format,acount_id")


def test_split_by_record_values_with_key_fallback() -> None:
    spec = registry.get("vpcflow").format().spec
    when = pa.array([1795219200, 1795219200 + 86400, None, 1795219200], pa.timestamp("s", "UTC"))
    batch = pa.record_batch({"account_id": ["111111111111", None, "111111111111", "../x"],
                             "region": [None, None, None, None], "start": when,
                             "n": [1, 2, 3, 4]})
    rules = rules_for(parse_keys(None), "vpcflow", spec, key_facts(FLOW_KEY + "f.log"),
                      batch.schema.names)
    parts = dict(split(batch, rules))
    assert {p: b.column("n").to_pylist() for p, b in parts.items()} == {
        "format=vpcflow/account_id=111111111111/region=us-east-1/date=2026-11-21": [1, 3],
        "format=vpcflow/account_id=123456789012/region=us-east-1/date=2026-11-22": [2],
        "format=vpcflow/account_id=..%2Fx/region=us-east-1/date=2026-11-21": [4]}
    # the null start of row 3 took the key's date; nothing in the key: the default partition
    rules = rules_for(parse_keys(None), "vpcflow", spec, key_facts("x.log"), batch.schema.names)
    assert {p for p, _ in split(batch.slice(1, 1), rules)} == {
        f"format=vpcflow/account_id={DEFAULT_PARTITION}/region={DEFAULT_PARTITION}/"
        "date=2026-11-22"}


# ---- converting the samples


def test_samples_become_one_dataset_per_format(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    report = awslogparse.convert(sorted(HEADS), dest, jobs=1)
    assert report.ok and not report.skipped
    assert len(report.converted) == len(HEADS)
    assert report.rows == sum(h["stats"]["records"] for h in HEADS.values())
    assert report.errors == sum(h["stats"]["errors"] for h in HEADS.values())
    by_format: Counter[str] = Counter()  # a CloudWatch Logs payload's records: each its own
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        lines = [json.loads(x) for x in golden.read_text(encoding="utf-8").splitlines()]
        if SAMPLES / lines[0]["path"] in HEADS:
            for doc in lines[1:]:
                if doc["kind"] == "record":
                    by_format[dataset_of(doc["record"].get("_format", lines[0]["format"]))] += 1
    formats = {p.name.removeprefix("format=") for p in dest.iterdir() if p.name != "_awslogparse"}
    assert formats == {f for f, n in by_format.items() if n}
    for fmt in formats:
        table = read_dataset(dest, fmt)
        assert table.num_rows == by_format[fmt], fmt
        schemas = {pq.read_schema(p).remove_metadata() for p in (dest / f"format={fmt}")
                   .rglob("*.parquet")}
        assert len(schemas) == 1, f"{fmt}: every file of a dataset has one schema"
        source_type = next(iter(schemas)).field("_source").type
        assert source_type == file_schema(fmt).field("_source").type  # (what the DDL says)
        assert pa.types.is_dictionary(source_type)
        names = next(iter(schemas)).names
        spec_names = awslogparse.schema(fmt).names
        assert [n for n in names if not n.startswith("_")] == [
            n for n in spec_names if n not in ("account_id", "region")]  # those are in the path
        assert names[-3:] == ["_extra", *PROVENANCE]
    for sample, head in HEADS.items():
        result = next(r for r in report.inputs if r.location == str(sample.resolve()))
        assert (result.format, result.rows, result.errors) == (
            head["format"], head["stats"]["records"], head["stats"]["errors"])
        assert result.detected_by.startswith(head["evidence"])
        if not result.rows:
            continue
        for fmt, table_read in awslogparse.read_tables(sample, errors="skip",
                                                       context=False).items():
            expected = table_read
            table = read_dataset(dest, dataset_of(fmt))
            mine = table.filter(pc.equal(table.column("_source"), str(sample.resolve())))
            facts = key_facts(str(sample))
            for key, fact in (("account_id", facts.account), ("region", facts.region)):
                if key not in expected.column_names:
                    continue
                index = expected.schema.get_field_index(key)
                carried = carried_values(expected, key)  # a carrier's context fills nulls,
                if carried is not None:                  # then the key
                    expected = expected.set_column(
                        index, key, pc.coalesce(expected.column(key), carried))
                if fact is not None:
                    expected = expected.set_column(index, key,
                                                   pc.fill_null(expected.column(key), fact))
            common = [n for n in expected.column_names if n in mine.column_names]
            assert canonical(mine.select(common).to_pylist()) == canonical(
                expected.select(common).to_pylist()), (sample, fmt)
    for path in parquet_files(dest):  # zstd, but for columns null in the whole file
        meta = pq.ParquetFile(path).metadata
        for group in range(meta.num_row_groups):
            chunks = [meta.row_group(group).column(i) for i in range(meta.num_columns)]
            assert {c.compression for c in chunks if c.statistics.null_count < c.num_values
                    } == {"ZSTD"}
        nulls = pq.read_table(path).to_batches()  # (a column null in every row group)
        empty = {name for name in meta.schema.to_arrow_schema().names
                 if all(b.column(name).null_count == b.num_rows for b in nulls)}
        assert all(meta.row_group(0).column(i).compression == "UNCOMPRESSED"
                   for i in range(meta.num_columns)
                   if meta.row_group(0).column(i).path_in_schema.split(".")[0] in empty)
    errors = [json.loads(x) for x in Path(report.errors_file or "").read_text().splitlines()]
    assert len(errors) == report.errors
    assert all({"source", "line", "reason", "raw"} <= set(e) for e in errors)
    assert {e["source"] for e in errors} == {str(p.resolve()) for p, h in HEADS.items()
                                             if h["stats"]["errors"]}


def carried_values(table: pa.Table, key: str) -> pa.Array | None:
    """The value a carrier's context gives partition ``key`` in each row (from ``_extra``):
    what fills the rows whose own value is null, before the key's."""
    from awslogparse.conversion.partitioning import ROLES, carried_names

    names = carried_names(ROLES[key])
    if not names or "_extra" not in table.column_names:
        return None
    rows = [dict(e or []) for e in table.column("_extra").to_pylist()]
    return pa.array([next((r[n] for n in names if r.get(n)), None) for r in rows], pa.string())


def dataset_of(fmt: str) -> str:
    """The dataset a format's records go to (its own, or the format whose records they are:
    a flow log delivered as Parquet goes to ``vpcflow``)."""
    return str(registry.get(fmt).format().records_of)


def test_rows_are_sorted_by_time_and_files_capped(tmp_path: Path) -> None:
    src = write_flow(tmp_path / "in" / FLOW_KEY / "f.log.gz", 5000, bad_every=97)
    dest = tmp_path / "out"
    report = awslogparse.convert(src, dest, max_file_rows=1200, row_group_rows=300, jobs=1)
    files = parquet_files(dest)
    assert len(files) == -(-report.rows // 1200) == len(report.inputs[0].outputs)
    for path in files:
        meta = pq.ParquetFile(path).metadata
        assert meta.num_rows <= 1200 and meta.row_group(0).num_rows <= 300
        start = pq.read_table(path, columns=["start"]).column("start")
        assert pc.all(pc.less_equal(start.slice(0, len(start) - 1), start.slice(1))).as_py()
        at = meta.schema.to_arrow_schema().get_field_index("start")  # (a flat schema: leaf
        for group in range(meta.num_row_groups):                     # index = field index)
            assert meta.row_group(group).sorting_columns == (
                pq.SortingColumn(at, descending=False, nulls_first=False),)
    table = read_dataset(dest, "vpcflow")
    assert provenance(table) == expected_provenance([src])
    assert report.errors == 5000 // 97


def test_an_input_of_bad_lines_only_sends_each_error_to_the_sidecar(tmp_path: Path) -> None:
    """No line gives a record, so no batch ever comes (the old sidecar was fed between
    batches): every error still reaches the run's sidecar, in order."""
    src = write_flow(tmp_path / "in" / FLOW_KEY / "f.log.gz", 3000, bad_every=1)
    report = awslogparse.convert(src, tmp_path / "out", jobs=1)
    assert (report.rows, report.errors) == (0, 3000)
    errors = [json.loads(x) for x in Path(report.errors_file or "").read_text().splitlines()]
    assert [e["line"] for e in errors] == list(range(2, 3002))


def test_buffer_budget_bounds_memory_with_many_partitions(tmp_path: Path) -> None:
    """Rows spread over many partitions: when the buffers pass the budget the largest becomes a
    file, so no more than the budget (and one batch) is held, whatever the spread."""
    announced: list[str] = []
    budget = 20_000
    schema = pa.schema([("n", pa.int64()), ("start", pa.timestamp("s", "UTC")),
                        ("_source", pa.string())])
    writer = DatasetWriter(LocalDestination(tmp_path), schema, drop=[], time_column="start",
                           base="x", source="src", announce=announced.append,
                           options=WriterOptions(buffer_bytes=budget, max_file_rows=10**6))
    rnd = random.Random(3)
    held = []
    for i in range(200):
        rows = pa.record_batch({"n": list(range(i * 100, i * 100 + 100)),
                                "start": pa.array([rnd.randrange(10**9) for _ in range(100)],
                                                  pa.timestamp("s", "UTC")),
                                "_source": ["src"] * 100}, schema=schema)
        writer.add(f"p={i % 23}", rows)
        held.append(writer._total)
    outputs = writer.close()
    assert max(held) <= budget
    assert len(outputs) > 23 and [o.path for o in outputs] == announced
    table = pa.concat_tables(pq.read_table(tmp_path / o.path) for o in outputs)
    assert sorted(table.column("n").to_pylist()) == list(range(20000))
    assert set(table.column("_source").to_pylist()) == {"src"}


def test_split_of_several_batches_gives_each_partition_its_own_rows() -> None:
    """A Table of several reader batches is cut like one batch (rows in order, every row once),
    and a partition's rows do not keep the others' memory alive (its buffers are its own)."""
    spec = registry.get("vpcflow").format().spec
    rnd = random.Random(4)
    size = 30_000
    gc.collect()
    start = pa.total_allocated_bytes()
    accounts = [rnd.choice(["111111111111", "222222222222", "333333333333"])
                for _ in range(size)]
    batch = pa.record_batch({
        "account_id": accounts, "region": pa.nulls(size, pa.string()),
        "start": pa.array([1795219200 + rnd.randrange(2 * 86400) for _ in range(size)],
                          pa.timestamp("s", "UTC")),
        "n": list(range(size)), "text": [f"row {i:08d} " * 8 for i in range(size)]})
    rules = rules_for(parse_keys(None), "vpcflow", spec, key_facts(FLOW_KEY + "f.log"),
                      batch.schema.names)
    table = pa.Table.from_batches([batch.slice(i, 7000) for i in range(0, size, 7000)])
    whole, cut = split(batch, rules), split(table, rules)
    assert [p for p, _ in whole] == [p for p, _ in cut] and len(cut) == 6
    for (path, a), (_, b) in zip(whole, cut, strict=True):
        assert a.equals(b), path
        rows = a.column("n").to_pylist()
        assert rows == sorted(rows)
        assert {accounts[i] for i in rows} == {path.split("account_id=")[1].split("/")[0]}
    assert sorted(n for _, b in cut for n in b.column("n").to_pylist()) == list(range(size))
    smallest = min(cut, key=lambda pb: pb[1].num_rows)[1]
    everything = batch.nbytes
    del whole, cut, batch, table, a, b
    gc.collect()
    assert pa.total_allocated_bytes() - start < everything / 2  # a sixth, not all of it
    assert smallest.num_rows


def test_split_keeps_the_columns_asked_and_shares_all_null_ones() -> None:
    """Only the writer's columns are gathered (not the partition keys, not ``_source``), one
    batch per partition even from a Table of several, and an all-null column is one shared
    array whatever the partition (the writer does not count it)."""
    spec = registry.get("vpcflow").format().spec
    size = 5000
    batch = pa.record_batch({
        "account_id": [("111111111111", "222222222222")[i % 2] for i in range(size)],
        "region": pa.nulls(size, pa.string()),
        "start": pa.array([1795219200 + i for i in range(size)], pa.timestamp("s", "UTC")),
        "n": list(range(size)), "vpc_id": pa.array([None] * size, pa.string()),
        "_source": ["src"] * size})
    rules = rules_for(parse_keys(None), "vpcflow", spec, key_facts(FLOW_KEY + "f.log"),
                      batch.schema.names)
    table = pa.Table.from_batches([batch.slice(i, 1000) for i in range(0, size, 1000)])
    parts = split(table, rules, columns=["n", "vpc_id", "start"])
    assert len(parts) == 2
    for path, rows in parts:
        assert rows.schema.names == ["n", "vpc_id", "start"]
        assert rows.column("vpc_id").null_count == rows.num_rows
        first = 0 if "111111111111" in path else 1
        assert rows.column("n").to_pylist() == list(range(first, size, 2))
    assert len({rows.column("vpc_id").buffers()[0].address for _, rows in parts}) == 1
    same = table.filter(pc.equal(table.column("account_id"), "222222222222"))
    [(_, rows)] = split(same, rules, columns=["n"])
    assert rows.column("n").to_pylist() == list(range(1, size, 2))


def test_the_next_file_is_sorted_while_the_encoder_is_busy(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """A file due while another is being encoded is sorted on the calling thread meanwhile; at
    the end a free thread takes the next file without waiting for an older, longer one. Outputs
    keep the order of their announcements, and every file is sorted by time."""
    announced: list[str] = []
    schema = pa.schema([("n", pa.int64()), ("start", pa.timestamp("s", "UTC"))])
    writer = DatasetWriter(LocalDestination(tmp_path), schema, drop=[], time_column="start",
                           base="x", source="src", announce=announced.append,
                           options=WriterOptions(max_file_rows=1000))
    real_write, real_sorted = DatasetWriter._write_file, DatasetWriter._sorted
    sorted_here, third_started = threading.Event(), threading.Event()
    given: dict[str, str] = {}
    waited: dict[str, bool] = {}

    def sort(self: DatasetWriter, buf: Any) -> Any:
        if threading.current_thread() is threading.main_thread():
            sorted_here.set()
        return real_sorted(self, buf)

    def write(self: DatasetWriter, name: str, partition: str, data: Any) -> Any:
        given[partition] = type(data).__name__
        if partition == "p=0":  # still encoding when p=1 is due
            waited[partition] = sorted_here.wait(10)
        elif partition == "p=2":  # the first at the end: long, until p=4 starts
            waited[partition] = third_started.wait(10)
        elif partition == "p=4":
            third_started.set()
        return real_write(self, name, partition, data)

    monkeypatch.setattr(DatasetWriter, "_sorted", sort)
    monkeypatch.setattr(DatasetWriter, "_write_file", write)
    rnd = random.Random(7)
    sizes = {"p=0": 1000, "p=1": 1000, "p=2": 700, "p=3": 10, "p=4": 300}
    n = 0
    for partition, size in sizes.items():
        writer.add(partition, pa.record_batch({
            "n": list(range(n, n + size)),
            "start": pa.array([rnd.randrange(10**6) for _ in range(size)],
                              pa.timestamp("s", "UTC"))}, schema=schema))
        n += size
    outputs = writer.close()
    assert waited == {"p=0": True, "p=2": True}
    assert given["p=0"] == "_Buffer" and given["p=1"] == "_Sorted"
    assert [o.path for o in outputs] == announced and len(outputs) == len(sizes)
    seen = []
    for output in outputs:
        table = pq.read_table(tmp_path / output.path)
        start = table.column("start")
        assert pc.all(pc.less_equal(start.slice(0, len(start) - 1), start.slice(1))).as_py()
        seen += table.column("n").to_pylist()
    assert sorted(seen) == list(range(n))


def test_integers_a_quarter_distinct_are_plain_text_keeps_its_dictionary(tmp_path: Path
                                                                        ) -> None:
    """Integers about a third distinct (ports) are written plain, text as distinct keeps its
    dictionary (see ``parquet_dictionary.mostly_distinct``)."""
    schema = pa.schema([("port", pa.int32()), ("text", pa.string()),
                        ("start", pa.timestamp("s", "UTC"))])
    rnd = random.Random(6)
    # (as many rows as a file needs for its dictionaries to be chosen; each 8,192 of them
    # from its own 3,000 values, so the sample and the whole are about a third distinct)
    values = [rnd.randrange(3000) + 3000 * (i // 8192) for i in range(SAMPLED_ROWS)]
    writer = DatasetWriter(LocalDestination(tmp_path), schema, drop=[], time_column="start",
                           base="x", source="src", announce=lambda _: None,
                           options=WriterOptions())
    writer.add("", pa.record_batch({"port": values, "text": [str(v) for v in values],
                                    "start": pa.array([0] * len(values), pa.timestamp("s"))
                                    .cast(pa.timestamp("s", "UTC"))}, schema=schema))
    [output] = writer.close()
    assert 0.25 < len(set(values)) / len(values) < 0.5
    meta = pq.ParquetFile(tmp_path / output.path).metadata
    encoded = {meta.schema.column(i).path: meta.row_group(0).column(i).has_dictionary_page
               for i in range(meta.num_columns)}
    assert encoded == {"port": False, "text": True, "start": True}


def test_dictionary_only_where_values_repeat(tmp_path: Path) -> None:
    """Columns whose values are mostly distinct (line numbers, byte counts) are written plain:
    a dictionary for them is built only to be given up. Repeating ones keep theirs. (A file
    of SAMPLED_ROWS lines: a smaller one keeps every dictionary, unsampled.)"""
    src = write_flow(tmp_path / "in" / FLOW_KEY / "f.log.gz", SAMPLED_ROWS)
    report = awslogparse.convert(src, tmp_path / "out", partition_by=[], jobs=1)
    meta = pq.ParquetFile(tmp_path / "out" / report.inputs[0].outputs[0]).metadata
    names = [meta.schema.column(i).path for i in range(meta.num_columns)]
    group = meta.row_group(0)
    encoded = {name: group.column(i).has_dictionary_page for i, name in enumerate(names)}
    assert not encoded["_line"] and not encoded["bytes"]  # (write_flow: 40-9999 at random)
    assert encoded["action"] and encoded["dstport"] and encoded["_source"]
    assert encoded["vpc_id"]  # all null: nothing to decide, the default stays


def test_partition_by_record_fields_and_none(tmp_path: Path) -> None:
    src = write_flow(tmp_path / "in" / FLOW_KEY / "f.log.gz", 300)
    report = awslogparse.convert(src, tmp_path / "a", partition_by="format,action,dstport",
                                 jobs=1)
    dirs = {str(Path(p).parent) for p in report.inputs[0].outputs}
    assert dirs == {f"format=vpcflow/action={a}/dstport={p}" for a in ("ACCEPT", "REJECT")
                    for p in (22, 53, 443)}
    assert "action" not in pq.read_schema(parquet_files(tmp_path / "a")[0]).names
    report = awslogparse.convert(src, tmp_path / "b", partition_by=[], jobs=1)
    assert [Path(p).parent.name for p in report.inputs[0].outputs] == [""]
    assert pq.read_table(tmp_path / "b" / report.inputs[0].outputs[0]).num_rows == 300
    with pytest.raises(DestinationError, match="partitioned by"):  # one layout per dataset
        awslogparse.convert(src, tmp_path / "b", jobs=1)
    recorded = tmp_path / "b" / manifest.DATASET  # files written by an older layout
    recorded.write_text(json.dumps({**json.loads(recorded.read_text()), "version": 1}))
    with pytest.raises(DestinationError, match="layout 1, this awslogparse writes layout 2"):
        awslogparse.convert(src, tmp_path / "b", partition_by=[], jobs=1)


@pytest.mark.parametrize("keys", [[], ["account_id", "date"]])
def test_without_a_format_key_a_dataset_holds_one_format(tmp_path: Path,
                                                         keys: list[str]) -> None:
    """Without ``format`` among the keys every format's files would share folders, where no
    table definition can tell them apart (``duckdb_view`` and ``athena_ddl`` read them all as
    the one format): the first format converted is the dataset's, an input of another fails
    saying why, and converting it again into that dataset still does; one of the dataset's
    format is converted."""
    heads = {p: h for p, h in HEADS.items() if not h.get("errors")}
    by_format: dict[str, Path] = {}
    for path, head in heads.items():
        by_format.setdefault(head["format"], path)
    (first, one), (second, other) = list(by_format.items())[:2]
    dest = tmp_path / "out"
    report = awslogparse.convert(one, dest, partition_by=keys, jobs=1)
    assert report.ok and report.inputs[0].format == first
    for _ in range(2):
        refused = awslogparse.convert(other, dest, partition_by=keys, jobs=1)
        assert [r.status for r in refused.inputs] == ["failed"]
        failure = refused.inputs[0].failure
        assert first in failure and second in failure and "partition" in failure
    formats = {pq.read_metadata(p).metadata[b"awslogparse.format"] for p in parquet_files(dest)}
    assert formats == {first.encode()}
    again = awslogparse.convert(one, dest, partition_by=keys, jobs=1, force=True)
    assert again.ok and again.rows == report.rows
    assert awslogparse.convert(other, tmp_path / "by-format", jobs=1).ok  # (the default keys)


def test_hostile_partition_values_stay_inside_dest(tmp_path: Path) -> None:
    src = tmp_path / "in" / "hostile.log"
    rnd = random.Random(5)
    accounts = ["../../../escaped", "a/b", "..", "x\\y", "z" * 300, "%00"]
    src.parent.mkdir(parents=True)
    src.write_text("\n".join([HEADER] + [flow_line(rnd, 1795219200, a) for a in accounts])
                   + "\n")
    dest = tmp_path / "out"
    report = awslogparse.convert(src, dest, format="vpcflow", jobs=1)
    assert report.ok and report.rows == len(accounts)
    for path in dest.rglob("*"):
        assert path.resolve().is_relative_to(dest.resolve())
    folders = {next(s for s in p.relative_to(dest).parts if s.startswith("account_id="))
               for p in parquet_files(dest)}
    assert len(folders) == len(accounts)
    assert all(f.startswith("account_id=") and "/" not in f for f in folders)
    assert not (tmp_path / "escaped").exists()


@pytest.mark.parametrize("keys", [None, "format,account_id,action"])
def test_a_cut_partition_value_is_kept_whole_in_extra(tmp_path: Path, keys: str | None
                                                      ) -> None:
    """A value too long for a folder name is cut (and ends with a hash); when the files do not
    hold its column (a key of the same name: ``account_id`` of flow logs), the row's ``_extra``
    holds it whole under the key's name, so no value is lost. Rows whose value fits have no
    such entry."""
    src = tmp_path / "in" / "long.log"
    rnd = random.Random(6)
    accounts = ["z" * 300, "é" * (MAX_VALUE // 3), "123456789012", "a/b" * 40]
    src.parent.mkdir(parents=True)
    src.write_text("\n".join([HEADER] + [flow_line(rnd, 1795219200, a) for a in accounts])
                   + "\n")
    dest = tmp_path / "out"
    report = awslogparse.convert(src, dest, format="vpcflow", partition_by=keys, jobs=1)
    assert report.ok and report.rows == len(accounts)
    table = read_dataset(dest, "vpcflow")
    assert "account_id" not in pq.read_schema(parquet_files(dest)[0]).names
    expected = {r["_line"]: r["account_id"]
                for r in awslogparse.iter_records(src, format="vpcflow", with_source=True)}
    cut = 0
    for line, folder, extra in zip(table.column("_line").to_pylist(),
                                   table.column("account_id").to_pylist(),
                                   table.column("_extra").to_pylist(), strict=True):
        kept = dict(extra or [])
        if folder != escape_value(expected[line]) or "~" in folder:
            cut += 1
            assert kept.get("account_id") == expected[line]
        else:
            assert "account_id" not in kept
    assert cut  # (the case this test is about happened)


# ---- reruns: nothing lost, nothing doubled


@pytest.mark.parametrize("grouped", [False, True], ids=["file-per-input", "grouped"])
def test_rerun_skips_changed_input_is_replaced(tmp_path: Path, grouped: bool) -> None:
    src = write_flow(tmp_path / "in" / FLOW_KEY / "f.log.gz", 200, bad_every=50)
    other = write_flow(tmp_path / "in" / FLOW_KEY / "g.log.gz", 100, seed=2)
    dest = tmp_path / "out"
    first = awslogparse.convert(tmp_path / "in", dest, jobs=1, group_inputs=grouped)
    assert len(first.converted) == 2
    assert [r.sharing for r in first.inputs] == ([2, 2] if grouped else [1, 1])
    assert first.files == (1 if grouped else 2)  # (one partition)
    again = awslogparse.convert(tmp_path / "in", dest, jobs=1, group_inputs=grouped)
    assert len(again.skipped) == 2 and again.rows == 0 and again.errors_file is None
    write_flow(src, 50, seed=9)  # the object changed: its old rows must go
    os.utime(src, ns=(1, 1))
    third = awslogparse.convert(tmp_path / "in", dest, jobs=1, group_inputs=grouped)
    # a group's files hold every member's rows: the whole group is converted again
    assert [r.status for r in third.inputs] == (
        ["converted", "converted"] if grouped else ["converted", "skipped"])
    table = read_dataset(dest, "vpcflow")
    assert provenance(table) == expected_provenance([src, other])
    forced = awslogparse.convert(tmp_path / "in", dest, jobs=1, force=True,
                                 group_inputs=grouped)
    assert len(forced.converted) == 2
    assert provenance(read_dataset(dest, "vpcflow")) == expected_provenance([src, other])
    leftovers = [p for p in dest.rglob("*") if p.is_file() and ".tmp-" in p.name]
    assert not leftovers
    assert len(manifest.finished(open_destination(dest))) == 2


class Crash(BaseException):
    """Stands for the process dying (not an Exception: nothing may catch it)."""


def test_a_crash_between_files_is_repaired_by_the_next_run(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    src = write_flow(tmp_path / "in" / FLOW_KEY / "f.log.gz", 3000)
    dest = tmp_path / "out"
    real = DatasetWriter._write_file
    written: list[str] = []

    def dying(self: DatasetWriter, name: str, partition: str, buf: Any) -> Any:
        if len(written) == 2:
            raise Crash
        out = real(self, name, partition, buf)
        written.append(name)
        return out

    monkeypatch.setattr(DatasetWriter, "_write_file", dying)
    monkeypatch.setattr(DatasetWriter, "abort", lambda self: None)  # a dead process cleans
    monkeypatch.setattr(task, "_quietly", lambda action, rel: None)  # nothing up
    with pytest.raises(Crash):
        awslogparse.convert(src, dest, max_file_rows=1000, jobs=1)
    encoders_gone()
    assert len(parquet_files(dest)) == 2  # visible, but the input is not done
    monkeypatch.undo()
    report = awslogparse.convert(src, dest, max_file_rows=1000, jobs=1)
    assert [r.status for r in report.inputs] == ["converted"]
    assert provenance(read_dataset(dest, "vpcflow")) == expected_provenance([src])
    assert not list((dest / manifest.INPUTS).glob("*.pending.json"))


def test_parallel_jobs_give_the_same_dataset(tmp_path: Path) -> None:
    inputs = [write_flow(tmp_path / "in" / FLOW_KEY / f"f{i}.log.gz", 400 + i, seed=i)
              for i in range(5)]
    one = awslogparse.convert(tmp_path / "in", tmp_path / "one", jobs=1)
    two = awslogparse.convert(tmp_path / "in", tmp_path / "two", jobs=2)
    assert [r.location for r in one.inputs] == [r.location for r in two.inputs]
    assert one.as_dict()["rows"] == two.as_dict()["rows"]
    # the same rows; the files may differ: a folder's group is split to keep two workers busy
    assert provenance(read_dataset(tmp_path / "two", "vpcflow")) == expected_provenance(inputs)
    assert provenance(read_dataset(tmp_path / "one", "vpcflow")) == expected_provenance(inputs)
    assert (one.files, two.files) == (1, 2)


# ---- selecting inputs, bad inputs, the report


def test_since_until_select_by_key_date(tmp_path: Path) -> None:
    for day in (20, 21, 22, 23):
        write_flow(tmp_path / "in" / FLOW_KEY.replace("/21/", f"/{day}/") / "f.log.gz", 10)
    undated = write_flow(tmp_path / "in" / "loose" / "flows.log.gz", 10)
    found = collect_inputs([tmp_path / "in"], since=date(2026, 11, 21), until=date(2026, 11, 22))
    days = sorted(str(key_facts(i.key).date) for i in found
                  if i.location != str(undated.resolve()))
    assert days == ["2026-11-21", "2026-11-22"]
    assert str(undated.resolve()) in {i.location for i in found}  # no date: kept
    report = awslogparse.convert(tmp_path / "in", tmp_path / "out", since="2026-11-23", jobs=1)
    assert len(report.inputs) == 2


def test_bad_inputs_are_reported_and_the_rest_converted(tmp_path: Path) -> None:
    good = write_flow(tmp_path / "in" / "a.log.gz", 100)
    (tmp_path / "in" / "b_notes.txt").write_text("not a log\n")
    data = bytearray(gzip.compress(("\n".join(
        [HEADER] + [flow_line(random.Random(i), 1795219200) for i in range(20000)]) + "\n")
        .encode()))
    data[len(data) // 2:len(data) // 2 + 20] = b"\xff" * 20
    (tmp_path / "in" / "c_corrupt.log.gz").write_bytes(bytes(data))
    write_flow(tmp_path / "in" / "d.log.gz", 50, seed=3)
    (tmp_path / "in" / "e_empty.log").write_text("")
    dest = tmp_path / "out"
    report = awslogparse.convert(tmp_path / "in", dest, jobs=1)
    status = {Path(r.location).name: r.status for r in report.inputs}
    assert status["b_notes.txt"] == "failed" and status["a.log.gz"] == "converted"
    assert status["d.log.gz"] == "converted" and status["e_empty.log"] == "converted"
    corrupt = next(r for r in report.inputs if r.location.endswith("c_corrupt.log.gz"))
    if corrupt.status == "converted":  # rows before the damage are kept, the rest reported
        assert 0 < corrupt.rows < 20000 and corrupt.errors >= 1
    empty = next(r for r in report.inputs if r.location.endswith("e_empty.log"))
    assert empty.rows == 0 and not empty.outputs
    assert not report.ok
    assert "cannot tell the format" in next(r.failure for r in report.inputs
                                            if r.status == "failed")
    assert not [p for p in dest.rglob("*") if ".tmp-" in p.name]
    assert good.exists()


def test_a_dataset_among_the_inputs_is_not_read_as_logs(tmp_path: Path) -> None:
    """A dataset this library wrote (a folder holding ``_awslogparse/``) inside the input tree,
    converted into another destination, is skipped whole: its Parquet files were read as
    CloudFront Parquet deliveries, its manifest and error files as failed inputs."""
    src = write_flow(tmp_path / "in" / FLOW_KEY / "f.log.gz", 200, bad_every=50)
    first = awslogparse.convert(tmp_path / "in", tmp_path / "in" / "lake", jobs=1)
    assert first.ok and (tmp_path / "in" / "lake" / manifest.ROOT).is_dir()
    again = awslogparse.convert(tmp_path / "in", tmp_path / "other", jobs=1)
    assert [r.location for r in again.inputs] == [str(src.resolve())] and again.ok
    assert [p.name for p in (tmp_path / "other").glob("format=*")] == ["format=vpcflow"]


def test_an_input_that_vanishes_is_an_error_not_a_crash(tmp_path: Path) -> None:
    src = write_flow(tmp_path / "in" / "gone.log.gz", 10)
    items = collect_inputs([src])
    src.unlink()
    report = awslogparse.convert(items, tmp_path / "out", jobs=1)
    assert report.inputs[0].status == "failed" and "vanished" in report.inputs[0].failure


@pytest.mark.parametrize("grouped", [False, True], ids=["file-per-input", "grouped"])
def test_an_input_whose_read_fails_part_way_is_read_again_by_the_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, grouped: bool) -> None:
    """A read that fails part-way (a dropped S3 connection, an I/O error) fails its input: none
    of its rows are kept and the manifest does not record it, so the next run converts it
    whole. A damaged input (corrupt gzip) is converted with its error, as before: reading it
    again would stop at the same place."""
    for i in range(3):
        write_flow(tmp_path / "in" / f"f{i}.log.gz", 300, seed=i)
    dest = tmp_path / "out"
    real = task._open

    class Breaking(io.RawIOBase):
        def __init__(self, stream: Any) -> None:
            self._stream, self._left = stream, 2000

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            if self._left <= 0:
                raise OSError(errno.ECONNRESET, "Connection reset by peer")
            data = self._stream.read(min(len(buffer), self._left))
            self._left -= len(data)
            buffer[:len(data)] = data
            return len(data)

        def close(self) -> None:
            self._stream.close()
            super().close()

    def breaking(item: Any) -> Any:
        stream = real(item)
        if item.location.endswith("f1.log.gz"):
            stream = task.CountingReader(Breaking(stream), item.location)
        return stream

    monkeypatch.setattr(task, "_open", breaking)
    report = awslogparse.convert(tmp_path / "in", dest, jobs=1, group_inputs=grouped)
    failed = [r for r in report.inputs if r.status == "failed"]
    assert [Path(r.location).name for r in failed] == ["f1.log.gz"]
    assert "reading failed part-way" in failed[0].failure
    assert "Connection reset by peer" in failed[0].failure
    assert not any(src.endswith("f1.log.gz") for src, _ in provenance(read_dataset(dest,
                                                                                "vpcflow")))
    monkeypatch.undo()
    again = awslogparse.convert(tmp_path / "in", dest, jobs=1, group_inputs=grouped)
    assert again.ok and sum(r.rows for r in again.inputs) >= 300
    assert provenance(read_dataset(dest, "vpcflow")) == \
        expected_provenance(sorted((tmp_path / "in").glob("*.gz")))


@pytest.mark.parametrize("grouped", [False, True], ids=["file-per-input", "grouped"])
def test_an_unwritable_destination_stops_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                grouped: bool) -> None:
    """A destination that fails (full, permissions changed, bucket gone) stops the run: no
    input starts after it (a group fails as a whole), and the next run resumes."""
    for i in range(3):
        write_flow(tmp_path / "in" / f"f{i}.log.gz", 20, seed=i)
    dest = tmp_path / "out"
    from awslogparse.conversion import destination

    real = destination.LocalOutput.commit

    def refuse(self: Any) -> None:
        if self.final.suffix == ".parquet":
            raise DestinationError("cannot write x: No space left on device")
        real(self)

    monkeypatch.setattr(destination.LocalOutput, "commit", refuse)
    report = awslogparse.convert(tmp_path / "in", dest, jobs=1, group_inputs=grouped)
    assert report.stopped == "cannot write x: No space left on device"
    assert [r.status for r in report.inputs] == ["failed"] * (3 if grouped else 1)
    assert report.inputs[0].rows > 0  # (what the failed input had read)
    assert (report.rows, report.errors) == (0, 0)  # (the totals: what the dataset holds)
    assert not parquet_files(dest)
    monkeypatch.undo()
    assert awslogparse.convert(tmp_path / "in", dest, jobs=1, group_inputs=grouped).ok


def test_report_json_and_dry_run(tmp_path: Path) -> None:
    src = write_flow(tmp_path / "in" / FLOW_KEY / "f.log.gz", 30, bad_every=10)
    dest = tmp_path / "out"
    planned = awslogparse.conversion.plan(tmp_path / "in", dest)
    assert [(p.format, p.finished, p.facts.region) for p in planned] == [
        ("vpcflow", False, "us-east-1")]
    assert not dest.exists() or not parquet_files(dest)
    report = awslogparse.convert(src, dest, jobs=1, report_file=tmp_path / "r.json")
    doc = json.loads((tmp_path / "r.json").read_text())
    assert {k: doc[k] for k in ("inputs", "converted", "skipped", "failed", "rows", "errors",
                                "files")} == {"inputs": 1, "converted": 1, "skipped": 0,
                                              "failed": 0, "rows": 27, "errors": 3,
                                              "files": 1}
    assert doc["bytes"] == src.stat().st_size and doc["elapsed"] > 0
    assert doc["results"][0]["outputs"] == report.inputs[0].outputs
    stored = dest / manifest.RUNS / report.run_id / "report.json"
    assert json.loads(stored.read_text())["rows"] == 27
    assert [p.finished for p in awslogparse.conversion.plan(src, dest)] == [True]


def test_import_stays_light() -> None:
    import subprocess
    import sys

    code = ("import sys, awslogparse, awslogparse.conversion; awslogparse.convert; "
            "awslogparse.conversion.convert; "
            "print(sorted(m for m in ('pyarrow', 'boto3') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def _started(argv: list[str], tmp_path: Path) -> tuple[Any, dict[str, str]]:
    """The command started quietly in its own process, and the environment it runs in: a
    killed run cannot remove its spool folder of error files, so that goes under ``tmp_path``,
    not /tmp."""
    import subprocess

    spool = tmp_path / "spool"
    spool.mkdir()
    env = {**os.environ, "TMPDIR": str(spool)}
    return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL), env


@pytest.mark.parametrize("grouped", [False, True], ids=["file-per-input", "grouped"])
def test_a_killed_run_then_a_rerun_give_every_record_exactly_once(tmp_path: Path,
                                                                   grouped: bool) -> None:
    """SIGKILL the command part-way (small files, so it is mid-input), run it again: the
    dataset holds every record of the inputs once. The inputs are small: by default one group
    writes their shared files (see test_conversion_groups.py), else each input its own."""
    import signal
    import subprocess
    import sys
    import time

    inputs = [write_flow(tmp_path / "in" / FLOW_KEY / f"f{i}.log.gz", 12000, seed=i)
              for i in range(4)]
    dest = tmp_path / "out"
    argv = [sys.executable, "-m", "awslogparse", "convert", str(tmp_path / "in"), "-o",
            str(dest), "--jobs", "1", "--max-file-rows", "1500", "--row-group-rows", "500",
            "-q", *([] if grouped else ["--file-per-input"])]
    first, env = _started(argv, tmp_path)
    deadline = time.monotonic() + 60
    while len(parquet_files(dest)) < 6 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    assert first.wait(timeout=30) == -signal.SIGKILL, "the run ended before it was killed"
    done_before = manifest.finished(open_destination(dest))
    assert len(done_before) < len(inputs)
    second = subprocess.run(argv, check=False, cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    table = read_dataset(dest, "vpcflow")
    expected = expected_provenance(inputs)
    assert table.num_rows == sum(expected.values())
    assert provenance(table) == expected
    assert len(manifest.finished(open_destination(dest))) == len(inputs)
    assert not [p for p in dest.rglob("*") if ".tmp-" in p.name or p.name.endswith(
        ".pending.json")]
    groups = {r["group"] for r in (json.loads(p.read_text())
                                   for p in (dest / manifest.INPUTS).glob("*.done.*.json"))
              if "group" in r}
    assert len(groups) == (1 if grouped else 0)


def _alive_children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux ``/proc``), zombies left out."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state == "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_the_workers_of_a_killed_parent_end_with_it(tmp_path: Path) -> None:
    """The OOM killer or ``kill -9`` ends the command alone: its worker processes, which no
    signal reaches then, end within a second or so (else they go on converting into a run
    started again meanwhile, and hold the command's output pipes open). The rerun then gives
    every record once."""
    import signal
    import subprocess
    import sys
    import time

    inputs = [write_flow(tmp_path / "in" / FLOW_KEY / f"f{i}.log.gz", 15000, seed=i)
              for i in range(8)]
    dest = tmp_path / "out"
    argv = [sys.executable, "-m", "awslogparse", "convert", str(tmp_path / "in"), "-o",
            str(dest), "--jobs", "2", "--max-file-rows", "1000", "--file-per-input", "-q"]
    first, env = _started(argv, tmp_path)
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while first.poll() is None and time.monotonic() < deadline:
        workers = _alive_children(first.pid)
        if len(workers) >= 2 and parquet_files(dest):  # (converting, not starting)
            break
        time.sleep(0.02)
    assert len(workers) >= 2, "no workers seen converting"
    first.send_signal(signal.SIGKILL)
    assert first.wait(timeout=30) == -signal.SIGKILL, "the run ended before it was killed"
    deadline = time.monotonic() + 10
    while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_gone(pid) for pid in workers), "workers outlived their parent"
    second = subprocess.run(argv, check=False, cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert provenance(read_dataset(dest, "vpcflow")) == expected_provenance(inputs)


def test_a_script_without_the_main_guard_is_told_why_its_workers_died(tmp_path: Path) -> None:
    """Worker processes import the calling script again (``spawn``): unguarded, each starts a
    conversion of its own and dies; the report names that cause beside running out of memory."""
    import subprocess
    import sys

    for i in range(2):
        write_flow(tmp_path / "in" / f"f{i}.log", 2000, seed=i)
    script = tmp_path / "unguarded.py"
    script.write_text("import awslogparse\n"
                      f"report = awslogparse.convert({str(tmp_path / 'in')!r}, "
                      f"{str(tmp_path / 'out')!r}, jobs=2, group_inputs=False)\n"
                      "print('STOPPED:', report.stopped)\n")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    assert 'if __name__ == "__main__":' in done.stdout, (done.stdout, done.stderr[-2000:])


def test_the_guides_duckdb_queries_run_on_converted_samples(tmp_path: Path) -> None:
    import re

    import duckdb

    from awslogparse.conversion.tables import athena_ddl, duckdb_view

    guide = (ROOT / "docs" / "conversion.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql duckdb\n(.*?)```", guide, re.S)
    assert queries[0].strip() == duckdb_view("vpcflow", "lake")  # the guide shows the generator
    lake = tmp_path / "lake"
    vpc = [p for p, h in HEADS.items() if h["format"] == "vpcflow"]
    report = awslogparse.convert(vpc, lake, jobs=1)
    con = duckdb.connect()
    results = [con.execute(q.replace("'lake/", f"'{lake}/")).fetchall() for q in queries]
    assert sum(row[3] for row in results[1]) == report.rows
    assert {row[0] for row in results[3]} == {str(p.resolve()) for p in vpc}
    assert sum(row[2] for row in results[3]) == report.rows
    assert con.execute("SELECT count(*) FROM vpcflow WHERE account_id = '123456789012'"
                       ).fetchone() == (report.rows,)
    ddl = athena_ddl("vpcflow", "s3://lake/")
    for name in pq.read_schema(parquet_files(lake)[0]).names:
        assert f"`{name}` " in ddl  # every file column is a table column


WITH_SIGINT = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
               "runpy.run_module('awslogparse', run_name='__main__', alter_sys=True)")
"""``python -c WITH_SIGINT <args>`` runs the command with SIGINT as a terminal's foreground
command has it: a suite started in the background of a non-interactive shell (``cmd &``)
ignores SIGINT, children inherit that, and the command would never see the test's Ctrl-C."""


@pytest.mark.parametrize(("jobs", "target"), [(1, "group"), (2, "group"), (2, "command")])
def test_ctrl_c_stops_cleanly_and_a_rerun_finishes(tmp_path: Path, jobs: int,
                                                   target: str) -> None:
    """SIGINT part-way, as a terminal's Ctrl-C sends it (to the command and its workers) or as
    ``kill -INT`` does (to the command alone): the command stops within seconds, says so and
    exits 130 with the totals of what it finished (also under ``-q``, which the ``command``
    case passes); the inputs it was converting are reported interrupted and left no file, so every
    ``*.parquet`` (hidden names too: DuckDB's globs match them) is a complete file of a finished
    input; a rerun converts the rest, every record exactly once."""
    import signal
    import subprocess
    import sys
    import time

    inputs = [write_flow(tmp_path / "in" / FLOW_KEY / f"f{i}.log.gz", 12000, seed=i)
              for i in range(3)]
    dest = tmp_path / "out"
    argv = [sys.executable, "-c", WITH_SIGINT, "convert", str(tmp_path / "in"), "-o",
            str(dest), "--jobs", str(jobs), "--max-file-rows", "1000", "--row-group-rows", "500"]
    quiet = ["-q"] if target == "command" else []
    first = subprocess.Popen([*argv, *quiet], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             start_new_session=True)  # its own group, as a shell's
    deadline = time.monotonic() + 60
    while len(parquet_files(dest)) < 2 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert first.poll() is None, "the run ended before Ctrl-C"
    signalled = time.monotonic()
    if target == "group":
        os.killpg(first.pid, signal.SIGINT)
    else:
        first.send_signal(signal.SIGINT)
    out, err = first.communicate(timeout=60)
    took = time.monotonic() - signalled
    assert first.returncode == 130, err
    assert took < 10, f"stopped {took:.1f} s after Ctrl-C"
    assert "interrupted:" in err and "Traceback" not in err, err
    assert out.startswith("total: ") and "stopped: interrupted" in out, out

    target_dest = open_destination(dest)
    done = manifest.finished(target_dest)
    assert len(done) < len(inputs)
    kept = {out for name in target_dest.list(f"{manifest.INPUTS}/") if ".done." in name
            for out in json.loads((dest / name).read_text())["outputs"]}
    visible = {str(p.relative_to(dest)) for p in dest.rglob("*.parquet")}
    assert visible == kept
    for rel in visible:
        assert pq.ParquetFile(dest / rel).metadata.num_rows > 0  # complete: footer and all
    assert not [p for p in dest.rglob("*") if ".tmp-" in p.name or p.name.endswith(
        ".pending.json")]
    run_reports = list((dest / manifest.RUNS).glob("*/report.json"))
    assert len(run_reports) == 1
    report = json.loads(run_reports[0].read_text())
    assert report["stopped"] == "interrupted" and report["converted"] == len(done)
    cut = [r for r in report["results"] if r["failure"] == "interrupted"]
    assert cut and all(not r["outputs"] for r in cut)

    second = subprocess.run([*argv, "-q"], check=False, cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert second.returncode == 0, second.stdout + second.stderr
    table = read_dataset(dest, "vpcflow")
    assert provenance(table) == expected_provenance(inputs)
    assert len(manifest.finished(target_dest)) == len(inputs)


def test_a_pool_starts_the_largest_inputs_first() -> None:
    """Largest first, ties in their order, each with its own index (results are matched back
    by it): a run never ends with one big input converting alone."""
    from awslogparse.conversion.inputs import InputFile
    from awslogparse.conversion.task import ConvertTask
    from awslogparse.conversion.workers import largest_first

    sizes = [10, 500, 10, 70, 500, 0]
    tasks = [ConvertTask(InputFile(f"/in/{i}", f"{i}", size, "v"), "/out", "run", "/spool")
             for i, size in enumerate(sizes)]
    order = largest_first(tasks)
    assert [index for index, _ in order] == [1, 4, 3, 0, 2, 5]
    assert all(tasks[index] is task for index, task in order)


# ---- the memory pool


def test_conversions_allocate_from_jemalloc_unless_a_pool_was_chosen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """See awslogparse/conversion/memory.py for why (and the figures)."""
    import subprocess
    import sys

    from awslogparse.conversion import memory

    monkeypatch.delenv(memory.POOL_VARIABLE, raising=False)
    try:
        pa.jemalloc_memory_pool()
        expected = "jemalloc"
    except NotImplementedError:  # (a pyarrow built without it: nothing changes)
        expected = pa.default_memory_pool().backend_name
    before = pa.default_memory_pool().backend_name
    with memory.conversion_pool():
        assert pa.default_memory_pool().backend_name == (
            expected if before == "mimalloc" else before)
    assert pa.default_memory_pool().backend_name == before
    monkeypatch.setenv(memory.POOL_VARIABLE, "system")  # the user's choice stands
    with memory.conversion_pool():
        assert pa.default_memory_pool().backend_name == before
    # a process that only converts (the command, a worker) sets it before pyarrow loads
    probe = ("import os; from awslogparse.conversion.memory import use_in_this_process; "
             "use_in_this_process(worker=False); import pyarrow as pa; "
             "print(pa.default_memory_pool().backend_name, "
             "os.environ.get('ARROW_DEFAULT_MEMORY_POOL'))")
    env = {k: v for k, v in os.environ.items() if k != memory.POOL_VARIABLE}
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    if sys.platform.startswith("linux"):  # (elsewhere it may lack jemalloc: not set then)
        assert out[0] == expected
    env[memory.POOL_VARIABLE] = "system"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert out == ["system", "system"]
    # with pyarrow loaded already: the command leaves this process's pool alone (cli.main may
    # run inside another program), a worker process sets it
    loaded = "import pyarrow as pa; " + probe.replace("import pyarrow as pa; ", "")
    del env[memory.POOL_VARIABLE]
    fresh = "import pyarrow as pa; print(pa.default_memory_pool().backend_name)"
    default = subprocess.run([sys.executable, "-c", fresh], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout.strip()
    for worker, expected_here in ((False, default),
                                  (True, expected if default == "mimalloc" else default)):
        code = loaded.replace("worker=False", f"worker={worker}")
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True).stdout.split()
        assert out == [expected_here, "None"]


def test_carried_records_take_their_envelopes_time_and_account_for_partitions(
        tmp_path: Path) -> None:
    """A record a CloudWatch Logs payload or export carries may have no time or account of
    its own (a Lambda START or REPORT line): its partition takes the context its carrier gave
    it (kept in ``_extra``: the event's time, the owner's account), before the key's. Such
    rows went to the null date partition, which Athena's date projection never lists."""
    from awslogparse.conversion.partitioning import carried_names, time_column

    carriers = {n for n in registry.formats() if registry.get(n).format().carries_formats}
    inputs = [p for p, h in HEADS.items() if h["format"] in carriers and h["stats"]["records"]]
    assert inputs, "no sample of a carrier format"
    report = awslogparse.convert(inputs, tmp_path / "out", jobs=1)
    assert report.ok
    times, accounts = carried_names("time_field"), carried_names("account_field")
    assert times and accounts
    checked = 0
    for folder in sorted((tmp_path / "out").glob("format=*")):
        fmt = folder.name.removeprefix("format=")
        spec = registry.get(fmt).format().spec
        table = read_dataset(tmp_path / "out", fmt)
        time = time_column(spec, table.column_names)
        for row in table.to_pylist():
            extra = dict(row["_extra"] or [])
            own = row.get(time) if time else None
            carried = next((extra[n] for n in times if extra.get(n)), None)
            if own is None and carried is not None:
                assert row["date"] == carried[:10], (fmt, row)
                checked += 1
            account = row["account_id"]
            if spec.account_field in ("", None) and any(extra.get(n) for n in accounts):
                assert account == next(extra[n] for n in accounts if extra.get(n)), (fmt, row)
    assert checked, "no carried record without a time of its own: the samples changed"


def test_a_terminal_gets_a_bar_and_other_streams_plain_lines() -> None:
    from awslogparse.conversion.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, bar in ((Terminal(), True), (io.StringIO(), False)):
        shown = Progress(2, 2000, stream)
        assert shown.bar is bar
        shown.add(1000, 7, 1)
        shown.finished_file(1000, 1000)
        shown.show(force=True)
        shown.close()
        text = stream.getvalue()
        for part in ("1/2 files", "7 rows", "1 errors", "/s, ETA "):
            assert part in text, (part, text)
        if bar:
            assert text.startswith("\r[") and "50%" in text and text.endswith("\n")
            assert "progress: " not in text
        else:
            assert text.startswith("progress: ") and "\r" not in text


def test_progress_does_not_count_inputs_cut_short_as_done() -> None:
    """The last progress line of an interrupted run said every file was done ('8/8 files, 15.0
    MB/15.0 MB, ... ETA 0:00:00') just above 'interrupted: 0 of 8 inputs converted': the inputs
    cut short were counted as finished, their whole size as read."""
    from awslogparse.conversion.progress import Progress
    from awslogparse.conversion.task import INTERRUPTED, TaskResult
    from awslogparse.conversion.workers import _finish

    stream = io.StringIO()
    shown = Progress(3, 3000, stream)
    shown.add(1200, 70, 0)  # (what the workers reported reading)
    results = [TaskResult("a", "a", 1000, bytes_read=1000, rows=50),
               TaskResult("b", "b", 1000, status="failed", failure=INTERRUPTED, bytes_read=200),
               TaskResult("c", "c", 1000, status="failed", failure="cannot tell the format")]
    _finish(0, results, shown, lambda index, found: None)
    shown.close()
    assert "2/3 files, 2.2 KB/3.0 KB" in stream.getvalue().splitlines()[-1], stream.getvalue()
