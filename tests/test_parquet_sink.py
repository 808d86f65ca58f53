"""ParquetSink's row groups: bounded by rows and by Arrow bytes, whichever comes first."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from awslogparse import ParquetSink
from awslogparse.parquet_dictionary import SAMPLED_ROWS


def batches(count: int, rows: int, width: int) -> list[pa.RecordBatch]:
    """``count`` batches of ``rows`` rows, each row a ``width``-character string and its index."""
    return [pa.record_batch({"n": pa.array(range(i * rows, (i + 1) * rows), pa.int64()),
                             "text": pa.array(["x" * width] * rows, pa.string())})
            for i in range(count)]


def written_groups(path: Path) -> list[int]:
    meta = pq.ParquetFile(path).metadata
    return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]


@pytest.mark.parametrize("background", [True, False])
def test_row_groups_end_at_the_byte_bound(tmp_path: Path, background: bool) -> None:
    data = batches(6, 100, 500)
    out = tmp_path / "wide.parquet"
    # two batches fit below the bound, the third reaches it: a row group per three batches
    bound = data[0].nbytes * 2 + 1
    with ParquetSink(out, data[0].schema, row_group_bytes=bound, background=background) as sink:
        for batch in data:
            sink.write(batch)
    assert written_groups(out) == [300, 300]
    assert pq.read_table(out).column("n").to_pylist() == list(range(600))


def test_row_groups_end_at_the_row_bound_when_rows_are_narrow(tmp_path: Path) -> None:
    data = batches(5, 100, 1)
    out = tmp_path / "narrow.parquet"
    with ParquetSink(out, data[0].schema, row_group_rows=200) as sink:
        for batch in data:
            sink.write(batch)
    assert written_groups(out) == [200, 200, 100]
    assert sink.rows == 500


def _dictionary_pages(path: Path) -> dict[str, bool]:
    meta = pq.ParquetFile(path).metadata
    return {meta.schema.column(i).path: meta.row_group(0).column(i).has_dictionary_page
            for i in range(meta.num_columns)}


def test_mostly_distinct_columns_are_written_without_a_dictionary(tmp_path: Path) -> None:
    """Chosen from the first row group's values: distinct numbers plain, repeated text with
    its dictionary; ``use_dictionary`` overrides the choice."""
    rows = SAMPLED_ROWS
    batch = pa.record_batch({"n": pa.array(range(rows), pa.int64()),
                             "text": pa.array(["GET", "PUT"] * (rows // 2), pa.string())})
    out = tmp_path / "chosen.parquet"
    with ParquetSink(out, batch.schema) as sink:
        sink.write(batch)
    assert _dictionary_pages(out) == {"n": False, "text": True}
    assert pq.read_table(out).equals(pa.Table.from_batches([batch]))
    forced = tmp_path / "forced.parquet"
    with ParquetSink(forced, batch.schema, use_dictionary=True) as sink:
        sink.write(batch)
    assert _dictionary_pages(forced) == {"n": True, "text": True}
    small = tmp_path / "small.parquet"  # (one small row group: Parquet's default, unsampled)
    with ParquetSink(small, batch.schema) as sink:
        sink.write(batch.slice(0, rows - 1))
    assert _dictionary_pages(small) == {"n": True, "text": True}


def test_a_sink_without_rows_writes_the_schema(tmp_path: Path) -> None:
    schema = pa.schema([("n", pa.int64())])
    out = tmp_path / "empty.parquet"
    ParquetSink(out, schema).close()
    assert pq.read_table(out).schema == schema


def test_a_sink_that_cannot_open_its_file_says_so_once(tmp_path: Path) -> None:
    """The file opens with the first row group; a path that cannot be written raises there,
    and closing does not raise a second time over it."""
    schema = pa.schema([("n", pa.int64())])
    sink = ParquetSink(tmp_path / "missing" / "x.parquet", schema, background=False)
    sink.write(pa.record_batch({"n": pa.array([1], pa.int64())}))
    with pytest.raises(OSError) as raised:
        sink.close()
    assert raised.value.__context__ is None
