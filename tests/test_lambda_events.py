"""``from_lambda_event`` against the local S3 server (tests/s3server.py): every event shape that
delivers logs to a Lambda, built around the sample objects, must give the records of reading those
objects directly, with provenance; bad parts are one error each and never stop the rest.

Event shapes as AWS documents them: https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html,
with-sns.html, with-sqs.html, with-kinesis.html, services-cloudwatchlogs.html,
services-kinesisfirehose.html; https://docs.aws.amazon.com/AmazonS3/latest/userguide/
notification-content-structure.html and ev-events.html.
"""

from __future__ import annotations

import base64
import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import pytest
from s3server import SampleBuckets, sample_files, sample_key

import awslogparse
from awslogparse.model import SourceError
from awslogparse.testing import events
from awslogparse.testing.events import b64

SAMPLE_KEYS = [sample_key(p) for p in sample_files()]
PROVENANCE = ("_source", "_line")
REGION = "us-east-1"


def plain(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k not in PROVENANCE} for r in records]


def local(path: Path, **options: Any) -> tuple[list[dict[str, Any]], Any]:
    it = awslogparse.iter_records(path, errors="collect", with_source=True, **options)
    return list(it), it


def key_of(kind: str) -> str:
    """The first sample key whose path mentions ``kind`` (found, not hard-coded)."""
    return next(k for k in SAMPLE_KEYS if kind in k)


# ---- event builders (AWS's documented shapes)


def s3_record(bucket: str, key: str, event_name: str = "ObjectCreated:Put") -> dict[str, Any]:
    """An S3 event notification record; the key is URL form-encoded as S3 writes it."""
    return events.s3_record(bucket, key, event_name, size=1024)


def notification(bucket: str, keys: list[str]) -> dict[str, Any]:
    return {"Records": [s3_record(bucket, k) for k in keys]}


TEST_EVENT = events.s3_test_event("amzn-s3-demo-bucket")


def sns_envelope(message: Any, message_id: str = "95df01b4-ee98-5cb9-9903-4c221d41eb5e"
                 ) -> dict[str, Any]:
    """An SNS notification as SNS delivers it to SQS (no raw message delivery)."""
    return events.sns_notification(message, message_id)


def sns_record(message: Any, message_id: str = "95df01b4-ee98-5cb9-9903-4c221d41eb5e"
               ) -> dict[str, Any]:
    return events.sns_record(message, message_id)


def sqs_record(body: str, message_id: str) -> dict[str, Any]:
    return events.sqs_record(body, message_id)


def eventbridge(bucket: str, key: str, detail_type: str = "Object Created") -> dict[str, Any]:
    return events.eventbridge_event(bucket, key, detail_type,
                                    event_id="17793124-05d4-b198-2fde-7ededc63b103")


def envelope(group: str, stream: str, messages: list[str],
             message_type: str = "DATA_MESSAGE") -> dict[str, Any]:
    return {"messageType": message_type, "owner": "123456789012", "logGroup": group,
            "logStream": stream, "subscriptionFilters": ["to-lambda"],
            "logEvents": [{"id": str(36000000000000000000000000000000000000000000000000000000 + i),
                           "timestamp": 1795219500000 + i, "message": m}
                          for i, m in enumerate(messages)]}


def gz_json(value: Any) -> bytes:
    return gzip.compress(json.dumps(value).encode(), mtime=0)


def awslogs(value: Any) -> dict[str, Any]:
    return {"awslogs": {"data": b64(gz_json(value))}}


def kinesis_record(data: str, sequence: str) -> dict[str, Any]:
    return events.kinesis_record(data, sequence)


def firehose_event(datas: list[str]) -> dict[str, Any]:
    return events.firehose_event([(f"4964{i:04d}", d) for i, d in enumerate(datas)],
                                 stream="logs")


def data_lines(path: Path) -> list[str]:
    """The lines of a sample file (gunzipped), as a stream would carry them one by one."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode().splitlines()


# ---- S3 pointers, in every wrapping


def wrap_direct(bucket: str, keys: list[str]) -> dict[str, Any]:
    return notification(bucket, keys)


def wrap_sns(bucket: str, keys: list[str]) -> dict[str, Any]:
    return {"Records": [sns_record(notification(bucket, [k]), f"sns-{i}")
                        for i, k in enumerate(keys)]}


def wrap_sqs(bucket: str, keys: list[str]) -> dict[str, Any]:
    return {"Records": [sqs_record(json.dumps(notification(bucket, [k])), f"msg-{i}")
                        for i, k in enumerate(keys)]}


def wrap_sqs_of_sns(bucket: str, keys: list[str]) -> dict[str, Any]:
    return {"Records": [sqs_record(json.dumps(sns_envelope(notification(bucket, [k]))),
                                   f"msg-{i}") for i, k in enumerate(keys)]}


def wrap_sqs_of_eventbridge(bucket: str, keys: list[str]) -> dict[str, Any]:
    return {"Records": [sqs_record(json.dumps(eventbridge(bucket, k)), f"msg-{i}")
                        for i, k in enumerate(keys)]}


WRAPPINGS: dict[str, Callable[[str, list[str]], dict[str, Any]]] = {
    "s3": wrap_direct, "sns": wrap_sns, "sqs": wrap_sqs, "sqs-of-sns": wrap_sqs_of_sns,
    "sqs-of-eventbridge": wrap_sqs_of_eventbridge,
}


@pytest.mark.parametrize("wrapping", list(WRAPPINGS))
def test_every_sample_object_through_every_s3_wrapping(wrapping: str,
                                                       sample_buckets: SampleBuckets,
                                                       s3: Any) -> None:
    bucket = sample_buckets.as_delivered
    keys = list(sample_buckets.files)
    it = awslogparse.from_lambda_event(WRAPPINGS[wrapping](bucket, keys), errors="collect")
    records = list(it)
    expected: list[dict[str, Any]] = []
    sources: list[str] = []
    errors = 0
    for key in keys:
        found, reader = local(sample_buckets.files[key])
        expected += found
        sources += [f"s3://{bucket}/{key}"] * len(found)
        errors += reader.stats.errors
    assert plain(records) == plain(expected)
    assert [r["_source"] for r in records] == sources
    assert [r["_line"] for r in records] == [r["_line"] for r in expected]
    assert it.stats.errors == errors == len(it.errors)
    assert it.stats.records == len(records)
    assert not it.failed_items
    assert awslogparse.batch_item_failures(it) == {"batchItemFailures": []}


def test_each_eventbridge_object_created_event(sample_buckets: SampleBuckets, s3: Any) -> None:
    bucket = sample_buckets.as_delivered
    key = key_of("CloudTrail/")
    records = list(awslogparse.from_lambda_event(eventbridge(bucket, key)))
    assert plain(records) == plain(local(sample_buckets.files[key])[0])
    deleted = awslogparse.from_lambda_event(eventbridge(bucket, key, "Object Deleted"))
    assert list(deleted) == []
    assert (deleted.stats.skipped, deleted.stats.errors) == (1, 0)


@pytest.mark.parametrize("wrapping", ["s3", "sqs", "sqs-of-eventbridge"])
def test_keys_with_spaces_and_plus_signs(wrapping: str, sample_buckets: SampleBuckets, s3: Any,
                                         s3_bucket: str) -> None:
    source = sample_buckets.files[key_of("vpcflowlogs")]
    odd = ["odd keys/flow log+1 (copy).log.gz", "odd keys/100%+ é.log.gz"]
    for key in odd:
        s3.put_object(Bucket=s3_bucket, Key=key, Body=source.read_bytes())
    it = awslogparse.from_lambda_event(WRAPPINGS[wrapping](s3_bucket, odd), errors="collect",
                                       format="vpcflow")
    records = list(it)
    expected = plain(local(source)[0])
    assert plain(records) == expected * 2
    assert [r["_source"] for r in records] == [f"s3://{s3_bucket}/{k}"
                                               for k in odd for _ in expected]


def versioned(kind: str, bucket: str, key: str, version: str | None) -> dict[str, Any]:
    """An event for one object version: an S3 notification (``s3.object.versionId``) in an
    SQS message, or an EventBridge event (``detail.object.version-id``)."""
    if kind == "eventbridge":
        return events.eventbridge_event(bucket, key, version_id=version)
    return {"Records": [sqs_record(json.dumps({"Records": [events.s3_record(
        bucket, key, size=1024, version_id=version)]}), "msg-1")]}


@pytest.mark.parametrize("kind", ["s3", "eventbridge"])
def test_a_versioned_bucket_s_event_reads_the_version_it_names(kind: str, s3: Any,
                                                              s3_bucket: str) -> None:
    """On a bucket with versioning, each event names the version it is about: reading the
    latest one instead would read a newer version twice and the notified one never."""
    s3.put_bucket_versioning(Bucket=s3_bucket,
                             VersioningConfiguration={"Status": "Enabled"})
    source = sample_buckets_file("vpcflowlogs")
    key = "AWSLogs/odd keys/flow log+1.log.gz"  # (URL-encoded in S3 notifications)
    data = source.read_bytes()
    first = s3.put_object(Bucket=s3_bucket, Key=key, Body=data)["VersionId"]
    second = s3.put_object(Bucket=s3_bucket, Key=key, Body=data + data)["VersionId"]
    s3.delete_object(Bucket=s3_bucket, Key=key)  # (a delete marker on top: both stay readable)
    expected = plain(local(source)[0])
    for version, times in ((first, 1), (second, 2)):
        it = awslogparse.from_lambda_event(versioned(kind, s3_bucket, key, version),
                                           errors="collect", format="vpcflow")
        records = list(it)
        assert plain(records) == expected * times, version
        assert {r["_source"] for r in records} == {f"s3://{s3_bucket}/{key}"}
        assert not it.errors and not it.failed_items
    if kind == "eventbridge":  # the key URL-encoded: its version under the decoded key
        it = awslogparse.from_lambda_event(
            events.eventbridge_event(s3_bucket, quote_plus(key, safe="/"), version_id=first),
            format="vpcflow")
        assert plain(list(it)) == expected
    # a version that no longer exists is one error naming it, never the latest one read
    s3.delete_object(Bucket=s3_bucket, Key=key, VersionId=first)
    it = awslogparse.from_lambda_event(versioned(kind, s3_bucket, key, first), errors="collect")
    assert list(it) == []
    [error] = it.errors
    assert error.source == f"s3://{s3_bucket}/{key}"
    assert f"no such version {first} (NoSuchVersion)" in error.reason
    assert awslogparse.batch_item_failures(it) == (
        {"batchItemFailures": [{"itemIdentifier": "msg-1"}]} if kind == "s3"
        else {"batchItemFailures": []})


@pytest.mark.parametrize("version", [None, "null"])
def test_an_event_without_a_version_reads_the_latest_object(version: str | None, s3: Any,
                                                            s3_bucket: str) -> None:
    """No ``versionId`` (versioning never enabled) or ``"null"`` (the null version of a bucket
    whose versioning is suspended): the object as it is, with a GET that needs s3:GetObject
    only."""
    source = sample_buckets_file("vpcflowlogs")
    key = "AWSLogs/flow.log.gz"
    s3.put_object(Bucket=s3_bucket, Key=key, Body=source.read_bytes())
    gets: list[dict[str, Any]] = []

    def record(params: dict[str, Any], **_: Any) -> None:
        gets.append(dict(params))

    from awslogparse import s3 as s3_module

    client = s3_module.client()
    client.meta.events.register("provide-client-params.s3.GetObject", record)
    try:
        records = list(awslogparse.from_lambda_event(
            versioned("s3", s3_bucket, key, version), format="vpcflow"))
    finally:
        client.meta.events.unregister("provide-client-params.s3.GetObject", record)
    assert plain(records) == plain(local(source)[0])
    assert [g.get("VersionId") for g in gets] == [None]


def test_a_version_the_role_may_not_read_says_which_permission_it_needs(
        s3: Any, s3_bucket: str, s3_faults: Callable[[list[dict[str, Any]]], None]) -> None:
    s3.put_bucket_versioning(Bucket=s3_bucket,
                             VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket=s3_bucket, Key="a.log", Body=b"x\n")["VersionId"]
    s3_faults([{"method": "GET", "path": "/a\\.log$", "query": "versionId=", "status": 403,
                "code": "AccessDenied", "message": "Access Denied"}])
    it = awslogparse.from_lambda_event(versioned("s3", s3_bucket, "a.log", version),
                                       errors="collect")
    assert list(it) == []
    [error] = it.errors
    assert error.reason.endswith(f"access denied (AccessDenied: Access Denied; reading version "
                                 f"{version} needs s3:GetObjectVersion)")


def sample_buckets_file(kind: str) -> Path:
    """The first sample file whose key mentions ``kind``."""
    return next(p for p in sample_files() if kind in sample_key(p))


@pytest.mark.parametrize("where", ["direct", "sns", "sqs", "sqs-of-sns"])
def test_the_s3_test_event_is_skipped(where: str, s3: Any) -> None:
    event = {"direct": TEST_EVENT,
             "sns": {"Records": [sns_record(TEST_EVENT)]},
             "sqs": {"Records": [sqs_record(json.dumps(TEST_EVENT), "m-1")]},
             "sqs-of-sns": {"Records": [sqs_record(json.dumps(sns_envelope(TEST_EVENT)),
                                                   "m-1")]}}[where]
    it = awslogparse.from_lambda_event(event, errors="collect")
    assert list(it) == []
    assert (it.stats.skipped, it.stats.errors, it.errors) == (1, 0, [])
    assert awslogparse.batch_item_failures(it) == {"batchItemFailures": []}


def test_object_removed_notifications_are_skipped(s3: Any) -> None:
    it = awslogparse.from_lambda_event(
        {"Records": [s3_record("bucket", "a.log", "ObjectRemoved:Delete")]})
    assert list(it) == []
    assert it.stats.skipped == 1


# ---- bad parts: one error each, with provenance; the rest is read


def test_a_missing_object_is_one_error_and_the_rest_is_read(sample_buckets: SampleBuckets,
                                                            s3: Any) -> None:
    bucket = sample_buckets.as_delivered
    first, last = key_of("CloudTrail/"), key_of("elasticloadbalancing")
    event = wrap_sqs(bucket, [first, "AWSLogs/no/such/object.log.gz", last])
    it = awslogparse.from_lambda_event(event, errors="collect")
    records = list(it)
    expected = local(sample_buckets.files[first])[0] + local(sample_buckets.files[last])[0]
    assert plain(records) == plain(expected)
    missing = [e for e in it.errors if e.line is None]
    assert len(missing) == 1
    assert missing[0].source == f"s3://{bucket}/AWSLogs/no/such/object.log.gz"
    assert missing[0].reason == "no such object (NoSuchKey)"
    assert missing[0].pointer == "/Records/1/body/Records/0"
    assert awslogparse.batch_item_failures(it) == {
        "batchItemFailures": [{"itemIdentifier": "msg-1"}]}
    assert it.stats.records + it.stats.errors == it.stats.units

    with pytest.raises(SourceError, match="no such object"):
        list(awslogparse.from_lambda_event(event, errors="raise"))


def test_every_kind_of_bad_part_is_reported_with_its_provenance(
        sample_buckets: SampleBuckets, s3: Any, s3_bucket: str) -> None:
    good = key_of("CloudTrail/")
    data = sample_buckets.files[good].read_bytes()
    s3.put_object(Bucket=s3_bucket, Key="cut.json.gz", Body=data[: len(data) // 2])
    s3.put_object(Bucket=s3_bucket, Key="notes.txt", Body=b"shopping list: eggs, milk\n")
    s3.put_object(Bucket=s3_bucket, Key=good, Body=data)
    event = {"Records": [
        sqs_record("this is not JSON", "not-json"),
        sqs_record(json.dumps(sns_envelope({"hello": "world"})), "sns-not-s3"),
        sqs_record(json.dumps(eventbridge(s3_bucket, "x") | {"source": "aws.ec2"}), "not-s3-eb"),
        sqs_record(json.dumps(notification(s3_bucket, ["cut.json.gz"])), "truncated"),
        sqs_record(json.dumps(notification(s3_bucket, ["notes.txt"])), "not-a-log"),
        sqs_record(json.dumps(notification(s3_bucket, [good])), "good"),
        {"eventSource": "aws:dynamodb", "eventID": "1"},
    ]}
    it = awslogparse.from_lambda_event(event, errors="collect")
    records = list(it)
    cut_url, good_url = f"s3://{s3_bucket}/cut.json.gz", f"s3://{s3_bucket}/{good}"
    assert {r["_source"] for r in records} == {cut_url, good_url}  # entries before the cut
    assert plain([r for r in records if r["_source"] == good_url]) == \
        plain(local(sample_buckets.files[good])[0])
    reasons = {e.source: e.reason for e in it.errors if e.line is None}
    queue = "sqs:log-queue"
    assert reasons[f"{queue}:not-json"].startswith("the SQS message body is not JSON")
    assert reasons[f"{queue}:sns-not-s3"].startswith("not an S3 event notification")
    assert "aws.ec2" in reasons[f"{queue}:not-s3-eb"]
    assert "cannot tell the format" in reasons[f"s3://{s3_bucket}/notes.txt"]
    assert "'aws:dynamodb'" in reasons["lambda event"]
    cut = [e for e in it.errors if e.source == cut_url]
    assert cut and "truncated" in cut[-1].reason
    failures = awslogparse.batch_item_failures(it)["batchItemFailures"]
    assert [f["itemIdentifier"] for f in failures] == ["not-json", "sns-not-s3", "not-s3-eb",
                                                        "not-a-log"]
    with_lines = awslogparse.batch_item_failures(it, line_errors=True)["batchItemFailures"]
    assert "truncated" in [f["itemIdentifier"] for f in with_lines]
    assert it.stats.records + it.stats.errors == it.stats.units


class _BreakingBody:
    """A ``get_object`` body whose connection breaks after ``cut`` bytes, raising what urllib3
    raises then (no ``OSError``: the S3 layer makes it one)."""

    def __init__(self, data: bytes, cut: int) -> None:
        self._data, self._cut, self._at = data, cut, 0

    def read(self, size: int | None = None) -> bytes:
        from urllib3.exceptions import ProtocolError

        left = self._cut - self._at
        if left <= 0:
            raise ProtocolError("Connection broken: ConnectionResetError(104, 'reset by peer')")
        size = min(left, 4096 if size is None else size)
        self._at += size
        return self._data[self._at - size:self._at]

    def close(self) -> None:
        pass


class _BreakingClient:
    """A real client whose objects' bodies break off halfway."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def get_object(self, **kwargs: Any) -> Any:
        response = self._client.get_object(**kwargs)
        data = response["Body"].read()
        response["Body"] = _BreakingBody(data, len(data) // 2)
        return response

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def test_an_object_whose_connection_drops_fails_its_message(
        sample_buckets: SampleBuckets, s3: Any, s3_bucket: str) -> None:
    """A read that fails part-way (a dropped connection) gives the records before it and one
    error, and fails its SQS message: read again, the object may give the rest. A damaged
    object (truncated gzip) does not (the test above): reading it again stops at the same
    place."""
    key = key_of("CloudTrail/")
    data = sample_buckets.files[key].read_bytes()
    s3.put_object(Bucket=s3_bucket, Key=key, Body=data)
    event = {"Records": [sqs_record(json.dumps(notification(s3_bucket, [key])), "dropped")]}
    it = awslogparse.from_lambda_event(event, s3_client=_BreakingClient(s3), errors="collect")
    records = list(it)
    whole = local(sample_buckets.files[key])[0]
    assert 0 < len(records) < len(whole)
    assert plain(records) == plain(whole[:len(records)])
    assert "ProtocolError" in it.errors[-1].reason
    failures = awslogparse.batch_item_failures(it)["batchItemFailures"]
    assert failures == [{"itemIdentifier": "dropped"}]
    assert "reading failed part-way" in it.items[0].failures[0]
    assert it.stats.read_failed.startswith(f"s3://{s3_bucket}/{key}: OSError")  # (the event's)


def test_malformed_events() -> None:
    for event, reason in [("{not json", "the event is not JSON"),
                          ([1, 2], "the event is not a JSON object"),
                          ({"hello": 1}, "not an S3 event notification")]:
        it = awslogparse.from_lambda_event(event, errors="collect")
        assert list(it) == []
        [error] = it.errors
        assert error.reason.startswith(reason)
        assert (it.stats.units, it.stats.errors) == (1, 1)
    text = json.dumps(TEST_EVENT)
    assert awslogparse.from_lambda_event(text).stats.errors == 0  # JSON text is accepted
    with pytest.raises(SourceError):
        awslogparse.from_lambda_event(TEST_EVENT, format="no-such-format")
    with pytest.raises(ValueError, match="errors must be"):
        awslogparse.from_lambda_event(TEST_EVENT, errors="ignore")  # type: ignore[arg-type]


def test_deeply_nested_json_in_an_event_is_an_error_of_its_message() -> None:
    """JSON nested deeper than the decoder recurses (an event, an SQS body, an SNS message,
    an SNS notification inside an SQS body) is one error of its delivery item, on both entry
    points; the other messages are still read (RecursionError escaped from_lambda_event)."""
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    cases = [(deep, "the event is not JSON"),
             ({"Records": [sqs_record(deep, "deep"), sqs_record(json.dumps(TEST_EVENT), "ok")]},
              "the SQS message body is not JSON"),
             ({"Records": [sns_record(deep, "deep")]}, "the SNS message is not JSON"),
             ({"Records": [sqs_record(json.dumps(sns_envelope(deep)), "deep")]},
              "the SNS message is not JSON")]
    for event, reason in cases:
        for read in (awslogparse.from_lambda_event, awslogparse.lambda_event_batches):
            it = read(event, errors="collect")
            assert list(it) == []
            [error] = it.errors
            assert error.reason.startswith(reason), error.reason
            assert (it.stats.units, it.stats.errors) == (1, 1)
            assert [item.failed for item in it.items] == \
                [item.id == "deep" or item.kind == "event" for item in it.items]


# ---- payloads carried in the event


DEFAULT_FLOW_HEADER = ("version account-id interface-id srcaddr dstaddr srcport dstport protocol "
                       "packets bytes start end action log-status")


def flow_sample(default_layout: bool = False) -> tuple[Path, str, list[str]]:
    """A VPC flow log sample, its header (the layout, given as ``fields=``) and its data lines
    (CloudWatch Logs carries no header); with ``default_layout``, one in the default layout."""
    for path in sample_files():
        if "vpcflowlogs" not in sample_key(path):
            continue
        header, *lines = data_lines(path)
        if not default_layout or header == DEFAULT_FLOW_HEADER:
            return path, header, lines
    raise AssertionError("no such flow log sample")


@pytest.mark.parametrize("names_last", [False, True], ids=["names first", "names last"])
def test_a_payloads_log_group_and_stream_name_its_records(names_last: bool) -> None:
    """Provenance comes from the payload's head: AWS writes the names first; a payload that
    writes them after many kilobytes of events (another producer) still names its records."""
    lines = ["2 123456789012 eni-0a1b2c3d 10.0.0.1 10.0.0.2 443 49152 6 10 840 1700000000 "
             f"1700000060 ACCEPT OK{' ' * 60}"] * 200
    value = envelope("/vpc/flow-logs", "eni-0a1b2c3d-all", lines)
    if names_last:
        value = {"logEvents": value.pop("logEvents"), **value}
        assert json.dumps(value).index('"logGroup"') > 16 * 1024
    records = list(awslogparse.from_lambda_event(awslogs(value),
                                                 log_formats={"/vpc/*": "vpcflow"}))
    assert len(records) == len(lines)
    assert {r["_source"] for r in records} == {"logs:/vpc/flow-logs:eni-0a1b2c3d-all"}


def test_a_payload_with_a_damaged_gzip_trailer_still_names_its_records() -> None:
    """A payload whose gzip trailer (CRC-32) is damaged holds all its events: they read, the
    damage is one error, and both name the payload's log group and stream (the head the names
    are looked for in decoded to nothing, so they were ``logs:?:?``)."""
    messages = ["hello", "world"]
    packed = bytearray(gz_json(envelope("/my/app", "stream-1", messages)))
    packed[-8] ^= 0x01
    it = awslogparse.from_lambda_event({"awslogs": {"data": b64(bytes(packed))}},
                                       errors="collect")
    records = list(it)
    assert [r["message"] for r in records] == messages
    [error] = it.errors
    assert {r["_source"] for r in records} == {error.source} == {"logs:/my/app:stream-1"}


def test_cloudwatch_logs_subscription(s3: Any) -> None:
    path, header, lines = flow_sample()
    expected = plain(local(path)[0])
    event = awslogs(envelope("/vpc/flow-logs", "eni-0a1b2c3d-all", lines))
    it = awslogparse.from_lambda_event(event, errors="collect", fields=header,
                                       log_formats={"/vpc/*": "vpcflow"})
    records = list(it)
    assert len(records) == len(expected)
    for got, want in zip(records, expected, strict=True):
        assert {k: got[k] for k in want} == want
        assert got["_source"] == "logs:/vpc/flow-logs:eni-0a1b2c3d-all"
    assert it.stats.records == len(expected)
    assert it.failed_items == []

    control = awslogparse.from_lambda_event(awslogs(envelope(
        "", "", ["CWL CONTROL MESSAGE: Checking health of destination"], "CONTROL_MESSAGE")))
    assert list(control) == [] and control.stats.skipped == 1

    broken = awslogparse.from_lambda_event({"awslogs": {"data": "!!not base64!!"}},
                                           errors="collect")
    assert list(broken) == []
    assert [e.reason for e in broken.errors] == ["awslogs.data is not base64"]


def test_kinesis_data_streams(sample_buckets: SampleBuckets, s3: Any) -> None:
    flow_path, _, flow = flow_sample(default_layout=True)
    waf_key = key_of("WAFLogs")
    waf_lines = data_lines(sample_buckets.files[waf_key])
    expected_waf, waf_reader = local(sample_buckets.files[waf_key])
    records_in = [kinesis_record(b64(gz_json(envelope("/vpc/flow-logs", "eni-1", flow))),
                                 "49590338271490256608559692538361571095921575989136588801")]
    records_in += [kinesis_record(b64(line.encode()), f"4959033827149025660855969253836157109"
                                  f"59215759891365889{i:02d}") for i, line in enumerate(waf_lines)]
    records_in.append(kinesis_record("%%% not base64 %%%", "49590338271490256608559692538361571"
                                     "095921575989136588999"))
    it = awslogparse.from_lambda_event({"Records": records_in}, errors="collect",
                                       log_formats={"/vpc/*": "vpcflow"})
    records = list(it)
    flow_expected = plain(local(flow_path)[0])
    got_flow = records[: len(flow_expected)]
    assert [{k: r[k] for k in w} for r, w in zip(got_flow, flow_expected, strict=True)] == \
        flow_expected
    assert plain(records[len(flow_expected):]) == plain(expected_waf)
    first = records_in[0]
    assert records[0]["_source"] == f"kinesis:log-stream:{first['eventID']}"
    assert first["kinesis"]["sequenceNumber"] in records[0]["_source"]
    # the bad WAF line: an error naming its Kinesis record; the bad record: one error
    line_errors = [e for e in it.errors if e.line is not None]
    assert len(line_errors) == waf_reader.stats.errors
    assert all(e.source.startswith("kinesis:log-stream:shardId-") for e in line_errors)
    failed = awslogparse.batch_item_failures(it)["batchItemFailures"]
    assert failed == [{"itemIdentifier": records_in[-1]["kinesis"]["sequenceNumber"]}]
    with_lines = awslogparse.batch_item_failures(it, line_errors=True)["batchItemFailures"]
    assert len(with_lines) == 1 + waf_reader.stats.errors


def test_firehose_transformation_response(sample_buckets: SampleBuckets, s3: Any) -> None:
    key = key_of("network-firewall/alert")
    lines = data_lines(sample_buckets.files[key])
    expected, reader = local(sample_buckets.files[key])
    control = envelope("", "", ["CWL CONTROL MESSAGE: Checking health"], "CONTROL_MESSAGE")
    datas = [b64((line + "\n").encode()) for line in lines]
    datas += [b64(gz_json(control)), "not base64 !!"]
    event = firehose_event(datas)
    it = awslogparse.from_lambda_event(event, format="network_firewall", errors="collect")
    response = awslogparse.firehose_response(it)
    outputs = response["records"]
    assert [o["recordId"] for o in outputs] == [r["recordId"] for r in event["records"]]
    assert all(set(o) == {"recordId", "result", "data"} for o in outputs)
    results = [o["result"] for o in outputs]
    assert results[-2:] == ["Dropped", "ProcessingFailed"]
    assert outputs[-1]["data"] == "not base64 !!"  # what was received, for the failed prefix
    assert results.count("ProcessingFailed") == 1 + reader.stats.errors
    decoded = [json.loads(line) for o in outputs if o["result"] == "Ok"
               for line in base64.b64decode(o["data"]).decode().splitlines()]
    assert len(decoded) == len(expected) == results.count("Ok")
    round_trip = [json.loads(awslogparse.lambda_events.ndjson([r])) for r in plain(expected)]
    assert [{k: v for k, v in d.items() if k not in PROVENANCE} for d in decoded] == round_trip
    assert all(d["_source"].startswith("firehose:logs:4964") for d in decoded)

    with pytest.raises(ValueError, match="not been iterated"):
        awslogparse.firehose_response(it)
    # a record whose gzip cannot be decoded far enough to tell its format failed, and says so
    # (it once read as an empty record, which Firehose was told to drop)
    corrupt = b64(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xff")
    damaged = awslogparse.from_lambda_event(firehose_event([corrupt]), errors="collect")
    assert [o["result"] for o in awslogparse.firehose_response(damaged)["records"]] == \
        ["ProcessingFailed"]
    assert "invalid block type" in damaged.errors[0].reason
    with pytest.raises(ValueError, match="not a Firehose"):
        awslogparse.firehose_response(awslogparse.from_lambda_event(TEST_EVENT))


# ---- partial batch responses


def test_batch_item_failures_contract(sample_buckets: SampleBuckets, s3: Any) -> None:
    assert awslogparse.batch_item_failures(["a", "b"]) == {
        "batchItemFailures": [{"itemIdentifier": "a"}, {"itemIdentifier": "b"}]}
    assert awslogparse.batch_item_failures([]) == {"batchItemFailures": []}
    # a failed message without an id: an empty identifier, which fails the whole batch
    nameless = sqs_record("not JSON", "x")
    del nameless["messageId"]
    it = awslogparse.from_lambda_event({"Records": [nameless]})
    list(it)
    assert awslogparse.batch_item_failures(it) == {"batchItemFailures": [{"itemIdentifier": ""}]}
    # stopping early (near the timeout): the messages not reached are retried
    keys = list(sample_buckets.files)[:3]
    event = wrap_sqs(sample_buckets.as_delivered, keys)
    it = awslogparse.from_lambda_event(event)
    next(iter(it))
    assert [f["itemIdentifier"] for f in awslogparse.batch_item_failures(it)["batchItemFailures"]
            ] == ["msg-0", "msg-1", "msg-2"]
    list(it)
    assert awslogparse.batch_item_failures(it) == {"batchItemFailures": []}
    assert [item.records for item in it.items] == [
        local(sample_buckets.files[k])[1].stats.records for k in keys]


def fifo(event: dict[str, Any]) -> dict[str, Any]:
    """The same SQS event from a FIFO queue (its name ends in ``.fifo``; each message has its
    group)."""
    return {"Records": [
        {**record, "eventSourceARN": record["eventSourceARN"] + ".fifo",
         "attributes": {**record["attributes"], "MessageGroupId": "logs",
                        "SequenceNumber": "18849496460467696128",
                        "MessageDeduplicationId": record["messageId"]}}
        for record in event["Records"]]}


@pytest.mark.parametrize("batches", [False, True])
def test_a_fifo_queue_stops_at_the_first_failed_message(
        batches: bool, sample_buckets: SampleBuckets, s3: Any) -> None:
    """AWS: with a FIFO queue, a function "should stop processing messages after the first
    failure and return all failed and unprocessed messages in batchItemFailures" (to keep the
    queue's order; services-sqs-errorhandling.html). The same event on a standard queue reads
    every message and names the failed one only."""
    bucket = sample_buckets.as_delivered
    keys = [key_of("CloudTrail/"), "AWSLogs/no/such/object.log.gz", key_of("vpcflowlogs"),
            key_of("WAFLogs")]
    standard = wrap_sqs(bucket, keys)

    def read(event: dict[str, Any], line_errors: bool = False) -> tuple[list[str], list[str]]:
        if batches:
            it: Any = awslogparse.lambda_event_batches(event, errors="collect")
            sources = [s for b in it for s in b.column("_source").to_pylist()]
        else:
            it = awslogparse.from_lambda_event(event, errors="collect")
            sources = [r["_source"] for r in it]
        failed = awslogparse.batch_item_failures(it, line_errors=line_errors)
        return sorted(set(sources)), [f["itemIdentifier"] for f in failed["batchItemFailures"]]

    read_keys = [k for k in keys if "no/such" not in k]
    assert read(standard) == (sorted(f"s3://{bucket}/{k}" for k in read_keys), ["msg-1"])
    assert read(fifo(standard)) == ([f"s3://{bucket}/{keys[0]}"], ["msg-1", "msg-2", "msg-3"])
    # line errors as failures (line_errors=True): every message after the first one named
    waf_first = wrap_sqs(bucket, [key_of("WAFLogs"), key_of("CloudTrail/")])
    assert local(sample_buckets.files[key_of("WAFLogs")])[1].stats.errors  # (it has bad lines)
    assert read(waf_first, line_errors=True)[1] == ["msg-0"]
    assert read(fifo(waf_first), line_errors=True)[1] == ["msg-0", "msg-1"]


# ---- Arrow


def test_arrow_batches_of_an_event(sample_buckets: SampleBuckets, s3: Any) -> None:
    bucket = sample_buckets.as_delivered
    keys = [key_of("CloudTrail/"), key_of("vpcflowlogs")]
    batches = awslogparse.lambda_event_batches(wrap_sqs(bucket, keys), errors="collect")
    rows: dict[str, int] = {}
    for batch in batches:
        for source in batch.column(batch.schema.get_field_index("_source")).to_pylist():
            rows[source] = rows.get(source, 0) + 1
    assert rows == {f"s3://{bucket}/{k}": local(sample_buckets.files[k])[1].stats.records
                    for k in keys}
    assert batches.stats.records == sum(rows.values())
    assert awslogparse.batch_item_failures(batches) == {"batchItemFailures": []}


def test_options_that_do_not_fit_a_part_fail_that_part_only(sample_buckets: SampleBuckets,
                                                           s3: Any) -> None:
    """``fields=`` (the layout of flow log lines) given with a JSON record in the batch: that
    record is one error, the flow log payload beside it is read with the layout. (The flow
    log comes first: a Kinesis record that fails stops the reading, see below.)"""
    _, header, flow = flow_sample()
    waf_line = data_lines(sample_buckets.files[key_of("WAFLogs")])[0]
    records_in = [kinesis_record(b64(gz_json(envelope("/vpc/x", "eni-1", flow))), "1001"),
                  kinesis_record(b64(waf_line.encode()), "1002")]
    event = {"Records": records_in}
    it = awslogparse.from_lambda_event(event, errors="collect", fields=header,
                                       log_formats={"/vpc/*": "vpcflow"})
    records = list(it)
    assert records and all(r["_source"].endswith(":1001") for r in records)
    [error] = [e for e in it.errors if e.line is None]
    assert error.source.endswith(":1002") and "own field names" in error.reason
    assert awslogparse.batch_item_failures(it) == {
        "batchItemFailures": [{"itemIdentifier": "1002"}]}
    with pytest.raises(awslogparse.ParseError):
        list(awslogparse.from_lambda_event(event, errors="raise", fields=header))


def test_a_kinesis_record_that_fails_stops_the_reading(sample_buckets: SampleBuckets,
                                                       s3: Any) -> None:
    """Lambda retries a Kinesis shard from the lowest sequence number the response names, and
    every record after it again (AWS's own example returns at the first failure): records read
    past a failure would reach the consumer twice. The reader stops at the first record that
    cannot be read; the response names it and the records not reached."""
    _, _, flow = flow_sample(default_layout=True)
    payload = b64(gz_json(envelope("/vpc/x", "eni-1", flow)))
    records_in = [kinesis_record(payload, "2001"), kinesis_record("%%% not base64 %%%", "2002"),
                  kinesis_record(payload, "2003")]
    it = awslogparse.from_lambda_event({"Records": records_in}, errors="collect",
                                       log_formats={"/vpc/*": "vpcflow"})
    records = list(it)
    assert records and all(r["_source"].endswith(":2001") for r in records)
    assert [(i.id, i.done) for i in it.items] == [("2001", True), ("2002", True),
                                                  ("2003", False)]
    assert awslogparse.batch_item_failures(it) == {
        "batchItemFailures": [{"itemIdentifier": "2002"}, {"itemIdentifier": "2003"}]}
    batches = awslogparse.lambda_event_batches({"Records": records_in}, errors="collect",
                                               log_formats={"/vpc/*": "vpcflow"})
    assert sum(b.num_rows for b in batches) == len(records)
    assert awslogparse.batch_item_failures(batches) == awslogparse.batch_item_failures(it)


@pytest.mark.parametrize("blank", [b"\n", b"  \r\n\t\n", gzip.compress(b"\n\n", mtime=0)],
                         ids=["newline", "blanks", "gzip"])
def test_a_blank_record_is_dropped_like_an_empty_one(blank: bytes) -> None:
    """A Firehose or Kinesis record holding only blank lines has no unit: with no format
    given, it is no input of unknown format ("cannot tell the format", ProcessingFailed, a
    failed Kinesis item) but an empty one, as empty data is (Dropped, nothing failed)."""
    data = base64.b64encode(blank).decode()
    event = {"invocationId": "x", "region": "us-east-1",
             "deliveryStreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/s",
             "records": [{"recordId": "1", "approximateArrivalTimestamp": 1, "data": data},
                         {"recordId": "2", "approximateArrivalTimestamp": 1, "data": ""}]}
    response = awslogparse.firehose_response(awslogparse.from_lambda_event(event))
    assert [r["result"] for r in response["records"]] == ["Dropped", "Dropped"]
    it = awslogparse.from_lambda_event({"Records": [kinesis_record(data, "3001")]},
                                       errors="collect")
    assert list(it) == [] and not it.errors
    assert awslogparse.batch_item_failures(it) == {"batchItemFailures": []}
    reader = awslogparse.iter_records(blank, errors="collect")
    assert list(reader) == [] and reader.stats.units == 0 and not reader.errors


@pytest.mark.parametrize("kind", ["SubscriptionConfirmation", "UnsubscribeConfirmation"])
def test_sns_subscription_messages_in_a_queue_are_skipped(kind: str) -> None:
    """An SQS queue subscribed to a topic of another account first receives SNS's message to
    confirm the subscription (and one when it ends): no log, nothing a retry could read. It
    is skipped, as S3's test event is; it failed its item, so Lambda retried it until the
    queue's redrive policy moved it away."""
    confirmation = {"Type": kind, "MessageId": "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
                    "Token": "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92",
                    "TopicArn": "arn:aws:sns:us-west-2:123456789012:MyTopic",
                    "Message": "You have chosen to subscribe to the topic ...",
                    "SubscribeURL": "https://sns.us-west-2.amazonaws.com/?Action=Confirm",
                    "Timestamp": "2012-04-26T20:45:04.751Z", "SignatureVersion": "1",
                    "Signature": "EXAMPLE", "SigningCertURL": "https://example.invalid/x.pem"}
    event = {"Records": [sqs_record(json.dumps(confirmation), "m-1")]}
    it = awslogparse.from_lambda_event(event, errors="collect")
    assert list(it) == [] and not it.errors
    assert [(i.id, i.skipped, i.failed) for i in it.items] == [("m-1", 1, False)]
    assert awslogparse.batch_item_failures(it) == {"batchItemFailures": []}
