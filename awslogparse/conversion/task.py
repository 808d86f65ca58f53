"""Convert one input into the dataset: the unit of work a worker process runs.

A task is plain data (picklable, so it runs under ``spawn`` and ``forkserver``): one input, or
a group of small ones converted into shared files (see :mod:`.grouping`). :func:`run_task`
keeps the manifest's order of writes (see :mod:`.manifest`): stale outputs of an earlier attempt
go first, every file is announced before it can appear, and an input is marked done only when
all its files are written (a group's members only when the group's record is). A failure
removes what the attempt wrote, so the dataset never holds part of an input.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any, cast

from awslogparse.conversion import manifest
from awslogparse.conversion.destination import Destination, DestinationError, open_destination
from awslogparse.conversion.inputs import InputFile
from awslogparse.conversion.keys import key_facts
from awslogparse.conversion.options import WriterOptions
from awslogparse.errorlines import ErrorLines
from awslogparse.model import ParseError, SourceError

Progress = Callable[[int, int, int], None]
"""``(bytes read, rows, errors)`` since the last call."""
StopRequested = Callable[[], bool]
"""True once the run is to stop (Ctrl-C in the parent of a worker process)."""
INTERRUPTED = "interrupted"
PROGRESS_EVERY = 0.25
READ_BLOCK_SIZE = 4 * 1024 * 1024
SPLIT_ROWS = 16 * 1024
"""Rows gathered before they are cut by partition: the reader's batches are a few thousand rows,
and each cut costs a gather per column and a batch per partition whatever its size. (More holds
more: 64K rows cost 30 MiB of peak RSS on a VPC flow log, for no speed.)"""
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class ConvertTask:
    item: InputFile
    dest: str
    run_id: str
    spool: str
    """Local folder for this run's error files (merged into the run's sidecar)."""
    format: str = "auto"
    fields: str | None = None
    partition_by: tuple[str, ...] = ()
    options: WriterOptions = field(default_factory=WriterOptions)
    force: bool = False
    more: tuple[InputFile, ...] = ()
    """The other members of a group (``item`` is the first): converted together into shared
    files."""

    @property
    def inputs(self) -> tuple[InputFile, ...]:
        return (self.item, *self.more)

    @property
    def size(self) -> int:
        return sum(i.size for i in self.inputs)


@dataclass
class TaskResult:
    """What converting one input did (plain data: it crosses process boundaries)."""

    location: str
    display: str
    size: int
    status: str = "converted"
    """``converted``, ``skipped`` (finished by an earlier run), ``failed``."""
    format: str = ""
    detected_by: str = ""
    rows: int = 0
    errors: int = 0
    bytes_read: int = 0
    outputs: list[str] = field(default_factory=list)
    errors_file: str = ""
    """The local spool file holding this input's errors (NDJSON), if any."""
    failure: str = ""
    group: str = ""
    """The id of the group of small inputs it was converted with ("": alone)."""
    sharing: int = 1
    """Inputs converted with it into shared files (its group's size; 1: files of its own)."""
    destination_failure: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out.pop("errors_file")
        out.pop("destination_failure")
        return out


class CountingReader:
    """A binary stream that counts what is read from it (progress in input bytes)."""

    def __init__(self, raw: Any, name: str) -> None:
        self._raw = raw
        self.name = name
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self._raw.read(size)
        self.count += len(data)
        return data

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self._raw.close()


def _open(item: InputFile) -> CountingReader:
    if item.is_s3:
        from awslogparse.conversion.s3io import open_input

        return CountingReader(open_input(item.location, item.version), item.location)
    try:
        return CountingReader(open(item.location, "rb"), item.location)
    except FileNotFoundError:
        raise SourceError("the file vanished before it could be read") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None


def output_base(item: InputFile, group: str = "") -> str:
    """File names start with the input's name (without ``.gz``) and its identity (a group's
    files: its first member's name and the group's id)."""
    name = item.key.rsplit("/", 1)[-1].removesuffix(".gz") or "input"
    name = _UNSAFE_NAME.sub("_", name).strip("._") or "input"
    return f"{name[:80].rstrip('._-') or 'input'}-{group or item.identity}"


class TaskStoppedError(Exception):
    """Raised inside a task when ``stop()`` says so: the task removes what it wrote."""


def run_task(task: ConvertTask, progress: Progress | None = None,
             stop: StopRequested | None = None) -> list[TaskResult]:
    """Convert a task's inputs: a result per input, in :attr:`ConvertTask.inputs` order. Never
    raises for a bad input (its result says why it failed), raises :class:`DestinationError`
    only as ``destination_failure`` in the results. ``stop`` is asked between batches and before
    each file: once it is true the task removes what it wrote and fails as
    :data:`INTERRUPTED`."""
    if task.more:
        return _run_group(task, progress or _ignore, stop or _never)
    return [_run_one(task, progress or _ignore, stop or _never)]


def _run_one(task: ConvertTask, progress: Progress, stop: StopRequested) -> TaskResult:
    started = time.monotonic()
    item = task.item
    result = TaskResult(item.location, item.display, item.size)
    try:
        dest = open_destination(task.dest)
        _convert(task, dest, result, progress, stop)
    except TaskStoppedError:
        result.status, result.failure = "failed", INTERRUPTED
    except DestinationError as exc:
        result.status, result.failure, result.destination_failure = "failed", str(exc), True
    except _READ_FAILURES as exc:
        result.status, result.failure = "failed", _read_failure(exc, item)
    except Exception as exc:  # one bad input must not stop a batch conversion
        result.status, result.failure = "failed", f"unexpected error: {type(exc).__name__}: {exc}"
    result.seconds = time.monotonic() - started
    return result


_READ_FAILURES = (SourceError, ParseError, ValueError, OSError)
"""What reading an input can raise that fails that input alone."""


def _read_failure(exc: BaseException, item: InputFile) -> str:
    if isinstance(exc, (SourceError, ParseError, ValueError)):
        return _message(exc, item)
    return f"cannot read: {getattr(exc, 'strerror', None) or exc}"


class _MemberFailedError(Exception):
    """A group member could not be read (the group is converted again input by input)."""


def _run_group(task: ConvertTask, progress: Progress, stop: StopRequested
               ) -> list[TaskResult]:
    """A group's inputs into shared files. When one of them cannot be read, what the group
    wrote is removed and each member is converted alone, so that member fails alone."""
    started = time.monotonic()
    members = task.inputs
    results = [TaskResult(m.location, m.display, m.size) for m in members]
    failure, destination_failure = "", False
    sent = [0, 0, 0]

    def counted(read: int, rows: int, errors: int) -> None:
        sent[0] += read
        sent[1] += rows
        sent[2] += errors
        progress(read, rows, errors)

    try:
        dest = open_destination(task.dest)
        _convert_group(task, dest, results, counted, stop)
    except _MemberFailedError:
        progress(-sent[0], -sent[1], -sent[2])  # (read again below: not counted twice)
        return [_run_one(dataclasses.replace(task, item=item, more=()), progress, stop)
                for item in members]
    except TaskStoppedError:
        failure = INTERRUPTED
    except DestinationError as exc:
        failure, destination_failure = str(exc), True
    except Exception as exc:  # one bad group must not stop a batch conversion
        failure = f"unexpected error: {type(exc).__name__}: {exc}"
    seconds = (time.monotonic() - started) / len(members)
    for result in results:
        result.seconds = seconds
        if failure:
            result.status, result.failure = "failed", failure
            result.destination_failure = destination_failure
            result.outputs = []
    return results


def _ignore(_bytes: int, _rows: int, _errors: int) -> None:
    pass


def _never() -> bool:
    return False


def _message(exc: BaseException, item: InputFile) -> str:
    text = str(exc).replace("pass format=...", "pass --format")
    for prefix in (f"{item.location}: ", f"{item.display}: "):
        text = text.removeprefix(prefix)
    return text


def _convert(task: ConvertTask, dest: Destination, result: TaskResult,
             progress: Progress, stop: StopRequested) -> None:
    item = task.item
    loc_id = item.location_id
    before = manifest.state(dest, loc_id)
    if before.done_identity == item.identity and before.group_committed and not task.force:
        if before.has_pending:  # killed between writing done and removing pending
            dest.delete(manifest.pending_name(loc_id))
        result.status = "skipped"
        return
    _clear(dest, item, before)
    announced: list[str] = []

    def announce(rel: str) -> None:
        if stop():  # before the file exists: what is announced is what cleanup removes
            raise TaskStoppedError
        announced.append(rel)
        manifest.write_pending(dest, loc_id, item.location, announced)

    try:
        _write(task, dest, [result], progress, announce, stop=stop)
    except BaseException as exc:
        for rel in announced:
            _quietly(dest.delete, rel)
        _quietly(dest.delete, manifest.pending_name(loc_id))
        if isinstance(exc, _MemberFailedError):  # (alone, the input's own reason)
            raise cast(BaseException, exc.__cause__) from None
        raise
    _keep_errors(dest, task.run_id, loc_id, result)
    manifest.write_done(dest, loc_id, item.identity, _done_entry(item, result, task.run_id))
    dest.delete(manifest.pending_name(loc_id))


def _keep_errors(dest: Destination, run_id: str, location_id: str, result: TaskResult) -> None:
    """A finishing input's error lines into the dataset before its done record: the run's
    ``errors.ndjson`` gets them only later (from S3 destinations when the run ends), and a
    rerun skips a done input, so a kill in between lost them (see the manifest's layout)."""
    if result.errors_file:
        dest.put_file(manifest.errors_part(run_id, location_id), result.errors_file)


def _done_entry(item: InputFile, result: TaskResult, run_id: str, group: str = "",
                files: list[str] | None = None) -> dict[str, Any]:
    """A done record; a group member's lists the group's ``files`` as its ``outputs`` (any
    member's cleanup removes them all), and those holding its rows as ``holding``."""
    entry: dict[str, Any] = {
        "input": item.location, "size": item.size, "version": item.version,
        "identity": item.identity, "format": result.format, "rows": result.rows,
        "errors": result.errors, "outputs": result.outputs if files is None else files,
        "run": run_id}
    if group:
        entry["group"] = group
        entry["holding"] = result.outputs
    entry["finished"] = _now()
    return entry


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _clear(dest: Destination, item: InputFile, before: manifest.InputState) -> None:
    """Remove what an earlier attempt at ``item`` left: its files (announced, or finished for
    an object that changed since, or for ``--force``), then its done record. An input finished
    in a committed group takes the whole group out (its files hold the other members' rows)."""
    if before.done_group and before.group_committed:
        manifest.retire_group(dest, before.done_group)
        before = manifest.state(dest, item.location_id)
    stale = before.pending_outputs + before.done_outputs
    if before.done_name:  # the object changed (or --force): its old files go first
        manifest.write_pending(dest, item.location_id, item.location, stale)
        dest.delete(before.done_name)
    for rel in stale:
        dest.delete(rel)


def _convert_group(task: ConvertTask, dest: Destination, results: list[TaskResult],
                   progress: Progress, stop: StopRequested) -> None:
    """The manifest's order for a group: every member's leftovers go; the group's files are
    announced in its first member's pending record (with the group's id); then a done record
    per member, then the group's record (the commit: before it, no member counts as done),
    then the pending record goes."""
    from awslogparse.conversion.grouping import group_id

    members = task.inputs
    group = group_id(members)
    for item in members:
        before = manifest.state(dest, item.location_id)
        _clear(dest, item, before)
        if item is not task.item and (before.has_pending or before.done_name):
            dest.delete(manifest.pending_name(item.location_id))
    lead = task.item
    announced: list[str] = []
    written: list[str] = []

    def announce(rel: str) -> None:
        if stop():
            raise TaskStoppedError
        announced.append(rel)
        manifest.write_pending(dest, lead.location_id, lead.location, announced, group)

    try:
        files = _write(task, dest, results, progress, announce, stop=stop, group=group)
        for item, result in zip(members, results, strict=True):
            _keep_errors(dest, task.run_id, item.location_id, result)
            written.append(manifest.errors_part(task.run_id, item.location_id))
            manifest.write_done(dest, item.location_id, item.identity,
                                _done_entry(item, result, task.run_id, group, files), group)
            written.append(manifest.done_name(item.location_id, item.identity, group))
        manifest.write_group(dest, group, {
            "members": [{"input": m.location, "location_id": m.location_id,
                         "identity": m.identity} for m in members],
            "outputs": files, "run": task.run_id, "finished": _now()})
    except BaseException:
        for rel in announced + written:
            _quietly(dest.delete, rel)
        _quietly(dest.delete, manifest.pending_name(lead.location_id))
        raise
    dest.delete(manifest.pending_name(lead.location_id))


def _quietly(action: Callable[[str], None], rel: str) -> None:
    """Clean up after a failure: the failure is what to report, not this."""
    with contextlib.suppress(Exception):
        action(rel)


def _write(task: ConvertTask, dest: Destination, results: list[TaskResult],
           progress: Progress, announce: Callable[[str], None], *, stop: StopRequested,
           group: str = "") -> list[str]:
    """Read the task's inputs in turn into one writer per format (a CloudWatch Logs payload
    carries several); an input that cannot be read raises :class:`_MemberFailedError` (from
    the reason). Each result gets its input's counts and the files holding its rows; returns
    every file written."""
    from awslogparse import multisource

    members = task.inputs
    run = _Reading(task, dest, progress, announce=announce, stop=stop, group=group)
    # A group's S3 objects are opened ahead as any chain of S3 objects is (their GETs in
    # flight while an earlier one converts: S3 answers after tens of milliseconds)
    parts = multisource.opened_ahead(
        multisource.Part(item.location, source=_s3_object(item) if group else None,
                         tag=(index, item, result))
        for index, (item, result) in enumerate(zip(members, results, strict=True)))
    try:
        for part in parts:
            index, item, result = part.tag
            try:
                run.read(index, item, result, part.source)
            except _READ_FAILURES as exc:
                raise _MemberFailedError(item.location) from exc
        outputs = []
        closed: set[int] = set()  # (a writer shared by formats is under each of their names)
        while run.writers:
            _, found = run.writers.popitem()
            if id(found) not in closed:
                closed.add(id(found))
                outputs += found.close()
        for index, result in enumerate(results):
            result.outputs = [o.path for o in outputs if o.inputs is None or index in o.inputs]
            result.group, result.sharing = group, len(results)
    except BaseException:
        for found in {id(f): f for f in run.writers.values()}.values():
            found.writer.abort()
        raise
    finally:
        parts.close()  # (objects opened ahead and not reached are closed)
    return [o.path for o in outputs]


def _s3_object(item: InputFile) -> Any:
    """An S3 input as an object a chain can open ahead (its GETs conditional on its listed
    ETag); None for a local file."""
    if not item.is_s3:
        return None
    from awslogparse import s3

    target = s3.parse_url(item.location)
    return s3.S3Object(target.bucket, target.key, etag=item.version)


class _Reading:
    """The inputs of one task read into its writers (one per format)."""

    def __init__(self, task: ConvertTask, dest: Destination, progress: Progress, *,
                 announce: Callable[[str], None], stop: StopRequested, group: str) -> None:
        from awslogparse.conversion.writer import SourceColumn

        self.task, self.dest, self.progress = task, dest, progress
        self.announce, self.stop, self.group = announce, stop, group
        self.writers: dict[str, _FormatOutput] = {}
        self.sources = SourceColumn([m.location for m in task.inputs]) if group else None
        """A group's ``_source`` column (inputs share files)."""

    def read(self, index: int, item: InputFile, result: TaskResult, source: Any) -> None:
        """Input ``index`` into the writers; ``source``: its S3 object (perhaps opened early),
        or None."""
        from awslogparse.reader import iter_format_batches

        task = self.task
        stream = _open(item) if source is None else CountingReader(source.open_stream(),
                                                                    item.location)
        spill = ErrorLines(lambda: _spool_file(task.spool, item))
        sent = [0, 0, 0]
        last = time.monotonic()
        try:
            # A dataset per format, each file with the format's own schema: records a
            # CloudWatch Logs envelope carried keep its context (log group, stream, event
            # time) in ``_extra``. Smaller blocks than the reader's default (16 MiB): the
            # reader holds a few at once (prefetch), and at 4 MiB a conversion's reading side
            # needs half the memory at the same speed (measured: peak RSS 170 MB instead of
            # 345 MB on a 300 MB file).
            batches = iter_format_batches(
                cast(IO[bytes], stream), task.format, errors="collect", fields=task.fields,
                with_source=True, name=item.location, context=False,
                block_size=READ_BLOCK_SIZE)
            batches.errors = spill  # (each error to the spool as it is found: bounded memory)
            for fmt, batch in batches:
                if self.stop():
                    raise TaskStoppedError
                found = self.writers.get(fmt) or self._output(fmt, batches.schemas[fmt], item)
                found.add(batch if self.sources is None else self.sources.attach(batch, index))
                now = time.monotonic()
                if now - last >= PROGRESS_EVERY:
                    last = now
                    _report(self.progress, sent, stream.count, batches.stats.records,
                            batches.stats.errors)
            stats = batches.stats
            if stats.read_failed:  # (unlike damaged data, another read may give the rest)
                raise OSError(f"reading failed part-way ({stats.read_failed}); its rows are "
                              "not kept, and the next run reads it again")
            result.format = stats.format
            result.detected_by = stats.detected_by or "empty input"
            result.rows, result.errors = stats.records, stats.errors
            _report(self.progress, sent, stream.count, stats.records, stats.errors)
        finally:
            result.bytes_read = sent[0]  # as reported: a failed input's progress adds up too
            stream.close()
            spill.close()
            if spill.out is not None:
                result.errors_file = spill.out.name

    def _output(self, fmt: str, schema: Any, item: InputFile) -> _FormatOutput:
        """A format's writer, made for its first batch (a group's members share key facts, so
        the first one's serve all). Formats whose records are another's (a flow log delivered
        as Parquet) share that format's dataset and writer: same fields, same schema."""
        from awslogparse import registry
        from awslogparse.conversion.partitioning import dropped_columns, rules_for, time_column
        from awslogparse.conversion.writer import DatasetWriter

        task = self.task
        dataset = registry.get(fmt).format().records_of
        shared = self.writers.get(dataset)
        if shared is not None:
            self.writers[fmt] = shared
            return shared
        manifest.claim_format(self.dest, task.partition_by, dataset)
        spec = registry.get(fmt).format().spec
        names = schema.names
        rules = rules_for(task.partition_by, dataset, spec, key_facts(item.key), names)
        writer = DatasetWriter(
            self.dest, schema, drop=dropped_columns(task.partition_by, names),
            time_column=time_column(spec, names), base=output_base(task.item, self.group),
            source=None if self.group else item.location, announce=self.announce,
            options=task.options)
        found = self.writers[fmt] = self.writers[dataset] = _FormatOutput(writer, rules)
        return found


class _FormatOutput:
    """One format's rows of an input: gathered to :data:`SPLIT_ROWS`, cut by partition, handed
    to its :class:`DatasetWriter`."""

    def __init__(self, writer: Any, rules: Any) -> None:
        self.writer, self.rules = writer, rules
        self.held: list[Any] = []
        self.rows = 0

    def add(self, batch: Any) -> None:
        self.held.append(batch)
        self.rows += batch.num_rows
        if self.rows >= SPLIT_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        from awslogparse.conversion.partitioning import split

        if not self.held:
            return
        held, self.held, self.rows = self.held, [], 0
        data = held[0] if len(held) == 1 else pa.Table.from_batches(held)
        for partition, rows in split(data, self.rules, columns=self.writer.buffered_names):
            self.writer.add(partition, rows)

    def close(self) -> list[Any]:
        try:
            self._flush()
        except BaseException:
            self.writer.abort()  # its file in flight must land before the cleanup runs
            raise
        return list(self.writer.close())


def _report(progress: Progress, sent: list[int], read: int, rows: int, errors: int) -> None:
    progress(read - sent[0], rows - sent[1], errors - sent[2])
    sent[:] = [read, rows, errors]


def _spool_file(spool: str, item: InputFile) -> IO[str]:
    """An input's error file in the run's spool (made at its first error)."""
    os.makedirs(spool, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{item.location_id}-", suffix=".ndjson", dir=spool)
    os.close(fd)
    return open(name, "w", encoding="utf-8")
