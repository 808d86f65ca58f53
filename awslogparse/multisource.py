"""Many sources read as one: every object under an S3 prefix, every object and payload of a Lambda
event.

Each part is read by its own reader (its own format detection, layout and line numbers), one
after another; the chain sums their counts and keeps one error list. A part that cannot be read at
all (a missing object, an unknown format, an event entry of the wrong shape) is one error naming
it, and the parts after it are still read, unless ``errors="raise"``.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from itertools import chain

from awslogparse.jsontext import escaped
from awslogparse.model import (
    TYPE_CHECKING,
    Columns,
    LineError,
    LogFormats,
    Mutable,
    ParseError,
    SourceError,
    split_log_format,
)
from awslogparse.reader import BatchIterator, ErrorMode, ReadStats, RecordIterator

if TYPE_CHECKING:  # (typing costs a cold start milliseconds; see awslogparse/model.py)
    from typing import Any

Reader = RecordIterator | BatchIterator


class Part(Mutable):
    """One source of a chain. ``open`` makes its reader; a part with a ``failure`` is reported,
    not read; a ``skipped`` part holds no records by design (an S3 test event). ``tag`` is the
    caller's: for Lambda events, the delivery item (SQS message, Kinesis record, ...).

    Not a dataclass: a Lambda cold start would import :mod:`dataclasses` for it (see
    :class:`~awslogparse.model.Mutable`)."""

    _fields = ("name", "open", "failure", "raw", "pointer", "skipped", "tag", "source")

    def __init__(self, name: str, *, open: Callable[[], Reader] | None = None,
                 failure: str | None = None, raw: str = "", pointer: str = "",
                 skipped: bool = False, tag: Any = None, source: Any = None) -> None:
        self.name = name
        self.open = open
        self.failure = failure
        self.raw = raw
        self.pointer = pointer
        self.skipped = skipped
        self.tag = tag
        self.source = source
        """What ``open`` reads, when it can be opened early (``open_early``/``discard``: an
        :class:`~awslogparse.s3.S3Object`): see :func:`opened_ahead`."""


OPEN_AHEAD = 3
"""Parts whose sources a chain opens while it reads an earlier one."""


def opened_ahead(parts: Iterable[Part]) -> Generator[Part, None, None]:
    """``parts``, with the sources of the next :data:`OPEN_AHEAD` opened early (S3 objects:
    their GETs in flight while an earlier object is read). A failure met while looking ahead
    (a listing that breaks off) is raised after the parts before it, as it would have been;
    sources opened early and never reached (the chain stopped) are closed."""
    pending: deque[Part] = deque()
    upcoming = iter(parts)
    failure: BaseException | None = None
    try:
        while True:
            while failure is None and len(pending) <= OPEN_AHEAD:
                try:
                    part = next(upcoming)
                except StopIteration:
                    break
                except Exception as exc:  # (raised once the parts before it are read)
                    failure = exc
                    break
                if pending and part.source is not None and part.failure is None \
                        and not part.skipped:  # (the first is read at once: no thread)
                    part.source.open_early()
                pending.append(part)
            if not pending:
                if failure is not None:
                    raise failure
                return
            yield pending.popleft()
    finally:
        for part in pending:
            if part.source is not None:
                part.source.discard()


def _check(errors: str) -> None:
    if errors not in ("raise", "skip", "collect"):
        raise ValueError(f"errors must be 'raise', 'skip' or 'collect', not {errors!r}")


def add_stats(total: ReadStats, part: ReadStats) -> None:
    for name in ReadStats.COUNTERS:
        setattr(total, name, getattr(total, name) + getattr(part, name))
    if part.read_failed and not total.read_failed:  # (the first part whose read failed)
        total.read_failed = f"{part.source}: {part.read_failed}"


class _Chain:
    """What the record and batch chains share: walking the parts, counting, reporting."""

    name: str
    mode: ErrorMode
    part: Part | None
    """The part being read (``None`` before the first)."""
    parts: list[ReadStats]
    """The counts of each part read so far, in order."""
    halted: bool
    """Reading stopped before the parts left (set by ``_finished``: a FIFO queue's message
    that failed); they stay unread."""
    unreadable: list[str]
    """Each part that could not be read at all (one error each): ``"<part>: <why>"``, in
    order. Unlike ``errors``, kept in every error mode (the command line's exit status)."""

    def _start(self, name: str, errors: ErrorMode) -> None:
        _check(errors)
        self.name = name
        self.mode = errors
        self.part = None
        self.parts = []
        self.halted = False
        self.unreadable = []
        self._done = ReadStats(source=name)
        self._done_errors: list[LineError] = []
        self._formats: list[str] = []
        self._reader: Reader | None = None
        self._last: Reader | None = None

    @property
    def stats(self) -> ReadStats:
        """The summed counts, including the part being read; ``format`` lists the formats
        seen, in order."""
        total = ReadStats(**self._done.__dict__)
        formats = list(self._formats)
        if self._reader is not None:
            add_stats(total, self._reader.stats)
            if self._reader.stats.format and self._reader.stats.format not in formats:
                formats.append(self._reader.stats.format)
        total.format = ",".join(formats)
        total.detected_by = "each part on its own" if len(self.parts) > 1 else total.detected_by
        return total

    @stats.setter
    def stats(self, value: ReadStats) -> None:
        raise AttributeError("a chain's stats are summed from its parts")

    @property
    def errors(self) -> list[LineError]:
        """Every LineError collected so far (with ``errors="collect"``), in reading order."""
        current = self._reader.errors if self._reader is not None else []
        return [*self._done_errors, *current]

    @errors.setter
    def errors(self, value: list[LineError]) -> None:
        raise AttributeError("a chain's errors are gathered from its parts")

    def _walk(self, parts: Iterable[Part]) -> Iterator[Any]:
        for part in opened_ahead(parts):
            if self.halted:
                break  # (the parts opened ahead are closed as the walk ends)
            self.part = part
            if part.skipped:
                self._done.skipped += 1
                self._finished(part, None, None)
                continue
            failure, reader = part.failure, None
            if failure is None and part.open is not None:
                try:
                    reader = self._reader = part.open()
                    yield from self._read(reader)
                except SourceError as exc:  # readers open lazily: raised by the first next()
                    failure = str(exc)
                except ParseError as exc:  # a line error under "raise", or options that do
                    if self.mode == "raise":  # not fit this part (fields= for JSON)
                        raise
                    failure = str(exc)
                finally:
                    if reader is not None:
                        self._fold(reader)
            elif failure is None:
                failure = "nothing to read"
            if failure is not None:
                self._fail(part, failure)
            self._finished(part, reader.stats if reader is not None else None, failure)

    def _read(self, reader: Reader) -> Iterator[Any]:
        """What ``_walk`` hands on from one part's reader: lists of records, or batches."""
        raise NotImplementedError

    def _fold(self, reader: Reader) -> None:
        self._reader = None
        self._last = reader
        add_stats(self._done, reader.stats)
        self.parts.append(reader.stats)
        if reader.stats.format and reader.stats.format not in self._formats:
            self._formats.append(reader.stats.format)
        if len(self.parts) == 1:
            self._done.detected_by = reader.stats.detected_by
        self._done_errors.extend(reader.errors)

    def _fail(self, part: Part, reason: str) -> None:
        """A part that could not be read: one unit, one error."""
        prefix = f"{part.name}: "
        reason = reason[len(prefix):] if reason.startswith(prefix) else reason
        error = LineError(part.name, None, escaped(reason), escaped(part.raw), part.pointer)
        self.unreadable.append(str(error))
        self._done.units += 1
        self._done.errors += 1
        if self.mode == "raise":
            raise SourceError(str(error))
        if self.mode == "collect":
            self._done_errors.append(error)

    def _finished(self, part: Part, stats: ReadStats | None, failure: str | None) -> None:
        """Called after each part (counts of a part that was read, or why it failed)."""


class ChainedRecords(_Chain, RecordIterator):
    """Records of several sources, one after another, as one :class:`RecordIterator` (the same
    ``stats`` and ``errors``; ``parts`` holds each source's own counts)."""

    def __init__(self, name: str, parts: Iterable[Part], errors: ErrorMode) -> None:
        # Not RecordIterator.__init__: there is no single source to open.
        self._start(name, errors)
        self.source = name
        self._lists = self._walk(parts)
        self._iter = chain.from_iterable(self._lists)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._iter

    def __next__(self) -> dict[str, Any]:
        return next(self._iter)

    def _read(self, reader: Reader) -> Iterator[Any]:
        assert isinstance(reader, RecordIterator)
        yield from reader.record_lists()


class ChainedBatches(_Chain, BatchIterator):
    """Arrow batches of several sources, one after another. Each batch has its own source's
    schema (``schema`` is the latest); :func:`table` merges them."""

    def __init__(self, name: str, parts: Iterable[Part], errors: ErrorMode,
                 empty: Callable[[], BatchIterator]) -> None:
        self._start(name, errors)
        self.source = name
        self.schema = None
        self.fast_blocks = 0
        self.slow_blocks = 0
        self._blocks_done = (0, 0)
        self._empty = empty
        self._iter = self._walk(parts)

    def __iter__(self) -> ChainedBatches:
        return self

    def __next__(self) -> Any:
        return next(self._iter)

    def _read(self, reader: Reader) -> Iterator[Any]:
        assert isinstance(reader, BatchIterator)
        fast, slow = self._blocks_done
        for batch in reader:
            self.schema = reader.schema
            self.fast_blocks = fast + reader.fast_blocks
            self.slow_blocks = slow + reader.slow_blocks
            yield batch
        self._blocks_done = (fast + reader.fast_blocks, slow + reader.slow_blocks)

    def empty_schema(self, format: str = "auto") -> Any:
        if self.schema is not None:
            return self.schema
        last = self._last if isinstance(self._last, BatchIterator) else self._empty()
        return last.empty_schema(format)


def table(batches: BatchIterator, collected: Sequence[Any], format: str) -> Any:
    """One ``pyarrow.Table`` of ``collected``: batches of different schemas (objects of
    different formats or layouts under one prefix) are merged, a column missing from a source
    being null there; columns whose types conflict raise :class:`SourceError`."""
    import pyarrow as pa

    groups: list[list[Any]] = []
    for batch in collected:
        if groups and groups[-1][0].schema.equals(batch.schema):
            groups[-1].append(batch)
        else:
            groups.append([batch])
    if len({str(g[0].schema) for g in groups}) <= 1:
        return pa.Table.from_batches(collected, schema=batches.empty_schema(format))
    tables = [pa.Table.from_batches(g) for g in groups]
    try:
        return pa.concat_tables(tables, promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SourceError(f"{batches.name}: the sources' schemas cannot be merged ({exc}); read "
                          "them one by one, or pass columns='all'") from None


def s3_parts(url: str, make: Callable[[Any, str], Reader], s3_client: Any) -> Iterator[Part]:
    """A part per object under an ``s3://`` prefix, in key order; an empty prefix is an error
    (as a missing file is)."""
    from awslogparse import s3

    target = s3.parse_url(url)
    count = 0
    for key in s3.list_keys(target.bucket, target.key, s3_client):
        count += 1
        source = s3.S3Object(target.bucket, key, s3_client)
        yield Part(source.name, open=functools.partial(make, source, source.name),
                   source=source)
    if not count:
        raise SourceError(f"{url}: no objects under this prefix")


def s3_records(url: str, format: str, *, errors: ErrorMode, fields: str | Sequence[str] | None,
               with_source: bool, name: str | None, log_formats: LogFormats | None,
               s3_client: Any) -> RecordIterator:
    """``iter_records`` of an ``s3://`` URL: one object, or every object under a prefix."""
    from awslogparse import s3
    from awslogparse.reader import iter_records

    def make(source: Any, object_name: str) -> RecordIterator:
        return iter_records(source, format, errors=errors, fields=fields, with_source=with_source,
                            name=object_name, log_formats=log_formats)

    target = s3.parse_url(url)
    if not target.is_prefix:
        return make(s3.S3Object(target.bucket, target.key, s3_client), name or url)
    _validate(format, log_formats)
    return ChainedRecords(name or url, s3_parts(url, make, s3_client), errors)


def s3_batches(url: str, format: str, *, errors: ErrorMode, fields: str | Sequence[str] | None,
               columns: Columns, with_source: bool, fast: bool, name: str | None,
               log_formats: LogFormats | None, s3_client: Any) -> BatchIterator:
    """``iter_batches`` of an ``s3://`` URL: one object, or every object under a prefix."""
    from awslogparse import s3
    from awslogparse.reader import iter_batches

    def make(source: Any, object_name: str) -> BatchIterator:
        return iter_batches(source, format, errors=errors, fields=fields, columns=columns,
                            with_source=with_source, fast=fast, name=object_name,
                            log_formats=log_formats)

    target = s3.parse_url(url)
    if not target.is_prefix:
        return make(s3.S3Object(target.bucket, target.key, s3_client), name or url)
    _validate(format, log_formats)
    return ChainedBatches(name or url, s3_parts(url, make, s3_client), errors,
                          lambda: make(b"", name or url))


def _validate(format: str, log_formats: LogFormats | None) -> None:
    """Refuse unknown format names now, as a single reader does, not at the first object."""
    from awslogparse import registry

    for name in [format, *(split_log_format(v)[0] for v in (log_formats or {}).values())]:
        if name != "auto":
            registry.get(name)


__all__ = ["ChainedBatches", "ChainedRecords", "Part", "add_stats", "s3_batches", "s3_records",
           "table"]
