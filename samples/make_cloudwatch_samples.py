"""Sample files for CloudWatch Logs subscription payloads, and what they mean.

A subscription filter sends a log group's events on as envelopes: gzip-compressed JSON objects
(``messageType``, ``owner``, ``logGroup``, ``logStream``, ``subscriptionFilters``, ``logEvents``),
one per log stream and batch. Two of the places they end up are sampled here:

* a Firehose stream writing to S3 without a processor: the object holds the gzip members back to
  back, one per envelope, under Firehose's default key
  ``<prefix>YYYY/MM/dd/HH/<stream>-<version>-YYYY-MM-dd-HH-MM-SS-<uuid>`` (no extension). Several
  log groups share the stream: VPC flow logs (one log stream per network interface), CloudTrail,
  AWS WAF and an application's own log group, after the ``CONTROL_MESSAGE`` CloudWatch Logs
  sends to check that the destination is healthy;
* a Lambda function's event, ``{"awslogs": {"data": base64(gzip(envelope))}}``, for a VPC flow
  log group.

The same rules hold as for the other sample generators: every log event is built first as typed
values and rendered to its message by the generator that owns its format (``make_samples.py``
for flow log lines, ``make_cloudtrail_samples.py`` for CloudTrail events,
``make_security_samples.py`` for WAF records), never by awslogparse. What the library must
return for an event is that typed record plus the envelope's context (``log_group``,
``log_stream``, ``owner``, ``event_id``, ``event_timestamp``) and ``_format``, the inner format;
an event of a log group no format recognises is a record of the ``cloudwatch`` spec's own fields.
Those names come from ``formats/cloudwatch.toml`` (the keys AWS writes are its ``wire`` names).
Each log event is a unit, numbered through the file; the control message holds none and is
counted as skipped. The damaged flow log line records the reason the parser gives.

Facts: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html (the
envelope, the control message), https://docs.aws.amazon.com/firehose/latest/dev/basic-deliver.html
(records concatenated without delimiters, the default S3 key),
https://docs.aws.amazon.com/lambda/latest/dg/services-cloudwatchlogs.html (the Lambda event).
Event ids are built like those in AWS's examples (the event time in milliseconds above bit 144,
the ingestion time above bit 80); the rest of each id is made up. AWS does not say which time a
flow log event carries; we take the start of the record's capture window. Account 123456789012 is
AWS's documentation account; addresses come from the sibling generators (private and
documentation ranges); log group, stream, filter and function names are made up.

    python samples/make_cloudwatch_samples.py [--out DIR]     # default DIR: samples/
"""

from __future__ import annotations

import argparse
import base64
import gzip
import importlib.util
import json
import random
import sys
import tomllib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

Record = dict[str, Any]

HERE = Path(__file__).resolve().parent
SPECS = HERE.parent / "formats"
FORMAT = "cloudwatch"
ACCOUNT = "123456789012"
REGION = "us-east-1"
T0 = datetime(2026, 11, 21, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FIREHOSE_EVIDENCE = "content: JSON with logGroup and logEvents"
"""Firehose keys say nothing of the content: detection goes by the envelope's keys."""
LAMBDA_EVIDENCE = "content: a Lambda event carrying a CloudWatch Logs payload"
CONTROL_TEXT = "CWL CONTROL MESSAGE: Checking health of destination Firehose."

FLOW_GROUP = "vpc-flow-logs/prod"
TRAIL_GROUP = f"aws-cloudtrail-logs-{ACCOUNT}-5e6f7a8b"
TRAIL_STREAM = f"{ACCOUNT}_CloudTrail_{REGION}"
WAF_GROUP = "aws-waf-logs-my-web-acl"
WAF_STREAM = f"{REGION}_my-web-acl_0"
APP_GROUP = "/app/checkout/web"
APP_STREAM = "i-0a1b2c3d4e5f67890"
"""The CloudWatch agent's default log stream: the instance id."""


def sibling(name: str) -> ModuleType:
    """A generator beside this one, loaded by path (samples/ is not a package) without writing
    bytecode; ``make_samples`` loads the others the same way."""
    if name != "make_samples":
        loaded: ModuleType = sibling("make_samples").http_samples(name)
        return loaded
    found = sys.modules.get(name)
    if found is not None and getattr(found, "__file__", None) == str(HERE / f"{name}.py"):
        return found
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while a class is made
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def record_names() -> dict[str, str]:
    """AWS's envelope and log event keys -> the record names ``formats/cloudwatch.toml`` gives
    them (``logGroup`` -> ``log_group``, ``id`` -> ``event_id``, ...)."""
    with (SPECS / f"{FORMAT}.toml").open("rb") as fh:
        fields: list[dict[str, Any]] = tomllib.load(fh)["fields"]
    return {f.get("wire", f["name"]): f["name"] for f in fields}


NAMES = record_names()
CONTEXT = ("logGroup", "logStream", "owner", "id", "timestamp")
"""What a record of an inner format gets from its envelope and log event."""


def epoch_ms(value: datetime) -> int:
    assert value.tzinfo is UTC
    return (value - EPOCH) // timedelta(milliseconds=1)


def compact(value: Any) -> str:
    """JSON as CloudWatch Logs writes an envelope: compact, UTF-8."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@dataclass
class Event:
    """One log event: its time and message, and what it must read as."""

    when: datetime
    message: str
    inner: str | None = None
    """The format the message is a record of; ``None``: no format recognises it."""
    record: Record | None = None
    """The typed record of ``inner``, without the envelope's context."""
    reason: str | None = None
    """For a damaged message: (a substring of) the reason the parser gives."""


@dataclass
class Sample:
    """One sample file: its key under samples/, its envelopes, and what each log event means
    (the interface of ``make_samples.Sample``, counted in units: one log event each)."""

    key: str
    title: str
    label: str
    """The golden file's name."""
    lambda_event: bool = False
    """A Lambda event (plain JSON text, the envelope base64 inside) rather than gzip members."""
    format: str = FORMAT
    evidence: str = FIREHOSE_EVIDENCE
    rnd: random.Random = field(default_factory=lambda: random.Random(0), repr=False)
    envelopes: list[Record] = field(default_factory=list)
    records: list[tuple[int, Record]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    units: int = 0
    skipped: int = 0

    @property
    def compressed(self) -> bool:
        """gzip on disk: the Firehose object (its members), not the Lambda event."""
        return not self.lambda_event

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        return self.label

    def data_message(self, group: str, stream: str, subscription: str,
                     events: Sequence[Event]) -> None:
        """One envelope of ``events`` (a batch of one log stream), and what each event reads as."""
        ingested = max(e.when for e in events) + timedelta(milliseconds=self.rnd.randint(
            600, 4000))
        serial = self.rnd.getrandbits(64)
        log_events = []
        for index, event in enumerate(events):
            event_id = (epoch_ms(event.when) << 144 | epoch_ms(ingested) << 80
                        | serial << 16 | index)
            wire = {"id": str(event_id), "timestamp": epoch_ms(event.when),
                    "message": event.message}
            log_events.append(wire)
            self.units += 1
            envelope = {"logGroup": group, "logStream": stream, "owner": ACCOUNT,
                        "subscriptionFilters": [subscription]}
            values = {**envelope, "id": wire["id"], "timestamp": event.when,
                      "message": event.message}
            if event.reason is not None:
                self.errors.append((self.units, event.reason, event.message))
            elif event.inner is None:  # a generic record: every field of the spec
                generic = {NAMES[key]: value for key, value in values.items()}
                self.records.append((self.units, {**generic, "_format": FORMAT}))
            else:
                assert event.record is not None
                context = {NAMES[key]: values[key] for key in CONTEXT}
                self.records.append((self.units, {**event.record, **context,
                                                  "_format": event.inner}))
        self.envelopes.append({"messageType": "DATA_MESSAGE", "owner": ACCOUNT,
                               "logGroup": group, "logStream": stream,
                               "subscriptionFilters": [subscription], "logEvents": log_events})

    def control_message(self, when: datetime) -> None:
        """The health check CloudWatch Logs sends when a subscription starts: no records."""
        self.envelopes.append({
            "messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs", "logGroup": "",
            "logStream": "", "subscriptionFilters": [],
            "logEvents": [{"id": "", "timestamp": epoch_ms(when), "message": CONTROL_TEXT}]})
        self.skipped += 1

    def members(self) -> list[bytes]:
        """Each envelope's JSON text: what one gzip member (one Firehose record) holds."""
        return [compact(e).encode("utf-8") for e in self.envelopes]

    def data(self) -> bytes:
        """The file's text: the envelopes back to back (decompressed), or the Lambda event."""
        if not self.lambda_event:
            return b"".join(self.members())
        (member,) = self.members()
        payload = base64.b64encode(gzip.compress(member, mtime=0)).decode("ascii")
        return (json.dumps({"awslogs": {"data": payload}}, indent=4) + "\n").encode("ascii")

    def stored(self) -> bytes:
        """The bytes on disk: one gzip member per envelope (as Firehose concatenates the
        records it received), or the Lambda event's text."""
        if self.lambda_event:
            return self.data()
        return b"".join(gzip.compress(m, mtime=0) for m in self.members())

    def stats(self) -> dict[str, int]:
        return {"units": self.units, "records": len(self.records), "errors": len(self.errors),
                "containers": len(self.envelopes), "skipped": self.skipped}


# ---- the inner formats' events, built by their own generators ---------------------------------


def flow_event(wire: Record) -> Event:
    """A default-format (v2) flow log line as a log event, timed at its capture window's start."""
    flows = sibling("make_samples")
    line = " ".join(flows.render(f, wire[f]) for f in flows.V2_LAYOUT)
    record = {f.replace("-", "_"): wire[f] for f in flows.V2_LAYOUT}
    return Event(wire["start"], line, "vpcflow", record)


def cut_flow_event(wire: Record, keep: int) -> Event:
    """A flow log line that lost its last columns: the parser names both counts."""
    flows = sibling("make_samples")
    tokens = [flows.render(f, wire[f]) for f in flows.V2_LAYOUT][:keep]
    reason = f"vpcflow: expected {len(flows.V2_LAYOUT)} fields, got {keep}"
    return Event(wire["start"], " ".join(tokens), reason=reason)


def flow_streams(seed: int, period_start: int, count: int) -> dict[str, list[Record]]:
    """Default-format flows of the production VPC, by network interface (CloudWatch Logs keeps
    one log stream per interface), each stream in time order."""
    flows = sibling("make_samples")
    rnd = random.Random(seed)
    by_eni: dict[str, list[Record]] = {}
    for wire in flows.default_flows(rnd, flows.Clock(rnd, period_start), count):
        by_eni.setdefault(wire["interface-id"], []).append(wire)
    return {eni: sorted(w, key=lambda x: (x["start"], x["end"])) for eni, w in by_eni.items()}


def trail_events() -> list[Event]:
    """CloudTrail events of several shapes, one per log event (CloudTrail's own JSON)."""
    ct = sibling("make_cloudtrail_samples")
    fields = ct.spec_fields("cloudtrail")
    b = ct.Builder(4411)
    ci = ct.ci_deploy(ct.at(-2, 41))
    app = ct.instance_role(ct.at(-47, 5))
    lam = ct.lambda_role(ct.at(-12, 30))
    bucket = ct.BUCKET
    key = "orders/2026/11/21/order-4711.json"
    key_arn = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    role = f"arn:aws:iam::{ACCOUNT}:role/service-role/orders-api-exec"
    events = [
        b.call({"type": "IAMUser", "principalId": "AIDACKCEVSQ6C2EXAMPLE",
                "arn": f"arn:aws:iam::{ACCOUNT}:user/alice", "accountId": ACCOUNT,
                "userName": "alice"}, ct.at(0, 12), "signin:ConsoleLogin", "203.0.113.10",
               ct.BROWSER, response={"ConsoleLogin": "Success"},
               additionalEventData={"LoginTo": "https://console.aws.amazon.com/console/home",
                                    "MobileVersion": "No", "MFAUsed": "Yes"},
               read_only=False, event_type="AwsConsoleSignIn"),
        b.call(app, ct.at(0, 57), "s3:PutObject", "10.0.1.23",
               "[aws-sdk-java/2.29.43 Linux/6.1.115 OpenJDK_64-Bit_Server_VM/21.0.5+11-LTS]",
               request={"bucketName": bucket, "Host": f"{bucket}.s3.us-east-1.amazonaws.com",
                        "key": key},
               response={"x-amz-server-side-encryption": "AES256"},
               additionalEventData=b.s3_extra(1874, 0), read_only=False,
               resources=ct.s3_resources(bucket, key), category="Data", s3_ids=True,
               vpcEndpointId="vpce-0f1e2d3c4b5a69788", vpcEndpointAccountId=ACCOUNT,
               tlsDetails=ct.tls("TLSv1.3", f"{bucket}.s3.us-east-1.amazonaws.com",
                                 "x25519")),
        b.call({"type": "AWSService", "invokedBy": "lambda.amazonaws.com"}, ct.at(1, 31),
               "sts:AssumeRole", "lambda.amazonaws.com", "lambda.amazonaws.com",
               request={"roleArn": role, "roleSessionName": "orders-api",
                        "durationSeconds": 43200},
               response={"credentials": {"accessKeyId": "ASIA3EXAMPLELMBKEY9T",
                                         "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
                                         "expiration": "Nov 21, 2026, 12:01:31 PM"}},
               read_only=True, resources=[{"accountId": ACCOUNT, "type": "AWS::IAM::Role",
                                           "ARN": role}],
               sharedEventID=b.ids.uuid()),
        b.call(lam, ct.at(2, 4), "kms:Decrypt", "198.51.100.23", ct.BOTO,
               request={"encryptionContext": {"service": "orders-api"},
                        "encryptionAlgorithm": "SYMMETRIC_DEFAULT"},
               read_only=True, resources=[{"accountId": ACCOUNT, "type": "AWS::KMS::Key",
                                           "ARN": key_arn}],
               tlsDetails=ct.tls(host="kms.us-east-1.amazonaws.com")),
        b.call(ci, ct.at(3, 18), "ec2:TerminateInstances", "198.51.100.23",
               ct.CLI.format("ec2.terminate-instances"),
               errorCode="Client.UnauthorizedOperation",
               errorMessage="You are not authorized to perform this operation.",
               request={"instancesSet": {"items": [{"instanceId": "i-0a1b2c3d4e5f67890"}]}},
               read_only=False, tlsDetails=ct.tls(host="ec2.us-east-1.amazonaws.com")),
    ]
    out = []
    for event in events:
        wire = {k: event[k] for k in ct.ORDER if k in event}
        wire.update((k, v) for k, v in event.items() if k not in wire)
        out.append(Event(wire["eventTime"], ct.render(wire), "cloudtrail",
                         ct.complete(wire, fields)))
    return out


def waf_events() -> list[Event]:
    """WAF records of a regional web ACL on an Application Load Balancer: allowed requests, a
    managed rule group's block and a block by a rule of the web ACL's own."""
    sec = sibling("make_security_samples")
    rnd = random.Random(4121)
    acl = f"arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/webacl/my-web-acl/{sec.ACL_ID}"
    alb = ("ALB", sec.ALB_SOURCE)
    host = "shop.example.com"
    t = T0 + timedelta(seconds=41, milliseconds=318)
    recs = []

    def step() -> datetime:
        nonlocal t
        t += timedelta(milliseconds=rnd.randint(400, 50000))
        return t

    for client, country, path, args in [("203.0.113.24", "US", "/", ""),
                                        ("198.51.100.73", "DE", "/products", "page=2")]:
        now = step()
        req = sec.http_request(client, country, "GET", path, args,
                               sec.browser_headers(host, sec.BROWSER_UA), sec.trace_id(rnd, now))
        recs.append(sec.waf_record(now, acl, alb, req, ja3Fingerprint=sec.JA3["chrome"]))
    now = step()
    req = sec.http_request("198.51.100.201", "NL", "GET", "/products", "id=1%20OR%201=1",
                           sec.header_list([("host", host), ("user-agent", sec.PY_UA)]),
                           sec.trace_id(rnd, now))
    recs.append(sec.waf_record(
        now, acl, alb, req, action="BLOCK", rule="AWS-AWSManagedRulesSQLiRuleSet",
        rule_type="MANAGED_RULE_GROUP", match=[sec.SQLI],
        groups=[sec.group("AWS#AWSManagedRulesSQLiRuleSet",
                          {"ruleId": "SQLi_QUERYARGUMENTS", "action": "BLOCK",
                           "ruleMatchDetails": [sec.SQLI]})],
        labels=[{"name": "awswaf:managed:aws:sql-database:SQLi_QueryArguments"}]))
    now = step()
    req = sec.http_request("192.0.2.33", None, "POST", "/login", "",
                           sec.header_list([("host", host), ("user-agent", sec.CURL_UA)]),
                           sec.trace_id(rnd, now))
    recs.append(sec.waf_record(now, acl, alb, req, action="BLOCK", rule="block-listed-ips",
                               labels=[{"name": "awswaf:123456789012:webacl:my-web-acl:"
                                                "blocklist"}]))
    return [Event(r["timestamp"], sec.compact(sec.wire_waf(r)), "waf",
                  sec.complete(sec.WAF_FIELDS, r)) for r in recs]


def app_events() -> list[Event]:
    """An application's own lines (logfmt, written by the CloudWatch agent): no format of the
    registry has their shape, so they stay generic records."""
    lines = [
        (61.204, 'level=info msg="order placed" order_id=4711 items=3 total=84.50 '
                 'customer=c-1029'),
        (61.377, 'level=info msg="payment authorised" order_id=4711 provider=card '
                 'latency_ms=173'),
        (148.902, 'level=warn msg="inventory low" sku=SHOE-42-BLK remaining=2'),
        (233.015, 'level=error msg="payment declined" order_id=4714 provider=card '
                  'code=insufficient_funds'),
    ]
    return [Event(T0 + timedelta(milliseconds=round(s * 1000)), text) for s, text in lines]


# ---- the two files ------------------------------------------------------------------------------


def firehose_key(stream: str, stamp: str, seed: int) -> str:
    """Firehose's default S3 key (prefix ``firehose/<stream>/``); its last part a UUID."""
    name = str(uuid.UUID(int=random.Random(seed).getrandbits(128), version=4))
    return f"firehose/{stream}/2026/11/21/00/{stream}-1-{stamp}-{name}"


def sample_firehose() -> Sample:
    """Envelopes of four log groups, as one Firehose object holds them."""
    flows = sibling("make_samples")
    s = Sample(firehose_key("cwl-to-s3", "2026-11-21-00-05-00", 2611210005),
               "CloudWatch Logs subscription envelopes delivered by Firehose to S3: flow logs, "
               "CloudTrail, WAF and an application's log group, after a control message",
               "cwl-to-s3-1-2026-11-21-00-05-00", rnd=random.Random(2611210006))
    streams = flow_streams(2611210007, flows.EPOCH0, 16)
    web1, web2 = streams[flows.WEB1[0]], streams[flows.WEB2[0]]
    assert len(web1) >= 3 and len(web2) >= 3, (len(web1), len(web2))
    # An interface that saw no traffic in its capture window: its stream holds only NODATA.
    quiet = T0 + timedelta(minutes=1)
    nodata = flows.v2(flows.BASTION[0], "-", "-", None, None, None, None,
                      (quiet, quiet + timedelta(seconds=59)), None, "NODATA")
    # Records the interface skipped (capacity) in one window of its own.
    busy = T0 + timedelta(minutes=3, seconds=2)
    skipdata = flows.v2(flows.WEB2[0], "-", "-", None, None, None, None,
                        (busy, busy + timedelta(seconds=57)), None, "SKIPDATA")
    web2 = sorted([*web2, skipdata], key=lambda w: (w["start"], w["end"]))
    assert web2[0] is not skipdata  # a stream's first event tells its format

    s.control_message(T0 + timedelta(seconds=2, milliseconds=117))
    s.data_message(FLOW_GROUP, f"{flows.WEB1[0]}-all", "flowlogs-to-s3",
                   [flow_event(w) for w in web1[:2]]
                   + [cut_flow_event(web1[2], 9)]
                   + [flow_event(w) for w in web1[3:]])
    s.data_message(TRAIL_GROUP, TRAIL_STREAM, "cloudtrail-to-s3", trail_events())
    s.data_message(FLOW_GROUP, f"{flows.BASTION[0]}-all", "flowlogs-to-s3", [flow_event(nodata)])
    s.data_message(WAF_GROUP, WAF_STREAM, "waf-to-s3", waf_events())
    s.data_message(FLOW_GROUP, f"{flows.WEB2[0]}-all", "flowlogs-to-s3",
                   [flow_event(w) for w in web2])
    s.data_message(APP_GROUP, APP_STREAM, "app-to-s3", app_events())
    for eni, wires in streams.items():  # the VPC's other interfaces
        if eni not in (flows.WEB1[0], flows.WEB2[0]):
            s.data_message(FLOW_GROUP, f"{eni}-all", "flowlogs-to-s3",
                           [flow_event(w) for w in wires])
    return s


def sample_lambda() -> Sample:
    """One flow log envelope as a Lambda function receives it."""
    flows = sibling("make_samples")
    s = Sample("lambda-events/cloudwatch-logs-vpcflow.json",
               "Lambda event from a CloudWatch Logs subscription: one envelope of a VPC flow "
               "log group, base64 of gzip under awslogs.data",
               "cloudwatch-logs-vpcflow", lambda_event=True, evidence=LAMBDA_EVIDENCE,
               rnd=random.Random(2611210011))
    streams = flow_streams(2611210012, flows.EPOCH0 + 300, 30)
    web1 = streams[flows.WEB1[0]][:8]
    assert len(web1) == 8, len(web1)
    s.data_message(FLOW_GROUP, f"{flows.WEB1[0]}-all", "flowlogs-to-lambda",
                   [flow_event(w) for w in web1])
    return s


def build() -> list[Sample]:
    """The Firehose object, then the Lambda event."""
    samples = [sample_firehose(), sample_lambda()]
    check(samples)
    return samples


def check(samples: Sequence[Sample]) -> None:
    """What the module docstring and samples/README.md promise for these files."""
    firehose, lam = samples
    inner = {r["_format"] for _, r in firehose.records}
    assert inner == {"vpcflow", "cloudtrail", "waf", FORMAT}, inner
    flows = [r for _, r in firehose.records if r["_format"] == "vpcflow"]
    assert {r["log_status"] for r in flows} == {"OK", "NODATA", "SKIPDATA"}
    trail = [r for _, r in firehose.records if r["_format"] == "cloudtrail"]
    assert any(r["requestParameters"] and r["resources"] for r in trail)
    assert any(r["requestParameters"] is None for r in trail)
    assert any(r["errorCode"] for r in trail)
    assert len(firehose.errors) == 1 and firehose.skipped == 1
    assert {r["_format"] for _, r in lam.records} == {"vpcflow"} and not lam.errors
    for s in samples:
        units = sorted([n for n, _ in s.records] + [n for n, _, _ in s.errors])
        assert units == list(range(1, s.units + 1)), s.key
        assert all(r[NAMES["owner"]] == ACCOUNT for _, r in s.records)
        data = [e for e in s.envelopes if e["messageType"] == "DATA_MESSAGE"]
        assert sum(len(e["logEvents"]) for e in data) == s.units
        for envelope in data:  # one log stream a batch, its events in time order
            times = [e["timestamp"] for e in envelope["logEvents"]]
            assert times == sorted(times), envelope["logStream"]
            assert all(T0 <= datetime.fromtimestamp(ms / 1000, UTC) < T0 + timedelta(hours=1)
                       for ms in times)
    ids = [e["id"] for s in samples for env in s.envelopes for e in env["logEvents"] if e["id"]]
    assert len(set(ids)) == len(ids) and all(len(i) == 56 for i in ids)
    assert len({s.stem for s in samples}) == len(samples)


# ---- writing ------------------------------------------------------------------------------------


def write(root: Path, samples: list[Sample] | None = None) -> list[Path]:
    """Write these samples under ``root``; files whose bytes are unchanged are left alone."""
    paths = []
    for s in samples or build():
        path = root / s.key
        paths.append(path)
        data = s.stored()
        if path.exists() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {path} ({s.units} log events)")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write the sample tree under (default: samples/)")
    args = parser.parse_args(argv)
    write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
