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


HEADER = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
          "bytes start end action log-status")
GOOD = ("2 012345678901 eni-0a1b2c3d4e5f67890 10.0.1.5 198.51.100.7 49152 443 6 12 3456 "
        "1763683200 1763683260 ACCEPT OK")
BAD = GOOD.replace(" 443 ", " https ")  # (a port that is not a number)


@pytest.mark.parametrize("good_every", [3, 0])
def test_write_parquet_streams_its_errors_to_a_file(tmp_path: Path, good_every: int) -> None:
    """Every bad line is a JSON line of ``errors_file``, none stays in ``.errors``, and lines
    = rows + errors; also when no line is good (no batch comes between the errors)."""
    import json

    from awslogparse import write_parquet

    count = 30_000
    lines = [GOOD if good_every and i % good_every == 0 else BAD for i in range(count)]
    source = tmp_path / "flow.log"
    source.write_text("\n".join([HEADER, *lines]) + "\n")
    errors_file = tmp_path / "errors.ndjson"
    result = write_parquet(source, tmp_path / "out.parquet", "vpcflow", errors_file=errors_file)
    bad = [n for n, line in enumerate(lines, 2) if line is BAD]
    assert result.errors == [] and result.stats.errors == len(bad)
    written = [json.loads(text) for text in errors_file.read_text().splitlines()]
    assert [e["line"] for e in written] == bad
    assert {e["raw"] for e in written} == {BAD} and all(e["source"] == str(source)
                                                       for e in written)
    assert pq.read_metadata(tmp_path / "out.parquet").num_rows == count - len(bad)


def test_write_parquet_errors_file_is_written_even_empty(tmp_path: Path) -> None:
    from awslogparse import write_parquet

    source = tmp_path / "flow.log"
    source.write_text(f"{HEADER}\n{GOOD}\n")
    errors_file = tmp_path / "errors.ndjson"
    errors_file.write_text("an earlier run's errors\n")
    result = write_parquet(source, tmp_path / "out.parquet", errors_file=errors_file)
    assert result.stats.records == 1 and errors_file.read_text() == ""
    with pytest.raises(ValueError, match="errors='collect'"):
        write_parquet(source, tmp_path / "x.parquet", errors="skip", errors_file=errors_file)


def test_error_lines_keep_nothing_and_open_at_the_first_error() -> None:
    import io
    import json

    from awslogparse import LineError
    from awslogparse.errorlines import ErrorLines

    opened: list[io.StringIO] = []

    def opener() -> io.StringIO:
        opened.append(io.StringIO())
        return opened[-1]

    spill = ErrorLines(opener)
    assert not opened
    for n in range(3):
        spill.append(LineError("s3://b/k", n + 1, "bad", f"raw {n}"))
    assert len(spill) == 0 and spill.written == 3 and len(opened) == 1
    assert [json.loads(x)["raw"] for x in opened[0].getvalue().splitlines()] == [
        "raw 0", "raw 1", "raw 2"]
