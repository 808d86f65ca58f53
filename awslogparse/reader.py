"""Wire a source to a parser: ``iter_records`` (dicts) and the Arrow readers.

source -> open -> decompress -> blocks of whole lines -> detect -> parse -> records / errors.
Every data line becomes a record or a :class:`LineError`; ``ReadStats`` counts both, so
``records + errors == lines`` can be checked by any caller.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain

from awslogparse import registry
from awslogparse.model import (
    Columns,
    LineError,
    LogFormat,
    LogFormats,
    Mutable,
    ParseError,
    Record,
    Schema,
    SourceError,
    split_log_format,
)
from awslogparse.parsers.base import ExactRaw, Format, LineFailure, RecordRun, plain_text
from awslogparse.sources import (
    BLOCK_SIZE,
    PEEK_BYTES,
    Block,
    Chunk,
    Gap,
    LongLine,
    Source,
    StreamEnd,
    decompressed_chunks,
    iter_blocks,
    open_binary,
    peek_chunks,
    prefetch,
    source_name,
)

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any, Literal, TypeVar

    from awslogparse.framing import Built, Value

    ErrorMode = Literal["raise", "skip", "collect"]
    T = TypeVar("T")
else:
    ErrorMode = str

RECORD_SLICE = 256
"""Lines of a block parsed to dicts at a time (the records are yielded while still cached)."""
JSON_BATCH = 8192
"""Records of a JSON format per Arrow batch."""
ARROW_BLOCK_SIZE = 16 * 1024 * 1024
"""Arrow reads bigger blocks: fewer calls, and pyarrow.csv parses each on every core."""
UTF8_BOM = b"\xef\xbb\xbf"
MAX_RAW = 64 * 1024
"""Raw text kept in a LineError (longer lines are cut, and the reason says so)."""


def _text(name: str) -> str:
    """A source's name as UTF-8 text, as records, Arrow batches and errors carry it: the bytes
    of a file name that are not UTF-8 (held as lone surrogates) escaped, as in errors."""
    if name.isascii():
        return name
    from awslogparse.jsontext import escaped

    return escaped(name)


class ReadStats(Mutable):
    """What a read saw. ``units`` counts what holds one record each (a data line; an entry of a
    CloudTrail ``Records`` array; a CloudWatch Logs log event): every one is a record or an
    error, so ``records + errors == units``. ``containers`` counts what holds units apart from
    the source itself (JSON documents, CloudWatch Logs envelopes).

    Written out rather than a dataclass (defining one costs a cold start milliseconds, and
    the first imports :mod:`dataclasses`), with what the dataclass gave: construction by
    keyword (``source`` also by position), ``==`` and ``repr`` over the fields, and
    ``dataclasses.fields`` / ``asdict`` / ``replace`` still working (their field list is made
    on first use)."""

    COUNTERS = ("units", "records", "errors", "headers", "blank", "containers", "skipped",
                "split")
    """The counts, which a read of many parts sums part by part."""
    _fields = ("source", "format", "detected_by", *COUNTERS, "read_failed")
    """Every field, in order (``==``, ``repr``, ``as_dict`` and ``dataclasses.fields``)."""

    source: str
    format: str
    detected_by: str
    units: int
    records: int
    errors: int
    headers: int
    blank: int
    containers: int
    skipped: int
    """Containers that hold no records by design (CloudWatch Logs control messages)."""
    split: int
    """CloudWatch Logs envelopes whose first event continues a multi-line entry begun in an
    earlier delivery (read as a unit of its own, with a warning on the ``awslogparse`` logger)."""
    read_failed: str
    """Why reading the input failed part-way (a dropped connection: an ``OSError``; one of the
    errors says so too), or "". The records before it were read; reading the input again may
    give the rest, where a damaged input (a truncated gzip object) would stop at the same
    place. A read of many parts (an S3 prefix, a Lambda event) names the first such part:
    ``"<part>: <why>"``."""

    def __init__(self, source: str = "", *, format: str = "", detected_by: str = "",
                 units: int = 0, records: int = 0, errors: int = 0, headers: int = 0,
                 blank: int = 0, containers: int = 0, skipped: int = 0, split: int = 0,
                 read_failed: str = "") -> None:
        self.source = source
        self.format = format
        self.detected_by = detected_by
        self.units = units
        self.records = records
        self.errors = errors
        self.headers = headers
        self.blank = blank
        self.containers = containers
        self.skipped = skipped
        self.split = split
        self.read_failed = read_failed

    @property
    def lines(self) -> int:
        """``units``, under the name line formats know it by (their units are data lines)."""
        return self.units

    @lines.setter
    def lines(self, value: int) -> None:
        self.units = value

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "lines": self.units}


class _Plan:
    """The format a read goes on with, and why (``given`` or detection's reason); detected:
    the formats detection scored, best first."""

    __slots__ = ("detected", "format", "reason")

    def __init__(self, format: str, reason: str, detected: tuple[str, ...] = ()) -> None:
        self.format = format
        self.reason = reason
        self.detected = detected


def _check_mode(errors: str) -> None:
    if errors not in ("raise", "skip", "collect"):
        raise ValueError(f"errors must be 'raise', 'skip' or 'collect', not {errors!r}")


def _plan(name: str, head: bytes, fmt: str, damage: BaseException | None = None) -> _Plan:
    if fmt != "auto":
        return _Plan(registry.get(fmt).name, "given")
    found = registry.detect(name, head)
    if not found:
        why = found.reason if damage is None else \
            f"{found.reason}; the input is damaged: {type(damage).__name__}: {damage}"
        raise SourceError(f"{name}: cannot tell the format ({why}); pass format=...")
    return _Plan(found.format or "", found.reason,
                 tuple(name for name, score, _ in found.candidates if score > 0))


def _table_plan(name: str, plan: _Plan, chunks: Iterator[Chunk]
                ) -> tuple[_Plan, Iterator[Chunk]]:
    """A detected Parquet file: every Parquet file starts with the same bytes and its footer
    names its columns, so the format whose columns they are is chosen now, the file whole at
    hand (the formats detection preferred first). A file no format takes keeps the detected
    format, whose refusal is then its one error. A file awslogparse wrote holds no format
    (``name`` is the source's, for the error)."""
    from awslogparse.framing import gather, replay, table_columns, written_reason

    held, broken = gather(chunks)  # (a cut gzip wrapping: reading it reports the damage)
    footer = table_columns(held)
    if footer is not None and footer[1] is not None:  # (no format of AWS's: its rows are
        held.close()                                   # typed records of one of ours)
        raise SourceError(f"{name}: {written_reason(footer[1])}")
    if footer is not None:
        found = registry.detect_table(footer[0], (plan.format, *plan.detected))
        if found.format == plan.format:
            plan = _Plan(plan.format, f"{plan.reason}; {found.reason}")
        elif found.format is not None:
            plan = _Plan(found.format, f"{found.reason}, not {plan.format}'s ({plan.reason})")
    return plan, replay(held, broken)


def _without_bom(chunks: Iterator[Chunk]) -> Iterator[Chunk]:
    """The chunks without their first three bytes (a BOM may span the first chunks)."""
    skip = len(UTF8_BOM)
    for chunk in chunks:
        rest = chunk
        if skip and not isinstance(chunk, Gap):
            taken = min(skip, len(chunk))
            rest, skip = chunk[taken:], skip - taken
            if not rest:
                continue
        yield rest


def _cut(raw: str) -> tuple[str, str]:
    if len(raw) <= MAX_RAW:
        return raw, ""
    return raw[:MAX_RAW], f" (raw text cut to {MAX_RAW} of {len(raw)} characters)"


class _Reader:
    """What both iterators share: opening, detection, error policy and counts."""

    def __init__(self, source: Source, format: str, *, errors: ErrorMode,
                 fields: str | Sequence[str] | None, with_source: bool,
                 name: str | None = None, log_formats: LogFormats | None = None,
                 routes: Any = None) -> None:
        _check_mode(errors)
        self._routes = routes
        # log group glob -> (format, layout): registry names (aliases resolved, unknown ones
        # refused now)
        self._log_formats: dict[str, LogFormat] = {}
        for group, value in (log_formats or {}).items():
            given, layout = split_log_format(value)
            known = registry.get(given).name
            self._log_formats[group] = known if layout is None else (known, layout)
        self.source = source
        self.name = _text(name or source_name(source))
        self._name_given = bool(name)
        self.mode = errors
        self.errors: list[LineError] = []
        self.stats = ReadStats(source=self.name)
        self._format = format
        self._fields = fields
        self._with_source = with_source
        self._block_size = BLOCK_SIZE

    def _error(self, line: int | None, reason: str, raw: str, pointer: str = "") -> None:
        from awslogparse.jsontext import escaped  # (UTF-8 text, as errors are written out)

        raw, note = _cut(raw)
        err = LineError(self.name, line, escaped(reason + note), escaped(raw), pointer)
        self.stats.lines += 1
        self.stats.errors += 1
        if self.mode == "raise":
            exc = ParseError(str(err), raw)
            exc.line_error = err
            raise exc
        if self.mode == "collect":
            self.errors.append(err)

    def _stream_error(self, lineno: int, block: LongLine | StreamEnd | Gap) -> None:
        # (bytes that are not UTF-8 are written \xNN, as in every other bad line's raw text)
        if isinstance(block, LongLine):
            self._error(lineno, f"line of {block.length} bytes exceeds the line limit",
                        block.head.decode("utf-8", "backslashreplace"))
        elif isinstance(block, Gap):  # (the lines after it are read, and numbered on)
            self._error(lineno, block.describe("lines") + " (the line it cut, if any, is this "
                        "error's raw text)", block.tail.decode("utf-8", "backslashreplace"))
        else:
            if block.read_failed:
                self.stats.read_failed = block.reason
            self._error(lineno, f"input ends abnormally ({block.reason})",
                        block.tail.decode("utf-8", "backslashreplace"))

    _prefetch = False

    def _open(self) -> tuple[str, Iterator[Chunk]] | None:
        """Open the source and detect its format from the name and the first decoded bytes:
        (format, every decoded chunk); ``None`` for an empty input of unknown format. The
        stream is closed by :meth:`_close`."""
        stream, owned = open_binary(self.source)
        self._closing = stream if owned else None
        if not self._name_given and hasattr(self.source, "open_stream"):
            # an object that opens itself may open another than it first named (an S3 key
            # found only URL-decoded): errors and provenance cite what was read
            self.name = self.stats.source = _text(source_name(self.source))
        head, chunks, damage = peek_chunks(decompressed_chunks(stream))
        if head.startswith(UTF8_BOM):  # editors and some exporters write one
            head, chunks = head[len(UTF8_BOM):], _without_bom(chunks)
        blank = not head or (len(head) < PEEK_BYTES and head.isspace())  # (all of it: a
        # head shorter than a peek is the whole input; blank lines are no units anywhere)
        if blank and self._format == "auto" and not registry.detect(self.name):
            if damage is not None:  # not empty: unreadable from its first bytes
                raise SourceError(f"{self.name}: cannot be read, so its format cannot be told "
                                  f"({type(damage).__name__}: {damage})")
            return None  # empty (or blank) input: no records, whatever the format
        plan = _plan(self.name, head, self._format, damage)
        if self._format == "auto" and \
                registry.get(plan.format).format().spec.framing == "parquet":
            plan, chunks = _table_plan(self.name, plan, chunks)
        self.stats.format, self.stats.detected_by = plan.format, plan.reason
        return plan.format, chunks

    def _framed(self, lines: Callable[[Format, Iterator[Chunk]], Iterator[T]],
                json: Callable[[Format, Iterator[Chunk]], Iterator[T]]) -> Iterator[T]:
        """Open, detect, then read with ``lines`` or ``json`` as the format's framing says;
        the source is closed however the iteration ends."""
        try:
            opened = self._open()
            if opened is None:
                return
            name, chunks = opened
            fmt = registry.get(name).format()
            if fmt.spec.framing != "lines":
                fmt.layout(self._fields)  # most JSON formats take no layout: say so
                yield from json(fmt, chunks)
                return
            yield from lines(fmt, chunks)
        finally:
            self._close()

    def _close(self) -> None:
        stream = getattr(self, "_closing", None)
        if stream is not None:
            stream.close()
            self._closing = None

    def _blocks(self, chunks: Iterator[Chunk]) -> Iterator[Block]:
        """The decoded chunks as blocks of whole lines (line framing)."""
        blocks = iter_blocks(chunks, self._block_size)
        if self._prefetch:
            blocks = prefetch(blocks)
        try:
            yield from blocks
        finally:
            close = getattr(blocks, "close", None)
            if close is not None:
                close()  # stop the prefetch thread before its stream goes away

    def _json_records(self, fmt: Format, chunks: Iterator[Chunk],
                      parse: Callable[[Any, str], Iterable[tuple[str, Any]]] | None = None
                      ) -> Iterator[Record]:
        """JSON framing: each unit of the source through ``fmt.parse_value`` (or ``parse``);
        bad units and bad text are errors with their locator."""
        return chain.from_iterable(self._json_record_lists(fmt, chunks, parse))

    def _json_record_lists(self, fmt: Format, chunks: Iterator[Chunk],
                           parse: Callable[[Any, str], Iterable[tuple[str, Any]]] | None = None
                           ) -> Iterator[list[Record]]:
        """:meth:`_json_records`, a list per framed value."""
        from awslogparse.framing import Value  # (JSON framing: line formats never load it)

        if parse is None:
            parse = fmt.value_parser(self._fields, self._log_formats, self._routes) \
                if self._routes is not None else fmt.value_parser(self._fields,
                                                                  self._log_formats)
        for item in self._json_units(fmt, chunks):
            if isinstance(item, Value):  # (a Built comes only with ``at_once``, not given here)
                yield from self._value_record_lists(item, parse)

    def _json_units(self, fmt: Format, chunks: Iterator[Chunk],
                    at_once: Callable[[bytes], tuple[Any, int] | None] | None = None
                    ) -> Iterator[Value | Built]:
        """The framed values of a JSON source; documents are counted, framing failures are
        errors with their locator. ``at_once``: see :func:`~awslogparse.framing.json_values`."""
        from awslogparse.framing import Document, Failure, json_values, table_rows

        stats = self.stats
        container = fmt.value_is_container
        framed = table_rows(chunks, fmt.table_refused) if fmt.spec.framing == "parquet" \
            else json_values(chunks, fmt.spec.records_key, at_once=at_once, containers=container)
        for item in framed:
            if isinstance(item, Document):
                stats.containers += 1
                continue
            if isinstance(item, Failure):
                if item.read_failed:
                    stats.read_failed = item.read_failed
                self._error(item.line, item.reason, item.raw, item.pointer)
                continue
            if container:
                stats.containers += 1
            yield item

    def _value_records(self, item: Value, parse: Callable[[Any, str], Iterable[tuple[str, Any]]]
                       ) -> list[Record]:
        """The records of one framed value; what does not convert is an error."""
        return [r for records in self._value_record_lists(item, parse) for r in records]

    def _value_record_lists(self, item: Value,
                            parse: Callable[[Any, str], Iterable[tuple[str, Any]]]
                            ) -> Iterator[list[Record]]:
        """The records of one framed value as lists (a CloudWatch Logs payload holds thousands,
        and a generator's step per record cost more than the rest of a record's handling);
        what does not convert is an error, raised or noted after the records before it were
        handed out, so ``errors="raise"`` stops exactly there."""
        stats = self.stats
        records: list[Record] = []
        append = records.append
        source, name, line = self._with_source, self.name, item.line
        for pointer, result in parse(item.value, item.pointer):
            if type(result) is RecordRun:
                if source:
                    for record in result:
                        record["_source"] = name
                        record["_line"] = line
                records += result
                continue
            if result is None:
                stats.skipped += 1
                continue
            if isinstance(result, ParseError):
                stats.units += len(records)
                stats.records += len(records)
                yield records
                records = []
                append = records.append
                if result.raw is not None:
                    raw = result.raw
                else:
                    from awslogparse.jsontext import raw_text

                    raw = raw_text(item.value)
                self._error(line, result.reason, raw, pointer)
                continue
            if source:
                result["_source"] = name
                result["_line"] = line
            append(result)
        stats.units += len(records)
        stats.records += len(records)
        stats.split = getattr(parse, "split", stats.split)
        yield records

    def _line_records(self, fmt: Format, chunks: Iterator[Chunk]) -> Iterator[Record]:
        return chain.from_iterable(self._line_record_lists(fmt, chunks))

    def _line_record_lists(self, fmt: Format, chunks: Iterator[Chunk]
                           ) -> Iterator[list[Record]]:
        """Line framing: the records of each slice of a block as a list (flattened by
        ``chain.from_iterable``, in C: a generator resumed per record cost 95 ns of a Lambda
        REPORT line's 4 us). A bad line's error is raised or noted after the records before
        it were handed out, so ``errors="raise"`` stops exactly there."""
        stats = self.stats
        lineno = 0
        with_source, name = self._with_source, self.name
        parser = fmt.source_parser(self._fields, name)
        for block in self._blocks(chunks):
            if not isinstance(block, bytes):
                lineno += 1
                self._stream_error(lineno, block)
                continue
            text = block.decode("utf-8", "replace")
            lines = text.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            plain = plain_text(text)
            first = lineno + 1
            exact = ExactRaw(block, text, first)
            # A slice of a block at a time: its records are used while still in the CPU's
            # caches (a whole 1 MB block's dicts are not; measured 0.69x -> 0.84x of a
            # hand-written regex on Lambda REPORT lines)
            for start in range(0, len(lines), RECORD_SLICE):
                records: list[Record] = []
                failures: list[LineFailure] = []
                parser.parse_many(lines[start:start + RECORD_SLICE], first + start, records,
                                  failures, with_lines=with_source, plain=plain)
                failures = exact(failures)
                stats.lines += len(records)
                stats.records += len(records)
                if with_source:
                    for record in records:
                        record["_source"] = name
                done = 0
                for before, line, reason, raw in failures:
                    yield records[done:before]  # the records before a bad line come first
                    done = before
                    self._error(line, reason, raw)
                yield records[done:] if done else records
            lineno += len(lines)
        stats.headers, stats.blank = parser.headers, parser.blank


class RecordIterator(_Reader):
    """Iterates records; ``errors`` holds every LineError (with ``errors="collect"``), ``stats``
    the counts. Created by :func:`iter_records`."""

    def __init__(self, source: Source, format: str, *, errors: ErrorMode,
                 fields: str | Sequence[str] | None, with_source: bool,
                 name: str | None = None, log_formats: LogFormats | None = None,
                 routes: Any = None) -> None:
        super().__init__(source, format, errors=errors, fields=fields, with_source=with_source,
                         name=name, log_formats=log_formats, routes=routes)
        self._lists = self._framed(self._line_record_lists, self._json_units_as_lists)
        self._iter = chain.from_iterable(self._lists)

    def __iter__(self) -> Iterator[Record]:
        return self._iter  # the chain itself: no extra frame per record

    def __next__(self) -> Record:
        return next(self._iter)

    def record_lists(self) -> Iterator[list[Record]]:
        """The records as the lists the reader makes them in (what it iterates, flattened in
        C): a chain of readers flattens its parts' lists in one go, where a frame resumed per
        record cost more than a CloudWatch Logs event's merge. One iteration only: these are
        the reader's own records, not a copy."""
        return self._lists

    def _json_units_as_lists(self, fmt: Format, chunks: Iterator[Chunk]
                             ) -> Iterator[list[Record]]:
        return (records for records in self._json_record_lists(fmt, chunks) if records)


class BatchIterator(_Reader):
    """Iterates Arrow RecordBatches of one schema (the format's, optionally projected), with
    ``errors`` and ``stats`` as :class:`RecordIterator` has them. Created by
    :func:`iter_batches`."""

    def __init__(self, source: Source, format: str, *, errors: ErrorMode,
                 fields: str | Sequence[str] | None, with_source: bool,
                 columns: Columns, fast: bool, name: str | None = None,
                 log_formats: LogFormats | None = None, routes: Any = None) -> None:
        super().__init__(source, format, errors=errors, fields=fields, with_source=with_source,
                         name=name, log_formats=log_formats, routes=routes)
        self._columns = columns
        self._fast = fast
        self._prefetch = True
        self._block_size = ARROW_BLOCK_SIZE
        self.schema: Any = None
        self.fast_blocks = 0
        self.slow_blocks = 0
        self._iter = self._run()

    def __iter__(self) -> BatchIterator:
        return self

    def __next__(self) -> Any:
        return next(self._iter)

    def _block_parser(self, fmt: str) -> Any:
        return registry.get(fmt).format().block_parser(
            self._fields, self._columns, source=self.name, with_source=self._with_source,
            fast=self._fast)

    def empty_schema(self, format: str = "auto") -> Any:
        """The schema of this read's batches, also when it yielded none (empty input): the
        format must then be known, given or detected from the name."""
        if self.schema is not None:
            return self.schema
        name = self.stats.format or (format if format != "auto" else "")
        if not name:
            raise SourceError(f"{self.name}: empty input; pass format= to get an empty table")
        return self._block_parser(registry.get(name).name).target

    def _run(self) -> Iterator[Any]:
        return self._framed(self._line_batches, self._json_batches)

    def _json_batches(self, fmt: Format, chunks: Iterator[Chunk]) -> Iterator[Any]:
        """JSON formats: their records, converted to Arrow a batch at a time."""
        from awslogparse.arrow import arrow_schema, records_to_batch

        self.schema = arrow_schema(fmt.spec.schema, self._columns, extra=True,
                                   with_source=self._with_source)
        # Records that hold open JSON as text already need no preparing (the format's Arrow
        # converter, where it has one).
        ready = fmt.arrow_value_parser(self._fields)
        spec, prepared = fmt.spec.schema, ready is not None
        columns = fmt.arrow_columns(self.schema) \
            if self._fast and self._columns in (None, "all") else None
        if columns is None:
            pending: list[Record] = []
            for record in self._json_records(fmt, chunks, ready):
                pending.append(record)
                if len(pending) >= JSON_BATCH:
                    self.slow_blocks += 1
                    yield records_to_batch(pending, self.schema, spec, prepared=prepared)
                    pending = []
            if pending:
                self.slow_blocks += 1
                yield records_to_batch(pending, self.schema, spec, prepared=prepared)
            return
        document = fmt.arrow_document(self.schema) if columns is not None else None
        at_once = None if document is None else functools.partial(document.build,
                                                                  source=self.name)
        from awslogparse.framing import Built

        parse = ready or fmt.value_parser(self._fields)
        group: list[Value] = []
        for item in self._json_units(fmt, chunks, at_once):
            if isinstance(item, Built):  # a one-line document of records, typed by msgspec
                if item.count:  # (an empty document: no batch, as framed record by record)
                    self.fast_blocks += 1
                    self.stats.units += item.count
                    self.stats.records += item.count
                    yield item.value
                continue
            group.append(item)
            if len(group) >= JSON_BATCH:
                yield from self._column_batch(group, columns, parse, spec, prepared)
                group = []
        if group:
            yield from self._column_batch(group, columns, parse, spec, prepared)

    def _column_batch(self, group: list[Value], columns: Any,
                      parse: Callable[[Any, str], Iterable[tuple[str, Any]]],
                      spec: Schema, prepared: bool) -> Iterator[Any]:
        """One batch of framed values, a column at a time where the format's builder can,
        else record by record (which also names the errors)."""
        from awslogparse.arrow import records_to_batch

        batch = columns.build([item.value for item in group], self.name,
                              [item.line for item in group])
        if batch is not None:
            self.fast_blocks += 1
            self.stats.units += batch.num_rows
            self.stats.records += batch.num_rows
            yield batch
            return
        records = [r for item in group for r in self._value_records(item, parse)]
        if records:
            self.slow_blocks += 1
            yield records_to_batch(records, self.schema, spec, prepared=prepared)

    def _line_batches(self, fmt: Format, chunks: Iterator[Chunk]) -> Iterator[Any]:
        stats = self.stats
        lineno = 0
        parser = self._block_parser(fmt.name)
        self.schema = parser.target
        for block in self._blocks(chunks):
            if not isinstance(block, bytes):
                lineno += 1
                self._stream_error(lineno, block)
                continue
            result = parser.parse_block(block, lineno + 1)
            self.schema = parser.target
            lineno += result.lines
            if result.fast:
                self.fast_blocks += 1
            else:
                self.slow_blocks += 1
            for line, reason, raw in result.errors:
                self._error(line, reason, raw)
            stats.lines += result.records
            stats.records += result.records
            for batch in result.batches:
                if batch.num_rows:
                    yield batch
        stats.headers, stats.blank = parser.reference.headers, parser.reference.blank


class FormatBatchIterator(BatchIterator):
    """Iterates ``(format, RecordBatch)`` pairs: what :class:`BatchIterator` gives, except that
    a source carrying other formats' records (a CloudWatch Logs payload or export) gives each
    inner format its own batches, with that format's full schema plus the envelope's context
    columns (log group, stream, owner, event id and time). Events no format recognised come
    as the envelope format's own records. Created by :func:`iter_format_batches`."""

    def __init__(self, source: Source, format: str, *, errors: ErrorMode,
                 fields: str | Sequence[str] | None, with_source: bool, fast: bool,
                 name: str | None = None, log_formats: LogFormats | None = None,
                 context: bool = True, block_size: int = ARROW_BLOCK_SIZE) -> None:
        super().__init__(source, format, errors=errors, fields=fields, with_source=with_source,
                         columns="all", fast=fast, name=name, log_formats=log_formats)
        self._context = context
        self._block_size = block_size
        self.schemas: dict[str, Any] = {}
        """The schema of each format's batches, as they were first yielded."""

    def __next__(self) -> tuple[str, Any]:
        return next(self._iter)  # type: ignore[no-any-return]

    def __iter__(self) -> FormatBatchIterator:
        return self

    def _run(self) -> Iterator[Any]:
        return self._framed(self._split_lines, self._split_json)

    def _split_lines(self, fmt: Format, chunks: Iterator[Chunk]) -> Iterator[tuple[str, Any]]:
        if fmt.carries_formats:
            return self._grouped(fmt, self._line_records(fmt, chunks))
        return self._labelled(fmt, self._line_batches(fmt, chunks))

    def _split_json(self, fmt: Format, chunks: Iterator[Chunk]) -> Iterator[tuple[str, Any]]:
        if fmt.carries_formats:
            return self._grouped(fmt, self._json_records(fmt, chunks))
        return self._labelled(fmt, self._json_batches(fmt, chunks))

    def _labelled(self, fmt: Format, batches: Iterator[Any]) -> Iterator[tuple[str, Any]]:
        for batch in batches:
            self.schemas.setdefault(fmt.name, batch.schema)
            yield fmt.name, batch

    def _grouped(self, outer: Format, records: Iterator[Record]) -> Iterator[tuple[str, Any]]:
        """Records of many formats, a batch per format whenever one has enough of them."""
        from awslogparse.arrow import records_to_batch

        pending: dict[str, list[Record]] = {}
        for record in records:
            name = record.pop("_format", outer.name)
            group = pending.setdefault(name, [])
            group.append(record)
            if len(group) >= JSON_BATCH:
                yield name, records_to_batch(group, self._schema_of(outer, name),
                                             registry.get(name).format().spec.schema)
                self.slow_blocks += 1
                pending[name] = []
        for name, group in pending.items():
            if group:
                self.slow_blocks += 1
                yield name, records_to_batch(group, self._schema_of(outer, name),
                                             registry.get(name).format().spec.schema)

    def _schema_of(self, outer: Format, name: str) -> Any:
        """A carried format's schema: every field, then the envelope's context columns."""
        found = self.schemas.get(name)
        if found is None:
            import pyarrow as pa

            from awslogparse.arrow import EXTRA, arrow_schema, arrow_type

            inner = registry.get(name).format()
            base = arrow_schema(inner.spec.schema, "all", extra=True,
                                with_source=self._with_source)
            if name != outer.name and self._context:
                taken = set(base.names)
                context = [pa.field(f.name, arrow_type(f)) for f in outer.context_fields()
                           if f.name not in taken]
                at = base.get_field_index(EXTRA)
                for offset, field in enumerate(context):
                    base = base.insert(at + offset, field)
            found = self.schemas[name] = base
        return found


def iter_records(source: Source, format: str = "auto", *, errors: ErrorMode = "raise",
                 fields: str | Sequence[str] | None = None,
                 with_source: bool = False, name: str | None = None,
                 log_formats: LogFormats | None = None,
                 s3_client: Any = None, routes: Any = None) -> RecordIterator:
    """Stream typed records (dicts) from a path, ``s3://`` URL, bytes or binary file object.

    ``format="auto"`` detects from the file name and content. ``fields`` gives the layout of
    header-less flow logs (a ``${...}`` format string or a list of names); header lines in the
    data switch layouts by themselves. ``errors``: ``"raise"`` stops at the first bad line,
    ``"skip"`` counts and drops them, ``"collect"`` keeps every :class:`LineError` in
    ``.errors``. ``with_source`` adds ``_source`` and ``_line`` to each record. ``name`` names
    a stream that has none (an S3 key for a ``get_object`` body): errors cite it and format
    detection reads it as key evidence. ``log_formats`` (CloudWatch Logs payloads) maps log
    group names or globs (``"/vpc/*"``) to the format of their events, before any guessing.
    ``s3://bucket/key`` reads one object, ``s3://bucket/prefix/`` every object under the prefix
    (each detected on its own, in key order, one ``errors``/``stats`` for all), with
    ``s3_client`` or a boto3 client from the AWS configuration. ``routes``: a
    :class:`~awslogparse.parsers.cloudwatch.RouteMemory` that remembers each CloudWatch Logs
    stream's format across reads (what a warm Lambda function wants; see its docstring).
    """
    if isinstance(source, str) and source[:5].lower() == "s3://":
        # (awslogparse.s3.is_s3_url, without importing that module for every other source)
        from awslogparse.multisource import s3_records

        return s3_records(source, format, errors=errors, fields=fields, with_source=with_source,
                          name=name, log_formats=log_formats, s3_client=s3_client)
    return RecordIterator(source, format, errors=errors, fields=fields, with_source=with_source,
                          name=name, log_formats=log_formats, routes=routes)


def detect_source(source: Source, *, name: str | None = None) -> tuple[str | None, str]:
    """The format a read of ``source`` (a path, bytes or binary file object) would take, and
    why: detection as reading does it, on the decompressed head, and for a Parquet file on the
    columns its footer names (which its first bytes, every Parquet file's, cannot tell).
    ``(None, why)`` when no format can be told; ``(None, "empty input")`` for an empty one.
    The source is read as far as detection needs (a Parquet file whole) and closed."""
    reader = RecordIterator(source, "auto", errors="collect", fields=None, with_source=False,
                            name=name)
    try:
        opened = reader._open()
    except SourceError as exc:
        return None, str(exc)
    finally:
        reader._close()
    if opened is None:
        return None, "empty input"
    return reader.stats.format, reader.stats.detected_by


def parse_line(line: str, format: str, *, fields: str | Sequence[str] | None = None) -> Record:
    """Parse one line of a known format into a record; raises :class:`ParseError` with a reason."""
    return registry.get(format).format().parse_line(line, fields)


def iter_batches(source: Source, format: str = "auto", *, errors: ErrorMode = "raise",
                 fields: str | Sequence[str] | None = None,
                 columns: Columns = None, with_source: bool = False,
                 fast: bool = True, name: str | None = None,
                 log_formats: LogFormats | None = None,
                 s3_client: Any = None, routes: Any = None) -> BatchIterator:
    """Stream Arrow RecordBatches, one per block of input (bounded memory).

    Same arguments as :func:`iter_records`, plus ``columns`` and ``fast`` (``False`` forces the
    reference parser; results are identical, only slower). Every batch of a stream has one
    schema. ``columns=None`` gives the file's own layout (the first one in effect: its header
    line, ``fields=`` or the default); fields of a later, different layout that the schema lacks
    go to the ``_extra`` map column, and schema fields it lacks are null. ``columns="all"``
    gives every field of the format, so files with different custom formats share one schema;
    a list of names is a projection. Needs the ``arrow`` extra. An ``s3://`` prefix gives each
    object's batches in turn, each with its object's schema.
    """
    require_arrow()
    from awslogparse.s3 import is_s3_url

    if is_s3_url(source):
        from awslogparse.multisource import s3_batches

        return s3_batches(source, format, errors=errors, fields=fields, columns=columns,
                          with_source=with_source, fast=fast, name=name,
                          log_formats=log_formats, s3_client=s3_client)
    return BatchIterator(source, format, errors=errors, fields=fields, with_source=with_source,
                         columns=columns, fast=fast, name=name, log_formats=log_formats,
                         routes=routes)


def read_arrow(source: Source, format: str = "auto", *, errors: ErrorMode = "raise",
               fields: str | Sequence[str] | None = None, columns: Columns = None,
               with_source: bool = False, fast: bool = True, name: str | None = None,
               error_list: list[LineError] | None = None,
               log_formats: LogFormats | None = None, s3_client: Any = None) -> Any:
    """Read a whole source into a ``pyarrow.Table``. With ``errors="collect"``, pass
    ``error_list`` to receive the LineErrors (or use :func:`iter_batches` and its ``.errors``).
    The objects under an ``s3://`` prefix make one table: a column some lack is null there."""
    require_arrow()
    import pyarrow as pa

    batches = iter_batches(source, format, errors=errors, fields=fields, columns=columns,
                           with_source=with_source, fast=fast, name=name,
                           log_formats=log_formats, s3_client=s3_client)
    collected = list(batches)
    if error_list is not None:
        error_list.extend(batches.errors)
    from awslogparse.s3 import is_s3_url

    if is_s3_url(source):
        from awslogparse.multisource import table

        return table(batches, collected, format)
    return pa.Table.from_batches(collected, schema=batches.empty_schema(format))


def iter_format_batches(source: Source, format: str = "auto", *, errors: ErrorMode = "raise",
                        fields: str | Sequence[str] | None = None, with_source: bool = False,
                        fast: bool = True, name: str | None = None,
                        log_formats: LogFormats | None = None,
                        context: bool = True,
                        block_size: int = ARROW_BLOCK_SIZE) -> FormatBatchIterator:
    """Stream ``(format, RecordBatch)`` pairs: for most sources, the format's batches (its full
    schema, as ``iter_batches(columns="all")``); for a CloudWatch Logs payload or export, one
    series of batches per inner format (VPC flow logs, CloudTrail, ...), each with that format's
    full schema plus ``log_group``, ``log_stream``, ``owner``, ``event_id`` and
    ``event_timestamp`` (an export: the event time). What converts to Parquet needs this: one
    dataset per format. ``context=False`` leaves those envelope columns out, so every batch of
    a format has exactly that format's schema whatever carried it: the envelope's values go to
    ``_extra`` as text. ``block_size``: bytes of decoded input per block (a batch holds a block's
    records; the reader holds about three blocks at once). Arguments as for
    :func:`iter_batches`; needs the ``arrow`` extra."""
    require_arrow()
    return FormatBatchIterator(source, format, errors=errors, fields=fields,
                               with_source=with_source, fast=fast, name=name,
                               log_formats=log_formats, context=context, block_size=block_size)


def read_tables(source: Source, format: str = "auto", *, errors: ErrorMode = "raise",
                fields: str | Sequence[str] | None = None, with_source: bool = False,
                fast: bool = True, name: str | None = None,
                error_list: list[LineError] | None = None,
                log_formats: LogFormats | None = None,
                context: bool = True) -> dict[str, Any]:
    """A whole source as ``{format: pyarrow.Table}``: :func:`iter_format_batches` collected.
    A CloudWatch Logs payload gives a table per inner format."""
    require_arrow()
    import pyarrow as pa

    pairs = iter_format_batches(source, format, errors=errors, fields=fields,
                                with_source=with_source, fast=fast, name=name,
                                log_formats=log_formats, context=context)
    collected: dict[str, list[Any]] = {}
    for fmt, batch in pairs:
        collected.setdefault(fmt, []).append(batch)
    if error_list is not None:
        error_list.extend(pairs.errors)
    return {fmt: pa.Table.from_batches(batches, schema=pairs.schemas[fmt])
            for fmt, batches in collected.items()}


def require_arrow() -> None:
    """Raise SourceError naming the ``arrow`` extra when pyarrow cannot be imported."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise SourceError("Arrow output needs pyarrow: pip install 'awslogparse[arrow]'") from None
