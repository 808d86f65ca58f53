"""Lambda events that deliver logs, read as records with their provenance.

``from_lambda_event(event)`` takes what a Lambda handler is given and yields the records of every
log it points at or carries:

- S3 event notifications, direct or wrapped in SNS, SQS, or SQS of SNS; EventBridge "Object
  Created" events: each object is streamed from S3 (``_source`` = ``s3://bucket/key``);
- CloudWatch Logs subscriptions (``awslogs.data``; ``_source`` = ``logs:<group>:<stream>``);
- Kinesis Data Streams records (a CloudWatch Logs payload, or lines of any format;
  ``_source`` = ``kinesis:<stream>:<shard>:<sequence number>``);
- Firehose data transformation records (``_source`` = ``firehose:<stream>:<record id>``).

Each object, payload or message is read on its own, so one that cannot be read is one error with
its provenance and the rest of the event is still read (unless ``errors="raise"``). The reader
also tracks each delivery item (SQS message, Kinesis record, Firehose record) for the partial
batch responses built by :func:`batch_item_failures` and :func:`firehose_response`.

Event shapes: https://docs.aws.amazon.com/lambda/latest/dg/with-s3.html, .../with-sns.html,
.../with-sqs.html, .../with-kinesis.html, .../services-cloudwatchlogs.html,
.../services-kinesisfirehose.html (under https://docs.aws.amazon.com/lambda/latest/dg/);
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html (keys
are URL-encoded, a space as ``+``) and .../ev-events.html (EventBridge).
"""

from __future__ import annotations

import binascii
import json
import re
import zlib
from collections.abc import Callable, Iterable, Sequence

from awslogparse.jsontext import raw_text, record_value, strict_base64
from awslogparse.model import (
    TYPE_CHECKING,
    Columns,
    LogFormats,
    Mutable,
    Record,
    SourceError,
    split_log_format,
)
from awslogparse.multisource import ChainedBatches, ChainedRecords, Part, Reader
from awslogparse.parsers.cloudwatch import RouteMemory
from awslogparse.reader import BatchIterator, ErrorMode, ReadStats, RecordIterator
from awslogparse.values import form_decode

if TYPE_CHECKING:  # (typing costs a cold start milliseconds; see awslogparse/model.py)
    from typing import Any

    Make = Callable[[Any, str, str], Reader]

EVENT_NAME = "lambda event"
SNS_CONFIRMATIONS = ("SubscriptionConfirmation", "UnsubscribeConfirmation")
"""The ``Type`` of SNS's messages about a subscription (to an SQS queue: they arrive in it)."""
ROUTES = RouteMemory()
"""The CloudWatch Logs stream -> format memory a warm function keeps between invocations."""
MAX_RAW = 4096
"""Event text kept in an error about the event's shape."""
_HEAD = 64 * 1024
_NAMES_HEAD = 4096
"""Where a CloudWatch Logs payload's log group and stream names are looked for first: AWS
writes them before the events, each at most 512 characters."""
_GROUP = re.compile(rb'"logGroup"\s*:\s*("(?:[^"\\]|\\.)*")')
_STREAM = re.compile(rb'"logStream"\s*:\s*("(?:[^"\\]|\\.)*")')


class EventItem(Mutable):
    """One delivery unit of an event: an SQS message, a Kinesis record, a Firehose record, an
    SNS message, an S3 notification record, an EventBridge event or a CloudWatch Logs payload.
    ``id`` is what a partial batch response names it by (SQS ``messageId``, Kinesis
    ``sequenceNumber``, Firehose ``recordId``); counts are filled in as it is read.

    Not a dataclass: a Lambda cold start would import :mod:`dataclasses` for it (see
    :class:`~awslogparse.model.Mutable`); ``dataclasses.fields`` and ``asdict`` still work."""

    _fields = ("kind", "id", "pointer", "data", "records", "errors", "skipped", "failures",
               "pending")

    kind: str
    id: str | None
    pointer: str
    data: str | None
    """A Firehose record's data as received (base64), returned as is when it is not Ok."""
    records: int
    errors: int
    skipped: int
    failures: list[str]
    """Why parts of it could not be read at all (a missing object, data that is not base64)."""
    pending: int
    """Parts not read yet."""
    ordered = False
    """A message of an SQS FIFO queue: every message after the first one that fails is named
    in the partial batch response (not a field: ``==`` and ``repr`` are those of the fields
    above)."""
    halts = False
    """The reading stops once this item fails: a FIFO queue's message (AWS: the function
    "should stop processing messages after the first failure"), or a Kinesis record (the
    shard is retried from the first failed sequence number, every record after it again, so
    records read past it would be read twice)."""

    def __init__(self, kind: str, id: str | None, pointer: str, data: str | None = None, *,
                 records: int = 0, errors: int = 0, skipped: int = 0,
                 failures: list[str] | None = None, pending: int = 0) -> None:
        self.kind = kind
        self.id = id
        self.pointer = pointer
        self.data = data
        self.records = records
        self.errors = errors
        self.skipped = skipped
        self.failures = [] if failures is None else failures
        self.pending = pending

    @property
    def done(self) -> bool:
        return self.pending == 0

    @property
    def failed(self) -> bool:
        """Not read in whole: a part could not be read, or was never reached."""
        return bool(self.failures) or self.pending > 0


"""(source, format, name) -> the reader of one part."""


class _Builder:
    """Turns an event into delivery items and the parts to read, without reading anything."""

    def __init__(self, make: Make, format: str, s3_client: Any) -> None:
        self.make = make
        self.format = format
        self.s3_client = s3_client
        self.items: list[EventItem] = []
        self.parts: list[Part] = []

    # ---- what the parts are

    def _item(self, kind: str, id: Any, pointer: str, data: Any = None) -> EventItem:
        item = EventItem(kind, id if isinstance(id, str) else None, pointer,
                         data if isinstance(data, str) else None)
        self.items.append(item)
        return item

    def _add(self, item: EventItem, part: Part) -> None:
        part.tag = item
        item.pending += 1
        self.parts.append(part)

    def _fail(self, item: EventItem, name: str, pointer: str, reason: str, raw: Any) -> None:
        self._add(item, Part(name, failure=reason, raw=raw_text(raw, MAX_RAW), pointer=pointer))

    def _skip(self, item: EventItem, name: str, pointer: str) -> None:
        self._add(item, Part(name, skipped=True, pointer=pointer))

    def _read(self, item: EventItem, name: str, pointer: str, source: Any, format: str) -> None:
        make = self.make
        early = source if hasattr(source, "open_early") else None  # (an S3 object)
        self._add(item, Part(name, open=lambda: make(source, format, name), pointer=pointer,
                             source=early))

    # ---- the shapes

    def event(self, event: Any) -> None:
        if isinstance(event, (str, bytes, bytearray)):
            try:
                event = json.loads(event)
            except (ValueError, RecursionError) as exc:
                item = self._item("event", None, "")
                self._fail(item, EVENT_NAME, "", f"the event is not JSON ({_why(exc)})", event)
                return
        if not isinstance(event, dict):
            item = self._item("event", None, "")
            self._fail(item, EVENT_NAME, "", "the event is not a JSON object", event)
            return
        if "awslogs" in event:
            self._cloudwatch(event)
        elif isinstance(event.get("records"), list) and (
                "deliveryStreamArn" in event or "invocationId" in event):
            self._firehose(event)
        elif isinstance(event.get("Records"), list):
            for index, record in enumerate(event["Records"]):
                self._record(record, f"/Records/{index}")
        else:
            kind = "eventbridge" if "detail-type" in event else "event"
            item = self._item(kind, event.get("id"), "")
            self._message(event, item, "", EVENT_NAME)

    def _record(self, record: Any, pointer: str) -> None:
        """An entry of a ``Records`` list: SQS, SNS, Kinesis or S3."""
        source = _get(record, "eventSource") or _get(record, "EventSource")
        if source == "aws:sqs":
            item = self._item("sqs", record.get("messageId"), pointer)
            item.ordered = item.halts = _is_fifo(record)
            name = f"sqs:{_last(record.get('eventSourceARN'), ':')}:{item.id}"
            body = self._decoded(item, name, f"{pointer}/body", record.get("body"),
                                 "the SQS message body")
            if body is not None:
                self._message(body, item, f"{pointer}/body", name)
        elif source == "aws:sns":
            sns = _get(record, "Sns")
            item = self._item("sns", _get(sns, "MessageId"), pointer)
            name = f"sns:{_last(_get(sns, 'TopicArn'), ':')}:{item.id}"
            message = self._decoded(item, name, f"{pointer}/Sns/Message", _get(sns, "Message"),
                                    "the SNS message")
            if message is not None:
                self._message(message, item, f"{pointer}/Sns/Message", name)
        elif source == "aws:kinesis":
            kinesis = _get(record, "kinesis")
            item = self._item("kinesis", _get(kinesis, "sequenceNumber"), pointer)
            item.halts = True
            stream = _last(record.get("eventSourceARN"), "/")
            name = f"kinesis:{stream}:{record.get('eventID') or item.id}"
            self._data(item, name, f"{pointer}/kinesis/data", _get(kinesis, "data"))
        elif source == "aws:s3":
            item = self._item("s3", None, pointer)
            self._s3_record(record, item, pointer)
        else:
            item = self._item("record", None, pointer)
            self._fail(item, EVENT_NAME, pointer, f"an event record from {source!r}, not S3, "
                       "SNS, SQS or Kinesis", record)

    def _decoded(self, item: EventItem, name: str, pointer: str, text: Any,
                 what: str) -> Any | None:
        """A message body as JSON, or ``None`` after reporting why it is not."""
        if not isinstance(text, str):
            self._fail(item, name, pointer, f"{what} is missing", text)
            return None
        try:
            return json.loads(text)
        except (ValueError, RecursionError) as exc:
            self._fail(item, name, pointer, f"{what} is not JSON ({_why(exc)})", text)
            return None

    def _message(self, value: Any, item: EventItem, pointer: str, name: str) -> None:
        """What SNS or SQS carry (or an event on its own): an S3 notification, S3's test
        event, an SNS notification (SQS of SNS) or an EventBridge event."""
        if not isinstance(value, dict):
            self._fail(item, name, pointer, "not an S3 event notification (not a JSON object)",
                       value)
        elif value.get("Event") == "s3:TestEvent":
            self._skip(item, name, pointer)  # sent when notifications are configured
        elif isinstance(value.get("Records"), list):
            if not value["Records"]:
                self._skip(item, name, pointer)
            for index, record in enumerate(value["Records"]):
                where = f"{pointer}/Records/{index}"
                if _get(record, "eventSource") == "aws:s3":
                    self._s3_record(record, item, where)
                else:
                    self._fail(item, name, where, "not an S3 event notification record", record)
        elif value.get("Type") in SNS_CONFIRMATIONS and "Token" in value:
            self._skip(item, name, pointer)  # (an SNS subscription of a queue in another
            # account: SNS's own message to confirm it, no log; retrying cannot read it)
        elif value.get("Type") == "Notification" and "Message" in value:
            inner = f"{pointer}/Message"
            message = self._decoded(item, name, inner, value["Message"], "the SNS message")
            if message is not None:
                self._message(message, item, inner, name)
        elif "detail-type" in value:
            self._eventbridge(value, item, pointer, name)
        else:
            self._fail(item, name, pointer, "not an S3 event notification, SNS notification or "
                       "EventBridge event", value)

    def _s3_record(self, record: Any, item: EventItem, pointer: str) -> None:
        s3 = _get(record, "s3")
        bucket, key = _get(_get(s3, "bucket"), "name"), _get(_get(s3, "object"), "key")
        if not isinstance(bucket, str) or not isinstance(key, str):
            self._fail(item, EVENT_NAME, pointer, "an S3 event notification record without "
                       "s3.bucket.name and s3.object.key", record)
            return
        key = form_decode(key)  # notification keys are URL-encoded, a space as "+"
        event_name = record.get("eventName")
        if isinstance(event_name, str) and not event_name.startswith("ObjectCreated:"):
            self._skip(item, f"s3://{bucket}/{key}", pointer)  # removals, restores: no new log
            return
        self._object(item, bucket, key, pointer,
                     version=_version(_get(_get(s3, "object"), "versionId")))

    def _eventbridge(self, value: dict[str, Any], item: EventItem, pointer: str,
                     name: str) -> None:
        detail = value.get("detail")
        if value.get("source") != "aws.s3":
            self._fail(item, name, pointer, f"an EventBridge event from {value.get('source')!r}, "
                       "not aws.s3", value)
            return
        bucket = _get(_get(detail, "bucket"), "name")
        key = _get(_get(detail, "object"), "key")
        if not isinstance(bucket, str) or not isinstance(key, str):
            self._fail(item, name, pointer, "an S3 EventBridge event without detail.bucket.name "
                       "and detail.object.key", value)
            return
        if value.get("detail-type") != "Object Created":
            self._skip(item, f"s3://{bucket}/{key}", pointer)
            return
        # AWS does not document whether these keys are URL-encoded: the key as written first,
        # decoded when no such object exists.
        self._object(item, bucket, key, pointer, fallback=form_decode(key),
                     version=_version(_get(_get(detail, "object"), "version-id")))

    def _object(self, item: EventItem, bucket: str, key: str, pointer: str, *,
                fallback: str | None = None, version: str = "") -> None:
        from awslogparse.s3 import S3Object

        source = S3Object(bucket, key, self.s3_client, fallback, version_id=version)
        self._read(item, source.name, pointer, source, self.format)

    def _data(self, item: EventItem, name: str, pointer: str, data: Any) -> None:
        """Base64 data of a Kinesis or Firehose record: a gzip CloudWatch Logs payload, or
        lines of another format."""
        packed = _b64(data)
        if packed is None:
            self._fail(item, name, pointer, "the record's data is not base64", data)
            return
        format = "cloudwatch" if _is_cloudwatch_payload(packed) else self.format
        self._read(item, name, pointer, packed, format)

    def _cloudwatch(self, event: dict[str, Any]) -> None:
        item = self._item("cloudwatch", None, "/awslogs")
        data = _get(event.get("awslogs"), "data")
        packed = _b64(data)
        if packed is None:
            self._fail(item, "logs", "/awslogs/data", "awslogs.data is not base64", data)
            return
        self._read(item, _log_stream_name(packed), "/awslogs/data", packed, "cloudwatch")

    def _firehose(self, event: dict[str, Any]) -> None:
        stream = _last(event.get("deliveryStreamArn"), "/")
        for index, record in enumerate(event["records"]):
            pointer = f"/records/{index}"
            item = self._item("firehose", _get(record, "recordId"), pointer,
                              _get(record, "data"))
            name = f"firehose:{stream}:{item.id}"
            if item.id is None:
                self._fail(item, name, pointer, "a Firehose record without a recordId", record)
                continue
            self._data(item, name, f"{pointer}/data", _get(record, "data"))


def _why(exc: ValueError | RecursionError) -> str:
    """Why text did not decode as JSON (JSON nested deeper than the decoder recurses is
    text a message may hold: an error of that message, as any other bad JSON)."""
    return "nested too deeply" if isinstance(exc, RecursionError) else str(exc)


def _given_name(source: Any, name: str) -> str | None:
    """The name a part's reader is given: none for an S3 object, which names itself once open
    (it may open its URL-decoded key instead of the key as the event wrote it)."""
    return None if hasattr(source, "open_stream") else name


def _version(value: Any) -> str:
    """The object version an S3 event names, to be read rather than the latest one (a newer
    version has its own event): none when the bucket never had versioning (no ``versionId``)
    or for ``"null"``, the version of an object written while versioning was suspended (the
    latest one unless overwritten, which sends its own event too), so that those buckets' GETs
    need no ``s3:GetObjectVersion``."""
    return value if isinstance(value, str) and value not in ("", "null") else ""


def _is_fifo(record: dict[str, Any]) -> bool:
    """An SQS message of a FIFO queue: the queue's name ends in ``.fifo``, and its messages
    have a ``MessageGroupId``."""
    arn = record.get("eventSourceARN")
    return (isinstance(arn, str) and arn.endswith(".fifo")) or \
        isinstance(_get(record.get("attributes"), "MessageGroupId"), str)


def _get(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _last(arn: Any, separator: str) -> str:
    return arn.rsplit(separator, 1)[-1] if isinstance(arn, str) and arn else "?"


def _b64(data: Any) -> bytes | None:
    if not isinstance(data, str):
        return None
    try:
        return strict_base64(data)  # (base64.b64decode, validating)
    except (binascii.Error, ValueError):
        return None


def _head(packed: bytes, most: int = _HEAD) -> bytes:
    """The first ``most`` decoded bytes of data that may be gzip. When the gzip is corrupt,
    what the readers read of it: what precedes the damage, then the members after it (a
    failed call returns nothing, and a payload whose first member is corrupt is still read,
    from the next member on: its kind and names are told from what is read)."""
    if packed[:2] != b"\x1f\x8b":
        return packed[:most]
    try:
        return bytes(zlib.decompressobj(31).decompress(packed[:most], most))
    except zlib.error:
        from awslogparse.sources import gunzip_head

        return gunzip_head(packed, most)


def _is_cloudwatch_payload(packed: bytes) -> bool:
    """A gzip CloudWatch Logs payload (a subscription through Kinesis or Firehose): read as
    one whatever ``format`` says, since ``format`` names the format of other data."""
    if packed[:2] != b"\x1f\x8b":
        return False
    head = _head(packed)
    return b'"logEvents"' in head or b'"messageType"' in head


def _log_stream_name(packed: bytes) -> str:
    """``logs:<group>:<stream>`` from the head of a (gzip) CloudWatch Logs payload, for
    provenance; the payload is parsed in full by the reader."""
    head = _head(packed, _NAMES_HEAD)  # (AWS writes both names first: no need to inflate
    if _GROUP.search(head) is None or _STREAM.search(head) is None:  # a third of a payload)
        head = _head(packed)
    names = []
    for pattern in (_GROUP, _STREAM):
        found = pattern.search(head)
        try:
            names.append(json.loads(found.group(1)) if found else "?")
        except ValueError:
            names.append("?")
    return f"logs:{names[0]}:{names[1]}"


class _Items:
    """Delivery-item bookkeeping shared by the record and batch readers of an event."""

    items: list[EventItem]
    halted: bool

    @property
    def failed_items(self) -> list[EventItem]:
        """Items not read in whole (a part could not be read, or was not reached)."""
        return [item for item in self.items if item.failed]

    def _finished(self, part: Part, stats: ReadStats | None, failure: str | None) -> None:
        item = part.tag
        if not isinstance(item, EventItem):
            return
        item.pending -= 1
        if part.skipped:
            item.skipped += 1
        if stats is not None:
            item.records += stats.records
            item.errors += stats.errors
            item.skipped += stats.skipped
            if stats.read_failed and failure is None:  # (its error is in ``stats.errors``)
                item.failures.append(f"{part.name}: reading failed part-way "
                                     f"({stats.read_failed})")
        if failure is not None:
            item.failures.append(failure)
            item.errors += 1
        if item.failures and item.halts:
            self.halted = True


class EventRecords(_Items, ChainedRecords):
    """The records of a Lambda event (a :class:`RecordIterator`: ``stats``, ``errors``), with
    ``items``, its delivery items, and ``part``, the source being read."""

    def __init__(self, builder: _Builder, errors: ErrorMode) -> None:
        super().__init__(EVENT_NAME, builder.parts, errors)
        self.items = builder.items


class EventBatches(_Items, ChainedBatches):
    """The Arrow batches of a Lambda event: each part's batches, with its schema."""

    def __init__(self, builder: _Builder, errors: ErrorMode,
                 empty: Callable[[], BatchIterator]) -> None:
        super().__init__(EVENT_NAME, builder.parts, errors, empty)
        self.items = builder.items


def _check(errors: str, format: str, log_formats: LogFormats | None) -> None:
    from awslogparse import registry

    if errors not in ("raise", "skip", "collect"):
        raise ValueError(f"errors must be 'raise', 'skip' or 'collect', not {errors!r}")
    for name in [format, *(split_log_format(v)[0] for v in (log_formats or {}).values())]:
        if name != "auto":
            registry.get(name)  # an unknown name is refused now, not at the first part


def from_lambda_event(event: Any, *, s3_client: Any = None, format: str = "auto",
                      errors: ErrorMode = "skip", fields: str | Sequence[str] | None = None,
                      log_formats: LogFormats | None = None,
                      routes: RouteMemory | None = ROUTES) -> EventRecords:
    """Stream the records of every log a Lambda event points at or carries, each with
    ``_source`` (and ``_line``). ``format`` and ``fields`` apply to S3 objects and to Kinesis
    and Firehose data (``"auto"`` detects each on its own); CloudWatch Logs payloads choose each
    log stream's format themselves, ``log_formats`` mapping log groups to formats first.
    ``errors`` as for :func:`awslogparse.iter_records`; a part that cannot be read at all (a
    missing object, a message of the wrong shape) counts as one unit and one error.
    ``s3_client``: a boto3 S3 client, else one from the AWS configuration (made on the first
    object). ``routes``: where each CloudWatch Logs stream's format is remembered between the
    invocations of a warm function (:data:`ROUTES`, the module's own, by default; checked by the
    format's sniffer before use; ``None`` detects afresh each time). Nothing is read before
    iterating."""
    from awslogparse.reader import iter_records

    _check(errors, format, log_formats)

    def make(source: Any, fmt: str, name: str) -> RecordIterator:
        return iter_records(source, fmt, errors=errors, fields=fields, with_source=True,
                            name=_given_name(source, name), log_formats=log_formats,
                            routes=routes)

    builder = _Builder(make, format, s3_client)
    builder.event(event)
    return EventRecords(builder, errors)


def lambda_event_batches(event: Any, *, s3_client: Any = None, format: str = "auto",
                         errors: ErrorMode = "skip", fields: str | Sequence[str] | None = None,
                         log_formats: LogFormats | None = None, columns: Columns = None,
                         fast: bool = True,
                         routes: RouteMemory | None = ROUTES) -> EventBatches:
    """:func:`from_lambda_event` as Arrow batches (for functions that write Parquet): each
    part's batches in turn, each with its part's schema and a ``_source`` column. ``columns``
    as for :func:`awslogparse.iter_batches`. Needs the ``arrow`` extra."""
    from awslogparse.reader import iter_batches

    _check(errors, format, log_formats)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise SourceError("Arrow output needs pyarrow: pip install 'awslogparse[arrow]'") from None

    def make(source: Any, fmt: str, name: str) -> BatchIterator:
        return iter_batches(source, fmt, errors=errors, fields=fields, columns=columns,
                            with_source=True, fast=fast, name=_given_name(source, name),
                            log_formats=log_formats, routes=routes)

    builder = _Builder(make, format, s3_client)
    builder.event(event)
    return EventBatches(builder, errors, lambda: make(b"", format, EVENT_NAME))


BATCH_KINDS = ("sqs", "kinesis")
"""Event sources whose partial batch responses name items."""


def batch_item_failures(failed: EventRecords | EventBatches | Iterable[str], *,
                        line_errors: bool = False) -> dict[str, list[dict[str, str]]]:
    """The partial batch response of an SQS or Kinesis invocation:
    ``{"batchItemFailures": [{"itemIdentifier": ...}]}``.

    Given a reader of the event, it names every SQS message (``messageId``) or Kinesis record
    (``sequenceNumber``) not read in whole: a part could not be read, or iteration stopped
    before it (so stopping early, near the function's timeout, retries the rest). Bad lines in
    an object that was read do not fail its message, unless ``line_errors=True`` (retrying
    does not mend a bad line; they are in ``.errors``). Or give the identifiers yourself.

    Contract (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html and
    https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html):
    only read when the event source mapping has ``ReportBatchItemFailures``; an empty list means
    the whole batch succeeded; Kinesis checkpoints at the lowest failed sequence number and
    retries from there; an empty or null identifier fails the whole batch, which is what a
    failed item without an identifier gives here (nothing is dropped silently). With a FIFO
    queue, the function "should stop processing messages after the first failure and return
    all failed and unprocessed messages": the reader stops there, and every message of a FIFO
    queue after the first one named is named too. A Kinesis record that cannot be read stops
    the reading as well (records read past it would be read again on the retry); the records
    not reached are named, being unread.
    """
    if isinstance(failed, _Items):
        chosen, stopped = [], False
        for item in failed.items:
            if item.kind in BATCH_KINDS and (item.failed or (line_errors and item.errors)
                                             or (stopped and item.ordered)):
                chosen.append(item)
                stopped = stopped or item.ordered
        names = [item.id or "" for item in chosen]
    else:
        names = [str(name) for name in failed]
    return {"batchItemFailures": [{"itemIdentifier": name} for name in names]}


def ndjson(records: Sequence[Record]) -> bytes:
    """Records as NDJSON (times as ISO 8601, ``Z`` for UTC): the default Firehose output."""
    encode = _ENCODER.encode
    return "".join(encode(r) + "\n" for r in records).encode()


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=record_value)
"""One encoder for every record (``json.dumps`` with options builds one per call)."""


def firehose_response(reader: EventRecords,
                      serialize: Callable[[Sequence[Record]], bytes] = ndjson
                      ) -> dict[str, list[dict[str, str]]]:
    """Read a Firehose transformation event's records and build the function's response:
    ``{"records": [{"recordId", "result", "data"}]}``, one entry per input record, in order.

    ``Ok`` with the record's parsed records, serialized (NDJSON by default) and base64-encoded;
    ``Dropped`` for a record holding no log records by design (a CloudWatch Logs control
    message, empty data); ``ProcessingFailed`` with the data as received for a record that could
    not be read, or whose every unit was an error (Firehose then delivers it to the
    ``processing-failed`` prefix of an S3 destination).

    Contract: https://docs.aws.amazon.com/firehose/latest/dev/data-transformation-status-model.html
    (every output needs ``recordId``, ``result`` and ``data``; a record ID that does not match an
    input is a transformation failure) and .../data-transformation-failure-handling.html.
    ``reader`` must come from :func:`from_lambda_event` and not have been iterated.
    """
    if reader.part is not None:
        raise ValueError("firehose_response reads the records itself: pass a reader of "
                         "from_lambda_event that has not been iterated")
    outputs = [item for item in reader.items if item.kind == "firehose"]
    if not outputs:
        raise ValueError("not a Firehose data transformation event (no records[].recordId)")
    grouped: dict[int, list[Record]] = {}
    for record in reader:
        part = reader.part
        grouped.setdefault(id(part.tag if part is not None else None), []).append(record)
    response = []
    for item in outputs:
        records = grouped.get(id(item), [])
        original = item.data or ""
        if item.failed or (not records and item.errors):
            response.append({"recordId": item.id or "", "result": "ProcessingFailed",
                             "data": original})
        elif not records:
            response.append({"recordId": item.id or "", "result": "Dropped", "data": original})
        else:
            data = binascii.b2a_base64(serialize(records), newline=False).decode("ascii")
            response.append({"recordId": item.id or "", "result": "Ok", "data": data})
    return {"records": response}


__all__ = ["EventBatches", "EventItem", "EventRecords", "batch_item_failures",
           "firehose_response", "from_lambda_event", "lambda_event_batches", "ndjson"]
