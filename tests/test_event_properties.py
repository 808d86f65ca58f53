"""Property tests for ``from_lambda_event`` over generated events of every shape
(``awslogparse.testing.events``): an event's records are the records of the same objects and
payloads read directly, in order, with the same errors; ``records + errors == units`` over the
event; each delivery item counts its own records and fails exactly when a part of it cannot be
read, which is what ``batch_item_failures`` and ``firehose_response`` report.

S3 objects are stored on the local S3 server (tests/s3server.py) before each example and removed
after it, so examples share the test's bucket without seeing each other's objects. Examples are
shared out across the tests from the profile's budget (the ``ci`` profile raises it fivefold).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse import registry
from awslogparse.model import LineError, ParseError, Record, SourceError
from awslogparse.testing.events import (
    LambdaEvent,
    aws_object_keys,
    cloudwatch_events,
    eventbridge_event,
    firehose_events,
    key_layout_formats,
    kinesis_events,
    log_batches,
    s3_events,
)

budget = settings(max_examples=max(3, settings().max_examples // 5),
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.filter_too_much,
                                         HealthCheck.function_scoped_fixture])
"""Per property test: a fifth of the profile's budget (four of them; CI runs five times more)."""


@dataclass
class Expected:
    """What reading an event must give, from reading its parts one by one."""

    records: list[Record] = field(default_factory=list)
    errors: list[tuple[str, int | None, str]] = field(default_factory=list)
    """(source, line, reason) of each error; for a part that cannot be read, the reason is the
    text the reason must contain."""
    exact: list[bool] = field(default_factory=list)
    """Per error: its reason is known exactly (else: contained)."""
    units: int = 0
    skipped: int = 0
    item_records: list[int] = field(default_factory=list)
    item_failed: list[bool] = field(default_factory=list)
    item_done: list[bool] = field(default_factory=list)


PROVENANCE = ("_source", "_line")


def plain(record: Record) -> Record:
    return {k: v for k, v in record.items() if k not in PROVENANCE}


def read_directly(generated: LambdaEvent) -> Expected:
    """Each part as a reader of its bytes alone would read it (with the event's options)."""
    out = Expected()
    halted = False  # (a Kinesis record that fails stops the reading: its shard is retried
    for item in generated.items:  # from there, every record after it again)
        records, failed, read = 0, False, 0
        for part in item.parts:
            if halted:
                break
            read += 1
            if part.kind == "skipped":
                out.skipped += 1
            elif part.kind == "error":
                out.errors.append((part.source, None, part.reason))
                out.exact.append(False)
                out.units += 1
                failed = True
            else:
                assert part.log is not None
                fmt = "cloudwatch" if part.log.format == "cloudwatch" else generated.format
                it = awslogparse.iter_records(part.log.data, fmt, errors="collect",
                                              fields=generated.fields, with_source=True,
                                              name=part.source, routes=None)
                got: list[Record] = []
                failure = None
                try:
                    got.extend(it)
                except (SourceError, ParseError) as exc:  # options that do not fit the part
                    failure = str(exc)
                out.records += got
                out.errors += [(e.source, e.line, e.reason) for e in it.errors]
                out.exact += [True] * len(it.errors)
                out.units += it.stats.units
                out.skipped += it.stats.skipped
                records += len(got)
                if failure is not None:
                    prefix = f"{part.source}: "
                    reason = failure[len(prefix):] if failure.startswith(prefix) else failure
                    out.errors.append((part.source, None, reason))
                    out.exact.append(True)
                    out.units += 1
                    failed = True
            halted = failed and item.kind == "kinesis"
        out.item_records.append(records)
        out.item_failed.append(failed or read < len(item.parts))
        out.item_done.append(read == len(item.parts))
    return out


def check_event(generated: LambdaEvent, s3: Any = None, *, as_text: bool = False) -> Any:
    """Read the event (as a dict, or as JSON text) and compare it with its parts read directly.
    Returns the reader."""
    event: Any = json.dumps(generated.event) if as_text else generated.event
    it = awslogparse.from_lambda_event(event, s3_client=s3, format=generated.format,
                                       fields=generated.fields, errors="collect", routes=None)
    records = list(it)
    want = read_directly(generated)

    assert [plain(r) for r in records] == [plain(r) for r in want.records]
    assert [r["_line"] for r in records] == [r["_line"] for r in want.records]
    assert [r["_source"] for r in records] == [r["_source"] for r in want.records]
    got_errors = [(e.source, e.line, e.reason) for e in it.errors]
    assert len(got_errors) == len(want.errors), (got_errors, want.errors)
    for got, wanted, exact in zip(got_errors, want.errors, want.exact, strict=True):
        assert got[:2] == wanted[:2], (got, wanted)
        assert got[2] == wanted[2] if exact else wanted[2] in got[2], (got, wanted)
    assert all(isinstance(e, LineError) and e.pointer is not None for e in it.errors)

    stats = it.stats
    assert stats.records == len(records)
    assert stats.errors == len(got_errors)
    assert stats.units == want.units
    assert stats.records + stats.errors == stats.units, stats
    assert stats.skipped == want.skipped

    assert [(i.kind, i.id) for i in it.items] == [(i.kind, i.id) for i in generated.items]
    assert [i.records for i in it.items] == want.item_records
    assert [i.failed for i in it.items] == want.item_failed
    assert [i.done for i in it.items] == want.item_done
    failed_ids = [item.id or "" for item, failed in zip(generated.items, want.item_failed,
                                                        strict=True)
                  if failed and item.kind in ("sqs", "kinesis")]
    assert awslogparse.batch_item_failures(it) == {
        "batchItemFailures": [{"itemIdentifier": name} for name in failed_ids]}
    if not any(p.kind == "log" for p in generated.parts):
        assert records == []
    return it


def store(s3: Any, generated: LambdaEvent) -> list[str]:
    keys = []
    for obj in generated.objects:
        s3.put_object(Bucket=obj.bucket, Key=obj.key, Body=obj.log.data)
        keys.append(obj.key)
    return keys


def remove(s3: Any, bucket: str, keys: list[str]) -> None:
    if keys:
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})


@budget
@given(data=st.data())
def test_s3_events_read_their_objects(s3: Any, s3_bucket: str, data: st.DataObject) -> None:
    """Every S3 shape (direct, SNS, SQS, SQS of SNS, EventBridge direct or through SQS), keys
    with spaces, ``+`` and any letters, missing objects and messages of the wrong shape."""
    generated = data.draw(s3_events(s3_bucket), label="event")
    keys = store(s3, generated)
    try:
        check_event(generated, s3, as_text=data.draw(st.booleans(), label="as JSON text"))
        # every stored object that the event points at was read as its key says
        sources = {p.source for p in generated.parts if p.kind == "log"}
        assert sources <= {f"s3://{o.bucket}/{o.key}" for o in generated.objects}
    finally:
        remove(s3, s3_bucket, keys)


def test_an_eventbridge_key_found_decoded_names_the_object_read(s3: Any,
                                                                s3_bucket: str) -> None:
    """The reader tries an EventBridge key as written, then URL-decoded: records and errors
    then name the object that was read (the case the property test above meets now and then,
    pinned down)."""
    key = "flow logs/a+b é.log"
    line = ("2 123456789012 eni-0a1b2c3d4e5f67890 10.0.1.5 198.51.100.7 49152 443 6 12 3456 "
            "1763683200 1763683260 ACCEPT OK")
    s3.put_object(Bucket=s3_bucket, Key=key, Body=f"{line}\nnot a flow log line\n".encode())
    event = eventbridge_event(s3_bucket, quote_plus(key, safe="/"))
    it = awslogparse.from_lambda_event(event, s3_client=s3, format="vpcflow", errors="collect")
    records = list(it)
    assert [r["_source"] for r in records] == [f"s3://{s3_bucket}/{key}"]
    assert [e.source for e in it.errors] == [f"s3://{s3_bucket}/{key}"]


@budget
@given(generated=cloudwatch_events())
def test_cloudwatch_logs_subscriptions_read_their_payload(generated: LambdaEvent) -> None:
    check_event(generated)


@budget
@given(generated=kinesis_events())
def test_kinesis_records_read_their_data(generated: LambdaEvent) -> None:
    it = check_event(generated)
    assert [i.id for i in it.items] == [r["kinesis"]["sequenceNumber"]
                                        for r in generated.event["Records"]]


@budget
@given(generated=firehose_events())
def test_firehose_transformation_response(generated: LambdaEvent) -> None:
    """One response record per input record, in order: ``Ok`` with its records as NDJSON,
    ``ProcessingFailed`` (with the data as received) when it could not be read or every unit
    was an error, ``Dropped`` when it held no record by design."""
    check_event(generated)
    it = awslogparse.from_lambda_event(generated.event, format=generated.format,
                                       fields=generated.fields, errors="collect", routes=None)
    response = awslogparse.firehose_response(it)["records"]
    inputs = generated.event["records"]
    assert [r["recordId"] for r in response] == [r["recordId"] for r in inputs]
    for out, given_record, item in zip(response, inputs, it.items, strict=True):
        if item.failed or (item.records == 0 and item.errors):
            assert out["result"] == "ProcessingFailed"
            assert out["data"] == given_record["data"]
        elif item.records == 0:
            assert out["result"] == "Dropped"
        else:
            assert out["result"] == "Ok"
            lines = base64.b64decode(out["data"]).decode("utf-8").split("\n")[:-1]
            assert len(lines) == item.records
            assert all(json.loads(line)["_source"].startswith("firehose:") for line in lines)


# ---- objects named as AWS names them

_RELAXED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
            HealthCheck.function_scoped_fixture]


@settings(max_examples=max(5, settings().max_examples // 4), suppress_health_check=_RELAXED,
          deadline=None)
@given(data=st.data())
@pytest.mark.parametrize("fmt", awslogparse.formats())
def test_aws_keys_name_their_format_by_key(fmt: str, data: st.DataObject) -> None:
    """Every format with key patterns has AWS's layout drawn, each drawn key is one the
    format's key detection takes (a candidate of ``detect(key)``: flow logs' keys are VPC's and
    Transit Gateway's alike), and a format without any says so (ValueError naming those that
    have one) rather than inventing one."""
    if not registry.get(fmt).key_patterns:
        with pytest.raises(ValueError, match="no S3 key layout") as raised:
            aws_object_keys(fmt)
        assert all(name in str(raised.value) for name in key_layout_formats())
        return
    assert fmt in key_layout_formats()
    key = data.draw(aws_object_keys(fmt), label="key")
    assert registry.get(fmt).matches_key(key), key
    assert fmt in [name for name, _, _ in registry.detect(key).candidates], key


def _read(generated: LambdaEvent, s3: Any, fmt: str) -> tuple[list[Record], list[Any], Any]:
    it = awslogparse.from_lambda_event(generated.event, s3_client=s3, format=fmt,
                                       fields=generated.fields, errors="collect", routes=None)
    records = list(it)
    return records, [(e.source, e.line, e.reason) for e in it.errors], \
        [(i.kind, i.id, i.records, i.failed) for i in it.items]


@settings(max_examples=max(2, settings().max_examples // 10), suppress_health_check=_RELAXED,
          deadline=None)
@given(data=st.data())
@pytest.mark.parametrize("fmt", key_layout_formats())
def test_events_of_aws_keys_read_the_same_with_format_auto(fmt: str, s3: Any, s3_bucket: str,
                                                           data: st.DataObject) -> None:
    """Objects named as AWS delivers ``fmt`` read with ``format="auto"`` (the event's own)
    give what naming the format gives: the same records, errors and items."""
    generated = data.draw(s3_events(s3_bucket, format=fmt, keys="aws"), label="event")
    assert generated.format == "auto"
    assert all(registry.get(fmt).matches_key(o.key) for o in generated.objects)
    keys = store(s3, generated)
    try:
        assert _read(generated, s3, "auto") == _read(generated, s3, fmt)
        check_event(generated, s3)
    finally:
        remove(s3, s3_bucket, keys)


@settings(max_examples=max(5, settings().max_examples // 4), suppress_health_check=_RELAXED,
          deadline=None)
@given(data=st.data())
def test_events_of_given_logs_name_their_format_unless_asked_for_aws_keys(
        data: st.DataObject) -> None:
    """Logs a caller gives may be as no S3 delivery writes them (a flow log without its
    header: VPC's and Transit Gateway's alike): by default their event names the format and
    the objects take arbitrary keys; AWS's keys (and ``auto``) only when asked for."""
    fmt = data.draw(st.sampled_from(key_layout_formats()), label="format")
    logs = data.draw(log_batches(fmt, max_size=2), label="logs")
    generated = data.draw(s3_events("bucket", logs=logs), label="event")
    assert generated.format == fmt
    asked = data.draw(s3_events("bucket", logs=logs, keys="aws"), label="event with AWS keys")
    assert asked.format == "auto"
    assert all(registry.get(fmt).matches_key(o.key) for o in asked.objects)
