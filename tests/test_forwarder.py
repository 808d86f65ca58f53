"""The Lambda forwarder of examples/lambda_forwarder/: its handler end to end against the local S3
server (tests/s3server.py: boto3 talks HTTP to moto's server, nothing is patched), its template
through cfn-lint, and its deployment zip built offline from this source tree.

Event shapes as AWS documents them: https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html,
with-sns.html, with-sqs.html, with-kinesis.html, services-cloudwatchlogs.html,
services-kinesisfirehose.html (under https://docs.aws.amazon.com/lambda/latest/dg/), and
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html,
.../ev-events.html.
"""

from __future__ import annotations

import base64
import gzip
import importlib.util
import itertools
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from s3server import sample_files, sample_key

import awslogparse
from awslogparse.lambda_events import ndjson
from awslogparse.testing import events
from awslogparse.testing.events import b64

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "lambda_forwarder"
PROVENANCE = ("_source", "_line")
REGION = "us-east-1"
PREFIX = "parsed/"
_names = itertools.count()


def load(name: str) -> ModuleType:
    """A module of the example, by path (the example is not a package)."""
    spec = importlib.util.spec_from_file_location(f"lambda_forwarder_{name}",
                                                  EXAMPLE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


forwarder = load("handler")
build = load("build")


# ---- samples and expectations


def sample(kind: str, *, not_: str = "") -> Path:
    """The first sample whose key mentions ``kind`` (found by walking samples/, not listed)."""
    return next(p for p in sample_files()
                if kind in sample_key(p) and not (not_ and not_ in sample_key(p)))


def plain(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in PROVENANCE} for r in records]


def as_json(records: Any) -> list[dict[str, Any]]:
    """Records as the forwarder writes them (NDJSON: times as ISO 8601 text)."""
    return [json.loads(line) for line in ndjson(list(records)).decode().splitlines()]


def expected(path: Path, **options: Any) -> list[dict[str, Any]]:
    return plain(as_json(awslogparse.iter_records(path, errors="collect", **options)))


def data_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    return (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode().splitlines()


# ---- event builders (AWS's documented shapes, trimmed to what a reader looks at and a bit more)


def s3_record(bucket: str, key: str) -> dict[str, Any]:
    return events.s3_record(bucket, key, size=1024)


def notification(bucket: str, keys: list[str]) -> dict[str, Any]:
    return {"Records": [s3_record(bucket, k) for k in keys]}


def sns_envelope(message: Any, message_id: str) -> dict[str, Any]:
    return events.sns_notification(message, message_id)


def sqs_record(body: Any, message_id: str) -> dict[str, Any]:
    return events.sqs_record(json.dumps(body), message_id)


def eventbridge(bucket: str, key: str) -> dict[str, Any]:
    return events.eventbridge_event(bucket, key, event_id=f"eb-{key}")


TEST_EVENT = events.s3_test_event("amzn-s3-demo-bucket")

Wrap = Callable[[str, list[str]], list[dict[str, Any]]]
"""(bucket, keys) -> the invocations that announce those objects."""
WRAPPINGS: dict[str, Wrap] = {
    "s3": lambda b, keys: [notification(b, keys)],
    "sns": lambda b, keys: [{"Records": [
        {"EventSource": "aws:sns", "EventVersion": "1.0",
         "Sns": sns_envelope(notification(b, [k]), f"sns-{i}")} for i, k in enumerate(keys)]}],
    "sqs": lambda b, keys: [{"Records": [sqs_record(notification(b, [k]), f"msg-{i}")
                                         for i, k in enumerate(keys)]}],
    "sqs-of-sns": lambda b, keys: [{"Records": [
        sqs_record(sns_envelope(notification(b, [k]), f"sns-{i}"), f"msg-{i}")
        for i, k in enumerate(keys)]}],
    "eventbridge": lambda b, keys: [eventbridge(b, k) for k in keys],  # one event per call
    "sqs-of-eventbridge": lambda b, keys: [{"Records": [
        sqs_record(eventbridge(b, k), f"msg-{i}") for i, k in enumerate(keys)]}],
}


def cwl_payload(group: str, stream: str, messages: list[str]) -> bytes:
    envelope = {"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": group,
                "logStream": stream, "subscriptionFilters": ["to-lambda"],
                "logEvents": [{"id": str(36000000000000000000000000000000 + i),
                               "timestamp": 1795219500000 + i, "message": m}
                              for i, m in enumerate(messages)]}
    return gzip.compress(json.dumps(envelope).encode(), mtime=0)


def kinesis_record(data: str, sequence: str) -> dict[str, Any]:
    return events.kinesis_record(data, sequence)


def firehose_event(datas: list[str]) -> dict[str, Any]:
    return events.firehose_event([(f"4964{i:04d}", d) for i, d in enumerate(datas)],
                                 stream="logs")


DEFAULT_FLOW_HEADER = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol "
                       "packets bytes start end action log-status")


def flow_sample(default_layout: bool) -> tuple[Path, str, list[str]]:
    """A VPC flow log sample in the default layout, or in a custom one (its header)."""
    for path in sample_files():
        if "vpcflowlogs" in sample_key(path):
            header, *lines = data_lines(path)
            if (header == DEFAULT_FLOW_HEADER) == default_layout:
                return path, header, lines
    raise AssertionError("no such flow log sample")


# ---- the setting: a source bucket with a few samples, an empty destination, the environment


@dataclass
class Setup:
    s3: Any
    source: str
    dest: str
    files: dict[str, Path]
    """source key -> the local sample uploaded there."""

    def invoke(self, event: Any, context: Any = None) -> Any:
        return forwarder.handler(json.loads(json.dumps(event)), context)

    def outputs(self) -> dict[str, bytes]:
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=self.dest)
        keys = [o["Key"] for page in pages for o in page.get("Contents") or ()]
        return {k: self.s3.get_object(Bucket=self.dest, Key=k)["Body"].read() for k in keys}

    def records(self) -> dict[str, list[dict[str, Any]]]:
        """Each NDJSON output object's records."""
        return {k: [json.loads(line) for line in gzip.decompress(v).decode().splitlines()]
                for k, v in self.outputs().items()}

    def key_for(self, key: str, suffix: str = ".ndjson.gz") -> str:
        return f"{PREFIX}s3/{self.source}/{key}{suffix}"


@pytest.fixture
def setup(s3: Any, monkeypatch: pytest.MonkeyPatch) -> Setup:
    source, dest = (f"fwd-{role}-{os.getpid()}-{next(_names)}" for role in ("src", "dst"))
    for bucket in (source, dest):
        s3.create_bucket(Bucket=bucket)
    files = {sample_key(p): p for p in (sample("CloudTrail/"), sample("app.my-alb", not_="conn_"))}
    files["odd keys/flow log+1 (copy).log.gz"] = sample("vpcflowlogs")  # URL-encoded in events
    for key, path in files.items():
        s3.put_object(Bucket=source, Key=key, Body=path.read_bytes())
    for name in ("LOG_FORMATS", "SOURCE_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DEST_BUCKET", dest)
    monkeypatch.setenv("DEST_PREFIX", PREFIX)
    monkeypatch.setenv("OUTPUT_FORMAT", "ndjson")
    return Setup(s3, source, dest, files)


class Deadline:
    """A Lambda context whose function is about to time out."""

    def get_remaining_time_in_millis(self) -> int:
        return 0


# ---- S3 objects, announced every way


@pytest.mark.parametrize("wrapping", list(WRAPPINGS))
def test_each_object_becomes_one_output_with_its_records(wrapping: str, setup: Setup) -> None:
    keys = list(setup.files)
    responses = [setup.invoke(event) for event in WRAPPINGS[wrapping](setup.source, keys)]
    written = setup.records()
    assert set(written) == {setup.key_for(k) for k in keys}
    for key, path in setup.files.items():
        records = written[setup.key_for(key)]
        assert plain(records) == expected(path)
        assert {r["_source"] for r in records} == {f"s3://{setup.source}/{key}"}
        assert [r["_line"] for r in records] == \
            [r["_line"] for r in awslogparse.iter_records(path, errors="skip", with_source=True)]
    if wrapping.startswith("sqs"):
        assert responses == [{"batchItemFailures": []}]
    else:
        assert sorted(k for r in responses for k in r["written"]) == sorted(written)


def test_a_retried_invocation_overwrites_its_outputs(setup: Setup) -> None:
    event = WRAPPINGS["sqs"](setup.source, list(setup.files))[0]
    setup.invoke(event)
    first = setup.outputs()
    setup.invoke(event)
    assert setup.outputs() == first  # same keys, same bytes: no duplicates
    assert len(first) == len(setup.files)


@pytest.mark.parametrize("output", ["ndjson", "parquet"])
@pytest.mark.parametrize("wrapping", ["s3", "sqs"])
def test_an_object_announced_twice_in_one_event_is_written_once(
        wrapping: str, output: str, setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    """S3 delivers notifications at least once: the same object twice in a batch (two messages
    in a row) must not write its records twice into its output."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    monkeypatch.setenv("OUTPUT_FORMAT", output)
    key, path = next(iter(setup.files.items()))
    setup.invoke(WRAPPINGS[wrapping](setup.source, [key, key])[0])
    suffix = forwarder.SUFFIXES[output]
    [(name, data)] = setup.outputs().items()
    assert name == setup.key_for(key, suffix)
    if output == "ndjson":
        assert plain([json.loads(line) for line in gzip.decompress(data).decode().splitlines()]
                     ) == expected(path)
    else:
        table = pq.read_table(pa.BufferReader(data))
        assert table.drop_columns(list(PROVENANCE)).to_pylist() == \
            awslogparse.read_arrow(path, errors="collect").to_pylist()


@pytest.mark.parametrize("output", ["ndjson", "parquet"])
def test_each_version_of_a_versioned_object_has_its_own_output(
        output: str, setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two versions of a key, their events read in either order (SQS does not keep S3's):
    each version's records land in an output of their own, none replacing the other's."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    monkeypatch.setenv("OUTPUT_FORMAT", output)
    setup.s3.put_bucket_versioning(Bucket=setup.source,
                                   VersioningConfiguration={"Status": "Enabled"})
    key, path = next(iter(setup.files.items()))
    data = path.read_bytes()
    versions = [setup.s3.put_object(Bucket=setup.source, Key=key, Body=body)["VersionId"]
                for body in (data, data + data)]
    for index in (1, 0):  # the newer version's event first
        record = events.s3_record(setup.source, key, size=1024, version_id=versions[index])
        assert setup.invoke({"Records": [sqs_record({"Records": [record]}, "msg-0")]}) == \
            {"batchItemFailures": []}
    outputs = setup.outputs()
    suffix = forwarder.SUFFIXES[output]
    names = [setup.key_for(f"{key}.version-{version}", suffix) for version in versions]
    assert set(outputs) == set(names)
    once = len(expected(path))
    for times, name in enumerate(names, 1):
        if output == "ndjson":
            found = [json.loads(line) for line in gzip.decompress(outputs[name]).decode()
                     .splitlines()]
        else:
            found = pq.read_table(pa.BufferReader(outputs[name])).to_pylist()
        assert {r["_source"] for r in found} == {f"s3://{setup.source}/{key}"}
        assert len(found) == times * once


def test_a_missing_object_fails_its_sqs_message_only(setup: Setup) -> None:
    good = list(setup.files)[:2]
    event = WRAPPINGS["sqs"](setup.source, [good[0], "AWSLogs/no/such/object.log.gz", good[1]])[0]
    assert setup.invoke(event) == {"batchItemFailures": [{"itemIdentifier": "msg-1"}]}
    written = setup.records()
    assert set(written) == {setup.key_for(k) for k in good}
    assert all(plain(written[setup.key_for(k)]) == expected(setup.files[k]) for k in good)


def test_a_missing_object_in_an_s3_notification_makes_lambda_retry(setup: Setup) -> None:
    good = next(iter(setup.files))
    event = notification(setup.source, [good, "AWSLogs/no/such/object.log.gz"])
    with pytest.raises(forwarder.IncompleteDeliveryError, match="NoSuchKey"):
        setup.invoke(event)
    assert set(setup.outputs()) == {setup.key_for(good)}  # the rest was still written


@pytest.mark.parametrize("wrapping", ["direct", "sqs", "sqs-of-sns"])
def test_the_s3_test_event_writes_nothing(wrapping: str, setup: Setup) -> None:
    event = {"direct": TEST_EVENT,
             "sqs": {"Records": [sqs_record(TEST_EVENT, "m-1")]},
             "sqs-of-sns": {"Records": [sqs_record(sns_envelope(TEST_EVENT, "s-1"), "m-1")]},
             }[wrapping]
    response = setup.invoke(event)
    assert response in ({"batchItemFailures": []}, {"written": [], "records": 0, "errors": 0})
    assert setup.outputs() == {}


def test_near_the_timeout_nothing_more_is_read_and_the_rest_is_retried(setup: Setup) -> None:
    keys = list(setup.files)
    event = WRAPPINGS["sqs"](setup.source, keys)[0]
    assert setup.invoke(event, Deadline()) == {
        "batchItemFailures": [{"itemIdentifier": f"msg-{i}"} for i in range(len(keys))]}
    with pytest.raises(forwarder.IncompleteDeliveryError):
        setup.invoke(notification(setup.source, keys), Deadline())
    assert setup.outputs() == {}


class Started:
    """A Lambda context at the start of an invocation of a function whose timeout is
    ``seconds`` (the clock stands still)."""

    def __init__(self, seconds: float) -> None:
        self.left = int(seconds * 1000) - 20

    def get_remaining_time_in_millis(self) -> int:
        return self.left


LAMBDA_DEFAULT_TIMEOUT = 3
"""Seconds: a function deployed without the template's Timeout."""


@pytest.mark.parametrize("timeout", ["template minimum", "lambda default"])
def test_a_short_timeout_still_leaves_time_to_read(timeout: str, setup: Setup) -> None:
    """The reserve kept before the timeout must not be the whole of a short timeout: a
    function with the shortest timeout the template allows, or Lambda's default, reads its
    event instead of failing every item at once (and forever, on every retry)."""
    seconds = template()["Parameters"]["Timeout"]["MinValue"] if timeout == "template minimum" \
        else LAMBDA_DEFAULT_TIMEOUT
    keys = list(setup.files)
    assert setup.invoke(WRAPPINGS["sqs"](setup.source, keys)[0], Started(seconds)) == \
        {"batchItemFailures": []}
    assert set(setup.outputs()) == {setup.key_for(k) for k in keys}


# ---- logs carried in the event


def test_a_cloudwatch_logs_subscription(setup: Setup) -> None:
    path = ROOT / "samples" / "lambda-events" / "cloudwatch-logs-vpcflow.json"
    event = json.loads(path.read_text())
    envelope = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    setup.invoke(event)
    setup.invoke(event)  # retried: the same object again
    written = setup.records()
    [key] = written
    folder = f"{PREFIX}logs/{envelope['logGroup'].strip('/')}/{envelope['logStream']}/"
    assert key.startswith(folder) and key.endswith(".ndjson.gz")
    assert plain(written[key]) == expected(path)

    messages = [e["message"] for e in envelope["logEvents"]][:2]
    other = {"awslogs": {"data": b64(cwl_payload(envelope["logGroup"], envelope["logStream"],
                                                 messages))}}
    setup.invoke(other)  # another payload of the same log stream: an object of its own
    assert len(setup.outputs()) == 2


def test_log_formats_from_the_environment(setup: Setup,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A log group named by no convention, holding flow logs of a custom layout: LOG_FORMATS
    gives both."""
    path, header, lines = flow_sample(default_layout=False)
    event = {"awslogs": {"data": b64(cwl_payload("/custom/network", "eni-1", lines))}}
    monkeypatch.setenv("LOG_FORMATS", json.dumps({"/custom/*": ["vpcflow", header]}))
    setup.invoke(event)
    [records] = setup.records().values()
    want = expected(path)
    assert [{k: r[k] for k in w} for r, w in zip(records, want, strict=True)] == want
    assert {r["_format"] for r in records} == {"vpcflow"}


def test_kinesis_records_each_become_an_object(setup: Setup) -> None:
    flow_path, _, flow = flow_sample(default_layout=True)
    waf = sample("WAFLogs")
    waf_lines = data_lines(waf)[:2]
    records_in = [kinesis_record(b64(cwl_payload("/vpc/flow-logs", "eni-1-all", flow)), "1001")]
    records_in += [kinesis_record(b64(line.encode()), f"100{i + 2}")
                   for i, line in enumerate(waf_lines)]
    records_in.append(kinesis_record("%%% not base64 %%%", "1009"))
    response = setup.invoke({"Records": records_in})
    assert response == {"batchItemFailures": [{"itemIdentifier": "1009"}]}
    written = setup.records()
    folder = f"{PREFIX}kinesis/log-stream/shardId-000000000006/"
    assert set(written) == {f"{folder}{seq}.ndjson.gz" for seq in ("1001", "1002", "1003")}
    want = expected(flow_path)
    got = written[f"{folder}1001.ndjson.gz"]
    assert [{k: r[k] for k in w} for r, w in zip(got, want, strict=True)] == want
    waf_records = plain(as_json(awslogparse.iter_records(
        "\n".join(waf_lines).encode(), errors="collect")))
    assert plain(written[f"{folder}1002.ndjson.gz"] + written[f"{folder}1003.ndjson.gz"]) == \
        waf_records


def test_a_firehose_transformation_returns_the_records(setup: Setup,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = sample("network-firewall/alert")
    lines = data_lines(path)
    monkeypatch.setenv("SOURCE_FORMAT", "network_firewall")
    event = firehose_event([b64((line + "\n").encode()) for line in lines] + ["not base64 !!"])
    response = setup.invoke(event)
    outputs = response["records"]
    assert [o["recordId"] for o in outputs] == [r["recordId"] for r in event["records"]]
    assert outputs[-1] == {"recordId": event["records"][-1]["recordId"],
                           "result": "ProcessingFailed", "data": "not base64 !!"}
    decoded = [json.loads(line) for o in outputs if o["result"] == "Ok"
               for line in base64.b64decode(o["data"]).decode().splitlines()]
    assert plain(decoded) == expected(path, format="network_firewall")
    assert setup.outputs() == {}  # Firehose delivers the response itself


# ---- Parquet


def test_parquet_output(setup: Setup, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    monkeypatch.setenv("OUTPUT_FORMAT", "parquet")
    keys = list(setup.files)
    assert setup.invoke(WRAPPINGS["sqs"](setup.source, keys)[0]) == {"batchItemFailures": []}
    outputs = setup.outputs()
    assert set(outputs) == {setup.key_for(k, ".parquet") for k in keys}
    for key, path in setup.files.items():
        table = pq.read_table(pa.BufferReader(outputs[setup.key_for(key, ".parquet")]))
        assert set(table.column("_source").to_pylist()) == {f"s3://{setup.source}/{key}"}
        assert table.drop_columns(list(PROVENANCE)).to_pylist() == \
            awslogparse.read_arrow(path, errors="collect").to_pylist()


def test_configuration_errors_are_refused() -> None:
    with pytest.raises(ValueError, match="OUTPUT_FORMAT"):
        forwarder.Config.from_environ({"DEST_BUCKET": "b", "OUTPUT_FORMAT": "xml"})
    with pytest.raises(ValueError, match="LOG_FORMATS"):
        forwarder.Config.from_environ({"DEST_BUCKET": "b", "LOG_FORMATS": "[1]"})
    config = forwarder.Config.from_environ({"DEST_BUCKET": "b"})
    assert (config.output, config.prefix, config.source_format) == ("ndjson", "", "auto")


# ---- the template


TEMPLATE = EXAMPLE / "template.yaml"


def test_the_template_passes_cfn_lint() -> None:
    from cfnlint.api import ManualArgs, lint_file  # type: ignore[import-untyped]

    matches = lint_file(TEMPLATE, ManualArgs(include_checks=["I"], regions=[REGION]))
    assert [str(m) for m in matches] == []


def template() -> dict[str, Any]:
    from cfnlint.decode.decode import decode_str  # type: ignore[import-untyped]

    decoded, errors = decode_str(TEMPLATE.read_text())
    assert not errors and decoded is not None
    return dict(decoded)


def test_the_template_grants_least_privilege() -> None:
    resources = template()["Resources"]
    [role] = [r for r in resources.values() if r["Type"] == "AWS::IAM::Role"]
    statements = [s for p in role["Properties"]["Policies"]
                  for s in p["PolicyDocument"]["Statement"]]
    statements += [s["Fn::If"][1] for s in statements if "Fn::If" in s]
    for statement in (s for s in statements if "Fn::If" not in s):
        actions = statement["Action"] if isinstance(statement["Action"], list) \
            else [statement["Action"]]
        assert not any("*" in action for action in actions), statement
        assert statement["Resource"] != "*", statement
    permissions = [r for r in resources.values() if r["Type"] == "AWS::Lambda::Permission"]
    assert {p["Properties"]["Principal"] for p in permissions} == \
        {"s3.amazonaws.com", "logs.amazonaws.com"}
    assert all("SourceArn" in p["Properties"] and "SourceAccount" in p["Properties"]
               for p in permissions)
    assert {p["Condition"] for p in permissions} == {"FromBucket", "FromLogGroup"}


def test_the_template_lets_the_role_read_the_versions_events_name() -> None:
    """An event of a bucket with versioning names a version, whose GET needs
    s3:GetObjectVersion (s3:GetObject is not enough)."""
    [role] = [r for r in template()["Resources"].values() if r["Type"] == "AWS::IAM::Role"]
    statements = [s for p in role["Properties"]["Policies"]
                  for s in p["PolicyDocument"]["Statement"]]
    statements += [s["Fn::If"][1] for s in statements if "Fn::If" in s]
    reading = [s for s in statements if "Fn::If" not in s and "s3:GetObject" in (
        s["Action"] if isinstance(s["Action"], list) else [s["Action"]])]
    assert reading and all("s3:GetObjectVersion" in s["Action"] for s in reading)


def test_the_template_configures_what_the_handler_reads() -> None:
    parsed = template()
    [function] = [r for r in parsed["Resources"].values()
                  if r["Type"] == "AWS::Serverless::Function"]
    handler_source = (EXAMPLE / "handler.py").read_text()
    variables = function["Properties"]["Environment"]["Variables"]
    assert all(f'"{name}"' in handler_source for name in variables)
    assert function["Properties"]["Handler"] == "handler.handler"
    assert parsed["Parameters"]["OutputFormat"]["AllowedValues"] == list(forwarder.SUFFIXES)
    assert function["Properties"]["Runtime"] == f"python{build.LAMBDA_PYTHON}"


# ---- the deployment zip


def test_the_function_zip_holds_the_handler_and_awslogparse_only(tmp_path: Path) -> None:
    out = build.build_function(tmp_path / "forwarder.zip", dependencies=False, byte_code=False)
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
    package = {f"awslogparse/{p.relative_to(ROOT / 'awslogparse').as_posix()}"
               for p in (ROOT / "awslogparse").rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    specs = {f"awslogparse/_formats/{p.name}" for p in (ROOT / "formats").iterdir()
             if p.is_file()}
    assert names == {"handler.py"} | package | specs
    assert not {n.split("/")[0] for n in names} & set(build.NOT_IN_FUNCTION)
    assert out.stat().st_size < 2 * 2**20  # a dependency vendored by mistake would show
    again = build.build_function(tmp_path / "again.zip", dependencies=False, byte_code=False)
    assert again.read_bytes() == out.read_bytes()  # reproducible: no new code for CloudFormation
    assert not any(r.split("[")[0].startswith(("pyarrow", "boto3"))
                   for r in build.requirements())
    assert any(r.startswith("pyarrow") for r in build.requirements(extra="arrow"))


def test_the_function_zip_runs_in_a_bare_interpreter(tmp_path: Path) -> None:
    """Unzipped, with no site-packages at all (no pyarrow, no boto3, no zlib-ng): the handler
    imports, awslogparse reads its packaged specs, and a Firehose event is transformed."""
    task = tmp_path / "task"
    with zipfile.ZipFile(build.build_function(tmp_path / "f.zip", dependencies=False)) as zipped:
        zipped.extractall(task)
    path = sample("network-firewall/alert")
    event = firehose_event([b64((line + "\n").encode()) for line in data_lines(path)])
    (tmp_path / "event.json").write_text(json.dumps(event))
    script = f"""
import json, sys
sys.path.insert(0, {str(task)!r})
import handler, awslogparse.specs
assert awslogparse.__file__.startswith({str(task)!r}), awslogparse.__file__
assert str(awslogparse.specs.specs_dir()).startswith({str(task)!r})
assert not {{"boto3", "pyarrow"}} & set(sys.modules)
response = handler.handler(json.load(open({str(tmp_path / "event.json")!r})), None)
assert not {{"boto3", "pyarrow"}} & set(sys.modules)
print(json.dumps(response))
"""
    env = {"PATH": os.environ.get("PATH", ""), "SOURCE_FORMAT": "network_firewall"}
    done = subprocess.run([sys.executable, "-I", "-S", "-c", script], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    outputs = json.loads(done.stdout.splitlines()[-1])["records"]
    decoded = [json.loads(line) for o in outputs if o["result"] == "Ok"
               for line in base64.b64decode(o["data"]).decode().splitlines()]
    assert plain(decoded) == expected(path, format="network_firewall")


def test_the_function_zip_carries_byte_code_that_its_python_loads_without_compiling(
        tmp_path: Path) -> None:
    """Built for this interpreter's version (the builder finds itself), every module has its
    ``.pyc`` beside it, named for Lambda's ``/var/task``; the build is reproducible; and a
    fresh interpreter that cannot write byte code (Lambda's task folder is read-only) imports
    the handler and reads a sample without compiling any module of the zip."""
    import marshal

    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    out = build.build_function(tmp_path / "f.zip", dependencies=False, python=version)
    again = build.build_function(tmp_path / "again.zip", dependencies=False, python=version)
    assert again.read_bytes() == out.read_bytes()
    tag = sys.implementation.cache_tag
    task = tmp_path / "task"
    with zipfile.ZipFile(out) as zipped:
        names = set(zipped.namelist())
        zipped.extractall(task)
    modules = [n for n in names if n.endswith(".py")]
    assert "awslogparse/reader.py" in modules
    cached = {f"{n.rpartition('/')[0]}/__pycache__/{n.rpartition('/')[2][:-3]}.{tag}.pyc"
              .lstrip("/") for n in modules}
    assert cached == {n for n in names if n.endswith(".pyc")}
    code = marshal.loads((task / "awslogparse/__pycache__" / f"reader.{tag}.pyc").read_bytes()[16:])
    assert code.co_filename == "/var/task/awslogparse/reader.py"
    path = sample("vpcflow")
    script = f"""
import builtins, json, sys
compiled, compile_ = [], builtins.compile
def counted(source, filename, *args, **kwargs):
    compiled.append(str(filename))
    return compile_(source, filename, *args, **kwargs)
builtins.compile = counted
sys.path.insert(0, {str(task)!r})
import handler, awslogparse
assert awslogparse.__file__.startswith({str(task)!r}), awslogparse.__file__
data = open({str(path)!r}, 'rb').read()
assert sum(1 for _ in awslogparse.iter_records(data, 'vpcflow', errors='skip')) > 0
print(json.dumps([name for name in compiled if name.startswith({str(task)!r})]))
"""
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []
