"""The values awslogparse.testing generates are values AWS writes, independently of the parser:
a field whose name says what it holds (a port, an HTTP status code, an IP TTL, an account id, a
region, CloudTrail's eventVersion, WAF's formatVersion) holds it in the range AWS documents. A
strategy that writes a port of -1179719 or an account id of ``9hj`` as a "valid" record makes a
user's own checks fail on input AWS never writes, and never shows what AWS does write.

The formats come from the registry (a format no family here draws fails); the fields checked are
those the format's spec declares (open JSON values, whose keys are arbitrary, are not)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from budget import shared_by
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

import awslogparse
from awslogparse import registry
from awslogparse.model import Field, FieldType, Record
from awslogparse.parsers.flowlog import FAMILY
from awslogparse.specs import FormatSpec, load_spec
from awslogparse.testing import (
    ENVELOPE,
    GATEWAY_ACCESS,
    GATEWAY_EXECUTION,
    access_files,
    cloudwatch_payloads,
    delimited_files,
    delimited_formats,
    delimited_json_files,
    delimited_lines,
    delimited_output_formats,
    delimited_parquet_files,
    delimited_records,
    execution_files,
    export_files,
    export_formats,
    flowlog_files,
    flowlog_parquet_files,
    flowlog_parquet_formats,
    json_files,
    json_formats,
    service_files,
    service_formats,
)

FORMATS = awslogparse.formats()
per_format = shared_by(FORMATS, 3, deadline=None)
"""Examples per format: the profile's budget shared across the formats."""


def _spec(fmt: str) -> FormatSpec:
    return load_spec(registry.get(fmt).spec_name)


def records_of(fmt: str) -> st.SearchStrategy[Sequence[Record]]:
    """The records a file of ``fmt`` drawn by its family's strategy must read as."""
    if fmt in FAMILY:
        return flowlog_files(fmt, max_records=4).map(lambda f: f.records)
    if fmt in delimited_formats():
        return delimited_files(fmt, max_lines=4).map(lambda f: f.records)
    if fmt in json_formats():
        return json_files(fmt, max_records=3).map(lambda f: f.records)
    if fmt in flowlog_parquet_formats():
        return flowlog_parquet_files(fmt, max_records=4).map(lambda f: f.records)
    if fmt in delimited_output_formats():
        if _spec(fmt).framing == "parquet":
            return delimited_parquet_files(fmt, max_lines=4).map(lambda f: f.records)
        return delimited_json_files(fmt, max_lines=4).map(lambda f: f.records)
    if fmt in export_formats():
        return export_files(fmt, max_lines=4).map(lambda f: f.records)
    if fmt == ENVELOPE:
        return cloudwatch_payloads(max_envelopes=2).map(lambda p: p.records)
    if fmt == GATEWAY_EXECUTION:
        return execution_files(max_lines=4).map(lambda f: f.records)
    if fmt == GATEWAY_ACCESS:
        return access_files(max_lines=4).map(lambda f: f.records)
    if fmt in service_formats():
        return service_files(fmt, max_lines=4).map(lambda f: f.records)
    pytest.fail(f"no family strategy draws {fmt!r}")


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower().replace("-", "_")


def _fields_of(record: Record, fmt: str) -> tuple[Field, ...]:
    spec = _spec(record.get("_format") or fmt)
    return (_spec(spec.base) if spec.base else spec).schema.fields


def _values(record: Record, fields: Sequence[Field]) -> Iterator[tuple[str, Any]]:
    """(snake_case name, value) of every non-null value of a declared field, nested included."""
    for f in fields:
        value = record.get(f.name)
        if value is None or f.type is FieldType.JSON:
            continue
        if f.type is FieldType.STRUCT and isinstance(value, dict):
            yield from _values(value, f.children)
        elif f.type is FieldType.LIST and f.children and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    yield from _values(item, f.children)
        else:
            yield _snake(f.name), value


_ACCOUNT = re.compile(r"\d{12}")
_REGION = re.compile(r"[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d")


def _matches(pattern: str) -> Callable[[Any], bool]:
    compiled = re.compile(pattern)
    return lambda v: isinstance(v, str) and compiled.fullmatch(v) is not None


_HEX = "[0-9a-f]"
_UUID = f"{_HEX}{{8}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{4}}-{_HEX}{{12}}"
_LB_NAME = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?"
_ARN = r"arn:aws(?:-cn|-us-gov)?:[a-z0-9-]+:[a-z0-9-]*:(?:\d{12})?:\S+"
_LABEL = "[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?"
_DNS = rf"(?:(?:{_LABEL}|\*)\.)*{_LABEL}"
_TRACE = f"Root=1-{_HEX}{{8}}-{_HEX}{{24}}"
_BY_FORMAT: dict[tuple[str, str], tuple[str, Callable[[Any], bool]]] = {
    ("alb", "elb"): ("app/<name>/<id>", _matches(f"app/{_LB_NAME}/{_HEX}{{16}}")),
    ("alb_connection", "elb"): ("app/<name>/<id>", _matches(f"app/{_LB_NAME}/{_HEX}{{16}}")),
    ("nlb", "elb"): ("net/<name>/<id>", _matches(f"net/{_LB_NAME}/{_HEX}{{16}}")),
    ("clb", "elb"): ("a load balancer name", _matches(_LB_NAME)),
    ("nlb", "version"): ("NLB's log version 2.0", lambda v: v == "2.0"),
    ("route53_resolver", "version"): ("major.minor", _matches(r"\d+\.\d+")),
    ("route53_resolver", "query_name"): ("a DNS name with its trailing dot",
                                         _matches(f"(?:{_DNS})?\\.")),
    ("route53_public", "query_name"): ("a DNS name", _matches(_DNS)),
    ("network_firewall", "event_type"): ("alert, netflow or tls",
                                         lambda v: v in ("alert", "netflow", "tls")),
    ("network_firewall", "proto"): ("an IP protocol as Suricata names it",
                                    _matches(r"[A-Z][A-Za-z0-9-]*|\d{1,3}")),
    ("waf", "http_method"): ("an HTTP method", _matches("[A-Z]+")),
    ("waf", "country"): ("an ISO 3166 alpha-2 code", _matches("[A-Z]{2}")),
}
"""Fields whose shape AWS documents for one format (the same name means another thing, or
nothing documented, elsewhere)."""


def _rule(name: str, fmt: str = "") -> tuple[str, Callable[[Any], bool]] | None:
    """What AWS documents a field of this name to hold, and a check of a value."""
    if (fmt, name) in _BY_FORMAT:
        return _BY_FORMAT[fmt, name]
    if name == "trace_id" and fmt == "alb":
        return "an X-Amzn-Trace-Id with its Root", lambda v: isinstance(v, str) and re.search(
            f"(?:^|;){_TRACE}(?:;|$)", v) is not None
    if name == "arn" or name.endswith("_arn"):
        return "an ARN", lambda v: v == "session-reused" or _matches(_ARN)(v)
    if name == "event_source" and fmt == "cloudtrail":
        return "<service>.amazonaws.com", _matches(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.amazonaws\.com")
    if name == "event_id" and fmt == "cloudtrail":
        return "a UUID", _matches(_UUID)
    if name in ("port", "srcport", "dstport") or name.endswith("_port"):
        return "a port, 0-65535", lambda v: isinstance(v, int) and 0 <= v <= 65535
    if name.endswith("_ttl"):
        return "an IP TTL, 0-255", lambda v: isinstance(v, int) and 0 <= v <= 255
    if name == "protocol":
        return "an IANA protocol number or name", lambda v: not isinstance(v, int) or 0 <= v <= 255
    if name.endswith("status_code") or name == "http_status":
        return "an HTTP status code", lambda v: isinstance(v, int) and 100 <= v <= 599
    if name == "sc_status":  # CloudFront writes 000 when the viewer left before the answer
        return "an HTTP status code or 0", lambda v: isinstance(v, int) and (
            v == 0 or 100 <= v <= 599)
    if name == "response_code_sent":
        return "an HTTP status code", lambda v: isinstance(v, int) and 200 <= v <= 599
    if name == "account_id" or name.endswith("_account_id") or name == "source_account":
        return "a 12-digit account id", lambda v: isinstance(v, str) and (
            _ACCOUNT.fullmatch(v) is not None or v == "unknown")
    if name in ("region", "aws_region"):
        return "an AWS region", lambda v: isinstance(v, str) and _REGION.fullmatch(v) is not None
    if name == "event_version":
        return "CloudTrail's eventVersion, 1.0 to 1.11", lambda v: v in (
            "1.0", *(f"1.{n:02d}" for n in range(1, 12)))
    if name == "format_version":
        return "WAF's formatVersion, 1", lambda v: v == 1
    return None


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_generated_values_are_in_the_ranges_aws_documents(fmt: str, data: st.DataObject
                                                          ) -> None:
    for record in data.draw(records_of(fmt)):
        own = record.get("_format") or fmt
        json = _spec(own).framing not in ("lines", "parquet") or own in json_formats()
        for name, value in _values(record, _fields_of(record, fmt)):
            rule = _rule(name, own)
            if rule is not None:
                what, ok = rule
                assert ok(value), f"{fmt}: {name} = {value!r} is not {what}"
            if json and isinstance(value, int) and not isinstance(value, bool):
                assert value >= 0, f"{fmt}: {name} = {value!r} is negative (a size or count)"


def _always(fmt: str) -> tuple[str, ...]:
    return tuple(f.name for f in _spec(fmt).schema if f.presence == "always")


@pytest.mark.parametrize("fmt", [f for f in delimited_formats() if _always(f)])
def test_a_delimited_record_fills_in_what_aws_always_writes(fmt: str) -> None:
    """A field the spec says AWS always writes (``presence = "always"``) is never drawn null.
    The strategy once drew ``-`` for an ALB health check's ``type`` and ``target_addr``: such a
    line with a newer 11th column fits an ALB connection log's layout better than its own, so
    the file read as a connection log, on input AWS never writes."""
    always = _always(fmt)
    with pytest.raises(NoSuchExample):
        find(delimited_records(fmt), lambda r: any(r.get(n, 0) is None for n in always),
             settings=settings(max_examples=100, derandomize=True, database=None))


@pytest.mark.parametrize("fmt", [f for f in delimited_formats() if _spec(f).header == "w3c"])
def test_a_w3c_data_line_never_starts_with_a_directive_mark(fmt: str) -> None:
    """A W3C file's lines starting with ``#`` are directives, and AWS writes no value that
    starts with one (it percent-encodes ``#`` in the URL fields; ids, hosts and names hold
    none). The strategy once drew ``#`` as the connection id of a file whose ``#Fields:`` named
    that column alone, so its data line read as a directive and the file as empty."""
    with pytest.raises(NoSuchExample):
        find(delimited_lines(fmt, ("connection-id",)), lambda line: line.startswith("#"),
             settings=settings(max_examples=1000, derandomize=True, database=None))
