"""Values at the edges of what Python, UTF-8 and Arrow hold (times past year 9999 once their
offset is applied, ...): each makes its unit an error, with its pointer and reason, on the
dict path and on both Arrow paths alike, and the rest of the source is read."""

from __future__ import annotations

import base64
import gzip
import json
from datetime import UTC, datetime
from typing import Any

import pytest

import awslogparse
from awslogparse.specs import load_spec

pytest.importorskip("pyarrow")

Error = tuple[int | None, str, str]


def read_every_way(data: bytes, fmt: str, **options: Any
                   ) -> tuple[list[dict[str, Any]], list[Error]]:
    """The records and errors (line, pointer, reason) of ``data`` from ``iter_records``; the
    Arrow readers (column path and record path) must give as many rows and the same errors,
    and every read must count each unit once."""
    it = awslogparse.iter_records(data, fmt, errors="collect", **options)
    records = list(it)
    assert it.stats.records + it.stats.errors == it.stats.units
    errors = [(e.line, e.pointer, e.reason) for e in it.errors]
    raws = [e.raw for e in it.errors]
    for fast in (True, False):
        batches = awslogparse.iter_batches(data, fmt, errors="collect", fast=fast, **options)
        assert sum(b.num_rows for b in batches) == len(records), fast
        assert [(e.line, e.pointer, e.reason) for e in batches.errors] == errors, fast
        assert [e.raw for e in batches.errors] == raws, fast
        assert batches.stats.records + batches.stats.errors == batches.stats.units
        assert batches.stats.units == it.stats.units
    return records, errors


# ---- ISO 8601 times whose offset takes them out of datetime's years (1 to 9999)

EDGE_TIMES = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]


@pytest.mark.parametrize("text", EDGE_TIMES)
def test_a_cloudtrail_time_past_the_years_a_datetime_holds_is_an_error(text: str) -> None:
    event = {"eventVersion": "1.08", "eventName": "x", "eventTime": text}
    good = {**event, "eventTime": "2024-01-01T00:00:00Z"}
    data = json.dumps({"Records": [event, good]}).encode()
    records, errors = read_every_way(data, "cloudtrail")
    assert [r["eventTime"] for r in records] == [datetime(2024, 1, 1, tzinfo=UTC)]
    assert errors == [(1, "#1/Records/0", f"eventTime: not an ISO 8601 time: {text!r}")]
    ndjson = (json.dumps(event) + "\n" + json.dumps(good) + "\n").encode()
    assert read_every_way(ndjson, "cloudtrail")[1] == [
        (1, "#1", f"eventTime: not an ISO 8601 time: {text!r}")]


@pytest.mark.parametrize("text", EDGE_TIMES)
def test_a_cloudwatch_export_time_past_the_years_a_datetime_holds_is_an_error(text: str
                                                                             ) -> None:
    data = f"{text} hello\n2024-01-01T00:00:00Z hello\n".encode()
    records, errors = read_every_way(data, "cloudwatch_export")
    assert len(records) == 1
    assert [(line, reason) for line, _, reason in errors] == [
        (1, "not an export line (an ISO 8601 time, a space, the message)")]


@pytest.mark.parametrize("text", EDGE_TIMES)
def test_an_alb_time_past_the_years_a_datetime_holds_is_an_error(text: str) -> None:
    line = load_spec("alb").examples[0]["line"]
    bad = line.replace(line.split(" ")[1], text, 1)
    records, errors = read_every_way(f"{bad}\n{line}\n".encode(), "alb")
    assert len(records) == 1
    assert [(number, reason) for number, _, reason in errors] == [
        (1, f"time: not an ISO 8601 timestamp: {text!r}")]


@pytest.mark.parametrize("text", ["01/Jan/0001:00:00:00 +0100", "31/Dec/9999:23:59:59 -0100"])
def test_an_s3_time_past_the_years_a_datetime_holds_is_an_error(text: str) -> None:
    line = (b"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be bkt "
            b"[21/Nov/2026:00:05:18 +0000] 10.0.2.87 - 8F8DAF85ABA2D17B REST.GET.OBJECT k "
            b'"GET /k HTTP/1.1" 200 - 5 5 1 1 "-" "-" -\n')
    bad = line.replace(b"21/Nov/2026:00:05:18 +0000", text.encode())
    records, errors = read_every_way(bad + line, "s3access")
    assert len(records) == 1
    assert [(number, reason) for number, _, reason in errors] == [
        (1, f"time: not a [dd/Mon/yyyy:HH:MM:SS +zzzz] timestamp: {text!r}")]


# ---- integers beyond what a float holds, in a field documented as a number

INSIGHT = {"eventVersion": "1.08", "eventTime": "2024-01-01T00:00:00Z",
           "eventSource": "cloudtrail.amazonaws.com", "eventName": "x",
           "eventType": "AwsCloudTrailInsight"}


def _insight(average: str) -> str:
    """An Insights event whose baseline average is written as ``average`` (JSON text)."""
    return (json.dumps(INSIGHT)[:-1] + ', "insightDetails": {"insightContext": {"statistics": '
            '{"baseline": {"average": ' + average + "}}}}}")


@pytest.mark.parametrize("number", [10**400, -(10**400), 2**1024],
                         ids=["10**400", "-10**400", "2**1024"])
def test_an_integer_beyond_a_float_in_a_float_field_is_an_error(number: int) -> None:
    reason = ("insightDetails.insightContext.statistics.baseline.average: an integer of "
              f"{number.bit_length()} bits, beyond a float's range")
    good = _insight("1.5")
    ndjson = f"{_insight(str(number))}\n{good}\n".encode()
    records, errors = read_every_way(ndjson, "cloudtrail")
    assert len(records) == 1
    assert errors == [(1, "#1", reason)]
    document = ('{"Records": [' + _insight(str(number)) + ", " + good + "]}").encode()
    assert read_every_way(document, "cloudtrail")[1] == [(1, "#1/Records/0", reason)]


def test_an_integer_a_float_holds_in_a_float_field_is_a_float() -> None:
    number = 2**1023
    records, errors = read_every_way(f"{_insight(str(number))}\n".encode(), "cloudtrail")
    average = records[0]["insightDetails"]["insightContext"]["statistics"]["baseline"]["average"]
    assert not errors and average == float(number) and type(average) is float


# ---- integers of more digits than Python converts (sys.get_int_max_str_digits: 4300)

LONG = "9" * 5000
LONG_REASON = ("a JSON integer of more than 4,300 digits (more than Python converts to int: "
               "sys.get_int_max_str_digits)")
WAF = {"timestamp": 1700000000000, "formatVersion": 1, "webaclId": "x",
       "terminatingRuleId": "d", "action": "ALLOW"}
EVENT = {"eventVersion": "1.08", "eventTime": "2024-01-01T00:00:00Z", "eventSource": "s3",
         "eventName": "GetObject", "awsRegion": "us-east-1",
         "eventID": "3038ebd2-c98a-4c65-9b6e-e22506292313"}


def _with(record: dict[str, Any], key: str, text: str) -> str:
    """``record``'s compact JSON with ``key`` written as ``text`` (raw JSON) at the end."""
    return json.dumps(record, separators=(",", ":"))[:-1] + f',"{key}":{text}}}'


def test_a_waf_record_holding_a_too_long_integer_is_an_error() -> None:
    data = (_with(WAF, "x", LONG) + "\n" + json.dumps(WAF) + "\n").encode()
    records, errors = read_every_way(data, "waf")
    assert len(records) == 1
    assert errors == [(1, "#1", LONG_REASON)]


@pytest.mark.parametrize("key", ["requestParameters", "newKey", "eventName"])
def test_a_cloudtrail_entry_holding_a_too_long_integer_is_an_error(key: str) -> None:
    bad = _with(EVENT, key, '{"n":' + LONG + "}" if key == "requestParameters" else LONG)
    good = json.dumps(EVENT, separators=(",", ":"))
    document = ('{"Records":[' + bad + "," + good + "," + good + "]}").encode()
    records, errors = read_every_way(document, "cloudtrail")  # (one line: msgspec's way too)
    assert len(records) == 2
    assert errors == [(1, "#1/Records/0", LONG_REASON)]
    spaced = ('{"Records": [\n' + good + ",\n" + bad + ",\n" + good + "\n]}\n").encode()
    assert read_every_way(spaced, "cloudtrail") == (records, [(3, "#1/Records/1", LONG_REASON)])
    ndjson = (bad + "\n" + good + "\n").encode()
    assert read_every_way(ndjson, "cloudtrail")[1] == [(1, "#1", LONG_REASON)]


def test_a_cloudwatch_envelope_holding_a_too_long_integer_is_an_error() -> None:
    envelope = {"messageType": "DATA_MESSAGE", "owner": "1", "logGroup": "/x", "logStream": "s",
                "subscriptionFilters": [], "logEvents": [
                    {"id": "1", "timestamp": 1700000000000, "message": "hello"}]}
    bad = json.dumps(envelope).replace('"1"', LONG, 1)
    records, errors = read_every_way((bad + json.dumps(envelope)).encode(), "cloudwatch")
    assert len(records) == 1
    assert errors == [(1, "#1", LONG_REASON)]
    event = {"awslogs": {"data": base64.b64encode(gzip.compress(bad.encode())).decode()}}
    reader = awslogparse.from_lambda_event(event, errors="collect")
    assert list(reader) == []
    assert [(e.pointer, e.reason) for e in reader.errors] == [("#1", LONG_REASON)]
    assert reader.stats.units == reader.stats.errors == 1


# ---- lone surrogates: JSON's "\ud800" escape is valid JSON, but no Unicode character


def surrogate(where: str, code: str = "\\ud800") -> str:
    return f"{where}: {code} is a lone surrogate, no Unicode character (UTF-8 and Arrow cannot " \
           "hold it)"


@pytest.mark.parametrize(("text", "where"), [
    ('"eventName":"\\ud800"', "eventName"),
    ('"eventName":"x\\udc00y"', "eventName"),
    ('"requestParameters":{"bucketName":["a","\\ud800"]}', "requestParameters.bucketName[1]"),
    ('"userIdentity":{"type":"\\uDBFF"}', "userIdentity.type"),
    ('"newKey":{"\\ud800":1}', "newKey.\\ud800 (a key)"),
])
def test_a_cloudtrail_entry_holding_a_lone_surrogate_is_an_error(text: str, where: str) -> None:
    code = "\\udbff" if "DBFF" in text else "\\udc00" if "udc00" in text else "\\ud800"
    reason = surrogate(where, code)
    good = json.dumps(EVENT, separators=(",", ":"))
    bad = good[:-1] + "," + text + "}"
    document = ('{"Records":[' + bad + "," + good + "," + good + "]}").encode()
    records, errors = read_every_way(document, "cloudtrail")  # (one line: msgspec's way too)
    assert len(records) == 2 and errors == [(1, "#1/Records/0", reason)]
    spaced = ('{"Records": [\n' + good + ",\n" + bad + "\n]}\n").encode()
    assert read_every_way(spaced, "cloudtrail")[1] == [(3, "#1/Records/1", reason)]
    ndjson = (good + "\n" + bad + "\n").encode()
    assert read_every_way(ndjson, "cloudtrail")[1] == [(2, "#2", reason)]
    it = awslogparse.iter_records(ndjson, "cloudtrail", errors="collect")
    list(it)
    assert it.errors[0].raw == bad  # (the escape as written)


def test_an_escaped_surrogate_pair_is_a_character() -> None:
    good = json.dumps(EVENT, separators=(",", ":"))
    pair = good[:-1] + ',"eventName":"\\ud83d\\ude00"}'
    document = ('{"Records":[' + pair + "]}").encode()
    records, errors = read_every_way(document, "cloudtrail")
    assert not errors and records[0]["eventName"] == "\U0001f600"


def test_a_waf_record_holding_a_lone_surrogate_is_an_error() -> None:
    bad = json.dumps({**WAF, "httpRequest": {"uri": "/\ud800"}})  # (written as \ud800)
    data = (bad + "\n" + json.dumps(WAF) + "\n").encode()
    records, errors = read_every_way(data, "waf")
    assert len(records) == 1 and errors == [(1, "#1", surrogate("httpRequest.uri"))]


def _cloudwatch(group: str, stream: str, messages: list[str], **head: Any) -> str:
    return json.dumps({"messageType": "DATA_MESSAGE", "owner": "1", "logGroup": group,
                       "logStream": stream, "subscriptionFilters": ["f"], **head,
                       "logEvents": [{"id": str(i), "timestamp": 1700000000000 + i,
                                      "message": m} for i, m in enumerate(messages)]})


def test_a_cloudwatch_event_holding_a_lone_surrogate_is_an_error() -> None:
    trail = json.dumps({**EVENT, "eventName": "\ud800"})  # (its JSON text holds \ud800)
    data = (_cloudwatch("/x", "s", ["a\ud800", "b"])  # (the envelope's text holds \ud800)
            + _cloudwatch("t", "123456789012_CloudTrail_us-east-1", [trail, json.dumps(EVENT)])
            ).encode()
    records, errors = read_every_way(data, "cloudwatch")
    assert [r["_format"] for r in records] == ["cloudwatch", "cloudtrail"]
    assert errors == [(1, "#1/logEvents/0", surrogate("message")),
                      (1, "#2/logEvents/0", "cloudtrail: " + surrogate("eventName"))]
    it = awslogparse.iter_records(data, "cloudwatch", errors="collect")
    list(it)
    assert [e.raw for e in it.errors] == ["a\\ud800", trail]  # (UTF-8 text, escape and all)
    tables = awslogparse.read_tables(data, "cloudwatch", errors="collect")
    assert {name: t.num_rows for name, t in tables.items()} == {"cloudwatch": 1, "cloudtrail": 1}


@pytest.mark.parametrize(("head", "lost"), [({"logGroup": "/x\ud800"}, 2),
                                           ({"subscriptionFilters": ["\ud800"]}, 1),
                                           ({"newKey": "\ud800"}, 1)])
def test_an_envelope_field_holding_a_lone_surrogate_is_an_error_of_the_events_holding_it(
        head: dict[str, Any], lost: int) -> None:
    """The log group, stream and owner are in every event's record; the envelope's other
    fields only in generic records."""
    trail = _cloudwatch("t", "123456789012_CloudTrail_us-east-1", [json.dumps(EVENT)], **head)
    data = (trail + _cloudwatch("/x", "s", ["plain text"], **head)).encode()
    records, errors = read_every_way(data, "cloudwatch")
    assert len(records) == 2 - lost and len(errors) == lost
    assert all("is a lone surrogate" in reason for _, _, reason in errors)


def test_a_firehose_record_of_events_holding_lone_surrogates_is_processing_failed() -> None:
    def firehose(*payloads: str) -> dict[str, Any]:
        return {"invocationId": "i",
                "deliveryStreamArn": "arn:aws:firehose:us-east-1:1:deliverystream/s",
                "records": [{"recordId": f"r{i}", "data": base64.b64encode(
                    gzip.compress(p.encode())).decode()} for i, p in enumerate(payloads)]}

    event = firehose(_cloudwatch("/x", "s", ["a\ud800"]), _cloudwatch("/x", "s", ["a\ud800", "b"]))
    reader = awslogparse.from_lambda_event(event, errors="collect")
    response = awslogparse.firehose_response(reader)
    assert [r["result"] for r in response["records"]] == ["ProcessingFailed", "Ok"]
    kept = base64.b64decode(response["records"][1]["data"]).decode()
    assert [json.loads(line)["message"] for line in kept.splitlines()] == ["b"]
    assert [e.pointer for e in reader.errors] == ["#1/logEvents/0", "#1/logEvents/0"]


GATEWAY_TEMPLATE = ('{"requestId":"$context.requestId","ip":"$context.identity.sourceIp",'
                    '"status":$context.status}')


@pytest.mark.parametrize(("fields", "good", "bad"), [
    ("json", load_spec("apigateway").examples[2]["line"], None),  # AWS's JSON preset
    (None, load_spec("apigateway").examples[2]["line"], None),    # no template: inferred
    (GATEWAY_TEMPLATE, '{"requestId":"a","ip":"1.2.3.4","status":200}',
     '{"requestId":"a","ip":"1.2.3.4\\ud800","status":200}'),
    (GATEWAY_TEMPLATE, '{"requestId":"a","ip":"1.2.3.4","status":200}',  # (read as text: a
     '{"requestId":"a","ip":"1.2.3.4\\ud800","status":-}'),             # bare "-" is no JSON)
], ids=["preset", "inferred", "template", "template-as-text"])
def test_an_api_gateway_json_line_holding_a_lone_surrogate_is_an_error(
        fields: str | None, good: str, bad: str | None) -> None:
    if bad is None:
        bad = good.replace('"ip": "198.51.100.7"', '"ip": "198.51.100.7\\ud800"')
        assert bad != good
    data = f"{bad}\n{good}\n".encode()
    records, errors = read_every_way(data, "apigateway", fields=fields)
    assert len(records) == 1
    assert [line for line, _, _ in errors] == [1]
    assert errors[0][2].endswith(surrogate("ip" if fields != GATEWAY_TEMPLATE or "-}" not in bad
                                           else "identity_source_ip"))


# ---- epoch milliseconds written as a JSON number with a fraction


@pytest.mark.parametrize("stamp", ["1618886135999.6", "1e400", "1618886135999.0"])
def test_epoch_milliseconds_with_a_fraction_are_an_error_on_every_path(stamp: str) -> None:
    """AWS writes epoch milliseconds whole, the text form must be whole, and Arrow holds them
    in milliseconds: a JSON number with a fraction is its unit's error on every path (the
    record kept 600 µs that the Arrow column dropped); a whole number written as a float
    (``1618886135999.0``) is that time."""
    line = ('{"atype":"authenticate","ts":' + stamp + ',"remote_ip":"10.0.0.1:5000",'
            '"user":"u","param":{},"result":0}\n')
    records, errors = read_every_way(line.encode(), "documentdb_audit")
    if stamp.endswith(".0"):
        assert not errors and records[0]["ts"].isoformat() == "2021-04-20T02:35:35.999000+00:00"
    else:
        assert not records and "ts: not whole epoch milliseconds" in errors[0][2]
    envelope = json.loads(_cloudwatch("/x", "s", ["hi", "ho"]))
    envelope["logEvents"][0]["timestamp"] = json.loads(stamp) if stamp != "1e400" else 1e400
    records, errors = read_every_way(json.dumps(envelope).encode(), "cloudwatch")
    assert len(records) + len(errors) == 2
    assert len(errors) == (0 if stamp.endswith(".0") else 1)


# ---- epoch seconds written with a fraction

SLOW_LOG = ('{"CacheClusterId":"orders-cache-001","CacheNodeId":"0001","Id":7,"Timestamp":%s,'
            '"Duration (us)":10250,"Command":"KEYS ... (1 more arguments)",'
            '"ClientAddress":"10.0.1.23:50612","ClientName":""}')
FIREWALL = ('{"firewall_name":"fw","availability_zone":"us-east-1a","event_timestamp":%s,'
            '"event":{"timestamp":"2020-10-14T20:28:03.000000+0000","flow_id":1,'
            '"event_type":"netflow"}}')


@pytest.mark.parametrize(("fmt", "template", "field"), [
    ("elasticache", SLOW_LOG, "Timestamp"), ("network_firewall", FIREWALL, "event_timestamp")],
    ids=["elasticache", "network_firewall"])
@pytest.mark.parametrize("stamp", ["1605631822.5", '"1605631822.5"', "1605631822.0",
                                   '"1605631822.0"'])
def test_epoch_seconds_with_a_fraction_are_an_error_on_every_path(
        fmt: str, template: str, field: str, stamp: str) -> None:
    """Epoch seconds are whole (AWS writes them so, the text form of a line must be, and Arrow
    holds them in seconds): a value with a fraction, as a JSON number or string, is its unit's
    error on every path (the record kept half a second that the Arrow column dropped); a whole
    number written with ``.0`` is that second, alike on every path."""
    line = template % stamp + "\n"
    records, errors = read_every_way(line.encode(), fmt)
    name = "timestamp" if fmt == "elasticache" else field
    if ".0" in stamp:
        assert not errors
        assert records[0][name] == datetime(2020, 11, 17, 16, 50, 22, tzinfo=UTC)
        for fast in (True, False):
            table = awslogparse.read_arrow(line.encode(), fmt, fast=fast)
            assert table.column(name).to_pylist() == [records[0][name]], fast
    else:
        assert not records and "not whole epoch seconds" in errors[0][2], errors
