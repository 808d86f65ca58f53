"""The line shapes family and its formats (Lambda, RDS, EKS, ECS) beyond what the specs'
examples check: multi-line entries inside one CloudWatch Logs message, what a log stream's group
and name change (the ``stream_parser`` hook), routing of envelopes by log group and content, the
spec checks of ``[[shapes]]`` tables, and content sniffing that claims no other format's input."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import awslogparse
from awslogparse import registry
from awslogparse.parsers.shapes import (
    ShapesFormat,
    compile_shape,
    decode_logfmt,
    encode_logfmt,
)
from awslogparse.specs import load_spec

GOLDEN = Path(__file__).resolve().parent / "golden"

# A MySQL 8.0 slow query log entry as RDS sends it: one CloudWatch Logs event holding the
# entry's lines (CloudWatch Logs Insights queries parse the entry from one @message:
# https://gist.github.com/M1ke/30af593eb40d36ad98d39f465ce4a830).
SLOW = ("# Time: 2026-11-21T00:01:01.713482Z\n"
        "# User@Host: app[app] @  [10.0.1.23]  Id:  2419\n"
        "# Query_time: 2.304117  Lock_time: 0.000081 Rows_sent: 1  Rows_examined: 1843210\n"
        "use orders;\n"
        "SET timestamp=1795219259;\n"
        "SELECT COUNT(*)\nFROM order_items\nWHERE sku LIKE '%BLK%';")
START = "START RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95 Version: $LATEST\n"


def shapes_format(name: str) -> ShapesFormat:
    found = registry.get(name).format()
    assert isinstance(found, ShapesFormat)
    return found


def envelope(group: str, stream: str, messages: list[str]) -> bytes:
    body = {"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": group,
            "logStream": stream, "subscriptionFilters": ["f"],
            "logEvents": [{"id": str(10**55 + i), "timestamp": 1795219200000 + i, "message": m}
                          for i, m in enumerate(messages)]}
    return gzip.compress(json.dumps(body).encode(), mtime=0)


def read(data: bytes, **options: Any) -> tuple[list[dict[str, Any]], Any]:
    it = awslogparse.iter_records(data, "cloudwatch", errors="collect", **options)
    records = list(it)
    assert it.stats.records + it.stats.errors == it.stats.units
    return records, it


# ---- multi-line entries


def test_a_slow_query_entry_in_one_message_is_one_typed_record() -> None:
    record = awslogparse.parse_line(SLOW, "rds")
    assert record["shape"] == "slow_query"
    assert record["time"] == datetime(2026, 11, 21, 0, 1, 1, 713482, tzinfo=UTC)
    assert (record["user"], record["priv_user"], record["host"], record["client_ip"]) == \
        ("app", "app", None, "10.0.1.23")
    assert (record["thread_id"], record["rows_sent"], record["rows_examined"]) == \
        (2419, 1, 1843210)
    assert record["query_time"] == 2.304117 and record["lock_time"] == 0.000081
    assert record["database"] == "orders"
    assert record["query_start"] == datetime(2026, 11, 21, 0, 0, 59, tzinfo=UTC)
    assert record["statement"] == "SELECT COUNT(*)\nFROM order_items\nWHERE sku LIKE '%BLK%';"
    write = shapes_format("rds").writer()
    assert awslogparse.parse_line(write(record), "rds") == record


def test_slow_query_entries_route_from_their_log_group_inside_envelopes() -> None:
    data = envelope("/aws/rds/instance/orders-db/slowquery", "orders-db", [SLOW, SLOW + "\n"])
    records, it = read(data)
    assert [r["_format"] for r in records] == ["rds", "rds"] and not it.errors
    assert records[0]["statement"] == records[1]["statement"]
    assert records[0]["log_group"] == "/aws/rds/instance/orders-db/slowquery"


def test_entries_without_time_or_with_extra_comment_lines_still_read() -> None:
    """MariaDB writes # Time only when the second changes, and extra # lines (Thread_id,
    Rows_affected) around Query_time; MySQL 8.0's log_slow_extra lengthens that line."""
    entry = ("# User@Host: rdsadmin[rdsadmin] @ localhost []\n"
             "# Thread_id: 6  Schema:   QC_hit: No\n"
             "# Query_time: 1.010223  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0  "
             "Thread_id: 6 Errno: 0 Killed: 0\n"
             "# Rows_affected: 0  Bytes_sent: 11\n"
             "SET timestamp=1795219433;\nFLUSH LOGS;")
    record = awslogparse.parse_line(entry, "rds")
    assert record["shape"] == "slow_query" and record["time"] is None
    assert record["thread_id"] is None and record["statement"] == "FLUSH LOGS;"
    assert record["host"] == "localhost" and record["client_ip"] is None


def test_node_multi_line_console_output_is_one_message() -> None:
    text = ("2019-06-05T19:30:03.173Z\t4ce9340a-b765-490f-ad8a-02ab3415e2bf\tINFO\tEVENT\r{\r"
            '  "key": "value"\r}\n')  # get-log-events on the Node.js logging page
    record = awslogparse.parse_line(text, "lambda")
    assert record["shape"] == "text_node" and record["message"] == 'EVENT\r{\r  "key": "value"\r}'


# ---- what a log stream's group and name change


def test_rds_streams_try_only_their_logs_shapes() -> None:
    rds = shapes_format("rds")
    error = rds.stream_parser(None, "/aws/rds/instance/orders-db/error", "orders-db")
    assert [s.name for s in error.shapes] == ["mysql_error", "mysql_error_plain", "error_text"]
    continuation = "---TRANSACTION 421, ACTIVE 10 sec starting index read"
    record = error(continuation)
    assert record is not None and record["shape"] == "error_text"
    assert record["message"] == continuation
    with pytest.raises(awslogparse.ParseError, match="fits none of the rds line shapes"):
        awslogparse.parse_line(continuation, "rds")  # a file: no catch-all
    postgres = rds.stream_parser(None, "/aws/rds/cluster/billing-pg/postgresql", "pg-1")
    assert [s.name for s in postgres.shapes] == ["postgresql"]
    with pytest.raises(awslogparse.ParseError):
        postgres("2026-11-21T00:00:04.118375Z 0 [System] [MY-010116] [Server] starting")


def test_ecs_and_eks_records_take_fields_from_the_stream_name() -> None:
    ecs = shapes_format("ecs")
    task = "5c8a2c1e4f0b4d6e9a7b3c2d1e0f9a8b"
    parser = ecs.stream_parser(None, "/ecs/web", f"web/nginx/{task}")
    record = parser('{"level":"info","msg":"listening","port":8080}')
    assert record is not None
    assert record["container_name"] == "nginx" and record["task_id"] == task
    assert record["stream_prefix"] == "web"
    assert record["data"] == {"level": "info", "msg": "listening", "port": 8080}
    assert ecs.stream_values("i-0a1b2c3d") == {}  # a stream named another way: nothing
    eks = shapes_format("eks")
    assert eks.stream_values("kube-scheduler-bb3ea89d63fd2b9735ba06b144377db6") == \
        {"component": "kube-scheduler", "instance": "bb3ea89d63fd2b9735ba06b144377db6"}


def test_a_group_no_shape_names_tries_the_shapes_a_file_would_not_a_catch_all() -> None:
    """A stream the caller routes to rds whose log no shape names (PostgreSQL's upgrade log):
    the shapes a file's lines may take, not the error log's catch-all, which would make every
    line an `error_text` record of an error log it is not."""
    rds = shapes_format("rds")
    upgrade = rds.stream_parser(None, "/aws/rds/instance/pg-1/upgrade", "pg-1")
    assert [s.name for s in upgrade.shapes] == \
        [s.name for s in rds.shapes if s.applies_to(None)]
    messages = [PG_CRON, "Performing Consistency Checks"]
    records, it = read(envelope("/aws/rds/instance/pg-1/upgrade", "pg-1", messages),
                       log_formats={"/aws/rds/*": "rds"})
    assert [r["shape"] for r in records] == ["postgresql"]
    assert [e.raw for e in it.errors] == ["Performing Consistency Checks"]


def test_ecs_lines_route_by_the_callers_mapping_not_by_content() -> None:
    lines = ["GET /health 200", '{"level":"error","msg":"db down"}']
    data = envelope("/ecs/web", "web/app/5c8a2c1e4f0b4d6e9a7b3c2d1e0f9a8b", lines)
    routed, _ = read(data, log_formats={"/ecs/*": "ecs"})
    assert [(r["_format"], r["shape"]) for r in routed] == [("ecs", "text"), ("ecs", "json")]
    assert routed[1]["message"] == lines[1] and routed[1]["data"]["msg"] == "db down"
    assert shapes_format("ecs").sniff("\n".join(lines))[0] == 0.0


def test_a_json_message_holding_nan_gives_the_same_data_on_every_path() -> None:
    """Python's ``json.dumps`` writes a float NaN or infinity as ``NaN`` / ``Infinity`` (no
    JSON: RFC 8259 has no such numbers), so an application's structured lines can hold them.
    The record's ``data`` holds them as null, as Arrow's JSON text of ``data`` does (the record
    held ``nan`` where the table held ``null``); ``message`` keeps the line as written."""
    pytest.importorskip("pyarrow")
    lines = ['{"level":"warning","latency_ms":NaN,"limits":[Infinity,-Infinity,1.5]}',
             '{"level":"info","latency_ms":12.5}']
    data = "\n".join(lines).encode()
    records = list(awslogparse.iter_records(data, "ecs"))
    assert [r["shape"] for r in records] == ["json", "json"]
    assert records[0]["data"] == {"level": "warning", "latency_ms": None,
                                  "limits": [None, None, 1.5]}
    assert [r["message"] for r in records] == lines
    for fast in (True, False):
        table = awslogparse.read_arrow(data, "ecs", fast=fast)
        assert [json.loads(d) for d in table.column("data").to_pylist()] == \
            [r["data"] for r in records], fast

# ---- routing by log group and content


def test_lambda_streams_route_by_group_and_content_and_text_stays_text() -> None:
    report = ("REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\tDuration: 15.74 ms\t"
              "Billed Duration: 16 ms\tMemory Size: 128 MB\tMax Memory Used: 56 MB\t\n")
    stream = "2020/01/31/[$LATEST]3893xmpl7fac4485b47bb75b671a283c"
    data = envelope("/aws/lambda/my-function", stream,
                    [START, "## EVENT\n", "{'key': 'value'}\n", report])
    records, _ = read(data)
    assert [r["shape"] for r in records] == ["start", "message", "message", "report"]
    assert records[3]["duration_ms"] == 15.74 and records[3]["billed_duration_ms"] == 16
    assert records[1]["message"] == "## EVENT"


def test_eks_audit_and_control_plane_lines_share_the_clusters_group() -> None:
    audit = json.loads(load_spec("eks_audit").examples[0]["json"])
    audit["user"] = {"username": "kubernetes-admin", "groups": ["system:masters"]}
    klog = load_spec("eks").examples[0]["line"]
    data = envelope("/aws/eks/prod/cluster", "kube-apiserver-audit-71976ca11bea5d30",
                    [json.dumps(audit)]) + \
        envelope("/aws/eks/prod/cluster", "kube-scheduler-bb3ea89d63fd2b97", [klog])
    records, it = read(data)
    assert [r["_format"] for r in records] == ["eks_audit", "eks"] and not it.errors
    assert records[0]["user"]["username"] == "kubernetes-admin"
    assert records[0]["responseStatus"]["code"] == 200
    assert records[1]["severity"] == "I" and records[1]["source"] == "scheduler.go:604"


# The log types RDS and Aurora publish to CloudWatch Logs, per engine, as the RDS API reference
# lists the values of EnableCloudwatchLogsExports (CreateDBInstance, CreateDBCluster); each goes
# to the log group /aws/rds/instance/<instance>/<type> or /aws/rds/cluster/<cluster>/<type>.
RDS_LOG_TYPES = {
    "RDS for Db2": ("diag.log", "notify.log", "iam-db-auth-error"),
    "RDS for MariaDB": ("audit", "error", "general", "slowquery", "iam-db-auth-error"),
    "RDS for Microsoft SQL Server": ("agent", "error"),
    "RDS for MySQL": ("audit", "error", "general", "slowquery", "iam-db-auth-error"),
    "RDS for Oracle": ("alert", "audit", "listener", "trace", "oemagent"),
    "RDS for PostgreSQL": ("postgresql", "upgrade", "iam-db-auth-error"),
    "Aurora MySQL": ("audit", "error", "general", "instance", "slowquery", "iam-db-auth-error"),
    "Aurora PostgreSQL": ("instance", "postgresql", "iam-db-auth-error"),
}
PG_CRON = load_spec("rds").examples[0]["line"]  # (AWS's pg_cron page: a PostgreSQL line)


def _rds_groups(parsed: bool) -> list[str]:
    """RDS log groups of the documented log types the rds spec's log_groups name (parsed) or
    do not name."""
    patterns = [re.compile(p) for p in load_spec("rds").log_groups]
    groups = {f"/aws/rds/{kind}/db-1/{log}" for logs in RDS_LOG_TYPES.values() for log in logs
              for kind in ("instance", "cluster")}
    return sorted(g for g in groups if any(p.search(g) for p in patterns) == parsed)


@pytest.mark.parametrize("group", _rds_groups(parsed=False))
def test_rds_log_groups_of_logs_the_rds_format_does_not_read_stay_generic(group: str) -> None:
    """An RDS log group of a log type the rds format has no shapes for (Oracle, SQL Server, Db2,
    PostgreSQL's upgrade log, IAM DB authentication errors, Aurora's instance log) is RDS's, not
    any other format's: its events stay generic records, whatever their first one looks like,
    none an error and none a record of a shape meant for another log."""
    messages = [PG_CRON, "Performing Consistency Checks", "-----------------------------"]
    records, it = read(envelope(group, "db-1", messages))
    assert not it.errors
    assert [(r["_format"], r["message"]) for r in records] == \
        [("cloudwatch", m) for m in messages]


def test_rds_log_groups_rds_reads_still_route_by_content() -> None:
    """The log types the rds format reads route there when the content agrees; a log type two
    engines share (SQL Server's error log, Oracle's audit trail) whose content is not the
    MySQL family's stays generic."""
    groups = _rds_groups(parsed=True)
    assert groups
    for group in (g for g in groups if g.endswith("/postgresql")):
        records, it = read(envelope(group, "db-1", [PG_CRON]))
        assert [r["_format"] for r in records] == ["rds"] and not it.errors
    sql_server = "2026-11-21 00:00:04.11 spid12s     Starting up database 'master'."
    for group in (g for g in groups if g.endswith(("/error", "/audit"))):
        records, it = read(envelope(group, "db-1", [sql_server]))
        assert [r["_format"] for r in records] == ["cloudwatch"] and not it.errors


def test_unknown_groups_with_ordinary_text_stay_generic() -> None:
    data = envelope("/app/web", "i-1", ["GET / 200", "done", "level=info msg=started"])
    records, _ = read(data)
    assert {r["_format"] for r in records} == {"cloudwatch"}


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.jsonl")), ids=lambda p: p.stem[-40:])
def test_sniffers_claim_no_other_formats_sample(path: Path) -> None:
    """The first lines of every sample file of another format (decompressed) score below what
    detection accepts, for each line shapes format."""
    head = json.loads(path.read_text().splitlines()[0])
    source = Path(__file__).resolve().parent.parent / "samples" / head["path"]
    raw = source.read_bytes()
    text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8", "replace")
    for name in ("lambda", "rds", "eks", "ecs"):
        if head["format"] == name:
            continue
        score, why = shapes_format(name).sniff(text[:65536])
        assert score < 0.5, (name, why)


def test_sniffers_claim_their_own_entries() -> None:
    assert shapes_format("lambda").sniff(START)[0] >= 0.5
    assert shapes_format("rds").sniff(SLOW)[0] >= 0.5
    assert shapes_format("eks").sniff(load_spec("eks").examples[1]["line"])[0] >= 0.5
    assert shapes_format("lambda").sniff('{"level": "info", "msg": "x"}')[0] == 0.0


# ---- the spec's [[shapes]] tables


FIELDS = {f.name: f for f in load_spec("lambda").schema}


@pytest.mark.parametrize(("table", "problem"), [
    ({"regex": "x"}, "has a name"),
    ({"name": "a", "regex": "x", "decode": "json"}, "either regex or decode"),
    ({"name": "a", "decode": "yaml"}, "decode is one of"),
    ({"name": "a", "regex": "(?P<nope>x)"}, "neither fields nor used"),
    ({"name": "a", "regex": "(?P<message>x", "template": "{message}"}, "bad regex"),
    ({"name": "a", "regex": "(?P<message>.*)", "template": "{mesage}"}, "unknown fields"),
    ({"name": "a", "regex": "(?P<message>.*)", "template": "{?{message}"}, "not closed"),
    ({"name": "a", "regex": "(?P<message>.*)", "templte": "{message}"}, "unknown keys"),
    ({"name": "a", "decode": "json", "keep": "message"}, "keep names a json field"),
    ({"name": "a", "decode": "json", "values": {"nope": "x"}}, "is not a field"),
    ({"name": "a", "regex": "(?P<message>.*)", "match": {"a": 1}}, "for decoded shapes"),
])
def test_bad_shape_tables_are_refused_with_the_reason(table: dict[str, Any],
                                                      problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        compile_shape(table, FIELDS, "lambda.toml")


def test_logfmt_reads_what_it_writes() -> None:
    pairs = {"time": "2021-08-11T10:09:43Z", "msg": 'said "hi"\tand\\left', "n": "5",
             "path": "/authenticate", "empty": ""}
    text = encode_logfmt(pairs)
    assert text.startswith('time="2021-08-11T10:09:43Z" msg="said \\"hi\\"\\tand\\\\left" n=5')
    assert decode_logfmt(text) == pairs
    assert decode_logfmt("not logfmt at all") is None
    assert decode_logfmt("a=1 b") is None


def test_a_record_of_no_shape_cannot_be_written() -> None:
    write = shapes_format("lambda").writer()
    with pytest.raises(ValueError, match="unknown shape"):
        write({"shape": "nope"})


def test_lambda_streams_in_a_log_group_of_the_functions_choice_route_by_stream_name() -> None:
    """Advanced logging controls may send a function's logs to any log group; its streams keep
    Lambda's YYYY/MM/DD/[<version>]<environment id> names, which route them (first event: a
    print of no Lambda shape that content alone does not claim)."""
    stream = "2020/01/31/[$LATEST]38934e2a7fac4485b47bb75b671a283c"
    report = ("REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\tDuration: 15.74 ms\t"
              "Billed Duration: 16 ms\tMemory Size: 128 MB\tMax Memory Used: 56 MB\t\n")
    data = envelope("/shared/app-logs", stream, ["processing item 1\n", report])
    records, _ = read(data)
    assert [(r["_format"], r["shape"]) for r in records] == [("lambda", "message"),
                                                             ("lambda", "report")]
    assert records[1]["duration_ms"] == 15.74
    batches = list(awslogparse.iter_batches(data, "cloudwatch", errors="collect"))
    extras = [dict(row["_extra"]) for batch in batches for row in batch.to_pylist()]
    assert [(r["_format"], r["shape"]) for r in extras] == [("lambda", "message"),
                                                            ("lambda", "report")]


def test_mariadb_error_lines_before_ten_oclock_keep_their_time() -> None:
    """MariaDB writes its error log's hour space-padded (``%2d``): ``2024-01-15  9:05:03``."""
    line = "2024-01-15  9:05:03 0 [Note] InnoDB: Buffer pool(s) load completed at 240115  9:05:03"
    record = awslogparse.parse_line(line, "rds")
    assert record["shape"] == "mysql_error_plain"
    assert record["time"] == datetime(2024, 1, 15, 9, 5, 3, tzinfo=UTC)
    assert (record["thread_id"], record["level"]) == (0, "Note")
    assert record["message"] == "InnoDB: Buffer pool(s) load completed at 240115  9:05:03"
    data = envelope("/aws/rds/instance/maria-1/error", "maria-1", [line + "\n"])
    records, _ = read(data)
    assert [(r["shape"], r["time"]) for r in records] == [("mysql_error_plain", record["time"])]
    batches = list(awslogparse.iter_batches(data, "cloudwatch", errors="collect"))
    extras = [dict(row["_extra"]) for batch in batches for row in batch.to_pylist()]
    assert [(r["shape"], r["time"]) for r in extras] == [("mysql_error_plain",
                                                          "2024-01-15T09:05:03Z")]


def test_mariadb_general_log_lines_are_records_of_their_own() -> None:
    """MariaDB's general log writes ``YYMMDD %2d:MM:SS`` and, for a line in the same second
    as the one before, two tabs instead of the time: each event is one record (the tab-led
    ones are not statement lines to join to the entry before them)."""
    lines = ["240115  9:00:01\t    12 Query\tSELECT 1\n", "\t\t    12 Query\tSELECT 2\n",
             "\t\t    12 Quit\t\n"]
    data = envelope("/aws/rds/instance/maria-1/general", "maria-1", lines)
    records, it = read(data)
    assert not it.errors
    assert [(r["thread_id"], r["command"], r["statement"]) for r in records] == \
        [(12, "Query", "SELECT 1"), (12, "Query", "SELECT 2"), (12, "Quit", "")]
    assert [r["time"] for r in records] == [datetime(2024, 1, 15, 9, 0, 1, tzinfo=UTC), None,
                                            None]
    batches = list(awslogparse.iter_batches(data, "cloudwatch", errors="collect"))
    extras = [dict(row["_extra"]) for batch in batches for row in batch.to_pylist()]
    assert [r["statement"] for r in extras] == ["SELECT 1", "SELECT 2", ""]
