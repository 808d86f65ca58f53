"""``python -m awslogparse.demo [SAMPLES] [OUT]``: convert the sample logs, then show what came out.

This is what ``make demo`` runs. It converts every log file under SAMPLES (default ``samples``)
to a Parquet dataset under OUT (default ``out``) with :func:`awslogparse.convert`, as
``awslogparse convert`` does, prints per file the format, row and error counts and why the
format was detected, then reads each format's dataset back with pyarrow (Hive partitions
included) and prints a few summaries. Needs only ``pip install 'awslogparse[arrow]'``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from awslogparse.cli import ARROW_HINT, format_table, plural
from awslogparse.conversion import ConvertReport, InputFile, TaskResult, collect_inputs, convert
from awslogparse.conversion.destination import DestinationError
from awslogparse.jsontext import record_value
from awslogparse.model import SourceError

NOT_LOGS = {".md", ".py", ".txt", ".rst"}
"""Files beside the samples that are documentation or code, not logs."""
AWS_NAME_PREFIX = re.compile(r"^\d{12}_[A-Za-z-]+_[a-z0-9-]+_")
"""``<account>_<service>_<region>_`` at the start of AWS's log file names."""
REASON_DETAIL = re.compile(r" \([^()]*\.\.\.\)$")
PORTS = {22: "ssh", 23: "telnet", 53: "dns", 80: "http", 389: "ldap", 443: "https", 445: "smb",
         3389: "rdp", 5432: "postgres", 6379: "redis", 8080: "http-alt"}
FIRST_ROWS = ["start", "interface_id", "srcaddr", "srcport", "dstaddr", "dstport", "protocol",
              "packets", "bytes", "action", "log_status"]


def title(text: str) -> str:
    return f"\n{text}\n{'-' * len(text)}"


def short_name(name: str) -> str:
    """AWS log file names start with account, service and region: elide them for the tables."""
    return AWS_NAME_PREFIX.sub("…_", name)


def short_reason(reason: str) -> str:
    return REASON_DETAIL.sub("", reason)


def iso(value: Any) -> str:
    text = record_value(value) if value is not None else "-"
    return str(text).replace("T", " ")


def common_dir(paths: Sequence[Path]) -> Path | None:
    if not paths:
        return None
    common = Path(os.path.commonpath([str(p.parent) for p in paths]))
    return common


def shown(path: Path, base: Path | None) -> str:
    if base is not None:
        try:
            return short_name(str(path.relative_to(base)))
        except ValueError:
            pass
    return str(path)


# ---- what the conversion found


def print_files(report: ConvertReport, out: Path) -> None:
    results = report.inputs
    paths = [Path(r.display) for r in results]
    base = common_dir(paths)
    print(title(f"Files ({len(results)})"))
    if base is not None:
        print(f"in {base}{os.sep}")
    rows: list[list[Any]] = []
    for r, path in zip(results, paths, strict=True):
        if r.status == "failed":
            rows.append([shown(path, base), "-", "-", "-", "-", f"SKIPPED: {r.failure}"])
        else:
            rows.append([shown(path, base), r.format, r.rows, r.errors, len(r.outputs),
                         short_reason(r.detected_by)])
    print(format_table(["file", "format", "rows", "errors", "files",
                        "how the format was detected"], rows, right=(2, 3, 4), indent="  "))
    print(f"\nTotal: {plural(len(report.converted), 'file')} converted, "
          f"{len(report.failed)} unreadable; {plural(report.rows, 'row')}, "
          f"{plural(report.errors, 'bad line')} reported (not fatal).")
    written = sorted({out / rel for r in results for rel in r.outputs})  # (inputs share some)
    size = sum(p.stat().st_size for p in written)
    formats = sorted({r.format for r in results if r.outputs})
    print(f"Wrote {plural(len(written), 'Parquet file')} ({size / 1024:.0f} KiB, zstd) "
          f"under {out}{os.sep}: {plural(len(formats), 'dataset')}, one per format, "
          "partitioned as format=/account_id=/region=/date=.")


def print_errors(report: ConvertReport) -> None:
    if not report.errors_file:
        return
    print(title(f"Bad lines ({report.errors})"))
    print("Every bad line of the run is kept in one NDJSON file, with its source, line number, "
          "reason and raw text:")
    print(f"  {report.errors_file}")
    by_source: dict[str, list[dict[str, Any]]] = {}
    with open(report.errors_file, encoding="utf-8") as fh:
        for text in fh:
            err = json.loads(text)
            by_source.setdefault(err["source"], []).append(err)
    base = common_dir([Path(s) for s in by_source])
    for source, errors in sorted(by_source.items()):
        print(f"  {shown(Path(source), base)}")
        for err in errors:
            where = f"line {err['line']}" + (f" {err['pointer']}" if err.get('pointer') else "")
            print(f"    {where}: {err['reason']}")
            print(f"      raw: {_short(str(err['raw']), 100)}")


# ---- what the Parquet output holds


def read_outputs(report: ConvertReport, out: Path) -> dict[str, Any]:
    """Each format's files of this run read back as one dataset, its Hive partition values
    (account, Region, date) as columns, typed as text so account ids keep leading zeros."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    by_format: dict[str, list[str]] = {}
    for r in report.inputs:  # (by the files' dataset: a CloudWatch payload's are its events')
        for rel in r.outputs:
            head = rel.split("/", 1)[0]
            fmt = head.removeprefix("format=") if head.startswith("format=") else r.format
            by_format.setdefault(fmt, []).append(str(out / rel))
    tables = {}
    for fmt, found in sorted(by_format.items()):
        files = sorted(set(found))  # (small inputs share files)
        if not files:
            continue
        keys = [part.split("=", 1)[0] for part in Path(files[0]).relative_to(out).parts[:-1]]
        hive = ds.partitioning(pa.schema([(k, pa.string()) for k in keys]), flavor="hive")
        tables[fmt] = ds.dataset(files, format="parquet", partitioning=hive,
                                 partition_base_dir=str(out)).to_table()
    return tables


def print_formats(tables: dict[str, Any], results: Sequence[TaskResult]) -> None:
    import pyarrow.compute as pc

    rows = []
    for fmt, table in tables.items():
        files = len({o for r in results if r.format == fmt for o in r.outputs})
        times = [pc.min_max(table.column(c)) for c in time_columns(table)]
        first = min((t["min"].as_py() for t in times if t["min"].is_valid), default=None)
        last = max((t["max"].as_py() for t in times if t["max"].is_valid), default=None)
        rows.append([fmt, files, table.num_rows, table.num_columns, iso(first), iso(last)])
    print(title("Rows per format (read back from the Parquet files)"))
    print(format_table(["format", "files", "rows", "columns", "earliest time", "latest time"],
                       rows, right=(1, 2, 3), indent="  "))


def time_columns(table: Any) -> list[str]:
    """The table's timestamp columns, whatever the format calls them."""
    import pyarrow.types as pa_types

    return [f.name for f in table.schema if pa_types.is_timestamp(f.type)]


def print_rows(fmt: str, table: Any, count: int = 3, width: int = 8) -> None:
    """A few rows of any format: the first columns that hold a value in those rows."""
    import pyarrow.types as pa_types

    head = table.slice(0, count)
    columns = [c for c in table.column_names if not c.startswith("_")
               and head.column(c).null_count < head.num_rows][:width]
    rows = [[iso(r[c]) if isinstance(r[c], datetime) else
             ("-" if r[c] is None else _short(str(r[c]))) for c in columns]
            for r in head.select(columns).to_pylist()]
    print(title(f"First {min(count, table.num_rows)} {fmt} records "
                f"({len(columns)} of {table.num_columns} columns)"))
    numeric = [i for i, c in enumerate(columns)
               if pa_types.is_integer(table.schema.field(c).type)
               or pa_types.is_floating(table.schema.field(c).type)]
    print(format_table(columns, rows, right=numeric, indent="  "))


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def print_actions(vpc: Any) -> None:
    summary = vpc.group_by(["action", "log_status"]).aggregate(
        [([], "count_all"), ("packets", "sum"), ("bytes", "sum")])
    summary = summary.sort_by([("count_all", "descending")])
    rows = [[r["action"] or "-", r["log_status"], r["count_all"], _num(r["packets_sum"]),
             _num(r["bytes_sum"])] for r in summary.to_pylist()]
    print(title("VPC flow records by action"))
    print(format_table(["action", "log status", "records", "packets", "bytes"], rows,
                       right=(2, 3, 4), indent="  "))
    print("  (NODATA: the interface saw no traffic; SKIPDATA: records were dropped; neither has "
          "an action)")


def print_rejects(vpc: Any) -> None:
    import pyarrow.compute as pc

    rejected = vpc.filter(pc.equal(vpc.column("action"), "REJECT"))
    if not rejected.num_rows:
        return
    summary = rejected.group_by(["dstport", "reject_reason"]).aggregate(
        [([], "count_all"), ("srcaddr", "count_distinct")])
    summary = summary.sort_by([("count_all", "descending"), ("dstport", "ascending")])
    rows = [[r["dstport"], PORTS.get(r["dstport"], ""), r["count_all"],
             r["srcaddr_count_distinct"], r["reject_reason"] or "-"]
            for r in summary.to_pylist()]
    print(title("Rejected traffic by destination port"))
    print(format_table(["port", "service", "records", "sources", "reject reason"], rows,
                       right=(0, 2, 3), indent="  "))
    print("  (reject-reason is a version 8 field: BPA = VPC Block Public Access; '-' where the "
          "file has no such field or a security group or network ACL rejected)")


def print_talkers(vpc: Any, top: int = 5) -> None:
    import pyarrow.compute as pc

    sent = vpc.filter(pc.is_valid(vpc.column("bytes")))
    summary = sent.group_by("srcaddr").aggregate(
        [("bytes", "sum"), ([], "count_all"), ("dstaddr", "count_distinct")])
    summary = summary.sort_by([("bytes_sum", "descending")]).slice(0, top)
    rows = [[r["srcaddr"], _num(r["bytes_sum"]), r["count_all"], r["dstaddr_count_distinct"]]
            for r in summary.to_pylist()]
    print(title(f"Top {top} talkers by bytes sent (VPC flow logs)"))
    print(format_table(["source address", "bytes", "records", "peers"], rows,
                       right=(1, 2, 3), indent="  "))


def print_tgw(tgw: Any) -> None:
    import pyarrow.compute as pc

    lost_columns = ["packets_lost_no_route", "packets_lost_blackhole",
                    "packets_lost_mtu_exceeded", "packets_lost_ttl_expired"]
    summary = tgw.group_by(["tgw_attachment_id", "flow_direction"]).aggregate(
        [([], "count_all"), ("bytes", "sum"), *[(c, "sum") for c in lost_columns]])
    summary = summary.sort_by([("tgw_attachment_id", "ascending"),
                               ("flow_direction", "descending")])
    rows = []
    for r in summary.to_pylist():
        lost = [r[f"{c}_sum"] or 0 for c in lost_columns]
        why = ", ".join(f"{n} {c.removeprefix('packets_lost_').replace('_', ' ')}"
                        for n, c in zip(lost, lost_columns, strict=True) if n)
        rows.append([r["tgw_attachment_id"], r["flow_direction"], r["count_all"],
                     _num(r["bytes_sum"]), why or "-"])
    print(title("Transit gateway attachments"))
    print(format_table(["attachment", "direction", "records", "bytes", "packets lost"], rows,
                       right=(2, 3), indent="  "))
    total = sum(pc.sum(tgw.column(c)).as_py() or 0 for c in lost_columns)
    print(f"  ({plural(total, 'packet')} lost in all; each flow is logged as it enters and "
          "as it leaves the gateway)")


def print_first_rows(vpc: Any, count: int = 5) -> None:
    import pyarrow.types as pa_types

    columns = [c for c in FIRST_ROWS if c in vpc.column_names]
    head = vpc.select(columns).sort_by("start").slice(0, count).to_pylist()
    rows = [[iso(r[c]) if c == "start" else ("-" if r[c] is None else r[c]) for c in columns]
            for r in head]
    print(title(f"Earliest {count} VPC flow records (a few of the {vpc.num_columns} columns)"))
    numeric = [i for i, c in enumerate(columns) if pa_types.is_integer(vpc.schema.field(c).type)]
    print(format_table(columns, rows, right=numeric, indent="  "))


def _num(value: Any) -> str:
    return "-" if value is None else f"{value:,}"


def _command(name: str) -> str:
    """How to run an installed script from here (e.g. ``.venv/bin/awslogparse``)."""
    script = Path(sys.executable).parent / name
    if script.exists():
        rel = os.path.relpath(script)
        return rel if not rel.startswith("..") else str(script)
    return name


def print_next_steps(report: ConvertReport, samples: Path, out: Path) -> None:
    cli = _command("awslogparse")
    example = next((r for r in report.inputs if r.errors), None) or next(
        (r for r in report.converted), None)
    print(title("Try next"))
    if example is not None:
        print(f"  {cli} cat {example.display} --limit 3")
    print(f"  {cli} detect {samples}")
    print(f"  {cli} schema vpcflow")
    print(f"  {cli} convert {samples} -o {out} --dry-run   # what a conversion would read")
    print(f"  {cli} convert {samples} -o {out}   # a rerun skips what is done")
    print(f"  duckdb -c \"SELECT action, count(*) FROM read_parquet('{out}/format=vpcflow/**/"
          "*.parquet', hive_partitioning=true) GROUP BY ALL\"")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m awslogparse.demo",
        description="Convert sample AWS logs to Parquet and summarise the result.")
    parser.add_argument("samples", nargs="?", default="samples", help="folder of log files")
    parser.add_argument("out", nargs="?", default="out", help="output folder for Parquet")
    args = parser.parse_args(argv)
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print(f"awslogparse demo: error: the demo needs pyarrow: {ARROW_HINT}", file=sys.stderr)
        return 1
    samples, out = Path(args.samples), Path(args.out)
    if not samples.is_dir():
        print(f"awslogparse demo: error: no such folder: {samples}", file=sys.stderr)
        return 1
    found = collect_inputs([samples], exclude=out)
    logs: list[InputFile] = [f for f in found if f.path.suffix not in NOT_LOGS]
    others = [f.path.name for f in found if f.path.suffix in NOT_LOGS]
    print("awslogparse demo")
    print("================")
    print(f"Converting the {plural(len(logs), 'log file')} under {samples}{os.sep} to Parquet "
          f"under {out}{os.sep},\nas `awslogparse convert` does"
          + (f" (not converted, not logs: {', '.join(others)})." if others else "."))
    try:  # force: the demo shows a conversion every time, not a rerun that skips everything
        report = convert(logs, out, force=True)
    except (SourceError, DestinationError) as exc:
        print(f"awslogparse demo: error: {exc}", file=sys.stderr)
        return 1
    print_files(report, out)
    print_errors(report)
    tables = read_outputs(report, out)
    if tables:
        print_formats(tables, report.inputs)
    vpc = tables.get("vpcflow")
    if vpc is not None and vpc.num_rows:
        print_actions(vpc)
        print_rejects(vpc)
        print_talkers(vpc)
    tgw = tables.get("tgwflow")
    if tgw is not None and tgw.num_rows:
        print_tgw(tgw)
    if vpc is not None and vpc.num_rows:
        print_first_rows(vpc)
    for fmt, table in tables.items():
        if fmt not in ("vpcflow", "tgwflow") and table.num_rows:
            print_rows(fmt, table)
    print_next_steps(report, samples, out)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
