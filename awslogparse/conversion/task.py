"""Convert one input into the dataset: the unit of work a worker process runs.

A task is plain data (picklable, so it runs under ``spawn`` and ``forkserver``), and
:func:`run_task` keeps the manifest's order of writes (see :mod:`.manifest`): stale outputs of
an earlier attempt go first, every file is announced before it can appear, and the input is
marked done only when all its files are written. A failure removes what the attempt wrote, so
the dataset never holds part of an input.
"""

from __future__ import annotations

import contextlib
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

        return CountingReader(open_input(item.location), item.location)
    try:
        return CountingReader(open(item.location, "rb"), item.location)
    except FileNotFoundError:
        raise SourceError("the file vanished before it could be read") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None


def output_base(item: InputFile) -> str:
    """File names start with the input's name (without ``.gz``) and its identity."""
    name = item.key.rsplit("/", 1)[-1].removesuffix(".gz") or "input"
    name = _UNSAFE_NAME.sub("_", name).strip("._") or "input"
    return f"{name[:80].rstrip('._-') or 'input'}-{item.identity}"


class TaskStoppedError(Exception):
    """Raised inside a task when ``stop()`` says so: the task removes what it wrote."""


def run_task(task: ConvertTask, progress: Progress | None = None,
             stop: StopRequested | None = None) -> TaskResult:
    """Convert one input; never raises for a bad input (the result says why it failed), raises
    :class:`DestinationError` only as ``destination_failure`` in the result. ``stop`` is asked
    between batches and before each file: once it is true the task removes what it wrote and
    fails as :data:`INTERRUPTED`."""
    started = time.monotonic()
    item = task.item
    result = TaskResult(item.location, item.display, item.size)
    try:
        dest = open_destination(task.dest)
        _convert(task, dest, result, progress or _ignore, stop or _never)
    except TaskStoppedError:
        result.status, result.failure = "failed", INTERRUPTED
    except DestinationError as exc:
        result.status, result.failure, result.destination_failure = "failed", str(exc), True
    except (SourceError, ParseError, ValueError) as exc:
        result.status, result.failure = "failed", _message(exc, item)
    except OSError as exc:
        result.status = "failed"
        result.failure = f"cannot read: {exc.strerror or exc}"
    except Exception as exc:  # one bad input must not stop a batch conversion
        result.status, result.failure = "failed", f"unexpected error: {type(exc).__name__}: {exc}"
    result.seconds = time.monotonic() - started
    return result


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
    if before.done_identity == item.identity and not task.force:
        if before.has_pending:  # killed between writing done and removing pending
            dest.delete(manifest.pending_name(loc_id))
        result.status = "skipped"
        return
    stale = before.pending_outputs + before.done_outputs
    if before.done_name:  # the object changed (or --force): its old files go first
        manifest.write_pending(dest, loc_id, item.location, stale)
        dest.delete(before.done_name)
    for rel in stale:
        dest.delete(rel)
    announced: list[str] = []

    def announce(rel: str) -> None:
        if stop():  # before the file exists: what is announced is what cleanup removes
            raise TaskStoppedError
        announced.append(rel)
        manifest.write_pending(dest, loc_id, item.location, announced)

    try:
        _write(task, dest, result, progress, announce, stop=stop)
    except BaseException:
        for rel in announced:
            _quietly(dest.delete, rel)
        _quietly(dest.delete, manifest.pending_name(loc_id))
        raise
    manifest.write_done(dest, loc_id, item.identity, {
        "input": item.location, "size": item.size, "version": item.version,
        "identity": item.identity, "format": result.format, "rows": result.rows,
        "errors": result.errors, "outputs": result.outputs, "run": task.run_id,
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
    dest.delete(manifest.pending_name(loc_id))


def _quietly(action: Callable[[str], None], rel: str) -> None:
    """Clean up after a failure: the failure is what to report, not this."""
    with contextlib.suppress(Exception):
        action(rel)


def _write(task: ConvertTask, dest: Destination, result: TaskResult, progress: Progress,
           announce: Callable[[str], None], *, stop: StopRequested) -> None:
    from awslogparse import registry
    from awslogparse.conversion.partitioning import dropped_columns, rules_for, time_column
    from awslogparse.conversion.writer import DatasetWriter
    from awslogparse.reader import iter_format_batches

    item = task.item
    stream = _open(item)
    spill = ErrorLines(lambda: _spool_file(task))
    writers: dict[str, _FormatOutput] = {}
    """One dataset per format: a CloudWatch Logs payload carries several."""
    sent = [0, 0, 0]
    last = time.monotonic()
    try:
        # A dataset per format, each file with the format's own schema: records a CloudWatch
        # Logs envelope carried keep its context (log group, stream, event time) in ``_extra``.
        # Smaller blocks than the reader's default (16 MiB): the reader holds a few at once
        # (prefetch), and at 4 MiB a conversion's reading side needs half the memory at the
        # same speed (measured: peak RSS 170 MB instead of 345 MB on a 300 MB file).
        batches = iter_format_batches(cast(IO[bytes], stream), task.format, errors="collect",
                                      fields=task.fields, with_source=True, name=item.location,
                                      context=False, block_size=READ_BLOCK_SIZE)
        batches.errors = spill  # (each error to the spool as it is found: bounded memory)
        for fmt, batch in batches:
            if stop():
                raise TaskStoppedError
            found = writers.get(fmt)
            if found is None:
                spec = registry.get(fmt).format().spec
                schema = batches.schemas[fmt]
                names = schema.names
                rules = rules_for(task.partition_by, fmt, spec, key_facts(item.key), names)
                writer = DatasetWriter(
                    dest, schema, drop=dropped_columns(task.partition_by, names),
                    time_column=time_column(spec, names), base=output_base(item),
                    source=item.location, announce=announce, options=task.options)
                found = writers[fmt] = _FormatOutput(writer, rules)
            found.add(batch)
            now = time.monotonic()
            if now - last >= PROGRESS_EVERY:
                last = now
                _report(progress, sent, stream.count, batches.stats.records,
                        batches.stats.errors)
        stats = batches.stats
        result.format, result.detected_by = stats.format, stats.detected_by or "empty input"
        result.rows, result.errors = stats.records, stats.errors
        outputs = []
        while writers:
            _, found = writers.popitem()
            outputs += found.close()
        result.outputs = [o.path for o in outputs]
        _report(progress, sent, stream.count, stats.records, stats.errors)
    except BaseException:
        for found in writers.values():
            found.writer.abort()
        raise
    finally:
        result.bytes_read = sent[0]  # as reported: the progress of a failed input adds up too
        stream.close()
        spill.close()
        if spill.out is not None:
            result.errors_file = spill.out.name


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


def _spool_file(task: ConvertTask) -> IO[str]:
    """This input's error file in the run's spool (made at its first error)."""
    os.makedirs(task.spool, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{task.item.location_id}-", suffix=".ndjson",
                                dir=task.spool)
    os.close(fd)
    return open(name, "w", encoding="utf-8")
