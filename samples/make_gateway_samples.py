"""Sample files for API Gateway, DocumentDB and ElastiCache logs, as CloudWatch Logs subscription
payloads that Firehose delivered to S3, and what they mean.

All three services write to CloudWatch Logs: API Gateway access logs to a log group the API's
owner names (in the stage's access log format), REST API execution logs to
``API-Gateway-Execution-Logs_<api id>/<stage>``, DocumentDB to ``/aws/docdb/<cluster>/audit``
and ``/aws/docdb/<cluster>/profiler``, ElastiCache log delivery to a log group the cluster's owner
names (JSON or text entries). A subscription filter on each group sends the events on, and a
Firehose stream writes them to S3 (one gzip member per envelope, Firehose's default key). Three
objects, one per service:

* API Gateway: a REST API stage logging with AWS's CLF preset (read without naming it), an HTTP
  API stage logging with AWS's JSON preset (read by its keys) and the REST API's execution log;
* DocumentDB: one cluster's audit events (authentication, authorization, DDL, user management)
  and its profiler's slow operations;
* ElastiCache: one cluster's slow log and engine log, each delivered in JSON to one log group
  and in text to another.

The same rules hold as for the other sample generators: every record is built first as typed
values, then rendered to its message by the small formatters below, never by awslogparse. The
envelopes, event ids and the context every record gets (``log_group``, ``log_stream``,
``owner``, ``event_id``, ``event_timestamp``, ``_format``) come from
``make_cloudwatch_samples.py``. Record names are restated here: API Gateway's follow the spec's
rule (the variable without ``$context.``, snake_case, dots as underscores), JSON formats keep
AWS's keys, and records hold every field their spec declares (DocumentDB, ElastiCache: read from
``formats/*.toml``, ``None`` where the entry has no value). Each file has damaged events, with
(a substring of) the reason the parser gives.

Addresses come from the documentation ranges (RFC 5737) and private ranges; 123456789012 is
AWS's documentation account; API ids, request ids, cluster names and the rest are made up. The
execution log messages follow the wording of API Gateway's execution logs; ElastiCache engine
messages are Valkey's own.

    python samples/make_gateway_samples.py [--out DIR]     # default DIR: samples/
"""

from __future__ import annotations

import argparse
import base64
import importlib.util
import json
import random
import sys
import tomllib
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

Record = dict[str, Any]

HERE = Path(__file__).resolve().parent
SPECS = HERE.parent / "formats"
T0 = datetime(2026, 11, 21, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
REGION = "us-east-1"
ACCOUNT = "123456789012"

REST_API, HTTP_API = "a1b2c3d4e5", "k9x8w7v6u5"
ACCESS_GROUP = "orders-api-prod-access"
HTTP_GROUP = "payments-api-access"
EXECUTION_GROUP = f"API-Gateway-Execution-Logs_{REST_API}/prod"
DOCDB_CLUSTER = "orders-docdb"
CACHE_CLUSTER = "orders-cache-0001-001"

# AWS's presets, restated (formats/apigateway.toml has the same text, with its sources).
REST_CLF = ("{identity_source_ip} {identity_caller} {identity_user} [{request_time}]"
            '"{http_method} {resource_path} {protocol}" {status} {response_length} {request_id} '
            "{extended_request_id}")
HTTP_JSON_KEYS = (("requestId", "request_id"), ("ip", "identity_source_ip"),
                  ("requestTime", "request_time"), ("httpMethod", "http_method"),
                  ("routeKey", "route_key"), ("status", "status"), ("protocol", "protocol"),
                  ("responseLength", "response_length"),
                  ("extendedRequestId", "extended_request_id"))
"""The HTTP API JSON preset's keys, and the record name of the variable each holds."""


def sibling(name: str) -> ModuleType:
    """A generator beside this one, loaded by path without writing bytecode."""
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


CWL = sibling("make_cloudwatch_samples")
Event: Any = CWL.Event
Sample: Any = CWL.Sample


def at(seconds: float) -> datetime:
    """A moment ``seconds`` after T0, to the millisecond."""
    return T0 + timedelta(milliseconds=round(seconds * 1000))


def epoch_ms(value: datetime) -> int:
    return (value - EPOCH) // timedelta(milliseconds=1)


def spec_names(fmt: str) -> list[str]:
    """The record names of a spec's ``[[fields]]`` (JSON formats keep AWS's keys)."""
    with (SPECS / f"{fmt}.toml").open("rb") as fh:
        return [f["name"] for f in tomllib.load(fh)["fields"]]


def complete(fmt: str, values: Record) -> Record:
    """A record as the library returns it: every declared field (``None`` when absent)."""
    names = spec_names(fmt)
    unknown = set(values) - set(names)
    assert not unknown, unknown
    return {name: values.get(name) for name in names}


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


# ---- API Gateway -------------------------------------------------------------------------------


def clf_time(value: datetime) -> str:
    return (f"{value.day:02d}/{MONTHS[value.month - 1]}/{value.year}:{value:%H:%M:%S} +0000")


def wire(value: Any) -> str:
    """A variable's text in an access log line: ``-`` for none, CLF for times."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return clf_time(value)
    return str(value)


class Ids:
    """Request ids (UUIDs) and extended request ids (base64 of 12 bytes), from a seed."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def request(self) -> str:
        return str(uuid.UUID(int=self.rnd.getrandbits(128), version=4))

    def extended(self) -> str:
        return base64.b64encode(self.rnd.getrandbits(88).to_bytes(11, "big")).decode("ascii")


Request = tuple[float, str, str | None, str, str, int, int]
"""Seconds after T0, client, IAM caller, method, path, status, response bytes."""

REST_REQUESTS: list[Request] = [
    (301.204, "192.0.2.44", None, "GET", "/orders/{orderId}", 200, 412),
    (301.877, "192.0.2.44", None, "GET", "/orders", 200, 2318),
    (302.513, "198.51.100.7", None, "POST", "/orders", 201, 96),
    (304.120, "203.0.113.90", None, "GET", "/orders/{orderId}", 404, 38),
    (309.642, "192.0.2.44", None, "DELETE", "/orders/{orderId}", 403, 60),
    (311.006, "10.0.12.31", f"arn:aws:iam::{ACCOUNT}:role/fulfilment", "PUT",
     "/orders/{orderId}/status", 200, 27),
    (318.450, "198.51.100.7", None, "GET", "/health", 200, 2),
    (325.771, "203.0.113.90", None, "POST", "/orders", 502, 36),
    (331.913, "192.0.2.201", None, "GET", "/orders/{orderId}", 429, 44),
]
BAD_STATUS_AT = 5
"""The REST access log event whose status lost its last digits ('4XX'; counted from 1)."""


def rest_access_events(ids: Ids) -> tuple[list[Any], list[tuple[str, str]]]:
    """The REST stage's access log (AWS's CLF preset), and (request id, extended id) pairs."""
    events, pairs = [], []
    for number, (seconds, client, caller, method, path, status, length) in enumerate(
            REST_REQUESTS, 1):
        request_id, extended = ids.request(), ids.extended()
        pairs.append((request_id, extended))
        when = at(seconds)
        record: Record = {
            "identity_source_ip": client, "identity_caller": caller,
            "identity_user": caller.rsplit("/", 1)[-1] if caller else None,
            "request_time": when.replace(microsecond=0), "http_method": method,
            "resource_path": path, "protocol": "HTTP/1.1", "status": status,
            "response_length": length, "request_id": request_id,
            "extended_request_id": extended}
        line = REST_CLF.format(**{k: wire(v) for k, v in record.items()})
        if number == BAD_STATUS_AT:
            vague = f"{str(status)[0]}XX"
            line = line.replace(f" {status} {length} ", f" {vague} {length} ")
            events.append(Event(when, line,
                                reason=f"$context.status: not an integer: '{vague}'"))
            continue
        events.append(Event(when, line, "apigateway", record))
    return events, pairs


HTTP_REQUESTS: list[tuple[float, str, str, int, int]] = [
    (402.018, "192.0.2.70", "POST /payments", 201, 154),
    (402.661, "192.0.2.70", "GET /payments/{id}", 200, 387),
    (407.309, "2001:db8:7a::15", "POST /payments", 400, 71),
    (415.553, "198.51.100.140", "$default", 404, 23),
    (421.800, "203.0.113.5", "POST /payments/{id}/refund", 500, 35),
]
BAD_JSON_AT = 4
"""The HTTP API event cut in the middle of its JSON (counted from 1)."""


def http_access_events(ids: Ids) -> list[Any]:
    """The HTTP API stage's access log (AWS's JSON preset for HTTP APIs)."""
    events = []
    for number, (seconds, client, route, status, length) in enumerate(HTTP_REQUESTS, 1):
        when = at(seconds)
        record: Record = {
            "request_id": ids.request(), "identity_source_ip": client,
            "request_time": when.replace(microsecond=0), "http_method": route.split(" ")[0]
            if route != "$default" else "GET", "route_key": route, "status": status,
            "protocol": "HTTP/1.1", "response_length": length,
            "extended_request_id": ids.extended()}
        message = "{ " + ", ".join(f'"{key}":{json.dumps(wire(record[name]))}'
                                   for key, name in HTTP_JSON_KEYS) + " }"
        if number == BAD_JSON_AT:
            cut = message[:message.index('"protocol"')]
            events.append(Event(when, cut, reason="not JSON"))
            continue
        events.append(Event(when, message, "apigateway", record))
    return events


def execution_events(pairs: Sequence[tuple[str, str]]) -> list[Any]:
    """The REST stage's execution log for two of its requests: the steps of handling one."""
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-api"
    uri = f"https://lambda.{REGION}.amazonaws.com/2015-03-31/functions/{arn}/invocations"
    steps: list[tuple[int, float, str]] = []
    for index, path, status, latency in ((0, "/orders/4711", 200, 48),
                                         (7, "/orders", 502, 29001)):
        request_id, extended = pairs[index]
        start = REST_REQUESTS[index][0] - (latency + 20) / 1000
        method = REST_REQUESTS[index][3]
        messages = [
            f"Extended Request Id: {extended}",
            f"Verifying Usage Plan for request: {request_id}. API Key:  API Stage: "
            f"{REST_API}/prod",
            f"API Key  authorized because method '{method} {REST_REQUESTS[index][4]}' does not "
            "require API Key. Request will not contribute to throttle or quota limits",
            f"Usage Plan check succeeded for API Key  and API Stage {REST_API}/prod",
            f"Starting execution for request: {request_id}",
            f"HTTP Method: {method}, Resource Path: {path}",
            f"Endpoint request URI: {uri}",
            f"Received response. Status: {status}, Integration latency: {latency} ms"
            if status == 200 else "Execution failed due to a timeout error",
            f"Method completed with status: {status}",
        ]
        for offset, message in enumerate(messages):
            steps.append((index, start + offset * 0.002 + (latency / 1000 if offset >= 7
                                                            else 0), message))
    events = []
    for number, (index, seconds, message) in enumerate(steps, 1):
        request_id = pairs[index][0]
        line = f"({request_id}) {message}"
        if number == 12:  # a line that lost its request id
            events.append(Event(at(seconds), message, reason="not an execution log line"))
            continue
        events.append(Event(at(seconds), line, "apigateway_execution",
                            {"request_id": request_id, "message": message}))
    return events


# ---- DocumentDB -------------------------------------------------------------------------------


AUDIT: list[tuple[float, str, str, str, Record, int]] = [
    (12.530, "authenticate", "10.0.3.17:51522", "", {"user": "orders_app",
                                                     "mechanism": "SCRAM-SHA-1"}, 0),
    (12.811, "authenticate", "203.0.113.66:40120", "", {"user": "admin",
                                                        "mechanism": "SCRAM-SHA-1"}, 18),
    (44.002, "createCollection", "10.0.3.40:50011", "dbadmin", {"ns": "orders.returns"}, 0),
    (44.305, "createIndex", "10.0.3.40:50011", "dbadmin",
     {"ns": "orders.returns", "indexName": "orderId_1", "indexSpec": {"orderId": 1}}, 0),
    (97.118, "authCheck", "10.0.3.17:51522", "orders_app",
     {"command": "dropDatabase", "ns": "orders", "args": {"dropDatabase": 1, "$db": "orders"}},
     13),
    (131.640, "createUser", "10.0.3.40:50011", "dbadmin",
     {"user": "reporting", "db": "admin", "roles": [{"role": "read", "db": "orders"}]}, 0),
    (185.277, "dropCollection", "10.0.3.40:50011", "dbadmin", {"ns": "orders.tmp_import"}, 0),
]
BAD_TS_AT = 4
"""The audit event whose ts is ISO text instead of epoch milliseconds (counted from 1)."""


def audit_events() -> list[Any]:
    events = []
    for number, (seconds, atype, remote, user, param, result) in enumerate(AUDIT, 1):
        when = at(seconds)
        values = {"atype": atype, "ts": when, "remote_ip": remote, "user": user,
                  "param": param, "result": result}
        message = compact({**values, "ts": epoch_ms(when)})
        if number == BAD_TS_AT:
            message = compact({**values, "ts": when.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"})
            events.append(Event(when, message, reason="ts: not epoch milliseconds"))
            continue
        events.append(Event(when, message, "documentdb_audit",
                            complete("documentdb_audit", values)))
    return events


PROFILED: list[tuple[float, str, str, Record, Record, int]] = [
    (63.418, "query", "orders.orders",
     {"find": "orders", "filter": {"customerId": "c-1029", "status": "open"}, "$db": "orders"},
     {"nreturned": 14, "cursorExhausted": True, "responseLength": 20871,
      "planSummary": "COLLSCAN"}, 1840),
    (88.090, "command", "orders.orders",
     {"aggregate": "orders", "pipeline": [{"$match": {"status": "shipped"}},
                                          {"$group": {"_id": "$region", "n": {"$sum": 1}}}],
      "cursor": {}, "$db": "orders"},
     {"nreturned": 5, "cursorExhausted": True, "responseLength": 412,
      "planSummary": "IXSCAN { status: 1 }"}, 730),
    (140.556, "update", "orders.orders",
     {"update": "orders", "updates": [{"q": {"region": "eu"}, "u": {"$set": {"audit": True}},
                                       "multi": True}], "$db": "orders"},
     {"planSummary": "COLLSCAN"}, 2912),
    (201.775, "command", "orders.returns",
     {"count": "returns", "query": {"reason": "damaged"}, "$db": "orders"},
     {"responseLength": 45, "planSummary": "COLLSCAN"}, 505),
    (244.139, "remove", "orders.sessions",
     {"delete": "sessions", "deletes": [{"q": {"expires": {"$lt": 1795219000}}, "limit": 0}],
      "$db": "orders"},
     {"planSummary": "IXSCAN { expires: 1 }"}, 1210),
]
BAD_MILLIS_AT = 4


def profiler_events() -> list[Any]:
    events = []
    apps = ["orders-service", "MongoDB Shell", "reporting"]
    for number, (seconds, op, ns, command, extra, millis) in enumerate(PROFILED, 1):
        when = at(seconds)
        values: Record = {"op": op, "ts": when, "ns": ns, "command": command, **extra,
                          "protocol": "op_msg", "millis": millis,
                          "execStats": {"stage": str(extra["planSummary"]).split(" ")[0],
                                        "nReturned": str(extra.get("nreturned", 0)),
                                        "executionTimeMillisEstimate": f"{millis - 0.6:.1f}"},
                          "client": f"10.0.3.{17 + number}:5{1000 + number}",
                          "appName": apps[number % 3], "user": "orders_app"}
        message = compact({**values, "ts": epoch_ms(when)})
        if number == BAD_MILLIS_AT:
            message = compact({**values, "ts": epoch_ms(when), "millis": "slow"})
            events.append(Event(when, message, reason="millis: not an integer"))
            continue
        events.append(Event(when, message, "documentdb_profiler",
                            complete("documentdb_profiler", values)))
    return events


# ---- ElastiCache ------------------------------------------------------------------------------

SLOW: list[tuple[float, int, int, str, str, str]] = [
    (5.0, 1041, 12034, "KEYS ... (1 more arguments)", "10.0.5.21:48112", "orders-worker"),
    (17.0, 1042, 10977, "HGETALL ... (1 more arguments)", "10.0.5.22:39804", ""),
    (17.0, 1043, 25530, "EVAL ... (4 more arguments)", "10.0.5.21:48112", "orders-worker"),
    (48.0, 1044, 11802, "ZRANGEBYSCORE ... (3 more arguments)", "10.0.5.30:51990", "reports"),
    (93.0, 1045, 40312, "SUNIONSTORE ... (5 more arguments)", "10.0.5.30:51990", "reports"),
]
ENGINE: list[tuple[float, str, str, str]] = [
    (2.305, "M", "NOTICE", "Background saving started by pid 8141"),
    (3.911, "M", "NOTICE", "Background saving terminated with success"),
    (31.020, "S", "NOTICE", "MASTER <-> REPLICA sync: Finished with success"),
    (66.487, "M", "WARNING", "Client id=1204 addr=10.0.5.21:48112 closed for overcoming of "
                             "output buffer limits."),
    (71.600, "M", "VERBOSE", "Accepted 10.0.5.23:40266"),
]
SYMBOLS = {"VERBOSE": "-", "NOTICE": "*", "WARNING": "#"}


def engine_time(value: datetime) -> str:
    return (f"{value.day:02d} {MONTHS[value.month - 1]} {value.year} "
            f"{value:%H:%M:%S}.{value.microsecond // 1000:03d} UTC")


def cache_slow_events(text: bool) -> list[Any]:
    events = []
    node = "0001"
    for number, (seconds, entry, micros, command, client, name) in enumerate(SLOW, 1):
        when = at(seconds + (0.5 if text else 0))
        stamp = when.replace(microsecond=0)
        values: Record = {"shape": "slow_text" if text else "slow_json",
                          "cache_cluster_id": CACHE_CLUSTER, "cache_node_id": node,
                          "id": None if text else entry, "timestamp": stamp,
                          "duration_us": micros, "command": command, "client_address": client,
                          "client_name": name}
        seconds_text = str(epoch_ms(stamp) // 1000)
        if text:
            message = ",".join((CACHE_CLUSTER, node, seconds_text, str(micros), command, client,
                                name))
        else:
            message = compact({"CacheClusterId": CACHE_CLUSTER, "CacheNodeId": node,
                               "Id": entry, "Timestamp": int(seconds_text),
                               "Duration (us)": micros, "Command": command,
                               "ClientAddress": client, "ClientName": name})
        if text and number == 3:  # the duration lost to a truncated delivery
            broken = message.replace(f",{micros},", ",,")
            events.append(Event(when, broken, reason="fits none of the elasticache line shapes"))
            continue
        events.append(Event(when, message, "elasticache", complete("elasticache", values)))
    return events


def cache_engine_events(text: bool) -> list[Any]:
    events = []
    node = "0001"
    for seconds, role, level, message_text in ENGINE:
        when = at(seconds + (0.25 if text else 0))
        shown = engine_time(when)
        level_text = SYMBOLS[level] if text else level
        values = {"shape": "engine_text" if text else "engine_json",
                  "cache_cluster_id": CACHE_CLUSTER, "cache_node_id": node,
                  "log_level": level_text, "role": role, "time": when,
                  "message": message_text}
        if text:
            message = f"{CACHE_CLUSTER}/{node}:{role} {shown} {level_text} {message_text}"
        else:
            message = compact({"CacheClusterId": CACHE_CLUSTER, "CacheNodeId": node,
                               "LogLevel": level, "Role": role, "Time": shown,
                               "Message": message_text})
        events.append(Event(when, message, "elasticache", complete("elasticache", values)))
    return events


# ---- the files --------------------------------------------------------------------------------


def firehose_sample(stream: str, stamp: str, seed: int, title: str) -> Any:
    return Sample(CWL.firehose_key(stream, stamp, seed), title, f"{stream}-1-{stamp}",
                  rnd=random.Random(seed + 1))


def sample_gateway() -> Any:
    s = firehose_sample("cwl-apigateway-to-s3", "2026-11-21-00-10-00", 2611210101,
                        "CloudWatch Logs envelopes of API Gateway logs delivered by Firehose: a "
                        "REST stage's access log (CLF preset), an HTTP API stage's access log "
                        "(JSON preset) and the REST API's execution log")
    ids = Ids(2611210102)
    rest, pairs = rest_access_events(ids)
    s.data_message(ACCESS_GROUP, "8f14e45fceea167a5a36dedd4bea2543", "apigw-to-s3", rest)
    s.data_message(HTTP_GROUP, "c9f0f895fb98ab9159f51fd0297e236d", "apigw-to-s3",
                   http_access_events(ids))
    execution = sorted(execution_events(pairs), key=lambda e: e.when)
    s.data_message(EXECUTION_GROUP, "45c48cce2e2d7fbdea1afc51c7c6ad26", "apigw-to-s3",
                   execution)
    return s


def sample_documentdb() -> Any:
    s = firehose_sample("cwl-docdb-to-s3", "2026-11-21-00-10-00", 2611210201,
                        "CloudWatch Logs envelopes of a DocumentDB cluster's audit and profiler "
                        "logs delivered by Firehose")
    s.data_message(f"/aws/docdb/{DOCDB_CLUSTER}/audit", f"{DOCDB_CLUSTER}-1", "docdb-to-s3",
                   audit_events())
    s.data_message(f"/aws/docdb/{DOCDB_CLUSTER}/profiler", f"{DOCDB_CLUSTER}-1", "docdb-to-s3",
                   profiler_events())
    return s


def sample_elasticache() -> Any:
    s = firehose_sample("cwl-elasticache-to-s3", "2026-11-21-00-10-00", 2611210301,
                        "CloudWatch Logs envelopes of an ElastiCache cluster's slow log and "
                        "engine log, each in JSON and in text, delivered by Firehose")
    stream = f"{CACHE_CLUSTER}-0001"
    s.data_message("orders-cache-slow-log", stream, "cache-to-s3", cache_slow_events(False))
    s.data_message("orders-cache-slow-log-text", stream, "cache-to-s3", cache_slow_events(True))
    s.data_message("orders-cache-engine-log", stream, "cache-to-s3", cache_engine_events(False))
    s.data_message("orders-cache-engine-log-text", stream, "cache-to-s3",
                   cache_engine_events(True))
    return s


def build() -> list[Any]:
    samples = [sample_gateway(), sample_documentdb(), sample_elasticache()]
    check(samples)
    return samples


def check(samples: Sequence[Any]) -> None:
    """What the module docstring promises for these files."""
    gateway, docdb, cache = samples
    assert {r["_format"] for _, r in gateway.records} == {"apigateway", "apigateway_execution"}
    assert {r["_format"] for _, r in docdb.records} == {"documentdb_audit",
                                                        "documentdb_profiler"}
    assert {r["shape"] for _, r in cache.records} == {"slow_json", "slow_text", "engine_json",
                                                      "engine_text"}
    assert [len(s.errors) for s in samples] == [3, 2, 1]
    for s in samples:
        units = sorted([n for n, _ in s.records] + [n for n, _, _ in s.errors])
        assert units == list(range(1, s.units + 1)), s.key
        for envelope in s.envelopes:  # a damaged event never opens a stream (it routes it)
            first = envelope["logEvents"][0]["message"]
            assert not any(raw == first for _, _, raw in s.errors), envelope["logGroup"]
            times = [e["timestamp"] for e in envelope["logEvents"]]
            assert times == sorted(times), envelope["logGroup"]
    assert len({s.stem for s in samples}) == len(samples)


def write(root: Path, samples: list[Any] | None = None) -> list[Path]:
    return list(CWL.write(root, samples or build()))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write the sample tree under (default: samples/)")
    args = parser.parse_args(argv)
    write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
