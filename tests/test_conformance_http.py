"""Conformance: other projects' ALB, NLB, Classic ELB, CloudFront and S3 server access fixtures.

The fixtures live in tests/conformance/ (sources in tests/conformance/SOURCES.md): aws-log-parser
(dpetzold/aws-log-parser), elastic (elastic/integrations), otel (opentelemetry-collector-contrib's
awslogs encoding extension), vrl (Vector's parse_aws_alb_log cases) and logstash (the grok spec of
logstash-patterns-core). Their expected values are checked by value: each source's names are mapped
to ours below. Where upstream reads a field against AWS documentation (-1 timings kept as numbers,
percent-encoding left in place, `-` kept as text), AWS wins: the test asserts our documented
behaviour and a comment says why it differs.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import awslogparse
from awslogparse import registry
from awslogparse.model import Record

HERE = Path(__file__).parent / "conformance"
ALP = HERE / "aws-log-parser"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
        microsecond: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)


def iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def data_line_numbers(path: Path) -> set[int]:
    """Line numbers of the data lines (not blank, not a `#` header line): each must end up as a
    record or as an error."""
    lines = raw_bytes(path).decode().split("\n")
    return {n for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")}


def one(path: Path, fmt: str = "auto") -> Record:
    it = awslogparse.iter_records(path, fmt, errors="collect")
    records = list(it)
    assert not it.errors, it.errors
    assert len(records) == 1, records
    return records[0]


def check(record: Record, expected: Mapping[str, Any], names: Mapping[str, str]) -> None:
    """Upstream's expected values against ours; `names` maps upstream's key to ours."""
    for key, value in expected.items():
        ours = names.get(key, key)
        assert record[ours] == value, (key, ours, record[ours], value)


# ---- Nothing dropped: every data line is a record or an error, on the dict and the Arrow paths

# (fixture, format given): "auto" where the content says what it is.
FILES: list[tuple[str, str]] = [
    *[(f"aws-log-parser/{p.name}", "auto") for p in sorted(ALP.iterdir())
      if p.suffix != ".json"],  # (WAF JSON: test_conformance_security.py)
    ("elastic/test-cloudfront.log", "auto"),
    ("elastic/test-s3-server-access.log", "auto"),
    # One file, three formats (ALB access, NLB, ALB connection): read as ALB, the other lines must
    # come back as errors; test_elastic_mixed_elb_lines_pick_their_format reads each line right.
    ("elastic/test-alb.log", "alb"),
    ("otel/alb_al_valid_logs.log", "auto"),
    ("otel/alb_al_invalid_syntax.log", "auto"),
    ("otel/clb_al_valid_logs.log", "auto"),
    ("otel/nlb_al_valid_logs.log", "auto"),
    ("otel/unknown_request_uri.log", "auto"),
    ("otel/valid_s3_access_log.log", "auto"),
    # ELB's "access logging enabled" test object: not a log line, so an error, not a silent skip.
    ("otel/elb_control.log", "alb"),
]


@pytest.mark.parametrize(("name", "fmt"), FILES, ids=[name for name, _ in FILES])
def test_every_data_line_is_a_record_or_an_error(name: str, fmt: str) -> None:
    path = HERE / name
    expected_lines = data_line_numbers(path)
    it = awslogparse.iter_records(path, fmt, errors="collect", with_source=True)
    records = list(it)
    assert it.stats.lines == len(expected_lines)
    assert it.stats.records + it.stats.errors == it.stats.lines
    assert (len(records), len(it.errors)) == (it.stats.records, it.stats.errors)
    seen = [r["_line"] for r in records] + [e.line for e in it.errors]
    assert sorted(seen) == sorted(expected_lines)
    assert all(r["_source"] == str(path) for r in records)
    for fast in (True, False):
        errors: list[awslogparse.LineError] = []
        table = awslogparse.read_arrow(path, fmt, errors="collect", error_list=errors, fast=fast)
        assert table.num_rows + len(errors) == len(expected_lines), fast
        assert table.num_rows == len(records), fast


# ---- Detection: the content alone names the format, wherever it can

DETECTED: list[tuple[str, set[str]]] = [
    *[(f"aws-log-parser/{p.name}", {"alb"}) for p in sorted(ALP.glob("loadbalancer_*"))],
    ("aws-log-parser/classic_loadbalancer_http_entry.csv", {"clb"}),
    ("aws-log-parser/cloudfront-multiple.log", {"cloudfront"}),
    ("aws-log-parser/cloudfront-multiple.log.gz", {"cloudfront"}),
    # A header-less standard-log line is also a valid v2 line (v2 selects any fields, in the same
    # order): without the #Fields header the content cannot tell them apart.
    *[(f"aws-log-parser/{p.name}", {"cloudfront", "cloudfront_v2"})
      for p in sorted(ALP.glob("cloudfront_entry*.csv"))],
    ("elastic/test-cloudfront.log", {"cloudfront"}),
    ("elastic/test-s3-server-access.log", {"s3access"}),
    ("otel/alb_al_valid_logs.log", {"alb"}),
    ("otel/alb_al_invalid_syntax.log", {"alb"}),
    ("otel/clb_al_valid_logs.log", {"clb"}),
    ("otel/nlb_al_valid_logs.log", {"nlb"}),
    ("otel/unknown_request_uri.log", {"s3access"}),
    ("otel/valid_s3_access_log.log", {"s3access"}),
]


@pytest.mark.parametrize(("name", "formats"), DETECTED, ids=[name for name, _ in DETECTED])
def test_detection_from_content(name: str, formats: set[str]) -> None:
    path = HERE / name
    head = path.read_bytes()[: registry.HEAD_BYTES]  # still gzipped for .gz: detect unpacks it
    found = awslogparse.detect(None, head)
    assert found.format in formats, found
    # the fixture's own file name is no AWS key, so it must not change the answer
    assert awslogparse.detect(path.name, head).format == found.format


def test_elb_test_object_is_no_format() -> None:
    """The object ELB writes when access logging is switched on is not a log of any format."""
    head = (HERE / "otel/elb_control.log").read_bytes()
    assert not awslogparse.detect(None, head)


# ---- aws-log-parser (dpetzold/aws-log-parser, assertions in test/test_parse_loadbalancer.py and
# ---- test/test_parse_cloudfront.py, test/test_io.py, test/test_interface.py)

# Upstream's LoadBalancerLogEntry, by field. Structured upstream values are compared through our
# flat fields: client/target Host(ip, port) -> *_ip and *_port; http_request (method, url, path,
# query, protocol) -> request_method, request_url (path and query split from it), request_protocol;
# actions_executed (a list) -> our comma-separated string.
ALB_NAMES = {"timestamp": "time"}

ALB_BASE: dict[str, Any] = {
    "type": "h2", "timestamp": utc(2018, 11, 30, 22, 23, 0, 186641),
    "elb": "app/my-loadbalancer/50dc6c495c0c9188", "client": ("192.168.131.39", 2817),
    "target": None, "request_processing_time": 0.0, "target_processing_time": 0.001,
    "response_processing_time": 0.0, "elb_status_code": 502, "target_status_code": None,
    "received_bytes": 34, "sent_bytes": 366,
    "http_request": ("GET", "http://www.example.com:80/", "/", {}, "HTTP/1.1"),
    "user_agent": "curl/7.46.0", "ssl_cipher": None, "ssl_protocol": None,
    "target_group_arn": "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/"
                        "my-targets/73e2d6bc24d8a067",
    "trace_id": "Root=1-58337364-23a8c76965a2ef7629b185e3", "domain_name": "api.example.com",
    "chosen_cert_arn": None, "matched_rule_priority": 0,
    "request_creation_time": utc(2018, 11, 30, 22, 22, 48, 364000),
    "actions_executed": ["waf", "forward"], "redirect_url": None, "error_reason": None,
}
CERT = "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012"
JULY = {"timestamp": utc(2018, 7, 2, 22, 23, 0, 186641),
        "request_creation_time": utc(2018, 7, 2, 22, 22, 48, 364000)}
AUTH_ERROR: dict[str, Any] = {
    **ALB_BASE, **JULY, "request_processing_time": -1.0, "target_processing_time": -1.0,
    "response_processing_time": -1.0, "elb_status_code": 401, "received_bytes": 4956,
    "sent_bytes": 616,
    "http_request": ("GET", "https://example.com:443/oauth2/idpresponse?code=XXXXX",
                     "/oauth2/idpresponse", {"code": ["XXXXX"]}, "HTTP/2.0"),
    "ssl_cipher": "TLS_AES_128_GCM_SHA256", "ssl_protocol": "TLSv1.3", "target_group_arn": None,
    "trace_id": "Root=1-665d7a41-032e7e1d59b8e8043f88b4dc", "domain_name": "example.com",
    "chosen_cert_arn": CERT, "matched_rule_priority": -1, "actions_executed": ["authenticate"],
    "error_reason": "AuthInvalidAWSALBAuthNonce",
}
HTTP2: dict[str, Any] = {
    **ALB_BASE, **JULY, "client": ("10.0.1.252", 48160), "target": ("10.0.0.66", 9000),
    "target_processing_time": 0.002, "elb_status_code": 200, "target_status_code": 200,
    "received_bytes": 5, "sent_bytes": 257,
    "http_request": ("GET", "https://10.0.2.105:773/", "/", {}, "HTTP/2.0"),
    "ssl_cipher": "ECDHE-RSA-AES128-GCM-SHA256", "ssl_protocol": "TLSv1.2",
    "trace_id": "Root=1-58337327-72bd00b0343d75b906739c42", "domain_name": None,
    "matched_rule_priority": 1, "actions_executed": ["redirect"],
    "redirect_url": "https://example.com:80/",
}
WEBSOCKET: dict[str, Any] = {
    **ALB_BASE, **JULY, "type": "ws", "client": ("10.0.0.140", 40914),
    "target": ("10.0.1.192", 8010), "request_processing_time": 0.001,
    "target_processing_time": 0.003, "elb_status_code": 101, "target_status_code": 101,
    "received_bytes": 218, "sent_bytes": 587,
    "http_request": ("GET", "http://10.0.0.30:80/", "/", {}, "HTTP/1.1"), "user_agent": None,
    "domain_name": None, "matched_rule_priority": 1, "actions_executed": ["forward"],
}
LAMBDA: dict[str, Any] = {
    **ALB_BASE, "type": "http", "elb_status_code": 200, "target_status_code": 200,
    "domain_name": None, "actions_executed": ["forward"],
}
ALB_EXPECTED: dict[str, dict[str, Any]] = {
    "loadbalancer_cloudfront_forward_h2.csv": ALB_BASE,
    "loadbalancer_cloudfront_forward.csv": {**ALB_BASE, "type": "http", "domain_name": None},
    "loadbalancer_cloudfront_forward_refused.csv": {
        **ALB_BASE, "type": "http", "chosen_cert_arn": "session-reused"},
    "loadbalancer_http_entry.csv": {
        **ALB_BASE, **JULY, "type": "http", "target": ("10.0.0.1", 80), "elb_status_code": 200,
        "target_status_code": 200,
        "http_request": ("GET", "http://www.example.com:80/?a=b&c=d&zip=98101", "/",
                         {"a": ["b"], "c": ["d"], "zip": ["98101"]}, "HTTP/1.1"),
        "trace_id": "Root=1-58337262-36d228ad5d99923122bbe354", "domain_name": None,
        "actions_executed": ["forward"]},
    "loadbalancer_https_entry.csv": {
        **ALB_BASE, **JULY, "type": "https", "target": ("10.0.0.1", 80),
        "request_processing_time": 0.086, "target_processing_time": 0.048,
        "response_processing_time": 0.037, "elb_status_code": 200, "target_status_code": 200,
        "received_bytes": 0, "sent_bytes": 57,
        "http_request": ("GET", "https://www.example.com:443/", "/", {}, "HTTP/1.1"),
        "ssl_cipher": "ECDHE-RSA-AES128-GCM-SHA256", "ssl_protocol": "TLSv1.2",
        "trace_id": "Root=1-58337281-1d84f3d73c47ec4e58577259", "domain_name": "www.example.com",
        "chosen_cert_arn": CERT, "matched_rule_priority": 1,
        "actions_executed": ["authenticate", "forward"]},
    "loadbalancer_http2_entry.csv": HTTP2,
    "loadbalancer_http2_entry.csv.gz": HTTP2,
    "loadbalancer_http2_entry_auth_error.csv": AUTH_ERROR,
    "loadbalancer_http2_entry_auth_missing.csv": {
        **AUTH_ERROR, "error_reason": "AuthMissingAWSALBAuthNonce"},
    "loadbalancer_websockets_entry.csv": WEBSOCKET,
    "loadbalancer_secured_websockets_entry.csv": {
        **WEBSOCKET, "type": "wss", "client": ("10.0.0.140", 44244),
        "target": ("10.0.0.171", 8010), "request_processing_time": 0.0,
        "target_processing_time": 0.001, "sent_bytes": 786,
        "http_request": ("GET", "https://10.0.0.30:443/", "/", {}, "HTTP/1.1"),
        "ssl_cipher": "ECDHE-RSA-AES128-GCM-SHA256", "ssl_protocol": "TLSv1.2",
        "target_group_arn": "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/"
                            "my-targets/73e2d6bc24d8a067"},
    "loadbalancer_lambda_entry.csv": LAMBDA,
    "loadbalancer_lambda_failed_entry.csv": {
        **LAMBDA, "elb_status_code": 502, "target_status_code": None,
        "error_reason": "LambdaInvalidResponse"},
}


def check_endpoint(record: Record, prefix: str, value: tuple[str, int] | None) -> None:
    assert (record[f"{prefix}_ip"], record[f"{prefix}_port"]) == (value or (None, None)), prefix


def check_request(record: Record, value: tuple[str, str, str, dict[str, Any], str]) -> None:
    method, url, path, query, protocol = value
    assert (record["request_method"], record["request_url"]) == (method, url)
    assert record["request_protocol"] == protocol
    split = urlsplit(record["request_url"])
    assert (split.path, parse_qs(split.query)) == (path, query)


def check_alb_upstream(record: Record, expected: Mapping[str, Any]) -> None:
    for key, value in expected.items():
        if key in ("client", "target"):
            check_endpoint(record, key, value)
        elif key == "http_request":
            check_request(record, value)
        elif key == "actions_executed":
            assert record[key].split(",") == value
        elif key.endswith("_processing_time") and value == -1.0:
            # upstream keeps -1; AWS documents -1 as "could not dispatch / no response", which
            # reads as null here (a -1 second duration would poison sums and averages)
            assert record[key] is None, key
        else:
            assert record[ALB_NAMES.get(key, key)] == value, key


@pytest.mark.parametrize("name", sorted(ALB_EXPECTED))
def test_aws_log_parser_alb(name: str) -> None:
    check_alb_upstream(one(ALP / name), ALB_EXPECTED[name])


def test_aws_log_parser_alb_gz_is_the_plain_file() -> None:
    """The gzipped copy reads to the same record as the plain one (upstream: one entry)."""
    assert one(ALP / "loadbalancer_http2_entry.csv.gz") == one(ALP / "loadbalancer_http2_entry.csv")


def test_aws_log_parser_classic() -> None:
    record = one(ALP / "classic_loadbalancer_http_entry.csv")
    assert record["time"] == utc(2015, 5, 13, 23, 39, 43, 945958)
    assert record["elb"] == "my-loadbalancer"
    check_endpoint(record, "client", ("192.168.131.39", 2817))
    check_endpoint(record, "backend", ("10.0.0.1", 80))  # upstream: target
    assert (record["request_processing_time"], record["backend_processing_time"],
            record["response_processing_time"]) == (0.000086, 0.001048, 0.001337)
    assert (record["elb_status_code"], record["backend_status_code"]) == (200, 200)
    assert (record["received_bytes"], record["sent_bytes"]) == (0, 57)
    check_request(record, ("GET", "https://www.example.com:443/", "/", {}, "HTTP/1.1"))
    assert record["user_agent"] == "curl/7.38.0"
    assert (record["ssl_cipher"], record["ssl_protocol"]) == ("DHE-RSA-AES128-SHA", "TLSv1.2")


# Upstream's CloudFrontWebDistributionLogEntry -> ours (date + time are our one timestamp).
CLOUDFRONT_NAMES = {
    "edge_location": "x_edge_location", "sent_bytes": "sc_bytes", "client_ip": "c_ip",
    "http_method": "cs_method", "host": "cs_host", "uri_stem": "cs_uri_stem",
    "status_code": "sc_status", "referrer": "cs_referer", "user_agent": "cs_user_agent",
    "edge_result_type": "x_edge_result_type", "edge_request_id": "x_edge_request_id",
    "host_header": "x_host_header", "protocol": "cs_protocol", "received_bytes": "cs_bytes",
    "time_taken": "time_taken", "forwarded_for": "x_forwarded_for",
    "edge_response_result_type": "x_edge_response_result_type",
    "protocol_version": "cs_protocol_version",
}
CLOUDFRONT_BASE: dict[str, Any] = {
    "timestamp": utc(2014, 5, 23, 1, 13, 11), "edge_location": "FRA2", "sent_bytes": 182,
    "client_ip": "192.0.2.10", "http_method": "GET", "host": "d111111abcdef8.cloudfront.net",
    "uri_stem": "/view/my/file.html", "status_code": 200, "referrer": "www.displaymyfiles.com",
    "user_agent": "Mozilla/4.0 (compatible; MSIE 5.0b1; Mac_PowerPC)", "uri_query": None,
    "cookie": {"zip": "98101"}, "edge_result_type": "RefreshHit",
    "edge_request_id": "MRVMF7KydIvxMWfJIglgwHQwZsbG2IhRJ07sn9AkKUFSHS9EXAMPLE==",
    "host_header": "d111111abcdef8.cloudfront.net", "protocol": "http", "received_bytes": None,
    "time_taken": 0.001, "forwarded_for": None, "ssl_protocol": None, "ssl_cipher": None,
    "edge_response_result_type": "RefreshHit", "protocol_version": "HTTP/1.1",
}
CLOUDFRONT_EXPECTED: dict[str, dict[str, Any]] = {
    "cloudfront_entry.csv": CLOUDFRONT_BASE,
    # upstream's cookie parser gives up on "zip 98101" and returns {}; AWS logs the Cookie header
    # as the viewer sent it, and so do we
    "cloudfront_entry_broken_cookie.csv": {**CLOUDFRONT_BASE, "cookie": "zip 98101"},
    "cloudfront_entry_cookie_with_encoding.csv": {
        **CLOUDFRONT_BASE, "cookie": {"this zip": "98101"}},
    "cloudfront_entry2.csv": {
        **CLOUDFRONT_BASE, "timestamp": utc(2014, 5, 23, 1, 13, 12), "edge_location": "LAX1",
        "sent_bytes": 2390282, "client_ip": "192.0.2.202", "uri_stem": "/soundtrack/happy.mp3",
        "status_code": 304, "referrer": "www.unknownsingers.com",
        "uri_query": {"a": ["b"], "c": ["d"]}, "edge_result_type": "Hit",
        "edge_response_result_type": "Hit", "time_taken": 0.002,
        "user_agent": "Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1)",
        "edge_request_id": "xGN7KWpVEmB9Dp7ctcVFQC4E-nrcOcEKS3QyAez--06dV7TEXAMPLE=="},
}


def check_cloudfront_upstream(record: Record, expected: Mapping[str, Any]) -> None:
    for key, value in expected.items():
        if key == "uri_query":
            assert (parse_qs(record["cs_uri_query"]) if value else record["cs_uri_query"]) == value
        elif key == "cookie" and isinstance(value, dict):
            pairs = record["cs_cookie"].split("; ")
            assert dict(pair.split("=", 1) for pair in pairs) == value
        elif key == "cookie":
            assert record["cs_cookie"] == value
        else:
            assert record[CLOUDFRONT_NAMES.get(key, key)] == value, key


@pytest.mark.parametrize("name", sorted(CLOUDFRONT_EXPECTED))
def test_aws_log_parser_cloudfront(name: str) -> None:
    """Header-less 24-column lines (the layout of AWS's 2014 example): read through detection."""
    check_cloudfront_upstream(one(ALP / name), CLOUDFRONT_EXPECTED[name])


def test_aws_log_parser_cloudfront_24_columns_read_as_standard_log() -> None:
    line = (ALP / "cloudfront_entry.csv").read_text().rstrip("\n")
    check_cloudfront_upstream(awslogparse.parse_line(line, "cloudfront"), CLOUDFRONT_BASE)


@pytest.mark.parametrize("name", ["cloudfront-multiple.log", "cloudfront-multiple.log.gz"])
def test_aws_log_parser_cloudfront_multiple(name: str) -> None:
    """Upstream: 8 lines, 6 entries (the #Version and #Fields lines are not entries)."""
    it = awslogparse.iter_records(ALP / name, errors="collect")
    records = list(it)
    assert it.stats.format == "cloudfront"
    assert (len(records), it.stats.headers, len(it.errors)) == (6, 2, 0)
    assert records == list(awslogparse.iter_records(ALP / "cloudfront-multiple.log"))
    first, last = records[0], records[-1]
    assert first["timestamp"] == utc(2019, 12, 4, 21, 2, 31) and first["c_port"] == 11040
    assert first["cs_user_agent"].startswith("Mozilla/5.0 (Windows NT 10.0; Win64; x64)")
    assert last["x_edge_detailed_result_type"] == "OriginDnsError"
    assert last["cs_user_agent"] == "curl/7.55.1" and last["sc_status"] == 502


# ---- elastic/integrations cloudfront_logs pipeline test (test-cloudfront.log). Expected values:
# ---- its expected JSON (ECS; the stored upstream version covers lines 1-6, identical here) and
# ---- the corpus notes for lines 7-12 (status 000, x-forwarded-for lists, 'User-Agent:' prefix,
# ---- a last line cut short).

ECS_CLOUDFRONT = {
    "@timestamp": "timestamp", "edge_location": "x_edge_location", "response.bytes": "sc_bytes",
    "source.ip": "c_ip", "method": "cs_method", "url.path": "cs_uri_stem",
    "status_code": "sc_status", "referrer": "cs_referer", "destination.domain": "x_host_header",
    "request.bytes": "cs_bytes", "source.port": "c_port", "event.id": "x_edge_request_id",
    "edge_detailed_result_type": "x_edge_detailed_result_type",
    "response.body.bytes": "sc_content_len", "time_to_first_byte": "time_to_first_byte",
    "content_type": "sc_content_type", "network.protocol": "cs_protocol",
}
CHROME78 = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/78.0.3904.108 Safari/537.36")
HEADLESS = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/100.0.4896.88 Safari/537.36")
LAX1: dict[str, Any] = {
    "@timestamp": utc(2019, 12, 4, 21, 2, 31), "edge_location": "LAX1", "response.bytes": 392,
    "source.ip": "89.160.20.112", "method": "GET", "url.path": "/index.html", "status_code": 200,
    "referrer": None, "destination.domain": "d111111abcdef8.cloudfront.net", "request.bytes": 23,
    "source.port": 11040, "edge_detailed_result_type": "Hit", "response.body.bytes": 78,
    "time_to_first_byte": 0.001, "content_type": "text/html", "network.protocol": "https",
    "user_agent.original": CHROME78,
}
SEA19: dict[str, Any] = {
    "edge_location": "SEA19-C1", "response.bytes": 900, "source.ip": "89.160.20.112",
    "destination.domain": "www.example.com", "status_code": 502,
    "edge_detailed_result_type": "OriginDnsError", "response.body.bytes": 507,
    "network.protocol": "http", "user_agent.original": CHROME78,
}
GET_APPS: dict[str, Any] = {
    "@timestamp": utc(2022, 11, 15, 8, 43, 4), "edge_location": "SEA19-C2",
    "response.bytes": 10157, "source.ip": "81.2.69.143", "method": "GET",
    "url.path": "/getApplications", "status_code": 200, "referrer": "https://test.com/global",
    "destination.domain": "test.com", "request.bytes": 1057, "source.port": 33359,
    "user_agent.original": HEADLESS, "response.body.bytes": None,
}
ELASTIC_CLOUDFRONT: list[dict[str, Any]] = [
    {**LAX1, "event.id": "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ=="},
    {**LAX1, "source.ip": "2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6", "time_to_first_byte": 0.0,
     "event.id": "k6WGMNkEzR5BEM_SaF47gjtX9zBDO2m349OY2an0QPEaUum1ZOLrow=="},
    {**LAX1, "event.id": "f37nTMVvnKvV2ZSvEsivup_c2kZ7VXzYdjC-GUQZ5qNs-89BlWazbw=="},
    {**SEA19, "@timestamp": utc(2019, 12, 13, 22, 36, 27), "url.path": "/favicon.ico",
     "referrer": "http://www.example.com/", "request.bytes": 675, "source.port": 25260,
     "time_to_first_byte": 0.102},
    {**SEA19, "@timestamp": utc(2019, 12, 13, 22, 36, 26), "url.path": "/", "referrer": None,
     "request.bytes": 735, "source.port": 3802, "time_to_first_byte": 0.107},
    {**SEA19, "@timestamp": utc(2019, 12, 13, 22, 37, 2), "edge_location": "SEA19-C2",
     "url.path": "/", "request.bytes": 387, "source.port": 12644,
     "user_agent.original": "curl/7.55.1"},
    {"@timestamp": utc(2022, 4, 19, 12, 29, 36), "method": "POST", "status_code": 200,
     "content_type": "application/json;charset=UTF-8", "cs_uri_query": "source=global",
     "ssl_protocol": "TLSv1.3", "source.port": 4203},
    # status 000: the viewer went away before the response; AWS's 000 reads as 0 (documented)
    {"@timestamp": utc(2022, 4, 19, 12, 29, 36), "method": "POST", "status_code": 0},
    {**GET_APPS, "x_forwarded_for": "81.2.69.142,216.160.83.56"},
    {**GET_APPS, "x_forwarded_for": "81.2.69.142, 216.160.83.56"},
    {**GET_APPS, "x_forwarded_for": "localhost:8080"},
    # the last line stops after sc-content-len: the missing range columns read as null; the
    # User-Agent value is logged as the client sent it, prefix included
    {"@timestamp": utc(2024, 7, 13, 15, 29, 45), "url.path": "/en(test)", "status_code": 404,
     "user_agent.original": "User-Agent: Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 5.1; 360SE)",
     "cs_cookie": "cookie", "response.body.bytes": None, "sc_range_start": None,
     "sc_range_end": None},
]


def test_elastic_cloudfront() -> None:
    it = awslogparse.iter_records(HERE / "elastic/test-cloudfront.log", errors="collect")
    records = list(it)
    assert it.stats.format == "cloudfront" and not it.errors
    assert len(records) == len(ELASTIC_CLOUDFRONT)
    names = {**ECS_CLOUDFRONT, "user_agent.original": "cs_user_agent"}
    for number, (record, expected) in enumerate(zip(records, ELASTIC_CLOUDFRONT, strict=True), 1):
        try:
            check(record, expected, names)
        except AssertionError as exc:
            raise AssertionError(f"line {number}: {exc}") from exc


# ---- elastic/integrations elb_logs pipeline test (test-alb.log): ALB access, NLB and ALB
# ---- connection lines in one file. Lines 1-2 against the expected JSON; the others against the
# ---- corpus notes (no stored expected output covers them).

MIXED_FORMATS = ["alb", "alb", "nlb", "nlb", "nlb", "nlb",
                 "alb_connection", "alb_connection", "alb_connection", "alb"]


def mixed_records() -> list[Record]:
    lines = (HERE / "elastic/test-alb.log").read_text().splitlines()
    assert len(lines) == len(MIXED_FORMATS)
    return [awslogparse.parse_line(line, fmt)
            for line, fmt in zip(lines, MIXED_FORMATS, strict=True)]


def test_elastic_mixed_elb_lines_pick_their_format() -> None:
    """Each line on its own is enough to tell ALB access, NLB and ALB connection logs apart."""
    for number, line in enumerate((HERE / "elastic/test-alb.log").read_text().splitlines(), 1):
        found = awslogparse.detect(None, line + "\n")
        assert found.format == MIXED_FORMATS[number - 1], (number, found)


def test_elastic_mixed_alb_lines_match_expected() -> None:
    expected = json.loads((HERE / "elastic/test-alb.log-expected.json").read_text())["expected"]
    records = mixed_records()
    for record, doc in zip(records[:2], expected, strict=True):
        elb, http, url = doc["aws"]["elb"], doc["http"], doc["url"]
        assert record["type"] == elb["type"] == elb["protocol"]
        assert record["elb"] == elb["name"]
        # ECS keeps milliseconds; the record keeps AWS's microseconds
        assert record["time"].replace(microsecond=record["time"].microsecond // 1000 * 1000) \
            == iso(doc["@timestamp"]) == iso(doc["event"]["end"])
        assert record["request_creation_time"] == iso(doc["event"]["start"])
        assert (record["client_ip"], record["client_port"]) == (
            doc["source"]["ip"], doc["source"]["port"])
        assert record["received_bytes"] == http["request"]["body"]["bytes"]
        assert record["sent_bytes"] == http["response"]["body"]["bytes"]
        assert record["elb_status_code"] == http["response"]["status_code"]
        assert record["request_method"] == http["request"]["method"]
        assert record["request_protocol"] == f"HTTP/{http['version']}"
        assert record["request_url"] == url["original"]
        split = urlsplit(record["request_url"])
        assert (split.scheme, split.hostname, split.port, split.path) == (
            url["scheme"], url["domain"], url["port"], url["path"])
        assert split.query == url.get("query", "")
        assert record["user_agent"] == doc["user_agent"]["original"]
        assert record["trace_id"] == elb["trace_id"] == doc["trace"]["id"]
        assert str(record["matched_rule_priority"]) == elb["matched_rule_priority"]
        assert record["actions_executed"].split(",") == elb["action_executed"]
        assert record["redirect_url"] == elb.get("redirect_url")
        assert record["classification"] == elb.get("classification")
        assert record["classification_reason"] == elb.get("classification_reason")
        backend = elb.get("backend")
        if backend:
            assert (record["target_ip"], str(record["target_port"])) == (
                backend["ip"], backend["port"])
            assert record["target_status_code"] == backend["http"]["response"]["status_code"]
            assert record["target_port_list"].split() == elb["target_port"]
            assert record["target_status_code_list"].split() == elb["target_status_code"]
            assert record["target_processing_time"] == elb["backend_processing_time"]["sec"]
            assert record["request_processing_time"] == elb["request_processing_time"]["sec"]
            assert record["response_processing_time"] == elb["response_processing_time"]["sec"]
            assert record["target_group_arn"] == elb["target_group"]["arn"]
        else:
            # ECS drops the -1 timings and keeps target_group_arn "-"; AWS's -1 and "-" mean no
            # value, and read as null here
            assert record["target_ip"] is None and record["target_status_code"] is None
            assert elb["target_group"]["arn"] == "-" and record["target_group_arn"] is None
            assert record["request_processing_time"] is None
            assert record["target_processing_time"] is None
            assert record["response_processing_time"] is None


def test_elastic_mixed_nlb_and_connection_lines() -> None:
    records = mixed_records()
    tls12, alpn, mangled, dashes = records[2:6]
    for nlb in (tls12, alpn, mangled, dashes):
        assert (nlb["type"], nlb["version"]) == ("tls", "2.0")
        assert (nlb["client_ip"], nlb["client_port"]) == ("192.168.131.39", 2817)
        assert (nlb["destination_ip"], nlb["destination_port"]) == ("10.0.0.1", 80)
    assert tls12["time"] == utc(2018, 12, 20, 2, 59, 40)
    assert tls12["tls_connection_creation_time"] == utc(2018, 12, 20, 2, 59, 30)
    assert (tls12["connection_time"], tls12["tls_handshake_time"]) == (5, 2)
    assert (tls12["received_bytes"], tls12["sent_bytes"]) == (98, 246)
    assert tls12["tls_protocol_version"] == "tlsv12" and tls12["alpn_fe_protocol"] is None
    assert (alpn["alpn_fe_protocol"], alpn["alpn_be_protocol"]) == ("h2", "h2")
    assert alpn["alpn_client_preference_list"] == '"h2","http/1.1"'
    # a domain someone's markdown renderer mangled, and quotes with backslashes: values as written
    assert mangled["domain_name"] == (
        "[oauthce.eu-central-1.XXXX.c1.XXXXX.com](https://oauthce.eu-central-1.xxxx.c1.xxxxx.com/)")
    assert mangled["alpn_client_preference_list"] == '\\"http/1.1\\"'
    assert mangled["elb"] == "net/k8s-xxxx-xxx-xxxxxxxx/53192f3a0"
    assert mangled["listener"] == "46712e747de"
    assert dashes["connection_time"] == 0 and dashes["tls_handshake_time"] is None
    assert dashes["tls_cipher"] is None and dashes["domain_name"] is None
    success, failure, tid_only = records[6:9]
    assert success["timestamp"] == utc(2024, 10, 4, 17, 5, 15, 514108)
    assert (success["client_ip"], success["client_port"], success["listener_port"]) == (
        "192.168.131.39", 36280, 443)
    assert success["tls_handshake_latency"] == 4.036
    assert success["leaf_client_cert_subject"] == (
        "CN=amazondomains.com,O=endEntity,L=Seattle,ST=Washington,C=US")
    assert success["leaf_client_cert_validity"] == (
        "NotBefore=2023-09-21T22:43:21Z;NotAfter=2026-06-17T22:43:21Z")
    assert success["leaf_client_cert_serial_number"] == "FEF257372D5C14D4"
    assert success["tls_verify_status"] == "Success"
    assert failure["tls_verify_status"] == "Failed:ClientCertUntrusted"
    assert failure["tls_handshake_latency"] is None
    assert tid_only["conn_trace_id"] == "TID_16132ed0b4112148"
    assert tid_only["tls_protocol"] is None and tid_only["leaf_client_cert_subject"] is None
    malformed = records[9]
    # a request line of "- <url> " with no method or protocol: only the URL part is there
    assert malformed["request"] == "- http://internal-service-alb.example.com:80-/ "
    assert malformed["request_method"] is None and malformed["request_protocol"] is None
    assert malformed["request_url"] == "http://internal-service-alb.example.com:80-/"
    assert malformed["conn_trace_id"] == "TID_00000000000000000000000000000000"
    assert malformed["request_processing_time"] is None and malformed["elb_status_code"] == 200


# ---- elastic/integrations s3access pipeline test (test-s3-server-access.log). Its ECS output
# ---- keeps aws.s3access.* under AWS's field names, which are ours but for `referrer`.

ELASTIC_S3_NAMES = {"referrer": "referer"}
OWNER = "36c1f05b76016b78528454e6e0c60e2b7ff7aa20c0a5e4c748276e5b0a2debd2"
ADVISOR = ("arn:aws:sts::123456:assumed-role/AWSServiceRoleForTrustedAdvisor/"
           "TrustedAdvisor_627959692251_784ab70b-8cc9-4d37-a2ec-2ff4d0c08af9")
TRUSTED: dict[str, Any] = {
    "bucket_owner": OWNER, "bucket": "test-s3-ks", "remote_ip": "89.160.20.156",
    "requester": ADVISOR, "operation": "REST.GET.LOCATION",
    "request_uri": "GET /test-s3-ks/?location&aws-account=627959692251 HTTP/1.1",
    "http_status": 200, "bytes_sent": 142, "signature_version": "SigV4",
    "cipher_suite": "ECDHE-RSA-AES128-SHA", "authentication_type": "AuthHeader",
    "host_header": "s3.ap-southeast-1.amazonaws.com", "tls_version": "TLSv1.2",
    "referrer": None, "key": None, "error_code": None, "object_size": None,
}
BATCH: dict[str, Any] = {
    "bucket_owner": OWNER, "remote_ip": "89.160.20.156",
    "requester": "arn:aws:iam::123456:user/test@elastic.co", "operation": "BATCH.DELETE.OBJECT",
    "http_status": 204, "request_uri": None, "bytes_sent": None, "total_time": None,
    "user_agent": None,
}
DELIVERY: dict[str, Any] = {
    "bucket": "flow-log-test", "remote_ip": None, "requester": "svc:delivery.logs.amazonaws.com",
    "request_id": "MVGXZXEVN3IG9S24", "operation": "REST.PUT.OBJECT", "http_status": 200,
    "object_size": 773, "total_time": 103, "turn_around_time": 13, "user_agent": None,
    "key": "AWSLogs/000000000000/vpcflowlogs/us-gov-east-1/2021/07/13/"
           "000000000000_vpcflowlogs_us-gov-east-1_fl-_20210713T1855Z_f12aa632.log.gz",
    "host_header": "flow-log-test.s3.us-gov-west-1.amazonaws.com",
    "cipher_suite": "ECDHE-RSA-AES128-GCM-SHA256",
}
ACCESS_POINT = "arn:aws:s3:us-west-1:123456789012:accesspoint/example-AP"
ELASTIC_S3: list[dict[str, Any]] = [
    {**TRUSTED, "request_id": "44EE8651683CB4DA", "total_time": 17, "turn_around_time": None,
     "time": utc(2019, 8, 1, 0, 24, 41)},
    {**TRUSTED, "request_id": "E26222010BCC32B6", "total_time": 3},
    {**TRUSTED, "request_id": "4DD6D17D1C5C401C", "operation": "REST.GET.BUCKET",
     "request_uri": "GET /test-s3-ks/?max-keys=0&encoding-type=url&aws-account=627959692251 "
                    "HTTP/1.1", "bytes_sent": 265, "total_time": 2, "turn_around_time": 1},
    {**TRUSTED, "request_id": "706992E2F3CC3C3D", "total_time": 4},
    {**BATCH, "bucket": "jsoriano-s3-test", "request_id": "8CD7A4A71E2E5C9E",
     "key": "jolokia-war-1.5.0.war", "object_size": 344017,
     "host_header": "s3.eu-central-1.amazonaws.com"},
    # the key is decoded once: S3 wrote the console's spaces as '+', which is not percent-encoding
    {**BATCH, "bucket": "test-s3-ks", "request_id": "6CE38F1312D32BDD",
     "key": "Screen+Shot+2019-09-09+at+9.08.44+AM.png", "object_size": 57138},
    {**DELIVERY, "access_point_arn": None, "acl_required": None,
     "time": utc(2021, 7, 14, 18, 57, 31)},
    {**DELIVERY, "access_point_arn": ACCESS_POINT, "acl_required": "Yes"},
    # Status "-": no HTTP status; null, as any "-"
    {**DELIVERY, "http_status": None, "access_point_arn": ACCESS_POINT, "acl_required": None},
    # lifecycle expiry: no remote IP, request URI "-", no TLS fields
    {"bucket_owner": "b854390a51155554b82ce2759564a1135bce83133d004f4d2001f157e13985d7",
     "bucket": "flow-log-test", "time": utc(2025, 3, 25, 19, 28, 2), "remote_ip": None,
     "requester": "AmazonS3", "request_id": "366DB3C4B325AB11", "operation": "S3.EXPIRE.OBJECT",
     "request_uri": None, "request_method": None, "http_status": None, "object_size": 317,
     "version_id": "qsEq9bDa2VyxyZ4cz0c7oBnF67VYTTij",
     "host_id": "DMlPb9al4CvVBck150CgpEIIYgtSI3HC/atetNVYwPtHZffW6jfpg+BrffhbT9/B",
     "signature_version": None, "cipher_suite": None, "tls_version": None},
]


def test_elastic_s3_server_access() -> None:
    it = awslogparse.iter_records(HERE / "elastic/test-s3-server-access.log", errors="collect")
    records = list(it)
    assert it.stats.format == "s3access" and not it.errors
    assert len(records) == len(ELASTIC_S3)
    for number, (record, expected) in enumerate(zip(records, ELASTIC_S3, strict=True), 1):
        try:
            check(record, expected, ELASTIC_S3_NAMES)
        except AssertionError as exc:
            raise AssertionError(f"line {number}: {exc}") from exc
    first = records[0]
    assert (first["request_method"], first["request_url"], first["request_protocol"]) == (
        "GET", "/test-s3-ks/?location&aws-account=627959692251", "HTTP/1.1")


# ---- OpenTelemetry collector awslogs encoding extension (expected YAML upstream, not copied;
# ---- OTLP attribute -> ours noted per assertion)

def test_otel_alb() -> None:
    it = awslogparse.iter_records(HERE / "otel/alb_al_valid_logs.log", errors="collect")
    first, second = list(it)
    assert not it.errors
    for record in (first, second):
        assert record["time"] == utc(2018, 7, 2, 22, 23, 0, 186641)  # timeUnixNano
        assert record["elb"] == "app/my-loadbalancer/50dc6c495c0c9188"  # cloud.resource_id
        assert record["type"] == "https"  # network.protocol.name
        assert record["request_protocol"] == "HTTP/1.1"  # network.protocol.version "1.1"
        assert record["request_method"] == "GET"
        assert record["request_url"] == "https://www.example.com:443/"  # url.full
        assert (record["received_bytes"], record["sent_bytes"]) == (0, 57)  # http.*.size
        assert record["elb_status_code"] == 200 and record["target_status_code"] == 200
        # tls.protocol.version "tlsv1.2": OTel lower-cases; we keep AWS's spelling
        assert record["ssl_protocol"] == "TLSv1.2"
        assert record["ssl_cipher"] == "ECDHE-RSA-AES128-GCM-SHA256"
        assert record["user_agent"] == "curl/7.46.0"
        assert record["domain_name"] == "www.example.com"  # url.domain
        assert record["actions_executed"].split(",") == ["authenticate", "forward"]
        assert record["chosen_cert_arn"] == CERT
        assert record["trace_id"] == "Root=1-58337281-1d84f3d73c47ec4e58577259"
        assert record["conn_trace_id"] == "TID_1234abcd5678ef90"  # connection_trace_id
        assert (record["request_processing_time"], record["target_processing_time"],
                record["response_processing_time"]) == (0.086, 0.048, 0.037)
    assert (first["client_ip"], first["client_port"]) == ("192.168.131.39", 2817)
    assert (first["target_ip"], first["target_port"]) == ("10.0.0.1", 80)  # destination.*
    assert second["client_port"] == 443 and second["target_port"] == 80


def test_otel_alb_bracketed_ipv6() -> None:
    records = list(awslogparse.iter_records(HERE / "otel/alb_al_valid_logs.log"))
    assert (records[1]["client_ip"], records[1]["client_port"]) == ("fe80::202:b3ff:fe1e:8329", 443)
    assert (records[1]["target_ip"], records[1]["target_port"]) == ("2001:db8::1", 80)


def test_otel_alb_unknown_type_is_read() -> None:
    """OTel rejects the type 'invalid'; our spec makes `type` an open enum (AWS adds request types
    over time and the rest of the line is a valid 34-column ALB line), so it reads as written."""
    record = one(HERE / "otel/alb_al_invalid_syntax.log")
    assert record["type"] == "invalid"
    assert record["conn_trace_id"] == "TID_1234abcd5678ef90"
    assert record["target_port_list"] == "10.0.0.1:80"
    assert record["transformed_host"] is None and record["request_transform_status"] is None


def test_otel_clb() -> None:
    it = awslogparse.iter_records(HERE / "otel/clb_al_valid_logs.log", errors="collect")
    records = list(it)
    assert len(records) == 2 and not it.errors
    for record in records:
        assert record["time"] == utc(2015, 5, 13, 23, 39, 43, 945958)
        assert record["elb"] == "my-loadbalancer"
        assert (record["client_ip"], record["client_port"]) == ("192.168.131.39", 2817)
        check_request(record, ("GET", "https://www.example.com:443/", "/", {}, "HTTP/1.1"))
        assert (record["received_bytes"], record["sent_bytes"]) == (0, 57)
        assert (record["elb_status_code"], record["backend_status_code"]) == (200, 200)
        assert record["ssl_protocol"] == "TLSv1.2"  # OTel: tlsv1.2 (lower-cased)
        assert record["ssl_cipher"] == "DHE-RSA-AES128-SHA"
        assert record["user_agent"] == "curl/7.38.0"
    assert (records[0]["backend_ip"], records[0]["backend_port"]) == ("10.0.0.1", 80)
    assert (records[1]["backend_ip"], records[1]["backend_port"]) == (None, None)


def test_otel_nlb() -> None:
    record = one(HERE / "otel/nlb_al_valid_logs.log")
    assert (record["type"], record["version"]) == ("tls", "2.0")
    assert record["time"] == utc(2020, 4, 1, 8, 51, 42)  # timeUnixNano 1585731102000000000
    assert record["elb"] == "net/my-network-loadbalancer/c6e77e28c25b2234"
    assert record["listener"] == "g3d4b5e8bb8464cd"
    assert (record["client_ip"], record["client_port"]) == ("72.21.218.154", 51341)
    assert (record["destination_ip"], record["destination_port"]) == ("172.100.100.185", 443)
    assert (record["received_bytes"], record["sent_bytes"]) == (98, 246)
    assert (record["connection_time"], record["tls_handshake_time"]) == (5, 2)
    assert record["chosen_cert_arn"] == ("arn:aws:acm:us-east-2:671290407336:certificate/"
                                         "2a108f19-aded-46b0-8493-c63eb1ef4a99")
    assert (record["tls_cipher"], record["tls_protocol_version"]) == (
        "ECDHE-RSA-AES128-SHA", "tlsv12")
    assert record["domain_name"] == (
        "my-network-loadbalancer-c6e77e28c25b2234.elb.us-east-2.amazonaws.com")
    assert (record["alpn_fe_protocol"], record["alpn_be_protocol"]) == ("h2", "h2")
    # OTel splits the quoted preference list at its comma: it reports the list as "h2" and the
    # creation time as ',"http/1.1"'. AWS documents one column holding the whole list, and the
    # creation time as the last column.
    assert record["alpn_client_preference_list"] == '"h2","http/1.1"'
    assert record["tls_connection_creation_time"] == utc(2020, 4, 1, 8, 51, 20)


@pytest.mark.parametrize("name", ["valid_s3_access_log.log", "unknown_request_uri.log"])
def test_otel_s3_access(name: str) -> None:
    record = one(HERE / "otel" / name)
    assert record["bucket"] == "amzn-s3-demo-bucket1"  # aws.s3.bucket
    assert record["bucket_owner"] == (  # aws.s3.owner, and user.id for the requester
        "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be") == record["requester"]
    assert record["time"] == utc(2019, 2, 6, 0, 0, 38)  # timeUnixNano 1549411238000000000
    assert record["remote_ip"] == "192.0.2.3"  # source.address
    assert record["request_id"] == "3E57427F3EXAMPLE"  # aws.request_id
    assert record["operation"] == "REST.GET.VERSIONING"  # rpc.method
    assert (record["http_status"], record["bytes_sent"], record["total_time"]) == (200, 113, 7)
    assert record["user_agent"] == "S3Console/0.4"
    assert record["host_id"] == (  # aws.extended_request_id
        "s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=")
    assert record["signature_version"] == "SigV4"
    assert record["cipher_suite"] == "ECDHE-RSA-AES128-GCM-SHA256"
    assert record["authentication_type"] == "AuthHeader"  # aws.s3.auth_type
    assert record["host_header"] == "amzn-s3-demo-bucket1.s3.us-west-1.amazonaws.com"
    assert record["tls_version"] == "TLSV1.2"  # as AWS's own example writes it
    assert record["access_point_arn"] == ACCESS_POINT
    # OTel: aws.s3.acl_required true; AWS writes "Yes" (or "-"), which the record keeps
    assert record["acl_required"] == "Yes"
    if name == "unknown_request_uri.log":
        # Request-URI written as "-": no request line, so no method, URL or protocol
        assert record["request_uri"] is None and record["request_method"] is None
        assert record["request_url"] is None and record["request_protocol"] is None
    else:
        assert (record["request_method"], record["request_url"], record["request_protocol"]) == (
            "GET", "/amzn-s3-demo-bucket1?versioning", "HTTP/1.1")


def test_otel_elb_test_object_is_an_error() -> None:
    """OTel skips ELB's 'Enable AccessLog for ELB: ...' object silently; here it is one
    LineError (it is not an access log line), so nothing disappears unreported."""
    it = awslogparse.iter_records(HERE / "otel/elb_control.log", "alb", errors="collect")
    assert list(it) == []
    (error,) = it.errors
    assert error.line == 1 and error.raw.startswith("Enable AccessLog for ELB:")
    with pytest.raises(awslogparse.SourceError, match="cannot tell the format"):
        list(awslogparse.iter_records(HERE / "otel/elb_control.log"))


# ---- Vector VRL parse_aws_alb_log cases

def vrl_cases() -> list[Any]:
    lines = (HERE / "vrl/parse_aws_alb_log.cases.jsonl").read_text().splitlines()
    return [pytest.param(json.loads(line), id=f"{n}-{json.loads(line)['name']}")
            for n, line in enumerate(lines)]


def endpoint(record: Record, prefix: str) -> str | None:
    ip, port = record[f"{prefix}_ip"], record[f"{prefix}_port"]
    return None if ip is None else f"{ip}:{port}"


def words(value: str | None) -> list[str]:
    return value.split() if value else []


# VRL's names -> a function of our record giving the value VRL expects
VRL: dict[str, Callable[[Record], Any]] = {
    "timestamp": lambda r: r["time"],
    "client_host": lambda r: endpoint(r, "client"),
    "target_host": lambda r: endpoint(r, "target"),
    "traceability_id": lambda r: r["conn_trace_id"],
    "target_port_list": lambda r: words(r["target_port_list"]),
    "target_status_code_list": lambda r: words(r["target_status_code_list"]),
}
VRL_CONVERT: dict[str, Callable[[Any], Any]] = {
    "timestamp": iso, "request_creation_time": iso,
    "elb_status_code": int, "target_status_code": int, "matched_rule_priority": int,
}


@pytest.mark.parametrize("case", vrl_cases())
def test_vrl_alb_case(case: dict[str, Any]) -> None:
    assert case["expect"] == "ok"
    record = awslogparse.parse_line(case["input"], "alb")
    for key, theirs in case["expected"].items():
        value = VRL_CONVERT[key](theirs) if theirs is not None and key in VRL_CONVERT else theirs
        if key.endswith("_processing_time") and value == -1.0:
            # VRL keeps -1.0; AWS's -1 means the request was not dispatched or got no answer,
            # which reads as null here
            value = None
        ours = VRL[key](record) if key in VRL else record[key]
        assert ours == value, key


# ---- logstash-patterns-core aws_spec.rb (ELB_ACCESS_LOG, S3_ACCESS_LOG, CLOUDFRONT_ACCESS_LOG).
# ---- Its expectations are partial grok captures (legacy names); below in our names, with the
# ---- legacy capture name noted where it differs.


LOGSTASH: dict[str, tuple[dict[str, Any], list[Any]]] = {
    "parsing an access log": ({
        "time": utc(2014, 2, 15, 23, 39, 43, 945958), "elb": "my-test-loadbalancer",
        "client_ip": "192.168.131.39", "client_port": 2817,  # clientip, clientport
        "backend_ip": "10.0.0.1", "backend_port": 80,  # backendip, backendport
        "request_processing_time": 0.000073, "backend_processing_time": 0.001048,
        "response_processing_time": 0.000057,
        "elb_status_code": 200, "backend_status_code": 200,  # response, backend_response
        "received_bytes": 0, "sent_bytes": 29,  # bytes
        "request_method": "GET", "request_url": "http://www.example.com:80/",  # verb, request
        "request_protocol": "HTTP/1.1",  # httpversion 1.1
        "user_agent": None, "ssl_cipher": None, "ssl_protocol": None,
    }, []),
    "parsing a PUT request access log with missing backend info": ({
        "time": utc(2015, 4, 10, 8, 11, 9, 865823), "elb": "us-west-1-production-media",
        "client_ip": "49.150.87.133", "client_port": 55128,
        "backend_ip": None, "backend_port": None, "backend_status_code": None,
        # legacy mode keeps -1.0 (ECS mode drops them); AWS's -1 reads as null
        "request_processing_time": None, "backend_processing_time": None,
        "response_processing_time": None,
        "elb_status_code": 408, "received_bytes": 1294336, "sent_bytes": 0,
        "request_method": "PUT",
        "request_url": "https://media.xxxyyyzzz.com:443/videos/F4_M-T4X0MM6Hvy1PFHesw",
        "request_protocol": "HTTP/1.1",
    }, []),
    "(new) https format": ({
        "user_agent": "curl/7.38.0 (#56-0ef1d4a5)", "ssl_cipher": "DHE-RSA-AES128-SHA",
        "ssl_protocol": "TLSv1.2",
    }, []),
    "with optional fields": ({
        # ECS mode: no tls, no ssl_protocol, no user_agent
        "user_agent": None, "ssl_cipher": None, "ssl_protocol": None,
    }, []),
    "parsing GET.VERSIONING message": ({
        "bucket_owner": "79a5", "bucket": "mybucket",  # owner
        "time": utc(2014, 2, 6, 0, 0, 38), "remote_ip": "192.0.2.3",  # timestamp, clientip
        "requester": "79a5", "request_id": "3E57427F3EXAMPLE", "operation": "REST.GET.VERSIONING",
        # key "-": logstash keeps the dash; AWS's "-" means no key, null here
        "key": None,
        "request_method": "GET", "request_url": "/mybucket?versioning",  # verb, request
        "request_protocol": "HTTP/1.1", "http_status": 200, "bytes_sent": 113,  # response, bytes
        "total_time": 7,  # request_time_ms
        # referrer "\"-\"" and agent "\"S3Console/0.4\"": logstash keeps the quotes, which are
        # the column's quoting, not the value; "-" is no referer
        "referer": None, "user_agent": "S3Console/0.4",
        "error_code": None, "object_size": None, "turn_around_time": None, "version_id": None,
    }, []),
    "parsing a GET.OBJECT message": ({
        "bucket_owner": "79a5", "bucket": "mybucket", "time": utc(2014, 5, 12, 7, 54, 1),
        "remote_ip": "10.0.1.2", "requester": None,  # requester "-"
        "request_id": "7ACC4BE89EXAMPLE", "operation": "REST.GET.OBJECT", "key": "foo/bar.html",
        "request_method": "GET", "request_url": "/foo/bar.html", "request_protocol": "HTTP/1.1",
        "http_status": 304, "object_size": 1718, "total_time": 10, "referer": None,
        "user_agent": "Mozilla/5.0", "error_code": None, "turn_around_time": None,
        "version_id": None, "bytes_sent": None,
    }, []),
    "a long line": ({
        "bucket_owner": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
        "bucket": "awsexamplebucket1", "time": utc(2019, 2, 6, 0, 0, 38),
        "remote_ip": "192.0.2.3", "requester": "arn:aws:iam::123456:user/test@elastic.co",
        "request_id": "A1206F460EXAMPLE", "operation": "REST.GET.BUCKETPOLICY", "key": None,
        "request_method": "GET", "request_url": "/awsexamplebucket1?policy",
        "request_protocol": "HTTP/1.1", "http_status": 404, "error_code": "NoSuchBucketPolicy",
        "bytes_sent": 297, "object_size": None, "total_time": 38, "turn_around_time": 12,
        "request_uri": "GET /awsexamplebucket1?policy HTTP/1.1", "referer": None,
        "user_agent": "AWS-Support-TrustedAdvisor, aws-internal/3 aws-sdk-java/1.11.590 "
                      "Linux/4.9.137-0.1.ac.218.74.329.metal1.x86_64",
        "host_id": "BNaBsXZQQDbssi6xMBdBU2sLt+Yf5kZDmeBUP35sFoKa3sLLeMC78iwEIWxs99CRUrbS4n11234=",
        "signature_version": "SigV2", "cipher_suite": "ECDHE-RSA-AES128-GCM-SHA256",
        "authentication_type": "AuthHeader",
        "host_header": "awsexamplebucket1.s3.us-west-1.amazonaws.com", "tls_version": "TLSV1.1",
    }, []),
    "(top)": ({
        "timestamp": utc(2016, 6, 10, 18, 41, 39), "x_edge_location": "IAD53",
        "sc_bytes": 224281, "c_ip": "192.168.1.1", "cs_method": "GET",  # clientip
        "cs_host": "d27enomp470abc.cloudfront.net", "cs_uri_stem": "/content/sample/thing.pdf",
        "sc_status": 200, "cs_referer": "https://example.com/",  # referrer
        # agent: logstash keeps the logged text; AWS percent-encodes the client's own %-escapes
        # again (%2520), and the record decodes once, giving what the client sent
        "cs_user_agent": "Mozilla/5.0%20(Windows%20NT%206.1;%20WOW64)%20AppleWebKit/537.36%20"
                         "(KHTML,%20like%20Gecko)%20Chrome/51.0.2704.79%20Safari/537.36",
        "cs_uri_query": None, "cs_cookie": None,  # "-" kept by logstash; no value
        "x_edge_result_type": "Miss",
        "x_edge_request_id": "UGskZ6dUKY7b4C6Pt7wAWVsU2KO-vTRe-mR4r9H-WQMjhNvY6w1Xcg==",
        "x_host_header": "host.example.com", "cs_protocol": "https", "cs_bytes": 883,
        "time_taken": 0.036, "x_forwarded_for": None, "ssl_protocol": "TLSv1.2",
        "ssl_cipher": "ECDHE-RSA-AES128-GCM-SHA256", "x_edge_response_result_type": "RefreshHit",
    }, []),
    "version 1.0": ({
        "timestamp": utc(2019, 12, 4, 21, 2, 31), "x_edge_location": "LAX1", "sc_bytes": 392,
        "c_ip": "192.0.2.100", "cs_method": "GET", "cs_host": "d111111abcdef8.cloudfront.net",
        "cs_uri_stem": "/index.html", "sc_status": 200, "cs_referer": None,
        "cs_user_agent": CHROME78, "x_edge_result_type": "Hit",
        "x_edge_request_id": "SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==",
        "cs_protocol": "https", "cs_bytes": 23, "time_taken": 0.001,
        "ssl_protocol": "TLSv1.2", "x_edge_response_result_type": "Hit",
        "cs_protocol_version": "HTTP/2.0", "c_port": 11040, "time_to_first_byte": 0.001,
        "x_edge_detailed_result_type": "Hit", "sc_content_type": "text/html",
        "sc_content_len": 78, "sc_range_start": None, "sc_range_end": None,
    }, []),
}


def logstash_cases() -> list[Any]:
    out = []
    for raw in (HERE / "logstash/aws_spec.cases.jsonl").read_text().splitlines():
        case = json.loads(raw)
        expected, marks = LOGSTASH[case["context"]]
        out.append(pytest.param(case, expected, marks=marks, id=case["context"]))
    return out


def test_every_logstash_case_is_covered() -> None:
    contexts = [json.loads(raw)["context"]
                for raw in (HERE / "logstash/aws_spec.cases.jsonl").read_text().splitlines()]
    assert sorted(contexts) == sorted(LOGSTASH)


@pytest.mark.parametrize(("case", "expected"), logstash_cases())
def test_logstash_case(case: dict[str, Any], expected: dict[str, Any]) -> None:
    record = awslogparse.parse_line(case["input"], case["service"])
    check(record, expected, {})
