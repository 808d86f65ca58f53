"""The public reading API: sources, detection, error modes, layouts, Arrow output."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

import pyarrow as pa
import pytest
from blockedimports import run_without_pyarrow
from hypothesis import given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse import LineError, ParseError, SourceError

HEADER = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
          "start end action log-status")
LINE = ("2 012345678901 eni-0a1b2c3d4e5f67890 10.0.1.5 198.51.100.7 49152 443 6 12 3456 "
        "1763683200 1763683260 ACCEPT OK")
NODATA = "2 012345678901 eni-0a1b2c3d4e5f67890 - - - - - - - 1763683200 1763683260 - NODATA"


def file_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def test_import_is_cheap() -> None:
    """`import awslogparse` loads no heavy module (pyarrow, pyparsing, dateutil, boto3)."""
    code = ("import sys, awslogparse; awslogparse.formats; "
            "print(sorted(m for m in ('pyarrow', 'pyparsing', 'dateutil', 'boto3', 'hypothesis') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parsing_a_line_imports_nothing_heavy() -> None:
    data = HEADER + "\n" + LINE + "\n"
    code = (f"import sys, awslogparse as a; a.parse_line({LINE!r}, 'vpcflow'); "
            f"list(a.iter_records({data!r}.encode(), 'vpcflow')); "
            "print(sorted(m for m in ('pyarrow', 'pyparsing', 'dateutil', 'importlib.metadata') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_pyarrow_the_arrow_api_names_the_extra(tmp_path: Path) -> None:
    """Installed without the arrow extra, every public name still imports (``from awslogparse
    import *``, ``help(awslogparse)``), and each Arrow/Parquet entry point raises SourceError
    naming the extra, not a ModuleNotFoundError from deep inside."""
    source = tmp_path / "flows.log"
    source.write_bytes(file_bytes(HEADER, LINE))
    import io

    import pyarrow.parquet as pq

    parquet = io.BytesIO()  # (a Parquet log object cannot be read at all: a SourceError, as
    pq.write_table(pa.table({"version": [2], "account_id": ["1"]}), parquet)  # other inputs
    (tmp_path / "flows.log.parquet").write_bytes(parquet.getvalue())   # that cannot be read)
    calls = {
        "iter_records of Parquet": f"list(a.iter_records({str(tmp_path / 'flows.log.parquet')!r}))",
        "read_arrow": "a.read_arrow(src)",
        "iter_batches": "list(a.iter_batches(src))",
        "iter_format_batches": "list(a.iter_format_batches(src))",
        "read_tables": "a.read_tables(src)",
        "write_parquet": "a.write_parquet(src, out)",
        "ParquetSink": "a.ParquetSink(out, None)",
        "convert": "a.convert([src], out)",
        "lambda_event_batches": "list(a.lambda_event_batches({'Records': []}))",
        "Schema.to_arrow": "a.schema('vpcflow').to_arrow()",
        "Field.to_arrow": "a.schema('vpcflow')['srcaddr'].to_arrow()",
        "to_arrow_expression": "a.filterpattern.compile('{ $.action = REJECT }', "
                               "format='vpcflow').to_arrow_expression()",
    }
    code = (
        "import awslogparse as a\n"
        "from awslogparse import *\n"
        f"src, out = {str(source)!r}, {str(tmp_path / 'out.parquet')!r}\n"
        f"for name, call in {calls!r}.items():\n"
        "    try:\n"
        "        eval(call)\n"
        "    except a.SourceError as e:\n"
        "        print(name, 'awslogparse[arrow]' in str(e))\n"
        "    else:\n"
        "        print(name, 'no error')\n")
    out = run_without_pyarrow(code)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split("\n")[:-1] == [f"{name} True" for name in calls]
    assert not (tmp_path / "out.parquet").exists()


def test_public_api_names() -> None:
    for name in ("parse_line", "iter_records", "read_arrow", "iter_batches", "detect", "schema",
                 "formats", "ParseError", "LineError"):
        assert name in awslogparse.__all__
        assert getattr(awslogparse, name) is not None
    assert issubclass(ParseError, ValueError)
    with pytest.raises(AttributeError):
        awslogparse.no_such_name  # noqa: B018


def test_typed_record() -> None:
    record = awslogparse.parse_line(LINE, "vpcflow")
    assert record == {
        "version": 2, "account_id": "012345678901", "interface_id": "eni-0a1b2c3d4e5f67890",
        "srcaddr": "10.0.1.5", "dstaddr": "198.51.100.7", "srcport": 49152, "dstport": 443,
        "protocol": 6, "packets": 12, "bytes": 3456,
        "start": datetime(2025, 11, 21, tzinfo=UTC),
        "end": datetime(2025, 11, 21, 0, 1, tzinfo=UTC),
        "action": "ACCEPT", "log_status": "OK",
    }
    assert record["start"].tzinfo is not None


def test_account_id_unknown_and_leading_zeros() -> None:
    record = awslogparse.parse_line(LINE.replace("012345678901", "unknown"), "vpcflow")
    assert record["account_id"] == "unknown"
    table = awslogparse.read_arrow(file_bytes(HEADER, LINE), "vpcflow")
    assert table.column("account_id").to_pylist() == ["012345678901"]
    assert table.schema.field("account_id").type == pa.string()


def test_runs_of_whitespace_split_like_aws_examples() -> None:
    """AWS's own examples contain a double space between fields."""
    record = awslogparse.parse_line(LINE.replace(" 443 ", "  443 "), "vpcflow")
    assert record["dstport"] == 443
    rows = awslogparse.read_arrow(file_bytes(HEADER, LINE.replace(" 443 ", "  443 "))).to_pylist()
    assert rows[0]["dstport"] == 443


@pytest.mark.parametrize("fields", [
    "${version} ${srcaddr} ${dstport} ${log-status}",
    "version srcaddr dstport log-status",
    "version srcaddr dstport log_status",
    ["version", "srcaddr", "dstport", "log-status"],
])
def test_custom_format_spellings(fields: object) -> None:
    record = awslogparse.parse_line("5 10.0.0.1 443 OK", "vpcflow", fields=fields)  # type: ignore[arg-type]
    assert record == {"version": 5, "srcaddr": "10.0.0.1", "dstport": 443, "log_status": "OK"}


def test_bad_format_strings() -> None:
    with pytest.raises(ParseError, match="outside"):
        awslogparse.parse_line("2 x", "vpcflow", fields="${version}, ${srcaddr}")
    with pytest.raises(ParseError, match="named twice"):
        awslogparse.parse_line("2 2", "vpcflow", fields="${version} ${version}")
    with pytest.raises(ParseError, match="at least one"):
        awslogparse.parse_line("2", "vpcflow", fields="")


def test_parse_line_errors_name_the_problem() -> None:
    with pytest.raises(ParseError, match=r"dstport: not an integer: 'https'"):
        awslogparse.parse_line(LINE.replace(" 443 ", " https "), "vpcflow")
    with pytest.raises(ParseError, match="expected 14 fields, got 13"):
        awslogparse.parse_line(LINE.rsplit(" ", 1)[0], "vpcflow")
    with pytest.raises(ParseError, match="outside the 32-bit range"):
        awslogparse.parse_line(LINE.replace(" 443 ", " 99999999999 "), "vpcflow")
    with pytest.raises(ParseError, match="start: not an epoch-seconds timestamp"):
        awslogparse.parse_line(LINE.replace("1763683200", "99999999999999"), "vpcflow")
    with pytest.raises(ParseError, match="header"):
        awslogparse.parse_line(HEADER, "vpcflow")


def test_nodata_skipdata_lines() -> None:
    record = awslogparse.parse_line(NODATA, "vpcflow")
    assert record["log_status"] == "NODATA"
    assert [record[k] for k in ("srcaddr", "srcport", "packets", "bytes", "action")] == [None] * 5
    # custom formats may leave NODATA lines without timestamps at all
    record = awslogparse.parse_line("- - NODATA", "vpcflow", fields="start end log-status")
    assert record == {"start": None, "end": None, "log_status": "NODATA"}


def test_header_selects_layout_and_switches_mid_file() -> None:
    data = file_bytes(HEADER, LINE, "version srcaddr log-status", "5 10.0.0.9 OK")
    it = awslogparse.iter_records(data)
    records = list(it)
    assert records[1] == {"version": 5, "srcaddr": "10.0.0.9", "log_status": "OK"}
    assert it.stats.headers == 2 and it.stats.records == 2 and it.stats.lines == 2
    table = awslogparse.read_arrow(data)
    assert table.column("srcaddr").to_pylist() == ["10.0.1.5", "10.0.0.9"]
    assert table.column("dstport").to_pylist() == [443, None]


def test_header_with_underscored_names() -> None:
    data = file_bytes(HEADER.replace("-", "_"), LINE)
    assert next(awslogparse.iter_records(data))["log_status"] == "OK"


def test_unknown_newer_fields_are_kept() -> None:
    data = file_bytes("version srcaddr next-gen-field log-status", "12 10.0.0.1 some-value OK")
    (record,) = list(awslogparse.iter_records(data, "vpcflow"))
    assert record == {"version": 12, "srcaddr": "10.0.0.1", "next_gen_field": "some-value",
                      "log_status": "OK"}
    (row,) = awslogparse.read_arrow(data, "vpcflow").to_pylist()
    assert row["srcaddr"] == "10.0.0.1"
    assert row["_extra"] == [("next_gen_field", "some-value")]


def test_v11_fields() -> None:
    fields = ("version srcaddr dstaddr srcport dstport protocol start end action log-status "
              "reject-reason resource-id encryption-status interface-type next-hop-interface-id "
              "instance-tag")
    line = ("11 10.0.0.71 52.95.128.179 34210 80 6 1616729292 1616729349 REJECT OK BPA "
            "nat-0c50d5961bcb2d47b 1 nat_gateway eni-1111aaaa2222bbbb3 web")
    record = awslogparse.parse_line(line, "vpcflow", fields=fields)
    assert record["encryption_status"] == 1 and record["interface_type"] == "nat_gateway"
    assert record["next_hop_interface_id"] == "eni-1111aaaa2222bbbb3"
    assert record["instance_tag"] == "web"


def test_sources_path_str_bytes_fileobj_and_gzip_by_magic(tmp_path: Path) -> None:
    data = file_bytes(HEADER, LINE, NODATA)
    plain = tmp_path / "flow.log.gz"  # misleading name: content is not gzip
    plain.write_bytes(data)
    packed = tmp_path / "flow.txt"  # misleading name: content is gzip
    packed.write_bytes(gzip.compress(data))
    expected = list(awslogparse.iter_records(data))
    assert len(expected) == 2
    for source in (plain, str(plain), packed, gzip.compress(data), io.BytesIO(gzip.compress(data))):
        assert list(awslogparse.iter_records(source)) == expected


def test_multi_member_gzip() -> None:
    data = gzip.compress(file_bytes(HEADER, LINE)) + gzip.compress(file_bytes(NODATA))
    it = awslogparse.iter_records(data)
    assert [r["log_status"] for r in it] == ["OK", "NODATA"]


def test_error_modes() -> None:
    data = file_bytes(HEADER, LINE, LINE.replace(" 443 ", " x "), "\x00\x01\x02 junk", NODATA)
    with pytest.raises(ParseError, match=r"<bytes>:3: dstport: not an integer"):
        list(awslogparse.iter_records(data))
    skip = awslogparse.iter_records(data, errors="skip")
    assert len(list(skip)) == 2 and skip.errors == [] and skip.stats.errors == 2
    collect = awslogparse.iter_records(data, errors="collect")
    assert len(list(collect)) == 2
    assert [(e.line, e.raw[:8]) for e in collect.errors] == [
        (3, "2 012345"), (4, "\x00\x01\x02 junk")]
    assert all(isinstance(e, LineError) for e in collect.errors)
    assert collect.stats.records + collect.stats.errors == collect.stats.lines == 4
    assert json.dumps(collect.errors[0].to_dict())
    with pytest.raises(ValueError, match="errors must be"):
        awslogparse.iter_records(data, errors="ignore")  # type: ignore[arg-type]


def test_arrow_error_modes_match_records() -> None:
    data = file_bytes(HEADER, LINE, LINE.replace(" 443 ", " x "), NODATA, "2 too short")
    batches = awslogparse.iter_batches(data, errors="collect")
    rows = [r for b in batches for r in b.to_pylist()]
    records = awslogparse.iter_records(data, errors="collect")
    assert len(rows) == len(list(records)) == 2
    assert [e.line for e in batches.errors] == [e.line for e in records.errors] == [3, 5]
    assert batches.stats.lines == records.stats.lines == 4
    collected: list[LineError] = []
    table = awslogparse.read_arrow(data, errors="collect", error_list=collected)
    assert table.num_rows == 2 and [e.line for e in collected] == [3, 5]


def test_truncated_gzip_keeps_records_before_the_cut() -> None:
    lines = [HEADER] + [LINE.replace("49152", str(1000 + i)) for i in range(2000)]
    packed = gzip.compress(file_bytes(*lines))
    cut = packed[: len(packed) // 2]
    it = awslogparse.iter_records(cut, errors="collect")
    records = list(it)
    assert 0 < len(records) < 2000
    assert [r["srcport"] for r in records] == list(range(1000, 1000 + len(records)))
    (error,) = it.errors
    assert "truncated" in error.reason and error.line == len(records) + 2
    batches = awslogparse.iter_batches(cut, errors="collect")
    assert sum(b.num_rows for b in batches) == len(records)
    assert [e.line for e in batches.errors] == [error.line]


def test_long_line_is_an_error_not_a_memory_blowup() -> None:
    from awslogparse.sources import MAX_LINE

    data = file_bytes(HEADER, LINE, "x" * (MAX_LINE * 3), LINE)
    it = awslogparse.iter_records(data, errors="collect")
    assert len(list(it)) == 2
    (error,) = it.errors
    assert error.line == 3 and "exceeds the line limit" in error.reason and len(error.raw) < 1000


@pytest.mark.parametrize("fast", [False, True])
def test_bytes_that_are_not_utf8_are_escaped_in_the_raw_text_of_every_error(fast: bool) -> None:
    """A bad line's raw text shows a byte that is not UTF-8 as ``\\xNN`` (docs/api.md,
    ``LineError``); the over-long line and the cut line of a truncated gzip stream showed it as
    U+FFFD, losing the byte, where every other bad line kept it."""
    from awslogparse.sources import MAX_LINE

    bad = LINE.replace("eni-", "eni-caf\xe9-").encode("latin-1")
    cases = {
        "exceeds the line limit": file_bytes(HEADER, LINE) + bad + b"1" * MAX_LINE + b"\n",
        "ends abnormally": gzip.compress(file_bytes(HEADER, LINE) + bad + b"\n")[:-12],
        "not an integer": file_bytes(HEADER) + bad.replace(b" 443 ", b" x ") + b"\n",
    }
    for why, data in cases.items():
        records = awslogparse.iter_records(data, "vpcflow", errors="collect")
        batches = awslogparse.iter_batches(data, "vpcflow", errors="collect", fast=fast)
        for it in (records, batches):
            list(it)
            (error,) = [e for e in it.errors if why in e.reason]
            assert "caf\\xe9" in error.raw and "\ufffd" not in error.raw, (why, error.raw)


def test_with_source_provenance() -> None:
    data = file_bytes(HEADER, LINE, NODATA)
    records = list(awslogparse.iter_records(data, with_source=True))
    assert [(r["_source"], r["_line"]) for r in records] == [("<bytes>", 2), ("<bytes>", 3)]
    table = awslogparse.read_arrow(data, with_source=True)
    assert table.column("_line").to_pylist() == [2, 3]
    assert table.column("_source").to_pylist() == ["<bytes>", "<bytes>"]



@pytest.mark.parametrize("fast", [True, False])
def test_with_source_in_blocks_of_any_length(tmp_path: Path, fast: bool) -> None:
    """Blocks of several lengths (the fast path slices the column from one array, made again
    for a longer block): every row has the source, each batch its own lines."""
    from awslogparse.reader import iter_format_batches

    short = LINE.replace(" 49152 ", " 80 ")  # (lines of two lengths: blocks of other counts)
    path = tmp_path / "flow.log"
    path.write_bytes(file_bytes(HEADER, *([LINE] * 9000 + [short] * 21000)))
    batches = iter_format_batches(path, "vpcflow", with_source=True, name="s3://b/k.log",
                                  block_size=1 << 20, fast=fast)
    lines: list[int] = []
    for _, batch in batches:
        assert batch.column("_source").to_pylist() == ["s3://b/k.log"] * batch.num_rows
        lines += batch.column("_line").to_pylist()
    assert lines == list(range(2, 30002))
    blocks = (batches.fast_blocks, batches.slow_blocks)
    assert min(blocks) == 0 and max(blocks) >= 3 and bool(batches.fast_blocks) == fast


def test_columns_projection_and_schema() -> None:
    table = awslogparse.read_arrow(file_bytes(HEADER, LINE), columns=["srcaddr", "bytes", "start"])
    assert table.column_names == ["srcaddr", "bytes", "start", "_extra"]
    assert table.schema.field("start").type == pa.timestamp("s", tz="UTC")
    with pytest.raises(ValueError, match="no field"):
        awslogparse.read_arrow(file_bytes(HEADER, LINE), columns=["nope"])
    schema = awslogparse.schema("vpcflow")
    arrow = schema.to_arrow()
    assert arrow.field("srcport").type == pa.int32()
    assert arrow.field("bytes").type == pa.int64()
    assert schema["account-id"].name == "account_id"
    assert schema["tcp_flags"].version == 3


def test_detection_key_and_content() -> None:
    key = ("AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21/123456789012_vpcflowlogs_"
           "us-east-1_fl-0a1b2c3d4e5f67890_20261121T0000Z_3f2a9c1b.log.gz")
    found = awslogparse.detect(key)
    assert found.format == "vpcflow" and "key" in found.reason
    found = awslogparse.detect(key, gzip.compress(file_bytes(HEADER, LINE)))
    assert found.format == "vpcflow" and "agree" in found.reason
    tgw_header = " ".join(f.wire_name for f in awslogparse.schema("tgwflow"))
    found = awslogparse.detect(key, tgw_header + "\n")
    assert found.format == "tgwflow"
    assert awslogparse.detect("random/key.txt", "hello world\n").format is None
    # content wins over a misleading key
    found = awslogparse.detect("AWSLogs/123456789012/vpcflowlogs/x.log", "hello world\n")
    assert found.format == "vpcflow" and "not recognised" in found.reason
    assert {"vpcflow", "tgwflow"} <= set(awslogparse.formats())


def test_content_that_fits_another_format_better_than_the_keys_wins() -> None:
    """CloudFront's v2 W3C files keep the legacy files' names, and the legacy format reads a
    v2 header with fields it lacks, less well: the format that fits the content wins (its
    v2-only fields get their typed columns, not ``_extra``)."""
    text = (b"#Fields: date time x-edge-location asn c-ip sc-status timestamp(ms)\n"
            b"2026-11-21\t00:02:58\tNRT57-P2\t64501\t203.0.113.9\t200\t1795219378923\n")
    key = "cf-v2-logs/E1ABCDEF2GHIJK.2026-11-21-00.b5c6d7e8.gz"
    assert awslogparse.detect(key).format == "cloudfront"  # (the key alone)
    found = awslogparse.detect(key, gzip.compress(text, mtime=0))
    assert found.format == "cloudfront_v2" and "content wins" in found.reason
    [record] = awslogparse.iter_records(gzip.compress(text, mtime=0), name=key)
    assert record["asn"] == 64501 and "_extra" not in record


def test_detection_reads_past_a_byte_order_mark() -> None:
    """A head that starts with a UTF-8 byte order mark (an editor's, an exporter's) is
    detected as without it, as the readers do."""
    cloudfront = (b"#Version: 1.0\n#Fields: date time x-edge-location asn c-ip sc-status\n"
                  b"2026-11-21\t00:02:58\tNRT57-P2\t64501\t203.0.113.9\t200\n")
    for text in (file_bytes(HEADER, LINE), file_bytes(LINE), cloudfront):
        plain = awslogparse.detect(None, text)
        assert plain.format is not None
        assert awslogparse.detect(None, b"\xef\xbb\xbf" + text).format == plain.format
        assert awslogparse.detect(None, "\ufeff" + text.decode()).format == plain.format


def test_source_errors() -> None:
    with pytest.raises(SourceError, match="unknown format 'nope'"):
        awslogparse.parse_line(LINE, "nope")
    with pytest.raises(SourceError, match="no such file"):
        list(awslogparse.iter_records("/nonexistent/file.log"))
    with pytest.raises(SourceError, match="https:// URLs are not read"):
        list(awslogparse.iter_records("https://example.com/key"))
    with pytest.raises(SourceError, match="cannot tell the format"):
        list(awslogparse.iter_records(b"hello world\n"))
    assert list(awslogparse.iter_records(b"", "vpcflow")) == []


def test_a_text_stream_is_a_source_error_naming_binary_mode() -> None:
    """A stream opened in text mode (``open(path)``, ``io.StringIO``) is a source that cannot
    be read, on every path: a SourceError saying to open it in binary mode (a TypeError "can't
    concat str to bytes" came out of the gzip sniffing)."""
    readers: list[Callable[..., Iterator[Any]]] = [awslogparse.iter_records,
                                                   awslogparse.iter_batches]
    for read, fmt in itertools.product(readers, ["vpcflow", "auto"]):
        with pytest.raises(SourceError, match="binary mode"):
            list(read(cast(Any, io.StringIO(file_bytes(HEADER, LINE).decode())), fmt))


def test_a_gzip_file_opened_in_text_mode_is_a_source_error_naming_binary_mode(
        tmp_path: Path) -> None:
    """``open("flows.log.gz")`` (text mode, the default) of a gzip file: the text stream's own
    read fails to decode the gzip bytes; the reader said UnicodeDecodeError, not what to do."""
    path = tmp_path / "flows.log.gz"
    path.write_bytes(gzip.compress(file_bytes(HEADER, LINE)))
    readers: list[Callable[..., Iterator[Any]]] = [awslogparse.iter_records,
                                                   awslogparse.iter_batches]
    for read, fmt in itertools.product(readers, ["vpcflow", "auto"]):
        with path.open(encoding="utf-8") as text, \
                pytest.raises(SourceError, match="binary mode"):
            list(read(cast(Any, text), fmt))


def test_format_aliases() -> None:
    assert awslogparse.parse_line(LINE, "VPC")["dstport"] == 443
    assert awslogparse.parse_line(LINE, "vpc-flow-logs")["dstport"] == 443


def test_format_line_round_trip() -> None:
    for line in (LINE, NODATA):
        assert awslogparse.format_line(awslogparse.parse_line(line, "vpcflow"), "vpcflow") == line


def test_an_input_damaged_before_its_format_shows_is_no_empty_input() -> None:
    """An empty input of unknown format reads as no records; a gzip input that cannot be
    decoded far enough to tell its format is a SourceError that says why (a Lambda item then
    fails, where a silent empty read let it be dropped), and so is one whose damage left too
    little to recognise. With the format given (or a key that names it), the damage is one
    error of the read, as before."""
    corrupt = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff"
    assert list(awslogparse.iter_records(b"")) == []
    assert list(awslogparse.iter_records(gzip.compress(b""))) == []
    with pytest.raises(SourceError, match=r"cannot be read.*invalid block type"):
        list(awslogparse.iter_records(corrupt, errors="collect"))
    cut = gzip.compress(file_bytes(LINE, LINE))[:-30] + b"xx"
    with pytest.raises(SourceError, match=r"cannot tell the format.*damaged.*truncated"):
        list(awslogparse.iter_records(cut, errors="collect"))
    for fmt, name in (("vpcflow", None), ("auto", "AWSLogs/123456789012/vpcflowlogs/x.gz")):
        it = awslogparse.iter_records(corrupt, fmt, errors="collect", name=name)
        assert list(it) == [] and it.stats.errors == 1 and it.stats.lines == 1
        assert "invalid block type" in it.errors[0].reason


def test_corrupt_gzip_keeps_records_before_the_damage() -> None:
    import random

    rnd = random.Random(5)
    lines = [HEADER] + [LINE.replace("49152", str(rnd.randrange(65536))) for _ in range(20000)]
    packed = bytearray(gzip.compress(file_bytes(*lines)))
    middle = len(packed) // 2
    packed[middle:middle + 20] = b"\xff" * 20
    it = awslogparse.iter_records(bytes(packed), errors="collect")
    records = list(it)
    # Damaged deflate data may decode to garbage for a while before zlib notices: those lines
    # are errors too. What came before the damage is intact, and the stream's end is reported.
    first_bad = it.errors[0].line
    assert first_bad is not None and 1000 < first_bad < 20000
    original = [int(line.split()[5]) for line in lines[1:]]
    intact = first_bad - 2
    assert [r["srcport"] for r in records[:intact]] == original[:intact]
    assert "gzip" in it.errors[-1].reason
    assert it.stats.records + it.stats.errors == it.stats.lines


def test_name_gives_streams_key_evidence() -> None:
    key = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21/x.log.gz"
    it = awslogparse.iter_records(io.BytesIO(gzip.compress(file_bytes(NODATA))), name=key)
    assert len(list(it)) == 1
    assert it.stats.source == key and "agree" in it.stats.detected_by


def test_header_may_start_with_a_field_newer_than_the_spec() -> None:
    data = file_bytes("next-gen-field version srcaddr dstport", "abc 5 10.0.0.1 443")
    (record,) = list(awslogparse.iter_records(data, "vpcflow"))
    assert record == {"next_gen_field": "abc", "version": 5, "srcaddr": "10.0.0.1", "dstport": 443}
    (row,) = awslogparse.read_arrow(data, "vpcflow").to_pylist()
    assert row["dstport"] == 443 and row["_extra"] == [("next_gen_field", "abc")]


def test_utf8_bom_before_the_header() -> None:
    data = b"\xef\xbb\xbf" + file_bytes(HEADER, LINE)
    assert [r["dstport"] for r in awslogparse.iter_records(data)] == [443]
    assert awslogparse.read_arrow(data).column("dstport").to_pylist() == [443]


@pytest.mark.parametrize("port", ["+5", "1_0", "\u0663", "0x50", "5.0", "1e3"])
def test_integers_are_decimal_ascii_on_every_path(port: str) -> None:
    """Python's int() takes '+5', '1_0' and non-ASCII digits; AWS never writes them."""
    bad = LINE.replace(" 443 ", f" {port} ")
    with pytest.raises(ParseError, match=r"dstport: not an integer"):
        awslogparse.parse_line(bad, "vpcflow")
    data = file_bytes(HEADER, LINE, bad, LINE)
    for fast in (True, False):
        collected: list[LineError] = []
        table = awslogparse.read_arrow(data, errors="collect", error_list=collected, fast=fast)
        assert table.num_rows == 2 and [e.line for e in collected] == [3]
    it = awslogparse.iter_records(data, errors="collect")
    assert len(list(it)) == 2 and [e.line for e in it.errors] == [3]


def test_generated_line_writer_equals_the_reference_format_line() -> None:
    from awslogparse.parsers import flowlog

    spec = awslogparse.schema("vpcflow")
    for line in (LINE, NODATA):
        record = awslogparse.parse_line(line, "vpcflow")
        layout = tuple(spec[name] for name in record)
        assert flowlog.line_writer(layout)(record) == flowlog.format_line(record, layout) == line
    layout = tuple(spec.fields)  # every field type, all null but two
    record = {"srcport": 443, "start": datetime(2025, 11, 21, tzinfo=UTC)}
    assert flowlog.line_writer(layout)(record) == flowlog.format_line(record, layout)


@settings(max_examples=max(20, settings().max_examples // 2), deadline=None)
@given(st.lists(st.one_of(st.integers(0, 40), st.integers(90, 130)), max_size=30),
       st.booleans(), st.lists(st.integers(1, 97), min_size=1, max_size=8),
       st.integers(16, 120))
def test_blocks_are_the_lines_whatever_the_chunks(lengths: list[int], final_newline: bool,
                                                   cuts: list[int], block_size: int) -> None:
    """iter_blocks regroups chunks, cut anywhere, into blocks of whole lines: every line comes
    out once and in order, in a block (each ending in a newline but the very last) or, over
    the line limit, as a LongLine of its length and first bytes."""
    from awslogparse import sources

    lines = [bytes([97 + i % 26]) * n for i, n in enumerate(lengths)]
    data = b"\n".join(lines) + (b"\n" if final_newline and lines else b"")
    chunks: list[bytes] = []
    at = 0
    while at < len(data):
        step = cuts[len(chunks) % len(cuts)]
        chunks.append(data[at:at + step])
        at += step
    limit = 100
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sources, "MAX_LINE", limit)
        out = list(sources.iter_blocks(iter(chunks), block_size))
    got: list[bytes | tuple[bytes, int]] = []
    for i, block in enumerate(out):
        if isinstance(block, sources.LongLine):
            got.append((block.head, block.length))
            continue
        assert isinstance(block, bytes) and block
        assert block.endswith(b"\n") or i == len(out) - 1
        got += block.removesuffix(b"\n").split(b"\n")
    expected = [line if len(line) <= limit else len(line) for line in lines]
    if lines and not lines[-1] and not final_newline:
        expected.pop()  # (a last empty line without a newline is no line)
    assert len(got) == len(expected)
    for line, have, want in zip(lines, got, expected, strict=False):
        if isinstance(have, tuple):  # a long line: its length, and its first bytes (up to 200,
            head = have[0]           # which with this small limit may run past its end)
            assert have[1] == want and head and line.startswith(head[:len(line)])
        else:
            assert have == want


class _DroppingStream(io.RawIOBase):
    """A body whose connection drops after ``cut`` bytes (an S3 GET cut short), read as a
    network stream is: a few KiB at a time."""

    def __init__(self, data: bytes, cut: int) -> None:
        self._data, self._cut, self._at = data, cut, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        left = self._cut - self._at
        if left <= 0:
            raise ConnectionResetError("connection reset by peer")
        size = min(left, len(buffer), 4096)
        buffer[:size] = self._data[self._at:self._at + size]
        self._at += size
        return size


def _dropping(data: bytes, cut: int) -> IO[bytes]:
    return cast(IO[bytes], _DroppingStream(data, cut))


def _sample_of(fmt: str) -> bytes:
    """The decoded bytes of the first golden sample of ``fmt``."""
    golden = Path(__file__).parent / "golden"
    for path in sorted(golden.glob("*.jsonl")):
        head = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        if head["format"] == fmt:
            data = (Path(__file__).parent.parent / "samples" / head["path"]).read_bytes()
            return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    raise AssertionError(f"no golden sample of {fmt}")


@pytest.mark.parametrize("fmt", ["vpcflow", "waf", "cloudtrail"])
@pytest.mark.parametrize("packed", [False, True])
def test_a_connection_dropped_mid_input_keeps_what_arrived_before(fmt: str, packed: bool
                                                                  ) -> None:
    """The records wholly received before a read fails are read, then one error says why:
    lines, JSON values and a document's entries alike, plain or gzip (a gzip body is decoded
    up to the failure, not dropped with the slice being read). They are the records of the
    same bytes cut short (a truncated object), as docs/lambda.md promises."""
    text = _sample_of(fmt)
    while len(text) < 300_000:  # (several gzip read slices)
        text += text if fmt != "cloudtrail" else b""
        if fmt == "cloudtrail":
            doc = json.loads(text)
            text = json.dumps({"Records": doc["Records"] * 400}).encode()
    data = gzip.compress(text, mtime=0) if packed else text
    whole = list(awslogparse.iter_records(data, fmt, errors="skip"))
    cut = len(data) // 2
    it = awslogparse.iter_records(_dropping(data, cut), fmt, errors="collect")
    records = list(it)
    assert 0 < len(records) < len(whole)
    assert records == whole[:len(records)]
    dropped = [e for e in it.errors if "ConnectionResetError" in e.reason]
    assert dropped == it.errors[-1:]  # (before it: the sample's own bad lines)
    assert it.stats.read_failed.startswith("ConnectionResetError")
    cut_object = awslogparse.iter_records(data[:cut], fmt, errors="collect")
    assert list(cut_object) == records and cut_object.stats.read_failed == ""  # (damaged data)
    assert it.stats.records + it.stats.errors == it.stats.units
    batches = awslogparse.iter_batches(_dropping(data, cut), fmt, errors="collect")
    assert sum(b.num_rows for b in batches) == len(records)
    assert sorted(e.reason for e in batches.errors) == sorted(e.reason for e in it.errors)
