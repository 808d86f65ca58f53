"""JSON log benchmarks: CloudTrail files and CloudWatch Logs Lambda payloads against their peers.

``python -m bench.json_bench`` generates (once) production-like inputs under ``bench/data/`` with
``bench/gen_json.py`` (see that module for what they vary), then measures, interleaved round by
round (so drift on a shared machine hits every case alike):

(1) CloudTrail, 200 gzip log files (``--records`` in all): ``awslogparse.iter_records`` (typed
    dicts) and ``awslogparse.write_parquet`` (zstd; one Parquet file per log file, as a job
    per S3 object would) against DuckDB: ``read_json`` of the same 200 files, ``Records``
    unnested to one row per record with its keys as columns, written to one Parquet file
    (zstd) by ``COPY`` with ``SET threads=2``. Beside them, untyped routes: the standard
    library (``gzip.open`` + ``json.load``), and decode only, from the already decompressed
    bytes in memory: ``json.loads``, ``orjson.loads``, ``msgspec.json.decode``; and the gunzip
    alone (awslogparse's backend), so a decoder's share of a route can be worked out.
(2) CloudWatch Logs, 200 Lambda events ``{"awslogs":{"data":...}}`` (in memory, as Lambda
    hands them over) carrying VPC flow log lines: ``awslogparse.iter_records(payload,
    "cloudwatch")`` (decode, parse every line to a typed record) against aws-lambda-powertools'
    ``CloudWatchLogsEvent(json.loads(payload)).parse_logs_data()`` iterating ``log_events``
    (id, timestamp, message: the line left unparsed); and, for reference, that route plus
    ``awslogparse.parse_line(message, "vpcflow")`` per event.
(3) Memory: one CloudTrail file of ``--memory-mb`` MB uncompressed, each reader in a fresh
    interpreter: the peak of ``iter_records`` over it (records counted, not kept), against
    ``json.load`` of the same file (the Python objects of the whole file, and its peak);
    tracemalloc in one run, peak RSS (VmHWM) in another.

Before any timing every reader must account for every record and agree on values, or the run
stops: awslogparse and DuckDB row counts, per-record values of three files, error and event
name counts over all files; the decoders' ``Records`` counts; powertools' event count,
awslogparse's records (every one a ``vpcflow`` record) and per-event values of three payloads.

It prints a table and writes ``docs/benchmarks_json.md`` with the command that produced it.
Quick run while developing: ``python -m bench.json_bench --records 4000 --repeat 1
--memory-mb 5 --no-doc``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.harness import Case, interleave, proc_status, publish, reset_peak_rss
from bench.harness import fmt_load as _fmt_load
from bench.harness import machine as harness_machine
from bench.harness import table as _table
from bench.harness import verdict as _verdict
from bench.run import gzip_backend, load_average, profile

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
DOC = ROOT / "docs" / "benchmarks_json.md"
DEFAULT_RECORDS = 200_000
FILES = 200
DEFAULT_MEMORY_MB = 50.0
TARGET_PARQUET = 1.5
"""(1): our records/s to Parquet over DuckDB's read_json -> Parquet."""
TARGET_CWL = 0.8
"""(2): our events/s (decoded and parsed) over powertools' (decoded, lines unparsed)."""
CHECK_FILES = 3
"""Files (payloads) whose every record is compared value by value before timing."""
PEERS = ("duckdb", "aws-lambda-powertools", "orjson", "msgspec")
Say = Callable[[str], None]


# ---- timing: bench/harness.py (whole-corpus runs, cases interleaved by round)


# ---- data (generated once; a directory appears only when complete)


def _generate(target: Path, write: Callable[[Path], object], what: str, say: Say) -> None:
    """``target`` written by ``write`` once per version of the generator (a hidden stamp file
    names it: data an older generator wrote is written again)."""
    from bench.gen_json import DATA_VERSION

    stamp = target / ".generator"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == str(DATA_VERSION):
        return
    DATA.mkdir(parents=True, exist_ok=True)
    say(f"generating {target.relative_to(ROOT)} ({what}) with bench/gen_json.py ...")
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    write(tmp)
    (tmp / ".generator").write_text(str(DATA_VERSION), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    tmp.replace(target)


def cloudtrail_files(records: int, say: Say) -> list[Path]:
    from bench.gen_json import write_cloudtrail

    root = DATA / f"cloudtrail-{records}"
    _generate(root, lambda out: write_cloudtrail(out, records, FILES),
              f"{records:,} records in {FILES} files", say)
    return sorted(root.rglob("*.json.gz"))


def cwl_files(records: int, say: Say) -> list[Path]:
    from bench.gen_json import write_cwl_vpc

    root = DATA / f"cwl-vpc-{records}"
    _generate(root, lambda out: write_cwl_vpc(out, records, FILES),
              f"{records:,} events in {FILES} Lambda payloads", say)
    return sorted(root.glob("payload-*.json"))


def single_file(mb: float, say: Say) -> Path:
    from bench.gen_json import write_cloudtrail_single

    root = DATA / f"cloudtrail-single-{mb:g}mb"
    _generate(root, lambda out: write_cloudtrail_single(out, int(mb * 1e6)),
              f"one {mb:g} MB log file", say)
    return next(root.rglob("*.json.gz"))


def _gunzip(data: bytes) -> bytes:
    """Whole-buffer gunzip with the backend awslogparse reads with (zlib-ng when installed)."""
    from awslogparse.sources import _decompressobj_factory

    return bytes(_decompressobj_factory()(31).decompress(data))


# ---- (1) CloudTrail readers


def ours_records(files: Sequence[Path]) -> int:
    import awslogparse

    count = 0
    for path in files:
        for _record in awslogparse.iter_records(path, "cloudtrail"):
            count += 1
    return count


def ours_parquet(files: Sequence[Path], out: Path) -> int:
    import awslogparse

    rows = 0
    for index, path in enumerate(files):
        result = awslogparse.write_parquet(path, out / f"{index:04d}.parquet", "cloudtrail")
        if result.stats.errors:
            raise RuntimeError(f"{path.name}: {result.stats.errors} records failed")
        rows += int(result.stats.records)
    return rows


def ours_parquet_one(files: Sequence[Path], out: Path) -> int:
    """Every file's batches into one Parquet file (one ParquetSink), as DuckDB writes one."""
    import awslogparse

    sink = None
    rows = 0
    try:
        for path in files:
            batches = awslogparse.iter_batches(path, "cloudtrail")
            for batch in batches:
                if sink is None:
                    sink = awslogparse.ParquetSink(out, batch.schema)
                sink.write(batch)
                rows += batch.num_rows
            if batches.stats.errors:
                raise RuntimeError(f"{path.name}: {batches.stats.errors} records failed")
    finally:
        if sink is not None:
            sink.close()
    return rows


def ours_convert(files: Sequence[Path], out: Path, jobs: int) -> int:
    """``awslogparse.convert`` of the files into a fresh partitioned dataset (zstd) with
    ``jobs`` worker processes: what a user converting a trail's files runs."""
    import awslogparse

    shutil.rmtree(out, ignore_errors=True)
    report = awslogparse.convert([str(p) for p in files], out, format="cloudtrail", jobs=jobs)
    if report.errors or report.failed:
        raise RuntimeError(f"convert: {report.errors} errors, {len(report.failed)} failed")
    return int(report.rows)


DUCKDB_SQL = ("COPY (SELECT r.* FROM (SELECT unnest(Records) AS r FROM read_json(?))) "
              "TO '{out}' (FORMAT parquet, COMPRESSION zstd)")


def duckdb_parquet(files: Sequence[Path], out: Path) -> int:
    """DuckDB as its documentation suggests for JSON: ``read_json`` (schema inferred from a
    sample), one row per ``Records`` entry, its keys as columns, ``COPY`` to Parquet."""
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET threads = 2")
        row = con.execute(DUCKDB_SQL.format(out=out), [[str(p) for p in files]]).fetchone()
    finally:
        con.close()
    return int(row[0]) if row else 0


def stdlib_route(files: Sequence[Path]) -> int:
    """What a script without a library does: untyped dicts, the whole file at once."""
    count = 0
    for path in files:
        with gzip.open(path, "rb") as fh:
            doc = json.load(fh)
        for _record in doc["Records"]:
            count += 1
    return count


def gunzip_only(blobs: Sequence[bytes]) -> int:
    return sum(len(_gunzip(blob)) for blob in blobs)


def decode_json(texts: Sequence[bytes]) -> int:
    return sum(len(json.loads(text)["Records"]) for text in texts)


def decode_orjson(texts: Sequence[bytes]) -> int:
    import orjson

    return sum(len(orjson.loads(text)["Records"]) for text in texts)


def decode_msgspec(texts: Sequence[bytes]) -> int:
    import msgspec

    decode = msgspec.json.Decoder().decode
    return sum(len(decode(text)["Records"]) for text in texts)


# ---- (1) checks before timing


def _ours_summary(files: Sequence[Path]) -> tuple[int, Counter[str], int, dict[str, tuple[Any,
                                                                                          ...]]]:
    """One pass of ours: (records, eventName counts, records with an errorCode, the values of
    the first ``CHECK_FILES`` files' records by eventID)."""
    import awslogparse

    total, errors = 0, 0
    names: Counter[str] = Counter()
    sample: dict[str, tuple[Any, ...]] = {}
    for index, path in enumerate(files):
        it = awslogparse.iter_records(path, "cloudtrail")
        for rec in it:
            total += 1
            names[rec["eventName"] or ""] += 1
            errors += rec["errorCode"] is not None
            if index < CHECK_FILES:
                sample[rec["eventID"]] = (
                    rec["eventName"], int(rec["eventTime"].timestamp()),
                    (rec["userIdentity"] or {}).get("type"), rec["sourceIPAddress"],
                    rec["errorCode"], rec["recipientAccountId"], rec["readOnly"],
                    len(rec["resources"] or ()))
        if it.stats.errors:
            raise SystemExit(f"{path}: awslogparse reported {it.stats.errors} errors")
    return total, names, errors, sample


def check_cloudtrail(files: Sequence[Path], texts: Sequence[bytes], records: int, out: Path,
                     say: Say) -> dict[str, Any]:
    """Every reader accounts for every record and the two typed readers agree, or no timing."""
    import duckdb

    total, names, errors, sample = _ours_summary(files)
    if total != records:
        raise SystemExit(f"awslogparse read {total} CloudTrail records of {records}: not timing")
    try:
        duck_rows = duckdb_parquet(files, out)
    except duckdb.Error as exc:
        raise SystemExit(f"DuckDB cannot read the CloudTrail files: {exc}") from None
    if duck_rows != records:
        raise SystemExit(f"DuckDB wrote {duck_rows} rows of {records}: not timing")
    con = duckdb.connect()
    try:
        columns = [row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)",
                                                 [str(out)]).fetchall()]
        rows = con.execute(
            "SELECT eventID::VARCHAR, eventName, epoch(eventTime)::BIGINT, userIdentity.type, "
            "sourceIPAddress, errorCode, recipientAccountId, readOnly, "
            "coalesce(len(resources), 0) FROM read_parquet(?)", [str(out)]).fetchall()
    except duckdb.Error as exc:
        raise SystemExit(f"DuckDB's Parquet lacks a column the check compares: {exc}") from None
    finally:
        con.close()
    duck_names = Counter(row[1] or "" for row in rows)
    duck_errors = sum(row[5] is not None for row in rows)
    if duck_names != names or duck_errors != errors:
        raise SystemExit(f"event names or error counts differ: ours {errors} errors, DuckDB "
                         f"{duck_errors}; names differ for "
                         f"{sorted((names - duck_names) + (duck_names - names))[:5]}")
    compared = 0
    for row in rows:
        mine = sample.get(row[0])
        if mine is None:
            continue
        if mine != tuple(row[1:]):
            raise SystemExit(f"record {row[0]}: {mine!r} here, {tuple(row[1:])!r} in DuckDB")
        compared += 1
    if compared != len(sample):
        raise SystemExit(f"DuckDB lacks {len(sample) - compared} of the checked eventIDs")
    decoded = {"json": decode_json(texts), "orjson": decode_orjson(texts),
               "msgspec": decode_msgspec(texts), "stdlib route": stdlib_route(files)}
    for name, count in decoded.items():
        if count != records:
            raise SystemExit(f"{name}: {count} records of {records}: not timing")
    first = json.loads(texts[0])["Records"]
    if not (first == _orjson_loads(texts[0])["Records"] == _msgspec_decode(texts[0])["Records"]):
        raise SystemExit("json, orjson and msgspec decode the first file differently")
    say(f"  cloudtrail: ours {total:,} records ({errors:,} with errorCode); DuckDB {duck_rows:,} "
        f"rows, {len(columns)} columns; {compared:,} records compared value by value; "
        f"json/orjson/msgspec/stdlib route {records:,} each")
    return {"compared": compared, "errors": errors, "names": len(names),
            "duck_columns": len(columns)}


def _orjson_loads(text: bytes) -> Any:
    import orjson

    return orjson.loads(text)


def _msgspec_decode(text: bytes) -> Any:
    import msgspec

    return msgspec.json.decode(text)


# ---- (2) CloudWatch Logs readers


def ours_cwl(payloads: Sequence[bytes]) -> int:
    import awslogparse

    count = 0
    for payload in payloads:
        for _record in awslogparse.iter_records(payload, "cloudwatch"):
            count += 1
    return count


def ours_event_cwl(payloads: Sequence[bytes]) -> int:
    """A forwarder's handler: the event as the Lambda runtime hands it over (decoded here with
    ``json.loads``, as the powertools route decodes it) read by ``from_lambda_event``."""
    import awslogparse

    count = 0
    for payload in payloads:
        for _record in awslogparse.from_lambda_event(json.loads(payload)):
            count += 1
    return count


def powertools_cwl(payloads: Sequence[bytes]) -> int:
    """A Lambda handler's steps with powertools: the event dict, the decoded envelope, and each
    log event's id, timestamp and message (the flow log line stays text)."""
    from aws_lambda_powertools.utilities.data_classes import CloudWatchLogsEvent

    count = 0
    for payload in payloads:
        decoded = CloudWatchLogsEvent(json.loads(payload)).parse_logs_data()
        for event in decoded.log_events:
            _ = (event.get_id, event.timestamp, event.message)
            count += 1
    return count


def powertools_parse_line(payloads: Sequence[bytes]) -> int:
    """The powertools route plus the parsing it skips, with awslogparse's public parse_line."""
    from aws_lambda_powertools.utilities.data_classes import CloudWatchLogsEvent

    import awslogparse

    count = 0
    for payload in payloads:
        decoded = CloudWatchLogsEvent(json.loads(payload)).parse_logs_data()
        for event in decoded.log_events:
            awslogparse.parse_line(event.message, "vpcflow")
            count += 1
    return count


def check_cwl(payloads: Sequence[bytes], records: int, say: Say) -> dict[str, Any]:
    """Counts, inner formats and per-event values agree, or no timing."""
    from aws_lambda_powertools.utilities.data_classes import CloudWatchLogsEvent

    import awslogparse

    total, nodata, compared = 0, 0, 0
    formats: Counter[str] = Counter()
    for index, payload in enumerate(payloads):
        it = awslogparse.iter_records(payload, "cloudwatch")
        mine = list(it)
        if it.stats.errors:
            raise SystemExit(f"payload {index}: awslogparse reported {it.stats.errors} errors")
        total += len(mine)
        formats.update(str(r.get("_format")) for r in mine)
        nodata += sum(r.get("log_status") in ("NODATA", "SKIPDATA") for r in mine)
        if index >= CHECK_FILES:
            continue
        theirs = CloudWatchLogsEvent(json.loads(payload)).parse_logs_data().log_events
        if len(theirs) != len(mine):
            raise SystemExit(f"payload {index}: {len(mine)} records, powertools {len(theirs)}")
        for rec, event in zip(mine, theirs, strict=True):
            words = event.message.split()
            want = [rec["event_id"], int(rec["event_timestamp"].timestamp() * 1000),
                    rec["interface_id"], rec["srcaddr"], rec["dstport"], rec["bytes"],
                    int(rec["end"].timestamp()), rec["log_status"]]
            got = [event.get_id, event.timestamp, words[2], _dash(words[3]),
                   _dash(words[6], int), _dash(words[9], int), int(words[11]), words[13]]
            if want != got:
                raise SystemExit(f"payload {index}: {want!r} here, {got!r} in the line")
            compared += 1
    theirs_total = powertools_cwl(payloads)
    if total != records or theirs_total != records:
        raise SystemExit(f"CloudWatch Logs: ours {total}, powertools {theirs_total} of "
                         f"{records} events: not timing")
    if set(formats) != {"vpcflow"}:
        raise SystemExit(f"inner formats {dict(formats)}: not every event read as a flow log")
    reference = powertools_parse_line(payloads)
    say(f"  cloudwatch: ours {total:,} vpcflow records ({nodata:,} NODATA/SKIPDATA); "
        f"powertools {theirs_total:,} events; parse_line route {reference:,}")
    return {"nodata": nodata, "compared": compared}


def _b64(payload: bytes) -> bytes:
    import base64

    return base64.b64decode(json.loads(payload)["awslogs"]["data"])


def _dash(text: str, kind: Callable[[str], Any] = str) -> Any:
    return None if text == "-" else kind(text)


# ---- (3) memory, each measurement in a fresh interpreter

_CHILD = ("import sys; from bench.json_bench import memory_child; "
          "memory_child(sys.argv[1], sys.argv[2], sys.argv[3])")


def memory_child(route: str, probe: str, path: str) -> None:
    """Run in a child: read ``path`` by ``route`` ("ours", "json") measured by ``probe``
    ("trace": tracemalloc; "rss": VmHWM after resetting it) and print one JSON line."""
    import tracemalloc

    import awslogparse

    for _ in awslogparse.iter_records(b'{"Records":[]}', "cloudtrail"):  # load the parsers
        pass
    gc.collect()
    out: dict[str, Any] = {}
    if probe == "trace":
        tracemalloc.start()
    else:
        if not reset_peak_rss():
            out["reset"] = False
        out["base_rss"] = proc_status("VmRSS")
    start = time.perf_counter()
    if route == "ours":
        count = 0
        for _record in awslogparse.iter_records(path, "cloudtrail"):
            count += 1
        out["records"] = count
    else:
        with gzip.open(path, "rb") as fh:
            doc = json.load(fh)
        out["records"] = len(doc["Records"])
        if probe == "trace":
            out["held"] = tracemalloc.get_traced_memory()[0]  # the whole file's objects
    out["seconds"] = time.perf_counter() - start
    if probe == "trace":
        out["peak"] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    else:
        out["peak_rss"] = proc_status("VmHWM")
    print(json.dumps(out))


def measure_memory(path: Path, say: Say) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    for route in ("ours", "json"):
        merged: dict[str, Any] = {}
        for probe in ("trace", "rss"):
            done = subprocess.run([sys.executable, "-c", _CHILD, route, probe, str(path)],
                                  cwd=ROOT, check=False, capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"memory case {route}/{probe} failed:\n{done.stderr[-2000:]}")
            merged.update({f"{probe}_{k}" if k in ("seconds", "records") else k: v
                           for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()})
        results[route] = merged
        say(f"  memory {route}: {json.dumps(merged)}")
    if results["ours"]["trace_records"] != results["json"]["trace_records"]:
        raise SystemExit("memory case: the two routes read different record counts")
    return results


# ---- running


@dataclasses.dataclass
class Section:
    name: str
    records: int
    raw_bytes: int
    gz_bytes: int
    cases: list[Case]
    loads: tuple[float | None, float | None]
    checks: dict[str, Any]
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)
    profile: str = ""

    def case(self, key: str) -> Case:
        return next(c for c in self.cases if c.key == key)

    def ratio(self, ours: str, theirs: str) -> float:
        return self.case(theirs).median / self.case(ours).median


def run_cloudtrail(records: int, repeat: int, workdir: Path, say: Say) -> Section:
    files = cloudtrail_files(records, say)
    blobs = [p.read_bytes() for p in files]
    texts = [_gunzip(b) for b in blobs]
    ours_dir = workdir / "ours"
    ours_dir.mkdir()
    duck_out = workdir / "duckdb.parquet"
    checks = check_cloudtrail(files, texts, records, duck_out, say)
    cases = [
        Case("ours_records", "awslogparse.iter_records (typed dicts)",
             lambda: ours_records(files)),
        Case("ours_parquet_one", "awslogparse.iter_batches -> one ParquetSink (zstd, one file)",
             lambda: ours_parquet_one(files, workdir / "ours-one.parquet")),
        Case("ours_parquet", "awslogparse.write_parquet (zstd, one file per log file)",
             lambda: ours_parquet(files, ours_dir)),
        Case("ours_convert", "awslogparse.convert, --jobs 2 (partitioned dataset, zstd)",
             lambda: ours_convert(files, workdir / "ours-convert", 2)),
        Case("duckdb", "DuckDB read_json + unnest -> Parquet (zstd, 2 threads)",
             lambda: duckdb_parquet(files, duck_out)),
        Case("stdlib", "stdlib: gzip.open + json.load (untyped dicts)",
             lambda: stdlib_route(files)),
        Case("gunzip", f"gunzip only ({gzip_backend().split(' (')[0]}), no decode",
             lambda: gunzip_only(blobs)),
        Case("json", "decode only: json.loads (stdlib)", lambda: decode_json(texts)),
        Case("orjson", "decode only: orjson.loads", lambda: decode_orjson(texts)),
        Case("msgspec", "decode only: msgspec.json.decode", lambda: decode_msgspec(texts)),
    ]
    before = load_average()
    say(f"cloudtrail: {repeat} interleaved rounds")
    interleave(cases, repeat, say, width=60)
    after = load_average()
    raw = sum(len(t) for t in texts)
    for case in cases:
        expected = raw if case.key == "gunzip" else records
        if case.rows != expected:
            raise SystemExit(f"{case.label}: {case.rows} rows, expected {expected}")
    ours_pq = sorted(ours_dir.glob("*.parquet"))
    section = Section("cloudtrail", records, raw, sum(len(b) for b in blobs), cases,
                      (before, after), checks)
    section.extra = {
        "files": len(files), "root": DATA / f"cloudtrail-{records}",
        "ours_parquet": (len(ours_pq), sum(p.stat().st_size for p in ours_pq),
                         _columns(ours_pq[0])),
        "duck_parquet": (1, duck_out.stat().st_size, _columns(duck_out)),
    }
    if section.ratio("ours_parquet_one", "duckdb") < TARGET_PARQUET:
        head = files[:max(1, len(files) // 10)]
        section.profile = profile(lambda: ours_records(head))
        section.extra["profile_records"] = ours_records(head)
    return section


def _columns(path: Path) -> int:
    import pyarrow.parquet as pq

    return len(pq.ParquetFile(path).schema_arrow)


def run_cwl(records: int, repeat: int, say: Say) -> Section:
    files = cwl_files(records, say)
    payloads = [p.read_bytes() for p in files]
    checks = check_cwl(payloads, records, say)
    cases = [
        Case("ours", "awslogparse.iter_records(payload, 'cloudwatch') (typed)",
             lambda: ours_cwl(payloads)),
        Case("ours_event", "awslogparse.from_lambda_event(json.loads(payload)) (typed)",
             lambda: ours_event_cwl(payloads)),
        Case("powertools", "powertools parse_logs_data, lines unparsed",
             lambda: powertools_cwl(payloads)),
        Case("powertools_parse", "powertools + awslogparse.parse_line per event",
             lambda: powertools_parse_line(payloads)),
    ]
    before = load_average()
    say(f"cloudwatch: {repeat} interleaved rounds")
    interleave(cases, repeat, say, width=60)
    after = load_average()
    for case in cases:
        if case.rows != records:
            raise SystemExit(f"{case.label}: {case.rows} rows, expected {records}")
    raw = sum(len(gzip.decompress(_b64(p))) for p in payloads)
    section = Section("cloudwatch", records, raw, sum(len(p) for p in payloads), cases,
                      (before, after), checks)
    section.extra = {"files": len(files), "root": files[0].parent}
    if section.ratio("ours", "powertools") < TARGET_CWL:
        head = payloads[:max(1, len(payloads) // 10)]
        section.profile = profile(lambda: ours_cwl(head))
        section.extra["profile_records"] = ours_cwl(head)
    return section


# ---- report


def _mb(value: float) -> str:
    return f"{value / 1e6:,.1f} MB"


def _case_table(section: Section, unit: str) -> list[str]:
    rows = []
    for case in section.cases:
        rows.append([case.label, f"{case.median:.3f}", f"{min(case.times):.3f}",
                     f"{section.raw_bytes / 1e6 / case.median:,.1f}",
                     f"{section.records / case.median:,.0f}", f"{case.spread:.2f}",
                     f"{statistics.median(case.cpu):.2f}"])
    return _table(["case", "median s", "min s", "MB/s", f"{unit}/s", "max/min", "CPU s"], rows)


def render(sections: list[Section], memory: dict[str, dict[str, Any]] | None,
           memory_file: tuple[Path, int, int] | None, info: dict[str, str], command: str,
           repeat: int) -> str:
    out = [
        "# JSON log benchmarks",
        "",
        "How fast awslogparse reads CloudTrail log files and CloudWatch Logs Lambda payloads "
        "against DuckDB, aws-lambda-powertools and plain JSON decoders, and how much memory a "
        "large CloudTrail file takes. Written by [`bench/json_bench.py`](../bench/json_bench.py)"
        "; do not edit by hand.",
        "",
        f"Measured {info['date']} at commit {info['commit']} with `{command}`.",
        "",
        *_table(["machine", ""], [[k, v] for k, v in info.items() if k not in ("date",
                                                                             "commit")]),
        "",
        f"Each case ran {repeat} times, the cases of a section interleaved round by round with "
        "the order reversed every other round; figures are medians of wall time, ratios are of "
        "medians measured in the same run. max/min is the slowest run over the fastest (how "
        "noisy the machine was); CPU s is the median CPU time of the whole process, all "
        "threads (DuckDB uses two), and of the worker processes it started (convert's two). "
        "MB/s counts uncompressed JSON bytes (10^6). The machine has "
        "2 cores and may have been shared with other work: the 1-minute load average is given "
        "per section.",
        "",
        "## Summary",
        "",
    ]
    rows = []
    by_name = {s.name: s for s in sections}
    if "cloudtrail" in by_name:
        ct = by_name["cloudtrail"]
        r1 = ct.ratio("ours_records", "duckdb")
        r2 = ct.ratio("ours_parquet_one", "duckdb")
        rows += [
            ["CloudTrail (1) typed dicts: ours over DuckDB -> Parquet", f"{r1:.2f}x", "(none)",
             ""],
            ["CloudTrail (2) Parquet, one file each: ours over DuckDB -> Parquet", f"{r2:.2f}x",
             f">= {TARGET_PARQUET:g}x", _verdict(r2, TARGET_PARQUET)],
            ["CloudTrail (2') Parquet, one file per log file (write_parquet) over DuckDB",
             f"{ct.ratio('ours_parquet', 'duckdb'):.2f}x", "(none)", ""],
            ["CloudTrail (2'') Parquet dataset, convert --jobs 2 over DuckDB (2 threads)",
             f"{ct.ratio('ours_convert', 'duckdb'):.2f}x", "(none)", ""],
            ["CloudTrail: stdlib gzip.open + json.load (untyped) over our typed dicts",
             f"{ct.ratio('stdlib', 'ours_records'):.2f}x", "(none)", ""],
            ["decode only: orjson.loads over json.loads", f"{ct.ratio('orjson', 'json'):.2f}x",
             "(none)", ""],
            ["decode only: msgspec.json.decode over json.loads",
             f"{ct.ratio('msgspec', 'json'):.2f}x", "(none)", ""],
            ["decode only: json.loads' time as a share of iter_records' time",
             f"{ct.case('json').median / ct.case('ours_records').median:.0%}", "(none)", ""],
        ]
    if "cloudwatch" in by_name:
        cw = by_name["cloudwatch"]
        r3 = cw.ratio("ours", "powertools")
        rows.append(["CloudWatch Logs VPC: ours (typed) over powertools (lines unparsed)",
                     f"{r3:.2f}x", f">= {TARGET_CWL:g}x", _verdict(r3, TARGET_CWL)])
        rows.append(["CloudWatch Logs VPC: from_lambda_event (typed) over powertools",
                     f"{cw.ratio('ours_event', 'powertools'):.2f}x", "(none)", ""])
        rows.append(["CloudWatch Logs VPC: ours over powertools + parse_line per event",
                     f"{cw.ratio('ours', 'powertools_parse'):.2f}x", "(none)", ""])
    if memory:
        ours_peak, held = memory["ours"]["peak"], memory["json"]["held"]
        rows.append(["memory: iter_records' peak / json.load's objects (tracemalloc)",
                     f"{ours_peak / held:.1%}", "well under 100%", ""])
    out += _table(["", "figure (records/s of the first over the second's)", "target",
                   "verdict"], rows)
    out += ["", "## Input", "", GENERATED, ""]
    if "cloudtrail" in by_name:
        out += _render_cloudtrail(by_name["cloudtrail"])
    if "cloudwatch" in by_name:
        out += _render_cwl(by_name["cloudwatch"])
    if memory and memory_file:
        out += _render_memory(memory, memory_file)
    return "\n".join(out).rstrip() + "\n"


GENERATED = """\
Every input comes from `bench/gen_json.py` (seeded, so every run reads the same bytes), written
the way AWS writes it and varied the way production is:

- **CloudTrail**: 200 gzip files under an organization trail's S3 key layout (three accounts,
  four regions), each one compact line `{"Records":[...]}` of 0.6x-1.4x the mean record count;
  25 event sources, 55 APIs (plus console sign-ins and service events) weighted as a trail
  sees them, each with its own `requestParameters` / `responseElements` shape (flat, deeply
  nested EC2 item sets, Route 53 change batches, Lambda configurations, lists, numbers,
  booleans, nulls, JSON text in a string, SQL with quotes and newlines, non-ASCII S3 keys);
  assumed roles, IAM users, AWS services, cross-account callers, federated users and root
  console sign-ins; IPv4, IPv6, private (VPC endpoint), service DNS name and `AWS Internal`
  source addresses; about 5% errors; `resources`, `additionalEventData`, `tlsDetails`,
  eventVersion 1.08-1.11.
- **CloudWatch Logs**: 200 Lambda events `{"awslogs":{"data": base64(gzip(envelope))}}`, each
  one log stream (`eni-...-all`) of 160 interfaces in three log groups, with default-format (v2)
  VPC flow log lines: 30,000 peers (public, private, IPv6), both directions, TCP/UDP/ICMP, 10%
  REJECT, about 1% NODATA and 0.1% SKIPDATA.
- **Memory**: one CloudTrail log file of the given uncompressed size (one account and region)."""


def _render_cloudtrail(s: Section) -> list[str]:
    c, x = s.checks, s.extra
    ours_n, ours_bytes, ours_cols = x["ours_parquet"]
    _, duck_bytes, duck_cols = x["duck_parquet"]
    out = [
        "## CloudTrail",
        "",
        f"`{Path(x['root']).relative_to(ROOT)}/`: {x['files']} files, {s.records:,} records, "
        f"{_mb(s.raw_bytes)} uncompressed, {_mb(s.gz_bytes)} gzip. Load average "
        f"{_fmt_load(s.loads[0])} at the start, {_fmt_load(s.loads[1])} at the end.",
        "",
        f"Checked before timing: awslogparse read {s.records:,} records, no errors, "
        f"{c['errors']:,} with an errorCode, {c['names']} event names; DuckDB wrote "
        f"{s.records:,} rows with the same event name and error counts, and the "
        f"{c['compared']:,} records of the first {CHECK_FILES} files agree value by value "
        "(eventName, eventTime, userIdentity.type, sourceIPAddress, errorCode, "
        "recipientAccountId, readOnly, number of resources); json, orjson, msgspec and the "
        f"stdlib route each found {s.records:,} records, and the three decoders give equal "
        "objects for the first file.",
        "",
        *_case_table(s, "records"),
        "",
        "What each case does: **iter_records** reads each file (gzip; a one-line document "
        "of up to 4 MiB decoded whole by msgspec, after the first MiB of JSON, else streamed "
        "record by record; every declared key typed: datetimes, booleans, structs; open-ended "
        "objects kept as decoded). **iter_batches** and **write_parquet** decode each such "
        "document into types generated from the spec (msgspec; open-ended objects kept as the "
        "JSON text written, fixed shapes gathered into Arrow structs, each column held to the "
        "spec's types), and build other input a column at a time from the decoded records; "
        "a document or batch holding a value that might convert differently goes through the "
        "per-record converter instead. They write one Parquet file, or one per log file. "
        "**convert** writes a partitioned dataset with two "
        "worker processes (one log file at a time each). **DuckDB** reads all files in one "
        "query (`read_json` infers a schema from a sample of files, then `unnest(Records)`, "
        "`r.*`) and writes one Parquet file. The **stdlib** route decompresses and decodes "
        "each whole file and iterates `Records` (untyped). The **decode only** cases start from "
        "the decompressed bytes already in memory and decode whole documents; **gunzip only** "
        "is the decompression awslogparse's reader does, so a route's decode share is about "
        "its time minus that.",
        "",
        f"Parquet written: ours {ours_n} files, {ours_cols} columns (open-ended objects as JSON "
        f"text, unknown keys in `_extra`), {_mb(ours_bytes)}; DuckDB one file, {duck_cols} "
        f"columns (its inferred schema: open-ended objects as MAP(VARCHAR, JSON), keys unseen "
        f"in its sample dropped), {_mb(duck_bytes)}.",
        "",
    ]
    if s.profile:
        out += [f"Profile of the typed-dicts case (the first tenth of the files, "
                f"{x['profile_records']:,} records; cProfile, which inflates per-call costs):",
                "", "```", s.profile, "```", ""]
    return out


def _render_cwl(s: Section) -> list[str]:
    c, x = s.checks, s.extra
    out = [
        "## CloudWatch Logs (VPC flow logs in Lambda payloads)",
        "",
        f"`{Path(x['root']).relative_to(ROOT)}/`: {x['files']} payloads, {s.records:,} log "
        f"events, {_mb(s.raw_bytes)} of decoded envelopes, {_mb(s.gz_bytes)} of Lambda event "
        f"JSON (base64). Load average {_fmt_load(s.loads[0])} at the start, "
        f"{_fmt_load(s.loads[1])} at the end.",
        "",
        f"Checked before timing: awslogparse read {s.records:,} records, no errors, every one "
        f"a `vpcflow` record ({c['nodata']:,} NODATA/SKIPDATA); powertools found "
        f"{s.records:,} events; the {c['compared']:,} events of the first {CHECK_FILES} "
        "payloads agree (event id, timestamp, and interface, source address, destination "
        "port, bytes, end and log status against the line's words).",
        "",
        *_case_table(s, "events"),
        "",
        "All cases start from the payload bytes in memory. **awslogparse** decodes the event "
        "JSON, base64 and gzip, the envelope, and parses each line to a typed record with the "
        "envelope's fields (the stream's inner format detected from its first message). "
        "**from_lambda_event** is what a forwarder's handler runs: the event decoded by "
        "`json.loads` (the Lambda runtime's work, counted here as in the powertools route), "
        "then read with provenance (`_source`). "
        "**powertools** decodes the same (`json.loads` of the event, `parse_logs_data()`) and "
        "reads each log event's id, timestamp and message, the line left as text. The last "
        "case adds `awslogparse.parse_line(message, 'vpcflow')` per event to that route.",
        "",
    ]
    if s.profile:
        out += [f"Profile of the awslogparse case (the first tenth of the payloads, "
                f"{x['profile_records']:,} events; cProfile, which inflates per-call costs):",
                "", "```", s.profile, "```", ""]
    return out


def _render_memory(memory: dict[str, dict[str, Any]], file: tuple[Path, int, int]) -> list[str]:
    path, raw, gz = file
    ours, plain = memory["ours"], memory["json"]
    return [
        "## Memory",
        "",
        f"`{path.relative_to(ROOT)}`: {ours['trace_records']:,} records, {_mb(raw)} "
        f"uncompressed, {_mb(gz)} gzip. Each figure is from its own fresh interpreter "
        "(awslogparse imported and its parsers loaded first, then tracemalloc started, or the "
        "peak RSS reset, before the read).",
        "",
        *_table(["", "tracemalloc peak", "objects held after", "peak RSS growth", "seconds"], [
            ["awslogparse.iter_records (count, keep nothing)", _mb(ours["peak"]), "-",
             _mb(ours["peak_rss"] - ours["base_rss"]), f"{ours['rss_seconds']:.2f}"],
            ["gzip.open + json.load (the whole file)", _mb(plain["peak"]), _mb(plain["held"]),
             _mb(plain["peak_rss"] - plain["base_rss"]), f"{plain['rss_seconds']:.2f}"],
        ]),
        "",
        "Objects held after is tracemalloc's current size with the decoded document still "
        "referenced: the Python objects of the whole file. Peak RSS growth is VmHWM after the "
        "read minus VmRSS before it (VmHWM reset through /proc/self/clear_refs"
        + ("" if ours.get("reset", True) else "; the reset failed here, so it includes the "
           "imports") + "). Seconds are of the RSS runs (tracemalloc slows a read down).",
        "",
    ]


def machine() -> dict[str, str]:
    return harness_machine({"pyarrow": "pyarrow", **{name: name for name in PEERS}})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=DEFAULT_RECORDS,
                        help="CloudTrail records and CloudWatch Logs events, each (in 200 files)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory-mb", type=float, default=DEFAULT_MEMORY_MB,
                        help="uncompressed size of the memory case's file; 0 skips it")
    parser.add_argument("--sections", nargs="+", default=["cloudtrail", "cloudwatch"],
                        choices=["cloudtrail", "cloudwatch"])
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args(argv)
    if args.records < FILES:
        parser.error(f"--records must be at least {FILES} (one per file)")
    command = "python -m bench.json_bench" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))

    def say(text: str) -> None:
        print(text, flush=True)

    info = machine()
    sections = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.sections:
            started = time.perf_counter()
            if name == "cloudtrail":
                sections.append(run_cloudtrail(args.records, args.repeat, Path(tmp), say))
            else:
                sections.append(run_cwl(args.records, args.repeat, say))
            say(f"{name}: done in {time.perf_counter() - started:,.0f} s")
    memory = memory_file = None
    if args.memory_mb > 0:
        path = single_file(args.memory_mb, say)
        raw = len(_gunzip(path.read_bytes()))
        memory_file = (path, raw, path.stat().st_size)
        say(f"memory: {path.relative_to(ROOT)} ({raw / 1e6:,.1f} MB uncompressed)")
        memory = measure_memory(path, say)
    text = render(sections, memory, memory_file, info, command, args.repeat)
    publish(text, DOC, not args.no_doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
