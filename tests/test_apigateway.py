"""API Gateway, DocumentDB and ElastiCache logs: the cases the generated tests do not reach by
chance. Malformed templates and where their errors point; real lines of a stage (Elastic's test
data); a value holding its separator; presets read without being named; detection; routing in
CloudWatch Logs payloads; pyparsing staying out of ``import awslogparse``.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

import awslogparse
from awslogparse import registry
from awslogparse.parsers.apigateway_template import TemplateError, parse_template

# Source: elastic/integrations @ 7f5f9797d7d3,
# packages/aws/data_stream/api_gateway_logs/_dev/test/pipeline/test-rest-gateway.log (4 lines;
# copied from /work/shared/corpus/elastic-integrations/apigateway/test-rest-gateway.log).
ELASTIC_LINES = [
    '{"accountId":"497487485332","apiId":"pv9kv75899","domainName":"pv9kv75899.execute-api.us-east-2.amazonaws.com","extendedRequestId":"Y7gLVH0LCYcFlcQ=","requestId":"cc9eaefb-0c97-45db-840c-6f206dce8c5b","httpMethod":"GET","ip":"81.2.69.142","clientCertPem":"-","clientsubjectDN":"-","clientissuerDN":"-","clientserialNumber":"-","clientnotBefore":"-","clientnotAfter":"-","user":"-","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/105.0.0.0 Safari/537.36","userArn":"-","protocol":"HTTP/1.1","requestTimeEpoch":"1663964129948","path":"/test/pets/1","status":"200","responseLength":"49","stage":"test"}',  # noqa: E501
    '{"accountId":"497487485332","apiId":"pv9kv75899","domainName":"pv9kv75899.execute-api.us-east-2.amazonaws.com","extendedRequestId":"Y7gK7GE_iYcFaVg=","requestId":"9dab878a-6e7c-44cc-aad2-65cb4d060a66","httpMethod":"GET","ip":"81.2.69.142","clientCertPem":"-","clientsubjectDN":"-","clientissuerDN":"-","clientserialNumber":"-","clientnotBefore":"-","clientnotAfter":"-","user":"-","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/105.0.0.0 Safari/537.36","userArn":"-","protocol":"HTTP/1.1","requestTimeEpoch":"1663964127399","path":"/test/pets","status":"200","responseLength":"184","stage":"test"}',  # noqa: E501
    '{"accountId":"497487485332","apiId":"pv9kv75899","domainName":"pv9kv75899.execute-api.us-east-2.amazonaws.com","extendedRequestId":"Y7h9aGDhiYcF33w=","requestId":"87d150e1-a797-40f1-a35f-ccfc8f73b0a2","httpMethod":"GET","ip":"81.2.69.142","clientCertPem":"-","clientsubjectDN":"-","clientissuerDN":"-","clientserialNumber":"-","clientnotBefore":"-","clientnotAfter":"-","user":"-","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/105.0.0.0 Safari/537.36","userArn":"-","protocol":"HTTP/1.1","requestTimeEpoch":"1663964860060","path":"/test/pets/%7BpetId%7D","status":"403","responseLength":"23","stage":"test"}',  # noqa: E501
    '{"accountId":"497487485332","apiId":"pv9kv75899","domainName":"pv9kv75899.execute-api.us-east-2.amazonaws.com","extendedRequestId":"Y7jdbFaoiYcFieQ=","requestId":"025f23fa-7afd-4a08-a8ab-f66e0d720174","httpMethod":"GET","ip":"81.2.69.142","clientCertPem":"-","clientsubjectDN":"-","clientissuerDN":"-","clientserialNumber":"-","clientnotBefore":"-","clientnotAfter":"-","user":"-","userAgent":"PostmanRuntime/7.29.2","userArn":"-","userAccountId":"-","apiKeyId":"qqvqzk33df","protocol":"HTTP/1.1","requestTimeEpoch":"1663965474565","path":"/test/pets/1","status":"200","responseLength":"49","stage":"test"}',
]
# The template those lines came from, as their keys show (clientCert variables under names of
# the stage's own choosing).
ELASTIC_TEMPLATE = (
    '{"accountId":"$context.accountId","apiId":"$context.apiId",'
    '"domainName":"$context.domainName","extendedRequestId":"$context.extendedRequestId",'
    '"requestId":"$context.requestId","httpMethod":"$context.httpMethod",'
    '"ip":"$context.identity.sourceIp",'
    '"clientCertPem":"$context.identity.clientCert.clientCertPem",'
    '"clientsubjectDN":"$context.identity.clientCert.subjectDN",'
    '"clientissuerDN":"$context.identity.clientCert.issuerDN",'
    '"clientserialNumber":"$context.identity.clientCert.serialNumber",'
    '"clientnotBefore":"$context.identity.clientCert.validity.notBefore",'
    '"clientnotAfter":"$context.identity.clientCert.validity.notAfter",'
    '"user":"$context.identity.user","userAgent":"$context.identity.userAgent",'
    '"userArn":"$context.identity.userArn","protocol":"$context.protocol",'
    '"requestTimeEpoch":"$context.requestTimeEpoch","path":"$context.path",'
    '"status":"$context.status","responseLength":"$context.responseLength",'
    '"stage":"$context.stage"}')


# ---- malformed templates


@pytest.mark.parametrize(("template", "column", "says"), [
    ("$context.requestId $context.", 20, "broken $context reference"),
    ("$context.requestId $context..status", 20, "broken $context reference"),
    ("$context.requestId $contextual", 20, "broken $context reference"),
    ("$context.requestId ${context.status", 20, "never closed"),
    ("$context.requestId ${input.body}", 20, "not a $context variable"),
    ("$context.requestId $input.body", 20, "only $context variables"),
    ('$context.requestId "$context.status', 20, "double quote is never closed"),
    ('{"id": "$context.requestId", "st": "$context.status}', 36, "double quote is never closed"),
    ('{"id": "$context.requestId", "x": {"st": $context.status', 35, "brace is never closed"),
    ('{"id": "$context.requestId" "st": 1}', 29, "expected"),
    ("$context.requestId$context.status", 19, "no text between them"),
    ("just text", 1, "no $context variable"),
    ("$context.requestId\n$context.status", 19, "one line"),
])
def test_malformed_templates_name_the_column(template: str, column: int, says: str) -> None:
    with pytest.raises(TemplateError) as info:
        parse_template(template)
    assert info.value.column == column, info.value.reason
    assert says in info.value.reason
    # the same error reaches callers of parse_line and iter_records
    with pytest.raises(awslogparse.ParseError, match=f"column {column}"):
        awslogparse.parse_line("x", "apigateway", fields=template)


def test_well_formed_forms_of_variables() -> None:
    template = parse_template("${context.requestId}ms $context.authorizer.claims['cognito:groups']"
                              " $context.authorizer.claims.sub. $context.status\n")
    assert [v.name for v in template.variables] == [
        "request_id", "authorizer_claims_cognito_groups", "authorizer_claims_sub", "status"]
    # a trailing dot is literal text; the template's final newline is AWS's line end
    record = awslogparse.parse_line("r1ms admins,ops u-1. 200", "apigateway",
                                    fields=template.source)
    assert record == {"request_id": "r1", "authorizer_claims_cognito_groups": "admins,ops",
                      "authorizer_claims_sub": "u-1", "status": 200}


# ---- reading lines


def test_unknown_variables_stay_text_and_go_to_extra_in_arrow() -> None:
    template = "$context.requestId $context.authorizer.claims.tenant $context.newThing2030"
    record = awslogparse.parse_line("r1 1234 5", "apigateway", fields=template)
    assert record == {"request_id": "r1", "authorizer_claims_tenant": "1234",
                      "new_thing2030": "5"}
    table = awslogparse.read_arrow(b"r1 1234 5\n", "apigateway", fields=template)
    row = table.to_pylist()[0]
    assert row["request_id"] == "r1"
    assert dict(row["_extra"]) == {"authorizer_claims_tenant": "1234", "new_thing2030": "5"}


def test_a_value_holding_its_separator_is_found_by_the_search() -> None:
    template = "$context.identity.userAgent $context.status $context.responseLatency"
    line = "Mozilla/5.0 (X11; Linux x86_64) 200 17"
    record = awslogparse.parse_line(line, "apigateway", fields=template)
    assert record == {"identity_user_agent": "Mozilla/5.0 (X11; Linux x86_64)", "status": 200,
                      "response_latency": 17}


def test_a_line_that_does_not_fit_names_why() -> None:
    with pytest.raises(awslogparse.ParseError, match=r"\$context.status: not an integer"):
        awslogparse.parse_line("r1 OK", "apigateway", fields="$context.requestId $context.status")
    with pytest.raises(awslogparse.ParseError, match="does not start with"):
        awslogparse.parse_line("x r1", "apigateway", fields="[$context.requestId]")
    it = awslogparse.iter_records(b"r1 200\nr2 OK\n\nr3 204\n", "apigateway",
                                  fields="$context.requestId $context.status", errors="collect")
    assert [r["status"] for r in it] == [200, 204]
    assert [e.line for e in it.errors] == [2]
    assert it.stats.records + it.stats.errors == it.stats.lines == 3


HTTP_CLF_LINE = ('2001:db8::4a - - [21/Nov/2026:00:05:13 +0000] "POST POST /orders/{id} HTTP/1.1" '
                 "401 26 fd443056-60d0-425f-874e-e93e5d61351e Y7gK7GE_iYcFaVg=")


@pytest.mark.parametrize("fields", ["http-clf", None], ids=["given", "default"])
def test_an_http_api_route_key_holds_its_method_and_a_blank(fields: str | None) -> None:
    """An HTTP API's ``$context.routeKey`` is the route it matched, method and path
    (``POST /orders/{id}``), so AWS's CLF preset for HTTP APIs writes the method twice. The
    route key took ``POST`` and the protocol ``/orders/{id} HTTP/1.1``: a method and a
    protocol are one word each (HTTP's token and version), so that split does not fit."""
    record = awslogparse.parse_line(HTTP_CLF_LINE, "apigateway", fields=fields)
    assert (record["http_method"], record["route_key"], record["protocol"]) == \
        ("POST", "POST /orders/{id}", "HTTP/1.1")
    assert record["status"] == 401 and record["response_length"] == 26
    data = f"{HTTP_CLF_LINE}\n".encode()
    for fast in (True, False):
        row = awslogparse.read_arrow(data, "apigateway", fields=fields, fast=fast).to_pylist()[0]
        assert {k: row[k] for k in record} == record, fast
    default_route = HTTP_CLF_LINE.replace("POST POST /orders/{id}", "GET $default")
    record = awslogparse.parse_line(default_route, "apigateway", fields=fields)
    assert (record["http_method"], record["route_key"], record["protocol"]) == \
        ("GET", "$default", "HTTP/1.1")


REST_CLF_LINE = ('192.0.2.44 - - [21/Nov/2026:00:05:12 +0000]"GET /pets/{petId} HTTP/1.1" 200 49 '
                 "3323ffe5-6ddf-45c8-896a-b45ec2284cc0 UBuxiEZSIAMFQ1Q=")


@pytest.mark.parametrize("line", [REST_CLF_LINE, HTTP_CLF_LINE], ids=["rest", "http"])
def test_a_cloudwatch_export_of_clf_access_lines_is_not_read_as_access_lines(line: str) -> None:
    """A CloudWatch Logs export to S3 writes each event as its time and its message. The
    export's time fitted the CLF presets' source address (and the address the caller, ``- -``
    the user): such files were detected as access logs and every record was wrong. An address,
    a caller's and a user's principal id are one word each, so the lines fit no preset: the
    file is an export, and its messages are the access log's records."""
    data = "".join(f"2026-11-21T00:05:1{i}.000Z {line}\n" for i in range(3)).encode()
    it = awslogparse.iter_records(data, errors="collect")
    records = list(it)
    assert it.stats.format == "cloudwatch_export" and not it.errors
    expected = awslogparse.parse_line(line, "apigateway")
    assert [r["_format"] for r in records] == ["apigateway"] * 3
    assert [{k: r[k] for k in expected} for r in records] == [expected] * 3
    given = awslogparse.iter_records(data, "apigateway", errors="collect")
    assert not list(given) and len(given.errors) == 3


def test_the_same_variable_twice_is_numbered() -> None:
    template = ("$context.stage/$context.stage $context.integrationLatency"
                " $context.integration.latency")
    record = awslogparse.parse_line("a/a 1 2", "apigateway", fields=template)
    assert record == {"stage": "a", "stage_2": "a", "integration_latency": 1,
                      "integration_latency_2": 2}


def test_elastic_lines_with_and_without_their_template() -> None:
    data = "".join(line + "\n" for line in ELASTIC_LINES).encode()
    it = awslogparse.iter_records(data, errors="collect")
    inferred = list(it)
    assert it.stats.format == "apigateway" and not it.errors
    given = list(awslogparse.iter_records(data, "apigateway", fields=ELASTIC_TEMPLATE))
    for without, with_template in zip(inferred, given, strict=True):
        for name in ("request_id", "identity_source_ip", "status", "response_length",
                     "request_time_epoch", "identity_user_agent", "path", "stage"):
            assert without[name] == with_template[name], name
    assert given[0]["identity_client_cert_subject_dn"] is None  # '-' is null
    assert given[3]["status"] == 200 and given[2]["status"] == 403
    assert given[1]["request_time_epoch"] == datetime(2022, 9, 23, 20, 15, 27, 399000, UTC)
    # keys no variable has are kept as written, '-' null (inferred reading only)
    assert inferred[3]["userAccountId"] is None
    assert inferred[3]["identity_api_key_id"] == "qqvqzk33df"
    # keys a template lacks are kept as written too
    assert given[3]["apiKeyId"] == "qqvqzk33df"


def test_json_lines_read_without_a_template_give_each_column_once(tmp_path: Path) -> None:
    """The first JSON line's known keys fix the Arrow columns: one column per variable, however
    many keys of the spec's key index name it (``ip``, ``sourceIp``, ``identity.sourceIp``).
    Each variable was a column once per such key (``identity_source_ip`` three times), so a
    table's column could not be taken by name and a Parquet file could not be read back."""
    pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    data = "".join(line + "\n" for line in ELASTIC_LINES).encode()
    records = list(awslogparse.iter_records(data, "apigateway"))
    first = list(records[0])
    for fast in (True, False):
        table = awslogparse.read_arrow(data, "apigateway", fast=fast)
        names = table.schema.names
        assert len(names) == len(set(names)), fast
        assert [n for n in names if n != "_extra"] == \
            [n for n in first if n in awslogparse.schema("apigateway").names]
        for name in names:
            if name != "_extra":
                assert table.column(name).to_pylist() == [r.get(name) for r in records], name
    out = tmp_path / "access.parquet"
    awslogparse.write_parquet(data, out, "apigateway")
    assert pq.read_table(out).num_rows == len(records)


def test_default_reading_switches_presets_per_line() -> None:
    rest = ('192.0.2.1 - - [21/Nov/2026:00:00:01 +0000]"GET /p HTTP/1.1" 200 5 r1 e1')
    http = ('192.0.2.2 - - [21/Nov/2026:00:00:02 +0000] "GET /q HTTP/1.1" 404 9 r2 e2')
    legacy = ('192.0.2.3 - - [21/Nov/2026:00:00:03 +0000] "GET /r HTTP/1.1" 500 0 r3')
    text = "\n".join([rest, http, legacy, rest]) + "\n"
    records = list(awslogparse.iter_records(text.encode(), "apigateway"))
    assert [r.get("resource_path") or r.get("route_key") for r in records] == \
        ["/p", "/q", "/r", "/p"]
    assert "extended_request_id" not in records[2]
    # Arrow: the first line's preset fixes the columns
    table = awslogparse.read_arrow(text.encode(), "apigateway")
    assert table.column("status").to_pylist() == [200, 404, 500, 200]


def test_gzip_file_of_json_preset_lines_reads_by_content() -> None:
    line = ('{ "requestId":"r1", "ip": "192.0.2.9", "requestTime":"21/Nov/2026:00:00:09 +0000", '
            '"httpMethod":"GET","routeKey":"GET /x", "status":"200","protocol":"HTTP/1.1", '
            '"responseLength":"12", "extendedRequestId": "e1" }')
    it = awslogparse.iter_records(gzip.compress((line + "\n").encode()))
    (record,) = list(it)
    assert it.stats.format == "apigateway"
    assert record["route_key"] == "GET /x" and record["status"] == 200
    assert record["request_time"] == datetime(2026, 11, 21, 0, 0, 9, tzinfo=UTC)


# ---- routing in CloudWatch Logs payloads


def _envelope(group: str, stream: str, messages: list[str]) -> dict[str, object]:
    return {"messageType": "DATA_MESSAGE", "owner": "123456789012", "logGroup": group,
            "logStream": stream, "subscriptionFilters": ["f"],
            "logEvents": [{"id": str(i), "timestamp": 1795219200000 + i, "message": m}
                          for i, m in enumerate(messages)]}


def test_cloudwatch_payload_routes_each_group() -> None:
    envelopes = [
        _envelope("my-api-access-logs", "abc", [ELASTIC_LINES[0], ELASTIC_LINES[1]]),
        _envelope("API-Gateway-Execution-Logs_pv9kv75899/test", "s1",
                  ["(cc9eaefb-0c97-45db-840c-6f206dce8c5b) Method request path: {}"]),
        _envelope("/aws/docdb/orders/audit", "orders-1",
                  ['{"atype":"authenticate","ts":1795219200000,"remote_ip":"192.0.2.1:5000",'
                   '"user":"","param":{"user":"u","mechanism":"SCRAM-SHA-1"},"result":18}']),
        _envelope("/aws/docdb/orders/profiler", "orders-1",
                  ['{"op":"query","ts":1795219200000,"ns":"db.c","millis":120}']),
        _envelope("redis-logs", "cache-0001-001",
                  ["cache-0001-001/0001:M 21 Nov 2026 00:00:01.123 UTC * Ready to accept "
                   "connections"]),
    ]
    data = gzip.compress("".join(json.dumps(e) for e in envelopes).encode())
    it = awslogparse.iter_records(data, "cloudwatch", errors="collect")
    records = list(it)
    assert not it.errors
    assert [r["_format"] for r in records] == ["apigateway", "apigateway",
                                               "apigateway_execution", "documentdb_audit",
                                               "documentdb_profiler", "elasticache"]
    assert records[0]["status"] == 200 and records[0]["log_group"] == "my-api-access-logs"
    assert records[2]["request_id"] == "cc9eaefb-0c97-45db-840c-6f206dce8c5b"
    assert records[3]["result"] == 18 and records[4]["millis"] == 120
    assert records[5]["role"] == "M" and records[5]["shape"] == "engine_text"


def test_detection_of_each_format_by_content() -> None:
    cases = {
        "apigateway": ELASTIC_LINES[0],
        "apigateway_execution": "(cc9eaefb-0c97-45db-840c-6f206dce8c5b) Method completed with "
                                "status: 200",
        "documentdb_profiler": '{"op":"query","ts":1795219200000,"ns":"db.c","millis":120}',
        "elasticache": '{"CacheClusterId": "c-001", "CacheNodeId": "0001", "Id": 1, '
                       '"Timestamp": 1795219200, "Duration (us)": 12000, "Command": "KEYS", '
                       '"ClientAddress": "192.0.2.1:6379", "ClientName": ""}',
    }
    for fmt, line in cases.items():
        assert registry.detect(None, line + "\n").format == fmt, fmt


# ---- imports


def test_pyparsing_is_imported_only_when_a_template_is_parsed() -> None:
    code = ("import sys, awslogparse; "
            "awslogparse.parse_line('(r1) hello', 'apigateway_execution'); "
            "assert 'pyparsing' not in sys.modules; "
            "awslogparse.parse_line('r1', 'apigateway', fields='$context.requestId'); "
            "assert 'pyparsing' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_one_word_variables_come_from_the_spec() -> None:
    """Which variables never hold a blank is a fact of the spec (``word = true``), read into
    each field and followed by the text reader's split: a value given a blank there does not
    fit, while an unmarked text variable takes it."""
    from awslogparse.parsers.apigateway import AccessFormat
    from awslogparse.parsers.apigateway_lines import _split_converter
    from awslogparse.parsers.apigateway_template import parse_template
    from awslogparse.specs import _field

    assert _field({"name": "x", "type": "str", "word": True}, ("-",)).word
    assert not _field({"name": "x", "type": "str"}, ("-",)).word
    fmt = registry.get("apigateway").format()
    assert isinstance(fmt, AccessFormat)
    compiled = fmt.compiled(parse_template("$context.httpMethod $context.resourcePath"))
    method, path = compiled.slots
    assert method.field.word and not path.field.word
    with pytest.raises(ValueError):
        _split_converter(method)("GET /x")
    assert _split_converter(path)("GET /x") == "GET /x"
