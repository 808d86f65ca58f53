"""Lambda events that deliver logs, around any format's generated files (public API).

A strategy here draws a :class:`LambdaEvent`: the event as Lambda hands it to a function, the S3
objects it points at (to store before reading it), and what each of its delivery items must read
as, part by part. The logs are the other modules' generated files (:func:`log_data` picks the
family strategy of any format), so a test can read the same bytes directly and compare:

- S3 event notifications, direct, through SNS, SQS or SQS of SNS, and EventBridge "Object Created"
  events, direct or through SQS (:func:`s3_events`); keys are drawn with spaces, ``+``, ``%`` and
  non-ASCII letters, and URL-encoded as S3 writes them into notifications;
- CloudWatch Logs subscription events, ``awslogs.data`` (:func:`cloudwatch_events`);
- Kinesis Data Streams events: base64 of a gzip CloudWatch Logs payload or of a log's lines
  (:func:`kinesis_events`);
- Firehose data transformation events, the same data (:func:`firehose_events`).

Events may also hold parts that cannot be read (a missing object, an SQS body that is not JSON, an
SNS message that is not an S3 notification, data that is not base64, an EventBridge event of
another service) and parts that hold no log by design (S3's test event, removals); each is
described, with the ``_source`` name and reason the reader must report.

Event shapes as AWS documents them, under https://docs.aws.amazon.com/lambda/latest/dg/:
with-s3.html, with-sns.html, with-sqs.html, with-kinesis.html, services-cloudwatchlogs.html,
services-kinesisfirehose.html; S3's notification record and its URL-encoded keys:
https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html;
EventBridge: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html.
"""

from __future__ import annotations

import base64
import functools
import gzip
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal
from urllib.parse import quote_plus

from hypothesis import strategies as st

from awslogparse import registry
from awslogparse.specs import load_spec
from awslogparse.testing._common import (
    DIGITS,
    HEX,
    NAME_CHARS,
    REGIONS,
    fixed,
    rarely,
    resource_ids,
    timestamps,
)
from awslogparse.testing.delimited import (
    delimited_files,
    delimited_formats,
    delimited_json_files,
    delimited_output_formats,
    delimited_parquet_files,
    elb_key_formats,
    elb_keys,
)
from awslogparse.testing.flowlog import flowlog_files
from awslogparse.testing.flowlog_parquet import flowlog_parquet_files, flowlog_parquet_formats
from awslogparse.testing.gateway import (
    GATEWAY_ACCESS,
    GATEWAY_EXECUTION,
    access_files,
    access_templates,
    execution_files,
)
from awslogparse.testing.jsonrec import (
    ENVELOPE,
    cloudwatch_payloads,
    export_files,
    export_formats,
    json_files,
    json_formats,
)
from awslogparse.testing.services import service_files, service_formats

ACCOUNT: Final = "123456789012"
REGION: Final = "us-east-1"
QUEUE: Final = "log-queue"
TOPIC: Final = "log-delivery"
KINESIS_STREAM: Final = "log-stream"
FIREHOSE_STREAM: Final = "log-transform"

Shape = Literal["s3", "sns", "sqs", "sqs-of-sns", "eventbridge", "sqs-of-eventbridge",
                "cloudwatch", "kinesis", "firehose"]
S3_SHAPES: Final[tuple[Shape, ...]] = ("s3", "sns", "sqs", "sqs-of-sns", "eventbridge",
                                       "sqs-of-eventbridge")
"""The ways an event points at S3 objects."""
BATCH_KINDS: Final = ("sqs", "kinesis")
"""Item kinds that a partial batch response names."""


# ---- logs and objects


@dataclass(frozen=True, repr=False)
class LogData:
    """The bytes of one log (an S3 object's content, or a stream record's data) and the
    ``fields`` its generator says a reader needs (None when the file states its layout)."""

    format: str
    data: bytes
    fields: str | tuple[str, ...] | None = None

    def __repr__(self) -> str:  # short: Hypothesis prints it for every failing example
        return f"LogData(format={self.format!r}, fields={self.fields!r}, data={self.data[:300]!r})"


@dataclass(frozen=True)
class StoredObject:
    """An S3 object an event points at: store it under ``key`` before reading the event."""

    bucket: str
    key: str
    log: LogData


def _flowlog_formats() -> tuple[str, ...]:
    return tuple(n for n in registry.formats() if load_spec(registry.get(n).spec_name).family
                 == "flowlog")


@functools.cache
def event_formats() -> tuple[str, ...]:
    """The formats :func:`log_data` draws from when given none, in registry order: each
    family's line and JSON formats, which events carry and content tells apart (not the other
    outputs of a CloudFront v2 delivery, CloudWatch Logs exports and payloads, nor API Gateway
    execution logs: see
    :func:`file_formats`)."""
    drawable = {*_flowlog_formats(), *delimited_formats(), *json_formats(), *service_formats(),
                GATEWAY_ACCESS}
    return tuple(n for n in registry.formats() if n in drawable)


@functools.cache
def file_formats() -> tuple[str, ...]:
    """Every registered format :func:`log_data` can draw files of, in registry order."""
    drawable = {*event_formats(), *delimited_output_formats(), *export_formats(), ENVELOPE,
                GATEWAY_EXECUTION, *flowlog_parquet_formats()}
    return tuple(n for n in registry.formats() if n in drawable)


@functools.cache
def damage_formats() -> tuple[str, ...]:
    """The formats of :func:`file_formats` whose files take damage
    (:func:`~awslogparse.testing.damaged_files`: lines or JSON objects to spoil), in registry
    order: all but the Parquet outputs and CloudWatch Logs payloads."""
    return tuple(n for n in file_formats() if n != ENVELOPE and
                 load_spec(registry.get(n).spec_name).framing != "parquet")


def _fields(value: str | Sequence[str] | None) -> str | tuple[str, ...] | None:
    return value if value is None or isinstance(value, str) else tuple(value)


@st.composite
def log_data(draw: st.DrawFn, format: str | None = None, *, max_units: int = 5,
             s3: bool = False) -> LogData:
    """A generated file of ``format`` (any of :func:`file_formats`; one of
    :func:`event_formats` when None), drawn by its family's strategy: flow logs, delimited
    access logs and CloudFront v2's JSON and Parquet outputs, flow logs' Parquet output, JSON
    records, CloudWatch Logs payloads and exports, service logs or API Gateway access and
    execution logs; gzip or not. ``s3``: as AWS writes the format's objects to S3, where that
    is narrower (flow logs and CloudFront's W3C files always open with their header lines;
    without a header the same lines are what CloudWatch Logs or Kinesis carry)."""
    fmt = registry.get(format).name if format is not None else \
        draw(st.sampled_from(event_formats()))
    header = True if s3 else None
    if fmt in _flowlog_formats():
        flow = draw(flowlog_files(fmt, sections=(1, 2), max_records=max_units, header=header))
        return LogData(fmt, flow.data, _fields(flow.fields))
    if fmt in delimited_formats():
        delimited = draw(delimited_files(fmt, max_lines=max_units, header=header))
        return LogData(fmt, delimited.data, _fields(delimited.fields))
    if fmt in json_formats():
        return LogData(fmt, draw(json_files(fmt, max_records=max_units)).data)
    if fmt in flowlog_parquet_formats():
        return LogData(fmt, draw(flowlog_parquet_files(fmt, max_records=max_units)).data)
    if fmt in delimited_output_formats():
        if load_spec(registry.get(fmt).spec_name).framing == "parquet":
            return LogData(fmt, draw(delimited_parquet_files(fmt, max_lines=max_units)).data)
        return LogData(fmt, draw(delimited_json_files(fmt, max_lines=max_units)).data)
    if fmt in export_formats():
        return LogData(fmt, draw(export_files(fmt, max_lines=max_units)).data)
    if fmt == ENVELOPE:
        return LogData(fmt, draw(cloudwatch_payloads(max_envelopes=max_units)).data)
    if fmt == GATEWAY_EXECUTION:
        return LogData(fmt, draw(execution_files(max_lines=max_units)).data)
    if fmt in service_formats():
        return LogData(fmt, draw(service_files(fmt, max_lines=max_units)).data)
    if fmt == GATEWAY_ACCESS:
        access = draw(access_files(draw(access_templates()), max_lines=max_units))
        return LogData(fmt, access.data, access.fields)
    raise ValueError(f"no file strategy for {fmt!r}; formats with one: {file_formats()}")


@st.composite
def log_batches(draw: st.DrawFn, format: str | None = None, *, min_size: int = 1,
                max_size: int = 3, max_units: int = 5, s3: bool = False) -> list[LogData]:
    """Logs of one format for one event (API Gateway logs share one template, as one stage's
    logs do; the ``fields`` of the others may differ, as files of one bucket can); ``s3`` as
    for :func:`log_data`."""
    fmt = registry.get(format).name if format is not None else \
        draw(st.sampled_from(event_formats()))
    if fmt == GATEWAY_ACCESS:
        template = draw(access_templates())
        files = draw(st.lists(access_files(template, max_lines=max_units), min_size=min_size,
                              max_size=max_size))
        return [LogData(fmt, f.data, f.fields) for f in files]
    return draw(st.lists(log_data(fmt, max_units=max_units, s3=s3), min_size=min_size,
                         max_size=max_size))


_KEY_PUNCTUATION: Final = " +%&=!'()*,;:@$~_.-"
"""Characters of S3 keys that URL encoding changes or that look like encoding (AWS's "safe"
characters and some that need handling; none of those AWS says to avoid)."""


def object_keys() -> st.SearchStrategy[str]:
    """S3 keys of one to four ``/``-separated segments: ASCII names, now and then spaces, ``+``,
    ``%``, other punctuation and letters or digits of any script (no empty, ``.`` or ``..``
    segment: HTTP servers normalise those away)."""
    plain = st.text("abcdefghijklmnopqrstuvwxyz0123456789_-.", min_size=1, max_size=12)
    rich = st.text(st.one_of(st.sampled_from(_KEY_PUNCTUATION),
                             st.characters(codec="utf-8", categories=["L", "N"])),
                   min_size=1, max_size=12)
    segment = rarely(plain, rich, 3).filter(lambda s: s.strip(".") != "")
    return st.lists(segment, min_size=1, max_size=4).map("/".join)


_LOWER_ALNUM: Final = "abcdefghijklmnopqrstuvwxyz0123456789"
_UPPER_ALNUM: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_ALNUM: Final = _LOWER_ALNUM + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _hyphenated(alphabet: str, max_size: int) -> st.SearchStrategy[str]:
    """A resource name of ``alphabet`` and inner hyphens (none first or last)."""
    return st.text(alphabet + "-", min_size=1, max_size=max_size).filter(
        lambda s: not s.startswith("-") and not s.endswith("-"))


def _user_prefixes() -> st.SearchStrategy[str]:
    """The prefix a user gives a delivery (none, or a folder or two)."""
    folder = st.text(_LOWER_ALNUM + "-_", min_size=1, max_size=10)
    return rarely(st.just(""), st.lists(folder, min_size=1, max_size=2).map(
        lambda f: "/".join(f) + "/"), 2)


@st.composite
def _times(draw: st.DrawFn, step: int = 5) -> datetime:
    """A delivery time, its minute a multiple of ``step`` (AWS writes files per 5 minutes)."""
    when = draw(timestamps())
    return when.replace(minute=when.minute - when.minute % step, second=0)


def _firehose_name(stream: str, when: datetime, uuid: str) -> str:
    """Firehose's default object key: ``YYYY/MM/DD/HH/<stream>-<version>-<time>-<uuid>``."""
    return f"{when:%Y/%m/%d/%H}/{stream}-1-{when:%Y-%m-%d-%H-%M-%S}-{uuid}"


@st.composite
def _flowlog_key(draw: st.DrawFn, ext: str, tgw: bool) -> str:
    """``AWSLogs/<acct>/vpcflowlogs/<region>/YYYY/MM/DD/[HH/]<file>`` or the Hive-compatible
    ``aws-account-id=<acct>/aws-service=vpcflowlogs/...`` folders (the Transit Gateway guide
    writes ``service=``), the file ``<acct>_vpcflowlogs_<region>_<fl-id>_<time>_<hash>``."""
    acct, region, when = draw(fixed(DIGITS, 12)), draw(st.sampled_from(REGIONS)), draw(_times())
    hourly = draw(st.booleans())
    name = (f"{acct}_vpcflowlogs_{region}_{draw(resource_ids('fl-'))}_{when:%Y%m%dT%H%MZ}_"
            f"{draw(fixed(HEX, 8))}{ext}")
    if draw(st.booleans()):
        service = draw(st.sampled_from(("aws-service", "service"))) if tgw else "aws-service"
        folders = (f"AWSLogs/aws-account-id={acct}/{service}=vpcflowlogs/aws-region={region}/"
                   f"year={when:%Y}/month={when:%m}/day={when:%d}/"
                   + (f"hour={when:%H}/" if hourly else ""))
    else:
        folders = (f"AWSLogs/{acct}/vpcflowlogs/{region}/{when:%Y/%m/%d}/"
                   + (f"{when:%H}/" if hourly else ""))
    return draw(_user_prefixes()) + folders + name


def _distribution_ids() -> st.SearchStrategy[str]:
    """CloudFront distribution ids: ``E`` and 13 (now and then 12 or 14) capitals or digits."""
    return rarely(st.just(13), st.sampled_from((12, 14)), 5).flatmap(
        lambda n: fixed(_UPPER_ALNUM, n)).map(lambda s: "E" + s)


@st.composite
def _cloudfront_key(draw: st.DrawFn, v2: Literal["", "text", "parquet"]) -> str:
    """Legacy standard logs: ``[<prefix>]<distribution id>.YYYY-MM-DD-HH.<unique>.gz``; v2
    deliveries to S3 put the same name (``.parquet`` for Parquet output) under
    ``AWSLogs/<acct>/CloudFront/<distribution id>/YYYY/MM/DD/HH/`` or, with Hive-compatible
    names, ``AWSLogs/aws-account-id=<acct>/CloudFront/DistributionId=<id>/year=.../``."""
    dist, when = draw(_distribution_ids()), draw(timestamps())
    name = (f"{dist}.{when:%Y-%m-%d-%H}.{draw(fixed(_LOWER_ALNUM, 8))}"
            f"{'.parquet' if v2 == 'parquet' else '.gz'}")
    if not v2:
        return draw(_user_prefixes()) + name
    acct = draw(fixed(DIGITS, 12))
    if draw(st.booleans()):
        folders = (f"AWSLogs/aws-account-id={acct}/CloudFront/DistributionId={dist}/"
                   f"year={when:%Y}/month={when:%m}/day={when:%d}/hour={when:%H}/")
    else:
        folders = f"AWSLogs/{acct}/CloudFront/{dist}/{when:%Y/%m/%d/%H}/"
    return draw(_user_prefixes()) + folders + name


def _organization_folders() -> st.SearchStrategy[str]:
    """An organization trail's ``o-<id>/`` after ``AWSLogs/``, now and then."""
    return rarely(st.just(""), st.integers(10, 32).flatmap(
        lambda n: fixed(_LOWER_ALNUM, n)).map(lambda s: f"o-{s}/"), 4)


@st.composite
def _cloudtrail_key(draw: st.DrawFn, digest: bool) -> str:
    """``AWSLogs/[o-<org>/]<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_
    <time>_<16 characters>.json.gz``; digests: ``CloudTrail-Digest/<region>/YYYY/MM/DD/<acct>_
    CloudTrail-Digest_<region>_<trail>_<home region>_<YYYYMMDDTHHmmssZ>.json.gz``."""
    acct, region, when = draw(fixed(DIGITS, 12)), draw(st.sampled_from(REGIONS)), draw(_times())
    folders = f"AWSLogs/{draw(_organization_folders())}{acct}"
    if digest:
        trail = draw(st.text(_ALNUM + "._-", min_size=3, max_size=30).filter(
            lambda s: s[0].isalnum() and s[-1].isalnum()))
        home = draw(st.sampled_from(REGIONS))
        name = (f"{acct}_CloudTrail-Digest_{region}_{trail}_{home}_"
                f"{when:%Y%m%dT%H%M%SZ}.json.gz")
        return (f"{draw(_user_prefixes())}{folders}/CloudTrail-Digest/{region}/"
                f"{when:%Y/%m/%d}/{name}")
    name = f"{acct}_CloudTrail_{region}_{when:%Y%m%dT%H%MZ}_{draw(fixed(_ALNUM, 16))}.json.gz"
    return f"{draw(_user_prefixes())}{folders}/CloudTrail/{region}/{when:%Y/%m/%d}/{name}"


@st.composite
def _network_firewall_key(draw: st.DrawFn) -> str:
    """``AWSLogs/<acct>/network-firewall/<alert|flow|tls>/<region>/<firewall>/YYYY/MM/DD/HH/
    <acct>_network-firewall_<type>_<region>_<firewall>_<time>_<hash>.log.gz``."""
    acct, region, when = draw(fixed(DIGITS, 12)), draw(st.sampled_from(REGIONS)), draw(_times())
    kind = draw(st.sampled_from(("alert", "flow", "tls")))
    firewall = draw(_hyphenated(_ALNUM, 20))
    name = (f"{acct}_network-firewall_{kind}_{region}_{firewall}_{when:%Y%m%dT%H%MZ}_"
            f"{draw(fixed(HEX, 8))}.log.gz")
    return (f"{draw(_user_prefixes())}AWSLogs/{acct}/network-firewall/{kind}/{region}/"
            f"{firewall}/{when:%Y/%m/%d/%H}/{name}")


@st.composite
def _resolver_key(draw: st.DrawFn) -> str:
    """``AWSLogs/<acct>/vpcdnsquerylogs/<vpc id>/YYYY/MM/DD/<vpc id>_vpcdnsquerylogs_<acct>_
    <time>_<hash>.log.gz``."""
    acct, vpc, when = draw(fixed(DIGITS, 12)), draw(resource_ids("vpc-")), draw(_times())
    name = f"{vpc}_vpcdnsquerylogs_{acct}_{when:%Y%m%dT%H%MZ}_{draw(fixed(HEX, 8))}.log.gz"
    return (f"{draw(_user_prefixes())}AWSLogs/{acct}/vpcdnsquerylogs/{vpc}/{when:%Y/%m/%d}/"
            f"{name}")


@st.composite
def _s3access_key(draw: st.DrawFn) -> str:
    """``<prefix>YYYY-MM-DD-HH-MM-SS-<16 hex capitals>`` or, partitioned,
    ``<prefix><source acct>/<source region>/<source bucket>/YYYY/MM/DD/YYYY-MM-DD-HH-MM-SS-
    <unique>`` (event-time partitions: the time of day 00-00-00); no extension, not gzip."""
    when, unique = draw(timestamps()), draw(fixed(HEX.upper(), 16))
    prefix = draw(st.sampled_from(("", "logs/", "s3-access/", "access-log-")))
    if draw(st.booleans()):
        return f"{prefix}{when:%Y-%m-%d-%H-%M-%S}-{unique}"
    bucket = draw(st.text(_LOWER_ALNUM + ".-", min_size=1, max_size=20).map(
        lambda s: f"b{s}0").filter(lambda s: ".." not in s))
    if draw(st.booleans()):  # event time: one day's logs
        when = when.replace(hour=0, minute=0, second=0)
    return (f"{prefix}{draw(fixed(DIGITS, 12))}/{draw(st.sampled_from(REGIONS))}/{bucket}/"
            f"{when:%Y/%m/%d}/{when:%Y-%m-%d-%H-%M-%S}-{unique}")


@st.composite
def _waf_key(draw: st.DrawFn) -> str:
    """``AWSLogs/<acct>/WAFLogs/<region, or cloudfront>/<web ACL>/YYYY/MM/DD/HH/mm/<acct>_
    waflogs_<region>_<web ACL>_<time>_<hash>.log.gz``, or Firehose's default key in a stream
    named ``aws-waf-logs-...``."""
    acct, when = draw(fixed(DIGITS, 12)), draw(_times())
    if draw(rarely(st.just(False), st.just(True), 4)):
        stream = "aws-waf-logs-" + draw(_hyphenated(_ALNUM, 20))
        return draw(_user_prefixes()) + _firehose_name(stream, when, str(draw(st.uuids())))
    scope = draw(rarely(st.sampled_from(REGIONS), st.just("cloudfront"), 4))
    acl = draw(st.text(NAME_CHARS, min_size=1, max_size=20))
    name = f"{acct}_waflogs_{scope}_{acl}_{when:%Y%m%dT%H%MZ}_{draw(fixed(HEX, 8))}.log.gz"
    return (f"{draw(_user_prefixes())}AWSLogs/{acct}/WAFLogs/{scope}/{acl}/"
            f"{when:%Y/%m/%d/%H/%M}/{name}")


@st.composite
def _apigateway_key(draw: st.DrawFn) -> str:
    """Firehose's default key in a stream named ``amazon-apigateway-...`` (the name API
    Gateway requires of a stream it logs to)."""
    stream = "amazon-apigateway-" + draw(_hyphenated(_ALNUM, 20))
    return draw(_user_prefixes()) + _firehose_name(stream, draw(timestamps()),
                                                   str(draw(st.uuids())))


@st.composite
def _export_key(draw: st.DrawFn) -> str:
    """``<prefix>/<export task id>/<log stream>/<six digits>.gz``: the stream an
    application's instance writes to (the CloudWatch agent names it by the instance id, which
    no format's stream naming claims)."""
    prefix = draw(st.sampled_from(("exportedlogs", "exports", "cwl/app")))
    stream = draw(resource_ids("i-"))
    return f"{prefix}/{draw(st.uuids())}/{stream}/{draw(st.integers(0, 12)):06d}.gz"


_KEY_LAYOUTS: Final[dict[str, Callable[[], st.SearchStrategy[str]]]] = {
    "vpcflow": lambda: _flowlog_key(".log.gz", tgw=False),
    "tgwflow": lambda: _flowlog_key(".log.gz", tgw=True),
    "vpcflow_parquet": lambda: _flowlog_key(".log.parquet", tgw=False),
    "tgwflow_parquet": lambda: _flowlog_key(".log.parquet", tgw=True),
    **{name: functools.partial(elb_keys, name) for name in elb_key_formats()},
    "cloudfront": lambda: _cloudfront_key(""),
    "cloudfront_v2": lambda: _cloudfront_key("text"),
    "cloudfront_v2_json": lambda: _cloudfront_key("text"),
    "cloudfront_v2_parquet": lambda: _cloudfront_key("parquet"),
    "cloudtrail": lambda: _cloudtrail_key(digest=False),
    "cloudtrail_digest": lambda: _cloudtrail_key(digest=True),
    "network_firewall": _network_firewall_key,
    "route53_resolver": _resolver_key,
    "s3access": _s3access_key,
    "waf": _waf_key,
    "apigateway": _apigateway_key,
    "cloudwatch_export": _export_key,
}
"""How AWS names the objects it delivers, by format: the layouts its documentation (and the
format's spec, ``key_patterns``, citing it) gives."""


def key_layout_formats() -> tuple[str, ...]:
    """The registered formats AWS delivers to S3 under keys of a documented layout, which
    :func:`aws_object_keys` draws, in registry order."""
    return tuple(n for n in registry.formats() if n in _KEY_LAYOUTS)


@functools.cache
def aws_object_keys(format: str) -> st.SearchStrategy[str]:
    """S3 keys of ``format``'s objects in the layout AWS writes them under (account, region,
    dates, resource names and ids drawn; sometimes a user's prefix first): VPC and Transit
    Gateway flow logs (text and Parquet, plain and Hive-compatible folders), load balancers,
    CloudFront (legacy and v2), CloudTrail and its digests, WAF (S3 and Firehose), Route 53
    Resolver, Network Firewall, S3 server access logs (plain and partitioned), API Gateway
    through Firehose and CloudWatch Logs exports. The name ends as AWS names the object
    (``.gz`` where AWS compresses), whatever the content drawn for it: readers go by content.

    A format AWS documents no object layout for (it reaches S3 only through a consumer of the
    user's, or not at all) has none: ValueError, naming the formats that have one."""
    name = registry.get(format).name
    layout = _KEY_LAYOUTS.get(name)
    if layout is None:
        raise ValueError(f"AWS documents no S3 key layout for {name!r}; formats with one: "
                         f"{', '.join(key_layout_formats())}")
    return layout()


# ---- what an event must read as


PartKind = Literal["log", "error", "skipped"]


@dataclass(frozen=True, repr=False)
class EventPart:
    """One part of an event: a log to read (an S3 object's content or inline data), a part that
    cannot be read (one unit, one error), or one that holds no log by design (skipped)."""

    kind: PartKind
    source: str
    """The ``_source`` of its records, and the source its error names."""
    log: LogData | None = None
    """For ``log``: the bytes to read and the format to read them as (``cloudwatch`` for a
    CloudWatch Logs payload in a stream record, whatever the event's ``format``)."""
    reason: str = ""
    """For ``error``: text the error's reason contains."""

    def __repr__(self) -> str:
        return f"EventPart({self.kind!r}, {self.source!r}, {self.log!r}, {self.reason!r})"


@dataclass(frozen=True)
class DeliveryItem:
    """What one delivery item of the event (an SQS message, SNS record, S3 record, Kinesis or
    Firehose record, the CloudWatch Logs payload, the event itself) holds."""

    kind: str
    """As :class:`awslogparse.EventItem` names it: ``sqs``, ``sns``, ``s3``, ``eventbridge``,
    ``kinesis``, ``firehose``, ``cloudwatch``, ``event``."""
    id: str | None
    parts: tuple[EventPart, ...]

    @property
    def unreadable(self) -> bool:
        """A part of it cannot be read: a partial batch response must name it."""
        return any(p.kind == "error" for p in self.parts)


@dataclass(frozen=True, repr=False)
class LambdaEvent:
    """A generated event, the objects to store first, and what reading it must give."""

    shape: Shape
    event: dict[str, Any]
    items: tuple[DeliveryItem, ...]
    objects: tuple[StoredObject, ...] = ()
    format: str = "auto"
    """The ``format=`` to read the event with: its logs' format, or ``auto`` where the objects
    are named as AWS names that format's (:func:`s3_events` with AWS's keys) or there is
    none."""
    fields: str | tuple[str, ...] | None = None
    """The ``fields=`` to read the event with (the first log's)."""

    @property
    def parts(self) -> list[EventPart]:
        return [part for item in self.items for part in item.parts]

    @property
    def failed_ids(self) -> list[str]:
        """The identifiers ``batch_item_failures`` must return, in event order."""
        return [item.id or "" for item in self.items
                if item.kind in BATCH_KINDS and item.unreadable]

    def __repr__(self) -> str:
        text = json.dumps(self.event, ensure_ascii=False)
        return (f"LambdaEvent(shape={self.shape!r}, format={self.format!r}, "
                f"fields={self.fields!r}, items={list(self.items)!r}, event={text[:3000]})")


# ---- event builders (AWS's documented shapes)


def s3_record(bucket: str, key: str, event_name: str = "ObjectCreated:Put", *,
              safe: str = "/", size: int = 0, version_id: str | None = None
              ) -> dict[str, Any]:
    """An S3 event notification record; the key URL form-encoded (a space as ``+``) as S3
    writes it, ``safe`` the characters left as they are; ``version_id``: the object's
    ``versionId`` (a bucket with versioning enabled), left out when None."""
    record: dict[str, Any] = {
        "eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": REGION,
        "eventTime": "2026-11-21T00:05:00.000Z", "eventName": event_name,
        "userIdentity": {"principalId": "AWS:AIDAEXAMPLE"},
        "requestParameters": {"sourceIPAddress": "192.0.2.10"},
        "responseElements": {"x-amz-request-id": "C3D13FE58DE4C810",
                             "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMU"},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "log-delivery",
               "bucket": {"name": bucket, "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                          "arn": f"arn:aws:s3:::{bucket}"},
               "object": {"key": quote_plus(key, safe=safe), "size": size,
                          "eTag": "d41d8cd98f00b204e9800998ecf8427e",
                          "sequencer": "0055AED6DCD90281E5"}},
    }
    if version_id is not None:
        record["s3"]["object"]["versionId"] = version_id
    return record


def s3_test_event(bucket: str) -> dict[str, Any]:
    """What S3 sends when notifications are configured (no records)."""
    return {"Service": "Amazon S3", "Event": "s3:TestEvent", "Time": "2026-11-21T00:00:00.000Z",
            "Bucket": bucket, "RequestId": "5582815E1AEA5ADF",
            "HostId": "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}


def sns_notification(message: Any, message_id: str) -> dict[str, Any]:
    """An SNS notification as SNS delivers it to SQS (``Message`` is JSON text, or the text
    itself when ``message`` is a string)."""
    return {"Type": "Notification", "MessageId": message_id,
            "TopicArn": f"arn:aws:sns:{REGION}:{ACCOUNT}:{TOPIC}",
            "Subject": "Amazon S3 Notification",
            "Message": message if isinstance(message, str) else json.dumps(message),
            "Timestamp": "2026-11-21T00:05:01.000Z", "SignatureVersion": "1",
            "Signature": "EXAMPLE", "SigningCertURL": "https://sns.example/cert.pem",
            "UnsubscribeURL": "https://sns.example/unsubscribe"}


def sns_record(message: Any, message_id: str) -> dict[str, Any]:
    """An entry of an SNS event's ``Records``."""
    notification = sns_notification(message, message_id)
    return {"EventSource": "aws:sns", "EventVersion": "1.0",
            "EventSubscriptionArn": f"{notification['TopicArn']}:2bcfbf39-05c3-41de-beaa",
            "Sns": {**notification, "MessageAttributes": {}}}


def sqs_record(body: str, message_id: str) -> dict[str, Any]:
    """An entry of an SQS event's ``Records`` (``body`` as sent)."""
    return {"messageId": message_id, "receiptHandle": "MessageReceiptHandle", "body": body,
            "attributes": {"ApproximateReceiveCount": "1", "SentTimestamp": "1795219500000",
                           "SenderId": "AIDAEXAMPLE",
                           "ApproximateFirstReceiveTimestamp": "1795219500001"},
            "messageAttributes": {}, "md5OfBody": "7b270e59b47ff90a553787216d55d91d",
            "eventSource": "aws:sqs",
            "eventSourceARN": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{QUEUE}", "awsRegion": REGION}


def eventbridge_event(bucket: str, key: str, detail_type: str = "Object Created", *,
                      source: str = "aws.s3", event_id: str = "17793124-05d4-b198-2fde",
                      version_id: str | None = None) -> dict[str, Any]:
    """An S3 event as EventBridge delivers it (the key as written here); ``version_id``: the
    object's ``version-id`` (a bucket with versioning enabled), left out when None."""
    event: dict[str, Any] = {
        "version": "0", "id": event_id, "detail-type": detail_type, "source": source,
        "account": ACCOUNT, "time": "2026-11-21T00:05:00Z", "region": REGION,
        "resources": [f"arn:aws:s3:::{bucket}"],
        "detail": {"version": "0", "bucket": {"name": bucket},
                   "object": {"key": key, "size": 0, "etag": "b1946ac92492d2347c6235b4",
                              "sequencer": "617f08299329d189"},
                   "request-id": "N4N7GDK58NMKJ12R", "requester": ACCOUNT,
                   "source-ip-address": "192.0.2.10", "reason": "PutObject"}}
    if version_id is not None:
        event["detail"]["object"]["version-id"] = version_id
    return event


def kinesis_record(data: str, sequence: str, shard: str = "shardId-000000000006"
                   ) -> dict[str, Any]:
    """An entry of a Kinesis event's ``Records`` (``data`` base64)."""
    return {"kinesis": {"kinesisSchemaVersion": "1.0", "partitionKey": "1",
                        "sequenceNumber": sequence, "data": data,
                        "approximateArrivalTimestamp": 1795219500.123},
            "eventSource": "aws:kinesis", "eventVersion": "1.0",
            "eventID": f"{shard}:{sequence}", "eventName": "aws:kinesis:record",
            "invokeIdentityArn": f"arn:aws:iam::{ACCOUNT}:role/forwarder", "awsRegion": REGION,
            "eventSourceARN": f"arn:aws:kinesis:{REGION}:{ACCOUNT}:stream/{KINESIS_STREAM}"}


def firehose_event(records: Sequence[tuple[str, str]], stream: str = FIREHOSE_STREAM
                   ) -> dict[str, Any]:
    """A Firehose data transformation event of (record id, base64 data) pairs."""
    return {"invocationId": "invocationIdExample",
            "deliveryStreamArn":
                f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/{stream}",
            "region": REGION,
            "records": [{"recordId": rid, "approximateArrivalTimestamp": 1795219500000,
                         "data": data} for rid, data in records]}


def b64(data: bytes) -> str:
    """Base64 text, as events carry data."""
    return base64.b64encode(data).decode("ascii")


# ---- S3 events


def _object_source(bucket: str, key: str) -> str:
    return f"s3://{bucket}/{key}"


_ids = st.uuids().map(str)
_SAFE_SETS: Final = ("/", "/()*!'~", "/ ")
"""What notification keys leave unencoded: ``/`` (as S3 writes them), more of the characters
URL encoding may keep, or (a sender of its own) spaces."""


@dataclass(frozen=True)
class _Pointer:
    """One pointer of an S3 event to build: an object to read, a missing key, a removal, the
    test event, or (EventBridge) an event of another service."""

    kind: Literal["object", "missing", "removed", "test", "foreign"]
    key: str = ""
    log: LogData | None = None


@st.composite
def _pointers(draw: st.DrawFn, bucket: str, objects: Sequence[StoredObject],
              bad_parts: bool) -> list[_Pointer]:
    stored = {o.key for o in objects}
    pointers = [_Pointer("object", o.key, o.log) for o in objects]
    twice: bool = draw(rarely(st.just(False), st.just(True), 5))
    if objects and twice:  # S3 delivers at least once: now and then twice
        again = draw(st.sampled_from(objects))
        pointers.append(_Pointer("object", again.key, again.log))
    if bad_parts:
        missing = object_keys().filter(lambda k: k not in stored)
        extra = st.one_of(st.builds(lambda k: _Pointer("missing", k), missing),
                          st.builds(lambda k: _Pointer("removed", k), object_keys()),
                          st.just(_Pointer("test")), st.just(_Pointer("foreign")))
        pointers += draw(st.lists(extra, max_size=2))
    return draw(st.permutations(pointers))


KeyKind = Literal["any", "aws"]
"""How :func:`s3_events` names the objects: :func:`object_keys` or :func:`aws_object_keys`."""


@st.composite
def s3_events(draw: st.DrawFn, bucket: str, shape: Shape | None = None, *,
              format: str | None = None, logs: Sequence[LogData] | None = None,
              bad_parts: bool = True, max_objects: int = 3,
              keys: KeyKind | None = None) -> LambdaEvent:
    """An event pointing at S3 objects of one format (drawn, or ``logs``), in one of
    :data:`S3_SHAPES`; with ``bad_parts``, now and then a missing object, a removal, S3's test
    event, an EventBridge event of another service, or an SQS body or SNS message that is not
    a notification.

    ``keys``: ``"any"`` names the objects by :func:`object_keys` (the event's ``format`` then
    names the logs' format), ``"aws"`` by :func:`aws_object_keys` as AWS delivers that format
    (ValueError for a format without a documented layout), and the event's ``format`` is
    ``"auto"``: key and content tell the format, as for AWS's own deliveries; None (the
    default) draws one of them, AWS's only where the format has a layout and the logs are
    drawn here (as AWS writes them to S3: ``log_data(s3=True)``; given ``logs``, ``"any"``)."""
    how: Shape = shape if shape is not None else draw(st.sampled_from(S3_SHAPES))
    if how not in S3_SHAPES:
        raise ValueError(f"{how!r} is not one of {S3_SHAPES}")
    if keys not in (None, "any", "aws"):
        raise ValueError(f"keys must be 'any', 'aws' or None, not {keys!r}")
    if logs is not None:
        fmt = logs[0].format if logs else None
    else:
        fmt = registry.get(format).name if format is not None else \
            draw(st.sampled_from(event_formats()))
    kind: KeyKind = keys if keys is not None else "any" if logs is not None or \
        fmt not in key_layout_formats() else draw(st.sampled_from(("any", "aws")))
    if kind == "aws" and fmt is None:
        raise ValueError("keys='aws' needs a log to name the format of")
    batch = list(logs) if logs is not None else \
        draw(log_batches(fmt, max_size=max_objects, s3=kind == "aws"))
    first = batch[0] if batch else None
    names = aws_object_keys(fmt) if kind == "aws" and fmt else object_keys()
    keys_drawn = draw(st.lists(names, min_size=len(batch), max_size=len(batch), unique=True))
    objects = tuple(StoredObject(bucket, k, log) for k, log in zip(keys_drawn, batch,
                                                                       strict=True))
    pointers = draw(_pointers(bucket, objects, bad_parts))
    stored = {o.key for o in objects}
    build = _EVENTBRIDGE if how in ("eventbridge", "sqs-of-eventbridge") else _NOTIFICATION
    records: list[dict[str, Any]] = []
    items: list[DeliveryItem] = []
    for index, pointer in enumerate(pointers):
        content, parts = draw(build(bucket, pointer, stored))
        if how == "s3":
            # a direct notification: each record its own item (the test event is an event of
            # its own, never a record: it is left out here)
            if pointer.kind in ("test", "foreign"):
                continue
            records.extend(content["Records"])
            items.append(DeliveryItem("s3", None, parts))
        elif how == "eventbridge":
            if not records:  # one EventBridge event per invocation: the first pointer
                records.append(content)
                items.append(DeliveryItem("eventbridge", content["id"], parts))
        elif how == "sns":
            message_id = draw(_ids)
            records.append(sns_record(content, message_id))
            items.append(DeliveryItem("sns", message_id,
                                      _renamed(parts, f"sns:{TOPIC}:{message_id}")))
        else:  # through SQS, raw or as SNS delivers to it
            message_id = f"msg-{index}-{draw(_ids)}"
            body = sns_notification(content, draw(_ids)) if how == "sqs-of-sns" else content
            records.append(sqs_record(json.dumps(body, ensure_ascii=draw(st.booleans())),
                                      message_id))
            name = f"sqs:{QUEUE}:{message_id}"
            items.append(DeliveryItem("sqs", message_id, _renamed(parts, name)))
    if how in ("sqs", "sqs-of-sns", "sqs-of-eventbridge", "sns") and bad_parts:
        records, items = draw(_bad_messages(how, records, items))
    if how == "eventbridge":
        if not records:
            records.append(eventbridge_event(bucket, "nothing", "Object Deleted"))
            items.append(DeliveryItem("eventbridge", records[0]["id"],
                                      (EventPart("skipped", "lambda event"),)))
        event = records[0]
    else:
        event = {"Records": records}
    return LambdaEvent(how, event, tuple(items), objects,
                       first.format if first and kind == "any" else "auto",
                       first.fields if first else None)


def _renamed(parts: Sequence[EventPart], name: str) -> tuple[EventPart, ...]:
    """Parts of a message whose errors about its shape name the message (not the object)."""
    return tuple(EventPart(p.kind, name, p.log, p.reason) if p.kind != "log"
                 and not p.source.startswith("s3://") else p for p in parts)


@st.composite
def _notification_content(draw: st.DrawFn, bucket: str, pointer: _Pointer,
                          stored: set[str]) -> tuple[dict[str, Any], tuple[EventPart, ...]]:
    """An S3 notification (``{"Records": [...]}``) for one pointer, and its parts."""
    safe = draw(st.sampled_from(_SAFE_SETS))
    source = _object_source(bucket, pointer.key)
    if pointer.kind == "test":
        return s3_test_event(bucket), (EventPart("skipped", "lambda event"),)
    if pointer.kind == "removed":
        record = s3_record(bucket, pointer.key, "ObjectRemoved:Delete", safe=safe)
        return {"Records": [record]}, (EventPart("skipped", source),)
    if pointer.kind == "foreign":  # a message of the wrong shape
        return {"Service": "Amazon S3", "Note": "not a notification"}, (
            EventPart("error", "lambda event", reason="not an S3 event notification"),)
    record = s3_record(bucket, pointer.key, draw(st.sampled_from(
        ("ObjectCreated:Put", "ObjectCreated:CompleteMultipartUpload", "ObjectCreated:Copy"))),
        safe=safe, size=len(pointer.log.data) if pointer.log else 0)
    if pointer.kind == "missing":
        return {"Records": [record]}, (EventPart("error", source, reason="no such object"),)
    return {"Records": [record]}, (EventPart("log", source, pointer.log),)


@st.composite
def _eventbridge_content(draw: st.DrawFn, bucket: str, pointer: _Pointer,
                         stored: set[str]) -> tuple[dict[str, Any], tuple[EventPart, ...]]:
    """An EventBridge event for one pointer (the key as written, or now and then URL-encoded:
    AWS does not say, and the reader tries both), and its parts."""
    key = pointer.key
    encoded = quote_plus(key, safe="/")
    if encoded != key and encoded not in stored and draw(rarely(st.just(False),
                                                                st.just(True), 4)):
        key = encoded
    source = _object_source(bucket, pointer.key)
    event_id = draw(_ids)
    if pointer.kind in ("test", "foreign"):
        event = eventbridge_event(bucket, key, source="aws.ec2", event_id=event_id)
        return event, (EventPart("error", "lambda event", reason="not aws.s3"),)
    if pointer.kind == "removed":
        event = eventbridge_event(bucket, key, "Object Deleted", event_id=event_id)
        return event, (EventPart("skipped", _object_source(bucket, key)),)
    event = eventbridge_event(bucket, key, event_id=event_id)
    if pointer.kind == "missing":
        # the key as written is the object's name when neither form exists
        return event, (EventPart("error", _object_source(bucket, key), reason="no such object"),)
    return event, (EventPart("log", source, pointer.log),)


_NOTIFICATION: Final = _notification_content
_EVENTBRIDGE: Final = _eventbridge_content


@st.composite
def _bad_messages(draw: st.DrawFn, how: Shape, records: list[dict[str, Any]],
                  items: list[DeliveryItem]) -> tuple[list[dict[str, Any]], list[DeliveryItem]]:
    """Now and then one more SQS message or SNS record whose body or message is not JSON."""
    if not draw(rarely(st.just(False), st.just(True), 4)):
        return records, items
    at = draw(st.integers(0, len(records)))
    text = draw(st.sampled_from(("not JSON", "{truncated", "")))
    message_id = f"bad-{draw(_ids)}"
    if how == "sns":
        record = sns_record(text, message_id)
        name, what = f"sns:{TOPIC}:{message_id}", "the SNS message is not JSON"
        kind = "sns"
    else:
        record = sqs_record(text, message_id)
        name, what = f"sqs:{QUEUE}:{message_id}", "the SQS message body is not JSON"
        kind = "sqs"
    item = DeliveryItem(kind, message_id, (EventPart("error", name, reason=what),))
    return [*records[:at], record, *records[at:]], [*items[:at], item, *items[at:]]


# ---- CloudWatch Logs, Kinesis and Firehose


def _stream_source(payload: bytes) -> str:
    """``logs:<group>:<stream>`` of a gzip CloudWatch Logs payload (its first envelope)."""
    text = gzip.decompress(payload).decode("utf-8")
    envelope, _ = json.JSONDecoder().raw_decode(text)
    return f"logs:{envelope.get('logGroup', '?')}:{envelope.get('logStream', '?')}"


@st.composite
def cloudwatch_events(draw: st.DrawFn, *, bad_parts: bool = True) -> LambdaEvent:
    """A CloudWatch Logs subscription event (``awslogs.data``: one gzip envelope of flow log
    lines, CloudTrail events or an application's text, now and then a control message); with
    ``bad_parts``, now and then data that is not base64."""
    if bad_parts and draw(rarely(st.just(False), st.just(True), 8)):
        data = draw(st.sampled_from(("!!not base64!!", "abc", "ab=c")))
        part = EventPart("error", "logs", reason="awslogs.data is not base64")
        return LambdaEvent("cloudwatch", {"awslogs": {"data": data}},
                           (DeliveryItem("cloudwatch", None, (part,)),))
    payload = draw(cloudwatch_payloads(delivery="lambda"))
    event = json.loads(payload.data)
    packed = base64.b64decode(event["awslogs"]["data"])
    part = EventPart("log", _stream_source(packed), LogData("cloudwatch", packed))
    return LambdaEvent("cloudwatch", event, (DeliveryItem("cloudwatch", None, (part,)),))


@st.composite
def _stream_data(draw: st.DrawFn, logs: Sequence[LogData], count: int, bad_parts: bool
                 ) -> list[tuple[str, LogData | None]]:
    """Base64 data of ``count`` stream records: a gzip CloudWatch Logs payload, one of
    ``logs``, or (``bad_parts``) text that is not base64, which has no log."""
    out: list[tuple[str, LogData | None]] = []
    for _ in range(count):
        choice = draw(st.sampled_from(("log", "log", "cloudwatch", "bad") if bad_parts
                                      else ("log", "log", "cloudwatch")))
        if choice == "log" and logs:
            log = draw(st.sampled_from(logs))
            out.append((b64(log.data), log))
        elif choice == "bad":
            out.append((draw(st.sampled_from(("%%% not base64 %%%", "abc", "ab=c"))), None))
        else:
            payload = draw(cloudwatch_payloads(delivery="gzip", max_envelopes=2))
            out.append((b64(payload.data), LogData("cloudwatch", payload.data)))
    return out


def _data_part(name: str, log: LogData | None) -> EventPart:
    if log is None:
        return EventPart("error", name, reason="not base64")
    return EventPart("log", name, log)


@st.composite
def kinesis_events(draw: st.DrawFn, *, format: str | None = None, max_records: int = 4,
                   bad_parts: bool = True) -> LambdaEvent:
    """A Kinesis Data Streams event: each record's data a gzip CloudWatch Logs payload (a
    subscription to a stream) or a log of one format (drawn, or ``format``); with
    ``bad_parts``, now and then data that is not base64."""
    logs = draw(log_batches(format, max_size=2))
    count = draw(st.integers(1, max_records))
    first = draw(st.integers(10**55, 10**56 - 10**3))
    records, items = [], []
    for offset, (data, log) in enumerate(draw(_stream_data(logs, count, bad_parts))):
        sequence = str(first + offset)
        record = kinesis_record(data, sequence)
        records.append(record)
        name = f"kinesis:{KINESIS_STREAM}:{record['eventID']}"
        items.append(DeliveryItem("kinesis", sequence, (_data_part(name, log),)))
    return LambdaEvent("kinesis", {"Records": records}, tuple(items), (), logs[0].format,
                       logs[0].fields)


@st.composite
def firehose_events(draw: st.DrawFn, *, format: str | None = None, max_records: int = 4,
                    bad_parts: bool = True) -> LambdaEvent:
    """A Firehose data transformation event, with the data of :func:`kinesis_events`."""
    logs = draw(log_batches(format, max_size=2))
    count = draw(st.integers(1, max_records))
    pairs, items = [], []
    for index, (data, log) in enumerate(draw(_stream_data(logs, count, bad_parts))):
        record_id = f"{index:04d}{draw(fixed(DIGITS + HEX[10:], 20))}"
        pairs.append((record_id, data))
        name = f"firehose:{FIREHOSE_STREAM}:{record_id}"
        items.append(DeliveryItem("firehose", record_id, (_data_part(name, log),)))
    return LambdaEvent("firehose", firehose_event(pairs), tuple(items), (), logs[0].format,
                       logs[0].fields)


def lambda_events(bucket: str, *, format: str | None = None,
                  bad_parts: bool = True) -> st.SearchStrategy[LambdaEvent]:
    """Any event shape (S3 objects in ``bucket``)."""
    return st.one_of(s3_events(bucket, format=format, bad_parts=bad_parts),
                     cloudwatch_events(bad_parts=bad_parts),
                     kinesis_events(format=format, bad_parts=bad_parts),
                     firehose_events(format=format, bad_parts=bad_parts))


__all__ = [
    "BATCH_KINDS",
    "DeliveryItem",
    "EventPart",
    "KeyKind",
    "LambdaEvent",
    "LogData",
    "PartKind",
    "S3_SHAPES",
    "Shape",
    "StoredObject",
    "aws_object_keys",
    "b64",
    "damage_formats",
    "cloudwatch_events",
    "event_formats",
    "eventbridge_event",
    "file_formats",
    "firehose_event",
    "firehose_events",
    "key_layout_formats",
    "kinesis_events",
    "kinesis_record",
    "lambda_events",
    "log_batches",
    "log_data",
    "object_keys",
    "s3_events",
    "s3_record",
    "s3_test_event",
    "sns_notification",
    "sns_record",
    "sqs_record",
]
