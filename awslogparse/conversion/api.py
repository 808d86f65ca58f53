"""``awslogparse.convert``: logs in, a partitioned Parquet dataset out, resumable."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TextIO

from awslogparse.conversion import manifest
from awslogparse.conversion.destination import Destination, DestinationError, open_destination
from awslogparse.conversion.inputs import InputFile, collect_inputs, detect_input
from awslogparse.conversion.keys import KeyFacts, key_facts, parse_day
from awslogparse.conversion.options import WriterOptions
from awslogparse.conversion.partitioning import parse_keys
from awslogparse.conversion.progress import Progress
from awslogparse.conversion.report import ConvertReport
from awslogparse.conversion.task import INTERRUPTED, ConvertTask, TaskResult
from awslogparse.model import SourceError

ARROW_HINT = "pip install 'awslogparse[arrow]'"
Inputs = str | os.PathLike[str] | Sequence[str | os.PathLike[str] | InputFile]
Day = date | str | None


def _day(value: Day) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_day(value)


def _as_list(inputs: Inputs) -> list[str | os.PathLike[str] | InputFile]:
    if isinstance(inputs, (str, os.PathLike)):
        return [inputs]
    return list(inputs)


def find_inputs(inputs: Inputs, dest: str | os.PathLike[str] | None = None, *,
                since: Day = None, until: Day = None) -> list[InputFile]:
    """The objects a conversion of ``inputs`` reads (``dest`` is never read as an input)."""
    first, last = _day(since), _day(until)
    if first is not None and last is not None and first > last:
        raise ValueError(f"since {first} is after until {last}: no day is both")
    given = _as_list(inputs)
    items = [i for i in given if isinstance(i, InputFile)]
    paths = [i for i in given if not isinstance(i, InputFile)]
    items += collect_inputs(paths, exclude=dest, since=first, until=last)
    return items


def nothing_found(inputs: Inputs, since: Day = None, until: Day = None) -> SourceError:
    """The error of a conversion that found no input: what it searched, and the dates it kept."""
    names = ", ".join(i.display if isinstance(i, InputFile) else os.fspath(i)
                      for i in _as_list(inputs))
    first, last = _day(since), _day(until)
    dated = (f" dated {first} to {last}" if first and last else f" dated {first} or later"
             if first else f" dated {last} or earlier" if last else "")
    return SourceError(f"no input files found in {names or 'no input given'}{dated}")


def _require_pyarrow() -> None:
    """Fail early without pyarrow, but without importing it: with worker processes, this one
    never needs it (about 60 MB less for the process tree)."""
    import importlib.util
    import sys

    try:
        missing = sys.modules.get("pyarrow", ...) is None or not importlib.util.find_spec(
            "pyarrow")
    except (ImportError, ValueError):
        missing = True
    if missing:
        raise SourceError(f"convert writes Parquet and needs pyarrow: {ARROW_HINT}")


def _check_format(fmt: str) -> None:
    if fmt != "auto":
        from awslogparse import registry

        registry.get(fmt)


def _check_report_file(path: str | os.PathLike[str]) -> None:
    """Refuse a report file that could not be written, before the run: found at its end, the
    work would be done and recorded (a rerun skips it) with no report of it."""
    import errno
    from pathlib import Path

    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "the report file is a folder", os.fspath(path))
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "the report file's folder does not exist",
                                os.fspath(path))
    if not os.access(target if target.exists() else folder, os.W_OK):
        raise PermissionError(errno.EACCES, "the report file cannot be written",
                              os.fspath(path))


def new_run_id() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + secrets.token_hex(3)


def convert(inputs: Inputs, dest: str | os.PathLike[str], *, format: str = "auto",
            fields: str | None = None, partition_by: str | Sequence[str] | None = None,
            jobs: int | None = None, since: Day = None, until: Day = None,
            force: bool = False, group_inputs: bool = True, row_group_rows: int | None = None,
            max_file_rows: int | None = None, buffer_bytes: int | None = None,
            progress: TextIO | None = None, report_file: str | os.PathLike[str] | None = None
            ) -> ConvertReport:
    """Convert logs to a Parquet dataset under ``dest`` (a folder or ``s3://bucket/prefix/``).

    ``inputs``: files, folders (recursive), globs and ``s3://`` prefixes or objects, one or a
    list. Each format becomes a dataset of its own, partitioned by ``partition_by`` (default
    ``format,account_id,region,date``; ``[]`` for none). An input finished by an earlier run
    into the same ``dest`` is skipped unless it changed since (or ``force``); one that a killed
    run left half-done is converted again, its partial files removed first. ``jobs``: worker
    processes (default: CPU count; one input or ``jobs=1`` runs in this process). ``since`` /
    ``until`` (``YYYY-MM-DD``, inclusive) select objects by the date in their key.
    ``group_inputs``: small inputs of one folder (CloudTrail's five-minute files) are converted
    together into shared files (see :mod:`awslogparse.conversion.grouping`); ``False``: every
    input into files of its own. ``progress``: a stream for the progress bar or lines
    (``None``: quiet).

    Returns a :class:`ConvertReport`; inputs that could not be read are reported in it, not
    raised. Raises :class:`SourceError` for a missing input, inputs that hold no file (an empty
    folder, nothing dated ``since``..``until``) or an unknown format,
    :class:`DestinationError` when ``dest`` cannot be used at all, and ``OSError`` when
    ``report_file`` could not be written (before anything is read).
    """
    started = time.monotonic()
    _require_pyarrow()
    _check_format(format)
    if report_file is not None:
        _check_report_file(report_file)
    keys = parse_keys(partition_by)
    options = WriterOptions(
        row_group_rows=row_group_rows or WriterOptions.row_group_rows,
        max_file_rows=max_file_rows or WriterOptions.max_file_rows,
        buffer_bytes=buffer_bytes or WriterOptions.buffer_bytes)
    target = open_destination(dest)
    items = find_inputs(inputs, dest, since=since, until=until)
    if not items:  # (before the dataset's file is written: its partitioning is a run's)
        raise nothing_found(inputs, since, until)
    manifest.check_dataset(target, keys)
    run_id = new_run_id()
    report = ConvertReport(target.root, run_id)
    found = manifest.listing(target)
    items, kept = _with_groupmates(target, found, items, force)
    results: list[TaskResult | None] = [None] * len(items)
    done = _finished(target, found, items, force, kept)
    spool = tempfile.mkdtemp(prefix=f"awslogparse-{run_id}-")
    todo = []
    for index, item in enumerate(items):
        if done.get(item.location_id) == item.identity:
            results[index] = TaskResult(item.location, item.display, item.size,
                                        status="skipped")
        elif item.location_id in kept:
            results[index] = TaskResult(item.location, item.display, item.size,
                                        status="failed", failure=kept[item.location_id])
        else:
            todo.append(index)
    workers = jobs or os.cpu_count() or 1
    members = _tasks(items, todo, workers, group_inputs)
    tasks = [ConvertTask(items[m[0]], os.fspath(dest), run_id, spool, format, fields, keys,
                         options, force, more=tuple(items[i] for i in m[1:]))
             for m in members]
    sidecar = ErrorSidecar(target, f"{manifest.RUNS}/{run_id}/errors.ndjson")
    shown = Progress(len(items), sum(i.size for i in items), progress)
    for result in results:
        if result is not None:
            shown.finished_file(result.size, 0)

    def on_result(index: int, found: list[TaskResult]) -> None:
        for position, result in zip(members[index], found, strict=True):
            results[position] = result
            if result.errors_file:
                sidecar.add(result.errors_file,
                            manifest.errors_part(run_id, items[position].location_id))

    interrupted = False
    try:
        from awslogparse.conversion.workers import run_tasks

        report.stopped = run_tasks(tasks, workers, shown, on_result)
    except KeyboardInterrupt:
        interrupted = True
        report.stopped = INTERRUPTED
    finally:
        shown.close()
        report.inputs = [r for r in results if r is not None]
        report.errors_file = sidecar.close()
        shutil.rmtree(spool, ignore_errors=True)
        report.elapsed = time.monotonic() - started
    if interrupted:
        _interrupted(report, len(items), target, report_file, progress)
    text = report.to_json()
    if report_file is not None:
        with open(report_file, "w", encoding="utf-8") as fh:
            fh.write(text)
    try:
        target.write_text(f"{manifest.RUNS}/{run_id}/report.json", text)
    except DestinationError:
        if not report.stopped:
            raise
    return report


def _with_groupmates(target: Destination, found: manifest.Listing, items: list[InputFile],
                     force: bool) -> tuple[list[InputFile], dict[str, str]]:
    """``items`` and the members of the groups this run takes out that it was not given: a
    group's files hold every member's rows, so converting one member again (it changed, or
    ``force``) converts them all, or the others' rows would be gone. A group with a member that
    can no longer be read stays (retiring it would lose that member's rows for good): the run's
    inputs of it are then not converted, each with why (location id -> reason). A group whose
    retirement a killed run began is finished whatever it costs (its files may be gone)."""
    _, retire = _judged(found, items, force)
    given = {item.location_id for item in items}
    added: list[InputFile] = []
    kept: dict[str, str] = {}
    for group in sorted(retire):
        members = manifest.group_members(target, group)
        found_here: list[InputFile] = []
        gone = ""
        for member in members:
            if str(member.get("location_id")) in given:
                continue
            location = str(member.get("input", ""))
            match = [i for i in _located(location, target.root)
                     if i.location_id == member.get("location_id")]
            if match:
                found_here += match
            elif not gone:
                gone = location
        if gone and group not in found.stale:
            why = (f"converting it again would take its group's files out, which also hold "
                   f"the rows of {gone}, which can no longer be read: those rows would be lost "
                   f"(move that group's files out of the dataset to convert the rest anew)")
            kept.update((str(m.get("location_id")), why) for m in members)
            continue
        added += found_here
        given.update(i.location_id for i in found_here)
    return items + added, kept


def _located(location: str, dest: str) -> list[InputFile]:
    """The input at ``location`` now (none when it is gone or cannot be listed)."""
    try:
        return find_inputs(location, dest)
    except (SourceError, OSError):
        return []


def _finished(target: Destination, found: manifest.Listing, items: Sequence[InputFile],
              force: bool, kept: dict[str, str]) -> dict[str, str]:
    """location id -> identity of the inputs the dataset holds, after the groups that cannot
    stay are taken out: those a killed run was retiring, and those with a member about to be
    converted again (it changed, or ``force``; but not those ``kept``, see
    :func:`_with_groupmates`). Their files hold every member's rows, so every member is
    converted again, and none may keep rows in the dataset meanwhile. Also removes the files a
    killed group task announced (they hold rows of inputs now converted again, and its first
    member may not be among this run's inputs)."""
    done, retire = _judged(found, [i for i in items if i.location_id not in kept], force)
    for group in sorted(retire):
        for location_id in manifest.retire_group(target, group):
            done.pop(location_id, None)
        found.groups.discard(group)
    manifest.clear_group_leftovers(target, found)
    return done


def _tasks(items: Sequence[InputFile], todo: list[int], workers: int, group_inputs: bool
           ) -> list[list[int]]:
    """The indexes into ``items`` of each task's inputs: the ``todo`` ones, grouped (see
    :mod:`.grouping`) or one by one."""
    if not group_inputs:
        return [[index] for index in todo]
    from awslogparse.conversion.grouping import group_inputs as grouped

    return [[todo[k] for k in g] for g in grouped([items[i] for i in todo], workers)]


def _judged(found: manifest.Listing, items: Sequence[InputFile], force: bool
            ) -> tuple[dict[str, str], set[str]]:
    """What the manifest's listing says, before anything is changed: the inputs done (by
    location id), and the groups to retire (their members are not done)."""
    retire = set(found.stale)
    done = {} if force else found.finished()
    for item in items:
        before = found.done.get(item.location_id)
        if before is not None and before[1] in found.groups and \
                done.get(item.location_id) != item.identity:
            retire.add(before[1])
    for location_id, (_, group) in found.done.items():
        if group in retire:
            done.pop(location_id, None)
    return done, retire


class ConversionInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped :func:`convert`: what it finished is in the dataset (and in ``report``),
    what it had not finished left nothing a reader sees; a rerun converts the rest."""

    def __init__(self, message: str, report: ConvertReport) -> None:
        super().__init__(message)
        self.report = report


def _interrupted(report: ConvertReport, total: int, target: Destination,
                 report_file: str | os.PathLike[str] | None, progress: TextIO | None) -> None:
    """Record the stop (report files, best effort: the user is waiting) and raise."""
    text = report.to_json()
    with contextlib.suppress(OSError, DestinationError):
        if report_file is not None:
            with open(report_file, "w", encoding="utf-8") as fh:
                fh.write(text)
        target.write_text(f"{manifest.RUNS}/{report.run_id}/report.json", text)
    message = (f"interrupted: {len(report.converted):,} of {total:,} inputs converted, "
               f"{len(report.skipped):,} done before; the unfinished ones left no files; run "
               "the same conversion again to finish (what is done is skipped)")
    if progress is not None:
        with contextlib.suppress(OSError, ValueError):
            progress.write(message + "\n")
            progress.flush()
    raise ConversionInterrupted(message, report)


class ErrorSidecar:
    """The run's NDJSON error file, fed input by input from the workers' spool files. A
    finished input's errors also wait in the dataset (``part``, written by its task before
    its done record) until this file holds them: then that copy goes."""

    def __init__(self, dest: Destination, rel: str) -> None:
        self.dest, self.rel = dest, rel
        self.used = False
        self._parts: list[str] = []

    def add(self, local: str, part: str) -> None:
        self.dest.append_file(self.rel, local)
        self.used = True
        os.unlink(local)
        self._parts.append(part)
        if self.dest.appends_in_place:
            self._drop_parts()

    def close(self) -> str | None:
        self.dest.close()  # (S3: the appends are written now; the parts stay if this fails)
        self._drop_parts()
        return self.dest.url(self.rel) if self.used else None

    def _drop_parts(self) -> None:
        parts, self._parts = self._parts, []
        for part in parts:
            self.dest.delete(part)


@dataclass(frozen=True)
class PlannedInput:
    """What ``--dry-run`` says of an input: its format, how it was told, and what the key
    layout gives."""

    item: InputFile
    format: str
    reason: str
    facts: KeyFacts
    finished: bool
    group: int = 0
    """The group of small inputs it would be converted with (numbered from 1), 0 alone."""


def plan(inputs: Inputs, dest: str | os.PathLike[str], *, format: str = "auto",
         since: Day = None, until: Day = None, force: bool = False,
         group_inputs: bool = True, jobs: int | None = None) -> list[PlannedInput]:
    """What :func:`convert` would do, reading only the head of each input (an input that
    changed since a run finished it in a group makes the whole group unfinished)."""
    _check_format(format)
    items = find_inputs(inputs, dest, since=since, until=until)
    target = open_destination(dest)
    listed = manifest.listing(target)
    items, kept = _with_groupmates(target, listed, items, force)  # (as convert would read)
    done, _ = _judged(listed, [i for i in items if i.location_id not in kept], force)
    todo = [i for i, item in enumerate(items) if done.get(item.location_id) != item.identity
            and item.location_id not in kept]
    groups = [0] * len(items)
    several = [t for t in _tasks(items, todo, jobs or os.cpu_count() or 1, group_inputs)
               if len(t) > 1]
    for number, members in enumerate(several, 1):
        for index in members:
            groups[index] = number
    out = []
    for item, group in zip(items, groups, strict=True):
        if format != "auto":
            from awslogparse import registry

            fmt, reason = registry.get(format).name, "given"
        else:
            try:
                detected, reason = detect_input(item)
                fmt = detected or ""
            except (OSError, SourceError) as exc:
                fmt, reason = "", f"cannot read: {exc}"
        out.append(PlannedInput(item, fmt, reason, key_facts(item.key),
                                done.get(item.location_id) == item.identity, group))
    return out
