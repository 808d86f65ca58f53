"""Conformance: AWS WAF, Route 53 Resolver and Network Firewall logs (JSON, one object a record).

Three sources of truth, checked in turn:

- AWS's documented example records, stored as ``[[examples]]`` in ``formats/<name>.toml``: each
  must parse to the values listed with it (a nested-subset compare: only the keys listed count).
- Other projects' fixtures in tests/conformance/ (sources in tests/conformance/SOURCES_security.md):
  elastic/integrations, dpetzold/aws-log-parser, the OpenTelemetry collector's awslogs encoding
  extension and the OCSF mapping examples. Values are compared, not key names; where a fixture
  disagrees with AWS documentation, AWS wins and a comment says so.
- The sample files of ``samples/make_security_samples.py``, read back through their S3 keys.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import sys
import tomllib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import awslogparse

HERE = Path(__file__).parent
CONF = HERE / "conformance"
ROOT = HERE.parent
FORMATS = ("waf", "route53_resolver", "network_firewall")
Record = dict[str, Any]


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
        microsecond: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=UTC)


def epoch_ms(value: datetime) -> int:
    """Milliseconds since the epoch, for OCSF's ``time``."""
    return (value - utc(1970, 1, 1)) // timedelta(milliseconds=1)


def spec(fmt: str) -> dict[str, Any]:
    with (ROOT / "formats" / f"{fmt}.toml").open("rb") as fh:
        return tomllib.load(fh)


def subset(actual: Any, expected: Any, where: str = "record") -> None:
    """``actual`` holds everything ``expected`` lists: dicts compare only the keys listed,
    lists element by element (same length), scalars by value and kind (an int is not a bool,
    a datetime must be UTC)."""
    if isinstance(expected, Mapping):
        assert isinstance(actual, Mapping), (where, actual)
        for key, value in expected.items():
            assert key in actual, f"{where}: no key {key!r} in {sorted(actual)}"
            subset(actual[key], value, f"{where}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), (where, actual)
        assert len(actual) == len(expected), (where, actual, expected)
        for n, (got, want) in enumerate(zip(actual, expected, strict=True)):
            subset(got, want, f"{where}[{n}]")
    elif isinstance(expected, datetime):
        assert isinstance(actual, datetime), (where, actual)
        assert actual.utcoffset() is not None and not actual.utcoffset(), (where, actual)
        assert actual == expected, (where, actual, expected)
    else:
        if isinstance(expected, bool) or isinstance(actual, bool):
            assert type(actual) is type(expected), (where, actual, expected)
        elif isinstance(expected, int):
            assert isinstance(actual, int), (where, actual, expected)
        assert actual == expected, (where, actual, expected)


def read(path: Path, fmt: str) -> tuple[list[Record], Any]:
    """Every record of a file, errors collected; no unit may go missing."""
    it = awslogparse.iter_records(path, fmt, errors="collect")
    records = list(it)
    stats = it.stats
    assert stats.records == len(records)
    assert stats.errors == len(it.errors)
    assert stats.records + stats.errors == stats.units, (stats.records, stats.errors, stats.units)
    return records, it


def only(path: Path, fmt: str) -> Record:
    records, it = read(path, fmt)
    assert not it.errors, it.errors
    assert len(records) == 1, records
    return records[0]


# ---- (a) AWS's documented examples ----------------------------------------------------------

EXAMPLES = [(fmt, n, ex) for fmt in FORMATS for n, ex in enumerate(spec(fmt)["examples"])]


@pytest.mark.parametrize(("fmt", "n", "example"), EXAMPLES,
                         ids=[f"{fmt}-{n}" for fmt, n, _ in EXAMPLES])
def test_documented_example(fmt: str, n: int, example: dict[str, Any]) -> None:
    record = awslogparse.parse_line(example["json"], fmt)
    subset(record, example["expected"])
    for key in example.get("expected_null", []):
        assert key in record and record[key] is None, key


def test_every_spec_has_documented_examples() -> None:
    counts = {fmt: len(spec(fmt)["examples"]) for fmt in FORMATS}
    assert all(1 <= c <= 3 for c in counts.values()), counts


def test_examples_are_aws_json_as_published() -> None:
    """Examples are AWS's text: one JSON object each, in AWS's own key order and spacing (the
    Resolver example lists its keys out of documentation order, as AWS does)."""
    for fmt in FORMATS:
        for ex in spec(fmt)["examples"]:
            assert isinstance(json.loads(ex["json"]), dict)
    resolver = json.loads(spec("route53_resolver")["examples"][0]["json"])
    assert list(resolver)[:3] == ["srcaddr", "vpc_id", "answers"]
    assert resolver["srcport"] == "56067"  # a string on the wire, an int in the record


# ---- key patterns against AWS's own key layouts ----------------------------------------------

# AWS's example keys (WAF logging-s3, Network Firewall logging-s3) show the account as
# 11111111111, eleven digits; account ids have twelve, and the patterns ask for twelve, so the
# examples are checked with a twelfth digit added.
DOC_KEYS = {
    "waf": "DOC-EXAMPLE-BUCKET/AWSLogs/111111111111/WAFLogs/us-east-1/TEST-WEBACL/2021/10/28/"
           "19/50/111111111111_waflogs_us-east-1_TEST-WEBACL_20211028T1950Z_e0ca43b5.log.gz",
    "network_firewall": "amzn-s3-demo-bucket/flow-logs/AWSLogs/111111111111/network-firewall/"
                        "flow/us-east-1/test-firewall/2020/10/01/19/111111111111_network-firewall"
                        "_flow_us-east-1_test-firewall_202010011920_44442222.log.gz",
    "route53_resolver": "my-bucket/AWSLogs/123456779121/vpcdnsquerylogs/vpc-0abc1234/2021/05/11/"
                        "vpc-0abc1234_vpcdnsquerylogs_123456779121_20210511T0910Z_71584702.log.gz",
}


def matching_formats(key: str) -> set[str]:
    return {fmt for fmt in FORMATS
            if any(re.search(p, key) for p in spec(fmt)["format"]["key_patterns"])}


@pytest.mark.parametrize("fmt", FORMATS)
def test_key_patterns_match_aws_layout(fmt: str) -> None:
    assert matching_formats(DOC_KEYS[fmt]) == {fmt}


def test_key_patterns_accept_cloudfront_scope_and_firehose_waf_keys() -> None:
    cf = ("AWSLogs/123456789012/WAFLogs/cloudfront/my-cf-acl/2026/11/21/00/10/"
          "123456789012_waflogs_cloudfront_my-cf-acl_20261121T0010Z_5e6f7a8b.log.gz")
    firehose = "2026/11/21/00/aws-waf-logs-prod-1-2026-11-21-00-15-32-0a1b2c3d-4e5f-6a7b"
    assert matching_formats(cf) == {"waf"}
    assert matching_formats(firehose) == {"waf"}
    assert matching_formats("AWSLogs/123456789012/vpcflowlogs/us-east-1/2026/11/21/x.log.gz") \
        == set()


# ---- (b) other projects' fixtures: WAF --------------------------------------------------------

CORPUS = [
    ("elastic/waf-test-waf.log", "waf", 4),
    ("aws-log-parser/waf_log.json", "waf", 1),
    ("otel/waf-valid_log.json", "waf", 1),
    ("ocsf/waf-v1.5.0-waf.raw", "waf", 1),
    ("ocsf/waf-v1.1.0-waf.raw", "waf", 1),
    ("elastic/route53_resolver-test-route53.EXCERPT.log", "route53_resolver", 6),
    ("ocsf/route53_resolver-v1.5.0-route53.raw", "route53_resolver", 1),
    ("elastic/network_firewall-test-firewall.log", "network_firewall", 3),
    ("otel/network_firewall-tls_with_revocation_log.json", "network_firewall", 1),
]


@pytest.mark.parametrize(("name", "fmt", "units"), CORPUS, ids=[c[0] for c in CORPUS])
def test_corpus_file_is_recognised_by_content(name: str, fmt: str, units: int) -> None:
    """No S3 key to go by: the keys every record of the format carries must be enough."""
    it = awslogparse.iter_records(CONF / name, errors="collect")
    records = list(it)
    assert it.stats.format == fmt
    assert it.stats.detected_by.startswith("content"), it.stats.detected_by
    assert it.stats.units == units == len(records) + len(it.errors)


def test_elastic_waf() -> None:
    records, it = read(CONF / "elastic" / "waf-test-waf.log", "waf")
    assert not it.errors and len(records) == 4
    first, counted, grouped, json_body = records
    assert first["timestamp"] == utc(2019, 12, 13, 23, 40, 12, 771000)
    assert (first["action"], first["terminatingRuleId"]) == ("BLOCK", "STMTest_SQLi_XSS")
    assert first["terminatingRuleMatchDetails"][0]["matchedData"] == ["10", "AND", "1"]
    request = first["httpRequest"]
    assert (request["clientIp"], request["country"]) == ("89.160.20.156", "AU")
    assert request["headers"][3] == {"name": "x-stm-test", "value": "10 AND 1=1"}
    assert [h["name"] for h in request["headers"]] == ["Host", "User-Agent", "Accept",
                                                      "x-stm-test"]
    # `-` is what AWS's examples show for these two; not documented as "no value", so kept.
    assert (first["httpSourceName"], first["httpSourceId"]) == ("-", "-")
    assert first["labels"] == [{"name": "value"}]

    assert counted["action"] == "ALLOW" and counted["terminatingRuleId"] == "Default_Action"
    rule = counted["nonTerminatingMatchingRules"][0]
    assert (rule["ruleId"], rule["action"], rule["overriddenAction"]) == ("TestRule", "COUNT", None)
    assert rule["ruleMatchDetails"][0]["matchedData"] == ["10", "and", "1"]

    assert grouped["terminatingRuleType"] == "GROUP"
    group = grouped["ruleGroupList"][0]
    assert group["terminatingRule"] == {"ruleId": "RuleA-XSS", "action": "BLOCK",
                                        "overriddenAction": None, "ruleMatchDetails": None}
    assert group["nonTerminatingMatchingRules"][0]["ruleId"] == "RuleB-SQLi"
    assert group["excludedRules"] is None
    assert grouped["httpRequest"]["headers"][3]["value"] == "<frameset onload=alert(1)>"

    # AWS's JSON-body example: empty headers and URI, location UNKNOWN, requestId the TEXT "null".
    assert json_body["httpRequest"]["headers"] == [] and json_body["httpRequest"]["uri"] == ""
    assert json_body["httpRequest"]["requestId"] == "null"
    assert json_body["terminatingRuleMatchDetails"][0]["location"] == "UNKNOWN"
    assert json_body["requestHeadersInserted"] is None and json_body["responseCodeSent"] is None
    assert json_body["httpSourceName"] == "ALB"


def test_aws_log_parser_waf_multiline_object() -> None:
    """One object pretty-printed over 68 lines (tabs, a blank first line): one record."""
    record = only(CONF / "aws-log-parser" / "waf_log.json", "waf")
    assert record["timestamp"] == utc(2018, 8, 8, 0, 44, 30, 589000)
    assert record["webaclId"] == "385cb038-3a6f-4f2f-ac64-09ab912af590"  # pre-ARN records
    assert (record["action"], record["terminatingRuleId"]) == ("ALLOW", "Default_Action")
    assert (record["httpSourceName"], record["httpSourceId"]) == ("CF", "i-123")
    group = record["ruleGroupList"][0]
    assert group["terminatingRule"] is None
    assert group["nonTerminatingMatchingRules"][0]["ruleId"] == \
        "4659b169-2083-4a91-bbd4-08851a9aaf74"
    # excludedRules is kept as JSON, as written.
    assert group["excludedRules"] == [{"exclusionType": "EXCLUDED_AS_COUNT",
                                       "ruleId": "5432a230-0113-5b83-bbb2-89375c5bfa98"}]
    assert [r["maxRateAllowed"] for r in record["rateBasedRuleList"]] == [100, 100]
    assert record["rateBasedRuleList"][1]["rateBasedRuleId"] == \
        "462b169-2083-4a93-bbd4-08851a9aaf30"
    request = record["httpRequest"]
    assert (request["clientIp"], request["country"]) == ("192.10.23.23", "US")
    assert request["headers"][1] == {"name": "User-Agent", "value": "curl/7.51.2"}
    assert (request["uri"], request["args"]) == ("REDACTED", "usernam=abc")
    # Keys this 2018 record predates are null, not missing.
    assert record["terminatingRuleMatchDetails"] is None and record["labels"] is None
    assert request["fragment"] is None


def test_otel_waf_cloudfront_record() -> None:
    record = only(CONF / "otel" / "waf-valid_log.json", "waf")
    assert record["timestamp"] == utc(2025, 5, 25, 21, 31, 58, 574000)
    assert (record["action"], record["terminatingRuleId"]) == ("ALLOW", "Default_Action")
    assert (record["httpSourceName"], record["httpSourceId"]) == ("CF", "E3DTJP8YLL6OBQ")
    rate = record["rateBasedRuleList"][0]
    assert (rate["rateBasedRuleName"], rate["limitKey"], rate["limitValue"]) == \
        ("rule-1", "IP", "178.84.204.171")
    assert (rate["maxRateAllowed"], rate["evaluationWindowSec"]) == (10000, 300)
    request = record["httpRequest"]
    assert (request["clientIp"], request["country"]) == ("178.84.204.171", "NL")
    assert len(request["headers"]) == 13
    assert request["headers"][0] == {"name": "host", "value": "dsx1234tsajqz63.cloudfront.net"}
    assert (request["httpVersion"], request["fragment"], request["scheme"], request["host"]) == \
        ("HTTP/2.0", "", "https", "dsx88tsajqz63.cloudfront.net")
    assert [label["name"] for label in record["labels"]] == [
        "awswaf:clientip:geo:country:NL", "awswaf:clientip:geo:region:NL-NH"]
    assert record["ja3Fingerprint"] == "6f7889b9fb1a62a9577e685c1fcfa919"
    assert record["ja4Fingerprint"] == "t13d1717h2_5b57614c22b0_3cbfd9057e0d"


def test_ocsf_waf_values_agree() -> None:
    """OCSF's mapping of the same record, compared by value (its names are its own; its reading
    of ``action: ALLOW`` as Denied/Blocked is the mapping's, not AWS's, and is not compared)."""
    record = only(CONF / "ocsf" / "waf-v1.5.0-waf.raw", "waf")
    ocsf = json.loads((CONF / "ocsf" / "waf-v1.5.0-waf.ocsf").read_text())
    request = record["httpRequest"]
    assert epoch_ms(record["timestamp"]) == ocsf["time"]
    assert request["httpMethod"] == ocsf["http_request"]["http_method"]
    assert request["requestId"] == ocsf["http_request"]["uid"]
    assert request["uri"] == ocsf["http_request"]["url"]["path"]
    assert request["httpVersion"] == ocsf["http_request"]["version"]
    assert request["headers"] == ocsf["http_request"]["http_headers"]
    assert request["clientIp"] == ocsf["src_endpoint"]["ip"]
    assert request["country"] == ocsf["src_endpoint"]["location"]["country"]
    assert record["httpSourceId"] == ocsf["src_endpoint"]["uid"]
    assert record["webaclId"] == ocsf["metadata"]["product"]["feature"]["uid"]
    assert record["ja4Fingerprint"] == ocsf["ja4_fingerprint_list"][0]["value"]
    assert record["ja3Fingerprint"] == ocsf["tls"]["ja3_hash"]["value"]
    match = record["terminatingRuleMatchDetails"][0]
    assert match["sensitivityLevel"] == ocsf["firewall_rule"]["sensitivity"]
    assert match["matchedData"] == ocsf["firewall_rule"]["match_details"]
    rate = record["rateBasedRuleList"][0]
    assert rate["maxRateAllowed"] == ocsf["firewall_rule"]["rate_limit"]
    # Written as the string "120"; an integer here (OCSF keeps the text in `unmapped`).
    window = ocsf["unmapped"]["rateBasedRuleList[].evaluationWindowSec"]
    assert window == "120" and rate["evaluationWindowSec"] == 120
    assert rate["customValues"] == [{"key": "HEADER", "name": "dogname", "value": "ella"}]
    assert record["captchaResponse"] == {"responseCode": 405, "solveTimestamp": 0,
                                         "failureReason": "TOKEN_MISSING"}
    assert [g["ruleGroupId"] for g in record["ruleGroupList"]] == \
        ocsf["unmapped"]["ruleGroupList[].ruleGroupId"].split(",")
    assert all(g["customerConfig"] is None for g in record["ruleGroupList"])
    assert (request["fragment"], request["scheme"], request["host"]) == (
        ocsf["unmapped"]["httpRequest.fragment"], ocsf["unmapped"]["httpRequest.scheme"],
        ocsf["unmapped"]["httpRequest.host"])


def test_ocsf_waf_v110_raw() -> None:
    """Tab-indented, with AWS's CAPTCHA example values and a custom-key rate rule."""
    record = only(CONF / "ocsf" / "waf-v1.1.0-waf.raw", "waf")
    assert record["timestamp"] == utc(2021, 9, 23, 18, 6, 56, 512000)
    assert (record["action"], record["terminatingRuleId"]) == ("BLOCK", "captcha-rule")
    assert record["responseCodeSent"] == 405
    assert record["captchaResponse"]["failureReason"] == "TOKEN_MISSING"
    assert record["httpRequest"]["headers"][4]["value"] == \
        '"Chromium";v="94", "Google Chrome";v="94", ";Not A Brand";v="99"'
    assert record["rateBasedRuleList"][0]["limitKey"] == "CUSTOMKEYS"


# ---- (b) other projects' fixtures: Route 53 Resolver ------------------------------------------


def test_elastic_route53_resolver() -> None:
    records, it = read(CONF / "elastic" / "route53_resolver-test-route53.EXCERPT.log",
                       "route53_resolver")
    assert not it.errors and len(records) == 6
    nx, ptr, chain, cname, blocked, ip6 = records
    assert nx["rcode"] == "NXDOMAIN" and nx["answers"] == []
    assert nx["query_name"] == "does-not-exist.abc.com."
    assert nx["query_timestamp"] == utc(2021, 12, 11, 22, 46, 23)
    assert nx["srcport"] == 48701  # written "48701"
    assert nx["srcaddr"] == "172.31.86.159" and nx["transport"] == "UDP"
    # An empty srcids object is a struct whose members are all null.
    assert nx["srcids"] == {"instance": None, "resolver_endpoint": None,
                            "resolver_network_interface": None}
    assert nx["firewall_rule_action"] is None
    assert ptr["answers"][0]["Rdata"] == "ip-172-31-86-159.ec2.internal."
    assert ptr["answers"][0]["Type"] == "PTR"
    assert [a["Type"] for a in chain["answers"]] == ["CNAME", "AAAA"]
    assert chain["answers"][1]["Rdata"] == "2a02:cf40:add:4002:91f2:a9b2:e09a:6fc6"
    assert cname["srcids"]["instance"] == "i-079c44232510ca8ff"
    assert cname["answers"][0] == {"Rdata": "test.example.com.", "Type": "CNAME", "Class": "IN"}
    # AWS's DNS Firewall example, keys out of order.
    assert (blocked["firewall_rule_action"], blocked["firewall_rule_group_id"],
            blocked["firewall_domain_list_id"]) == (
        "BLOCK", "rslvr-frg-01234567890abcdef", "rslvr-fdl-01234567890abcdef")
    assert blocked["account_id"] == "111122223333" and blocked["srcport"] == 56067
    assert blocked["query_timestamp"] == utc(2021, 2, 4, 17, 51, 55)
    assert ip6["query_name"].endswith(".ip6.arpa")  # no trailing dot on this one, as written
    assert {r["version"] for r in records} == {"1.100000"}


def test_ocsf_route53_values_agree() -> None:
    record = only(CONF / "ocsf" / "route53_resolver-v1.5.0-route53.raw", "route53_resolver")
    ocsf = json.loads((CONF / "ocsf" / "route53_resolver-v1.5.0-route53.ocsf").read_text())
    assert epoch_ms(record["query_timestamp"]) == ocsf["time"]
    assert record["srcport"] == ocsf["src_endpoint"]["port"] == 15083
    assert record["srcaddr"] == ocsf["src_endpoint"]["ip"]
    assert record["vpc_id"] == ocsf["src_endpoint"]["vpc_uid"]
    assert record["account_id"] == ocsf["cloud"]["account"]["uid"]
    assert record["region"] == ocsf["cloud"]["region"]
    assert record["version"] == ocsf["metadata"]["product"]["version"]
    assert record["transport"] == ocsf["connection_info"]["protocol_name"]
    assert (record["query_name"], record["query_type"], record["query_class"]) == (
        ocsf["query"]["hostname"], ocsf["query"]["type"], ocsf["query"]["class"])
    assert [(a["Rdata"], a["Type"], a["Class"]) for a in record["answers"]] == [
        (a["rdata"], a["type"], a["class"]) for a in ocsf["answers"]]
    assert record["srcids"]["resolver_endpoint"] == ocsf["dst_endpoint"]["instance_uid"]
    assert record["srcids"]["resolver_network_interface"] == \
        ocsf["dst_endpoint"]["interface_uid"]
    assert record["srcids"]["instance"] is None
    assert record["firewall_rule_group_id"] == ocsf["firewall_rule"]["uid"]
    assert record["firewall_domain_list_id"] == ocsf["unmapped"]["firewall_domain_list_id"]
    assert record["firewall_rule_action"] == "ALERT"  # OCSF: disposition "Alert"


# ---- (b) other projects' fixtures: Network Firewall --------------------------------------------


def test_elastic_network_firewall() -> None:
    records, it = read(CONF / "elastic" / "network_firewall-test-firewall.log",
                       "network_firewall")
    assert not it.errors and len(records) == 3
    http_alert, netflow, tls_alert = records

    assert http_alert["event_timestamp"] == utc(2021, 11, 8, 14, 22, 12)  # "1636381332"
    event = http_alert["event"]
    assert event["timestamp"] == utc(2021, 11, 8, 14, 22, 12, 637611)  # "+0000" offset
    assert (event["event_type"], event["flow_id"]) == ("alert", 706471429191862)
    assert (event["src_ip"], event["src_port"], event["dest_ip"], event["dest_port"]) == (
        "81.2.69.143", 51254, "216.160.83.57", 80)
    assert event["alert"]["signature_id"] == 1000003
    assert (event["alert"]["action"], event["alert"]["severity"]) == ("blocked", 3)
    assert event["alert"]["signature"] == "Deny all other TCP traffic"
    assert event["alert"]["metadata"] is None and event["tls_inspected"] is None
    assert event["http"]["hostname"] == "216.160.83.57"  # kept as JSON
    assert event["app_proto"] == "http"

    flow = netflow["event"]
    assert flow["event_type"] == "netflow" and flow["alert"] is None
    assert flow["netflow"] == {"pkts": 1, "bytes": 40,
                               "start": utc(2021, 11, 8, 18, 18, 11, 990632),
                               "end": utc(2021, 11, 8, 18, 18, 11, 990632),
                               "age": 0, "min_ttl": 221, "max_ttl": 221}
    assert flow["tcp"] == {"tcp_flags": "02", "syn": True}
    assert netflow["event_timestamp"] == utc(2021, 11, 8, 18, 20, 43)

    # This line repeats "subject" and "issuerdn" inside event.tls. Python's json module (like
    # every mainstream decoder) keeps the LAST value of a repeated key; here both copies are the
    # same text, so the record holds that text once.
    tls = tls_alert["event"]["tls"]
    assert tls["subject"] == "CN=sqs.eu-central-1.amazonaws.com"
    assert tls["issuerdn"] == "C=US, O=Amazon, OU=Server CA 1B, CN=Amazon"
    assert tls["sni"] == "sqs.eu-central-1.amazonaws.com" and tls["version"] == "TLS 1.2"
    assert tls["notbefore"] == utc(2022, 11, 3)  # no zone written: UTC
    assert tls["notafter"] == utc(2023, 10, 16, 23, 59, 59)
    assert tls["ja3"] == {} and tls["ja3s"] == {}
    assert tls_alert["firewall_name"] == "outbound"
    assert tls_alert["event_timestamp"] == utc(2023, 1, 20, 14, 35, 18)
    assert tls_alert["event"]["alert"]["signature_id"] == 4
    assert tls_alert["event"]["alert"]["signature"] == "aws:alert_established action"
    assert tls_alert["event"]["timestamp"] == utc(2023, 1, 20, 14, 35, 18, 307095)
    assert tls_alert["event"]["dest_port"] == 443


def test_otel_network_firewall_tls_revocation() -> None:
    """The OTel fixture writes ``event_timestamp`` as ISO text; AWS documents epoch seconds (its
    own TLS example writes 1708361189), so the record is an error. With the time written the
    way AWS writes it, the rest of the record reads as expected."""
    path = CONF / "otel" / "network_firewall-tls_with_revocation_log.json"
    records, it = read(path, "network_firewall")
    assert records == [] and len(it.errors) == 1
    assert "event_timestamp" in f"{it.errors[0].reason} {it.errors[0].pointer}"

    wire = json.loads(path.read_text())
    assert wire["event_timestamp"] == "2025-10-20T10:30:45.123Z"
    wire["event_timestamp"] = "1760956245"  # the same second, as AWS writes it
    record = awslogparse.parse_line(json.dumps(wire), "network_firewall")
    assert record["event_timestamp"] == utc(2025, 10, 20, 10, 30, 45)
    event = record["event"]
    assert (event["event_type"], event["flow_id"], event["sni"]) == ("tls", 1234567892,
                                                                     "example.com")
    assert (event["src_ip"], event["src_port"], event["dest_port"]) == ("192.168.1.100", 54323,
                                                                       443)
    assert event["revocation_check"] == {"leaf_cert_fpr": "1234567890EXAMPLE0987654321",
                                         "action": "DROP", "status": "REVOKED"}
    assert event["tls_error"] == {"error_message": "Certificate verification failed"}
    assert event["tls"]["subject"] == "CN=example.com"
    assert event["tls"]["session_resumed"] is True
    assert event["tls"]["issuer"] == "CN=Let's Encrypt Authority X3,O=Let's Encrypt,C=US"
    assert event["timestamp"] is None  # not in this record


# ---- (c) the sample files, read back through their S3 keys -----------------------------------


def load_samples() -> ModuleType:
    """``samples/make_security_samples.py``, loaded by path without writing bytecode."""
    name = "make_security_samples"
    path = ROOT / "samples" / f"{name}.py"
    loaded = sys.modules.get(name)
    if loaded is not None and getattr(loaded, "__file__", None) == str(path):
        return loaded
    module_spec = importlib.util.spec_from_file_location(name, path)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = module
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        module_spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


SAMPLES = load_samples().build()


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_sample_reads_back(sample: Any, tmp_path: Path) -> None:
    path = tmp_path / sample.key
    path.parent.mkdir(parents=True)
    path.write_bytes(gzip.compress(sample.data(), mtime=0))
    it = awslogparse.iter_records(path, errors="collect", with_source=True)
    got = []
    for record in it:
        record.pop("_source")
        got.append((record.pop("_line"), record))
    assert got == sample.records
    assert [(e.line, e.raw) for e in it.errors] == [(n, raw) for n, _, raw in sample.errors]
    for error, (_, reason, _) in zip(it.errors, sample.errors, strict=True):
        assert reason in f"{error.reason} {error.pointer}", (error.reason, reason)
    assert it.stats.detected_by.startswith(sample.evidence), it.stats.detected_by
    assert it.stats.units == len(sample.lines)


def test_samples_cover_what_they_promise() -> None:
    by_format: dict[str, list[Record]] = {}
    for s in SAMPLES:
        by_format.setdefault(s.format, []).extend(r for _, r in s.records)
    waf = by_format["waf"]
    assert {r["action"] for r in waf} == {"ALLOW", "BLOCK", "CAPTCHA", "CHALLENGE"}
    assert {r["terminatingRuleType"] for r in waf} == {"REGULAR", "RATE_BASED",
                                                       "MANAGED_RULE_GROUP"}
    assert {r["httpSourceName"] for r in waf} == {"ALB", "APIGW", "CF"}
    assert any(r["httpRequest"]["country"] is None for r in waf)  # written "-"
    assert any(":" in r["httpRequest"]["clientIp"] for r in waf)
    assert any(r["oversizeFields"] for r in waf) and any(r["requestHeadersInserted"] for r in waf)
    assert any(r["cfDistributionTenantId"] for r in waf)
    resolver = by_format["route53_resolver"]
    assert {r["rcode"] for r in resolver} >= {"NOERROR", "NXDOMAIN", "SERVFAIL"}
    assert {r["firewall_rule_action"] for r in resolver} == {None, "ALERT", "BLOCK"}
    assert {r["transport"] for r in resolver} == {"UDP", "TCP"}
    assert any(r["srcids"]["resolver_network_interface"] for r in resolver)
    nfw = by_format["network_firewall"]
    assert {r["event"]["event_type"] for r in nfw} == {"alert", "netflow", None}  # TLS: none
    assert any(r["event"]["tls_error"] for r in nfw)
    assert any(r["event"]["revocation_check"] for r in nfw)
    assert any(r["event"]["tls_inspected"] for r in nfw) and any(r["aws_category"] for r in nfw)
    assert any(r["event"]["src_port"] is None for r in nfw)  # ICMP
    assert sum(len(s.errors) for s in SAMPLES) == len(SAMPLES)
