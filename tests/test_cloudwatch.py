"""CloudWatch Logs subscription payloads: how log events are routed to their inner format (the
caller's mapping, then log group / stream naming confirmed by content, then content), what
generic records and control messages give, and the shapes a payload arrives in."""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest
from budget import shared_by
from hypothesis import example, given
from hypothesis import strategies as st

import awslogparse
from awslogparse import registry
from awslogparse.model import ParseError
from awslogparse.parsers.cloudwatch import CloudWatchFormat
from awslogparse.parsers.jsonrec import EXACT_MS, epoch_ms_times
from awslogparse.specs import load_spec
from awslogparse.testing import (
    CloudWatchPayload,
    cloudwatch_payloads,
    delimited_files,
    delimited_formats,
)

FLOW = ["2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1700000000 "
        "1700000060 ACCEPT OK",
        "2 123456789012 eni-0a1b2c3d 10.0.0.3 10.0.0.2 22 49153 6 3 180 1700000000 1700000060 "
        "REJECT OK"]
CUSTOM = "${srcaddr} ${dstaddr} ${action}"
WAF = load_spec("waf").examples[0]["json"]
TRAIL = json.dumps(json.loads(load_spec("cloudtrail").examples[0]["json"]))


def envelope(group: str, stream: str, messages: list[str], kind: str = "DATA_MESSAGE"
             ) -> dict[str, Any]:
    return {"messageType": kind, "owner": "123456789012", "logGroup": group,
            "logStream": stream, "subscriptionFilters": ["to-lambda"],
            "logEvents": [{"id": str(36000000000000000000000000000000000000000000000000000 + i),
                           "timestamp": 1700000060000 + i, "message": m}
                          for i, m in enumerate(messages)]}


def gzipped(*envelopes: dict[str, Any]) -> bytes:
    return b"".join(gzip.compress(json.dumps(e).encode(), mtime=0) for e in envelopes)


def read(data: bytes, **options: Any) -> tuple[list[dict[str, Any]], Any]:
    it = awslogparse.iter_records(data, options.pop("format", "auto"), errors="collect",
                                  **options)
    records = list(it)
    assert it.stats.records + it.stats.errors == it.stats.units
    return records, it


def counted_detection(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Content detection over every format, patched to note the head of each text it is asked
    about (in the returned list)."""
    detect = registry.detect
    calls: list[str] = []

    def counting(name: Any = None, head: Any = None) -> Any:
        calls.append(str(head)[:20])
        return detect(name, head)
    monkeypatch.setattr(registry, "detect", counting)
    return calls


def test_events_take_the_format_their_content_shows() -> None:
    records, it = read(gzipped(envelope("vpc-flow-logs", "eni-0a1b2c3d-all", FLOW)))
    assert it.stats.format == "cloudwatch" and it.stats.containers == 1
    assert [r["_format"] for r in records] == ["vpcflow", "vpcflow"]
    assert records[0]["srcaddr"] == "10.0.0.1" and records[1]["action"] == "REJECT"
    assert records[0]["log_group"] == "vpc-flow-logs"
    assert records[0]["log_stream"] == "eni-0a1b2c3d-all"
    assert records[0]["owner"] == "123456789012"
    assert records[1]["event_timestamp"].isoformat() == "2023-11-14T22:14:20.001000+00:00"


def test_naming_conventions_route_when_the_content_agrees() -> None:
    waf, _ = read(gzipped(envelope("aws-waf-logs-prod", "us-east-1_prod_0", [WAF])))
    assert waf[0]["_format"] == "waf" and waf[0]["action"]
    trail, _ = read(gzipped(envelope("my-trail", "123456789012_CloudTrail_us-east-1", [TRAIL])))
    assert trail[0]["_format"] == "cloudtrail" and trail[0]["eventName"]
    # a CloudTrail-named stream whose content is no CloudTrail event: generic records
    other, _ = read(gzipped(envelope("other-trail", "123456789012_CloudTrail_eu-west-1",
                                     ["hello world"])))
    assert other[0]["_format"] == "cloudwatch" and other[0]["message"] == "hello world"


def test_a_network_interface_stream_is_a_flow_log_once_its_content_agrees(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """VPC flow logs write one log stream per interface, named by its id: such a stream is
    routed by its name (no detection over every format), but only when the flow log sniffer
    accepts its first event; other content in such a stream is detected as before."""
    calls = counted_detection(monkeypatch)
    for stream in ("eni-0a1b2c3d-all", "eni-0123456789abcdef0", "eni-0123456789abcdef0-reject"):
        records, _ = read(gzipped(envelope("my-flow-logs", stream, FLOW)), format="cloudwatch")
        assert [r["_format"] for r in records] == ["vpcflow", "vpcflow"]
        assert records[1]["srcport"] == 22 and records[1]["log_stream"] == stream
    assert calls == []
    waf, _ = read(gzipped(envelope("my-flow-logs", "eni-0a1b2c3d-all", [WAF])),
                  format="cloudwatch")
    assert waf[0]["_format"] == "waf" and len(calls) == 1
    plain, _ = read(gzipped(envelope("my-flow-logs", "eni-0a1b2c3d-all", ["hello world"])),
                    format="cloudwatch")
    assert plain[0]["_format"] == "cloudwatch" and plain[0]["message"] == "hello world"


def test_a_network_interface_stream_of_a_custom_format_takes_the_reads_fields() -> None:
    """A flow log of a custom format delivers header-less lines to streams named by the
    interface: with the read's ``fields=`` naming that layout, the stream is a flow log whose
    lines are read in it (its content does not fit the default layout, so only the layout
    given can confirm the stream's name), as the guide promises; without ``fields=`` the
    events stay generic records."""
    custom = ["10.0.0.1 10.0.0.2 ACCEPT", "10.0.0.3 10.0.0.2 REJECT"]
    data = gzipped(envelope("my-flow-logs", "eni-0a1b2c3d-all", custom))
    records, it = read(data, fields=CUSTOM)
    assert not it.errors and [r["_format"] for r in records] == ["vpcflow", "vpcflow"]
    assert records[1]["srcaddr"] == "10.0.0.3" and records[1]["action"] == "REJECT"
    tables = awslogparse.read_tables(data, fields=CUSTOM)
    assert list(tables) == ["vpcflow"]
    assert tables["vpcflow"].column("action").to_pylist() == ["ACCEPT", "REJECT"]
    plain, _ = read(data)
    assert [r["_format"] for r in plain] == ["cloudwatch", "cloudwatch"]


def test_the_callers_mapping_decides_first() -> None:
    lines = ["10.0.0.1 10.0.0.2 ACCEPT", "10.0.0.3 10.0.0.2 REJECT"]
    data = gzipped(envelope("/vpc/custom", "eni-1", lines), envelope("/app/web", "s", lines))
    records, _ = read(data, log_formats={"/vpc/*": "vpc-flow-logs"}, fields=CUSTOM)
    assert [r["_format"] for r in records] == ["vpcflow", "vpcflow", "cloudwatch", "cloudwatch"]
    assert records[1]["dstaddr"] == "10.0.0.2" and records[1]["action"] == "REJECT"
    assert records[2]["message"] == lines[0]
    with pytest.raises(awslogparse.SourceError):
        awslogparse.iter_records(data, log_formats={"/vpc/*": "no-such-format"})


def test_a_log_group_can_bring_its_own_layout() -> None:
    """``log_formats`` values may be (format, layout): each group reads its own custom format,
    while other groups keep the read's ``fields=`` or their default."""
    custom = ["10.0.0.1 10.0.0.2 ACCEPT"]
    data = gzipped(envelope("/vpc/custom", "eni-1", custom), envelope("flows", "eni-2", FLOW))
    records, it = read(data, log_formats={"/vpc/custom": ("vpcflow", CUSTOM)},
                       with_source=True, name="payload.gz")
    assert not it.errors and [r["_format"] for r in records] == ["vpcflow"] * 3
    assert {r["_source"] for r in records} == {"payload.gz"}
    assert records[0]["action"] == "ACCEPT" and "srcport" not in records[0]
    assert records[1]["srcport"] == 443 and records[1]["log_group"] == "flows"


def test_events_that_continue_an_entry_are_joined_to_it() -> None:
    """RDS PostgreSQL writes a statement's further lines tab-led; as events of their own they
    join the entry before them (``continuation`` in the spec): one unit, one record."""
    head = "2026-11-21 00:00:01 UTC:10.0.1.5(40000):app@orders:[1234]:LOG:  statement: SELECT id,"
    done = "2026-11-21 00:00:02 UTC:10.0.1.5(40000):app@orders:[1234]:LOG:  duration: 1.2 ms"
    group = "/aws/rds/instance/db-1/postgresql"
    records, it = read(gzipped(envelope(group, "db-1.0", [head, "\tFROM orders", "\tWHERE 1;",
                                                          done]),
                               envelope(group, "db-1.0", ["\tan envelope's first event"])))
    assert [r["message"] for r in records] == [
        "statement: SELECT id,\n\tFROM orders\n\tWHERE 1;", "duration: 1.2 ms"]
    assert records[0]["event_id"].endswith("0") and it.stats.units == 3
    assert len(it.errors) == 1 and it.errors[0].pointer == "#2/logEvents/0"


def test_an_envelope_opening_with_no_shape_of_its_named_format_is_still_read_in_it() -> None:
    """AWS cuts a stream into deliveries anywhere: an envelope may open with a statement's
    continued line (RDS PostgreSQL) or a function's own print (Lambda) before lines of the
    format its log group names. One of the first events confirming the format routes the
    envelope: the continued line is read as an entry of its own (``split``), the print as the
    format's catch-all shape, and the others as before, not every event as a generic record."""
    group = "/aws/rds/instance/db-1/postgresql"
    head = "2026-11-21 00:00:01 UTC:10.0.1.5(40000):app@orders:[1234]:LOG:  statement: SELECT id,"
    records, it = read(gzipped(envelope(group, "db-1.0", ["\tWHERE 1;", head, "\tFROM orders"])),
                       format="cloudwatch")
    assert [r["_format"] for r in records] == ["rds"] and it.stats.split == 1
    assert records[0]["message"] == "statement: SELECT id,\n\tFROM orders"
    assert [e.pointer for e in it.errors] == ["#1/logEvents/0"]  # (as in the test above)
    report = ("REPORT RequestId: abc\tDuration: 1.00 ms\tBilled Duration: 2 ms\t"
              "Memory Size: 128 MB\tMax Memory Used: 74 MB\t")
    stream = "2024/01/01/[$LATEST]" + "a" * 32
    records, _ = read(gzipped(envelope("/aws/lambda/checkout", stream,
                                       ["processing order 42", report])), format="cloudwatch")
    assert [(r["_format"], r["shape"]) for r in records] == [("lambda", "message"),
                                                             ("lambda", "report")]
    # content that the named format does not take in any of the first events stays generic
    records, _ = read(gzipped(envelope("/aws/lambda/checkout", stream, ["{", "}"])),
                      format="cloudwatch")
    assert [r["_format"] for r in records] == ["cloudwatch", "cloudwatch"]


def test_a_route_memory_skips_detection_in_later_reads_but_not_blindly(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``routes=RouteMemory()`` (what the Lambda entry point keeps between invocations): the
    second read of a stream takes the remembered format without content detection, once the
    format's own sniffer accepts the event; a stream whose content changed is detected again."""
    from awslogparse.parsers.cloudwatch import RouteMemory

    memory = RouteMemory()
    data = gzipped(envelope("flows", "eni-1", FLOW), envelope("/app/web", "i-1", ["hello"]))
    first, _ = read(data, format="cloudwatch", routes=memory)
    assert len(memory) == 1  # a stream of no known format is not remembered
    calls = counted_detection(monkeypatch)
    again, _ = read(data, format="cloudwatch", routes=memory)
    assert again == first and calls == ["hello"]  # only the unknown stream was looked at
    changed, _ = read(gzipped(envelope("flows", "eni-1", [WAF])), format="cloudwatch",
                      routes=memory)
    assert changed[0]["_format"] == "waf" and len(calls) == 2


def test_unrecognised_events_are_generic_records_and_control_messages_are_skipped() -> None:
    control = envelope("", "", ["CWL CONTROL MESSAGE: Checking health of destination Firehose."],
                       kind="CONTROL_MESSAGE")
    records, it = read(gzipped(control, envelope("/app/web", "i-1", ["GET / 200", "done"])))
    assert it.stats.skipped == 1 and it.stats.containers == 2 and it.stats.units == 2
    assert [r["message"] for r in records] == ["GET / 200", "done"]
    assert records[0]["subscription_filters"] == ["to-lambda"]
    assert records[0]["event_id"].startswith("36")


def test_a_bad_line_in_a_recognised_stream_is_an_error_with_its_pointer() -> None:
    records, it = read(gzipped(envelope("flows", "eni-1", [*FLOW, "2 123 not a flow line"])))
    assert len(records) == 2 and it.stats.errors == 1
    error = it.errors[0]
    assert error.pointer == "#1/logEvents/2" and error.reason.startswith("vpcflow: ")
    assert error.raw == "2 123 not a flow line"


def test_lambda_events_and_bad_payloads() -> None:
    payload = base64.b64encode(gzipped(envelope("flows", "eni-1", FLOW))).decode()
    records, it = read(json.dumps({"awslogs": {"data": payload}}).encode())
    assert len(records) == 2 and it.stats.detected_by.startswith("content: a Lambda event")
    corrupt = base64.b64encode(gzip.compress(b"x")[:10] + b"\xff" * 20).decode()
    for data, reason in [("!!!", "not valid base64"), (corrupt, "not valid gzip"),
                         (payload[: len(payload) // 2 // 4 * 4], "truncated"),
                         (base64.b64encode(b"[1, 2]").decode(), "not a CloudWatch Logs envelope")]:
        records, it = read(json.dumps({"awslogs": {"data": data}}).encode(), format="cloudwatch")
        assert records == [] and it.stats.errors == 1, data
        assert reason in it.errors[0].reason, (reason, it.errors[0].reason)


def test_arrow_rows_are_the_events() -> None:
    data = gzipped(envelope("/app/web", "i-1", ["a", "b"]), envelope("flows", "eni-1", FLOW))
    table = awslogparse.read_arrow(data, "cloudwatch")
    assert table.num_rows == 4
    assert table.column("log_group").to_pylist() == ["/app/web", "/app/web", "flows", "flows"]
    assert table.column("message").to_pylist()[:2] == ["a", "b"]


def test_tables_per_inner_format_hold_every_event_once() -> None:
    """``read_tables``: a table per inner format with its full schema and the envelope's
    context; the generic events in the envelope's own table; the rows are the dict records."""
    data = gzipped(envelope("flows", "eni-1", FLOW), envelope("/app/web", "i-1", ["a", "b"]),
                   envelope("aws-waf-logs-prod", "us-east-1_prod_0", [WAF]),
                   envelope("trail", "123456789012_CloudTrail_us-east-1", [TRAIL]),
                   envelope("flows", "eni-2", ["not a flow log line"]))
    errors: list[awslogparse.LineError] = []
    tables = awslogparse.read_tables(data, errors="collect", error_list=errors)
    records, it = read(data)
    expected: dict[str, int] = {}
    for record in records:
        expected[record["_format"]] = expected.get(record["_format"], 0) + 1
    assert {name: t.num_rows for name, t in tables.items()} == expected
    assert len(errors) == it.stats.errors
    context = [f.name for f in awslogparse.registry.get("cloudwatch").format().context_fields()]
    for name, table in tables.items():
        fields = awslogparse.schema(name).names
        assert table.schema.names[:len(fields)] == list(fields), name
        if name != "cloudwatch":
            assert set(context) <= set(table.schema.names), name
        assert table.schema.names[-1] == "_extra"
        rows = [r for r in records if r["_format"] == name]
        for column in ("log_group", "event_id", *fields[:3]):
            assert table.column(column).to_pylist() == [r.get(column) for r in rows], (name,
                                                                                        column)
    assert tables["vpcflow"].column("event_timestamp").type.tz == "UTC"
    trail = next(r for r in records if r["_format"] == "cloudtrail")
    assert tables["cloudtrail"].column("eventName").to_pylist() == [trail["eventName"]]


def test_tables_without_context_have_each_formats_own_schema() -> None:
    data = gzipped(envelope("flows", "eni-1", FLOW))
    table = awslogparse.read_tables(data)["vpcflow"]
    bare = next(b for _, b in awslogparse.iter_format_batches(data, context=False))
    assert bare.schema.names == awslogparse.read_arrow(
        gzip.compress(("\n".join(FLOW) + "\n").encode()), "vpcflow", columns="all").schema.names
    assert bare.column("srcaddr").to_pylist() == table.column("srcaddr").to_pylist()
    extra = dict(bare.column("_extra").to_pylist()[0])
    assert extra["log_group"] == "flows" and extra["owner"] == "123456789012"


def test_tables_of_a_plain_source_are_its_batches() -> None:
    data = gzip.compress(("\n".join(FLOW) + "\n").encode(), mtime=0)
    pairs = awslogparse.iter_format_batches(data, "vpcflow")
    assert [(name, batch.num_rows) for name, batch in pairs] == [("vpcflow", 2)]
    assert pairs.schemas["vpcflow"].names == awslogparse.read_arrow(data, "vpcflow",
                                                                    columns="all").schema.names


def test_export_files_parse_each_line_in_the_streams_format() -> None:
    lines = [f"2023-11-14T22:14:2{i}.000Z {line}" for i, line in enumerate(FLOW)]
    data = gzip.compress(("\n".join([*lines, "a continuation line"]) + "\n").encode(), mtime=0)
    key = "exports/0a1b2c3d-1111-2222-3333-444455556666/eni-0a1b2c3d-all/000000.gz"
    it = awslogparse.iter_records(data, name=key, errors="collect")
    records = list(it)
    assert it.stats.format == "cloudwatch_export"
    assert [r["_format"] for r in records] == ["vpcflow", "vpcflow"]
    assert records[1]["srcaddr"] == "10.0.0.3"
    assert records[1]["event_timestamp"].isoformat() == "2023-11-14T22:14:21+00:00"
    assert [(e.line, e.raw) for e in it.errors] == [(3, "a continuation line")]
    plain = awslogparse.parse_line("2015-09-05T22:00:01.000Z Example Event 1",
                                   "cloudwatch_export")
    assert plain["message"] == "Example Event 1" and plain["_format"] == "cloudwatch_export"


def test_an_exports_key_names_its_stream_whose_conventions_choose_the_format() -> None:
    """A line no format claims by content is an ECS container's line when the key's log stream
    is named as ECS names them (and takes the task from that name); the same line under another
    stream is a plain export record."""
    line = "2023-11-14T22:14:20.000Z GET /health 200"
    data = gzip.compress((line + "\n").encode(), mtime=0)
    task = "0123456789abcdef0123456789abcdef"
    ecs = f"exports/0a1b2c3d-1111-2222-3333-444455556666/web/app/{task}/000000.gz"
    other = "exports/0a1b2c3d-1111-2222-3333-444455556666/my-stream/000000.gz"
    [record] = awslogparse.iter_records(data, name=ecs)
    assert record["_format"] == "ecs"
    assert (record["container_name"], record["task_id"]) == ("app", task)
    assert record["message"] == "GET /health 200"
    [plain] = awslogparse.iter_records(data, name=other)
    assert plain["_format"] == "cloudwatch_export" and plain["message"] == "GET /health 200"


def test_an_export_of_a_named_stream_is_routed_without_content_detection(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Route 53 names its streams ``<zone id>/<edge location>``: the sample export is read as
    route53_public without asking every format (what a Lambda cold start paid for)."""
    from pathlib import Path


    def refuse(*args: object) -> None:
        raise AssertionError("content detection was asked")

    samples = Path(__file__).resolve().parent.parent / "samples"
    [path, *_] = sorted((samples / "exports").rglob("*.gz"))
    monkeypatch.setattr(registry, "detect", refuse)
    it = awslogparse.iter_records(path.read_bytes(), "cloudwatch_export",
                                  name=str(path.relative_to(samples)), errors="collect")
    formats = {record["_format"] for record in it}
    assert formats == {"route53_public"} and not it.errors



# An entry of the MySQL error log (AWS's example, rds.toml) and a tab-led part of one: RDS
# PostgreSQL's further statement lines are tab-led (``continuation`` in the spec); in an error
# log stream a line of no shape of its own is an ``error_text`` record.
ENTRY = ("2018-10-28T13:01:32.735983Z 0 [Note] [MY-010303] [Server] Skipping generation of SSL "
         "certificates as options related to SSL are specified.")
ERRORS = "/aws/rds/instance/db-1/error"


def test_an_envelope_that_starts_inside_an_entry_is_read_counted_and_warned_about(
        caplog: pytest.LogCaptureFixture) -> None:
    """The entry began in an earlier delivery: the event is still a unit of its own (here a
    record), each such envelope is counted, and one warning per stream and read names the
    stream and the event."""
    from awslogparse.parsers.base import RecordRun

    fmt = registry.get("cloudwatch").format()
    assert isinstance(fmt, CloudWatchFormat)
    parse = fmt.value_parser()
    deliveries = [envelope(ERRORS, "db-1", [ENTRY, "\tfirst part"]),
                  envelope(ERRORS, "db-1", ["\tsecond part", ENTRY]),
                  envelope(ERRORS, "db-1", ["\tthird part"]),
                  envelope(ERRORS, "db-2", [ENTRY, "\tits own part"])]
    with caplog.at_level("WARNING", logger="awslogparse"):
        outcomes = [outcome for number, delivery in enumerate(deliveries, 1)
                    for outcome in parse(delivery, f"#{number}")]
    # each envelope's events all gave records: one RecordRun each, whose locators name them
    records: dict[str, Any] = {}
    for pointer, run in outcomes:
        assert isinstance(run, RecordRun) and run.locators()[0] == pointer
        records.update(zip(run.locators(), run, strict=True))
    assert list(records) == ["#1/logEvents/0", "#2/logEvents/0", "#2/logEvents/1",
                             "#3/logEvents/0", "#4/logEvents/0"]
    assert records["#1/logEvents/0"]["message"].endswith("specified.\n\tfirst part")
    second = records["#2/logEvents/0"]
    assert second["shape"] == "error_text" and second["message"] == "\tsecond part"
    assert second["log_stream"] == "db-1" and second["_format"] == "rds"
    assert parse.split == 2
    warnings = [r for r in caplog.records if r.name == "awslogparse"]
    assert len(warnings) == 1 and warnings[0].levelname == "WARNING"
    assert all(part in warnings[0].getMessage() for part in (ERRORS, "db-1", "#2/logEvents/0"))


def test_envelopes_that_start_with_an_entry_split_none(caplog: pytest.LogCaptureFixture
                                                       ) -> None:
    with caplog.at_level("WARNING", logger="awslogparse"):
        records, it = read(gzipped(envelope(ERRORS, "db-1", [ENTRY, "\tits part"]),
                                   envelope(ERRORS, "db-1", [ENTRY])))
    assert len(records) == 2 and not it.errors
    assert it.stats.split == 0 and not caplog.records


def test_read_stats_count_envelopes_that_start_inside_an_entry(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="awslogparse"):
        records, it = read(gzipped(envelope(ERRORS, "db-1", [ENTRY]),
                                   envelope(ERRORS, "db-1", ["\tits part"])))
    assert [r["message"] for r in records][1:] == ["\tits part"]
    assert len(caplog.records) == 1
    assert it.stats.split == 1


@pytest.mark.parametrize("bad", ["not a flow log line", None])
def test_errors_raise_hands_out_the_records_before_the_first_bad_event(bad: Any) -> None:
    """Records come a payload at a time, but ``errors="raise"`` still stops exactly at the
    first bad event: the events before it were read, none after it."""
    value = envelope("vpc-flow-logs", "eni-0a1b2c3d-all", [*FLOW, "x", *FLOW])
    value["logEvents"][len(FLOW)]["message"] = bad
    it = awslogparse.iter_records(gzipped(value), "cloudwatch", errors="raise")
    seen: list[dict[str, Any]] = []
    with pytest.raises(ParseError) as caught:
        seen.extend(it)
    assert [r["srcaddr"] for r in seen] == [r["srcaddr"] for r in read(gzipped(
        envelope("vpc-flow-logs", "eni-0a1b2c3d-all", FLOW)))[0]]
    assert f"logEvents/{len(FLOW)}" in str(caught.value)


def test_an_envelope_decoded_at_once_reads_as_the_streaming_framer_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """msgspec decodes a Lambda payload's envelope at once where that pays (a warm function
    that has read 1 MiB of them); anything else, or anything msgspec refuses, is streamed: the
    records, errors and counts are the same either way."""
    msgspec = pytest.importorskip("msgspec")
    from awslogparse import framing

    def payload(*envelopes: dict[str, Any], raw: bytes | None = None) -> bytes:
        data = base64.b64encode(raw if raw is not None else gzipped(*envelopes)).decode()
        return json.dumps({"awslogs": {"data": data}}).encode()

    flow = envelope("vpc-flow-logs", "eni-0a1b2c3d-all", [*FLOW, "not a flow log line"])
    sources = [payload(flow), payload(flow, envelope(ERRORS, "db-1", [ENTRY])),
               payload(raw=gzip.compress(b'{"logEvents": [1, 2], "x": 1e999}')),
               payload(raw=gzip.compress(json.dumps(flow).encode() + b"\xff"))]

    def outcome(data: bytes) -> tuple[Any, ...]:
        it = awslogparse.iter_records(data, "cloudwatch", errors="collect")
        records = list(it)
        return records, [(e.pointer, e.reason) for e in it.errors], it.stats.as_dict()

    monkeypatch.setattr(framing, "_fast_loads", lambda size=0: msgspec.json.decode)
    fast = [outcome(data) for data in sources]
    monkeypatch.setattr(framing, "_fast_loads", lambda size=0: None)
    assert [outcome(data) for data in sources] == fast
    assert fast[0][0] and fast[0][1]  # records and an error both


EXACT_MS_EDGES = (0, 1, 999, 1000, 1700000060123, EXACT_MS - 1001, EXACT_MS - 1)


@given(stamps=st.lists(st.one_of(st.integers(0, EXACT_MS - 1), st.sampled_from(EXACT_MS_EDGES),
                                 st.integers(), st.booleans(), st.floats(), st.none(),
                                 st.just("1700000060000"), st.just(1.0), st.just(True)),
                       max_size=12))
@example(stamps=[1, True]).via("equal keys of a set, one of them no time")
@example(stamps=[1000, 1000.0, 1000])
def test_event_times_in_one_pass_are_the_converters(stamps: list[Any]) -> None:
    """Epoch-millisecond integers in [0, EXACT_MS) convert in one pass to what the event time
    converter gives, repeated ones too (converted once); a list holding anything else is left
    to that converter."""
    fmt = registry.get("cloudwatch").format()
    assert isinstance(fmt, CloudWatchFormat)
    times = epoch_ms_times(stamps)
    plain = all(type(s) is int and 0 <= s < EXACT_MS for s in stamps)
    assert (times is not None) == plain
    if times is not None:
        assert times == [fmt.event_time(s) for s in stamps]


ODD_MESSAGES = (*FLOW, FLOW[0] + "\n", "version account-id interface-id srcaddr dstaddr srcport "
                "dstport protocol packets bytes start end action log-status", "", "not a flow",
                FLOW[1].replace(" 22 ", " x "))


@given(messages=st.lists(st.sampled_from(ODD_MESSAGES), min_size=1, max_size=6),
       stamp=st.one_of(st.integers(0, EXACT_MS - 10), st.sampled_from(EXACT_MS_EDGES[:-1])))
def test_envelopes_of_plain_events_read_as_event_by_event(messages: list[str],
                                                         stamp: int) -> None:
    """An envelope whose events are all plain objects is read from its columns at once; the
    same events beside one that is no object are checked one by one: the records, errors
    and pointers of the plain events are the same either way."""
    whole = envelope("flows", "eni-0a1b2c3d-all", [FLOW[0], *messages])
    for number, event in enumerate(whole["logEvents"]):
        event["timestamp"] = stamp + number
    damaged = {**whole, "logEvents": [*whole["logEvents"], "not an event"]}
    plain, plain_it = read(gzipped(whole), format="cloudwatch")
    careful, careful_it = read(gzipped(damaged), format="cloudwatch")
    assert plain == careful
    errors = [(e.pointer, e.reason, e.raw) for e in plain_it.errors]
    assert errors == [(e.pointer, e.reason, e.raw) for e in careful_it.errors][:-1]
    assert careful_it.errors[-1].pointer == f"#1/logEvents/{len(messages) + 1}"


@pytest.mark.parametrize("filters", ["to-lambda", 5, {"name": "to-lambda"}, [["nested"]]])
def test_an_envelope_field_that_does_not_convert_costs_only_the_events_holding_it(
        filters: Any) -> None:
    """Each log event is a unit, also when a value of the envelope's own does not convert (a
    ``subscriptionFilters`` that is not a list): records of an inner format do not hold it and
    are read; each generic record would, so each of those events is an error naming it."""
    flows = {**envelope("flows", "eni-1", FLOW), "subscriptionFilters": filters}
    text = {**envelope("/app/web", "i-1", ["GET / 200", "done"]), "subscriptionFilters": filters}
    data = gzipped(flows, text, envelope("/app/web", "i-2", ["ok"]))
    records, it = read(data, format="cloudwatch")
    assert it.stats.units == 5 and it.stats.containers == 3
    if isinstance(filters, list):  # (a list of anything converts: its items become text)
        assert it.stats.errors == 0
        assert records[2]["subscription_filters"] == ['["nested"]']
        return
    assert [r["_format"] for r in records] == ["vpcflow", "vpcflow", "cloudwatch"]
    assert [r["srcaddr"] for r in records[:2]] == ["10.0.0.1", "10.0.0.3"]
    assert records[0]["log_group"] == "flows" and records[0]["owner"] == "123456789012"
    assert "subscription_filters" not in records[0]
    reason = f"subscription_filters: not a list: {json.dumps(filters, separators=(',', ':'))}"
    assert [(e.pointer, e.reason, e.raw) for e in it.errors] == [
        ("#2/logEvents/0", reason, "GET / 200"), ("#2/logEvents/1", reason, "done")]
    errors: list[awslogparse.LineError] = []
    table = awslogparse.read_arrow(data, "cloudwatch", errors="collect", error_list=errors)
    assert table.num_rows == 3 and [e.pointer for e in errors] == [e.pointer for e in it.errors]
    tables = awslogparse.read_tables(data, "cloudwatch", errors="collect")
    assert {name: t.num_rows for name, t in tables.items()} == {"vpcflow": 2, "cloudwatch": 1}


def test_carried_records_in_the_envelopes_table_write_times_as_iso_8601_at_any_depth() -> None:
    """The ``cloudwatch`` table holds a carried record's fields in ``_extra`` as text: a time is
    ISO 8601 with ``Z`` wherever it is, at the top (``eventTime``) or inside an object
    (``userIdentity.sessionContext.attributes.creationDate``), never Python's ``str``."""
    trail = json.loads(TRAIL)
    trail["userIdentity"] = {"type": "AssumedRole", "sessionContext": {"attributes": {
        "creationDate": "2026-11-20T23:13:05Z", "mfaAuthenticated": "false"}}}
    trail["eventTime"] = "2026-11-21T00:00:00Z"
    data = gzipped(envelope("my-trail", "123456789012_CloudTrail_us-east-1", [json.dumps(trail)]))
    row = awslogparse.read_arrow(data, "cloudwatch").to_pylist()[0]
    extra = dict(row["_extra"])
    assert extra["eventTime"] == "2026-11-21T00:00:00Z"
    identity = json.loads(extra["userIdentity"])
    assert identity["sessionContext"]["attributes"]["creationDate"] == "2026-11-20T23:13:05Z"


def _outcome(data: bytes, **options: Any) -> tuple[Any, ...]:
    """Records (their items in order), errors and counts of a read, to compare two ways."""
    it = awslogparse.iter_records(data, "cloudwatch", errors="collect", **options)
    records = [list(record.items()) for record in it]
    return records, [(e.pointer, e.reason, e.raw) for e in it.errors], it.stats.as_dict()


@contextlib.contextmanager
def _merged_after_the_loop() -> Iterator[None]:
    """A context in which no parser builds an event's record whole (``parse_events``): each
    is its line's record, merged with the envelope's fields afterwards."""
    from awslogparse.parsers.base import LineParserBase
    from awslogparse.parsers.delimited import DelimitedLineParser

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DelimitedLineParser, "parse_events", LineParserBase.parse_events)
        yield


@pytest.mark.parametrize("format", delimited_formats())
@shared_by(delimited_formats(), 10)
@given(data=st.data(), odd=st.lists(st.sampled_from(ODD_MESSAGES), max_size=2),
       newline=st.booleans())
def test_records_built_whole_in_the_line_loop_are_those_merged_after_it(
        format: str, data: st.DataObject, odd: list[str], newline: bool) -> None:
    """A delimited format's loop builds each event's record with the envelope's fields when
    every line of the envelope is one it takes itself; any other envelope is read line by
    line and merged. The records (keys in the same order), errors and counts are the same
    either way, for any layout, header, short or long line, and odd events among them."""
    file = data.draw(delimited_files(format, compressed=False), label="file")
    lines = list(file.lines)
    if data.draw(st.booleans(), label="ASCII data lines only"):  # (what the loop builds
        # whole: a non-ASCII line of a format of free text it leaves to the parser)
        lines = [line.encode("ascii", "replace").decode("ascii")
                 for line, kind in zip(lines, file.kinds, strict=True) if kind == "data"]
    elif odd:
        lines = [*lines, *odd] if data.draw(st.booleans(), label="odd last") else \
            [*odd, *lines]
    messages = [line + "\n" if newline else line for line in lines]
    layout = format if file.fields is None else (format, file.fields)
    payload = gzipped(envelope("/logs/any", "stream-1", messages))
    whole = _outcome(payload, log_formats={"/logs/any": layout})
    with _merged_after_the_loop():
        assert _outcome(payload, log_formats={"/logs/any": layout}) == whole


@given(payload=cloudwatch_payloads())
def test_generated_payloads_read_the_same_with_records_built_in_the_line_loop(
        payload: CloudWatchPayload) -> None:
    """The payloads of the Hypothesis strategy (flow log streams, CloudTrail, text) read the
    same with and without records built whole in the line loop."""
    whole = _outcome(payload.data)
    with _merged_after_the_loop():
        assert _outcome(payload.data) == whole


def test_a_line_loop_builds_records_whole_only_when_it_takes_every_line() -> None:
    """``parse_events`` gives the records with the envelope's fields after the line's, in
    that order, or None at a line it does not take (a header, a bad value), having changed
    nothing: the parser's layout and counts are as before."""
    from awslogparse.parsers.delimited import DelimitedLineParser

    parser = registry.get("vpcflow").format().line_parser()
    assert isinstance(parser, DelimitedLineParser)
    context = {"log_group": "flows", "log_stream": "eni-1", "owner": "123456789012"}
    times = epoch_ms_times([1700000060000, 1700000061000])
    assert times is not None
    names = {"id_name": "event_id", "time_name": "event_timestamp", "format_name": "vpcflow"}
    made = parser.parse_events(FLOW, ["1", "2"], times, context=context, plain=True, **names)
    assert made is not None
    assert made == [{**parser(line), **context, "event_id": event_id,  # type: ignore[dict-item]
                     "event_timestamp": when, "_format": "vpcflow"}
                    for line, event_id, when in zip(FLOW, ["1", "2"], times, strict=True)]
    assert list(made[0])[-6:] == [*context, "event_id", "event_timestamp", "_format"]
    plan = parser.plan
    for odd in (ODD_MESSAGES[3], FLOW[1].replace(" 22 ", " x "), "", "too few columns"):
        assert parser.parse_events([FLOW[0], odd], ["1", "2"], times, context=context,
                                   plain=True, **names) is None
        assert parser.plan is plan and parser.headers == 0 and parser.blank == 0


def _lambda_event(packed: bytes) -> bytes:
    return json.dumps({"awslogs": {"data": base64.b64encode(packed).decode()}}).encode()


def test_a_lambda_payload_decoded_in_one_call_reads_as_decoded_piece_by_piece(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A payload that is one whole gzip member is decoded in one call; any other (several
    members, zero padding or junk after it, a cut, a damaged byte or checksum, more than the
    payload limit) is decoded piece by piece, which says what is wrong: the records, errors
    and counts are the same as when every payload is decoded piece by piece."""
    from awslogparse.parsers import cloudwatch

    flow = envelope("vpc-flow-logs", "eni-0a1b2c3d-all", FLOW * 40)
    one = gzip.compress(json.dumps(flow).encode(), mtime=0)
    damaged = bytearray(one)
    damaged[len(one) // 2] ^= 0x55
    crc = one[:-8] + bytes([one[-8] ^ 1]) + one[-7:]
    members = [one, one + one, one + b"\x00" * 8, one + b"junk", one[:-3], one[:len(one) // 2],
               bytes(damaged), crc, gzip.compress(b"", mtime=0)]
    sources = [_lambda_event(packed) for packed in members]
    at_once = [_outcome(data) for data in sources]
    monkeypatch.setattr(cloudwatch, "MAX_PAYLOAD", len(json.dumps(flow)) - 1)
    limited = [_outcome(data) for data in sources[:2]]
    monkeypatch.setattr(cloudwatch, "_gunzipped_at_once", lambda packed: None)
    assert [_outcome(data) for data in sources[:2]] == limited
    assert "awslogs.data decodes to more than" in limited[0][1][0][1]
    monkeypatch.undo()
    monkeypatch.setattr(cloudwatch, "_gunzipped_at_once", lambda packed: None)
    assert [_outcome(data) for data in sources] == at_once
    assert at_once[0][0] and not at_once[0][1] and len(at_once[1][0]) == 2 * len(at_once[0][0])
    assert all(errors for _, errors, _ in at_once[3:8])
    monkeypatch.undo()
    assert [cloudwatch._gunzipped_at_once(packed) is not None for packed in members] == [
        True, False, False, False, False, False, False, False, True]


_BASE64_TEXT = st.text(st.sampled_from("AQgw+/=z9 \n\\\"-_\x00é\ud800"), max_size=14)
"""Text near base64: its alphabet, padding anywhere, blanks, escapes, non-ASCII, a surrogate."""


@st.composite
def _near_base64(draw: st.DrawFn) -> str:
    """The base64 of some bytes with an edit or two (a character changed, added or dropped)."""
    text = list(base64.b64encode(draw(st.binary(max_size=12))).decode())
    for _ in range(draw(st.integers(0, 2))):
        where = draw(st.integers(0, len(text)))
        char = draw(st.sampled_from("A+/=\n\\\"é"))
        edit = draw(st.sampled_from(("change", "add", "drop")))
        if edit == "add" or not text or where == len(text):
            text.insert(where, char)
        elif edit == "change":
            text[where] = char
        else:
            del text[where]
    return "".join(text)


@given(text=st.one_of(_BASE64_TEXT, _near_base64()))
@example(text="AAAQ=").via("binascii takes it, msgspec does not")
@example(text="\\u0051Q==").via("an escape msgspec would read as base64")
def test_base64_of_payloads_decodes_as_binascii_strict_mode_does(text: str) -> None:
    """``awslogs.data`` and Kinesis/Firehose data are decoded by msgspec where it is loaded:
    the bytes, or the error, are binascii's strict mode's for any text."""
    pytest.importorskip("msgspec")
    import binascii

    from awslogparse.jsontext import strict_base64

    def outcome(decode: Any) -> Any:
        try:
            return decode(text)
        except (binascii.Error, ValueError) as exc:
            return type(exc), str(exc)

    assert outcome(strict_base64) == outcome(lambda t: binascii.a2b_base64(t, strict_mode=True))
