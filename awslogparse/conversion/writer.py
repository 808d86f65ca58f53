"""Write one input's rows as Parquet files, one or more per partition, sorted by time.

Rows are buffered per partition. A partition's buffer becomes a file when it reaches
``max_file_rows``, or, when all buffers together pass ``buffer_bytes``, the largest one does; at
the end every buffer does. So memory stays bounded whatever the input's size or how its rows
spread over partitions. A file's rows are sorted by the format's time field (stable, nulls
last) and written in row groups of ``row_group_rows``, zstd, on a background thread while the
next rows are parsed (one file at a time: a second would hold more rows, and parsing keeps the
other core busy; measured, a second file in flight bought nothing). When the next file is due
while one is still being encoded, the parsing thread sorts it instead of waiting, and the encoder
gets it sorted. At the end, when nothing is left to parse, the remaining buffers are written two
at a time: their rows are in memory already, and the parsing core would idle.
"""

from __future__ import annotations

import contextlib
import functools
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from awslogparse.arrow import SOURCE, RepeatedText, null_array
from awslogparse.conversion.destination import Destination, DestinationError
from awslogparse.conversion.options import WriterOptions
from awslogparse.jsontext import escaped
from awslogparse.parquet_dictionary import dictionary_columns, leaf_paths

FINAL_WRITERS = 2
"""Files written at once when an input's rows are all parsed."""
SOURCE_TYPE = pa.dictionary(pa.int32(), pa.string())
"""``_source`` in a dataset's files: one value per file, so a dictionary. Written as plain
text, Parquet hashed and compared the path in every row to find it was the same one (and took
its statistics over every row): converting 8 VPC flow log objects of 2M rows in all took 7% more
CPU. Query engines read it as a string; pyarrow as a dictionary column (pandas: a category),
which also spares a reader the path's bytes in every row."""


def stored_schema(schema: pa.Schema, drop: Sequence[str]) -> pa.Schema:
    """The schema of a dataset's files from the reader's: the partition keys ``drop``ped and
    ``_source`` a dictionary."""
    return pa.schema([f.with_type(SOURCE_TYPE) if f.name == SOURCE else f
                      for f in schema if f.name not in drop], metadata=schema.metadata)


@functools.cache
def _writer_pool() -> ThreadPoolExecutor:
    """The threads that encode files, shared by every input a process converts (one at a
    time): a pool per input cost milliseconds per input, which adds up over a trail's many
    small files."""
    return ThreadPoolExecutor(FINAL_WRITERS, "awslogparse-dataset")


@dataclass
class OutputFile:
    """A Parquet file written for an input (``path`` relative to the dataset root)."""

    path: str
    rows: int
    partition: str
    inputs: frozenset[int] | None = None
    """With several inputs' rows (:class:`SourceColumn`): the indexes of those it holds."""


class SourceColumn:
    """``_source`` for batches of several inputs written to shared files: one dictionary of
    their locations (the dataset's type, :data:`SOURCE_TYPE`), each batch indices into it. One
    dictionary for every batch, so buffers of several inputs concatenate without unifying
    dictionaries."""

    def __init__(self, locations: Sequence[str]) -> None:
        among = pa.array([escaped(location) for location in locations], pa.string())
        self._columns = [RepeatedText(location, among=among) for location in locations]

    def attach(self, batch: pa.RecordBatch, index: int) -> pa.RecordBatch:
        """``batch`` with ``_source`` (added, or replacing the reader's text) naming input
        ``index``."""
        column = self._columns[index](batch.num_rows)
        at = batch.schema.get_field_index(SOURCE)
        if at < 0:
            return batch.append_column(pa.field(SOURCE, SOURCE_TYPE), column)
        return batch.set_column(at, pa.field(SOURCE, SOURCE_TYPE), column)


@dataclass
class _Buffer:
    batches: list[pa.RecordBatch] = field(default_factory=list)
    rows: int = 0
    bytes: int = 0


@dataclass
class _Sorted:
    """A sealed buffer's rows in time order, column by column (``None``: all null)."""

    columns: list[Any]
    rows: int


def held_bytes(batch: pa.RecordBatch) -> int:
    """Memory a batch holds: all-null columns are slices of one shared array, not counted."""
    return sum(c.nbytes for c in batch.columns if c.null_count != len(c))


class DatasetWriter:
    """Buffers one input's batches by partition and writes them as sorted Parquet files.

    ``schema`` is the reader's (every column); ``drop`` the columns the partition path holds.
    ``base`` starts every file name; ``source`` is the ``_source`` value of every row (kept out
    of the buffers and added per row group), or ``None`` when the rows of several inputs share
    the files: then each batch brings its own (:class:`SourceColumn`). ``announce(path)`` runs
    before a file can appear (the manifest's pending list)."""

    def __init__(self, dest: Destination, schema: pa.Schema, *, drop: list[str],
                 time_column: str, base: str, source: str | None,
                 announce: Callable[[str], None], options: WriterOptions) -> None:
        self.dest = dest
        self.options = options
        self.file_schema = stored_schema(schema, drop)
        self.buffered_names = [n for n in self.file_schema.names
                               if n != SOURCE or source is None]
        self._buffer_schema = pa.schema([self.file_schema.field(n)
                                         for n in self.buffered_names])
        self._source_index = (self.file_schema.get_field_index(SOURCE)
                              if SOURCE in self.file_schema.names and source is not None
                              else -1)
        self._source = RepeatedText(source or "", dictionary=True)
        self._time = time_column if time_column in self.buffered_names else ""
        self._sorting = pq.SortingColumn.from_ordering(
            self.file_schema, [(self._time, "ascending")], null_placement="at_end",
        ) if self._time else None
        """What every row group's metadata says of its order (rows by time, nulls last):
        engines that read it (Spark, DuckDB) may skip sorting or merge instead."""
        self._base = base
        self._announce = announce
        self._buffers: dict[str, _Buffer] = {}
        self._total = 0
        self._seq = 0
        self._pool = _writer_pool()
        self._pending: deque[Future[OutputFile]] = deque()
        """Files in flight, oldest first."""
        self._in_flight = 1
        self.outputs: list[OutputFile] = []

    def add(self, partition: str, batch: pa.RecordBatch) -> None:
        """Buffer ``batch``'s rows (its columns :attr:`buffered_names`, others are ignored) for
        ``partition``. All-null columns are not counted: they should be slices of shared arrays,
        as :func:`~awslogparse.conversion.partitioning.split` makes them."""
        batch = batch.select(self.buffered_names)
        cap = self.options.max_file_rows
        while batch.num_rows:
            buf = self._buffers.setdefault(partition, _Buffer())
            room = cap - buf.rows
            head, batch = (batch, batch.slice(0, 0)) if batch.num_rows <= room else (
                batch.slice(0, room), batch.slice(room))
            size = held_bytes(head)
            buf.batches.append(head)
            buf.rows += head.num_rows
            buf.bytes += size
            self._total += size
            if buf.rows >= cap:
                self._seal(partition)
        while self._total > self.options.buffer_bytes and self._buffers:
            self._seal(max(self._buffers, key=lambda p: self._buffers[p].bytes))

    def close(self) -> list[OutputFile]:
        """Write every buffer and wait for the files; returns them."""
        try:
            self._in_flight = FINAL_WRITERS
            for partition in sorted(self._buffers):
                self._seal(partition)
            while self._pending:
                self._finish_oldest()
        finally:
            with contextlib.suppress(Exception):  # (after a failure: the files still in
                self._drop_pending()              # flight end first; that failure stands)
        return self.outputs

    def abort(self) -> None:
        """Stop: buffered rows are dropped, files in flight finish or fail (the caller
        deletes what the manifest's pending list names)."""
        self._buffers.clear()
        with contextlib.suppress(Exception):  # already failing: that error is the one
            self._drop_pending()

    def _finish_oldest(self) -> None:
        """The oldest file first, so outputs keep the order of their announcements; a failed
        file's error surfaces here. A file leaves the queue only once written: Ctrl-C while
        waiting for it leaves it there, so :meth:`abort` waits for it before the caller
        removes what the manifest's pending list names (the encoding threads outlive an
        input: they are the process's)."""
        output = self._pending[0].result()
        self._pending.popleft()
        self.outputs.append(output)

    def _busy(self) -> bool:
        """Every file that may be in flight is: the finished ones at the head of the queue are
        collected first (outputs in the order of their announcements; a failure raises)."""
        while self._pending and self._pending[0].done():
            self._finish_oldest()
        return sum(not f.done() for f in self._pending) >= self._in_flight

    def _drop_pending(self) -> None:
        """Let every file in flight finish or fail; the first failure is raised."""
        failure: Exception | None = None
        while self._pending:
            try:
                self._pending[0].result()
            except Exception as exc:
                failure = failure or exc
            self._pending.popleft()
        if failure is not None:
            raise failure

    def _seal(self, partition: str) -> None:
        buf = self._buffers.pop(partition)
        self._total -= buf.bytes
        if not buf.rows:
            return
        name = f"{partition}/{self._base}-{self._seq:04d}.parquet" if partition else \
            f"{self._base}-{self._seq:04d}.parquet"
        self._seq += 1
        rows: _Buffer | _Sorted = buf
        if self._busy():
            rows = self._sorted(buf)  # every encoder has a file: sort this one meanwhile
        while self._busy():  # the first file to finish frees its thread (at the end, waiting
            wait([f for f in self._pending if not f.done()],  # for the oldest left a thread
                 return_when=FIRST_COMPLETED)                 # idle behind a long file)
        self._announce(name)
        self._pending.append(self._pool.submit(self._write_file, name, partition, rows))

    def _sorted(self, buf: _Buffer) -> _Sorted:
        """A buffer's columns in time order (``None`` for all-null ones)."""
        table = pa.Table.from_batches(buf.batches, schema=self._buffer_schema)
        buf.batches = []  # the table holds the rows now, and goes column by column below
        order = self._order(table)
        columns: list[Any] = [None if c.null_count == len(c) else c for c in table.columns]
        rows = table.num_rows
        del table
        if order is not None:
            _gather(columns, order)
        return _Sorted(columns, rows)

    def _write_file(self, name: str, partition: str, data: _Buffer | _Sorted) -> OutputFile:
        """Write one file: ``data`` is a sealed buffer, or its rows sorted already."""
        ready = data if isinstance(data, _Sorted) else self._sorted(data)
        columns, rows, step = ready.columns, ready.rows, self.options.row_group_rows
        ready.columns = []  # (the pool's work item holds ``data`` until this returns)
        dictionary = self._dictionary_paths(columns, rows)
        inputs = None
        if self._source_index < 0 and SOURCE in self.buffered_names:
            inputs = _inputs_in(columns[self.buffered_names.index(SOURCE)])
        out = self.dest.create(name)
        try:
            try:
                writer = pq.ParquetWriter(out.local_path, self.file_schema,
                                          compression=self._compression(columns),
                                          use_dictionary=dictionary,
                                          **({"sorting_columns": self._sorting}
                                             if self._sorting else {}))
            except OSError as exc:
                raise DestinationError(f"cannot write {self.dest.url(name)}: {exc}") from exc
            try:
                for start in range(0, rows, step):
                    writer.write_table(self._row_group(columns, start, min(step, rows - start)),
                                       row_group_size=step)
            finally:
                writer.close()
            out.commit()
        except OSError as exc:
            out.abort()
            raise DestinationError(f"cannot write {self.dest.url(name)}: {exc}") from exc
        except BaseException:
            out.abort()
            raise
        finally:
            del columns
            pa.default_memory_pool().release_unused()  # freed pages back to the system
        return OutputFile(name, rows, partition, inputs)

    def _compression(self, columns: list[Any]) -> dict[str, str]:
        """Each Parquet column's codec: none for a column null in the whole file (its pages
        hold only run-length definition levels, so zstd added a frame and a context per page:
        2-4% of the CPU of converting VPC flow logs, whose files have 41 such columns of 55).
        Keyed by leaf path: Parquet applies a codec to the leaves it names, and a nested
        column's are not its name."""
        codec = self.options.compression
        empty = {name for name, column in zip(self.buffered_names, columns, strict=True)
                 if column is None}
        return {path: "none" if path.split(".", 1)[0] in empty else codec
                for path in leaf_paths(self.file_schema)}

    def _dictionary_paths(self, columns: list[Any], rows: int) -> list[str]:
        """The Parquet columns to dictionary-encode in this file (see
        :mod:`awslogparse.parquet_dictionary`)."""
        return dictionary_columns(self.file_schema,
                                  zip(self._buffer_schema.names, columns, strict=True), rows)

    def _row_group(self, columns: list[Any], start: int, count: int) -> pa.Table:
        """Rows ``start .. start+count`` with the all-null columns and ``_source`` made of
        arrays shared by every row group."""
        arrays = []
        for spec, column in zip(self._buffer_schema, columns, strict=True):
            arrays.append(null_array(spec.type, count) if column is None
                          else column.slice(start, count))
        if self._source_index >= 0:
            arrays.insert(self._source_index, self._source(count))
        return pa.Table.from_arrays(arrays, schema=self.file_schema)

    def _order(self, table: pa.Table) -> pa.Array | None:
        """Row order by time (stable, nulls last); ``None`` when already in order."""
        if not self._time or table.num_rows < 2:
            return None
        times = table.column(self._time)
        if not times.null_count and pc.all(pc.less_equal(times.slice(0, len(times) - 1),
                                                         times.slice(1))).as_py():
            return None
        return pc.sort_indices(table, sort_keys=[(self._time, "ascending", "at_end")])


def _inputs_in(column: Any) -> frozenset[int]:
    """The inputs a :class:`SourceColumn` column names."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    found: set[int] = set()
    for chunk in chunks:
        found.update(pc.unique(chunk.indices).to_pylist())
    return frozenset(found)


def _gather(columns: list[Any], order: pa.Array) -> None:
    """Put each column in ``order``, in place. Each is gathered once, straight from its chunks
    (combining them first cost a copy: 5% more time for a VPC flow log's files), and its
    unsorted chunks are let go as soon as it is done: sorting costs about one column of memory,
    not a second copy of the rows."""
    for i, column in enumerate(columns):
        if column is not None:
            columns[i] = None
            columns[i] = column.take(order)
            del column
