"""VPC and Transit Gateway flow logs delivered as Parquet. Whatever the delivery, a flow must give
the same record: generated records written as a text file (header line, space-separated values)
and as a Parquet file (AWS's column names and types, string nulls as Parquet nulls or ``-``,
perhaps gzip-wrapped) must read equal, on the dict path and the Arrow paths (``iter_batches``,
``read_tables``), format given or detected from a key or from the columns alone. The formats come
from the registry."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse import registry
from awslogparse.specs import load_spec
from awslogparse.testing import (
    FlowLogParquetFile,
    flowlog_parquet_files,
    flowlog_parquet_formats,
    parquet_type,
)

FORMATS = flowlog_parquet_formats()
KEY = ("AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21/"
       "123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f67890_20261121T0005Z_0a1b2c3d"
       ".log.parquet")
HIVE_KEY = ("AWSLogs/aws-account-id=123456789012/aws-service=vpcflowlogs/aws-region=us-east-1/"
            "year=2026/month=11/day=21/hour=00/"
            "123456789012_vpcflowlogs_us-east-1_fl-0a1b2c3d4e5f67890_20261121T0005Z_0a1b2c3d"
            ".log.parquet")
TEXT_KEY = KEY.removesuffix(".parquet") + ".gz"

budget = settings(max_examples=max(10, settings().max_examples // 2),
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _base(fmt: str) -> str:
    return load_spec(registry.get(fmt).spec_name).base


def _records(data: bytes, fmt: str = "auto", name: str | None = None
             ) -> tuple[list[dict[str, Any]], Any]:
    it = awslogparse.iter_records(data, fmt, errors="collect", name=name)
    found = list(it)
    assert not it.errors, it.errors
    assert it.stats.records + it.stats.errors == it.stats.units
    return found, it.stats


def test_the_registry_has_flow_log_parquet_formats_on_both_flow_log_formats() -> None:
    assert {_base(f) for f in FORMATS} == {"vpcflow", "tgwflow"}
    for fmt in FORMATS:
        spec = registry.get(fmt).format().spec
        assert spec.framing == "parquet"
        # the records are exactly the text format's: same names, same types
        assert spec.schema.names == load_spec(_base(fmt)).schema.names


@budget
@given(st.sampled_from(FORMATS).flatmap(flowlog_parquet_files))
def test_a_parquet_delivery_reads_as_the_text_delivery_of_the_same_flows(
        file: FlowLogParquetFile) -> None:
    base = _base(file.format)
    expected, _ = _records(file.text, base)
    assert expected == list(file.records)
    for fmt, name in ((file.format, None), ("auto", KEY), ("auto", HIVE_KEY),
                      ("auto", "flows.parquet"), ("auto", None)):
        got, stats = _records(file.data, fmt, name)
        assert got == expected, (fmt, name)
        assert stats.format == file.format, stats.detected_by
    text_table = awslogparse.read_arrow(file.text, base, columns="all")
    for fmt, name in ((file.format, None), ("auto", KEY)):
        table = awslogparse.read_arrow(file.data, fmt, columns="all", name=name)
        assert table.schema.remove_metadata() == text_table.schema.remove_metadata()
        assert table.to_pylist() == text_table.to_pylist()
        batches = list(awslogparse.iter_batches(file.data, fmt, columns="all", name=name))
        assert sum(b.num_rows for b in batches) == len(expected)
        tables = awslogparse.read_tables(file.data, fmt, name=name)
        assert list(tables) == [file.format]
        assert tables[file.format].drop_columns(["_extra"]).to_pylist() == \
            text_table.drop_columns(["_extra"]).to_pylist()


def test_a_text_flow_log_keeps_its_format_under_its_key() -> None:
    text = (b"version account-id interface-id start end log-status\n"
            b"2 123456789012 eni-0a1b2c3d4e5f67890 1763683200 1763683260 NODATA\n")
    for key in (TEXT_KEY, KEY.removesuffix(".parquet")):
        _, stats = _records(text, name=key)
        assert stats.format == "vpcflow"
    assert registry.detect(TEXT_KEY).format == "vpcflow"
    assert registry.detect(KEY).format in FORMATS


def _parquet(columns: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    pq.write_table(pa.table(columns), out)
    return out.getvalue()


def test_nodata_rows_with_parquet_nulls_or_dashes_are_the_documented_record() -> None:
    """AWS's NODATA example, as Parquet: nulls and `-` strings are both null."""
    fields = load_spec("vpcflow").schema
    line = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"
    layout = load_spec("vpcflow").default_layout
    [expected] = awslogparse.iter_records(line.encode(), "vpcflow")
    for dash in (False, True):
        columns = {}
        for wire, token in zip(layout, line.split(), strict=True):
            f = fields.get(wire)
            assert f is not None
            kind = parquet_type(f)
            value: Any = None if token == "-" else token
            if value is not None and kind != pa.string():
                value = int(value)
            if value is None and dash and kind == pa.string():
                value = "-"
            columns[wire.replace("-", "_")] = pa.array([value], kind)
        [record], _ = _records(_parquet(columns), name=KEY)
        assert record == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_columns_of_the_other_flow_log_format_or_of_no_flow_log_are_one_error(fmt: str) -> None:
    vpc = {"version": pa.array([2], pa.int32()), "account_id": ["123456789012"],
           "interface_id": ["eni-0a1b2c3d4e5f67890"], "start": pa.array([1], pa.int64()),
           "log_status": ["NODATA"]}
    tgw = {**vpc, "tgw_id": ["tgw-0a1b2c3d4e5f67890"]}
    other = {"customer": ["a"], "amount": [1], "start": pa.array([1], pa.int64())}
    wrong = tgw if _base(fmt) == "vpcflow" else vpc
    for columns in (wrong, other):
        it = awslogparse.iter_records(_parquet(columns), fmt, errors="collect", name="x.parquet")
        assert list(it) == []
        assert it.stats.units == it.stats.errors == 1
        assert "Parquet" in it.errors[0].reason and it.errors[0].source == "x.parquet"


def _shared_columns() -> dict[str, Any]:
    """A flow log's columns of fields VPC and Transit Gateway flow logs both have (a custom
    format may select any of them: AWS's Transit Gateway "Custom format"), with values either
    could hold (AWS's Transit Gateway field table gives these fields versions 2 to 5)."""
    return {"version": pa.array([2], pa.int32()), "account_id": ["123456789012"],
            "srcaddr": ["10.0.1.5"], "dstaddr": ["10.2.0.9"],
            "srcport": pa.array([443], pa.int32()),
            "start": pa.array([1795219200], pa.int64()), "log_status": ["OK"]}


def test_a_transit_gateway_file_of_shared_fields_reads_when_its_format_is_given() -> None:
    """Transit Gateway flow logs whose selected fields are all fields VPC flow logs have too:
    given format="tgwflow_parquet" (the reader knows the flow log), the rows are its records,
    as its text delivery's are under format="tgwflow", not one error for the whole file."""
    columns = _shared_columns()
    data = _parquet(columns)
    header = " ".join(name.replace("_", "-") for name in columns)
    text = f"{header}\n2 123456789012 10.0.1.5 10.2.0.9 443 1795219200 OK\n".encode()
    tgw = [f for f in FORMATS if _base(f) == "tgwflow"]
    assert tgw
    for fmt in tgw:
        expected, _ = _records(text, _base(fmt))
        got, stats = _records(data, fmt, KEY)
        assert got == expected and stats.format == fmt


def test_shared_columns_read_as_vpc_flow_logs_and_detection_says_why() -> None:
    """Neither the columns nor the key (Transit Gateway flow logs use VPC flow logs' key scheme
    and file names) tell such a file from a VPC flow log's: it reads as the first flow log
    format in detection order, and the reason says so and names the other."""
    data = _parquet(_shared_columns())
    order = [f for f in FORMATS if registry.get(f).matches_key(KEY)]
    first, others = order[0], order[1:]
    assert others
    for name in (KEY, None):
        _, stats = _records(data, "auto", name)
        assert stats.format == first, stats.detected_by
        assert all(other in stats.detected_by for other in others), stats.detected_by
        assert "share" in stats.detected_by, stats.detected_by
    found = registry.detect(KEY, data[:64])
    assert found.format == first
    assert all(other in found.reason for other in others), found.reason
    tgw_file = _parquet({**_shared_columns(), "tgw_id": ["tgw-0a1b2c3d4e5f67890"]})
    _, stats = _records(tgw_file, "auto", KEY)
    assert _base(stats.format) == "tgwflow" and "tgw_id" in stats.detected_by, \
        stats.detected_by


def test_a_text_header_of_shared_fields_says_nothing_tells_vpc_from_tgw() -> None:
    """The text delivery of such a flow log: its header line names shared fields only; it reads
    as VPC flow logs, and the reasons say why (not that the fields are the other format's)."""
    text = b"version account-id srcaddr dstaddr start log-status\n2 123456789012 10.0.1.5 " \
           b"10.2.0.9 1795219200 OK\n"
    found = registry.detect(TEXT_KEY, text)
    assert found.format == "vpcflow" and "share" in found.reason, found.reason
    why = {name: reason for name, _, reason in found.candidates}
    assert "sibling" not in why["tgwflow"] and "share" in why["tgwflow"], why["tgwflow"]
    assert awslogparse.parse_line(text.decode().splitlines()[1], "tgwflow",
                                  fields=text.decode().splitlines()[0])["srcaddr"] == "10.0.1.5"


def test_a_row_that_does_not_convert_is_one_error_and_the_others_read() -> None:
    data = _parquet({"version": pa.array([2, 2], pa.int32()),
                     "account_id": ["123456789012", "123456789012"],
                     "srcport": ["443", "https"], "start": pa.array([1, 2], pa.int64())})
    it = awslogparse.iter_records(data, name=KEY, errors="collect")
    [record] = list(it)
    assert record["srcport"] == 443
    assert it.stats.units == 2 and it.stats.errors == 1
    assert "srcport" in it.errors[0].reason and it.errors[0].pointer == "#2"


@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FORMATS).flatmap(lambda f: flowlog_parquet_files(f, min_records=1)))
def test_convert_a_tree_of_text_and_parquet_flow_logs(tmp_path_factory: pytest.TempPathFactory,
                                                      file: FlowLogParquetFile) -> None:
    """A tree holding the same flows as text and as Parquet: one dataset, the text format's
    (the records are its records), with each file's records; the account partition from the
    records, the Region from the key where the records have none."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    root = tmp_path_factory.mktemp("tree")
    base = _base(file.format)
    parquet_key = HIVE_KEY.replace("aws-region=us-east-1", "aws-region=eu-west-1")
    text_key = TEXT_KEY.replace("/us-east-1/", "/eu-west-1/").removesuffix(".gz")
    for key, data in ((parquet_key, file.data), (text_key, file.text)):
        (root / "in" / key).parent.mkdir(parents=True, exist_ok=True)
        (root / "in" / key).write_bytes(data)
    dest = root / "out"
    report = awslogparse.convert(str(root / "in"), str(dest), jobs=1)
    assert report.ok and report.errors == 0
    assert sorted(r.format for r in report.inputs) == sorted((base, file.format))
    datasets = {p.name.removeprefix("format=") for p in dest.iterdir()
                if p.name.startswith("format=")}
    assert datasets == {base}
    files = sorted(str(p) for p in (dest / f"format={base}").rglob("*.parquet"))
    keys = [part.split("=", 1)[0] for part in Path(files[0]).relative_to(dest).parts[:-1]]
    hive = ds.partitioning(pa.schema([(k, pa.string()) for k in keys]), flavor="hive")
    table = ds.dataset(files, format="parquet", partitioning=hive,
                       partition_base_dir=str(dest)).to_table()
    sources = table.column("_source").cast(pa.string())
    text = table.filter(pc.match_substring(sources, text_key))
    parquet = table.filter(pc.match_substring(sources, parquet_key))
    assert text.num_rows == parquet.num_rows == len(file.records)
    for table in (text, parquet):
        regions = [r.get("region") or "eu-west-1" for r in file.records]
        accounts = [r.get("account_id") or "123456789012" for r in file.records]
        assert sorted(table.column("region").to_pylist()) == sorted(regions)
        assert sorted(table.column("account_id").to_pylist()) == sorted(accounts)
    common = [n for n in text.column_names if n not in ("_source", "_line", "format")]
    assert sorted(map(repr, text.select(common).to_pylist())) == \
        sorted(map(repr, parquet.select(common).to_pylist()))
    assert pc.all(pc.equal(table.column("format"), base)).as_py()
