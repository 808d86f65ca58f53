"""Service log benchmarks: API Gateway access logs, Lambda REPORT lines and RDS MySQL slow query
entries, awslogparse beside the hand-written code it replaces.

``python -m bench.service_bench`` generates (once) production-like inputs under ``bench/data/``
with ``bench/gen_service.py`` (see that module for what they vary), loads each decompressed into
memory, and measures, interleaved round by round (so drift on a shared machine hits every case
alike), records/s of:

(1) API Gateway access logs in the REST ``json`` preset: ``awslogparse.iter_records(data,
    "apigateway", fields="json")`` (every value typed: times, statuses, lengths; ``-`` null)
    against ``json.loads`` per line (untyped dicts). Goal: >= 0.5x.
(2) The same requests in a custom JSON template (bare numbers, latencies, epoch time, user
    agent): the same two routes; the same goal.
(3) The same requests in the REST ``clf`` preset: ``iter_records(..., fields="clf")`` against
    one compiled regular expression building a typed dict (``int`` status and length, ``-`` as
    None, ``datetime.strptime`` for the time). No goal.
(4) Lambda ``REPORT`` lines: ``iter_records(data, "lambda")`` and ``parse_line`` per line
    against one compiled regular expression building a typed dict (``float`` durations,
    ``int`` sizes, the optional items as None, ``Sampled`` a bool). Goal: >= 0.8x.
(5) RDS MySQL slow query entries in CloudWatch Logs envelopes (decoded JSON, one per
    subscription delivery): ``iter_records(envelope, "cloudwatch")`` (routed by log group to
    ``rds``, one typed record per entry) against ``json.loads`` of the envelope plus a
    hand-written slow query regular expression per event building a typed dict (times as UTC
    datetimes, ``float`` query and lock times, ``int`` row counts, the envelope's fields). No
    goal.

Before any timing every route must account for every input unit and the typed routes must
agree value by value on the first ``CHECK_UNITS`` units, or the run stops.

It prints a table and writes ``docs/benchmarks_services.md`` with the command that produced it.
Quick run while developing: ``python -m bench.service_bench --lines 20000 --entries 5000
--repeat 1 --no-doc``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import math
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.harness import Case, interleave, publish
from bench.harness import fmt_load as _fmt_load
from bench.harness import machine as harness_machine
from bench.harness import table as _table
from bench.harness import verdict as _verdict
from bench.run import load_average, profile

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
DOC = ROOT / "docs" / "benchmarks_services.md"
DEFAULT_LINES = 300_000
DEFAULT_ENTRIES = 100_000
TARGET_JSON = 0.5
"""(1), (2): our typed records/s over json.loads' untyped dicts/s."""
TARGET_REPORT = 0.8
"""(4): our REPORT records/s over one compiled regex building a typed dict."""
CHECK_UNITS = 3000
"""Units compared value by value between our records and the hand-written route's."""
SECTIONS = ("apigateway_json", "apigateway_custom", "apigateway_clf", "lambda_report",
            "rds_slowquery")
Say = Callable[[str], None]
Row = dict[str, Any]


# ---- data (generated once, cached gzip under bench/data/) -------------------------------------


def _data_file(name: str, count: int, lines: Callable[[], Iterator[str]], say: Say) -> bytes:
    """The decompressed bytes of a cached input, generated first when missing."""
    from bench.gen_http import write_lines

    path = DATA / f"service-{name}-{count}.log.gz"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        say(f"generating {path.relative_to(ROOT)} with bench/gen_service.py ...")
        tmp = path.with_suffix(".tmp")
        write_lines(tmp, lines())
        tmp.replace(path)
    return gzip.decompress(path.read_bytes())


def _template(section: str) -> str:
    from awslogparse import registry
    from bench.gen_service import CUSTOM_JSON

    if section == "apigateway_custom":
        return CUSTOM_JSON
    preset = "json" if section == "apigateway_json" else "clf"
    fmt = registry.get("apigateway").format()
    return str(fmt.presets[preset])  # type: ignore[attr-defined]


def _fields(section: str) -> str:
    """What the reader is given as ``fields=``: a preset's name, or the template text."""
    return {"apigateway_json": "json", "apigateway_clf": "clf"}.get(section) \
        or _template(section)


def load_section(section: str, lines: int, entries: int, say: Say) -> bytes:
    from bench import gen_service

    if section.startswith("apigateway"):
        template = _template(section)
        return _data_file(section, lines, lambda: gen_service.apigateway_lines(lines, template),
                          say)
    if section == "lambda_report":
        return _data_file(section, lines, lambda: gen_service.lambda_report_lines(lines), say)
    return _data_file(section, entries, lambda: gen_service.rds_slow_envelopes(entries), say)


def _lines(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    out = text.split("\n")
    if out and out[-1] == "":
        out.pop()
    return out


# ---- our routes -------------------------------------------------------------------------------


def ours_lines(data: bytes, fmt: str, fields: str | None = None) -> int:
    """``iter_records`` over a file of lines held in memory."""
    import awslogparse

    count = 0
    for _record in awslogparse.iter_records(data, fmt, fields=fields):
        count += 1
    return count


def ours_parse_line(data: bytes, fmt: str) -> int:
    """``parse_line`` per line, as code that receives one message at a time calls it."""
    import awslogparse

    parse = awslogparse.parse_line
    count = 0
    for line in _lines(data):
        parse(line, fmt)
        count += 1
    return count


def ours_envelopes(envelopes: Sequence[bytes]) -> int:
    """``iter_records`` per CloudWatch Logs envelope (each a subscription delivery)."""
    import awslogparse

    count = 0
    for envelope in envelopes:
        for _record in awslogparse.iter_records(envelope, "cloudwatch"):
            count += 1
    return count


# ---- the hand-written routes -------------------------------------------------------------------


def plain_json(data: bytes) -> int:
    """``json.loads`` per line: untyped dicts (times, statuses and lengths stay strings)."""
    loads = json.loads
    count = 0
    for line in _lines(data):
        loads(line)
        count += 1
    return count


CLF = re.compile(r'(\S+) (\S+) (\S+) \[([^\]]+)\]"(\S+) (\S+) (\S+)" (\d+) (\S+) (\S+) (\S+)')
"""The REST ``clf`` preset, as one would write it for these lines."""


def clf_row(line: str) -> Row:
    found = CLF.match(line)
    if found is None:
        raise ValueError(f"not a CLF line: {line[:80]!r}")
    ip, caller, user, when, method, path, protocol, status, length, rid, xrid = found.groups()
    return {
        "identity_source_ip": ip, "identity_caller": None if caller == "-" else caller,
        "identity_user": None if user == "-" else user,
        "request_time": datetime.strptime(when, "%d/%b/%Y:%H:%M:%S %z"),
        "http_method": method, "resource_path": path, "protocol": protocol,
        "status": int(status), "response_length": None if length == "-" else int(length),
        "request_id": rid, "extended_request_id": xrid,
    }


def hand_clf(data: bytes) -> int:
    count = 0
    for line in _lines(data):
        clf_row(line)
        count += 1
    return count


REPORT = re.compile(
    r"REPORT RequestId: (\S+)\s+Duration: ([\d.]+) ms\s+Billed Duration: (\d+) ms\s+"
    r"Memory Size: (\d+) MB\s+Max Memory Used: (\d+) MB"
    r"(?:\s+Init Duration: ([\d.]+) ms)?"
    r"(?:\s+Restore Duration: ([\d.]+) ms\s+Billed Restore Duration: (\d+) ms)?"
    r"(?:\s+XRAY TraceId: (\S+)\s+SegmentId: (\S+)\s+Sampled: (true|false))?"
    r"(?:\s+Status: (\S+))?(?:\s+Error Type: (\S+))?\s*")
"""A REPORT line with the items Lambda may add, as one would write it."""


def report_row(line: str) -> Row:
    found = REPORT.match(line)
    if found is None:
        raise ValueError(f"not a REPORT line: {line[:80]!r}")
    (rid, duration, billed, memory, used, init, restore, billed_restore, trace, segment,
     sampled, status, error) = found.groups()
    return {
        "request_id": rid, "duration_ms": float(duration), "billed_duration_ms": int(billed),
        "memory_size_mb": int(memory), "max_memory_used_mb": int(used),
        "init_duration_ms": float(init) if init else None,
        "restore_duration_ms": float(restore) if restore else None,
        "billed_restore_duration_ms": int(billed_restore) if billed_restore else None,
        "xray_trace_id": trace, "xray_segment_id": segment,
        "xray_sampled": None if sampled is None else sampled == "true",
        "status": status, "error_type": error,
    }


def hand_report(data: bytes) -> int:
    count = 0
    for line in _lines(data):
        report_row(line)
        count += 1
    return count


SLOW = re.compile(
    r"# Time: (\S+)\n# User@Host: ([^\[]*)\[([^\]]*)\] @ ([^\[]*?) ?\[([^\]]*)\]\s+Id:\s+(\d+)\n"
    r"# Query_time: ([\d.]+)\s+Lock_time: ([\d.]+)\s+Rows_sent: (\d+)\s+Rows_examined: (\d+)\n"
    r"(?:use ([^;\n]+);\n)?(?:SET timestamp=(\d+);\n)?(.*)", re.DOTALL)
"""A MySQL slow query entry, as one would write it."""
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def slow_rows(envelope: bytes) -> Iterator[Row]:
    doc = json.loads(envelope)
    group, stream = doc["logGroup"], doc["logStream"]
    for event in doc["logEvents"]:
        found = SLOW.match(event["message"])
        if found is None:
            raise ValueError(f"not a slow query entry: {event['message'][:80]!r}")
        (when, user, priv, host, ip, thread, query_time, lock_time, sent, examined, database,
         started, statement) = found.groups()
        yield {
            "time": datetime.fromisoformat(when), "user": user, "priv_user": priv,
            "host": host or None, "client_ip": ip or None, "thread_id": int(thread),
            "query_time": float(query_time), "lock_time": float(lock_time),
            "rows_sent": int(sent), "rows_examined": int(examined), "database": database,
            "query_start": None if started is None else
            datetime.fromtimestamp(int(started), UTC),
            "statement": statement, "log_group": group, "log_stream": stream,
            "event_id": event["id"],
            "event_timestamp": EPOCH + timedelta(milliseconds=event["timestamp"]),
        }


def hand_slow(envelopes: Sequence[bytes]) -> int:
    count = 0
    for envelope in envelopes:
        for _row in slow_rows(envelope):
            count += 1
    return count


# ---- checks before timing ----------------------------------------------------------------------


def _ours(data: bytes | Sequence[bytes], fmt: str, fields: str | None = None
          ) -> Iterator[Row]:
    """Our records, every one, or the run stops at the first error."""
    import awslogparse

    sources = [data] if isinstance(data, bytes) else list(data)
    for source in sources:
        records = awslogparse.iter_records(source, fmt, fields=fields, errors="collect")
        yield from records
        if records.errors:
            raise SystemExit(f"{fmt}: awslogparse rejected {len(records.errors)} units, the "
                             f"first {records.errors[0]}: not timing")


def _compare(section: str, ours: Iterator[Row], theirs: Iterator[Row], expected: int
             ) -> int:
    """Every unit in both routes, the first ``CHECK_UNITS`` equal on the hand route's keys."""
    count = compared = 0
    for mine, other in zip(ours, theirs, strict=True):
        count += 1
        if compared < CHECK_UNITS:
            for key, value in other.items():
                if mine.get(key) != value:
                    raise SystemExit(f"{section} unit {count}: {key} is {mine.get(key)!r} "
                                     f"here, {value!r} by hand: not timing")
            compared += 1
    if count != expected:
        raise SystemExit(f"{section}: {count} units of {expected}: not timing")
    return compared


def _json_row(line: str, custom: bool) -> Row:
    """What our typed record must hold, worked out from the untyped dict of a JSON line."""
    obj = json.loads(line)

    def text(key: str) -> str | None:
        value = obj[key]
        return None if value == "-" else value

    length = text("responseLength")
    row: Row = {
        "request_id": obj["requestId"], "identity_source_ip": obj["ip"],
        "request_time": datetime.strptime(obj["requestTime"], "%d/%b/%Y:%H:%M:%S %z"),
        "http_method": obj["httpMethod"], "status": int(obj["status"]),
        "protocol": obj["protocol"], "response_length": None if length is None else int(length),
    }
    if custom:
        latency = text("integrationLatency")
        row.update({
            "request_time_epoch": EPOCH + timedelta(milliseconds=obj["requestTimeEpoch"]),
            "route_key": obj["routeKey"], "response_latency": obj["responseLatency"],
            "integration_latency": None if latency is None else int(latency),
            "identity_user_agent": text("userAgent"), "domain_name": obj["domainName"],
            "error_message": text("errorMessage"),
        })
    else:
        row.update({"extended_request_id": obj["extendedRequestId"],
                    "identity_caller": text("caller"), "identity_user": text("user"),
                    "resource_path": obj["resourcePath"]})
    return row


def check(section: str, payload: bytes | list[bytes], units: int) -> dict[str, Any]:
    """Every route accounts for every unit and the typed routes agree, or no timing."""
    if section == "rds_slowquery":
        assert isinstance(payload, list)
        compared = _compare(section, _ours(payload, "cloudwatch"),
                            (row for env in payload for row in slow_rows(env)), units)
        return {"compared": compared}
    assert isinstance(payload, bytes)
    lines = _lines(payload)
    if len(lines) != units:
        raise SystemExit(f"{section}: {len(lines)} lines in the file, {units} expected")
    if section == "lambda_report":
        compared = _compare(section, _ours(payload, "lambda"), map(report_row, lines), units)
        singles = ours_parse_line(payload, "lambda")
        if singles != units:
            raise SystemExit(f"parse_line read {singles} of {units} lines: not timing")
        return {"compared": compared}
    fields = _fields(section)
    if section == "apigateway_clf":
        compared = _compare(section, _ours(payload, "apigateway", fields),
                            map(clf_row, lines), units)
    else:
        custom = section == "apigateway_custom"
        compared = _compare(section, _ours(payload, "apigateway", fields),
                            (_json_row(line, custom) for line in lines), units)
    if section != "apigateway_clf" and plain_json(payload) != units:
        raise SystemExit(f"{section}: json.loads read {plain_json(payload)} of {units} lines")
    return {"compared": compared}


# ---- running -----------------------------------------------------------------------------------


@dataclasses.dataclass
class Section:
    name: str
    title: str
    units: int
    raw_bytes: int
    cases: list[Case]
    loads: tuple[float | None, float | None]
    checks: dict[str, Any]
    ours: str
    theirs: str
    target: float | None
    profile: str = ""

    def case(self, key: str) -> Case:
        return next(c for c in self.cases if c.key == key)

    def ratio(self, ours: str | None = None, theirs: str | None = None) -> float:
        return self.case(theirs or self.theirs).median / self.case(ours or self.ours).median


TITLES = {
    "apigateway_json": "API Gateway access logs, REST `json` preset",
    "apigateway_custom": "API Gateway access logs, a custom JSON template",
    "apigateway_clf": "API Gateway access logs, REST `clf` preset",
    "lambda_report": "Lambda REPORT lines",
    "rds_slowquery": "RDS MySQL slow query entries in CloudWatch Logs envelopes",
}


def _cases(section: str, payload: bytes | list[bytes]) -> tuple[list[Case], str, str,
                                                                 float | None]:
    """The section's cases, the two its figure compares, and its goal."""
    if section == "rds_slowquery":
        assert isinstance(payload, list)
        envs = payload
        return [Case("ours", "awslogparse.iter_records(envelope, 'cloudwatch')",
                     lambda: ours_envelopes(envs)),
                Case("hand", "json.loads + slow query regex -> typed dict",
                     lambda: hand_slow(envs))], "ours", "hand", None
    assert isinstance(payload, bytes)
    data = payload
    if section == "lambda_report":
        return [Case("ours", "awslogparse.iter_records(data, 'lambda')",
                     lambda: ours_lines(data, "lambda")),
                Case("hand", "one compiled regex -> typed dict, per line",
                     lambda: hand_report(data)),
                Case("parse_line", "awslogparse.parse_line(line, 'lambda'), per line",
                     lambda: ours_parse_line(data, "lambda"))], "ours", "hand", TARGET_REPORT
    fields = _fields(section)
    shown = f"'{fields}'" if section != "apigateway_custom" else "TEMPLATE"
    ours = Case("ours", f"awslogparse.iter_records(data, 'apigateway', fields={shown})",
                lambda: ours_lines(data, "apigateway", fields))
    if section == "apigateway_clf":
        return [ours, Case("hand", "one compiled regex -> typed dict (strptime), per line",
                           lambda: hand_clf(data))], "ours", "hand", None
    return [ours, Case("json", "json.loads per line (untyped)", lambda: plain_json(data))], \
        "ours", "json", TARGET_JSON


def run_section(section: str, lines: int, entries: int, repeat: int, say: Say) -> Section:
    raw = load_section(section, lines, entries, say)
    payload: bytes | list[bytes] = raw
    units = lines
    if section == "rds_slowquery":
        payload = [line.encode("utf-8") for line in _lines(raw)]
        units = entries
    checks = check(section, payload, units)
    say(f"  {section}: {units:,} units in every route, {checks['compared']:,} compared value "
        "by value")
    cases, ours, theirs, target = _cases(section, payload)
    before = load_average()
    say(f"{section}: {repeat} interleaved rounds")
    interleave(cases, repeat, say)
    after = load_average()
    for case in cases:
        if case.rows != units:
            raise SystemExit(f"{case.label}: {case.rows} rows, expected {units}")
    result = Section(section, TITLES[section], units, len(raw), cases, (before, after), checks,
                     ours, theirs, target)
    if target is not None and result.ratio() < target:
        head = raw[:len(raw) // 10].rsplit(b"\n", 1)[0] + b"\n"
        result.profile = profile(lambda: _profiled(section, head))
    return result


def _profiled(section: str, head: bytes) -> int:
    if section == "lambda_report":
        return ours_lines(head, "lambda")
    return ours_lines(head, "apigateway", _fields(section))


# ---- report ------------------------------------------------------------------------------------


GENERATED = """\
Every input comes from `bench/gen_service.py` (seeded, so every run reads the same bytes),
written the way AWS writes it and varied the way production is:

- **API Gateway** (three files, the same requests in three layouts, each rendered by putting
  the values into the template text, AWS's spacing kept): the REST `json` and `clf` presets and
  a custom JSON template (route key, `requestTimeEpoch` and `responseLatency` as bare numbers,
  integration latency, user agent, domain name, error message). About 30,000 clients, a fifth
  IPv6; 40 resource paths with path parameters; methods weighted as APIs see them; statuses
  mostly 200 with 201/204/3xx/4xx/5xx, throttles and gateway errors (integration latency `-`
  where no integration ran, error messages); response lengths from 0 to megabytes, some `-`;
  IAM-authorised requests with caller and user, the rest `-`; HTTP/1.1 and HTTP/2.0; browser,
  SDK, mobile and bot user agents; request times a few milliseconds apart.
- **Lambda REPORT lines**: 80 functions with their own memory size (128 MB to 10 GB), duration
  distribution and peak memory; random request ids; durations with two decimals, billed
  durations rounded up; cold starts (about 3%) with `Init Duration`; SnapStart functions whose
  cold starts are restores (`Restore Duration`, `Billed Restore Duration`); X-Ray traced
  functions (trace and segment ids, `Sampled`); timeouts (`Status: timeout`) and crashes
  (`Status: error`, `Error Type`); tab-separated items with Lambda's trailing tab.
- **RDS slow query log**: decoded CloudWatch Logs envelopes of four instances'
  `/aws/rds/instance/<db>/slowquery` log groups, 250 log events each, one entry per event:
  `# Time`, `# User@Host` (with and without a host name), `# Query_time` / `Lock_time` /
  `Rows_sent` / `Rows_examined`, `use <db>;` on some, `SET timestamp=...;`, and statements of
  every kind: point selects, joins over several lines, `IN` lists, inserts with quotes and
  non-ASCII text, updates, deletes, procedure calls, administrator commands."""

ROUTES = {
    "apigateway_json": "**awslogparse** reads the file from memory in blocks and types every "
    "value of the preset (the CLF `requestTime` a UTC datetime, `status` and `responseLength` "
    "integers, `-` None); **json.loads** decodes each line (split from the decoded text) to a "
    "dict of strings.",
    "apigateway_custom": "As above, with the custom template given as `fields=` (its text): "
    "`requestTimeEpoch` becomes a datetime, the latencies integers.",
    "apigateway_clf": "**awslogparse** as above with `fields='clf'`; the **hand-written** route "
    "matches one compiled regular expression per line and builds a dict of the same eleven "
    "typed values (`datetime.strptime` for the time, without a cache).",
    "lambda_report": "**awslogparse** reads the file from memory in blocks; every record holds "
    "every field of the `lambda` format (23, None where a REPORT line has no such item). The "
    "**hand-written** route matches one compiled regular expression per line (the same "
    "optional items) and builds a dict of its 13 values (`float` durations, `int` sizes, "
    "`Sampled` a bool). **parse_line** is the public one-line call, as code handed one message "
    "at a time makes it.",
    "rds_slowquery": "Both routes start from each envelope's bytes. **awslogparse** decodes "
    "the envelope, routes its events by log group to `rds` (slow query shapes only) and types "
    "each entry with the envelope's fields; the **hand-written** route decodes it with "
    "`json.loads` and matches one regular expression per event, building a dict of the "
    "entry's values and the envelope's (`datetime.fromisoformat` for `# Time`).",
}


def _mb(value: float) -> str:
    return f"{value / 1e6:,.1f} MB"


def _ratio(value: float) -> str:
    """A ratio cut (not rounded) to two decimals, so that one shown at its goal met it."""
    return f"{math.floor(value * 100) / 100:.2f}x"


def render(sections: list[Section], info: dict[str, str], command: str, repeat: int) -> str:
    out = [
        "# Service log benchmarks",
        "",
        "How fast awslogparse reads API Gateway access logs, Lambda REPORT lines and RDS "
        "MySQL slow query entries, beside the hand-written code each replaces. Written by "
        "[`bench/service_bench.py`](../bench/service_bench.py); do not edit by hand.",
        "",
        f"Measured {info['date']} at commit {info['commit']} with `{command}`.",
        "",
        *_table(["machine", ""], [[k, v] for k, v in info.items() if k not in ("date",
                                                                             "commit")]),
        "",
        f"Each case ran {repeat} times, the cases of a section interleaved round by round with "
        "the order reversed every other round; figures are medians of wall time, ratios are of "
        "medians measured in the same run. max/min is the slowest run over the fastest (how "
        "noisy the machine was); CPU s is the median CPU time of the process. MB/s counts the "
        "input's bytes (10^6). Every route starts from the same decompressed bytes in memory. "
        "The machine has 2 cores and may have been shared with other work: the 1-minute load "
        "average is given per section.",
        "",
        "## Summary",
        "",
    ]
    rows = []
    for s in sections:
        ratio = s.ratio()
        theirs = s.case(s.theirs).label
        target = f">= {s.target:g}x" if s.target is not None else "(none)"
        rows.append([f"{s.title}: awslogparse over {theirs}", _ratio(ratio), target,
                     _verdict(ratio, s.target) if s.target is not None else ""])
        if s.name == "lambda_report":
            single = s.ratio("parse_line", "hand")
            rows.append([f"{s.title}: parse_line per line over {theirs}", _ratio(single),
                         "(none)", ""])
    out += _table(["", "figure (records/s of the first over the second's, cut to 2 decimals)",
                   "target",
                   "verdict"], rows)
    out += ["", "## Input", "", GENERATED, ""]
    for s in sections:
        out += [
            f"## {s.title}",
            "",
            f"{s.units:,} units, {_mb(s.raw_bytes)}. Load average {_fmt_load(s.loads[0])} at "
            f"the start, {_fmt_load(s.loads[1])} at the end.",
            "",
            f"Checked before timing: every route read {s.units:,} units with no error, and "
            f"the first {s.checks['compared']:,} agree value by value (each value the "
            "hand-written route gives equals our record's).",
            "",
        ]
        table = []
        for case in s.cases:
            table.append([case.label, f"{case.median:.3f}", f"{min(case.times):.3f}",
                          f"{s.raw_bytes / 1e6 / case.median:,.1f}",
                          f"{s.units / case.median:,.0f}", f"{case.spread:.2f}",
                          f"{statistics.median(case.cpu):.2f}"])
        out += _table(["case", "median s", "min s", "MB/s", "records/s", "max/min", "CPU s"],
                      table)
        out += ["", ROUTES[s.name], ""]
        if s.profile:
            out += ["Profile of the awslogparse case (the first tenth of the input; cProfile, "
                    "which inflates per-call costs):", "", "```", s.profile, "```", ""]
    return "\n".join(out).rstrip() + "\n"


def machine() -> dict[str, str]:
    return harness_machine(gzip=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES,
                        help="lines of each API Gateway file and of the Lambda file")
    parser.add_argument("--entries", type=int, default=DEFAULT_ENTRIES,
                        help="RDS slow query entries (in envelopes of 250)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sections", nargs="+", default=list(SECTIONS), choices=SECTIONS)
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args(argv)
    command = "python -m bench.service_bench" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))

    def say(text: str) -> None:
        print(text, flush=True)

    info = machine()
    sections = []
    for name in args.sections:
        started = time.perf_counter()
        sections.append(run_section(name, args.lines, args.entries, args.repeat, say))
        say(f"{name}: done in {time.perf_counter() - started:,.0f} s")
    text = render(sections, info, command, args.repeat)
    publish(text, DOC, not args.no_doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
