"""Sample files for service logs that reach S3 through CloudWatch Logs subscriptions (Lambda, RDS
and Aurora, EKS control plane, ECS containers), and what they mean.

These services write to CloudWatch Logs only. A subscription filter on their log groups sends the
events on as envelopes (one per log stream and batch); here a Firehose stream writes them to S3
without a processor (gzip members back to back, Firehose's default key), and one envelope of a
Lambda log group arrives as the event a forwarding Lambda function receives. The envelopes and
their files are built by ``make_cloudwatch_samples.py`` (its ``Sample`` and ``Event``); this
module builds each log event: the typed record first, then its message, rendered by the small
formatters below (never by awslogparse).

* ``firehose/cwl-lambda-to-s3/...``: a Node.js function in the text log format (INIT_START, a
  line logged during initialisation, START, console lines with their time, request id and level,
  one spanning lines written with carriage returns, END, REPORT with the cold start's init
  duration and X-Ray ids), a Python function in the JSON log format (platform events, structured
  application records, a plain print), and an application log group no format recognises;
* ``firehose/cwl-rds-to-s3/...``: an RDS for MySQL instance's error log (a deadlock report
  whose continuation lines have no prefix: ``error_text`` records, as only the error log's
  shapes are tried in its stream), general, slow query (one entry a multi-line message) and
  audit logs, and an Aurora PostgreSQL cluster's log with RDS's ``log_line_prefix``, one line
  of it cut short;
* ``firehose/cwl-eks-to-s3/...``: an EKS cluster's audit events (JSON), authenticator lines
  (``key=value``) and scheduler, controller manager and API server lines (klog), each line
  record with the ``component`` and ``instance`` its log stream's name gives;
* ``firehose/cwl-ecs-to-s3/...``: ECS container output sent by the awslogs log driver, routed
  by log group alone (``/ecs/<task definition family>`` and ``/aws/ecs/...``): a Fargate
  task's nginx container (plain text access lines) and application container (npm's banner,
  then JSON lines, parsed into ``data``), a Spring Boot worker whose multi-line entries
  (``awslogs-multiline-pattern``: a stack trace) are one event each, every record with the
  ``stream_prefix``, ``container_name`` and ``task_id`` of its stream
  (``<prefix>/<container>/<task id>``, task ids of the 32-hex and the older UUID form), and a
  stream without a stream prefix (named by the Docker container id: those fields null);
* ``lambda-events/cloudwatch-logs-lambda.json``: a Python function's START, logging lines, END
  and REPORT as one envelope inside a Lambda event.

A record is what the library returns for a routed event: every field of the inner format's spec
(``None`` where the line has no such value; the names are read from ``formats/<name>.toml``),
the fields the format takes from the log stream's name (given here from the values the stream
name was built from), the envelope's context and ``_format``. Facts: the format specs' AWS
documentation pages (``formats/lambda.toml``, ``rds.toml``, ``eks.toml``, ``eks_audit.toml``,
``ecs.toml``). Request ids, trace ids, task and container ids, instance and cluster names, users,
statements and application lines are made up; addresses are private or documentation ranges;
account 123456789012 is AWS's documentation account.

    python samples/make_service_samples.py [--out DIR]     # default DIR: samples/
"""

from __future__ import annotations

import argparse
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
REGION = "us-east-1"


def sibling(name: str) -> ModuleType:
    """A generator beside this one (``make_samples`` loads them by path, without bytecode)."""
    loaded: ModuleType = sys.modules.get("make_samples") or _load("make_samples")
    if name == "make_samples":
        return loaded
    found: ModuleType = loaded.http_samples(name)
    return found


def _load(name: str) -> ModuleType:
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def field_names(fmt: str) -> list[str]:
    """The record fields of ``formats/<fmt>.toml`` in order (line formats: as written there)."""
    with (SPECS / f"{fmt}.toml").open("rb") as fh:
        return [f["name"] for f in tomllib.load(fh)["fields"]]


def shaped(fmt: str, shape: str, **values: Any) -> Record:
    """A line shapes record: every field of the spec, the shape, the values the line holds."""
    names = field_names(fmt)
    unknown = set(values) - set(names)
    assert not unknown, (fmt, unknown)
    return {**dict.fromkeys(names), "shape": shape, **values}


def at(seconds: float) -> datetime:
    """``seconds`` after T0, to the microsecond."""
    return T0 + timedelta(microseconds=round(seconds * 1_000_000))


def iso_ms(value: datetime) -> str:
    assert value.microsecond % 1000 == 0, value
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"


def iso_us(value: datetime) -> str:
    return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond:06d}Z"


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class Ids:
    """Made-up ids, fixed by a seed."""

    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rnd.getrandbits(128), version=4))

    def hex(self, digits: int) -> str:
        return f"{self.rnd.getrandbits(4 * digits):0{digits}x}"


def event(when: datetime, message: str, fmt: str, record: Record) -> Any:
    """A log event at ``when`` (CloudWatch Logs keeps milliseconds) holding a ``fmt`` record."""
    stamp = when.replace(microsecond=when.microsecond // 1000 * 1000)
    return sibling("make_cloudwatch_samples").Event(stamp, message, fmt, record)


# ---- Lambda -------------------------------------------------------------------------------------

LAMBDA = "lambda"


def ms_text(value: float) -> str:
    """A duration as REPORT writes it: two decimals."""
    return f"{value:.2f}"


def lambda_node_events(ids: Ids) -> tuple[str, list[Any]]:
    """A Node.js 20 function's first two invocations in the text log format (one execution
    environment: one log stream), each message ending in a newline as Lambda writes them."""
    arn = f"arn:aws:lambda:{REGION}::runtime:{ids.hex(64)}"
    first, second = ids.uuid(), ids.uuid()
    trace, segment = f"1-{ids.hex(8)}-{ids.hex(24)}", ids.hex(16)
    out = []

    def platform(when: datetime, line: str, record: Record) -> None:
        out.append(event(when, line + "\n", LAMBDA, record))

    def console(when: datetime, request: str | None, level: str, text: str) -> None:
        line = f"{iso_ms(when)}\t{request or 'undefined'}\t{level}\t{text}"
        out.append(event(when, line + "\n", LAMBDA, shaped(
            LAMBDA, "text_node", time=when, request_id=request, level=level, message=text)))

    platform(at(3.101), f"INIT_START Runtime Version: nodejs:20.v33\tRuntime Version ARN: {arn}\t",
             shaped(LAMBDA, "init_start", runtime_version="nodejs:20.v33",
                    runtime_version_arn=arn))
    console(at(3.198), None, "INFO", "loading configuration from SSM")
    platform(at(3.334), f"START RequestId: {first} Version: $LATEST",
             shaped(LAMBDA, "start", request_id=first, version="$LATEST"))
    console(at(3.337), first, "INFO", "EVENT\r{\r  \"orderId\": 4711,\r  \"items\": 3\r}")
    console(at(3.402), first, "INFO", "order 4711 priced at 84.50 EUR")
    console(at(3.515), first, "WARN", "inventory low for SHOE-42-BLK (2 left)")
    platform(at(3.517), f"END RequestId: {first}", shaped(LAMBDA, "end", request_id=first))
    report = (f"REPORT RequestId: {first}\tDuration: {ms_text(182.43)} ms\tBilled Duration: 183 ms"
              f"\tMemory Size: 512 MB\tMax Memory Used: 91 MB\tInit Duration: {ms_text(231.07)} ms"
              f"\tXRAY TraceId: {trace}\tSegmentId: {segment}\tSampled: true\t")
    platform(at(3.517), report, shaped(
        LAMBDA, "report", request_id=first, duration_ms=182.43, billed_duration_ms=183,
        memory_size_mb=512, max_memory_used_mb=91, init_duration_ms=231.07,
        xray_trace_id=trace, xray_segment_id=segment, xray_sampled=True))
    platform(at(47.020), f"START RequestId: {second} Version: $LATEST",
             shaped(LAMBDA, "start", request_id=second, version="$LATEST"))
    console(at(47.031), second, "ERROR", "payment provider answered 503: retry in 2 s")
    platform(at(47.288), f"END RequestId: {second}", shaped(LAMBDA, "end", request_id=second))
    platform(at(47.288), f"REPORT RequestId: {second}\tDuration: {ms_text(267.9)} ms\t"
                         "Billed Duration: 268 ms\tMemory Size: 512 MB\tMax Memory Used: 93 MB\t",
             shaped(LAMBDA, "report", request_id=second, duration_ms=267.9,
                    billed_duration_ms=268, memory_size_mb=512, max_memory_used_mb=93))
    stream = f"2026/11/21/[$LATEST]{ids.hex(32)}"
    return stream, out


def lambda_json_events(ids: Ids) -> tuple[str, list[Any]]:
    """A Python 3.12 function with the JSON log format: platform events, its logger's records
    (a stack trace on the error), and a print() line, which stays plain text."""
    arn = f"arn:aws:lambda:{REGION}::runtime:{ids.hex(64)}"
    request = ids.uuid()
    out = []

    def json_event(when: datetime, obj: Record, shape: str, **values: Any) -> None:
        out.append(event(when, compact(obj), LAMBDA,
                         shaped(LAMBDA, shape, data=obj, **values)))

    t = at(12.480)
    json_event(t, {"time": iso_ms(t), "type": "platform.initStart", "record": {
        "initializationType": "on-demand", "phase": "init", "runtimeVersion": "python:3.12.v18",
        "runtimeVersionArn": arn, "functionName": "orders-worker",
        "functionVersion": "$LATEST"}}, "platform_init_start", time=t,
        event_type="platform.initStart", runtime_version="python:3.12.v18",
        runtime_version_arn=arn, phase="init", version="$LATEST")
    t = at(12.911)
    json_event(t, {"time": iso_ms(t), "type": "platform.start",
                   "record": {"requestId": request, "version": "$LATEST"}},
               "platform_start", time=t, event_type="platform.start", request_id=request,
               version="$LATEST")
    t = at(12.915)
    json_event(t, {"timestamp": iso_ms(t), "level": "INFO", "message": "order 4712 queued",
                   "logger": "root", "requestId": request},
               "app_json", time=t, level="INFO", message="order 4712 queued",
               request_id=request)
    t = at(13.004)
    out.append(event(t, "retrying payment call (1/3)\n", LAMBDA,
                     shaped(LAMBDA, "message", message="retrying payment call (1/3)")))
    t = at(14.126)
    trace = ['  File "/var/task/app.py", line 41, in handler\n    charge(order)\n',
             '  File "/var/task/payments.py", line 17, in charge\n    raise TimeoutError()\n']
    json_event(t, {"timestamp": iso_ms(t), "level": "ERROR",
                   "message": "payment service timed out", "logger": "root",
                   "requestId": request, "errorType": "TimeoutError",
                   "stackTrace": trace},
               "app_json", time=t, level="ERROR", message="payment service timed out",
               request_id=request, error_type="TimeoutError")
    t = at(14.130)
    json_event(t, {"time": iso_ms(t), "type": "platform.runtimeDone", "record": {
        "requestId": request, "status": "success",
        "metrics": {"durationMs": 1218.301, "producedBytes": 51}}},
        "platform", time=t, event_type="platform.runtimeDone")
    t = at(14.133)
    json_event(t, {"time": iso_ms(t), "type": "platform.report", "record": {
        "requestId": request, "metrics": {"durationMs": 1219.447, "billedDurationMs": 1220,
                                          "memorySizeMB": 256, "maxMemoryUsedMB": 88,
                                          "initDurationMs": 402.153},
        "status": "success"}},
        "platform_report", time=t, event_type="platform.report", request_id=request,
        duration_ms=1219.447, billed_duration_ms=1220, memory_size_mb=256,
        max_memory_used_mb=88, init_duration_ms=402.153, status="success")
    stream = f"2026/11/21/[$LATEST]{ids.hex(32)}"
    return stream, out


def lambda_python_text_events(ids: Ids) -> tuple[str, list[Any]]:
    """A Python function in the text log format: its logging module's lines."""
    request = ids.uuid()
    out = []
    out.append(event(at(301.220), f"START RequestId: {request} Version: 7\n", LAMBDA,
                     shaped(LAMBDA, "start", request_id=request, version="7")))
    for seconds, level, text in [(301.224, "INFO", "resizing image uploads/2026/11/21/a.jpg"),
                                 (301.870, "WARNING", "EXIF orientation missing, assuming 1")]:
        when = at(seconds)
        out.append(event(when, f"[{level}]\t{iso_ms(when)}\t{request}\t{text}\n", LAMBDA,
                         shaped(LAMBDA, "text_python", level=level, time=when,
                                request_id=request, message=text)))
    out.append(event(at(302.011), f"END RequestId: {request}\n", LAMBDA,
                     shaped(LAMBDA, "end", request_id=request)))
    out.append(event(at(302.011), f"REPORT RequestId: {request}\tDuration: {ms_text(790.31)} ms"
                                  "\tBilled Duration: 791 ms\tMemory Size: 1024 MB"
                                  "\tMax Memory Used: 173 MB\t\n", LAMBDA,
                     shaped(LAMBDA, "report", request_id=request, duration_ms=790.31,
                            billed_duration_ms=791, memory_size_mb=1024,
                            max_memory_used_mb=173)))
    return f"2026/11/21/[7]{ids.hex(32)}", out


# ---- RDS ----------------------------------------------------------------------------------------

RDS = "rds"
MYSQL_GROUP = "/aws/rds/instance/orders-db/{}"
PG_GROUP = "/aws/rds/cluster/billing-pg/postgresql"


DEADLOCK_TRANSACTION = [
    "TRANSACTION 918273, ACTIVE 0 sec starting index read",
    "mysql tables in use 1, locked 1",
    "LOCK WAIT 2 lock struct(s), heap size 1128, 1 row lock(s)",
    "MySQL thread id 2427, OS thread handle 70368744177664, query id 9311 10.0.1.23 app updating",
    "UPDATE orders SET status = 'paid' WHERE id = 4711",
]
"""The lines InnoDB writes under a deadlock report's ``*** (1) TRANSACTION:`` heading (with
``innodb_print_all_deadlocks``): no prefix of their own, so each is an ``error_text`` record."""


def mysql_error_events() -> list[Any]:
    """An RDS for MySQL 8.0 error log: start-up lines, a deadlock report whose continuation
    lines carry no prefix (one log event each, at the time of the line they continue), and an
    aborted connection."""
    lines = [
        (4.118375, 0, "System", "MY-010116", "Server",
         "/rdsdbbin/mysql/bin/mysqld (mysqld 8.0.39) starting as process 412", ()),
        (9.604112, 0, "Warning", "MY-010068", "Server",
         "CA certificate /rdsdbdata/rds-metadata/ca-cert.pem is self signed.", ()),
        (160.702530, 2427, "Note", "MY-012468", "InnoDB",
         "Transactions deadlock detected, dumping detailed information.", ()),
        (160.702561, 2427, "Note", "MY-012469", "InnoDB", "*** (1) TRANSACTION:",
         DEADLOCK_TRANSACTION),
        (192.501234, 2418, "Note", "MY-010914", "Server",
         "Aborted connection 2418 to db: 'orders' user: 'app' host: '10.0.1.23' (Got an error "
         "reading communication packets).", ()),
    ]
    out = []
    for seconds, thread, level, code, subsystem, text, continued in lines:
        when = at(seconds)
        line = f"{iso_us(when)} {thread} [{level}] [{code}] [{subsystem}] {text}"
        out.append(event(when, line, RDS, shaped(
            RDS, "mysql_error", time=when, thread_id=thread, level=level, error_code=code,
            subsystem=subsystem, message=text)))
        out.extend(event(when, more, RDS, shaped(RDS, "error_text", message=more))
                   for more in continued)
    return out


def mysql_general_events() -> list[Any]:
    lines = [(120.000311, 2421, "Connect", "app@10.0.1.23 on orders using SSL/TLS"),
             (120.000987, 2421, "Query", "SELECT id, status FROM orders WHERE id = 4711"),
             (120.003450, 2421, "Quit", "")]
    out = []
    for seconds, thread, command, argument in lines:
        when = at(seconds)
        out.append(event(when, f"{iso_us(when)}\t{thread:>5} {command}\t{argument}", RDS,
                         shaped(RDS, "general", time=when, thread_id=thread, command=command,
                                statement=argument)))
    return out


def slow_entry(when: datetime, *, user: str, host: str | None, ip: str | None, thread: int,
               query_time: float, lock_time: float, sent: int, examined: int,
               database: str | None, statement: str) -> Any:
    """A slow query log entry as one message: its lines as MySQL 8.0 writes them."""
    lines = [f"# Time: {iso_us(when)}",
             f"# User@Host: {user}[{user}] @ {host or ''} [{ip or ''}]  Id: {thread:>5}",
             f"# Query_time: {query_time:.6f}  Lock_time: {lock_time:.6f} Rows_sent: {sent}  "
             f"Rows_examined: {examined}"]
    if database is not None:
        lines.append(f"use {database};")
    start = when.replace(microsecond=0) - timedelta(seconds=int(query_time))
    lines += [f"SET timestamp={(start - EPOCH) // timedelta(seconds=1)};", statement]
    return event(when, "\n".join(lines), RDS, shaped(
        RDS, "slow_query", time=when, user=user, priv_user=user, host=host, client_ip=ip,
        thread_id=thread, query_time=query_time, lock_time=lock_time, rows_sent=sent,
        rows_examined=examined, database=database, query_start=start, statement=statement))


def mysql_slow_events() -> list[Any]:
    return [
        slow_entry(at(61.713482), user="app", host=None, ip="10.0.1.23", thread=2419,
                   query_time=2.304117, lock_time=0.000081, sent=1, examined=1843210,
                   database="orders",
                   statement="SELECT COUNT(*) FROM order_items WHERE sku LIKE '%BLK%';"),
        slow_entry(at(135.020614), user="reporting", host="ip-10-0-2-14.ec2.internal",
                   ip="10.0.2.14", thread=2433, query_time=11.520388, lock_time=0.000140,
                   sent=31, examined=5290122, database=None,
                   statement="SELECT o.customer_id, SUM(i.price * i.quantity) AS revenue\n"
                   "FROM orders o JOIN order_items i ON i.order_id = o.id\n"
                   "WHERE o.created_at >= '2026-11-01'\nGROUP BY o.customer_id\n"
                   "ORDER BY revenue DESC LIMIT 31;"),
        slow_entry(at(233.900102), user="rdsadmin", host="localhost", ip=None, thread=6,
                   query_time=1.010223, lock_time=0.0, sent=0, examined=0, database=None,
                   statement="FLUSH LOGS;"),
    ]


def mysql_audit_events() -> list[Any]:
    server = "ip-10-0-3-77"
    lines = [
        (120.0, "app", "10.0.1.23", 2421, 0, "CONNECT", "orders", None, 0),
        (120.0, "app", "10.0.1.23", 2421, 9180, "QUERY", "orders",
         "'SELECT id, status FROM orders WHERE id = 4711'", 0),
        (120.0, "app", "10.0.1.23", 2421, 0, "DISCONNECT", "orders", None, 0),
        (205.0, "admin", "198.51.100.23", 2440, 0, "FAILED_CONNECT", None, None, 1045),
    ]
    out = []
    for seconds, user, host, connection, query, operation, database, obj, code in lines:
        when = at(seconds)
        line = (f"{when:%Y%m%d %H:%M:%S},{server},{user},{host},{connection},{query},"
                f"{operation},{database or ''},{obj or ''},{code}")
        out.append(event(when, line, RDS, shaped(
            RDS, "audit", time=when, server_host=server, user=user, host=host,
            connection_id=connection, query_id=query, operation=operation, database=database,
            object=obj, retcode=code)))
    return out


Client = tuple[str | None, int | None, str | None, str | None]
"""PostgreSQL's %r host and port, %u user and %d database (all None: a background process)."""
BACKGROUND: Client = (None, None, None, None)


def pg_line(when: datetime, client: Client, pid: int, level: str, message: str) -> Any:
    host, port, user, database = client
    remote = f"{host}({port})" if host is not None and port is not None else (host or "")
    line = (f"{when:%Y-%m-%d %H:%M:%S} UTC:{remote}:{user or ''}@{database or ''}:[{pid}]:"
            f"{level}:  {message}")
    return event(when, line, RDS, shaped(
        RDS, "postgresql", time=when, host=host, port=port, user=user, database=database,
        pid=pid, level=level, message=message))


PG_CUT_REASON = "fits none of the rds line shapes"
"""What the parser says of a PostgreSQL line cut inside its prefix (a substring)."""


def postgres_events() -> list[Any]:
    app: Client = ("10.0.1.41", 50318, "billing", "billing")
    out = [
        pg_line(at(30.0), ("10.0.1.41", 50318, None, None), 29811, "LOG",
                "connection received: host=10.0.1.41 port=50318"),
        pg_line(at(30.0), app, 29811, "LOG",
                "connection authorized: user=billing database=billing SSL enabled "
                "(protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384, bits=256)"),
        pg_line(at(31.0), app, 29811, "LOG",
                "duration: 1503.214 ms  statement: SELECT invoice_id FROM invoices WHERE "
                "due < now() AND paid IS NULL"),
        pg_line(at(75.0), app, 29811, "ERROR",
                'duplicate key value violates unique constraint "invoices_pkey"'),
        pg_line(at(75.0), app, 29811, "DETAIL", "Key (invoice_id)=(88121) already exists."),
        pg_line(at(75.0), app, 29811, "STATEMENT",
                "INSERT INTO invoices (invoice_id, customer_id, due) VALUES (88121, 311, "
                "'2026-12-01')"),
        pg_line(at(150.0), BACKGROUND, 612, "LOG", "checkpoint starting: time"),
    ]
    damaged = sibling("make_cloudwatch_samples").Event(  # cut inside the prefix's time
        at(181.0), pg_line(at(181.0), app, 29811, "LOG", "disconnection").message[:18],
        reason=PG_CUT_REASON)
    return [*out, damaged]


# ---- EKS ----------------------------------------------------------------------------------------

EKS, AUDIT = "eks", "eks_audit"
EKS_GROUP = "/aws/eks/prod/cluster"


def audit_fields() -> list[dict[str, Any]]:
    with (SPECS / f"{AUDIT}.toml").open("rb") as fh:
        fields: list[dict[str, Any]] = tomllib.load(fh)["fields"]
    return fields


def audit_event(ids: Ids, received: datetime, *, verb: str, uri: str, user: Record,
                source_ip: str, agent: str, code: int, obj: Record | None,
                status: Record | None = None, level: str = "Metadata",
                decision: str = "allow", reason: str = "") -> Any:
    """A Kubernetes audit event (audit.k8s.io/v1) at ResponseComplete, in the order the API
    server writes its keys, and the typed record of it."""
    stage = received + timedelta(microseconds=ids.rnd.randint(900, 90_000))
    wire: Record = {"kind": "Event", "apiVersion": "audit.k8s.io/v1", "level": level,
                    "auditID": ids.uuid(), "stage": "ResponseComplete", "requestURI": uri,
                    "verb": verb, "user": user, "sourceIPs": [source_ip], "userAgent": agent}
    if obj is not None:
        wire["objectRef"] = obj
    wire["responseStatus"] = {"metadata": {}, **(status or {}), "code": code}
    wire["requestReceivedTimestamp"] = iso_us(received)
    wire["stageTimestamp"] = iso_us(stage)
    wire["annotations"] = {"authorization.k8s.io/decision": decision,
                           "authorization.k8s.io/reason": reason}
    typed = {**wire, "requestReceivedTimestamp": received, "stageTimestamp": stage}
    complete = sibling("make_security_samples").complete
    return event(stage, compact(wire), AUDIT, complete(audit_fields(), typed))


def eks_audit_events(ids: Ids) -> list[Any]:
    admin = {"username": "kubernetes-admin",
             "uid": "aws-iam-authenticator:123456789012:AIDACKCEVSQ6C2EXAMPLE",
             "groups": ["system:masters", "system:authenticated"],
             "extra": {"accessKeyId": ["AKIAIOSFODNN7EXAMPLE"],
                       "arn": ["arn:aws:iam::123456789012:user/alice"],
                       "canonicalArn": ["arn:aws:iam::123456789012:user/alice"],
                       "sessionName": [""]}}
    controller = {"username": "system:serviceaccount:kube-system:replicaset-controller",
                  "uid": "1c5f7b8e-2c2d-4a11-9d0e-3f2b6a7c8d90",
                  "groups": ["system:serviceaccounts", "system:serviceaccounts:kube-system",
                             "system:authenticated"]}
    dev = {"username": "dev-readonly", "uid": "aws-iam-authenticator:123456789012:AROAEXAMPLE",
           "groups": ["developers", "system:authenticated"]}
    kubectl = "kubectl/v1.31.2 (darwin/arm64) kubernetes/5864a46"
    return [
        audit_event(ids, at(8.412031), verb="get",
                    uri="/api/v1/namespaces/shop/pods/web-7d4b9c-x2k9p", user=admin,
                    source_ip="203.0.113.10", agent=kubectl, code=200,
                    obj={"resource": "pods", "namespace": "shop", "name": "web-7d4b9c-x2k9p",
                         "apiVersion": "v1"}),
        audit_event(ids, at(52.930114), verb="create", uri="/api/v1/namespaces/shop/pods",
                    user=controller, source_ip="10.0.12.5",
                    agent="kube-controller-manager/v1.31.2-eks-7f9249a (linux/amd64) "
                    "kubernetes/5d6f3a1/system:serviceaccount:kube-system:replicaset-controller",
                    code=201, obj={"resource": "pods", "namespace": "shop", "apiVersion": "v1"},
                    reason='RBAC: allowed by ClusterRoleBinding "system:controller:replicaset-'
                           'controller" of ClusterRole "system:controller:replicaset-controller"'
                           ' to ServiceAccount "replicaset-controller/kube-system"'),
        audit_event(ids, at(97.004556), verb="list",
                    uri="/api/v1/namespaces/shop/secrets?limit=500", user=dev,
                    source_ip="198.51.100.77", agent=kubectl, code=403,
                    obj={"resource": "secrets", "namespace": "shop", "apiVersion": "v1"},
                    status={"status": "Failure", "message": 'secrets is forbidden: User '
                            '"dev-readonly" cannot list resource "secrets" in API group "" in '
                            'the namespace "shop"', "reason": "Forbidden"},
                    decision="forbid"),
    ]


def logfmt(pairs: Sequence[tuple[str, str]]) -> str:
    """key=value pairs as the authenticator (logrus) writes them: quoted unless a plain word."""
    plain = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._/@^+")
    return " ".join(f"{k}={v}" if v and set(v) <= plain else f"{k}={json.dumps(v)}"
                    for k, v in pairs)


def eks_stream(component: str, instance: str) -> tuple[str, Record]:
    """A control plane log stream's name (``<component>-<instance id>``) and the fields its
    records take from it."""
    return f"{component}-{instance}", {"component": component, "instance": instance}


def authenticator_events(stream: Record) -> list[Any]:
    granted = [("time", "2026-11-21T00:00:08Z"), ("level", "info"), ("msg", "access granted"),
               ("arn", "arn:aws:iam::123456789012:user/alice"), ("client", "127.0.0.1:51326"),
               ("groups", "[system:masters]"), ("method", "POST"), ("path", "/authenticate"),
               ("sts", "sts.us-east-1.amazonaws.com"),
               ("uid", "aws-iam-authenticator:123456789012:AIDACKCEVSQ6C2EXAMPLE"),
               ("username", "kubernetes-admin")]
    denied = [("time", "2026-11-21T00:02:40Z"), ("level", "warning"), ("msg", "access denied"),
              ("client", "127.0.0.1:52856"),
              ("error", "sts getCallerIdentity failed: error from AWS (expected 200, got 403)"),
              ("method", "POST"), ("path", "/authenticate")]
    out = []
    for pairs in (granted, denied):
        values = dict(pairs)
        when = datetime.fromisoformat(values["time"])
        typed = {"time": when, "level": values["level"], "message": values["msg"]}
        typed.update((k, values[k]) for k in ("arn", "username", "uid", "groups", "client",
                                              "method", "path", "error") if k in values)
        out.append(event(when, logfmt(pairs), EKS,
                         shaped(EKS, "authenticator", data=values, **typed, **stream)))
    return out


def klog_event(seconds: float, severity: str, thread: int, source: str, text: str, *,
               stream: Record) -> Any:
    when = at(seconds)
    stamp = f"{when:%m%d %H:%M:%S}.{when.microsecond:06d}"
    return event(when, f"{severity}{stamp} {thread:>7} {source}] {text}", EKS, shaped(
        EKS, "klog", severity=severity, klog_time=stamp, thread_id=thread, source=source,
        message=text, **stream))


def scheduler_events(stream: Record) -> list[Any]:
    return [klog_event(52.981204, "I", 11, "schedule_one.go:314",
                       '"Successfully bound pod to node" pod="shop/web-7d4b9c-q8z7m" '
                       'node="ip-10-0-12-71.ec2.internal" evaluatedNodes=6 feasibleNodes=3',
                       stream=stream)]


def controller_events(stream: Record) -> list[Any]:
    return [klog_event(52.925870, "I", 12, "event.go:389",
                       '"Event occurred" object="shop/web-7d4b9c" fieldPath="" kind="ReplicaSet"'
                       ' apiVersion="apps/v1" type="Normal" reason="SuccessfulCreate" '
                       'message="Created pod: web-7d4b9c-q8z7m"', stream=stream),
            klog_event(171.440096, "W", 12, "garbagecollector.go:818",
                       "failed to discover some groups: map[metrics.k8s.io/v1beta1:stale "
                       "GroupVersion discovery: metrics.k8s.io/v1beta1]", stream=stream)]


def apiserver_events(stream: Record) -> list[Any]:
    return [klog_event(96.113870, "E", 14, "status.go:71",
                       'apiserver received an error that is not an metav1.Status: '
                       '&errors.errorString{s:"context canceled"}: context canceled',
                       stream=stream)]


# ---- ECS ----------------------------------------------------------------------------------------

ECS = "ecs"
WEB_GROUP = "/ecs/checkout-web"
"""The log group the ECS console proposes for a task definition family: ``/ecs/<family>``."""
WORKER_GROUP = "/aws/ecs/billing-worker"


def ecs_stream(prefix: str, container: str, task: str) -> tuple[str, Record]:
    """An awslogs stream's name with ``awslogs-stream-prefix`` set
    (``<prefix>/<container name>/<task id>``), and the fields its records take from it."""
    return f"{prefix}/{container}/{task}", {"stream_prefix": prefix, "container_name": container,
                                            "task_id": task}


def ecs_text(when: datetime, text: str, stream: Record) -> Any:
    return event(when, text, ECS, shaped(ECS, "text", message=text, **stream))


def ecs_json(when: datetime, obj: Record, stream: Record) -> Any:
    text = compact(obj)
    return event(when, text, ECS, shaped(ECS, "json", message=text, data=obj, **stream))


def clf_time(when: datetime) -> str:
    """nginx's ``$time_local`` in UTC."""
    return f"{when:%d/%b/%Y:%H:%M:%S} +0000"


def nginx_events(stream: Record) -> list[Any]:
    """The reverse proxy container of a Fargate task: nginx's combined access log lines."""
    out = []
    for seconds, client, request, status, size, agent in [
            (5.012, "10.0.1.17", "GET /health HTTP/1.1", 200, 2, "ELB-HealthChecker/2.0"),
            (6.118, "10.0.1.17", "POST /api/orders HTTP/1.1", 201, 87,
             "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15"),
            (7.340, "10.0.2.52", "GET /api/orders/4711 HTTP/1.1", 404, 31, "curl/8.7.1")]:
        when = at(seconds)
        out.append(ecs_text(when, f'{client} - - [{clf_time(when)}] "{request}" {status} {size} '
                                  f'"-" "{agent}"', stream))
    return out


def app_container_events(stream: Record) -> list[Any]:
    """The application container of the same task: npm's start banner (plain text), then its
    logger's JSON lines."""
    out = [ecs_text(at(1.204), "> checkout@1.4.2 start", stream),
           ecs_text(at(1.205), "> node server.js", stream)]
    for seconds, obj in [
            (1.911, {"level": "info", "msg": "listening", "port": 8080}),
            (6.113, {"level": "info", "msg": "order placed", "order_id": 4711, "items": 3,
                     "total": 84.5, "customer": {"id": "c-1029", "tier": "gold"}}),
            (7.336, {"level": "warn", "msg": "order not found", "order_id": 4711,
                     "trace_id": None})]:
        when = at(seconds)
        out.append(ecs_json(when, {"time": iso_ms(when), **obj}, stream))
    return out


def worker_events(stream: Record) -> list[Any]:
    """A Spring Boot job logging through ``awslogs-multiline-pattern`` (``^\\d{4}-``): a stack
    trace arrives in the one log event of the line it belongs to."""
    def line(seconds: float, level: str, logger: str, text: str) -> tuple[datetime, str]:
        when = at(seconds)
        stamp = f"{when:%Y-%m-%d %H:%M:%S}.{when.microsecond // 1000:03d}"
        return when, f"{stamp} {level:>5} 1 --- [   scheduling-1] {logger:<40} : {text}"

    when, started = line(60.002, "INFO", "c.e.billing.InvoiceJob", "invoice run 2026-11-21 "
                                                                    "started: 214 accounts")
    failed_at, failed = line(92.417, "ERROR", "c.e.billing.InvoiceJob", "invoice run failed")
    trace = "\n".join([failed, "java.net.SocketTimeoutException: Read timed out",
                       "\tat java.base/sun.nio.ch.NioSocketImpl.timedFinishRead"
                       "(NioSocketImpl.java:288)",
                       "\tat com.example.billing.PaymentClient.charge(PaymentClient.java:57)",
                       "\tat com.example.billing.InvoiceJob.run(InvoiceJob.java:41)"])
    return [ecs_text(when, started, stream), ecs_text(failed_at, trace, stream)]


def unprefixed_events() -> list[Any]:
    """A task on the EC2 launch type whose task definition sets no ``awslogs-stream-prefix``:
    its stream is named by the Docker container id, so the stream gives no fields."""
    return [ecs_text(at(240.551), "billing-worker 3.2.0 ready (queue: invoices)", {})]


# ---- the files ----------------------------------------------------------------------------------


def sample_lambda_firehose() -> Any:
    cw = sibling("make_cloudwatch_samples")
    s = cw.Sample(cw.firehose_key("cwl-lambda-to-s3", "2026-11-21-00-05-00", 2611210101),
                  "Lambda log groups through Firehose: a Node.js function in the text log format,"
                  " a Python function in the JSON log format, an application's log group",
                  "cwl-lambda-to-s3-1-2026-11-21-00-05-00", rnd=random.Random(2611210102))
    ids = Ids(2611210103)
    node_stream, node = lambda_node_events(ids)
    json_stream, structured = lambda_json_events(ids)
    s.control_message(T0 + timedelta(seconds=1, milliseconds=52))
    s.data_message("/aws/lambda/checkout-api", node_stream, "lambda-to-s3", node[:9])
    s.data_message("/aws/lambda/orders-worker", json_stream, "lambda-to-s3", structured)
    s.data_message("/aws/lambda/checkout-api", node_stream, "lambda-to-s3", node[9:])
    s.data_message(cw.APP_GROUP, cw.APP_STREAM, "app-to-s3", cw.app_events()[:2])
    return s


def sample_rds_firehose() -> Any:
    cw = sibling("make_cloudwatch_samples")
    s = cw.Sample(cw.firehose_key("cwl-rds-to-s3", "2026-11-21-00-05-00", 2611210201),
                  "RDS for MySQL error, general, slow query and audit logs and an Aurora "
                  "PostgreSQL log through Firehose", "cwl-rds-to-s3-1-2026-11-21-00-05-00",
                  rnd=random.Random(2611210202))
    s.data_message(MYSQL_GROUP.format("error"), "orders-db", "rds-to-s3", mysql_error_events())
    s.data_message(MYSQL_GROUP.format("general"), "orders-db", "rds-to-s3",
                   mysql_general_events())
    s.data_message(MYSQL_GROUP.format("audit"), "orders-db", "rds-to-s3", mysql_audit_events())
    s.data_message(MYSQL_GROUP.format("slowquery"), "orders-db", "rds-to-s3",
                   mysql_slow_events())
    s.data_message(PG_GROUP, "billing-pg-instance-1", "rds-to-s3", postgres_events())
    return s


def sample_eks_firehose() -> Any:
    cw = sibling("make_cloudwatch_samples")
    s = cw.Sample(cw.firehose_key("cwl-eks-to-s3", "2026-11-21-00-05-00", 2611210301),
                  "An EKS cluster's control plane logs through Firehose: audit events, "
                  "authenticator, scheduler, controller manager and API server lines",
                  "cwl-eks-to-s3-1-2026-11-21-00-05-00", rnd=random.Random(2611210302))
    ids = Ids(2611210303)
    instance = ids.hex(32)
    s.data_message(EKS_GROUP, f"kube-apiserver-audit-{instance}", "eks-to-s3",
                   eks_audit_events(ids))
    for component, instance_id, events in [
            ("authenticator", instance, authenticator_events),
            ("kube-controller-manager", ids.hex(32), controller_events),
            ("kube-scheduler", ids.hex(32), scheduler_events),
            ("kube-apiserver", instance, apiserver_events)]:
        stream, fields = eks_stream(component, instance_id)
        s.data_message(EKS_GROUP, stream, "eks-to-s3", events(fields))
    return s


def sample_ecs_firehose() -> Any:
    cw = sibling("make_cloudwatch_samples")
    s = cw.Sample(cw.firehose_key("cwl-ecs-to-s3", "2026-11-21-00-05-00", 2611210501),
                  "ECS container logs (awslogs driver) through Firehose: a Fargate task's nginx "
                  "and application containers, a worker's multi-line entries, a stream without "
                  "a stream prefix", "cwl-ecs-to-s3-1-2026-11-21-00-05-00",
                  rnd=random.Random(2611210502))
    ids = Ids(2611210503)
    task = ids.hex(32)
    stream, fields = ecs_stream("checkout", "nginx", task)
    s.data_message(WEB_GROUP, stream, "ecs-to-s3", nginx_events(fields))
    stream, fields = ecs_stream("checkout", "app", task)
    s.data_message(WEB_GROUP, stream, "ecs-to-s3", app_container_events(fields))
    stream, fields = ecs_stream("billing", "worker", ids.uuid())
    s.data_message(WORKER_GROUP, stream, "ecs-to-s3", worker_events(fields))
    s.data_message(WORKER_GROUP, ids.hex(64), "ecs-to-s3", unprefixed_events())
    return s


def sample_lambda_event() -> Any:
    cw = sibling("make_cloudwatch_samples")
    s = cw.Sample("lambda-events/cloudwatch-logs-lambda.json",
                  "Lambda event from a CloudWatch Logs subscription: one envelope of a Python "
                  "function's log group (text log format)", "cloudwatch-logs-lambda",
                  lambda_event=True, evidence=cw.LAMBDA_EVIDENCE, rnd=random.Random(2611210401))
    stream, events = lambda_python_text_events(Ids(2611210402))
    s.data_message("/aws/lambda/image-resizer", stream, "lambda-to-forwarder", events)
    return s


def build() -> list[Any]:
    """The four Firehose objects (Lambda, RDS, EKS, ECS), then the Lambda event."""
    samples = [sample_lambda_firehose(), sample_rds_firehose(), sample_eks_firehose(),
               sample_ecs_firehose(), sample_lambda_event()]
    check(samples)
    return samples


def check(samples: Sequence[Any]) -> None:
    """What the module docstring and samples/README.md promise for these files."""
    lam, rds, eks, ecs, event_sample = samples
    shapes = {r["shape"] for s in (lam, event_sample) for _, r in s.records
              if r["_format"] == LAMBDA}
    assert shapes >= {"init_start", "start", "end", "report", "text_node", "text_python",
                      "platform_init_start", "platform_start", "platform_report", "platform",
                      "app_json", "message"}, shapes
    assert {r["_format"] for _, r in lam.records} == {LAMBDA, "cloudwatch"}
    rds_shapes = {r["shape"] for _, r in rds.records}
    assert rds_shapes == {"mysql_error", "error_text", "general", "audit", "slow_query",
                          "postgresql"}, rds_shapes
    slow = [r for _, r in rds.records if r["shape"] == "slow_query"]
    assert any("\n" in r["statement"] for r in slow) and len(rds.errors) == 1
    continued = [r for _, r in rds.records if r["shape"] == "error_text"]
    assert continued and all(r["log_group"].endswith("/error") and r["time"] is None
                             for r in continued)
    assert {r["_format"] for _, r in eks.records} == {EKS, AUDIT}
    assert {r.get("shape") for _, r in eks.records} == {"klog", "authenticator", None}
    lines = [r for _, r in eks.records if r["_format"] == EKS]
    assert {r["component"] for r in lines} == {"authenticator", "kube-controller-manager",
                                               "kube-scheduler", "kube-apiserver"}
    assert all(r["log_stream"] == f"{r['component']}-{r['instance']}" for r in lines)
    containers = [r for _, r in ecs.records]
    assert {r["_format"] for r in containers} == {ECS} and not ecs.errors
    assert {r["shape"] for r in containers} == {"json", "text"}
    assert {r["log_group"].split("/")[1] for r in containers} == {"ecs", "aws"}
    assert any("\n" in r["message"] for r in containers)
    named = [r for r in containers if r["task_id"] is not None]
    assert all(r["log_stream"] == f"{r['stream_prefix']}/{r['container_name']}/{r['task_id']}"
               for r in named)
    assert {len(r["task_id"]) for r in named} == {32, 36}  # the long id and the older UUID
    assert any(r["container_name"] is None for r in containers)
    for s in samples:
        units = sorted([n for n, _ in s.records] + [n for n, _, _ in s.errors])
        assert units == list(range(1, s.units + 1)), s.key
        for envelope in s.envelopes:
            times = [e["timestamp"] for e in envelope["logEvents"]]
            assert times == sorted(times), envelope["logStream"]


# ---- writing ------------------------------------------------------------------------------------


def write(root: Path, samples: list[Any] | None = None) -> list[Path]:
    """Write these samples under ``root`` (as ``make_cloudwatch_samples.write`` does)."""
    written: list[Path] = sibling("make_cloudwatch_samples").write(root, samples or build())
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write the sample tree under (default: samples/)")
    args = parser.parse_args(argv)
    write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
