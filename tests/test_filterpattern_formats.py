"""Filter patterns on every registered format: a table read from a file selects the rows whose
records (``iter_records`` of the same file) the pattern selects, through ``filter_table`` (an
Arrow expression where there is one) and through ``filter_rows``.

Files come from :func:`awslogparse.testing.log_data`; the patterns from the records themselves:
terms, regexes and space-delimited patterns built from the message a record stands for (its
rebuilt line, or its JSON text), and JSON patterns naming the values the records hold.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import awslogparse
from awslogparse import filterpattern, registry
from awslogparse.testing import default_layout, file_formats, header_line, log_data

pa = pytest.importorskip("pyarrow")

FORMATS = file_formats()
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
per_format = settings(max_examples=max(3, settings().max_examples // 10),  # (a file of
                      # every format, read and filtered three ways: 3 examples per format
                      # by default, 15 under CI, about 80 s of CI's run)
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                             HealthCheck.filter_too_much],  # (some formats'
                      deadline=None)  # file strategies filter, as in the other log_data tests)

_WORD = re.compile(r"\w+")


def _line_patterns(message: str) -> list[str]:
    """Term, regex and space-delimited patterns about one message."""
    words = _WORD.findall(message)[:4]
    out = [*words] + [f"-{w}" for w in words[:2]] + [f"?{w} ?zz" for w in words[:1]]
    out += [f"%{w}%" for w in words[:2] if w.isascii()]
    fields = message.split()
    if fields and len(fields) < 60:
        names = [f"f{i}" for i in range(len(fields))]
        for i, token in enumerate(fields[:4]):
            if not re.fullmatch(r"[A-Za-z0-9_.:/@-]+", token):
                continue
            slots = list(names)
            slots[i] = f'f{i} = "{token}"'
            out.append("[" + ", ".join(slots) + "]")
            out.append("[" + ", ".join(slots[:i + 1]) + ", ...]")
    return out


def _leaves(value: Any, path: str = "$") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [leaf for k, v in value.items()
                if isinstance(k, str) and re.fullmatch(r"[A-Za-z0-9_-]+", k)
                for leaf in _leaves(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [leaf for i, v in enumerate(value[:2]) for leaf in _leaves(v, f"{path}[{i}]")]
    return [(path, value)]


def _json_patterns(record: dict[str, Any]) -> list[str]:
    """``=`` / ``!=`` / numeric tests on the values a record holds (no IS NULL or NOT EXISTS:
    a table has every column in every row, records only their layout's keys, as documented)."""
    out = []
    for path, value in _leaves(record)[:30]:
        if isinstance(value, bool):
            word = "true" if value else "false"
            out += [f"{{ {path} IS {word.upper()} }}", f"{{ {path} = {word} }}"]
        elif isinstance(value, int | float):
            out += [f"{{ {path} = {value} }}", f"{{ {path} >= {value} }}"]
        elif isinstance(value, datetime):
            seconds = int(value.timestamp())
            out += [f"{{ {path} >= {seconds} }}", f"{{ {path} < {seconds} }}"]
        elif isinstance(value, str) and value:
            out += [f"{{ {path} = {json.dumps(value)} }}", f"{{ {path} != {json.dumps(value)} }}"]
    return out


def _read(log: Any) -> tuple[list[dict[str, Any]], Any]:
    """The records of a generated file, and its table with a row-number column."""
    records = list(awslogparse.iter_records(log.data, log.format, fields=log.fields,
                                            errors="skip"))
    table = awslogparse.read_arrow(log.data, log.format, fields=log.fields, errors="skip")
    assert table.num_rows == len(records)
    return records, table.append_column("_row", pa.array(range(table.num_rows), pa.int64()))


def _check(patterns: set[str], log: Any, records: list[dict[str, Any]], table: Any) -> None:
    for text in sorted(patterns):
        try:
            pattern = filterpattern.compile(text, format=log.format, fields=log.fields)
        except filterpattern.FilterPatternError:
            continue
        want = [i for i, record in enumerate(records) if pattern.matches(record)]
        assert pattern.filter_rows(table).column("_row").to_pylist() == want, text
        assert pattern.filter_table(table).column("_row").to_pylist() == want, text


LINE_FORMATS = [f for f in FORMATS if registry.get(f).format().line_based]
"""Formats whose records stand for lines. (A JSON-shaped record's message is its JSON text, and
a table row has every column, null where the record may have no key: documented.)"""


@pytest.mark.parametrize("fmt", LINE_FORMATS)
@per_format
@given(data=st.data())
def test_line_patterns_select_the_same_rows_of_a_table(fmt: str, data: st.DataObject) -> None:
    """Term, regex and space-delimited patterns test the line a row's record stands for (open
    JSON decoded, ``_extra`` entries put back), as they test the record."""
    log = data.draw(log_data(fmt, max_units=4))
    records, table = _read(log)
    patterns: set[str] = set()
    for record in records[:2]:
        message = filterpattern.compile("x", format=fmt, fields=log.fields).message(record)
        patterns.update(_line_patterns(message))
    _check(patterns, log, records, table)


@pytest.mark.parametrize("fmt", FORMATS)
@per_format
@given(data=st.data())
def test_json_patterns_select_the_same_rows_of_a_table(fmt: str, data: st.DataObject) -> None:
    log = data.draw(log_data(fmt, max_units=4))
    records, table = _read(log)
    patterns: set[str] = set()
    for record in records[:2]:
        patterns.update(_json_patterns(record))
    _check(patterns, log, records, table)


FLOW_LINE = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 " \
            "1418530010 1418530070 REJECT OK"
"""AWS's example flow log record (default layout)."""


def _envelope(messages: list[str], group: str = "flows",
              stream: str = "eni-1235b8ca123456789-all") -> bytes:
    """A CloudWatch Logs subscription payload (the decoded JSON) around log lines."""
    return json.dumps({
        "messageType": "DATA_MESSAGE", "owner": "123456789010", "logGroup": group,
        "logStream": stream, "subscriptionFilters": ["all"],
        "logEvents": [{"id": str(n), "timestamp": 1418530070000, "message": m}
                      for n, m in enumerate(messages)]}).encode()


TRAIL_EVENT = {
    "eventVersion": "1.08", "eventTime": "2014-12-14T04:06:50Z", "eventName": "GetObject",
    "eventSource": "s3.amazonaws.com", "readOnly": True, "eventID": "e1",
    "awsRegion": "us-east-1", "recipientAccountId": "123456789010", "eventType": "AwsApiCall",
    "userIdentity": {"type": "AssumedRole", "sessionContext": {"attributes": {
        "creationDate": "2014-12-14T04:00:00Z", "mfaAuthenticated": "false"}}},
    "resources": [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::b/k"}],
}
"""A CloudTrail event (CloudTrail delivers its events to CloudWatch Logs as JSON messages)."""

EXTRA_CASES = [
    ("vpcflow", f"version\n2\n{header_line(default_layout('vpcflow'))}\n{FLOW_LINE}\n".encode(),
     "end", ["{ $.end >= 1418530070 }", "{ $.start < 1418530011 }", "{ $.dstport = 22 }",
             "{ $.bytes > 4000 }"]),
    ("cloudwatch", _envelope([FLOW_LINE]), "end",
     ["{ $.end >= 1418530070 }", "{ $.start < 1418530011 }", "{ $.dstport = 22 }"]),
    ("cloudwatch", _envelope([json.dumps(TRAIL_EVENT)], "CloudTrail/trail",
                             "123456789010_CloudTrail_us-east-1"), "readOnly",
     ["{ $.readOnly IS TRUE }", "{ $.eventTime > 1418529000 }",
      "{ $.userIdentity.sessionContext.attributes.creationDate < 1418530000 }"]),
]


@pytest.mark.parametrize(("fmt", "data", "field", "patterns"), EXTRA_CASES,
                         ids=["vpcflow-sections", "cloudwatch-vpcflow", "cloudwatch-cloudtrail"])
def test_fields_a_table_holds_in_extra_compare_as_their_type(fmt: str, data: bytes, field: str,
                                                             patterns: list[str]) -> None:
    """A flow log file whose second section names more fields than its first, and flow logs
    and CloudTrail events in CloudWatch Logs envelopes: the table holds those fields in
    ``_extra`` (as text), the records as numbers, booleans and datetimes; numeric and boolean
    tests select the same rows."""
    records = list(awslogparse.iter_records(data, fmt, errors="skip"))
    table = awslogparse.read_arrow(data, fmt, errors="skip")
    assert records[-1].get(field) is not None and field not in table.schema.names
    table = table.append_column("_row", pa.array(range(table.num_rows), pa.int64()))
    for text in patterns:
        pattern = filterpattern.compile(text)
        want = [i for i, r in enumerate(records) if pattern.matches(r)]
        assert want == [len(records) - 1], text
        assert pattern.filter_table(table).column("_row").to_pylist() == want, text


SSH_REJECT = ("[version, account, eni, source, destination, srcport, destport = 22, protocol, "
              "packets, bytes, windowstart, windowend, action = REJECT, flowlogstatus]")
CARRIED: list[tuple[str, bytes, list[tuple[str, list[bool]]]]] = [
    # (format, data, [(pattern, matches per record)])
    ("cloudwatch_export", b"2015-01-01T00:00:00.000Z INFO all is well\n"
                          b"2015-01-01T00:00:01.000Z ERROR disk full\n",
     [("ERROR", [False, True]), ("%^INFO%", [True, False]), ("[level = ERROR, ...]", [False, True]),
      ("2015", [False, False])]),
    ("cloudwatch_export", f"2015-01-01T00:00:00.000Z {FLOW_LINE}\n".encode(),
     [(SSH_REJECT, [True]), ("REJECT", [True]), ("%^2 123456789010 %", [True])]),
    ("cloudwatch", _envelope([FLOW_LINE, FLOW_LINE.replace("REJECT", "ACCEPT")]),
     [(SSH_REJECT, [True, False]), ("REJECT", [True, False]), ("flows", [False, False])]),
    ("cloudwatch", _envelope(["INFO all is well", "ERROR disk full"], "app", "i-1"),
     [("ERROR", [False, True]), ("[level = ERROR, ...]", [False, True]), ("app", [False, False])]),
    ("cloudwatch", _envelope(["START RequestId: ad60c1a6-0d00-494f-8cac-ae9e0105dfe7 Version: "
                              "$LATEST", "2026-11-21T00:00:03.198Z\tundefined\tERROR\tdisk full"],
                             "/aws/lambda/checkout-api", "2026/11/21/[$LATEST]405fce5e108aa231"),
     [("ERROR", [False, True]), ("%^START RequestId%", [True, False]),
      ("checkout", [False, False])]),
]


@pytest.mark.parametrize(("fmt", "data", "cases"), CARRIED,
                         ids=["export", "export-vpcflow", "cloudwatch-vpcflow", "cloudwatch",
                              "cloudwatch-lambda"])
def test_records_of_carrying_formats_are_tested_as_their_messages(
        fmt: str, data: bytes, cases: list[tuple[str, list[bool]]]) -> None:
    """CloudWatch Logs exports and subscription payloads: term, regex and space-delimited
    patterns test each event's message (a flow log line, or the text of a generic event), as the
    filter that delivered them did, not the log group or the export's time."""
    records = list(awslogparse.iter_records(data, fmt))
    table = awslogparse.read_arrow(data, fmt)
    for text, expected in cases:
        pattern = filterpattern.compile(text, format=fmt)
        assert [pattern.matches(r) for r in records] == expected, text
        assert pattern.filter_table(table).num_rows == sum(expected), text


def test_line_patterns_see_the_fields_a_table_holds_in_extra() -> None:
    """An API Gateway access log whose template names a context variable the spec does not
    know: the table keeps it in ``_extra``; the line written for a row holds its value."""
    template = "$context.authorizer.claims.a $context.accountId $context.apiId"
    data = b"alice 123456789010 a1b2c3\nbob 123456789010 a1b2c3\n"
    records = list(awslogparse.iter_records(data, "apigateway", fields=template))
    table = awslogparse.read_arrow(data, "apigateway", fields=template)
    pattern = filterpattern.compile("[user = alice, ...]", format="apigateway", fields=template)
    assert [pattern.matches(r) for r in records] == [True, False]
    for method in (pattern.filter_table, pattern.filter_rows):
        assert method(table).num_rows == 1


SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*")
                      if p.is_file() and p.suffix not in (".py", ".md") and "lambda-events"
                      not in p.parts)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.name[:48] for p in SAMPLE_FILES])
def test_the_message_of_a_record_is_the_same_with_its_source(path: Path) -> None:
    """``with_source`` adds ``_source`` and ``_line`` (awslogparse's, not the event's): a record's
    message, and so what terms and regexes see, is the same with them, on records and tables."""
    plain = awslogparse.iter_records(path, errors="skip")
    records = list(plain)
    sourced = list(awslogparse.iter_records(path, errors="skip", with_source=True))
    assert records and len(sourced) == len(records)
    name = path.name
    probe = filterpattern.compile(f'"{name}"', format=plain.stats.format)
    assert [probe.message(r) for r in sourced] == [probe.message(r) for r in records]
    hits = [probe.matches(r) for r in records]  # (a digest names files: its own, too)
    assert [probe.matches(r) for r in sourced] == hits
    table = awslogparse.read_arrow(path, errors="skip", with_source=True)
    assert probe.filter_table(table).num_rows == sum(hits)
