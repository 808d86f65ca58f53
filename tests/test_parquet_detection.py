"""Every Parquet file starts with the same bytes (``PAR1``); its footer names its columns. With
``format="auto"`` the reader chooses among the Parquet-framed formats by those columns, the whole
file at hand: a file of any of them is read as its format with or without a key (gzip-wrapped
too), and a Parquet file no format takes is one error naming the file, never rows forced into a
format's schema. The formats come from the registry."""

from __future__ import annotations

import gzip
import io
import tracemalloc
import zlib
from pathlib import Path
from unittest import mock

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from s3server import sample_files

import awslogparse
from awslogparse import framing, registry
from awslogparse.reader import detect_source
from awslogparse.testing import LogData, file_formats, log_data

TABLE_FORMATS = registry.table_formats()

budget = settings(max_examples=max(10, settings().max_examples // 3),
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def test_the_registry_lists_the_parquet_formats_and_each_has_files() -> None:
    assert TABLE_FORMATS, "no Parquet-framed format registered"
    for name in TABLE_FORMATS:
        assert registry.get(name).format().spec.framing == "parquet"
        assert name in file_formats(), name


@budget
@given(st.sampled_from(TABLE_FORMATS).flatmap(log_data), st.booleans())
def test_a_parquet_file_of_any_format_is_read_as_its_format_without_a_key(
        log: LogData, wrapped: bool) -> None:
    data = gzip.compress(log.data) if wrapped and log.data[:2] != b"\x1f\x8b" else log.data
    given_it = awslogparse.iter_records(log.data, log.format, errors="collect")
    expected = list(given_it)
    it = awslogparse.iter_records(data, errors="collect", name="upload.bin")
    assert list(it) == expected
    assert it.stats.format == log.format, it.stats.detected_by
    assert [e.reason for e in it.errors] == [e.reason for e in given_it.errors]
    tables = awslogparse.read_tables(data, name="upload.bin")
    assert list(tables) == [log.format]
    assert tables[log.format].num_rows == len(expected)


def _parquet(columns: dict[str, list[object]]) -> bytes:
    out = io.BytesIO()
    pq.write_table(pa.table(columns), out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["upload.parquet", "data/part-0000.snappy.parquet"])
def test_a_parquet_file_no_format_takes_is_one_error_naming_the_file(name: str) -> None:
    data = _parquet({"customer": ["a", "b"], "amount_cents": [1, 2], "sku": ["x", "y"]})
    assert registry.detect_table(["customer", "amount_cents", "sku"]).format is None
    it = awslogparse.iter_records(data, errors="collect", name=name)
    assert list(it) == []
    assert it.stats.units == it.stats.errors == 1
    [error] = it.errors
    assert error.source == name and "Parquet" in error.reason
    with pytest.raises(awslogparse.ParseError, match="Parquet"):
        list(awslogparse.iter_records(data, name=name))


def test_detect_table_tries_the_preferred_formats_first_then_the_others() -> None:
    for name in TABLE_FORMATS:
        found = registry.detect_table(["no_such_column"], (name,))
        assert found.format is None
        assert found.candidates[0][0] == name
        assert {c[0] for c in found.candidates} == set(TABLE_FORMATS)


@budget
@given(st.sampled_from(TABLE_FORMATS).flatmap(log_data))
def test_detect_and_a_dry_run_name_the_format_a_read_takes(log: LogData) -> None:
    """``awslogparse detect`` and ``convert --dry-run`` (:func:`awslogparse.conversion.plan`)
    tell a Parquet file's format as reading it does, by its columns: from the first bytes
    alone, every Parquet format looks alike (a Transit Gateway file was named VPC's)."""
    import contextlib
    import tempfile
    from pathlib import Path

    from awslogparse import cli
    from awslogparse.conversion import plan

    assert awslogparse.reader.detect_source(log.data)[0] == log.format
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in" / "upload.parquet"
        path.parent.mkdir()
        path.write_bytes(log.data)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli.main(["detect", str(path)]) == 0
        assert out.getvalue().startswith(f"{path}: {log.format} ("), out.getvalue()
        [planned] = plan([str(path)], str(Path(tmp) / "out"))
        assert planned.format == log.format, planned.reason


def _damaged_wrappings(data: bytes) -> list[tuple[str, bytes, bool]]:
    """A gzip-wrapped Parquet file damaged in its wrapping: (what, bytes, whether the whole
    Parquet file is still in them)."""
    packed = gzip.compress(data)
    return [("cut after the gzip header", packed[:10], False),
            ("cut mid-stream", packed[:len(packed) // 2], False),
            ("cut before the trailer", packed[:-4], True),
            ("junk after the member", packed + b"not gzip", True),
            ("a cut member after it", packed + packed[:12], True),
            ("a cut member decoding to bytes after it",  # (stored: its bytes decode at once)
             packed + gzip.compress(b"x" * 100, compresslevel=0)[:-8], True)]


@budget
@given(st.sampled_from(TABLE_FORMATS).flatmap(log_data), st.sampled_from(["given", "auto"]))
def test_a_gzip_wrapped_parquet_file_cut_or_followed_by_junk_is_an_error_not_a_crash(
        log: LogData, how: str) -> None:
    """A gzip-wrapped Parquet file whose gzip stream is cut or followed by junk is read as
    any other damaged source is: the rows that can be read, then one error for the damage,
    on both paths and with the format given or detected (EOFError and zlib.error escaped the
    readers, and ``awslogparse cat`` printed a traceback)."""
    plain = gzip.decompress(log.data) if log.data[:2] == b"\x1f\x8b" else log.data
    intact = awslogparse.iter_records(plain, log.format, errors="collect")
    expected = list(intact)
    fmt = log.format if how == "given" else "auto"
    for what, data, whole in _damaged_wrappings(plain):
        if fmt == "auto" and not data[10:]:  # (nothing decodes: no format can be told, which
            with pytest.raises(awslogparse.SourceError, match="cannot be read"):  # is a
                list(awslogparse.iter_records(data, fmt, name="upload.parquet.gz"))  # SourceError)
            continue
        it = awslogparse.iter_records(data, fmt, errors="collect", name="upload.parquet.gz")
        records = list(it)
        assert it.stats.records + it.stats.errors == it.stats.units, what
        assert len(it.errors) == it.stats.errors == len(intact.errors) + 1, what
        assert "gzip" in it.errors[-1].reason, (what, it.errors[-1])
        assert records == (expected if whole else []), what
        batches = awslogparse.iter_batches(data, fmt, errors="collect", name="upload.parquet.gz")
        rows = sum(batch.num_rows for batch in batches)
        assert (rows, batches.stats.errors, batches.stats.units) == \
            (len(records), it.stats.errors, it.stats.units), what
        with pytest.raises(awslogparse.ParseError):
            list(awslogparse.iter_records(data, fmt, name="upload.parquet.gz"))


def _zeros_gzip(size: int, prefix: bytes = b"") -> bytes:
    """A gzip member of ``prefix`` and ``size`` zero bytes (a small gzip bomb)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    parts = [packer.compress(prefix)]
    parts += [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*parts, packer.flush()])


@pytest.mark.parametrize("fmt", [*TABLE_FORMATS, "auto"])
def test_a_gzip_bomb_read_as_parquet_keeps_memory_bounded(fmt: str) -> None:
    """A Parquet file is read whole (its footer comes last), but one of more than
    ``framing.TABLE_IN_MEMORY`` decoded bytes is held in a temporary file, not in memory: a
    gzip bomb given (or detected) as a Parquet format costs no more memory than one given as
    any other format, and is one error (it was held whole, twice while joined: 2 GB of memory
    for a 1 MB object of 1 GB of zeros)."""
    size = 64 << 20
    data = _zeros_gzip(size, framing.PARQUET_MAGIC)
    with mock.patch.object(framing, "TABLE_IN_MEMORY", 1 << 20):
        for read in (awslogparse.iter_records, awslogparse.iter_batches):
            tracemalloc.start()
            try:
                it = read(data, fmt, errors="collect", name="upload.parquet.gz")
                assert list(it) == []
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            assert peak < size // 2, (read.__name__, peak)
            assert (it.stats.units, it.stats.errors) == (1, 1)
            assert "Parquet" in it.errors[0].reason


@budget
@given(st.sampled_from(TABLE_FORMATS).flatmap(log_data))
def test_a_parquet_file_held_in_a_temporary_file_reads_as_one_held_in_memory(log: LogData
                                                                              ) -> None:
    expected = awslogparse.iter_records(log.data, log.format, errors="collect")
    records = list(expected)
    with mock.patch.object(framing, "TABLE_IN_MEMORY", 64):
        for fmt in (log.format, "auto"):
            it = awslogparse.iter_records(log.data, fmt, errors="collect")
            assert list(it) == records
            assert [e.reason for e in it.errors] == [e.reason for e in expected.errors]
            table = awslogparse.read_arrow(log.data, fmt)
            assert table.num_rows == len(records)


def _our_own_parquet_files(tmp: Path) -> list[tuple[str, Path]]:
    """Parquet files awslogparse wrote: each table format's sample through ``convert`` (a
    dataset file) and through ``write_parquet``, as (the records' format, path)."""
    from awslogparse.conversion import convert

    detected = {path: detect_source(str(path))[0]
                 for path in sample_files()}
    made: list[tuple[str, Path]] = []
    for name in TABLE_FORMATS:
        sample = next((path for path, fmt in detected.items() if fmt == name), None)
        if sample is None:
            continue
        records_format = registry.get(name).name
        sink = tmp / f"{name}.parquet"
        awslogparse.write_parquet(sample, sink, name)
        made.append((records_format, sink))
        report = convert([str(sample)], str(tmp / f"lake-{name}"), format=name, jobs=1)
        assert report.ok, report.failed
        first = sorted((tmp / f"lake-{name}").rglob("*.parquet"))[0]
        made.append((first.parts[len(tmp.parts) + 1].removeprefix("format="), first))
    return made


def test_a_parquet_file_awslogparse_wrote_is_one_error_saying_so_not_an_error_per_row(
        tmp_path: Path) -> None:
    """``awslogparse cat`` of a file ``convert`` or ``write_parquet`` wrote was detected as an
    AWS Parquet delivery and every row was an error (a dataset's ``start`` is a timestamp
    already, where AWS's Parquet flow logs hold epoch seconds). Such a file says what it is: no
    format is detected for it, and read as a Parquet format it is one error, not one per row."""
    made = _our_own_parquet_files(tmp_path)
    assert made, "no sample of a Parquet-framed format"
    for records_format, path in made:
        found, why = detect_source(str(path))
        assert found is None and "awslogparse wrote" in why and records_format in why, why
        with pytest.raises(awslogparse.SourceError, match="awslogparse wrote"):
            list(awslogparse.iter_records(str(path)))
        for fmt in TABLE_FORMATS:
            for read in (awslogparse.iter_records, awslogparse.iter_batches):
                it = read(str(path), fmt, errors="collect")
                assert list(it) == [], (fmt, path)
                assert it.stats.units == it.stats.errors == 1, (fmt, path, it.stats)
                [error] = it.errors
                assert "awslogparse wrote" in error.reason, error.reason
