"""awslogparse.testing has a file strategy for every registered format: its data reads back,
format given, to exactly the records the strategy promises, with no error. The formats come from
the registry, so a new format without a strategy fails here."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from blockedimports import run_without, run_without_pyarrow
from budget import RELAXED as _RELAXED
from budget import shared_by
from hypothesis import given, settings
from hypothesis import strategies as st
from test_json_properties import read_as_promised

import awslogparse
from awslogparse import registry
from awslogparse.specs import load_spec
from awslogparse.testing import (
    ENVELOPE,
    GATEWAY_ACCESS,
    GATEWAY_EXECUTION,
    JsonFile,
    LinesFile,
    access_files,
    cloudwatch_payloads,
    damage_formats,
    damaged_files,
    delimited_files,
    delimited_formats,
    delimited_json_files,
    delimited_output_formats,
    delimited_parquet_files,
    execution_files,
    export_files,
    export_formats,
    file_formats,
    flowlog_files,
    flowlog_parquet_files,
    flowlog_parquet_formats,
    json_files,
    json_formats,
    log_data,
    service_files,
    service_formats,
)

FORMATS = awslogparse.formats()
per_format = shared_by(FORMATS, 3, deadline=None)
"""Examples per format and test: the profile's budget shared across the formats."""


def _parquet(fmt: str) -> bool:
    return load_spec(registry.get(fmt).spec_name).framing == "parquet"


def test_every_registered_format_has_a_file_strategy() -> None:
    assert sorted(file_formats()) == sorted(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_log_data_of_every_format_reads_back_without_errors(fmt: str,
                                                            data: st.DataObject) -> None:
    log = data.draw(log_data(fmt))
    it = awslogparse.iter_records(log.data, fmt, fields=log.fields, errors="collect")
    records = list(it)
    assert it.errors == []
    assert it.stats.records == len(records)


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data(), damage=st.sampled_from(["crc", "length"]))
def test_a_damaged_gzip_trailer_loses_no_line(fmt: str, data: st.DataObject,
                                              damage: str) -> None:
    """A gzip member whose trailer (CRC-32 or length) is damaged holds all its data: every
    unit reads as from the intact file, and the damage is one error more, on the dict and
    the Arrow paths. (zlib raises at the trailer, and a failed ``decompress`` call returns
    nothing: the last slice of the input, a whole small file, was lost and counted as one
    error.)"""
    log = data.draw(log_data(fmt))
    plain = gzip.decompress(log.data) if log.data[:2] == b"\x1f\x8b" else log.data
    if not plain.startswith(b"PAR1"):  # (a last line without its newline is the line the
        plain += b"\n"  # damage cuts, as in a truncated stream: the error's raw text)
    intact = awslogparse.iter_records(plain, fmt, fields=log.fields, errors="collect")
    expected = list(intact)
    packed = bytearray(gzip.compress(plain, mtime=0))
    packed[-8 if damage == "crc" else -4] ^= 0x01
    it = awslogparse.iter_records(bytes(packed), fmt, fields=log.fields, errors="collect")
    assert list(it) == expected
    assert len(it.errors) == len(intact.errors) + 1
    assert "check" in it.errors[-1].reason, it.errors[-1]
    assert it.stats.records + it.stats.errors == it.stats.units
    batches = awslogparse.iter_batches(bytes(packed), fmt, fields=log.fields, errors="collect")
    assert sum(batch.num_rows for batch in batches) == len(expected)
    assert batches.stats.errors == it.stats.errors


def test_a_corrupt_member_error_names_the_member_and_the_members_after_it_are_read() -> None:
    """A corrupt member (here its CRC-32: all its lines decode) is one error naming it, and
    the members after it are read (they once were not looked for: the read ended at the
    damage, a Firehose object's later members lost but for that error's word)."""
    lines = b"".join(b"2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1600000000 "
                     b"1600000060 ACCEPT OK\n" for _ in range(3))
    member = gzip.compress(lines, mtime=0)
    damaged = bytearray(member)
    damaged[-8] ^= 0x01  # (its CRC-32)
    it = awslogparse.iter_records(member + bytes(damaged) + member, "vpcflow",
                                  errors="collect")
    assert len(list(it)) == 9
    assert len(it.errors) == 1
    assert "member 2" in it.errors[0].reason, it.errors[0]
    assert "reading resumes at the next gzip member" in it.errors[0].reason
    assert it.stats.records + it.stats.errors == it.stats.units


@pytest.mark.parametrize("fmt", [*delimited_output_formats(), *export_formats()])
@per_format
@given(data=st.data())
def test_new_outputs_read_to_their_records(fmt: str, data: st.DataObject) -> None:
    """CloudFront v2's JSON and Parquet outputs and CloudWatch Logs exports: the exact
    records, on the dict and the Arrow paths."""
    if fmt in export_formats():
        file = data.draw(export_files(fmt))
        data_, expected = file.data, list(file.records)
    elif _parquet(fmt):
        parquet = data.draw(delimited_parquet_files(fmt))
        data_, expected = parquet.data, list(parquet.records)
    else:
        lines = data.draw(delimited_json_files(fmt))
        data_, expected = lines.data, list(lines.records)
    it = awslogparse.iter_records(data_, fmt, errors="collect")
    assert list(it) == expected
    assert it.errors == []
    assert awslogparse.read_arrow(data_, fmt).num_rows == len(expected)


@pytest.mark.parametrize("fmt", [*(f for f in delimited_output_formats() if not _parquet(f)),
                                 *export_formats()])
@per_format
@given(data=st.data())
def test_damaged_line_outputs_report_exactly_the_errors_they_promise(
        fmt: str, data: st.DataObject) -> None:
    file = data.draw(export_files(fmt) if fmt in export_formats() else delimited_json_files(fmt))
    read_as_promised(data.draw(damaged_files(file)), fmt)


@settings(max_examples=max(5, settings().max_examples // 4), suppress_health_check=_RELAXED)
@given(data=st.data())
def test_execution_files_read_to_their_records_and_damage_is_exact(data: st.DataObject
                                                                  ) -> None:
    file = data.draw(execution_files())
    assert list(awslogparse.iter_records(file.data, GATEWAY_EXECUTION)) == list(file.records)
    damage = data.draw(damaged_files(file))
    it = awslogparse.iter_records(damage.data, GATEWAY_EXECUTION, errors="collect")
    records = list(it)
    if damage.bad_lines is not None:
        assert [e.line for e in it.errors] == list(damage.bad_lines)
        assert records == list(damage.records or ())


@pytest.mark.filterwarnings("ignore:Generating overly large repr")  # (Hypothesis prints the
@settings(max_examples=3, suppress_health_check=_RELAXED)              # file's bytes in it)
@given(data=st.data())
def test_damaged_files_refuses_a_parquet_file_by_name(data: st.DataObject) -> None:
    fmt = next(f for f in delimited_output_formats() if _parquet(f))
    file = data.draw(delimited_parquet_files(fmt, max_lines=2))
    with pytest.raises(TypeError, match="ParquetFile"):
        data.draw(damaged_files(file))  # type: ignore[arg-type]


def test_a_parquet_output_without_pyarrow_names_the_extra() -> None:
    """Without the arrow extra (the testing extra alone), drawing a Parquet output says what to
    install instead of a bare ModuleNotFoundError."""
    code = ("import warnings; warnings.simplefilter('ignore')\n"
            "from awslogparse.testing import delimited_output_formats, delimited_parquet_files\n"
            "from awslogparse.specs import load_spec\n"
            "from awslogparse import registry\n"
            "for fmt in delimited_output_formats():\n"
            "    if load_spec(registry.get(fmt).spec_name).framing != 'parquet':\n"
            "        continue\n"
            "    try:\n"
            "        delimited_parquet_files(fmt).example()\n"
            "    except ImportError as e:\n"
            "        print(type(e).__name__, e)\n")
    out = run_without_pyarrow(code)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines and all(line.startswith("ImportError") and "awslogparse[arrow]" in line
                         for line in lines), lines


def test_the_strategies_without_hypothesis_name_the_extra() -> None:
    """Installed without the testing extra, importing awslogparse.testing says what to
    install (a ModuleNotFoundError still, for code that catches one)."""
    out = run_without("import awslogparse.testing\n", "hypothesis")
    assert out.returncode == 1
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError") and "awslogparse[testing]" in last, last


def _family_file(fmt: str) -> st.SearchStrategy[Any]:
    """A file of ``fmt`` as its family's strategy draws it (the object, not its bytes)."""
    if load_spec(registry.get(fmt).spec_name).family == "flowlog" and not _parquet(fmt):
        return flowlog_files(fmt, max_records=2)
    if fmt in delimited_formats():
        return delimited_files(fmt, max_lines=2)
    if fmt in json_formats():
        return json_files(fmt, max_records=2)
    if fmt in flowlog_parquet_formats():
        return flowlog_parquet_files(fmt, max_records=2)
    if fmt in delimited_output_formats():
        return delimited_parquet_files(fmt, max_lines=2) if _parquet(fmt) else \
            delimited_json_files(fmt, max_lines=2)
    if fmt in export_formats():
        return export_files(fmt, max_lines=2)
    if fmt == ENVELOPE:
        return cloudwatch_payloads(max_envelopes=1)
    if fmt == GATEWAY_EXECUTION:
        return execution_files(max_lines=2)
    if fmt == GATEWAY_ACCESS:
        return access_files(max_lines=2)
    if fmt in service_formats():
        return service_files(fmt, max_lines=2)
    pytest.fail(f"no family strategy draws {fmt!r}")


@pytest.mark.filterwarnings("ignore:Generating overly large repr")
@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=2, suppress_health_check=_RELAXED, deadline=None)
@given(data=st.data())
def test_damaged_files_says_which_formats_have_damage(fmt: str, data: st.DataObject) -> None:
    """``damage_formats()`` are the formats whose files take damage (lines or JSON objects to
    spoil); a file of another (a Parquet output, a CloudWatch Logs payload) gets a ValueError
    (a TypeError too, as before) naming them, as docs/api.md says."""
    file = data.draw(_family_file(fmt), label="file")
    assert isinstance(file, LinesFile | JsonFile) == (fmt in damage_formats())
    if fmt in damage_formats():
        return
    with pytest.raises(ValueError, match="no damage") as raised:
        data.draw(damaged_files(file))
    assert isinstance(raised.value, TypeError)
    named = str(raised.value).rpartition(": ")[2].split(", ")
    assert named == list(damage_formats())
