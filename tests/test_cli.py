"""The ``awslogparse`` command, called in-process through ``main([...])``."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import sys
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from blockedimports import run_without

import awslogparse
from awslogparse import cli, demo, registry

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
DAY = SAMPLES / "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21"
SAMPLE_FILES = sorted(DAY.glob("*.log.gz"))
BROKEN = next(p for p in SAMPLE_FILES if "20261121T0005Z" in p.name)  # 2 bad lines (8, 15)
TGW = next(p for p in SAMPLE_FILES if "fl-0c1d2e3f4a5b6c7d8" in p.name)
GOLDEN = Path(__file__).resolve().parent / "golden"


def _golden_heads() -> dict[Path, dict[str, Any]]:
    """Each sample file with the first line of its golden file (format, detection evidence and
    the counts the generator intends), so no count here is written by hand: samples added for a
    new format change the expectations with them."""
    heads = {}
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        with golden.open(encoding="utf-8") as fh:
            head = json.loads(fh.readline())
        heads[SAMPLES / head["path"]] = head
    return heads


def _under(root: Path) -> dict[Path, dict[str, Any]]:
    return {p: h for p, h in EXPECTED.items() if p.is_relative_to(root)}


def _totals(heads: dict[Path, dict[str, Any]]) -> tuple[int, int, int]:
    """Files, records and bad lines the golden files promise for these samples."""
    stats = [h["stats"] for h in heads.values()]
    return len(stats), sum(s["records"] for s in stats), sum(s["errors"] for s in stats)


EXPECTED = _golden_heads()

HEADER = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets "
          "bytes start end action log-status")
LINE = ("2 123456789012 eni-0f1e2d3c4b5a69788 198.51.100.14 10.0.1.23 49152 443 6 12 1880 "
        "1795219200 1795219260 ACCEPT OK")
BAD = LINE.replace(" 443 ", " https ")


def run(capsys: pytest.CaptureFixture[str], *argv: Any) -> tuple[int, str, str]:
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def one_line_error(err: str) -> str:
    """A user mistake is reported in exactly one line, with no traceback."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("awslogparse: error: "), err
    return lines[0]


def write(path: Path, *lines: str, gz: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(line + "\n" for line in lines).encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


# ---- convert


def dataset_rows(out: Path, fmt: str) -> list[dict[str, Any]]:
    """Every row of a format's dataset (without its partition values)."""
    files = sorted((out / f"format={fmt}").rglob("*.parquet"))
    return [row for f in files for row in pq.read_table(f).to_pylist()]


def sidecar_errors(stdout: str) -> list[dict[str, Any]]:
    """The run's error sidecar, named on the command's ``line errors:`` line."""
    path = next(line.removeprefix("line errors: ") for line in stdout.splitlines()
                if line.startswith("line errors: "))
    return [json.loads(line) for line in Path(path).read_text().splitlines()]


def test_convert_samples(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    expected_here = _under(SAMPLES / "AWSLogs")
    on_disk = {p for p in (SAMPLES / "AWSLogs").rglob("*") if p.is_file()}
    assert on_disk == set(expected_here), "every file under samples/AWSLogs has a golden file"
    assert BROKEN in expected_here and TGW in expected_here
    files, rows, bad = _totals(expected_here)
    status, stdout, err = run(capsys, "convert", SAMPLES / "AWSLogs", "-o", out, "-v", "-j", 1)
    assert status == 0, err
    lines = stdout.splitlines()
    assert sum(line.startswith("converted  ") for line in lines) == files
    said = rf"converted  {re.escape(str(BROKEN))}: vpcflow, 18 rows, 2 errors -> 1 file( " \
           r"\(shared with \d+ other inputs?\))? \[key pattern and content agree"
    assert any(re.match(said, line) for line in lines)
    assert (f"total: {files:,} inputs: {files:,} converted, 0 skipped (done before), 0 failed; "
            f"{rows:,} rows, {bad:,} line errors") in stdout
    assert f"dataset: {out}{os.sep}" in stdout
    assert err.startswith("progress: ")  # stderr is no terminal here: plain lines

    per_format: Counter[str] = Counter()
    for head in expected_here.values():
        per_format[registry.get(head["format"]).format().records_of] += head["stats"]["records"]
    for fmt, count in per_format.items():
        if count:
            assert len(dataset_rows(out, fmt)) == count, fmt
    broken = [r for r in dataset_rows(out, "vpcflow") if r["_source"] == str(BROKEN)]
    assert len(broken) == 18
    errors = sidecar_errors(stdout)
    assert len(errors) == bad
    mine = [e for e in errors if e["source"] == str(BROKEN)]
    assert [(e["line"], e["reason"]) for e in mine] == [
        (8, "expected 14 fields, got 5"), (15, "dstport: not an integer: 'https'")]
    assert all(set(e) == {"source", "line", "reason", "raw"} and e["raw"] for e in mine)
    # a rerun finds everything done
    status, stdout, _ = run(capsys, "convert", SAMPLES / "AWSLogs", "-o", out, "-q")
    assert status == 0
    assert f"{files:,} skipped (done before)" in stdout and "0 rows" in stdout


def test_convert_skips_what_it_cannot_read(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    write(src / "a" / "flows.log.gz", HEADER, LINE, LINE, gz=True)
    write(src / "notes.txt", "this is not a log file")
    write(src / ".hidden.log", HEADER, LINE)
    write(src / ".cache" / "x.log", HEADER, LINE)
    out = tmp_path / "out"
    status, stdout, err = run(capsys, "convert", src, "-o", out, "-q")
    assert status == 1  # one file could not be read at all
    assert "Traceback" not in err and err == ""
    assert f"failed     {src / 'notes.txt'}: cannot tell the format" in stdout
    assert "pass --format" in stdout
    assert "hidden" not in stdout and ".cache" not in stdout
    assert "total: 2 inputs: 1 converted, 0 skipped (done before), 1 failed; 2 rows" in stdout
    assert [p.name.split("-")[0] for p in out.rglob("*.parquet")] == ["flows.log"]


def test_convert_one_file_with_format_and_fields(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    # Header-less lines (as CloudWatch Logs or Firehose deliver them) need the layout.
    src = write(tmp_path / "stream.txt", "eni-0a1 203.0.113.5 443", "eni-0a2 - -")
    status, stdout, err = run(capsys, "convert", src, "-o", tmp_path / "out", "--format", "vpc",
                              "--fields", "${interface-id} ${srcaddr} ${dstport}", "-v", "-q")
    assert status == 0, err
    assert "vpcflow, 2 rows, 0 errors -> 1 file [given]" in stdout
    (path,) = (tmp_path / "out").rglob("*.parquet")
    # no account, Region or time anywhere: the default (null) partitions
    assert path.relative_to(tmp_path / "out").parts[:-1] == (
        "format=vpcflow", "account_id=__HIVE_DEFAULT_PARTITION__",
        "region=__HIVE_DEFAULT_PARTITION__", "date=__HIVE_DEFAULT_PARTITION__")
    table = pq.read_table(path)
    # every field of the format (one schema per dataset), but the partition keys
    assert [n for n in table.column_names if not n.startswith("_")] == [
        n for n in awslogparse.schema("vpcflow").names if n not in ("account_id", "region")]
    rows = table.select(["interface_id", "srcaddr", "dstport", "action"]).to_pylist()
    assert rows == [
        {"interface_id": "eni-0a1", "srcaddr": "203.0.113.5", "dstport": 443, "action": None},
        {"interface_id": "eni-0a2", "srcaddr": None, "dstport": None, "action": None}]


def test_convert_rerun_skips_and_replaces_changed_inputs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / "in" / "f.log", HEADER, LINE, BAD)
    out = tmp_path / "in" / "out"  # inside the input folder: must not be read back as input
    assert run(capsys, "convert", tmp_path / "in", "-o", out, "-q")[0] == 0
    status, stdout, _ = run(capsys, "convert", tmp_path / "in", "-o", out, "-q")
    assert status == 0 and "1 skipped (done before)" in stdout
    write(src, HEADER, LINE, LINE, LINE)
    status, stdout, _ = run(capsys, "convert", tmp_path / "in", "-o", out, "-q")
    assert status == 0
    assert "total: 1 input: 1 converted" in stdout and "3 rows, 0 line errors" in stdout
    assert len(dataset_rows(out, "vpcflow")) == 3  # the old version's rows are gone
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]


def test_convert_keeps_rows_before_a_truncated_gzip(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    data = gzip.compress(("\n".join([HEADER] + [LINE] * 400) + "\n").encode())
    src = tmp_path / "cut.log.gz"
    src.write_bytes(data[: len(data) * 2 // 3])
    status, stdout, err = run(capsys, "convert", src, "-o", tmp_path / "out", "--format",
                              "vpcflow", "-q")
    assert status == 0, err
    assert 0 < len(dataset_rows(tmp_path / "out", "vpcflow")) < 400
    assert "input ends abnormally" in sidecar_errors(stdout)[-1]["reason"]


def corrupt_gzip(path: Path) -> Path:
    rnd = random.Random(3)
    lines = [LINE.replace(" 443 ", f" {rnd.randrange(65536)} ") for _ in range(20000)]
    data = bytearray(gzip.compress(("\n".join([HEADER, *lines]) + "\n").encode()))
    middle = len(data) // 2
    data[middle:middle + 20] = b"\xff" * 20  # a damaged deflate block, well after the header
    path.write_bytes(bytes(data))
    return path


def test_convert_goes_on_after_a_corrupt_gzip(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    corrupt_gzip(tmp_path / "in" / "a_corrupt.log.gz")
    write(tmp_path / "in" / "b_good.log", HEADER, LINE)
    status, stdout, err = run(capsys, "convert", tmp_path / "in", "-o", tmp_path / "out", "-v",
                              "-q")
    assert "Traceback" not in err
    assert status in (0, 1)  # 1 while the core lets the decoder's error escape
    assert "b_good.log: vpcflow, 1 row, 0 errors" in stdout
    assert any(r["_source"].endswith("b_good.log") for r in dataset_rows(tmp_path / "out",
                                                                         "vpcflow"))
    assert not [p for p in (tmp_path / "out").rglob("*") if ".tmp-" in p.name]


def test_cat_reports_a_corrupt_gzip_as_a_line_error(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    src = corrupt_gzip(tmp_path / "corrupt.log.gz")
    status, _, err = run(capsys, "cat", src)
    assert status == 0
    assert "input ends abnormally" in err


def test_convert_header_only_file_writes_no_file(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / "empty.log", HEADER)
    status, stdout, _ = run(capsys, "convert", src, "-o", tmp_path / "out", "-v", "-q")
    assert status == 0
    assert "empty.log: vpcflow, 0 rows, 0 errors -> 0 files" in stdout
    assert not list((tmp_path / "out").rglob("*.parquet"))


def test_convert_dry_run_and_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    status, stdout, _ = run(capsys, "convert", DAY, "-o", out, "--dry-run", "-j", 1)
    assert status == 0
    rows = stdout.splitlines()[2:-1]
    assert len(rows) == len(SAMPLE_FILES)
    wanted = {str(p): h for p, h in EXPECTED.items() if p.parent == DAY}
    for row in rows:
        action, fmt, account, region, day, group, path = row.split()[:7]
        assert (action, account, region, day) == ("convert", "123456789012", "us-east-1",
                                                   "2026-11-21")
        assert fmt == wanted[path]["format"]
        assert group == "1"  # (small files of one folder: one group)
    assert stdout.splitlines()[-1].startswith(f"dry run: {len(SAMPLE_FILES)} inputs")
    assert not list(tmp_path.rglob("*.parquet"))
    status, _, _ = run(capsys, "convert", DAY, "-o", out, "-q", "--report", tmp_path / "r.json")
    report = json.loads((tmp_path / "r.json").read_text())
    assert status == 0 and report["converted"] == len(SAMPLE_FILES)
    assert report["rows"] == sum(h["stats"]["records"] for h in wanted.values())
    status, stdout, _ = run(capsys, "convert", DAY, "-o", out, "--dry-run")
    assert all(row.startswith("done ") for row in stdout.splitlines()[2:-1])



def test_convert_checks_the_report_file_first(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A --report FILE that cannot be written (its folder missing, or a folder itself) failed
    after the whole conversion, without its totals: a rerun then found every input done and
    converted nothing. It is now refused before anything is read or written."""
    src = write(tmp_path / "in" / "f.log", HEADER, LINE)
    out = tmp_path / "out"
    for report in (tmp_path / "no-such-folder" / "r.json", tmp_path / "in"):
        status, stdout, err = run(capsys, "convert", src, "-o", out, "-q", "--report", report)
        assert status == 1 and stdout == ""
        assert str(report) in one_line_error(err) and "report" in err
        assert not out.exists()
    status, stdout, _ = run(capsys, "convert", src, "-o", out, "-q", "--report",
                            tmp_path / "r.json")
    assert status == 0 and "1 converted" in stdout
    assert json.loads((tmp_path / "r.json").read_text())["converted"] == 1


def test_convert_that_finds_no_input_writes_nothing(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A conversion that found no input (an empty folder, --since after every key date) said
    'no input files found' after writing the destination's dataset file and a run report: the
    partitioning of that empty run was the dataset's, and the right run was then refused. Now
    nothing is written, and the message names what was searched."""
    write(tmp_path / "in" / "AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21/f.log",
          HEADER, LINE)
    (tmp_path / "empty").mkdir()
    out = tmp_path / "out"
    for argv in ([tmp_path / "empty"], [tmp_path / "in", "--since", "2030-01-01"]):
        status, stdout, err = run(capsys, "convert", *argv, "-o", out, "--partition-by", "none")
        assert status == 1 and stdout == ""
        assert f"no input files found in {argv[0]}" in one_line_error(err)
        assert not out.exists()
    for command in (["count", "x"], ["detect"]):
        status, _, err = run(capsys, *command, tmp_path / "empty")
        assert status == 1
        assert f"no input files found in {tmp_path / 'empty'}" in one_line_error(err)
    status, stdout, err = run(capsys, "convert", tmp_path / "in", "-o", out, "-q")
    assert status == 0 and "1 converted" in stdout, err

def test_convert_since_until_and_partition_by(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    for day in ("20", "21", "22"):
        write(tmp_path / "in" / f"AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/{day}/f.log",
              HEADER, LINE)
    out = tmp_path / "out"
    status, stdout, _ = run(capsys, "convert", tmp_path / "in", "-o", out, "--since",
                            "2026-11-21", "--until", "2026-11-21", "--partition-by",
                            "format,action", "-q")
    assert status == 0 and "total: 1 input: 1 converted" in stdout
    assert [p.relative_to(out).parts[:-1] for p in out.rglob("*.parquet")] == [
        ("format=vpcflow", "action=ACCEPT")]
    status, _, err = run(capsys, "convert", tmp_path / "in", "-o", out, "-q")
    assert status == 1 and "partitioned by format,action" in one_line_error(err)


@pytest.mark.parametrize(("argv", "message"), [
    (["convert", "{tmp}/nope", "-o", "{tmp}/out"], "no such file or directory: {tmp}/nope"),
    (["convert", "{sample}", "-o", "{tmp}/out", "--format", "qzvx-no-such-format"],
     "unknown format 'qzvx-no-such-format'"),
    (["convert", "{sample}", "-o", "{sample}"], "output is not a directory"),
    (["cat", "{tmp}/nope"], "no such file: {tmp}/nope"),
    (["cat", "{tmp}"], "is a directory"),
    (["cat", "{sample}", "--format", "wombat-log-7f3a"],
     "unknown format 'wombat-log-7f3a'; known formats"),
    (["cat", "{junk}"], "cannot tell the format"),
    (["schema", "nope"], "unknown format 'nope'"),
])
def test_user_mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
                       message: str) -> None:
    junk = write(tmp_path / "junk.bin", "\x00\x01 not a log")
    subs = {"tmp": str(tmp_path), "sample": str(BROKEN), "junk": str(junk)}
    status, stdout, err = run(capsys, *[a.format(**subs) for a in argv])
    assert status == 1
    assert stdout == ""
    assert message.format(**subs) in one_line_error(err)
    assert not list(tmp_path.rglob("*.parquet"))


def test_convert_without_pyarrow(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    status, _, err = run(capsys, "convert", BROKEN, "-o", tmp_path / "out")
    assert status == 1
    assert "pip install 'awslogparse[arrow]'" in one_line_error(err)


def test_s3_without_boto3_names_the_extra(tmp_path: Path) -> None:
    """Without the s3 extra, every command given an s3:// input or destination says what to
    install, in one line (convert to an S3 destination raised a traceback)."""
    src = write(tmp_path / "flows.log", HEADER, LINE)
    for argv in (["convert", str(src), "-o", "s3://bucket/lake/", "-q"],
                 ["convert", "s3://bucket/logs/", "-o", str(tmp_path / "out"), "-q"],
                 ["cat", "s3://bucket/key.log"], ["detect", "s3://bucket/key.log"],
                 ["count", "x", "s3://bucket/key.log"]):
        out = run_without(f"from awslogparse import cli; raise SystemExit(cli.main({argv!r}))",
                          "boto3", "botocore")
        assert out.returncode == 1, (argv, out.stderr)
        assert "pip install 'awslogparse[s3]'" in one_line_error(out.stderr), argv



def test_convert_a_file_whose_name_is_not_utf8(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A file name that is not UTF-8 (bytes a Linux file system allows) failed its conversion:
    "'utf-8' codec can't encode characters ...: surrogates not allowed" (the Arrow ``_source``
    column). Its rows now carry the name as errors do, the bytes that are not UTF-8 escaped, the
    same in records and batches."""
    name = os.fsdecode(b"flows-\xff\xfe.log")
    src = write(tmp_path / "in" / name, HEADER, LINE, BAD)
    status, stdout, err = run(capsys, "convert", src, "-o", tmp_path / "out", "-q", "-j", 1)
    assert status == 0, stdout + err
    (row,) = dataset_rows(tmp_path / "out", "vpcflow")
    (error,) = sidecar_errors(stdout)
    assert row["_source"] == error["source"] == str(src).replace(name, "flows-\\udcff\\udcfe.log")
    (record,) = awslogparse.iter_records(src, with_source=True, errors="skip")
    assert record["_source"] == row["_source"]


def test_names_that_are_not_utf8_are_printed(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Printing a file name that is not UTF-8 to a stdout that refuses it (a UTF-8 locale's
    default) raised UnicodeEncodeError with a traceback (detect, convert -v and --dry-run); the
    name is printed as errors print it, its undecodable bytes escaped."""
    name = os.fsdecode(b"flows-\xff.log")
    src = write(tmp_path / "in" / name, HEADER, LINE)
    shown = str(src).replace(name, "flows-\\udcff.log")
    for argv in (["detect", src], ["convert", src, "-o", tmp_path / "out", "--dry-run"],
                 ["convert", src, "-o", tmp_path / "out", "-v", "-q", "-j", 1]):
        status, out, err = run(capsys, *argv)
        assert status == 0 and "Traceback" not in err, err
        assert shown in out, out

def test_convert_two_inputs_with_one_name(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path / "a" / "f.log", HEADER, LINE)
    b = write(tmp_path / "b" / "f.log", HEADER, LINE, LINE)
    status, stdout, _ = run(capsys, "convert", a, b, "-o", tmp_path / "out", "-q")
    assert status == 0 and "2 converted" in stdout
    assert len(list((tmp_path / "out").rglob("*.parquet"))) == 2  # names carry the identity
    assert Counter(r["_source"] for r in dataset_rows(tmp_path / "out", "vpcflow")) == {
        str(a): 1, str(b): 2}


# ---- cat


def test_cat_ndjson(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "cat", BROKEN)
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    expected = list(awslogparse.iter_records(BROKEN, errors="skip"))
    assert len(records) == len(expected) == 18
    assert records[0]["start"] == expected[0]["start"].isoformat().replace("+00:00", "Z")
    assert records[0]["start"].endswith("Z")
    assert all(set(r) == set(expected[0]) for r in records)
    assert err.splitlines() == [f"{BROKEN}:8: expected 14 fields, got 5",
                                f"{BROKEN}:15: dstport: not an integer: 'https'"]



def test_cat_of_a_glob_says_it_reads_one_file(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A quoted glob ('logs/*.log') said 'no such file' although it matched files: cat reads one
    file, and the message says so and what takes globs."""
    for name in ("a.log", "b.log"):
        write(tmp_path / name, HEADER, LINE)
    status, out, err = run(capsys, "cat", tmp_path / "*.log")
    assert status == 1 and out == ""
    line = one_line_error(err)
    assert "no such file" not in line and "glob" in line and "2 files" in line, line

def test_cat_limit(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "cat", TGW, "--limit", "3")
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3
    assert all(len(r) == 36 and r["resource_type"] == "TransitGatewayAttachment"
               for r in records)
    assert run(capsys, "cat", TGW, "--limit", "0")[1] == ""


def test_cat_error_modes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "cat", BROKEN, "--errors", "skip")
    assert status == 0 and len(out.splitlines()) == 18
    assert err == "awslogparse: skipped 2 bad lines\n"
    status, out, err = run(capsys, "cat", BROKEN, "--errors", "raise")
    assert status == 1
    assert len(out.splitlines()) == 6  # the records before line 8
    assert one_line_error(err) == (
        f"awslogparse: error: {BROKEN}:8: expected 14 fields, got 5")


def test_cat_stdin_with_fields(capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"eni-0a1 203.0.113.5 443\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, err = run(capsys, "cat", "-", "--format", "vpcflow",
                           "--fields", "interface-id srcaddr dstport")
    assert status == 0, err
    assert json.loads(out) == {"interface_id": "eni-0a1", "srcaddr": "203.0.113.5",
                               "dstport": 443}



def test_a_file_of_another_format_than_format_says(capsys: pytest.CaptureFixture[str]) -> None:
    """Read with a --format it is not in, a file gave one error per line and nothing else: no
    word that the format, not the file, was wrong. cat and count now end with a hint naming
    the file, the format given and the command that tells the file's format."""
    def reads_none(fmt: str) -> bool:
        """Every line of BROKEN is a bad line when read as ``fmt``."""
        reader = awslogparse.iter_records(BROKEN, fmt, errors="skip")
        try:
            return not any(True for _ in reader) and reader.stats.errors > 0
        except awslogparse.SourceError:
            return False

    fmt = next(f for f in awslogparse.formats() if f != EXPECTED[BROKEN]["format"]
               and reads_none(f))
    for argv in (["cat", BROKEN], ["count", "%.%", BROKEN]):
        status, out, err = run(capsys, *argv, "--format", fmt)
        assert status == 0 and "Traceback" not in err  # (bad lines: reported, not fatal)
        assert argv[0] != "cat" or out == ""
        hint = err.strip().splitlines()[-1]
        assert hint.startswith(f"awslogparse: {BROKEN}: no line read as {fmt}"), hint
        assert f"--format {fmt}" in hint and f"awslogparse detect {BROKEN}" in hint
    status, _, err = run(capsys, "cat", BROKEN)  # (the right format: no hint)
    assert status == 0 and "no line read as" not in err

def test_cat_into_a_closed_pipe(capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    class ClosedPipe(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    status = cli.main(["cat", str(BROKEN)])
    assert status == 141
    assert "Traceback" not in capsys.readouterr().err




@pytest.mark.parametrize("argv", [["cat", str(BROKEN)], ["formats"]])
def test_a_full_stdout_is_named(argv: list[str], capsys: pytest.CaptureFixture[str],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Output that cannot be written (awslogparse cat FILE > /dev/full) said 'awslogparse:
    error: No space left on device', naming nothing: the input? the output? It names stdout."""
    import errno

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def flush(self) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(sys, "stdout", Full())
    status = cli.main(argv)
    assert status == 1
    assert one_line_error(capsys.readouterr().err) == (
        "awslogparse: error: cannot write to stdout: No space left on device")

def test_a_closed_stdout_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    """With stdout closed (``awslogparse cat FILE >&-``), Python has no sys.stdout: cat raised
    AttributeError with a traceback, the other commands wrote nothing and exited 0."""
    import subprocess

    for argv in (["cat", str(BROKEN)], ["formats"], ["detect", str(BROKEN)]):
        done = subprocess.run(
            [sys.executable, "-m", "awslogparse", *argv], stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1),  # (as the shell's >&-)
            text=True, timeout=60, check=False, cwd=ROOT)
        assert done.returncode == 1, (argv, done.stderr)
        assert "stdout" in one_line_error(done.stderr)

# ---- detect, formats, schema


def test_detect(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "detect", DAY)
    assert status == 0
    lines = out.splitlines()
    assert len(lines) == len(SAMPLE_FILES)
    wanted = Counter((h["format"], h["evidence"]) for p, h in EXPECTED.items()
                     if p.parent == DAY)
    assert sum(wanted.values()) == len(SAMPLE_FILES)
    for (fmt, evidence), count in wanted.items():
        assert sum(f": {fmt} ({evidence}" in line for line in lines) == count, fmt
    junk = write(tmp_path / "junk.txt", "hello")
    status, out, _ = run(capsys, "detect", BROKEN, junk)
    assert status == 1
    assert out.splitlines()[1] == f"{junk}: unknown (no format recognised the content)"


def test_detect_reads_only_the_head(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    big = write(tmp_path / "big.log", HEADER, *[LINE] * 5000)
    assert big.stat().st_size > 4 * 64 * 1024
    seen: list[int] = []
    real = registry.detect

    def spy(name: str | None = None, head: bytes | str | None = None) -> Any:
        seen.append(len(head or b""))
        return real(name, head)

    monkeypatch.setattr(registry, "detect", spy)
    status, out, _ = run(capsys, "detect", big)
    assert status == 0 and out.startswith(f"{big}: vpcflow (content: header line")
    assert seen == [64 * 1024]


def test_formats(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "formats")
    assert status == 0
    # one row per registered format (columns are padded to the longest name, so split cells)
    rows = {cells[0]: cells[1:] for line in out.splitlines()[2:]
            if (cells := re.split(r"\s{2,}", line.strip()))}
    assert set(rows) == set(awslogparse.formats())
    for fmt, cells in rows.items():
        assert cells[0] == registry.get(fmt).title, fmt
    assert rows["vpcflow"][0] == "Amazon VPC Flow Logs"
    assert rows["tgwflow"][0] == "AWS Transit Gateway Flow Logs"


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema", "vpcflow")
    assert status == 0
    assert out.startswith("vpcflow: Amazon VPC Flow Logs (")
    start = next(line for line in out.splitlines() if line.startswith("start "))
    assert "timestamp[s, tz=UTC]" in start and " 2 " in start
    assert any(line.startswith("reject_reason ") and "reject-reason" in line
               for line in out.splitlines())

    status, out, _ = run(capsys, "schema", "tgw", "--json")
    assert status == 0
    doc = json.loads(out)
    assert doc["format"] == "tgwflow" and len(doc["fields"]) == 36
    protocol = next(f for f in doc["fields"] if f["name"] == "protocol")
    assert protocol == {**protocol, "wire_name": "protocol", "type": "int", "bits": 64,
                        "arrow_type": "int64", "version": 2}


# ---- argument mistakes, help


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ([], ["convert", "x"], ["nope"], ["cat", "x", "--limit", "-1"],
                 ["cat", "x", "--errors", "ignore"], ["convert", "x", "-o", "y", "--jobs", "0"],
                 ["convert", "x", "-o", "y", "--since", "2026-13-01"],
                 ["convert", "x", "-o", "y", "--since", "2026-11-22", "--until", "2026-11-21"],
                 ["convert", "x", "-o", "y", "--partition-by", "format,acount_id"],
                 ["convert", "x", "-o", "y", "--partition-by", "../up"],
                 # (a dry run converts nothing: it wrote no report, and said nothing of it)
                 ["convert", "x", "-o", "y", "--dry-run", "--report", "r.json"],
                 # (a misspelt time field timed no record, and said only 'without a time')
                 ["count", "ERROR", "x", "--time-field", "evnetTime"]):
        status, _, err = run(capsys, *argv)
        assert status == 2, argv
        assert "--help" in one_line_error(err)



def test_unknown_options_point_at_the_commands_help(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt option of a command pointed at the top-level help ('see awslogparse --help'),
    which does not list the command's options; it names the command's help."""
    for argv, command in ((["cat", "x", "--limt", "3"], "cat"), (["formats", "extra"], "formats"),
                          (["count", "p", "x", "--bye", "hour"], "count")):
        status, _, err = run(capsys, *argv)
        assert status == 2, argv
        line = one_line_error(err)
        assert "unrecognized arguments" in line
        assert line.endswith(f"(see 'awslogparse {command} --help')"), line

def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "--help")
    assert status == 0 and "convert" in out and "schema" in out
    # every exit status the command gives is listed (130 and 141 were not)
    epilog = " ".join(out.split()).partition("Exit status:")[2]
    for code in (0, 1, 2, 130, 141):
        assert re.search(rf"\b{code} ", epilog), (code, epilog)
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.strip() == f"awslogparse {awslogparse.__version__}"



def test_count_help_names_every_period(capsys: pytest.CaptureFixture[str]) -> None:
    """The command list said count counts 'per minute or hour'; --by takes day too."""
    from awslogparse.filterpattern import _PERIODS

    _, out, _ = run(capsys, "--help")
    summary = " ".join(out.split()).partition(" count ")[2].partition(" detect ")[0]
    _, out, _ = run(capsys, "count", "--help")
    assert all(period in summary and period in out for period in _PERIODS), summary


def test_count_and_detect_describe_their_inputs_alike(capsys: pytest.CaptureFixture[str]) -> None:
    """Both take the same inputs (files, folders, globs, s3://, -); detect's help named only
    files, folders and stdin."""
    helps = []
    for command in ("count", "detect"):
        _, out, _ = run(capsys, command, "--help")
        text = " ".join(out.split())
        positional = text.partition("positional arguments:")[2]
        helps.append(positional.partition(" INPUT ")[2].partition(" options:")[0])
    assert helps[0] == helps[1] and "glob" in helps[0] and "s3://" in helps[0], helps


def test_format_option_says_what_it_takes(capsys: pytest.CaptureFixture[str]) -> None:
    """--format's help named no value it takes nor where to find them."""
    for command in ("convert", "cat", "count"):
        _, out, _ = run(capsys, command, "--help")
        text = " ".join(out.split())
        assert "--format FORMAT a format name or alias (see 'awslogparse formats';" in text, \
            command
        # --fields was 'layout of header-less flow logs': CloudFront real-time logs take it too
        assert "CloudFront real-time" in text.partition("--fields FIELDS")[2], command

# ---- the demo uses awslogparse.convert


def test_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = demo.main([str(SAMPLES), str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert status == 0
    files, rows, bad = _totals(EXPECTED)
    for heading in (f"Files ({files:,})", f"Bad lines ({bad:,})", "Rows per format",
                    "VPC flow records by action", "Rejected traffic by destination port",
                    "Top 5 talkers", "Transit gateway attachments",
                    "Earliest 5 VPC flow records"):
        assert heading in out
    # every file beside the samples (the generator, the README) is named as not a log
    others = {p.name for p in SAMPLES.rglob("*") if p.is_file() and p not in EXPECTED
              and not any(part.startswith(".") for part in p.relative_to(SAMPLES).parts)}
    assert {"README.md", "make_samples.py"} <= others
    listed = re.search(r"not logs: (.*?)\)\.", out)
    assert listed is not None, out
    assert set(listed.group(1).split(", ")) == others
    assert (f"Total: {files:,} files converted, 0 unreadable; {rows:,} rows, "
            f"{bad:,} bad lines") in out
    written = re.search(r"Wrote ([\d,]+) Parquet files .*: ([\d,]+) datasets, one per format", out)
    assert written is not None, out
    formats = {h["format"] for h in EXPECTED.values() if h["stats"]["records"]}
    assert int(written.group(2)) == len(formats)
    assert len(list((tmp_path / "out").rglob("*.parquet"))) == int(written.group(1)) >= files
    assert "Traceback" not in capsys.readouterr().err
    # run again: the demo converts afresh (force), the same files replace the old ones
    assert demo.main([str(SAMPLES), str(tmp_path / "out")]) == 0
    assert len(list((tmp_path / "out").rglob("*.parquet"))) == int(written.group(1))


def test_cat_an_s3_prefix_reports_each_bad_line_once(s3: Any, s3_bucket: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Reading several objects, cat reports each bad line once, as it meets it (a prefix's
    errors are gathered from its objects' readers)."""
    for name in ("a", "b"):
        s3.put_object(Bucket=s3_bucket, Key=f"flows/{name}.log",
                      Body="\n".join([HEADER, LINE, BAD, LINE, LINE]).encode())
    status, out, err = run(capsys, "cat", f"s3://{s3_bucket}/flows/")
    assert status == 0 and len(out.splitlines()) == 6
    assert err.splitlines() == [f"s3://{s3_bucket}/flows/{name}.log:3: dstport: not an integer: "
                                "'https'" for name in ("a", "b")]


# ---- filter patterns: cat --filter, count

SSH_REJECT = ('[version, account, eni, source, destination, srcport, destport="22", protocol="6", '
              'packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]')


def flow_file(tmp_path: Path) -> Path:
    ssh = LINE.replace(" 443 ", " 22 ").replace("ACCEPT", "REJECT")
    later = ssh.replace("1795219200 1795219260", "1795219320 1795219380")
    return write(tmp_path / "flows.log", HEADER, LINE, ssh, BAD, later, LINE)


def test_cat_filter_space_delimited_and_json(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    src = flow_file(tmp_path)
    status, out, err = run(capsys, "cat", src, "--filter", SSH_REJECT)
    assert status == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [(r["dstport"], r["action"]) for r in rows] == [(22, "REJECT"), (22, "REJECT")]
    assert "4: dstport: not an integer" in err  # bad lines are still reported
    status, out, _ = run(capsys, "cat", src, "--filter", '{ $.dstport = 443 }', "--limit", "1")
    assert status == 0 and [json.loads(x)["dstport"] for x in out.splitlines()] == [443]


def test_cat_filter_follows_each_files_layout(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """A space-delimited pattern sees the raw line: in a custom layout, fields sit elsewhere."""
    src = write(tmp_path / "custom.log", "version action dstport", "5 REJECT 22", "5 ACCEPT 22")
    status, out, _ = run(capsys, "cat", src, "--filter", '[v, action="REJECT", port=22]')
    assert status == 0 and len(out.splitlines()) == 1


ALB_LINE = ('http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 '
            '192.168.131.39:2817 10.0.0.1:80 0.000 0.001 0.000 200 200 34 366 '
            '"GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - '
            'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/'
            '73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 '
            '2018-07-02T22:22:48.364000Z "forward" "-" "-" 10.0.0.1:80 200 "-" "-"')


def test_cat_filter_sees_an_access_log_line_as_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An ALB record's keys are not its columns (``client_ip``, ``client_port`` come from
    ``client:port``): the line a term or space-delimited pattern tests is the line as AWS wrote
    it, in the format's columns."""
    src = write(tmp_path / "alb.log", ALB_LINE)
    for pattern, matches in (("GET", 1), ("POST", 0), ('"192.168.131.39:2817"', 1),
                             ('[type, time, elb, client="192.168.131.39:2817", ...]', 1),
                             ('[type, time, elb, client="10.0.0.1:80", ...]', 0)):
        status, out, err = run(capsys, "cat", src, "--format", "alb", "--filter", pattern)
        assert (status, err) == (0, ""), pattern
        assert len(out.splitlines()) == matches, pattern


@pytest.mark.parametrize("sample", sorted(EXPECTED), ids=lambda p: p.name[:60])
def test_cat_filter_reads_every_sample(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A pattern every non-empty line matches keeps every record of every sample file, whatever
    its format (records from CloudWatch Logs deliveries are tested as their inner format's
    lines), with no error beyond the file's bad lines."""
    status, out, err = run(capsys, "cat", sample, "--filter", "%.%")
    assert status == 0 and "Traceback" not in err and "error:" not in err
    assert len(out.splitlines()) == EXPECTED[sample]["stats"]["records"]
    status, out, err = run(capsys, "count", "%.%", sample)
    assert status == 0 and "Traceback" not in err and "error:" not in err
    assert f"{EXPECTED[sample]['stats']['records']:,} of " in out


def test_cat_filter_on_export_lines_no_format_recognises(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Lines of a CloudWatch Logs export that no format recognises stay generic records: a
    terms pattern tests each event's message, as CloudWatch Logs would, and a JSON pattern
    reads the record."""
    src = write(tmp_path / "000000", "2026-11-21T00:00:01.000Z hello world",
                "2026-11-21T00:00:02.000Z another line")
    status, out, err = run(capsys, "cat", src, "--format", "cloudwatch_export", "--filter", "hello")
    assert (status, err) == (0, "")
    assert [json.loads(x)["message"] for x in out.splitlines()] == ["hello world"]
    status, out, err = run(capsys, "cat", src, "--format", "cloudwatch_export", "--filter",
                           '{ $.message = "hello world" }')
    assert status == 0 and len(out.splitlines()) == 1


def test_cat_filter_on_a_cloudwatch_export(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """An export's records are log events: a term tests each event's message."""
    src = write(tmp_path / "000000.txt", "2015-01-01T00:00:00.000Z INFO all is well",
                "2015-01-01T00:00:01.000Z ERROR disk full")
    for argv in (["--filter", "ERROR"], ["--format", "cloudwatch_export", "--filter", "ERROR"]):
        status, out, err = run(capsys, "cat", src, *argv)
        assert status == 0 and "Traceback" not in err
        assert [json.loads(x)["message"] for x in out.splitlines()] == ["ERROR disk full"]


def test_count_per_minute(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = flow_file(tmp_path)
    status, out, _ = run(capsys, "count", SSH_REJECT, src)
    assert status == 0
    assert "2026-11-21T00:00:00Z        1" in out
    assert "2026-11-21T00:02:00Z        1" in out
    assert "2 of 4 records matched, per minute of start; 1 bad line skipped" in out
    status, out, _ = run(capsys, "count", SSH_REJECT, src, "--by", "hour")
    assert "2026-11-21T00:00:00Z        2" in out



def test_count_reads_stdin(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           monkeypatch: pytest.MonkeyPatch) -> None:
    """``-`` is stdin for count as for cat and detect (count said 'no such file or directory:
    -'), gzip or not."""
    src = flow_file(tmp_path)
    _, expected, _ = run(capsys, "count", SSH_REJECT, src)
    for data in (src.read_bytes(), gzip.compress(src.read_bytes())):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        status, out, err = run(capsys, "count", SSH_REJECT, "-")
        assert (status, err) == (0, "")
        assert out == expected


def test_count_and_detect_read_a_pipe_given_as_a_path(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A pipe named by a path (the shell's <(zcat x.gz): /dev/fd/N): cat read it, but count
    skipped it as 'no such file: /proc/.../fd/pipe:[...]' and detect said 'cannot read: No such
    file or directory' (the path was resolved to the pipe's name, which is no file)."""
    src = flow_file(tmp_path)
    data = src.read_bytes()
    assert len(data) < 4096  # (a pipe's buffer holds it: no writer to wait for)
    _, expected, _ = run(capsys, "count", SSH_REJECT, src)
    _, detected, _ = run(capsys, "detect", src)
    for argv in (["count", SSH_REJECT], ["detect"]):
        read, write_end = os.pipe()
        os.write(write_end, data)
        os.close(write_end)
        path = f"/dev/fd/{read}"
        try:
            status, out, err = run(capsys, *argv, path)
        finally:
            os.close(read)
        assert (status, err) == (0, ""), (argv, err)
        assert out == (expected if argv[0] == "count" else detected.replace(str(src), path))

def test_count_times_each_record_by_its_own_format(capsys: pytest.CaptureFixture[str]) -> None:
    """Over a tree of several formats, each record is counted in the period of its own format's
    time field (the spec's, as convert partitions by it; a CloudWatch Logs event's time where
    its format has none), not the first record's field name: no sample record is left without
    a time."""
    _, out, err = run(capsys, "count", "%.%", SAMPLES, "--by", "day")
    assert "Traceback" not in err  # (the scripts beside the samples are skipped: status 1)
    records = sum(h["stats"]["records"] for h in EXPECTED.values())
    assert f"{records:,} of {records:,} records matched, per day of " in out
    assert "without a time" not in out


def test_count_skips_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    flow_file(tmp_path)
    (tmp_path / "notes.txt").write_text("hello\n")
    status, out, err = run(capsys, "count", '{ $.action = "REJECT" }', tmp_path)
    assert status == 1
    assert "2 of 4 records matched" in out and "skipped" in err and "notes.txt" in err


def deny(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Opening ``path`` fails as a file without read permission does (the tests run as root,
    for whom chmod 000 changes nothing)."""
    from awslogparse import sources

    def guarded(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file).resolve() == path.resolve():
            raise PermissionError(13, "Permission denied", str(file))
        return open(file, *args, **kwargs)

    monkeypatch.setattr(sources, "open", guarded, raising=False)


def test_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A file without read permission is a source that cannot be read (SourceError, as a missing
    file): cat says so in one line, and count skips it and counts the other files."""
    good = flow_file(tmp_path)
    locked = write(tmp_path / "locked.log", HEADER, LINE)
    deny(monkeypatch, locked)
    with pytest.raises(awslogparse.SourceError, match=r"locked\.log: Permission denied"):
        list(awslogparse.iter_records(locked, "vpcflow"))
    status, out, err = run(capsys, "cat", locked)
    assert status == 1 and out == ""
    assert "locked.log: Permission denied" in one_line_error(err)
    status, out, err = run(capsys, "count", '{ $.action = "REJECT" }', tmp_path)
    assert status == 1 and "Traceback" not in err
    assert "skipped" in err and "locked.log" in err
    assert f"2 of {len(list(awslogparse.iter_records(good, errors='skip')))} records" in out



def test_a_file_that_fails_to_read(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that opens but whose reads fail (an I/O error: a bad disk, /proc/self/mem): cat
    said 'awslogparse: error: Input/output error' without naming the file, and count stopped
    there, without counting the other files. cat names the file; count skips it and counts the
    rest, as it does a file it cannot open."""
    from awslogparse import sources

    good = flow_file(tmp_path)
    failing = write(tmp_path / "failing.log", HEADER, LINE)

    class Failing(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            raise OSError(5, "Input/output error")

    def opened(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file).resolve() == failing.resolve():
            return io.BufferedReader(Failing())
        return open(file, *args, **kwargs)

    monkeypatch.setattr(sources, "open", opened, raising=False)
    status, out, err = run(capsys, "cat", failing)
    assert status == 1 and out == ""
    assert f"{failing}: Input/output error" in one_line_error(err)
    status, out, err = run(capsys, "count", '{ $.action = "REJECT" }', tmp_path)
    assert status == 1 and "Traceback" not in err
    assert "skipped" in err and "failing.log" in err
    assert f"2 of {len(list(awslogparse.iter_records(good, errors='skip')))} records" in out

def test_bad_filter_pattern_is_a_clear_error(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    src = flow_file(tmp_path)
    for argv in (["cat", src, "--filter", "{ $.action = REJECT"],
                 ["count", "{ $.action = REJECT", src]):
        status, out, err = run(capsys, *argv)
        assert status == 1 and out == ""
        assert err.startswith("awslogparse: error: filter pattern: ") and "column 20" in err
        assert "Traceback" not in err


@pytest.mark.parametrize("during", ["awslogparse.cli", "argparse"])
def test_ctrl_c_while_the_command_loads_exits_130_without_a_traceback(during: str) -> None:
    """Ctrl-C in the first tens of milliseconds (the command's modules loading, its parser
    being built) printed a KeyboardInterrupt traceback; later it exits quietly with 130."""
    import subprocess

    interrupt = textwrap.dedent(f"""
        import importlib.abc, runpy, sys
        class Interrupt(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name == {during!r}:
                    raise KeyboardInterrupt
                return None
        sys.modules.pop({during!r}, None)
        sys.meta_path.insert(0, Interrupt())
        runpy.run_module("awslogparse", run_name="__main__", alter_sys=True)
    """)
    done = subprocess.run([sys.executable, "-c", interrupt, "formats"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr, done.stderr


# ---- a source read in part: not a success


def test_cat_and_count_exit_1_when_a_read_breaks_off(s3: Any, s3_bucket: str, s3_faults: Any,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """An object whose connection drops part-way was read in part: cat printed the records before
    the break and exited 0, count counted them and exited 0, as if the object were whole (a bad
    line in the totals). Both now say the read broke off, in one line, and exit 1, as convert
    fails such an input."""
    lines = 20000
    s3.put_object(Bucket=s3_bucket, Key="flows/a.log",
                  Body="\n".join([HEADER, *[LINE] * lines, ""]).encode())
    s3_faults([{"method": "GET", "path": r"/flows/a\.log$", "cut": 50000}])
    url = f"s3://{s3_bucket}/flows/a.log"
    for mode in ("collect", "skip"):
        status, out, err = run(capsys, "cat", url, "--errors", mode)
        assert status == 1 and "Traceback" not in err
        assert 0 < len(out.splitlines()) < lines  # the records before the break are printed
        assert err.strip().splitlines()[-1].startswith(
            f"awslogparse: error: {url}: reading failed part-way"), err
    status, out, err = run(capsys, "count", "%.%", url)
    assert status == 1 and "Traceback" not in err
    assert f"{url}: reading failed part-way" in err


def test_cat_a_prefix_with_an_object_it_cannot_read(s3: Any, s3_bucket: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Under an S3 prefix, an object no format recognises was one 'bad line' worded for Python
    ('pass format=...'), and cat exited 0; it is an input that could not be read: the error
    says what to pass on the command line, and cat exits 1, as count does for such a file."""
    s3.put_object(Bucket=s3_bucket, Key="flows/a.log", Body="\n".join([HEADER, LINE]).encode())
    s3.put_object(Bucket=s3_bucket, Key="flows/b.txt", Body=b"hello\n")
    prefix, junk = f"s3://{s3_bucket}/flows/", f"s3://{s3_bucket}/flows/b.txt"
    status, out, err = run(capsys, "cat", prefix)
    assert status == 1 and len(out.splitlines()) == 1
    assert f"{junk}: cannot tell the format" in err
    assert "pass --format" in err and "format=..." not in err
    assert err.strip().splitlines()[-1].startswith("awslogparse: error: ")
    status, out, err = run(capsys, "cat", prefix, "--errors", "skip")
    assert status == 1 and len(out.splitlines()) == 1
    assert junk in one_line_error(err) and "bad line" not in err
