"""Conformance: other projects' real flow log fixtures, and AWS's documented examples.

The fixtures live in tests/conformance/ (sources in tests/conformance/SOURCES.md). Expected values
from other projects are compared by value, not by key name; AWS's documented examples (carried in
formats/*.toml) must parse to exactly the documented values.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import awslogparse
from awslogparse import registry
from awslogparse.specs import load_spec, spec_names

HERE = Path(__file__).parent / "conformance"


def utc(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


# ---- AWS documentation examples (formats/*.toml [[examples]])
#
# Every spec file is read, not a list of formats: a format added tomorrow has its examples run on
# both paths with no change here, and a line format without examples fails below.

NO_AWS_EXAMPLES: dict[str, str] = {}
"""Line formats whose AWS documentation shows no example record, and where we looked. Each one
is a strict xfail below, so adding examples to the spec makes the exemption fail until removed."""


def _examples() -> list[Any]:
    out = []
    for name in spec_names():
        spec = load_spec(name)
        for number, example in enumerate(spec.examples, 1):
            title = example.get("title", f"example {number}")
            out.append(pytest.param(spec.name, example, id=f"{spec.name}: {title}"))
    return out


def _file_content(example: dict[str, Any]) -> bytes:
    """What a file holding the example looks like: its header lines (if any), then the line;
    for JSON formats, the example's JSON text."""
    if "json" in example:
        return str(example["json"]).encode()
    return "".join(f"{line}\n" for line in [*example.get("header", []), example["line"]]).encode()


def _dict_record(fmt: str, example: dict[str, Any]) -> dict[str, Any]:
    """The dict path: parse_line for a bare line, iter_records when header lines precede it
    (and for JSON, whose example may be a container of several records: the first one)."""
    fields = example.get("fields")
    if "json" in example:
        it = awslogparse.iter_records(_file_content(example), format=fmt, errors="collect")
        records = list(it)
        assert not it.errors, it.errors
        return records[0]
    if not example.get("header"):
        return awslogparse.parse_line(example["line"], fmt, fields=fields)
    it = awslogparse.iter_records(_file_content(example), format=fmt, fields=fields,
                                  errors="collect")
    records = list(it)
    assert not it.errors, it.errors
    assert len(records) == 1, records
    return records[0]


def _matches(got: Any, expected: Any, where: str, arrow: bool = False) -> None:
    """``expected`` holds in ``got``: tables compare only the keys they list, types must be the
    ones documented. On the Arrow path open JSON arrives as its text."""
    if arrow and isinstance(got, str) and isinstance(expected, (dict, list)):
        got = json.loads(got)
    if isinstance(expected, dict):
        assert isinstance(got, dict), where
        for key, value in expected.items():
            assert key in got, f"{where}.{key}"
            _matches(got[key], value, f"{where}.{key}", arrow)
        return
    if isinstance(expected, list) and expected and isinstance(expected[0], dict):
        assert isinstance(got, list) and len(got) == len(expected), where
        for i, (one, want) in enumerate(zip(got, expected, strict=True)):
            _matches(one, want, f"{where}[{i}]", arrow)
        return
    assert got == expected, where
    if not arrow:
        assert type(got) is type(expected), where


@pytest.mark.parametrize(("fmt", "example"), _examples())
def test_documented_example(fmt: str, example: dict[str, Any]) -> None:
    record = _dict_record(fmt, example)
    for key, value in example["expected"].items():
        _matches(record[key], value, key)
    for key in example.get("expected_null", []):
        assert record[key] is None, key
    # and the same through the Arrow path (the fast path and the reference one)
    for fast in (True, False):
        table = awslogparse.read_arrow(_file_content(example), format=fmt,
                                       fields=example.get("fields"), fast=fast)
        assert table.num_rows >= 1, fast
        row = table.to_pylist()[0]
        for key, value in example["expected"].items():
            _matches(row[key], value, key, arrow=True)
        for key in example.get("expected_null", []):
            assert row[key] is None, (key, fast)


def _line_formats() -> list[Any]:
    """Every registered format whose records are lines, with an exemption marked on it."""
    out = []
    for fmt in awslogparse.formats():
        spec = load_spec(registry.get(fmt).spec_name)
        if spec.framing != "lines":
            continue
        marks = ([pytest.mark.xfail(strict=True, reason=NO_AWS_EXAMPLES[fmt])]
                 if fmt in NO_AWS_EXAMPLES else [])
        out.append(pytest.param(fmt, marks=marks, id=fmt))
    return out


@pytest.mark.parametrize("fmt", _line_formats())
def test_every_line_format_has_documented_examples(fmt: str) -> None:
    """A line format cannot ship without AWS's example records in its spec."""
    spec = load_spec(registry.get(fmt).spec_name)
    assert spec.examples, f"{spec.path.name} has no [[examples]]"
    assert all(example["expected"] for example in spec.examples), "an example checks nothing"


def test_exemptions_name_registered_line_formats() -> None:
    """An exemption for a format that no longer exists (or was renamed) must not linger."""
    lines = {fmt for fmt in awslogparse.formats()
             if load_spec(registry.get(fmt).spec_name).framing == "lines"}
    assert set(NO_AWS_EXAMPLES) <= lines


def test_every_spec_with_examples_is_a_registered_format() -> None:
    """Examples of a spec the registry does not know would never run as a format."""
    known = set(awslogparse.formats())
    for name in spec_names():
        spec = load_spec(name)
        if spec.examples:
            assert spec.name in known, spec.path.name


def test_vpcflow_carries_the_documented_examples() -> None:
    """vpcflow.toml carries the records of AWS's flow log record examples page."""
    assert len(load_spec("vpcflow").examples) >= 10


# ---- Elastic integrations fixtures

V5_ALL = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
          "start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr "
          "pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service "
          "pkt-dst-aws-service flow-direction traffic-path")
ECS = ("ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id "
       "ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn "
       "ecs-task-arn ecs-task-id")


def test_elastic_v5_all_fields_matches_expected() -> None:
    expected = json.loads((HERE / "elastic/test-v5-all-fields.log-expected.json").read_text())
    doc = expected["expected"][0]
    vpc = doc["aws"]["vpcflow"]
    (record,) = list(awslogparse.iter_records(HERE / "elastic/test-v5-all-fields.log",
                                              "vpcflow", fields=V5_ALL))
    assert record["account_id"] == vpc["account_id"] == "64111117617"
    assert record["action"] == vpc["action"]
    assert record["instance_id"] == vpc["instance_id"]
    assert record["interface_id"] == vpc["interface_id"]
    assert record["log_status"] == vpc["log_status"]
    assert record["pkt_dst_aws_service"] == vpc["pkt_dst_service"]
    assert record["pkt_src_aws_service"] == vpc["pkt_src_service"]
    assert record["pkt_srcaddr"] == vpc["pkt_srcaddr"]
    assert record["pkt_dstaddr"] == vpc["pkt_dstaddr"]
    assert record["subnet_id"] == vpc["subnet_id"]
    assert record["tcp_flags"] == int(vpc["tcp_flags"])
    assert record["traffic_path"] == int(vpc["traffic_path"])
    assert record["type"] == vpc["type"]
    assert record["version"] == int(vpc["version"])
    assert record["vpc_id"] == vpc["vpc_id"]
    assert record["region"] == doc["cloud"]["region"]
    assert record["az_id"] == doc["cloud"]["availability_zone"]
    assert record["srcaddr"] == doc["source"]["ip"]
    assert record["srcport"] == doc["source"]["port"]
    assert record["dstaddr"] == doc["destination"]["ip"]
    assert record["dstport"] == doc["destination"]["port"]
    assert record["packets"] == doc["network"]["packets"]
    assert record["bytes"] == doc["network"]["bytes"]
    assert record["protocol"] == int(doc["network"]["iana_number"])
    assert record["flow_direction"] == doc["network"]["direction"]
    assert record["start"] == datetime.fromisoformat(doc["event"]["start"])
    assert record["end"] == datetime.fromisoformat(doc["event"]["end"])
    assert record["sublocation_type"] is None and record["sublocation_id"] is None


def test_elastic_default_format_samples() -> None:
    it = awslogparse.iter_records(HERE / "elastic/test-extra-samples.log", errors="collect")
    records = list(it)
    assert it.stats.format == "vpcflow" and it.stats.lines == 7 and not it.errors
    ipv6, nodata, skipdata = records[0], records[1], records[2]
    assert ipv6["srcaddr"] == "2001:db8:1234:a100:8d6e:3477:df66:f105"
    assert ipv6["start"] == utc(1477913708)
    assert nodata["log_status"] == "NODATA" and nodata["srcaddr"] is None
    assert nodata["packets"] is None and nodata["action"] is None
    assert skipdata["log_status"] == "SKIPDATA"
    assert skipdata["interface_id"] == "eni-11111111aaaaaaaaa"
    icmp = records[5]
    assert (icmp["srcport"], icmp["dstport"], icmp["protocol"]) == (0, 0, 1)


def test_elastic_header_per_record() -> None:
    """Header lines interleaved with records: each one (re)selects the layout."""
    it = awslogparse.iter_records(HERE / "elastic/test-tcp-flag-sequence.log", errors="collect")
    records = list(it)
    assert it.stats.headers == 3 and it.stats.records == 3 and not it.errors
    assert records[0]["tcp_flags"] == 2 and records[0]["pkt_srcaddr"] == "52.213.180.42"
    assert records[0]["bytes"] == 568 and records[0]["packets"] == 8
    assert records[1]["log_status"] == "SKIPDATA" and records[1]["type"] is None
    assert records[2]["log_status"] == "NODATA" and records[2]["tcp_flags"] is None
    table = awslogparse.read_arrow(HERE / "elastic/test-tcp-flag-sequence.log")
    assert table.column("tcp_flags").to_pylist() == [2, None, None]


def test_elastic_ecs_and_v8_fields() -> None:
    records = list(awslogparse.iter_records(HERE / "elastic/test-ecs-samples.log", "vpcflow",
                                            fields=f"{V5_ALL} {ECS}"))
    assert len(records) == 10
    first = records[0]
    assert first["account_id"] == "000000000000"
    assert first["interface_id"] is None
    assert first["dstaddr"] == "2a02:cf40::"
    assert first["ecs_cluster_name"] == "frontend-cluster"
    assert first["ecs_task_id"] == "6adbd0d6-211"
    assert first["ecs_task_definition_arn"].endswith("task-definition/backend:3")
    (v8,) = list(awslogparse.iter_records(HERE / "elastic/test-v8-samples.log", "vpcflow",
                                          fields=f"{V5_ALL} {ECS} reject-reason"))
    assert v8["reject_reason"] == "BPA" and v8["action"] == "REJECT"


def test_elastic_tgw_default_layout_without_header() -> None:
    path = HERE / "elastic/test-tgw-samples.log"
    it = awslogparse.iter_records(path, errors="collect")
    records = list(it)
    assert it.stats.format == "tgwflow", it.stats.detected_by
    assert len(records) == 10 and not it.errors
    first = records[0]
    assert first["resource_type"] is None
    assert first["account_id"] == "748335378900"
    assert first["tgw_id"] == "tgw-0a12bc34de56f7890"
    assert first["tgw_src_eni"] == "eni-0cc3dd4ee5f66aa7b"
    assert first["dstaddr"] == "2a02:cf40::"
    assert first["log_status"] == "SKIPDATA"
    assert first["flow_direction"] == "ingress"
    assert first["packets_lost_no_route"] is None


def test_elastic_message_wrapped_line_is_an_error_not_a_guess() -> None:
    """A Firehose/CloudWatch JSON wrapper is not a flow log line: it must be reported, not
    half-parsed (envelopes are unwrapped by the events module, a later issue)."""
    it = awslogparse.iter_records(HERE / "elastic/test-with-message-field.log", "vpcflow",
                                  errors="collect")
    assert list(it) == []
    assert len(it.errors) == 1 and it.errors[0].line == 1
    message = json.loads((HERE / "elastic/test-with-message-field.log").read_text())["message"]
    record = awslogparse.parse_line(message, "vpcflow")
    assert record["log_status"] == "NODATA" and record["account_id"] == "428961148399"


# ---- OpenTelemetry collector fixtures

def test_otel_header_file_matches_expected() -> None:
    (record,) = list(awslogparse.iter_records(HERE / "otel/valid_vpc_flow_log.log"))
    # expected (OTLP attributes): version 2, eni id, start/end epoch seconds, status NODATA,
    # cloud.account.id "12345678910"; '-' fields omitted there, None here.
    expected = (HERE / "otel/valid_vpc_flow_log_expected.yaml").read_text()
    assert 'intValue: "1742570089"' in expected and "stringValue: NODATA" in expected
    assert record["version"] == 2
    assert record["account_id"] == "12345678910"
    assert record["interface_id"] == "eni-0eb1e4178af74336c"
    assert record["start"] == utc(1742570089) and record["end"] == utc(1742570142)
    assert record["log_status"] == "NODATA"
    assert all(record[k] is None for k in ("srcaddr", "dstaddr", "srcport", "packets", "action"))


def test_otel_too_many_fields_is_an_error() -> None:
    it = awslogparse.iter_records(HERE / "otel/vpc_flow_log_too_many_fields.log",
                                  errors="collect")
    assert list(it) == []
    (error,) = it.errors
    assert error.line == 2
    assert "expected 14 fields, got 15" in error.reason and "one-too-many" in error.reason
    with pytest.raises(awslogparse.ParseError, match="expected 14 fields"):
        list(awslogparse.iter_records(HERE / "otel/vpc_flow_log_too_many_fields.log"))


def test_otel_tgw_v6_header() -> None:
    it = awslogparse.iter_records(HERE / "otel/valid_tgw_flow_log.log")
    (record,) = list(it)
    assert it.stats.format == "tgwflow"
    assert record["version"] == 6
    assert record["tgw_id"] == "tgw-0abc12345def67890"
    assert record["tgw_src_az_id"] == "use1-az1"
    assert (record["packets_lost_no_route"], record["packets_lost_blackhole"],
            record["packets_lost_mtu_exceeded"], record["packets_lost_ttl_expired"]) == (1, 2, 3, 4)
    assert record["start"] == utc(1700000000)
    assert record["tcp_flags"] == 2 and record["region"] == "us-east-1"


def test_otel_cloudwatch_custom_format_messages() -> None:
    """CloudWatch delivery has no header: the flow log's format comes from the caller."""
    envelope = json.loads((HERE / "otel/valid_vpc_flow_cw_custom.json").read_text())
    records = [awslogparse.parse_line(e["message"], "vpcflow",
                                      fields="${version} ${interface-id} ${srcaddr} ${dstaddr}")
               for e in envelope["logEvents"]]
    assert records == [
        {"version": 2, "interface_id": "eni-1235b8ca123456789", "srcaddr": "172.31.16.139",
         "dstaddr": "172.31.16.21"},
        {"version": 2, "interface_id": "eni-1235b8ca123456789", "srcaddr": "172.31.9.69",
         "dstaddr": "172.31.9.12"},
    ]


# ---- Vector VRL parse_aws_vpc_flow_log cases

def _vrl_cases() -> list[Any]:
    cases = []
    for number, raw in enumerate((HERE / "vrl/parse_aws_vpc_flow_log.cases.jsonl").open()):
        case = json.loads(raw)
        if case["input"].startswith("parse_aws_vpc_flow_log!("):
            continue  # an extraction artefact in the corpus, not a flow log line
        cases.append(pytest.param(case, id=f"{number}-{case['name']}"))
    return cases


@pytest.mark.parametrize("case", _vrl_cases())
def test_vrl_case(case: dict[str, Any]) -> None:
    assert case["expect"] == "ok"
    record = awslogparse.parse_line(case["input"], "vpcflow", fields=case["format"])
    assert len(record) == len(case["input"].split())
    if case["expected"] is None:
        return
    for key, value in case["expected"].items():
        expected = utc(value) if key in ("start", "end") else value
        assert record[key] == expected, key
