"""awslogparse.convert with S3 on either side, against the local S3 server (tests/s3server.py)."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from deadprocess import encoders_gone

import awslogparse
from awslogparse import registry
from awslogparse import s3 as s3_module
from awslogparse.conversion import manifest
from awslogparse.conversion.destination import open_destination
from awslogparse.conversion.s3io import s3_inputs

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"


def sample_heads() -> dict[str, dict[str, Any]]:
    """Sample key (below samples/) -> golden head, for the samples under AWSLogs/."""
    heads = {}
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        with golden.open(encoding="utf-8") as fh:
            head = json.loads(fh.readline())
        if head["path"].startswith("AWSLogs/") and (SAMPLES / head["path"]).is_file():
            heads[head["path"]] = head
    return heads


HEADS = sample_heads()


def upload(s3: Any, bucket: str, keys: list[str]) -> None:
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=(SAMPLES / key).read_bytes())


def objects(s3: Any, bucket: str, prefix: str = "") -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return sorted(o["Key"] for page in pages for o in page.get("Contents") or [])


def read_object(s3: Any, bucket: str, key: str) -> Any:
    return pq.read_table(io.BytesIO(s3.get_object(Bucket=bucket, Key=key)["Body"].read()))


def test_s3_tree_to_s3_dataset_and_rerun(s3: Any, s3_bucket: str) -> None:
    upload(s3, s3_bucket, list(HEADS))
    dest = f"{s3_bucket}-out"
    s3.create_bucket(Bucket=dest)
    report = awslogparse.convert(f"s3://{s3_bucket}/AWSLogs/", f"s3://{dest}/lake", jobs=1)
    assert report.ok and len(report.converted) == len(HEADS)
    assert report.rows == sum(h["stats"]["records"] for h in HEADS.values())
    written = [k for k in objects(s3, dest, "lake/") if k.endswith(".parquet")]
    assert sorted(written) == sorted({f"lake/{o}" for r in report.inputs for o in r.outputs})
    per_format: Counter[str] = Counter()
    for key in written:
        per_format[key.split("/")[1].removeprefix("format=")] += read_object(
            s3, dest, key).num_rows
    expected: Counter[str] = Counter()
    for head in HEADS.values():
        expected[registry.get(head["format"]).format().records_of] += head["stats"]["records"]
    assert per_format == +expected
    errors = s3.get_object(Bucket=dest, Key=f"lake/{manifest.RUNS}/{report.run_id}/"
                                             "errors.ndjson")["Body"].read().decode()
    assert len(errors.splitlines()) == report.errors
    assert report.errors_file == f"s3://{dest}/lake/{manifest.RUNS}/{report.run_id}/" \
                                 "errors.ndjson"
    again = awslogparse.convert(f"s3://{s3_bucket}/AWSLogs", f"s3://{dest}/lake/", jobs=1)
    assert len(again.skipped) == len(HEADS) and again.files == 0
    # an object rewritten (new ETag: an empty gzip member more, same records) is converted
    # again, in worker processes this time, with the small objects of its folder whose files
    # it shared; those files are replaced by new ones
    key = next(k for k, h in HEADS.items() if h["format"] == "vpcflow" and h["stats"]["records"])
    changed = next(r for r in report.inputs if r.location == f"s3://{s3_bucket}/{key}")
    sharing = [r.location for r in report.inputs if r.group == changed.group]
    assert len(sharing) == changed.sharing > 1
    s3.put_object(Bucket=s3_bucket, Key=key,
                  Body=(SAMPLES / key).read_bytes() + gzip.compress(b""))
    third = awslogparse.convert(f"s3://{s3_bucket}/AWSLogs/", f"s3://{dest}/lake/", jobs=2)
    assert [r.location for r in third.converted] == sharing
    now = sorted(k for k in objects(s3, dest, "lake/") if k.endswith(".parquet"))
    group_files = {f"lake/{o}" for r in report.inputs if r.group == changed.group
                   for o in r.outputs}
    assert set(written) - set(now) == group_files  # the others' files are untouched
    assert sum(read_object(s3, dest, k).num_rows for k in now) == report.rows


def test_one_object_to_one_parquet_file_as_a_lambda_would(s3: Any, s3_bucket: str,
                                                         tmp_path: Path) -> None:
    key, head = next((k, h) for k, h in HEADS.items() if h["stats"]["records"])
    upload(s3, s3_bucket, [key])
    report = awslogparse.convert(f"s3://{s3_bucket}/{key}", f"s3://{s3_bucket}/parquet/")
    assert report.ok and report.rows == head["stats"]["records"]
    (output,) = report.inputs[0].outputs
    written = [k for k in objects(s3, s3_bucket, "parquet/") if k.endswith(".parquet")]
    assert written == [f"parquet/{output}"]
    table = read_object(s3, s3_bucket, written[0])
    assert table.num_rows == head["stats"]["records"]
    assert set(table.column("_source").to_pylist()) == {f"s3://{s3_bucket}/{key}"}
    # an S3 object into a local folder too
    local = awslogparse.convert(f"s3://{s3_bucket}/{key}", tmp_path / "out")
    assert [pq.read_table(tmp_path / "out" / o).num_rows for o in local.inputs[0].outputs] == [
        head["stats"]["records"]]


def test_since_until_list_only_the_days_asked_for(s3: Any, s3_bucket: str) -> None:
    body = (SAMPLES / next(k for k, h in HEADS.items() if h["format"] == "vpcflow")).read_bytes()
    base = "AWSLogs/123456789012/vpcflowlogs/us-east-1"
    days = [date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 1, 2),
            date(2026, 2, 1), date(2027, 1, 1)]
    for day in days:
        s3.put_object(Bucket=s3_bucket, Key=f"{base}/{day:%Y/%m/%d}/f.log.gz", Body=body)
    listed: list[tuple[str, str | None]] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        listed.append((params["Prefix"], params.get("Delimiter")))

    client = s3_module.client()
    client.meta.events.register("provide-client-params.s3.ListObjectsV2", record)
    try:
        found = s3_inputs(f"s3://{s3_bucket}/AWSLogs/", since=date(2025, 12, 31),
                          until=date(2026, 1, 1))
    finally:
        client.meta.events.unregister("provide-client-params.s3.ListObjectsV2", record)
    assert [i.key for i in found] == [f"{base}/2025/12/31/f.log.gz", f"{base}/2026/01/01/f.log.gz"]
    full = [prefix for prefix, delimiter in listed if delimiter is None]
    assert sorted(full) == [f"{base}/2025/12/31/", f"{base}/2026/01/01/"]
    assert not any(p.startswith(f"{base}/2027") or p.startswith(f"{base}/2026/02")
                   for p, _ in listed)
    report = awslogparse.convert(f"s3://{s3_bucket}/AWSLogs/", f"s3://{s3_bucket}/out/",
                                 since="2026-01-02", jobs=1)
    assert [r.location.split("/")[-4:-1] for r in report.inputs] == [
        ["2026", "01", "02"], ["2026", "02", "01"], ["2027", "01", "01"]]


def test_s3_inputs_that_fail_are_reported(s3: Any, s3_bucket: str) -> None:
    with pytest.raises(awslogparse.SourceError, match="no objects under"):
        awslogparse.convert(f"s3://{s3_bucket}/nothing/", f"s3://{s3_bucket}/out/")
    s3.put_object(Bucket=s3_bucket, Key="in/notes.txt", Body=b"hello\n")
    report = awslogparse.convert(f"s3://{s3_bucket}/in/", f"s3://{s3_bucket}/out/")
    assert [r.status for r in report.inputs] == ["failed"]
    assert "cannot tell the format" in report.inputs[0].failure


@pytest.mark.parametrize("step", ["second file", "group record"])
def test_a_group_killed_writing_to_s3_is_repaired_by_the_next_run(
        s3: Any, s3_bucket: str, tmp_path: Path, step: str) -> None:
    """test_conversion_groups.py's kill of a group, with the dataset and its manifest on S3
    (listing, reading and deleting records and files go through the S3 destination)."""
    from test_conversion import FLOW_KEY, Crash, expected_provenance, write_flow

    from awslogparse.conversion import task
    from awslogparse.conversion.writer import DatasetWriter

    inputs = [write_flow(tmp_path / "in" / FLOW_KEY / f"f{i}.log.gz", 1200 + i, seed=i)
              for i in range(3)]
    dest = f"s3://{s3_bucket}/lake/"
    real_file = DatasetWriter._write_file
    written: list[str] = []

    def dying_file(self: DatasetWriter, name: str, partition: str, buf: Any) -> Any:
        if step == "second file" and written:
            raise Crash
        out = real_file(self, name, partition, buf)
        written.append(name)
        return out

    def dying_group(dest: Any, group: str, entry: dict[str, Any]) -> None:
        raise Crash

    with pytest.MonkeyPatch.context() as patch:  # (the fixtures' own patches stay)
        patch.setattr(DatasetWriter, "_write_file", dying_file)
        patch.setattr(manifest, "write_group", dying_group)
        patch.setattr(DatasetWriter, "abort", lambda self: None)  # a dead process cleans
        patch.setattr(task, "_quietly", lambda action, rel: None)  # nothing up
        with pytest.raises(Crash):
            awslogparse.convert(tmp_path / "in", dest, max_file_rows=1000, jobs=1)
        encoders_gone()
    assert [k for k in objects(s3, s3_bucket, "lake/") if k.endswith(".parquet")]
    report = awslogparse.convert(tmp_path / "in", dest, max_file_rows=1000, jobs=1)
    assert [r.status for r in report.inputs] == ["converted"] * 3
    keys = objects(s3, s3_bucket, "lake/")
    rows: Counter[tuple[str, int]] = Counter()
    for key in keys:
        if key.endswith(".parquet"):
            table = read_object(s3, s3_bucket, key)
            rows.update(zip(table.column("_source").to_pylist(),
                            table.column("_line").to_pylist(), strict=True))
    assert rows == expected_provenance(inputs)
    assert not [k for k in keys if k.endswith((".pending.json", ".stale.json"))]


def test_a_dataset_under_an_input_prefix_is_not_listed_as_logs() -> None:
    """Objects below a folder holding ``_awslogparse/`` form a dataset this library wrote:
    listing an input prefix leaves them out (and folder markers), the logs beside it stay."""
    from awslogparse.conversion.s3io import _logs_only

    keys = ["logs/AWSLogs/1/vpcflowlogs/a.log.gz", "logs/lake/_awslogparse/dataset.json",
            "logs/lake/format=vpcflow/date=2026-11-21/f-0000.parquet",
            "logs/lake/_awslogparse/runs/r/errors.ndjson", "logs/empty/", "logs/lakes/x.log"]
    listed = _logs_only(iter({"Key": k} for k in keys), "logs/")
    assert [e["Key"] for e in listed] == ["logs/AWSLogs/1/vpcflowlogs/a.log.gz",
                                          "logs/lakes/x.log"]


@pytest.mark.parametrize("grouped", [False, True], ids=["file-per-input", "grouped"])
def test_a_bucket_that_refuses_parquet_files_mid_run_stops_the_run(
        s3: Any, s3_bucket: str, tmp_path: Path, s3_faults: Any, grouped: bool) -> None:
    """test_conversion.py's unwritable destination, on S3: the bucket takes the manifest but
    refuses the Parquet files (a policy changed mid-run). The run stops with the error naming
    the file, as a full disk does; the next run resumes."""
    from test_conversion import FLOW_KEY, write_flow

    for i in range(3):
        write_flow(tmp_path / "in" / FLOW_KEY / f"f{i}.log.gz", 20, seed=i)
    dest = f"s3://{s3_bucket}/lake/"
    s3_faults([{"method": "PUT", "path": r"\.parquet$", "status": 403, "code": "AccessDenied"}])
    report = awslogparse.convert(tmp_path / "in", dest, jobs=1, group_inputs=grouped)
    assert report.stopped.startswith(f"cannot write s3://{s3_bucket}/lake/format=vpcflow/")
    assert "AccessDenied" in report.stopped
    assert [r.status for r in report.inputs] == ["failed"] * (3 if grouped else 1)
    assert all(r.destination_failure for r in report.inputs)
    assert not [k for k in objects(s3, s3_bucket, "lake/") if k.endswith(".parquet")]
    s3_faults([])
    again = awslogparse.convert(tmp_path / "in", dest, jobs=1, group_inputs=grouped)
    assert again.ok and [r.status for r in again.inputs] == ["converted"] * 3


def test_a_prefix_without_its_slash_is_listed_when_its_name_cannot_be_read_as_an_object(
        s3: Any, s3_bucket: str, s3_faults: Any) -> None:
    """``s3://bucket/AWSLogs`` names the prefix ``AWSLogs/`` when no such object exists. With
    credentials that may read ``AWSLogs/*`` only, S3 answers the HEAD of ``AWSLogs`` with 403,
    not 404: the prefix is still listed; a name neither readable nor a prefix stays an error."""
    key = next(iter(HEADS))
    upload(s3, s3_bucket, [key])
    s3_faults([{"method": "HEAD", "path": f"^/{s3_bucket}/[^/]*$", "status": 403,
                "code": "AccessDenied"}])
    assert [i.location for i in s3_inputs(f"s3://{s3_bucket}/AWSLogs")] == [
        f"s3://{s3_bucket}/{key}"]
    with pytest.raises(awslogparse.SourceError, match="nothing: access denied"):
        s3_inputs(f"s3://{s3_bucket}/nothing")


def test_an_s3_url_with_an_upper_case_scheme_is_s3_everywhere(
        s3: Any, s3_bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The readers take ``S3://`` as ``s3://`` (awslogparse.s3.is_s3_url); so do convert's
    inputs and destination and cat: ``-o S3://lake/`` made a local folder ``S3:`` instead."""
    from awslogparse.cli import main

    key = next(iter(HEADS))
    upload(s3, s3_bucket, [key])
    monkeypatch.chdir(tmp_path)
    report = awslogparse.convert(f"S3://{s3_bucket}/AWSLogs/", f"S3://{s3_bucket}/lake/", jobs=1)
    assert [r.status for r in report.inputs] == ["converted"]
    assert [k for k in objects(s3, s3_bucket, "lake/") if k.endswith(".parquet")]
    assert not list(tmp_path.iterdir())
    assert main(["cat", f"S3://{s3_bucket}/{key}", "--limit", "1"]) == 0


@pytest.mark.parametrize("grouped", [False, True], ids=["file-per-input", "grouped"])
def test_a_killed_run_to_s3_keeps_the_error_lines_of_the_inputs_it_finished(
        s3: Any, s3_bucket: str, tmp_path: Path, grouped: bool) -> None:
    """SIGKILL a conversion into S3 once some inputs are done, run it again: every bad line of
    every input is in the dataset's error files exactly once. An S3 destination writes the
    run's errors.ndjson when the run ends, and the rerun skips the inputs done before the
    kill: their error lines were lost, until each finished input's errors were written
    (``runs/<run>/errors/<input>.ndjson``) before its done record."""
    import signal
    import subprocess
    import sys
    import time

    from test_conversion import FLOW_KEY, _started, write_flow

    from awslogparse.conversion.destination import open_destination

    folders = (FLOW_KEY, FLOW_KEY.replace("/21/", "/22/"))  # (two groups, one per folder)
    inputs = [write_flow(tmp_path / "in" / folders[i % 2] / f"f{i}.log.gz", 6000, seed=i,
                         bad_every=97 + i) for i in range(8)]
    expected: Counter[str] = Counter()
    for path in inputs:
        it = awslogparse.iter_records(path, errors="collect")
        list(it)
        expected[str(path.resolve())] = len(it.errors)
    url = f"s3://{s3_bucket}/lake"
    argv = [sys.executable, "-m", "awslogparse", "convert", str(tmp_path / "in"), "-o", url,
            "--jobs", "1", "-q", *([] if grouped else ["--file-per-input"])]
    first, env = _started(argv, tmp_path)
    dest = open_destination(url)
    deadline = time.monotonic() + 90
    while not manifest.finished(dest) and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    assert first.wait(timeout=30) == -signal.SIGKILL, "the run ended before it was killed"
    assert 0 < len(manifest.finished(dest)) < len(inputs)
    second = subprocess.run(argv, check=False, env=env, capture_output=True, text=True,
                            timeout=120)
    assert second.returncode == 0, second.stderr
    assert len(manifest.finished(dest)) == len(inputs)
    found: Counter[str] = Counter()
    for key in objects(s3, s3_bucket, f"lake/{manifest.RUNS}/"):
        if key.endswith(".ndjson"):
            body = s3.get_object(Bucket=s3_bucket, Key=key)["Body"].read().decode()
            found.update(json.loads(line)["source"] for line in body.splitlines())
    assert found == expected


def _parquet_sources(s3: Any, bucket: str, prefix: str) -> Counter[str]:
    """Rows per ``_source`` in the Parquet files under ``prefix``."""
    found: Counter[str] = Counter()
    for key in objects(s3, bucket, prefix):
        if key.endswith(".parquet"):
            found.update(read_object(s3, bucket, key).column("_source").to_pylist())
    return found


@pytest.mark.parametrize("grouped", [False, True])
def test_an_object_overwritten_after_the_listing_fails_and_the_next_run_converts_it(
        s3: Any, s3_bucket: str, grouped: bool) -> None:
    """The run names outputs and manifest records after the listed ETag, so it reads that
    content only (``IfMatch``): content written after the listing fails the input, saying so,
    and the next run, listing the new ETag, converts the new content under its identity."""
    key, head = next((k, h) for k, h in HEADS.items()
                     if h["format"] == "vpcflow" and h["stats"]["records"])
    folder, name = key.rsplit("/", 1)
    keys = [f"{folder}/{n}-{name}" for n in range(3)]  # small objects of a folder: one group
    data = (SAMPLES / key).read_bytes()
    for k in keys:
        s3.put_object(Bucket=s3_bucket, Key=k, Body=data)
    changed = f"s3://{s3_bucket}/{keys[1]}"
    items = awslogparse.conversion.find_inputs(f"s3://{s3_bucket}/AWSLogs/")
    listed = {i.location: i.version for i in items}
    s3.put_object(Bucket=s3_bucket, Key=keys[1], Body=data + data)  # (twice the records)
    dest = f"s3://{s3_bucket}/lake/"
    report = awslogparse.convert(items, dest, jobs=1, group_inputs=grouped)
    statuses = {r.location: (r.status, r.failure) for r in report.inputs}
    status, failure = statuses.pop(changed)
    assert status == "failed"
    assert "changed after it was listed" in failure and listed[changed] in failure
    assert {s for s, _ in statuses.values()} == {"converted"}
    rows = head["stats"]["records"]
    assert _parquet_sources(s3, s3_bucket, "lake/") == {loc: rows for loc in statuses}
    (item,) = [i for i in items if i.location == changed]
    assert item.location_id not in manifest.finished(open_destination(dest))
    again = awslogparse.convert(f"s3://{s3_bucket}/AWSLogs/", dest, jobs=1,
                                group_inputs=grouped)
    assert again.ok
    assert [r.location for r in again.converted] == [changed]
    assert _parquet_sources(s3, s3_bucket, "lake/") == {
        f"s3://{s3_bucket}/{k}": rows * (2 if k == keys[1] else 1) for k in keys}


def test_every_get_of_a_listed_object_carries_its_listed_etag(s3: Any, s3_bucket: str) -> None:
    """Detection (plan) and conversion each GET the object: all of them are conditional on the
    ETag the listing gave, so what is read is what the output names claim."""
    key = next(k for k, h in HEADS.items() if h["format"] == "vpcflow" and h["stats"]["records"])
    upload(s3, s3_bucket, [key])
    gets: list[dict[str, Any]] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        if params.get("Key") == key:
            gets.append(dict(params))

    client = s3_module.client()
    client.meta.events.register("provide-client-params.s3.GetObject", record)
    try:
        (planned,) = awslogparse.conversion.plan(f"s3://{s3_bucket}/AWSLogs/",
                                                 f"s3://{s3_bucket}/lake/")
        report = awslogparse.convert(f"s3://{s3_bucket}/AWSLogs/", f"s3://{s3_bucket}/lake/",
                                     jobs=1)
    finally:
        client.meta.events.unregister("provide-client-params.s3.GetObject", record)
    assert planned.format == "vpcflow" and report.ok
    etag = planned.item.version
    assert etag and len(gets) >= 2
    assert [g.get("IfMatch") for g in gets] == [f'"{etag}"'] * len(gets)
