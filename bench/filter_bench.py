"""Filter pattern throughput: row evaluation and the Arrow path.

- 1,000,000 VPC flow log records (``bench.generate``), the space-delimited SSH-reject pattern:
  parsed dict records (the line rebuilt per record, as CloudWatch sees it), raw lines, and an
  Arrow table (one compute expression);
- 200,000 CloudTrail-shaped events (synthetic, seeded), the EC2 large-instance alarm pattern:
  dict records, JSON text lines, and an Arrow table with struct columns (pyarrow's
  ``Table.from_pylist`` of the dicts: not awslogparse's CloudTrail table, which holds
  ``requestParameters`` as JSON text, so that on it this pattern is evaluated row by row).

:data:`INPUT` says what the inputs vary (the page prints it).

``run()`` returns the figures (records/s, match counts, seconds); it prints nothing. Only the
filtering is timed: parsing and table building are not. The three paths of a workload must see the
same rows and match the same count; if they disagree, ``run()`` raises :class:`PathsDisagreeError`
instead of reporting a figure for code that gives different answers.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

SSH_REJECT = ('[version, account, eni, source, destination, srcport, destport="22", '
              'protocol="6", packets, bytes, windowstart, windowend, action="REJECT", '
              'flowlogstatus]')
EC2_LARGE = ("{ ($.eventName = RunInstances) && (($.requestParameters.instanceType = *.8xlarge)"
             " || ($.requestParameters.instanceType = *.4xlarge)) }")
INPUT = """\
The VPC records are one S3 object of `bench/generate.py` (`lines()`: a header line, then default
v2 lines of one VPC: its owner's account and 1-3 others, 40-400 interfaces with Pareto-weighted
traffic, random public IPv4 and some IPv6, a skewed port and protocol mix, about 1% NODATA and
some SKIPDATA lines), not the files of (a)-(c). The CloudTrail events are
`bench/filter_bench.py`'s own dicts (`cloudtrail_events()`): 12 event names of 5 services, 50
IAM users of one account (every identity an `IAMUser`), 3 Regions, one user agent, 5% with an
error code, and one fixed shape (`requestParameters` holds only `instanceType` and
`bucketName`; no open-ended objects); JSON text is `json.dumps` of them. The CloudTrail Arrow
table is pyarrow's `Table.from_pylist` of those dicts, with `requestParameters` a struct column:
awslogparse's CloudTrail table holds `requestParameters` as JSON text (open JSON), where this
pattern has no compute expression and `filter_table` uses row evaluation."""
"""What the inputs vary, for the page (docs/benchmarks.md, (d))."""
CHUNK = 100_000
"""Records held at once for the dict benchmark (holding a million dicts slows CPython's GC)."""


class PathsDisagreeError(RuntimeError):
    """The paths of one workload saw different row counts or matched different counts."""


def _agree(workload: str, what: str, **counts: int) -> None:
    """Raise unless every path reports the same count (not ``assert``: ``-O`` must not skip it)."""
    if len(set(counts.values())) != 1:
        shown = ", ".join(f"{path} {n}" for path, n in counts.items())
        raise PathsDisagreeError(f"{workload}: the paths disagree on {what}: {shown}")


def _timed(fn: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    count = fn()
    return time.perf_counter() - start, count


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds > 0 else float("inf")


def vpc(lines: int) -> dict[str, Any]:
    import awslogparse
    from awslogparse import filterpattern
    from bench.generate import lines as generate_lines

    text = generate_lines(lines)  # header + data lines
    data = ("\n".join(text) + "\n").encode()
    pattern = filterpattern.compile(SSH_REJECT, format="vpcflow")

    # dict records, parsed chunk by chunk; only the filter is timed
    seconds = 0.0
    matched = 0
    records = awslogparse.iter_records(data, format="vpcflow")
    for chunk in _chunks(records, CHUNK):
        took, hit = _timed(lambda c=chunk: sum(1 for _ in pattern.filter(c)))  # type: ignore[misc]
        seconds += took
        matched += hit
    dict_rows = records.stats.records

    raw = text[1:]
    raw_seconds, raw_matched = _timed(lambda: sum(1 for _ in pattern.filter(raw)))

    table = awslogparse.read_arrow(data, format="vpcflow")
    arrow_seconds, arrow_matched = _timed(lambda: pattern.filter_table(table).num_rows)
    _agree("vpcflow", "rows", dicts=dict_rows, lines=len(raw), arrow=table.num_rows)
    _agree("vpcflow", "matches", dicts=matched, lines=raw_matched, arrow=arrow_matched)
    return {
        "pattern": SSH_REJECT,
        "records": dict_rows,
        "matched": matched,
        "rows_dicts_per_s": _rate(dict_rows, seconds),
        "rows_dicts_s": seconds,
        "rows_lines_per_s": _rate(len(raw), raw_seconds),
        "rows_lines_s": raw_seconds,
        "rows_lines_matched": raw_matched,
        "arrow_per_s": _rate(table.num_rows, arrow_seconds),
        "arrow_s": arrow_seconds,
        "arrow_matched": arrow_matched,
    }


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


EVENT_NAMES = ["RunInstances", "DescribeInstances", "StartInstances", "StopInstances",
               "ConsoleLogin", "GetObject", "PutObject", "AssumeRole", "ListBuckets",
               "PutRolePolicy", "AuthorizeSecurityGroupIngress", "DescribeSecurityGroups"]
SOURCES = {"RunInstances": "ec2", "DescribeInstances": "ec2", "StartInstances": "ec2",
           "StopInstances": "ec2", "ConsoleLogin": "signin", "GetObject": "s3", "PutObject": "s3",
           "AssumeRole": "sts", "ListBuckets": "s3", "PutRolePolicy": "iam",
           "AuthorizeSecurityGroupIngress": "ec2", "DescribeSecurityGroups": "ec2"}
INSTANCE_TYPES = ["t3.micro", "m5.large", "m5.xlarge", "c5.4xlarge", "m5.8xlarge", "r6g.16xlarge"]


def cloudtrail_events(count: int, seed: int = 11) -> list[dict[str, Any]]:
    """CloudTrail-shaped records (the documented record fields, fixed shapes so Arrow can hold
    them as structs)."""
    rnd = random.Random(seed)
    users = [f"user{i}" for i in range(50)]
    out = []
    base = 1_700_000_000
    for i in range(count):
        name = rnd.choice(EVENT_NAMES)
        user = rnd.choice(users)
        failed = rnd.random() < 0.05
        out.append({
            "eventVersion": "1.08",
            "userIdentity": {
                "type": "IAMUser",
                "principalId": f"AIDA{i % 9973:016d}",
                "arn": f"arn:aws:iam::111122223333:user/{user}",
                "accountId": "111122223333",
                "userName": user,
                "sessionContext": {"attributes": {
                    "mfaAuthenticated": "true" if rnd.random() < 0.7 else "false",
                    "creationDate": "2023-11-14T22:13:20Z"}},
            },
            "eventTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + i // 10)),
            "eventSource": f"{SOURCES[name]}.amazonaws.com",
            "eventName": name,
            "awsRegion": rnd.choice(["us-east-1", "us-east-2", "eu-west-1"]),
            "sourceIPAddress": f"192.0.2.{rnd.randrange(1, 255)}",
            "userAgent": "aws-cli/2.13.5",
            "errorCode": "Client.UnauthorizedOperation" if failed else None,
            "errorMessage": "You are not authorized to perform this operation." if failed else None,
            "requestParameters": {
                "instanceType": rnd.choice(INSTANCE_TYPES) if name == "RunInstances" else None,
                "bucketName": f"bucket-{rnd.randrange(20)}" if SOURCES[name] == "s3" else None,
            },
            "responseElements": None,
            "requestID": f"{rnd.getrandbits(64):016x}",
            "eventID": f"{rnd.getrandbits(64):016x}",
            "readOnly": name.startswith(("Describe", "Get", "List")),
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": "111122223333",
        })
    return out


def cloudtrail(count: int) -> dict[str, Any]:
    import pyarrow as pa

    from awslogparse import filterpattern

    events = cloudtrail_events(count)
    pattern = filterpattern.compile(EC2_LARGE)
    dict_seconds, matched = _timed(lambda: sum(1 for _ in pattern.filter(events)))
    texts = [json.dumps(e, separators=(",", ":")) for e in events]
    text_seconds, text_matched = _timed(lambda: sum(1 for _ in pattern.filter(texts)))
    table = pa.Table.from_pylist(events)
    arrow_seconds, arrow_matched = _timed(lambda: pattern.filter_table(table).num_rows)
    _agree("cloudtrail", "rows", dicts=len(events), json_text=len(texts), arrow=table.num_rows)
    _agree("cloudtrail", "matches", dicts=matched, json_text=text_matched, arrow=arrow_matched)
    return {
        "pattern": EC2_LARGE,
        "records": len(events),
        "matched": matched,
        "rows_dicts_per_s": _rate(len(events), dict_seconds),
        "rows_dicts_s": dict_seconds,
        "rows_json_text_per_s": _rate(len(texts), text_seconds),
        "rows_json_text_s": text_seconds,
        "rows_json_text_matched": text_matched,
        "arrow_per_s": _rate(table.num_rows, arrow_seconds),
        "arrow_s": arrow_seconds,
        "arrow_matched": arrow_matched,
    }


def run(lines: int = 1_000_000) -> dict[str, Any]:
    """Filter ``lines`` VPC flow log records and ``lines // 5`` CloudTrail-shaped events
    (200,000 by default); return the figures."""
    return {"vpcflow_space_delimited": vpc(lines),
            "cloudtrail_json": cloudtrail(max(1, lines // 5))}
