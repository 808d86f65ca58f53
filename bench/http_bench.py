"""HTTP access log benchmarks: ALB and CloudFront standard logs, awslogparse against its peer.

``python -m bench.http_bench`` generates (once) production-like gzip files under ``bench/data/``
with ``bench/gen_http.py`` (1,000,000 data lines each), then measures, interleaved round by
round (so drift on a shared machine hits every case alike), for each format:

(1) typed dicts: ``awslogparse.iter_records`` against aws-log-parser 3.0.2 iterating the whole
    file (``AwsLogParser(log_type=...).read_file``: every line to its dataclass model), as
    whole runs and in lockstep (both iterations in one process, 10,000 lines of each in turn,
    each step timed: see ``bench.harness.lockstep``; the verdict is on this one);
(2) Parquet: ``awslogparse.write_parquet`` (the Arrow fast path, zstd) against the same peer
    iteration, and beside it a plain pipeline that types nothing: ``pyarrow.csv.read_csv`` with
    the format's delimiter and quoting (escape-aware: ALB writes ``\\x22``, so ``"`` always
    closes; CloudFront has no quoting) + ``pyarrow.parquet.write_table`` (zstd).

Row counts are checked before any timing: every reader must account for every data line, or
the run stops. aws-log-parser cannot read some production lines (IPv6 ``ip:port``: it splits on
every colon); its ``read_file`` stops at the first, so where that happens the peer runs the same
steps (its ``FileIterator``, ``csv.reader``, ``to_python`` per field, the model) with a ``try``
around each line, and its rejected lines are counted and reported. A rejected line costs it
less than a parsed one, so this favours the peer.

It prints a table and writes ``docs/benchmarks_http.md`` with the command that produced it.
Quick run while developing: ``python -m bench.http_bench --lines 200000 --repeat 2 --no-doc``.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gzip
import itertools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.harness import Case, Lockstep, interleave, lockstep, publish
from bench.harness import fmt_load as _fmt_load
from bench.harness import machine as harness_machine
from bench.harness import table as _table
from bench.harness import verdict as _verdict
from bench.run import load_average, profile, uncompressed_size

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
DOC = ROOT / "docs" / "benchmarks_http.md"
DEFAULT_LINES = 1_000_000
TARGET_RECORDS = 6.0
"""(1): our lines/s over aws-log-parser's, typed dicts."""
TARGET_PARQUET = 10.0
"""(2): our lines/s to Parquet over aws-log-parser's full iteration."""
LOCKSTEP_STEP = 10_000
"""Lines per step of the lockstep typed-dicts measurement (a step is 0.1-1 s here)."""
CHECK_ROWS = 2000
"""Lines compared value by value between awslogparse and the peer before timing."""
FORMATS = {"alb": "LoadBalancer", "cloudfront": "CloudFront"}
"""Our format name -> aws-log-parser's LogType attribute."""
HEADER_LINES = {"alb": 0, "cloudfront": 2}


# ---- timing: bench/harness.py (shared with json_bench); bench/run.py's helpers serve the flow
# ---- log benchmark and change with it


def parquet_shape(path: Path) -> tuple[int, int, int]:
    """(columns, row groups, bytes) of a Parquet file."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    return len(pf.schema_arrow), pf.metadata.num_row_groups, path.stat().st_size


# ---- data


def data_file(kind: str, lines: int, say: Callable[[str], None]) -> Path:
    path = DATA / f"{kind}-{lines}.log.gz"
    if not path.exists():
        from bench.gen_http import write

        DATA.mkdir(parents=True, exist_ok=True)
        say(f"generating {path.relative_to(ROOT)} ({lines:,} lines) with bench/gen_http.py ...")
        tmp = path.with_suffix(".tmp")
        write(kind, tmp, lines)
        tmp.replace(path)
    return path


# ---- the readers


def ours_records(path: Path, kind: str) -> int:
    import awslogparse

    count = 0
    for _record in awslogparse.iter_records(path, kind):
        count += 1
    return count


def ours_parquet(path: Path, kind: str, out: Path) -> int:
    import awslogparse

    result = awslogparse.write_parquet(path, out, kind)
    if result.stats.errors:
        raise RuntimeError(f"{kind}: {result.stats.errors} lines failed")
    return int(result.stats.records)


def ours_arrow(path: Path, kind: str) -> int:
    """The Arrow fast path without Parquet: how much of (2) is parsing."""
    import awslogparse

    batches = awslogparse.iter_batches(path, kind)
    rows = int(sum(batch.num_rows for batch in batches))
    if batches.errors or batches.slow_blocks:
        raise RuntimeError(f"{kind}: {len(batches.errors)} errors, {batches.slow_blocks} blocks "
                           "on the reference path")
    return rows


def _peer(kind: str) -> Any:
    from aws_log_parser import AwsLogParser, LogType

    return AwsLogParser(log_type=getattr(LogType, FORMATS[kind]))


def peer_rows(path: Path, kind: str) -> Iterator[Any]:
    """aws-log-parser over every data line, each in a ``try``: its model, or the exception
    that rejected the line."""
    from dataclasses import fields

    from aws_log_parser.interface import to_python
    from aws_log_parser.io import FileIterator

    log_type = _peer(kind).log_type
    model = log_type.model
    model_fields = fields(model)
    for row in csv.reader(FileIterator(path, gzipped=True), delimiter=log_type.delimiter):
        if row[0].startswith("#"):
            continue
        try:
            yield model(*[to_python(value, f) for value, f in zip(row, model_fields,
                                                                    strict=False)])
        except Exception as exc:  # whatever the peer raises: a rejected line
            yield exc


def peer_counts(path: Path, kind: str) -> tuple[int, int, dict[str, int]]:
    """aws-log-parser over every line, each in a ``try``: (parsed, rejected, reasons)."""
    parsed = rejected = 0
    reasons: dict[str, int] = {}
    for outcome in peer_rows(path, kind):
        if isinstance(outcome, Exception):
            rejected += 1
            reason = f"{type(outcome).__name__}: {str(outcome)[:60]}"
            reasons[reason] = reasons.get(reason, 0) + 1
        else:
            parsed += 1
    return parsed, rejected, reasons


def peer_read_file(path: Path, kind: str) -> int:
    """aws-log-parser's public API, as its README shows it: every entry of ``read_file``."""
    count = 0
    for _entry in _peer(kind).read_file(path):
        count += 1
    return count


def peer_tolerant(path: Path, kind: str) -> int:
    """``read_file``'s steps with a ``try`` per line (where ``read_file`` itself would stop)."""
    return sum(1 for _ in peer_rows(path, kind))


def plain_parquet(path: Path, kind: str, out: Path) -> int:
    """pyarrow.csv + write_table: no types beyond inference, no nulls, no splits, no decoding;
    rows of another width than the first are skipped (pyarrow.csv reads one width)."""
    import pyarrow.parquet as pq

    table = plain_read(path, kind)
    pq.write_table(table, out, compression="zstd")
    return int(table.num_rows)


def plain_read(path: Path, kind: str) -> Any:
    import pyarrow.csv as pacsv

    width = _first_width(path, kind)
    names = [f"c{i}" for i in range(width)]
    tab = kind == "cloudfront"
    return pacsv.read_csv(
        str(path),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=HEADER_LINES[kind]),
        parse_options=pacsv.ParseOptions(
            delimiter="\t" if tab else " ", quote_char=False if tab else '"',
            double_quote=False, escape_char=False, invalid_row_handler=lambda row: "skip"),
    )


def _first_width(path: Path, kind: str) -> int:
    from awslogparse.parsers.delimited import split_quoted

    with gzip.open(path, "rt", encoding="utf-8") as fh:
        line = next(itertools.islice(fh, HEADER_LINES[kind], None)).rstrip("\n")
    return line.count("\t") + 1 if kind == "cloudfront" else len(split_quoted(line))


# ---- checks before timing


def check_values(path: Path, kind: str, limit: int) -> int:
    """The first ``limit`` lines the peer can read must hold the same values in both readers
    (status, bytes, time, client address), so the two are timed doing the same job."""
    from dataclasses import fields

    from aws_log_parser.interface import to_python
    from aws_log_parser.io import FileIterator

    import awslogparse

    log_type = _peer(kind).log_type
    model_fields = fields(log_type.model)
    ours = awslogparse.iter_records(path, kind)
    rows = (r for r in csv.reader(FileIterator(path, gzipped=True), delimiter=log_type.delimiter)
            if not r[0].startswith("#"))
    compared = 0
    for record, row in zip(ours, itertools.islice(rows, limit * 2), strict=False):
        try:
            theirs = log_type.model(*[to_python(v, f) for v, f in zip(row, model_fields,
                                                                      strict=False)])
        except Exception:  # a line the peer rejects: nothing to compare
            continue
        if kind == "alb":
            pairs = [(record["elb_status_code"], theirs.elb_status_code),
                     (record["sent_bytes"], theirs.sent_bytes),
                     (record["time"], theirs.timestamp),
                     (record["client_ip"], theirs.client.ip)]
            if record["request_url"] is not None:  # ("- - -": ours null, theirs "-")
                pairs.append((record["request_url"], theirs.http_request.url))
        else:
            pairs = [(record["sc_status"], theirs.status_code),
                     (record["sc_bytes"], theirs.sent_bytes),
                     (record["timestamp"], theirs.timestamp),
                     (record["c_ip"], theirs.client_ip),
                     (record["cs_user_agent"], theirs.user_agent)]
        for mine, other in pairs:
            if mine != other:
                raise RuntimeError(f"{kind} line {compared + 1}: {mine!r} here, {other!r} in "
                                   f"aws-log-parser")
        compared += 1
        if compared >= limit:
            break
    return compared


def count_check(path: Path, kind: str, lines: int, say: Callable[[str], None]
                ) -> dict[str, Any]:
    """Every reader accounts for every data line, or the run stops here."""
    ours = ours_records(path, kind)
    parsed, rejected, reasons = peer_counts(path, kind)
    plain = int(plain_read(path, kind).num_rows)
    say(f"  {kind}: ours {ours:,} records; aws-log-parser {parsed:,} parsed + {rejected:,} "
        f"rejected; plain pyarrow.csv {plain:,} rows")
    if ours != lines:
        raise SystemExit(f"{kind}: awslogparse read {ours} records of {lines} lines: not timing")
    if parsed + rejected != lines:
        raise SystemExit(f"{kind}: aws-log-parser saw {parsed + rejected} of {lines} lines: "
                         "not timing")
    compared = check_values(path, kind, CHECK_ROWS)
    return {"parsed": parsed, "rejected": rejected, "reasons": reasons, "plain_rows": plain,
            "compared": compared}


# ---- running


@dataclasses.dataclass
class FormatRun:
    kind: str
    path: Path
    lines: int
    raw_bytes: int
    gz_bytes: int
    counts: dict[str, Any]
    cases: list[Case]
    loads: tuple[float | None, float | None]
    parquet_files: dict[str, tuple[int, int, int]]
    lockstep: Lockstep
    profile: str = ""

    def case(self, key: str) -> Case:
        return next(c for c in self.cases if c.key == key)

    def ratio(self, ours: str, theirs: str) -> float:
        return self.case(theirs).median / self.case(ours).median


def run_format(kind: str, lines: int, repeat: int, workdir: Path, say: Callable[[str], None]
               ) -> FormatRun:
    import awslogparse

    path = data_file(kind, lines, say)
    counts = count_check(path, kind, lines, say)
    peer_fn = peer_tolerant if counts["rejected"] else peer_read_file
    peer_label = ("aws-log-parser 3.0.2, read_file steps + try per line" if counts["rejected"]
                  else "aws-log-parser 3.0.2, read_file")
    ours_pq, plain_pq = workdir / f"{kind}-ours.parquet", workdir / f"{kind}-plain.parquet"
    cases = [
        Case("ours_records", "awslogparse.iter_records (typed dicts)",
             lambda: ours_records(path, kind)),
        Case("peer", peer_label, lambda: peer_fn(path, kind)),
        Case("ours_parquet", "awslogparse.write_parquet (Arrow fast path, zstd)",
             lambda: ours_parquet(path, kind, ours_pq)),
        Case("plain_parquet", "plain pyarrow.csv + write_table (zstd)",
             lambda: plain_parquet(path, kind, plain_pq)),
        Case("ours_arrow", "awslogparse.iter_batches (Arrow fast path, no Parquet)",
             lambda: ours_arrow(path, kind)),
    ]
    before = load_average()
    say(f"{kind}: {repeat} interleaved rounds")
    interleave(cases, repeat, say)
    say(f"{kind}: typed dicts and the peer in lockstep, {LOCKSTEP_STEP:,} lines a step")
    steps = lockstep(lambda: awslogparse.iter_records(path, kind),
                     lambda: peer_rows(path, kind) if counts["rejected"]
                     else _peer(kind).read_file(path),
                     ("awslogparse.iter_records", peer_label), LOCKSTEP_STEP)
    after = load_average()
    if steps.counts[0] != lines:
        raise SystemExit(f"lockstep: {steps.counts[0]} records, expected {lines}")
    for case in cases:
        expected = counts["plain_rows"] if case.key == "plain_parquet" else lines
        if case.rows != expected:
            raise SystemExit(f"{case.label}: {case.rows} rows, expected {expected}")
    run = FormatRun(kind, path, lines, uncompressed_size(path), path.stat().st_size, counts,
                    cases, (before, after),
                    {k: parquet_shape(p) for k, p in (("ours", ours_pq), ("plain", plain_pq))},
                    steps)
    if steps.ratio < TARGET_RECORDS:
        sample = 100_000

        def head() -> int:
            return sum(1 for _ in itertools.islice(awslogparse.iter_records(path, kind), sample))
        run.profile = profile(head)
    return run


# ---- report





GENERATED = """\
Both files come from `bench/gen_http.py` (seeded, so every run reads the same bytes), written
the way AWS writes them and varied the way production traffic is:

- **ALB**: request types `https`, `h2`, `http`, `grpcs`, `wss`, `ws` with their TLS columns
  (`-` on plain HTTP); about 50,000 clients, a fifth IPv6 (unbracketed `addr:port`), 48 targets
  (8 IPv6); status mix mostly 200 with 201/204/206/3xx/4xx/5xx/460/463, where 502/503/460/463
  have target `-`, target status `-` and `-1` timings, 504 the same but with a real request
  processing time (`-1` target and response times), and a few aborted requests have `-1`
  target/response timings; request lines with query strings, `%20`, raw spaces inside the URL,
  gRPC and WebSocket URLs and some `- - -`; user agents with spaces and `\\x22` (a double quote
  as ALB writes it) and some `-`; trace ids with `Self=`; WAF, redirect, fixed-response and
  authenticate actions, a few Lambda/auth error reasons and desync classifications. Four column
  sets in runs of a quarter of the file each, as old and new deliveries concatenated: 29 columns
  (2020-2024), 30 (`conn_trace_id`), 33 (the transform columns) and 34 (`ip_address`).
- **CloudFront** (standard logs, legacy format): `#Version`/`#Fields` header with the 33-field
  layout; 120 edge locations; a quarter IPv6 clients; percent-encoded user agents, referers,
  paths and query strings, some double-encoded (`%2520`, `%253D`) and some UTF-8 (`%C3%A9`,
  `%E2%80%94`); cookies; status `000` for viewers that went away; `Hit`/`Miss`/`RefreshHit`/
  `Error`/`LimitExceeded`/`Redirect` with detailed results (`OriginShieldHit`,
  `ClientCommError`, ...); HTTP/1.1, 2.0 and 3.0; 206 range responses."""


def render(runs: list[FormatRun], info: dict[str, str], command: str, repeat: int) -> str:
    out = [
        "# HTTP access log benchmarks",
        "",
        "How fast awslogparse reads Application Load Balancer and CloudFront access logs "
        "against aws-log-parser, the peer people use for them. Written by "
        "[`bench/http_bench.py`](../bench/http_bench.py); do not edit by hand.",
        "",
        f"Measured {info['date']} at commit {info['commit']} with `{command}`.",
        "",
        *_table(["machine", ""], [[k, v] for k, v in info.items() if k not in ("date",
                                                                             "commit")]),
        "",
        f"Each case ran {repeat} times, the cases of a format interleaved round by round with "
        "the order reversed every other round; figures are medians of wall time, ratios are "
        "of medians measured in the same run. max/min is the slowest run over the fastest (how "
        "noisy the machine was); CPU s is the median CPU time of the whole process, all threads. "
        "MB/s counts uncompressed bytes (10^6), lines/s data lines. The machine has 2 cores and "
        "was shared with other work during the run: the 1-minute load average is given per "
        "format (the benchmark itself accounts for about 1, up to 2 during Arrow reads).",
        "",
        "The typed-dicts figure (1) is also measured in **lockstep**: our iteration and the "
        "peer's run over the same file side by side in one process, "
        f"{LOCKSTEP_STEP:,} lines of one, then {LOCKSTEP_STEP:,} of the other (which goes "
        "first alternates), each step timed; the figure is the peer's total time over ours. "
        "This machine's speed drifts by up to 2x over minutes (the same route measured 9.3 and "
        "17.4 us a line ten minutes apart), and a whole run of the peer lasts one to two "
        "minutes, so two whole runs one after the other can meet different machines; steps "
        "of a second or less meet the same one. The verdict is on (1); (1') gives the whole "
        "runs' ratio beside it.",
        "",
        "## Summary",
        "",
    ]
    rows = []
    for run in runs:
        r1 = run.lockstep.ratio
        r1_whole = run.ratio("ours_records", "peer")
        r2 = run.ratio("ours_parquet", "peer")
        r3 = run.ratio("ours_parquet", "plain_parquet")
        r4 = run.ratio("ours_arrow", "peer")
        rows += [
            [f"{run.kind}: (1) typed dicts vs aws-log-parser, in lockstep", f"{r1:.2f}x",
             f">= {TARGET_RECORDS:g}x", _verdict(r1, TARGET_RECORDS)],
            [f"{run.kind}: (1') typed dicts vs aws-log-parser, medians of whole runs",
             f"{r1_whole:.2f}x", "(see (1))", ""],
            [f"{run.kind}: (2) Parquet vs aws-log-parser", f"{r2:.2f}x",
             f">= {TARGET_PARQUET:g}x", _verdict(r2, TARGET_PARQUET)],
            [f"{run.kind}: (2') Parquet vs plain pyarrow.csv + write_table"
             + ("" if run.counts["plain_rows"] == run.lines else
                f" (no peer, only a yardstick: it reads {run.counts['plain_rows']:,} of the "
                f"{run.lines:,} rows; the figure is its time over ours)"),
             f"{r3:.2f}x", "(none)", ""],
            [f"{run.kind}: (2'') Arrow batches, no Parquet, vs aws-log-parser", f"{r4:.2f}x",
             "(none)", ""],
        ]
    out += _table(["", "figure (lines/s over the peer's)", "target", "verdict"], rows)
    out += ["", "## Input", "", GENERATED, ""]
    for run in runs:
        c = run.counts
        out += [
            f"## {run.kind}",
            "",
            f"`{run.path.relative_to(ROOT)}`: {run.lines:,} data lines, "
            f"{run.raw_bytes / 1e6:,.1f} MB uncompressed, {run.gz_bytes / 1e6:,.1f} MB gzip. "
            f"Load average {_fmt_load(run.loads[0])} at the start, "
            f"{_fmt_load(run.loads[1])} at the end.",
            "",
            f"Checked before timing: awslogparse read {run.lines:,} records, no errors; "
            f"aws-log-parser parsed {c['parsed']:,} lines and rejected {c['rejected']:,}; the "
            f"first {c['compared']:,} lines both read agree on status, bytes, time, client "
            f"address and URL/user agent. The plain pipeline read {c['plain_rows']:,} rows.",
            "",
        ]
        if c["rejected"]:
            reasons = "; ".join(f"{n:,} x `{r}`" for r, n in sorted(
                c["reasons"].items(), key=lambda kv: -kv[1]))
            out += [f"aws-log-parser rejects: {reasons}. Its `read_file` stops at the first of "
                    "these, so it is timed running `read_file`'s own steps with a `try` per "
                    "line; a rejected line costs it less than a parsed one.", ""]
        if c["plain_rows"] != run.lines:
            out += [f"The plain pipeline reads one width per file (the first line's): it skips "
                    f"the other {run.lines - c['plain_rows']:,} lines (one Python call each, "
                    "pyarrow.csv's `invalid_row_handler`; without one it stops at the first), "
                    "so it is no peer here, only a yardstick; it also types nothing beyond "
                    "inference, splits nothing and decodes nothing.", ""]
        steps = run.lockstep
        low, middle, high = steps.spread()
        out += [f"Lockstep (1): ours {sum(steps.times[0]):.2f} s, the peer "
                f"{sum(steps.times[1]):.2f} s over {len(steps.times[0])} steps of "
                f"{steps.step:,} lines each: **{steps.ratio:.2f}x** (CPU time "
                f"{steps.cpu_ratio:.2f}x); step by step the ratio had median {middle:.2f}x, "
                f"10th percentile {low:.2f}x, 90th {high:.2f}x.", ""]
        table = []
        for case in run.cases:
            mbs = run.raw_bytes / 1e6 / case.median
            table.append([case.label, f"{case.median:.2f}", f"{min(case.times):.2f}",
                          f"{mbs:,.1f}", f"{run.lines / case.median:,.0f}",
                          f"{case.spread:.2f}", f"{statistics.median(case.cpu):.2f}"])
        out += _table(["case", "median s", "min s", "MB/s", "lines/s", "max/min", "CPU s"],
                      table)
        shapes = run.parquet_files
        out += ["", f"Parquet written: ours {shapes['ours'][0]} columns, "
                f"{shapes['ours'][2] / 1e6:,.1f} MB; plain {shapes['plain'][0]} columns, "
                f"{shapes['plain'][2] / 1e6:,.1f} MB.", ""]
        if run.profile:
            out += ["Profile of the typed-dicts case (first 100,000 records, cProfile, "
                    "which inflates per-call costs):", "", "```", run.profile, "```", ""]
    return "\n".join(out).rstrip() + "\n"


def machine() -> dict[str, str]:
    return harness_machine({"pyarrow": "pyarrow", "aws-log-parser": "aws-log-parser"})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=DEFAULT_LINES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=list(FORMATS))
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args(argv)
    command = "python -m bench.http_bench" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))

    def say(text: str) -> None:
        print(text, flush=True)

    info = machine()
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.formats:
            started = time.perf_counter()
            runs.append(run_format(kind, args.lines, args.repeat, Path(tmp), say))
            say(f"{kind}: done in {time.perf_counter() - started:,.0f} s")
    text = render(runs, info, command, args.repeat)
    publish(text, DOC, not args.no_doc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
