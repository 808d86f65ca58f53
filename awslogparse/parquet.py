"""Write Arrow batches to Parquet in large row groups.

Readers yield a batch per parsed chunk (thousands of rows); writing each as its own row group
multiplies Parquet's per-column-chunk cost (metadata, encoders, statistics) by the number of
batches, and with a format's full schema most columns are all-null. The sink buffers batches
and writes row groups of ``row_group_rows`` rows or ``row_group_bytes`` Arrow bytes, whichever
comes first, which is also what query engines prefer.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from awslogparse.errorlines import ErrorLines
from awslogparse.model import Columns
from awslogparse.reader import BatchIterator, ErrorMode, iter_batches, require_arrow
from awslogparse.sources import Source

if TYPE_CHECKING:  # (imported where used: without the arrow extra this module still imports,
    # and using it raises SourceError naming the extra)
    import pyarrow as pa
    import pyarrow.parquet as pq

ROW_GROUP_ROWS = 512 * 1024
"""Rows per Parquet row group at most: large enough to amortise per-chunk costs."""
ROW_GROUP_BYTES = 64 * 1024 * 1024
"""Arrow bytes per Parquet row group at most. It bounds the buffer and the row group in flight
whatever a row weighs: 512k default flow log rows are about 75 MB, 512k ALB rows about 380 MB.
Measured writing the 1M-line ALB benchmark file: peak RSS 1,059-1,076 MB with the row bound
alone, about 700 MB with 128 MiB, 571-595 MB with 64 MiB, and no slower (the last row group,
encoded after parsing ends, is smaller)."""


class ParquetSink:
    """Buffers RecordBatches of one schema and writes them as large row groups.

    Row groups are encoded and compressed on a background thread (Parquet's writer releases the
    GIL), so writing one row group overlaps reading and parsing the next. Errors from the
    writer are raised by the next ``write``/``flush``/``close``. The file is opened with the
    first row group: if it is large enough (see :mod:`awslogparse.parquet_dictionary`), columns
    whose first values are mostly distinct (times, byte counts, URLs) are written without a
    dictionary, which Parquet would build only to give up (``use_dictionary=`` overrides).
    """

    def __init__(self, where: str | os.PathLike[str], schema: pa.Schema, *,
                 compression: str = "zstd", row_group_rows: int = ROW_GROUP_ROWS,
                 row_group_bytes: int = ROW_GROUP_BYTES, background: bool = True,
                 **writer_options: Any) -> None:
        require_arrow()
        self.schema = schema
        self.row_group_rows = row_group_rows
        self.row_group_bytes = row_group_bytes
        self._bytes = 0
        self.rows = 0
        self._buffer: list[pa.RecordBatch] = []
        self._buffered = 0
        self._where = where
        self._options: dict[str, Any] = {"compression": compression, **writer_options}
        self._writer: pq.ParquetWriter | None = None
        """Opened with the first row group, whose values choose the columns to
        dictionary-encode (unless ``use_dictionary`` is given)."""
        self._pool = ThreadPoolExecutor(1, "awslogparse-parquet") if background else None
        self._pending: Future[None] | None = None

    def write(self, batch: pa.RecordBatch) -> None:
        self._buffer.append(batch)
        self._buffered += batch.num_rows
        self._bytes += batch.nbytes
        if self._buffered >= self.row_group_rows or self._bytes >= self.row_group_bytes:
            self.flush()

    def _write_table(self, table: pa.Table) -> None:
        self._open(table).write_table(table, row_group_size=self.row_group_rows)

    def _open(self, first: pa.Table | None) -> pq.ParquetWriter:
        if self._writer is None:
            import pyarrow.parquet as pq

            from awslogparse.parquet_dictionary import dictionary_columns

            options = self._options
            if first is not None and "use_dictionary" not in options:
                options = {**options, "use_dictionary": dictionary_columns(
                    self.schema, zip(first.column_names, first.columns, strict=True),
                    first.num_rows)}
            self._writer = pq.ParquetWriter(self._where, self.schema, **options)
        return self._writer

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()  # re-raises the writer's exception, if any

    def flush(self) -> None:
        """Hand the buffered rows to the writer (at most one row group is in flight)."""
        self._write(inline=False)

    def _write(self, *, inline: bool) -> None:
        self._wait()
        if not self._buffer:
            return
        import pyarrow as pa

        table = pa.Table.from_batches(self._buffer, schema=self.schema)
        self.rows += self._buffered
        self._buffer, self._buffered, self._bytes = [], 0, 0
        if self._pool is None or inline:
            self._write_table(table)
        else:
            self._pending = self._pool.submit(self._write_table, table)

    def close(self) -> None:
        """Write what is buffered and finish the file. The last row group is written here, in
        the calling thread: nothing is left to overlap it with, and a file that fits one row
        group (most flow log objects) then never starts the writer thread."""
        try:
            self._write(inline=True)
            self._open(None)  # (no rows: the file still says what it would hold)
        finally:
            if self._pool is not None:
                self._pool.shutdown(wait=True)
            if self._writer is not None:
                self._writer.close()

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_parquet(source: Source, where: str | os.PathLike[str], format: str = "auto", *,
                  errors: ErrorMode = "collect", fields: str | Sequence[str] | None = None,
                  columns: Columns = None, with_source: bool = False,
                  name: str | None = None, compression: str = "zstd",
                  row_group_rows: int = ROW_GROUP_ROWS,
                  row_group_bytes: int = ROW_GROUP_BYTES,
                  errors_file: str | os.PathLike[str] | None = None) -> BatchIterator:
    """Convert one source to one Parquet file, streaming. Returns the drained BatchIterator, whose
    ``.stats`` and ``.errors`` say what was read (``errors="collect"`` by default).

    ``errors_file``: each error is written to it as a line of JSON when found, instead of kept
    in ``.errors`` (their count stays in ``.stats``): an input of millions of bad lines then
    converts in bounded memory. The file is written even when there is no error (empty), so an
    old one never passes for this run's."""
    if errors_file is not None and errors != "collect":
        raise ValueError(f"errors_file needs errors='collect', not {errors!r}")
    batches = iter_batches(source, format, errors=errors, fields=fields, columns=columns,
                           with_source=with_source, name=name)
    spill: ErrorLines | None = None
    if errors_file is not None:
        path = errors_file
        spill = batches.errors = ErrorLines(
            lambda: open(path, "w", encoding="utf-8"))  # noqa: SIM115  (spill closes it)
        spill.open()  # (now: an empty file says this run found no error)
    sink: ParquetSink | None = None
    try:
        for batch in batches:
            if sink is None:
                sink = ParquetSink(where, batches.schema, compression=compression,
                                   row_group_rows=row_group_rows,
                                   row_group_bytes=row_group_bytes)
            sink.write(batch)
        if sink is None:  # no rows: still write the schema, so the file says what it holds
            sink = ParquetSink(where, batches.empty_schema(format), compression=compression)
    finally:
        try:
            if sink is not None:
                sink.close()
        finally:
            if spill is not None:
                spill.close()
    return batches
