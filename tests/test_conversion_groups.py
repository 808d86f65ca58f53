"""Small inputs converted together into shared files: the groups, what the manifest says of
them, and every way a run can stop part-way through one (each input's rows exactly once)."""

from __future__ import annotations

import io
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from deadprocess import encoders_gone
from test_conversion import (
    FLOW_KEY,
    Crash,
    expected_provenance,
    parquet_files,
    provenance,
    read_dataset,
    write_flow,
)

import awslogparse
from awslogparse import s3 as s3_module
from awslogparse.conversion import grouping, manifest, plan, task
from awslogparse.conversion.destination import LocalDestination, open_destination
from awslogparse.conversion.inputs import InputFile, collect_inputs
from awslogparse.conversion.partitioning import parse_keys
from awslogparse.conversion.writer import DatasetWriter

DAY_22 = FLOW_KEY.replace("/21/", "/22/")


def flows(root: Path, folder: str, count: int, *, lines: int = 300, seed: int = 0
          ) -> list[Path]:
    return [write_flow(root / folder / f"f{seed + i}.log.gz", lines + i, seed=seed + i)
            for i in range(count)]


def leftovers(dest: Path) -> list[Path]:
    """Temporary files, pending and stale records: what no finished run leaves."""
    return [p for p in dest.rglob("*") if ".tmp-" in p.name
            or p.name.endswith((".pending.json", ".stale.json"))]


def test_small_inputs_of_a_folder_share_files(tmp_path: Path) -> None:
    first = flows(tmp_path / "in", FLOW_KEY, 3)
    second = flows(tmp_path / "in", DAY_22, 2, seed=10)
    dest = tmp_path / "out"
    assert [p.group for p in plan(tmp_path / "in", dest, jobs=2)] == [1, 1, 1, 2, 2]  # dry run
    assert [p.group for p in plan(tmp_path / "in", dest, jobs=2, group_inputs=False)] == [0] * 5
    report = awslogparse.convert(tmp_path / "in", dest, jobs=2)
    assert report.ok and len(report.converted) == 5
    by_folder = {r.location: r for r in report.inputs}
    groups = [{by_folder[str(p.resolve())].group for p in paths} for paths in (first, second)]
    assert all(len(g) == 1 and "" not in g for g in groups) and groups[0] != groups[1]
    assert [r.sharing for r in report.inputs] == [3, 3, 3, 2, 2]
    files = parquet_files(dest)
    assert report.files == len(files) == 2  # a partition (day) per folder, a file each
    assert provenance(read_dataset(dest, "vpcflow")) == expected_provenance(first + second)
    # the manifest: a done record per member naming its group, a record per group
    target = open_destination(dest)
    listing = manifest.listing(target)
    assert listing.groups == {g for (g,) in groups}
    assert {group for _, group in listing.done.values()} == listing.groups
    assert len(manifest.finished(target)) == 5
    for group in listing.groups:
        record = json.loads((dest / manifest.group_name(group)).read_text())
        assert len(record["members"]) in (2, 3) and len(record["outputs"]) == 1
    again = awslogparse.convert(tmp_path / "in", dest, jobs=1)
    assert len(again.skipped) == 5 and parquet_files(dest) == files
    assert all(p.finished for p in plan(tmp_path / "in", dest, jobs=1))
    write_flow(second[0], 10, seed=77)  # changed: the dry run says its whole group goes again
    os.utime(second[0], ns=(1, 1))
    assert [(p.finished, p.group) for p in plan(tmp_path / "in", dest, jobs=1)] == [
        (True, 0)] * 3 + [(False, 1)] * 2
    assert (dest / manifest.group_name(by_folder[str(second[0].resolve())].group)).exists()
    alone = awslogparse.convert(tmp_path / "in", tmp_path / "alone", jobs=1,
                                group_inputs=False)
    assert alone.files == 5 and all(r.sharing == 1 and not r.group for r in alone.inputs)
    after = awslogparse.convert(tmp_path / "in", dest, jobs=1)
    assert [r.status for r in after.inputs] == ["skipped"] * 3 + ["converted"] * 2
    assert provenance(read_dataset(tmp_path / "alone", "vpcflow")) == provenance(
        read_dataset(dest, "vpcflow")) == expected_provenance(first + second)


def item(location: str, size: int) -> InputFile:
    return InputFile(location, location.rsplit("/", 1)[-1], size)


def test_groups_follow_folders_key_facts_and_size(monkeypatch: pytest.MonkeyPatch) -> None:
    day = "/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/21/"
    cloudfront = "/logs/cloudfront/"
    items = [
        item(f"{day}a.json.gz", 100), item(f"{day}b.json.gz", 100),
        item(f"{day}big.json.gz", grouping.SMALL_INPUT + 1),  # alone, whatever its folder
        item(f"{day.replace('/21/', '/22/')}c.json.gz", 100),  # another folder
        item(f"{day}d.json.gz", 100),
        # one folder, but the keys name two days: partitions come from the key, so apart
        item(f"{cloudfront}E2ABC.2026-11-21-00.1a2b.gz", 100),
        item(f"{cloudfront}E2ABC.2026-11-22-00.3c4d.gz", 100),
        item(f"{cloudfront}E2ABC.2026-11-21-01.5e6f.gz", 100)]
    assert grouping.group_inputs(items) == [[0, 1, 4], [2], [3], [5, 7], [6]]
    monkeypatch.setattr(grouping, "GROUP_BYTES", 250)
    assert grouping.group_inputs(items) == [[0, 1], [2], [3], [4], [5, 7], [6]]
    monkeypatch.setattr(grouping, "GROUP_INPUTS", 1)
    assert grouping.group_inputs(items) == [[i] for i in range(len(items))]
    monkeypatch.undo()
    # fewer tasks than workers: the largest group is halved until there are as many
    assert grouping.group_inputs(items, workers=6) == [[0], [1, 4], [2], [3], [5, 7], [6]]
    assert grouping.group_inputs(items, workers=9) == [[i] for i in (0, 1, 4, 2, 3, 5, 7, 6)]
    # a group's id comes from its members' identities: the same inputs, the same file names
    a, b = items[:2]
    assert grouping.group_id([a, b]) == grouping.group_id([a, b]) != grouping.group_id([b, a])
    assert grouping.group_id([a, b]) != grouping.group_id([a, item(b.location, 101)])


def _dead_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What dies with a killed process: the writer's and the task's cleanup."""
    monkeypatch.setattr(DatasetWriter, "abort", lambda self: None)
    monkeypatch.setattr(task, "_quietly", lambda action, rel: None)


@pytest.mark.parametrize("step", ["second file", "group record", "after the commit"])
def test_a_group_killed_at_any_step_is_repaired_by_the_next_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    inputs = flows(tmp_path / "in", FLOW_KEY, 3, lines=1200)
    dest = tmp_path / "out"
    written: list[str] = []
    real_file, real_group = DatasetWriter._write_file, manifest.write_group

    def dying_file(self: DatasetWriter, name: str, partition: str, buf: Any) -> Any:
        if step == "second file" and len(written) == 1:
            raise Crash
        out = real_file(self, name, partition, buf)
        written.append(name)
        return out

    def dying_group(dest: Any, group: str, entry: dict[str, Any]) -> None:
        if step == "after the commit":
            real_group(dest, group, entry)
        raise Crash

    monkeypatch.setattr(DatasetWriter, "_write_file", dying_file)
    monkeypatch.setattr(manifest, "write_group", dying_group)
    _dead_process(monkeypatch)
    with pytest.raises(Crash):
        awslogparse.convert(tmp_path / "in", dest, max_file_rows=1000, jobs=1)
    encoders_gone()
    assert parquet_files(dest)  # visible files, and (but after the commit) no input done
    finished = manifest.finished(open_destination(dest))
    assert len(finished) == (3 if step == "after the commit" else 0)
    if step == "group record":  # every done record is there, but the group's is not
        assert len(list((dest / manifest.INPUTS).glob("*.done.*.json"))) == 3
    monkeypatch.undo()
    report = awslogparse.convert(tmp_path / "in", dest, max_file_rows=1000, jobs=1)
    assert [r.status for r in report.inputs] == (
        ["skipped"] * 3 if step == "after the commit" else ["converted"] * 3)
    assert provenance(read_dataset(dest, "vpcflow")) == expected_provenance(inputs)
    assert not leftovers(dest)
    assert len(manifest.finished(open_destination(dest))) == 3


def test_a_killed_groups_files_go_even_when_its_first_input_is_not_read_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the first member's pending record names a group's files: the next run removes them
    whatever it reads (they hold rows of the members it converts again)."""
    inputs = flows(tmp_path / "in", FLOW_KEY, 3, lines=1200)
    dest = tmp_path / "out"
    real = DatasetWriter._write_file
    count = [0]

    def dying(self: DatasetWriter, name: str, partition: str, buf: Any) -> Any:
        count[0] += 1
        if count[0] == 3:
            raise Crash
        return real(self, name, partition, buf)

    monkeypatch.setattr(DatasetWriter, "_write_file", dying)
    _dead_process(monkeypatch)
    with pytest.raises(Crash):
        awslogparse.convert(tmp_path / "in", dest, max_file_rows=1000, jobs=1)
    encoders_gone()
    assert len(parquet_files(dest)) >= 2  # (two files may be encoding at once)
    monkeypatch.undo()
    rest = inputs[1:]  # the group's first input is not among this run's
    report = awslogparse.convert(rest, dest, max_file_rows=1000, jobs=1)
    assert report.ok and len(report.converted) == 2
    assert provenance(read_dataset(dest, "vpcflow")) == expected_provenance(rest)
    assert not leftovers(dest)


def test_a_run_killed_while_retiring_a_group_is_finished_by_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = flows(tmp_path / "in", FLOW_KEY, 3)
    dest = tmp_path / "out"
    first = awslogparse.convert(tmp_path / "in", dest, jobs=1)
    group = first.inputs[0].group
    write_flow(inputs[1], 40, seed=99)  # a member changed: the group must go
    os.utime(inputs[1], ns=(1, 1))
    real = LocalDestination.delete

    def dying(self: LocalDestination, rel: str) -> None:
        if rel.endswith(".parquet"):
            raise Crash
        real(self, rel)

    monkeypatch.setattr(LocalDestination, "delete", dying)
    with pytest.raises(Crash):
        awslogparse.convert(tmp_path / "in", dest, jobs=1)
    assert (dest / manifest.stale_name(group)).exists()
    assert not manifest.finished(open_destination(dest))  # no member counts as done
    monkeypatch.undo()
    report = awslogparse.convert(tmp_path / "in", dest, jobs=1)
    assert [r.status for r in report.inputs] == ["converted"] * 3
    assert provenance(read_dataset(dest, "vpcflow")) == expected_provenance(inputs)
    assert not leftovers(dest)
    assert group not in manifest.listing(open_destination(dest)).groups


def test_a_member_that_cannot_be_read_fails_alone(tmp_path: Path) -> None:
    good = flows(tmp_path / "in", "plain", 2)  # (no key layout: the content says the format)
    bad = tmp_path / "in" / "plain" / "f0b.log"
    bad.write_text("not a log\n")  # between the two: read second
    found = collect_inputs([tmp_path / "in"])
    assert grouping.group_inputs(found) == [[0, 1, 2]]
    dest = tmp_path / "out"
    counts = [0, 0, 0]

    def progress(read: int, rows: int, errors: int) -> None:
        counts[:] = [counts[0] + read, counts[1] + rows, counts[2] + errors]

    job = task.ConvertTask(found[0], str(dest / "direct"), "run", str(tmp_path / "spool"),
                           more=tuple(found[1:]))
    direct = task.run_task(job, progress)
    # what the group read before the failure is not counted again when its inputs go alone
    assert counts == [sum(r.bytes_read for r in direct), sum(r.rows for r in direct),
                      sum(r.errors for r in direct)]
    assert counts[0] == sum(i.size for i in found if not i.location.endswith(".log"))
    report = awslogparse.convert(tmp_path / "in", dest, jobs=1)
    status = {Path(r.location).name: r for r in report.inputs}
    assert status["f0b.log"].status == "failed"
    assert "cannot tell the format" in status["f0b.log"].failure
    assert [status[p.name].status for p in good] == ["converted"] * 2
    assert all(r.sharing == 1 for r in report.inputs)  # converted alone after all
    assert provenance(read_dataset(dest, "vpcflow")) == expected_provenance(good)
    assert not leftovers(dest)


def test_a_groups_s3_objects_are_fetched_ahead(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Several GETs in flight while an earlier object converts (S3 answers each after tens of
    milliseconds); a GET sent early that fails is sent again at the object's turn, which reads
    it. (The S3 layer is replaced: awslogparse.s3's GET serves the local files.)"""
    import threading
    import time

    local = flows(tmp_path / "in", FLOW_KEY, 8, lines=50)
    items = [InputFile(f"s3://bucket/{FLOW_KEY}{p.name}", p.name, p.stat().st_size)
             for p in local]
    where = {i.location: p for i, p in zip(items, local, strict=True)}
    lock = threading.Lock()
    active, most, calls = [0], [0], Counter[str]()

    def fake_get(bucket: str, key: str, s3_client: Any = None, *, etag: str = "",
                 version_id: str = "") -> io.BytesIO:
        location = f"s3://{bucket}/{key}"
        with lock:
            calls[location] += 1
            if location == items[2].location and calls[location] == 1:
                raise OSError("connection reset")  # the GET sent early fails, once
            active[0] += 1
            most[0] = max(most[0], active[0])
        time.sleep(0.02)  # (S3's latency, shortened)
        with lock:
            active[0] -= 1
        return io.BytesIO(where[location].read_bytes())

    monkeypatch.setattr(s3_module, "open_object", fake_get)
    monkeypatch.setattr(s3_module, "client", lambda s3_client=None: object())
    dest = tmp_path / "out"
    job = task.ConvertTask(items[0], str(dest), "run", str(tmp_path / "spool"),
                           partition_by=parse_keys(None), more=tuple(items[1:]))
    results = task.run_task(job)
    assert [r.status for r in results] == ["converted"] * 8 and most[0] > 1
    assert calls[items[2].location] == 2 and all(
        calls[i.location] == 1 for i in items if i is not items[2])
    table = read_dataset(dest, "vpcflow")
    expected = Counter({(f"s3://bucket/{FLOW_KEY}{Path(source).name}", line): n
                        for (source, line), n in expected_provenance(local).items()})
    assert provenance(table) == expected


@pytest.mark.parametrize("how", ["changed", "forced"])
def test_converting_one_member_again_converts_its_whole_group(tmp_path: Path, how: str) -> None:
    """A group's files hold every member's rows: when one member is converted again (it
    changed, or ``force``) in a run given that member alone (a Lambda handler converting each
    object it is told of), the group's other members are converted again with it, never left
    out of the dataset."""
    inputs = flows(tmp_path / "in", FLOW_KEY, 3)
    dest = tmp_path / "out"
    first = awslogparse.convert(tmp_path / "in", dest, jobs=1)
    assert len({r.group for r in first.inputs}) == 1
    if how == "changed":
        write_flow(inputs[1], 40, seed=99)
        os.utime(inputs[1], ns=(1, 1))
    report = awslogparse.convert(inputs[1], dest, jobs=1, force=how == "forced")
    assert sorted(Path(r.location).name for r in report.converted) == ["f0.log.gz",
                                                                       "f1.log.gz",
                                                                       "f2.log.gz"]
    assert provenance(read_dataset(dest, "vpcflow")) == expected_provenance(inputs)
    assert not leftovers(dest)
    assert [p.finished for p in plan(tmp_path / "in", dest)] == [True] * 3


def test_a_group_with_a_member_gone_is_kept_and_its_changed_member_fails(tmp_path: Path
                                                                         ) -> None:
    """A member that can no longer be read (deleted at the source) still has rows in its
    group's files: taking the group out to convert a changed member again would lose them for
    good. The group stays as it is, and the changed member fails, saying why."""
    inputs = flows(tmp_path / "in", FLOW_KEY, 3)
    dest = tmp_path / "out"
    awslogparse.convert(tmp_path / "in", dest, jobs=1)
    before = provenance(read_dataset(dest, "vpcflow"))
    inputs[0].unlink()
    write_flow(inputs[1], 40, seed=99)
    os.utime(inputs[1], ns=(1, 1))
    report = awslogparse.convert(tmp_path / "in", dest, jobs=1)
    status = {Path(r.location).name: r.status for r in report.inputs}
    assert status == {"f1.log.gz": "failed", "f2.log.gz": "skipped"}
    failure = next(r.failure for r in report.inputs if r.status == "failed")
    assert "f0.log.gz" in failure and "would be lost" in failure
    assert provenance(read_dataset(dest, "vpcflow")) == before
