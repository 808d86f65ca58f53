"""The ``awslogparse`` command: convert logs to Parquet, print them as NDJSON, detect formats.

    awslogparse convert INPUT... -o DEST [--partition-by COLS] [--jobs N] [--since D] [--until D]
                        [--dry-run] [--force] [--report FILE] [--format F] [--fields F]
    awslogparse cat INPUT [--format F] [--limit N] [--fields F] [--errors MODE] [--filter P]
    awslogparse count PATTERN INPUT... [--by minute|hour|day] [--format F] [--fields F]
    awslogparse detect INPUT...
    awslogparse formats
    awslogparse schema FORMAT [--json]

Exit status (:data:`EXIT_STATUS`): 0 on success (bad lines are reported, not fatal); 1 when an
input could not be read at all or its read broke off part-way, for a mistake such as a missing
file or an unknown format, and when ``--errors raise`` stopped at a bad line; 2 for invalid
arguments; 130 after Ctrl-C; 141 when the reader of stdout went away (``| head``). Messages are
one line, ``awslogparse: error: ...``, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, NoReturn, TextIO

import awslogparse
from awslogparse import registry
from awslogparse.conversion.destination import DestinationError
from awslogparse.conversion.inputs import (
    InputFile,
    collect_inputs,
    detect_head,
    detect_input,
    read_head,
)
from awslogparse.jsontext import record_value
from awslogparse.model import LineError, ParseError, Record, SourceError
from awslogparse.registry import HEAD_BYTES
from awslogparse.s3 import is_s3_url

PROG = "awslogparse"
ARROW_HINT = "pip install 'awslogparse[arrow]'"
EXIT_STATUS = (
    "Exit status: 0 ok (bad lines are reported, not fatal); 1 an input could not be read, or "
    "only in part (convert: an input failed; count: the others are counted; detect: an input "
    "of unknown format), a mistake such as a missing file or an unknown format, or cat "
    "--errors raise met a bad line; 2 invalid arguments; 130 interrupted "
    "(Ctrl-C; convert prints what it finished, and a rerun goes on from there); 141 stdout "
    "closed by its reader (as '| head' does), quietly.")


class UsageError(Exception):
    """Invalid command-line arguments (exit status 2)."""


# ---- output helpers


def dumps(record: Any) -> str:
    """One NDJSON line (without the newline)."""
    return json.dumps(record, default=record_value, separators=(",", ":"))


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def format_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *,
                 right: Iterable[int] = (), indent: str = "") -> str:
    """A plain-text table: a header, a rule, the rows; columns in ``right`` right-aligned."""
    body = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    align = set(right)

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if i in align else c.ljust(w)
                 for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return (indent + "  ".join(parts)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(row) for row in body]
    return "\n".join(out)


def _error(message: str) -> None:
    print(f"{PROG}: error: {message}", file=sys.stderr)


def _source_message(exc: BaseException | str) -> str:
    """A core error's text, worded for the command line."""
    return str(exc).replace("pass format=...", "pass --format")


# ---- inputs


def _check_format(fmt: str) -> str:
    """Fail early on an unknown ``--format`` (the message lists the known ones)."""
    if fmt != "auto":
        registry.get(fmt)
    return fmt


# ---- convert (the work is awslogparse.conversion's; this prints it)


def _describe_plan(planned: Sequence[Any], out: TextIO) -> None:
    rows = []
    for p in planned:
        facts = p.facts
        rows.append(["done" if p.finished else "convert", p.format or "?",
                     facts.account or "-", facts.region or "-",
                     facts.date.isoformat() if facts.date else "-", p.group or "-",
                     p.item.display, p.reason])
    print(format_table(["action", "format", "account", "region", "date", "group", "input",
                        "how the format was detected"], rows), file=out)
    todo = [p for p in planned if not p.finished]
    unknown = sum(1 for p in todo if not p.format)
    size = sum(p.item.size for p in todo)
    groups = {p.group for p in todo if p.group}
    grouped = sum(1 for p in todo if p.group)
    print(f"dry run: {plural(len(planned), 'input')}, {len(todo):,} to convert "
          f"({size:,} bytes; {grouped:,} of them small inputs sharing files in "
          f"{plural(len(groups), 'group')}), {len(planned) - len(todo):,} done before, "
          f"{unknown:,} of unknown format; nothing written", file=out)


def cmd_convert(args: argparse.Namespace) -> int:
    from awslogparse.conversion import convert, plan
    from awslogparse.conversion.api import nothing_found
    from awslogparse.conversion.report import describe, totals

    if args.dry_run:
        planned = plan(args.inputs, args.output, format=args.format, since=args.since,
                       until=args.until, force=args.force,
                       group_inputs=not args.file_per_input, jobs=args.jobs)
        if not planned:
            raise nothing_found(args.inputs, args.since, args.until)
        _describe_plan(planned, sys.stdout)
        return 0
    from awslogparse.conversion import ConversionInterrupted
    from awslogparse.conversion.memory import use_in_this_process

    use_in_this_process(worker=False)  # (its workers inherit the choice)
    try:
        report = convert(
            args.inputs, args.output, format=args.format, fields=args.fields,
            partition_by=args.partition_by, jobs=args.jobs, since=args.since,
            until=args.until, force=args.force, group_inputs=not args.file_per_input,
            row_group_rows=args.row_group_rows,
            max_file_rows=args.max_file_rows,
            buffer_bytes=args.buffer_mb * 1024 * 1024 if args.buffer_mb else None,
            progress=None if args.quiet else sys.stderr, report_file=args.report)
    except ConversionInterrupted as stop:  # what was done counts: say so, as a finished run
        if args.quiet:  # (else the progress stream said it already)
            print(f"{PROG}: {stop}", file=sys.stderr)
        print(totals(stop.report))
        return 130
    for result in report.inputs:
        if args.verbose or result.status == "failed":
            print(describe(result))
    print(totals(report))
    return 0 if report.ok else 1


# ---- cat


def _open_input(raw: str) -> Any:
    if raw == "-":
        return sys.stdin.buffer
    if is_s3_url(raw):
        return raw  # an object, or every object under a prefix: the readers open them
    path = Path(raw)
    if not path.exists():
        matches = _glob_files(raw)
        if matches:
            raise SourceError(f"cat reads one file, and {raw} is a glob matching "
                              f"{plural(len(matches), 'file')} (count, detect and convert take "
                              "globs)")
        raise SourceError(f"no such file: {raw}")
    if path.is_dir():
        raise SourceError(f"is a directory: {raw} (cat reads one file; convert walks folders)")
    return path


def _glob_files(pattern: str) -> list[str]:
    """The files a glob left to the command (quoted) matches; none for a plain name."""
    import glob

    from awslogparse.conversion.inputs import GLOB_CHARS

    if not GLOB_CHARS & set(pattern):
        return []
    return [m for m in glob.glob(pattern, recursive=True) if os.path.isfile(m)]


class RecordMatcher:
    """A filter pattern applied to records as CloudWatch Logs would see their events: JSON
    patterns read the record, the others its raw line, written back in the format that read the
    record (``_format``: a CloudWatch Logs delivery's event is its inner format's line) and in
    the record's own layout: for a delimited format, the wire columns its keys come from, as
    the header line or ``--fields`` gave them (``client:port`` for ``client_ip`` and
    ``client_port``, CloudFront's ``date time`` for ``timestamp``); else ``--fields``."""

    def __init__(self, text: str, fields: str | None = None) -> None:
        from awslogparse import filterpattern

        self.text = text
        self.fields = fields
        self.pattern = _compile_pattern(text)  # syntax errors surface before any input is read
        self._by_layout: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._compile = filterpattern.compile

    def matches(self, record: Record, fmt: str) -> bool:
        if self.pattern.kind == "json":
            return bool(self.pattern.matches(record))
        fmt = record.get("_format") or fmt
        keys = tuple(k for k in record if not k.startswith("_"))
        compiled = self._by_layout.get((fmt, keys))
        if compiled is None:
            compiled = self._for_layout(fmt, keys)
            self._by_layout[(fmt, keys)] = compiled
        return bool(compiled.matches(record))

    def _for_layout(self, fmt: str, keys: tuple[str, ...]) -> Any:
        from awslogparse.parsers.delimited import DelimitedFormat

        form = registry.get(fmt).format()
        fields: str | tuple[str, ...] | None = self.fields
        if isinstance(form, DelimitedFormat):
            schema = form.spec.schema
            columns: dict[str, None] = {}
            for key in keys:
                field = schema.get(key)
                for column in field.columns if field is not None else ():
                    columns.setdefault(column)
            fields = tuple(columns)
        try:
            compiled = self._compile(self.text, format=fmt, fields=fields)
        except NotImplementedError:  # (the format has no line writer)
            raise SourceError(f"{fmt} records cannot be written back as lines, which a "
                              f"{self.pattern.kind} pattern tests: use a JSON pattern "
                              "({ $.field = value })") from None
        return compiled


def _compile_pattern(text: str) -> Any:
    from awslogparse import filterpattern

    try:
        return filterpattern.compile(text)
    except filterpattern.FilterPatternError as exc:
        raise SourceError(f"filter pattern: {exc}") from None


def _read_failures_named(records: Iterable[Record], name: str) -> Iterator[Record]:
    """``records``, an ``OSError`` raised reading them (one that opened but cannot be read: an
    I/O error) a :class:`SourceError` naming the source (the error alone does not)."""
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except OSError as exc:
            raise SourceError(f"{name}: {exc.strerror or exc}") from exc
        yield record


def cmd_cat(args: argparse.Namespace) -> int:
    source = _open_input(args.input)
    reader: Any = awslogparse.iter_records(source, args.format, errors=args.errors,
                                           fields=args.fields)
    records: Iterable[Record] = _read_failures_named(
        reader, "<stdin>" if args.input == "-" else args.input)
    out, err = sys.stdout, sys.stderr
    if args.filter is not None:
        matcher, matched = RecordMatcher(args.filter, args.fields), records
        records = (r for r in matched if matcher.matches(r, reader.stats.format))
    records_errors = reader

    reported = 0  # errors of ``records_errors.errors`` printed already

    def report() -> None:
        nonlocal reported
        errors: list[LineError] = records_errors.errors
        for e in errors[reported:]:
            print(_source_message(str(e)), file=err)
        errors.clear()  # (one reader's list: memory stays bounded whatever the bad lines)
        # an S3 prefix's list is gathered from its objects' readers anew at each call: what
        # clear() cannot empty is counted instead
        reported = len(records_errors.errors)

    count = seen = 0
    if args.limit != 0:
        for record in records:
            out.write(dumps(record) + "\n")
            if records_errors.stats.errors > seen:  # (a count: cheaper than the list)
                seen = records_errors.stats.errors
                report()
            count += 1
            if args.limit is not None and count >= args.limit:
                break
    report()
    out.flush()
    unreadable: list[str] = getattr(records_errors, "unreadable", [])  # (an S3 prefix's parts)
    bad_lines = records_errors.stats.errors - len(unreadable)
    if args.errors == "skip" and bad_lines:
        print(f"{PROG}: skipped {plural(bad_lines, 'bad line')}", file=err)
    _hint_format(args.format, args.input, records_errors.stats, bad_lines)
    if unreadable:  # (each is an error above too, unless skipped)
        more = f" (and {plural(len(unreadable) - 1, 'other source')})" if unreadable[1:] else ""
        _error(f"could not read {_source_message(unreadable[0])}{more}")
        return 1
    broken = _broken_off(records_errors)
    if broken:
        _error(f"{broken}; the records before it were printed, and reading it again may give "
               "the rest")
        return 1
    return 0


def _hint_format(fmt: str, shown: str, stats: Any, bad_lines: int) -> None:
    """A source of which a given ``--format`` read no line is likely in another format: say so
    after its errors (the per-line reasons do not)."""
    if fmt != "auto" and bad_lines and not stats.records and not stats.read_failed:
        detect = f"'{PROG} detect {shown}' tells its format" if shown != "-" else \
            f"'{PROG} detect -' tells the format of what is piped in"
        print(f"{PROG}: {'<stdin>' if shown == '-' else shown}: no line read as "
              f"{registry.get(fmt).name} "
              f"({plural(bad_lines, 'bad line')}): is --format {fmt} right? {detect}",
              file=sys.stderr)


def _broken_off(reader: Any) -> str:
    """What to say when a read broke off part-way (a dropped connection, unlike damaged data:
    reading again may give the rest), naming the source; "" when no read did."""
    stats = reader.stats
    if not stats.read_failed:
        return ""
    where, why = stats.source, stats.read_failed
    for part in getattr(reader, "parts", ()):  # (a chain's: the part that broke off)
        if part.read_failed:
            where, why = part.source, part.read_failed
            break
    return f"{where}: reading failed part-way ({why})"


# ---- count


def cmd_count(args: argparse.Namespace) -> int:
    from awslogparse import filterpattern

    matcher = RecordMatcher(args.pattern, args.fields)
    stdin = "-" in args.inputs  # (read first; the other inputs each once, as convert finds them)
    files: list[InputFile | None] = [None] if stdin else []
    files += collect_inputs([raw for raw in args.inputs if raw != "-"])
    if not files:
        from awslogparse.conversion.api import nothing_found

        raise nothing_found(args.inputs)
    readers: list[Any] = []
    unreadable: list[str] = []

    def records() -> Any:
        for item in files:
            source = sys.stdin.buffer if item is None else item.location
            reader = awslogparse.iter_records(source, args.format, errors="skip",
                                              fields=args.fields)
            readers.append(reader)
            try:
                for record in reader:
                    yield reader.stats.format, record
            except (SourceError, OSError) as exc:  # one unreadable file must not stop the count
                shown = "<stdin>" if item is None else item.display
                unreadable.append(shown)
                why = _source_message(exc) if isinstance(exc, SourceError) else \
                    f"{shown}: {exc.strerror or exc}"  # (opened, but its reads fail)
                print(f"{PROG}: skipped {why}", file=sys.stderr)
                continue
            _hint_format(args.format, "-" if item is None else item.display, reader.stats,
                         reader.stats.errors)
            broken = _broken_off(reader)
            if broken:  # (counted in part: not a count of the input)
                unreadable.append("<stdin>" if item is None else item.display)
                _error(f"{broken}; only the records before it are counted")

    pairs = records()
    current: dict[str, str] = {}

    def only_records() -> Any:
        for fmt, record in pairs:
            current["format"] = fmt
            yield record

    time_fields: dict[str, tuple[str, ...]] = {}

    def time_of(record: Mapping[str, Any]) -> str | None:
        """The record's time field: its format's (the spec's, which convert partitions by),
        else a CloudWatch Logs event's time, else the first of the usual names it has."""
        from awslogparse.conversion.partitioning import time_column

        fmt = record.get("_format") or current["format"]
        names = time_fields.get(fmt)
        if names is None:
            own = time_column(registry.get(fmt).format().spec)
            names = time_fields[fmt] = tuple(dict.fromkeys(
                n for n in (own, "event_timestamp", *filterpattern.TIME_FIELDS) if n))
        return next((n for n in names if record.get(n) is not None), None)

    counts = filterpattern.count_matches(
        only_records(), matcher.pattern, by=args.by, time_field=args.time_field or time_of,
        matcher=lambda record: matcher.matches(record, current["format"]))
    rows = [(when.strftime("%Y-%m-%dT%H:%M:%SZ"), f"{n:,}") for when, n in counts.as_rows()]
    if rows:
        print(format_table(["period start", "matches"], rows, right={1}))
    skipped = sum(r.stats.errors for r in readers)
    tail = f" ({plural(counts.untimed, 'record')} without a time)" if counts.untimed else ""
    bad = f"; {plural(skipped, 'bad line')} skipped" if skipped else ""
    print(f"{counts.matched:,} of {plural(counts.total, 'record')} matched, per {args.by} "
          f"of {counts.time_field or 'no time field'}{tail}{bad}")
    return 1 if unreadable else 0


# ---- detect


def cmd_detect(args: argparse.Namespace) -> int:
    status = 0
    items: list[InputFile | None] = []
    for raw in args.inputs:
        items += [None] if raw == "-" else collect_inputs([raw])
    if not items:
        from awslogparse.conversion.api import nothing_found

        raise nothing_found(args.inputs)
    for item in items:
        display = "<stdin>" if item is None else item.display
        try:  # (a Parquet file by its columns, as a read would tell)
            fmt, reason = _detect_stdin() if item is None else \
                detect_input(item, read_head(item, HEAD_BYTES))
        except (OSError, SourceError) as exc:
            print(f"{display}: cannot read: {getattr(exc, 'strerror', None) or exc}")
            status = 1
            continue
        if fmt:
            print(f"{display}: {fmt} ({reason})")
        else:
            print(f"{display}: unknown ({reason})")
            status = 1
    return status


def _detect_stdin() -> tuple[str | None, str]:
    import io

    head = sys.stdin.buffer.read(HEAD_BYTES)
    return detect_head(None, head, lambda: io.BytesIO(head + sys.stdin.buffer.read()))


# ---- formats and schema


def cmd_formats(args: argparse.Namespace) -> int:
    rows = []
    for name in awslogparse.formats():
        info = registry.get(name)
        rows.append((name, info.title, ", ".join(info.aliases)))
    print(format_table(("format", "title", "aliases"), rows))
    return 0


def _arrow_types(fields: Sequence[Any]) -> list[str]:
    try:
        return [str(f.to_arrow()) for f in fields]
    except ImportError:
        return ["(needs pyarrow)"] * len(fields)


def _type_name(f: Any) -> str:
    if f.type == "int":
        return f"int{f.bits}"
    if f.type == "timestamp" and f.unit:
        return f"timestamp ({f.unit})"
    return str(f.type)


def cmd_schema(args: argparse.Namespace) -> int:
    info = registry.get(args.format)
    schema = awslogparse.schema(info.name)
    fields = list(schema.fields)
    arrow = _arrow_types(fields)
    if args.json:
        doc = {"format": info.name, "title": info.title, "fields": [
            {"name": f.name, "wire_name": f.wire_name, "type": str(f.type), "bits": f.bits,
             "unit": f.unit, "arrow_type": a, "version": f.version, "nulls": list(f.nulls),
             "enum": list(f.enum), "open_enum": f.open_enum, "description": f.description}
            for f, a in zip(fields, arrow, strict=True)]}
        print(json.dumps(doc, indent=2))
        return 0
    rows = [[f.name, f.wire_name, _type_name(f), a, "" if f.version is None else f.version]
            for f, a in zip(fields, arrow, strict=True)]
    headers = ["name", "AWS name", "type", "Arrow type", "version"]
    widths = [max(len(h), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]
    used = sum(widths) + 2 * len(widths)
    room = max(30, shutil.get_terminal_size((120, 24)).columns - used - 1)
    table_rows: list[list[Any]] = []
    for row, f in zip(rows, fields, strict=True):
        wrapped = textwrap.wrap(f.description, room) or [""]
        table_rows.append([*row, wrapped[0]])
        table_rows += [["", "", "", "", "", more] for more in wrapped[1:]]
    print(f"{info.name}: {info.title} ({plural(len(fields), 'field')})")
    print(format_table([*headers, "description"], table_rows, right=(4,)))
    return 0


# ---- argument parsing


class _Parser(argparse.ArgumentParser):
    """argparse that reports a mistake in one line and lets ``main`` return the status."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _positive(text: str) -> int:
    value = _limit(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _day(text: str) -> date:
    from awslogparse.conversion.keys import parse_day

    try:
        return parse_day(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _partition_keys(text: str) -> tuple[str, ...]:
    from awslogparse.conversion.partitioning import parse_keys

    if text.strip().lower() == "none":
        return ()
    try:
        return parse_keys(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Parse AWS logs (flow logs, load balancer, CloudFront and S3 access logs, "
                    "CloudTrail, CloudWatch Logs deliveries, WAF and more: see 'formats') into "
                    "typed records, NDJSON and Parquet.",
        epilog=EXIT_STATUS)
    parser.add_argument("--version", action="version",
                        version=f"{PROG} {awslogparse.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    inputs_help = "files, folders (recursive), globs, s3:// prefixes or objects, or - for stdin"
    fmt_help = ("a format name or alias (see 'awslogparse formats'; default: detect each "
                "input's format from its name and content)")
    fields_help = ("the layout of header-less lines (flow logs from CloudWatch Logs or Firehose, "
                   "CloudFront real-time logs): a '${version} ${srcaddr} ...' format string or "
                   "space-separated field names (default: the format's default layout; a "
                   "header line in the data wins)")

    p = sub.add_parser(
        "convert", help="convert logs to a partitioned Parquet dataset",
        description="Convert logs (files, folders, globs, s3:// prefixes; every format mixed) "
                    "to one Parquet dataset per format under DEST (a folder or an s3:// "
                    "prefix), Hive-partitioned by format, account, Region and date. A rerun "
                    "skips the inputs finished before and resumes a killed run; bad lines go to "
                    "DEST/_awslogparse/runs/<run>/errors.ndjson.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files, folders (recursive), globs or s3:// prefixes")
    p.add_argument("-o", "--output", required=True, metavar="DEST",
                   help="output folder or s3://bucket/prefix/")
    p.add_argument("--format", default="auto", help=fmt_help)
    p.add_argument("--fields", help=fields_help)
    p.add_argument("--partition-by", type=_partition_keys, metavar="COL[,COL...]",
                   help="partition keys (default: format,account_id,region,date; 'none' for "
                        "no partitioning); other names are record fields")
    p.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help=f"worker processes (default: the CPU count, {os.cpu_count()})")
    p.add_argument("--since", type=_day, metavar="YYYY-MM-DD",
                   help="only objects whose key date is on or after this day")
    p.add_argument("--until", type=_day, metavar="YYYY-MM-DD",
                   help="only objects whose key date is on or before this day")
    p.add_argument("--dry-run", action="store_true",
                   help="list the inputs, their formats and key facts; write nothing")
    p.add_argument("--force", action="store_true",
                   help="convert inputs again even when an earlier run finished them")
    p.add_argument("--file-per-input", action="store_true",
                   help="write every input's rows to files of its own (default: small inputs "
                        "of one folder, such as CloudTrail's five-minute files, share files)")
    p.add_argument("--report", metavar="FILE", help="also write the run's report as JSON")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print a line per input (default: only the failed ones)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress on stderr")
    p.add_argument("--row-group-rows", type=_positive, metavar="N", help=argparse.SUPPRESS)
    p.add_argument("--max-file-rows", type=_positive, metavar="N", help=argparse.SUPPRESS)
    p.add_argument("--buffer-mb", type=_positive, metavar="MB", help=argparse.SUPPRESS)
    p.epilog = EXIT_STATUS
    p.set_defaults(func=cmd_convert, parser=p)

    p = sub.add_parser("cat", help="print records as NDJSON",
                       description="Print one JSON object per record on stdout; bad lines are "
                                   "reported on stderr as FILE:LINE: reason.")
    p.add_argument("input", metavar="INPUT",
                   help="a file, an s3:// object or prefix, or - for stdin")
    p.add_argument("--format", default="auto", help=fmt_help)
    p.add_argument("--fields", help=fields_help)
    p.add_argument("--limit", type=_limit, metavar="N", help="stop after N records")
    p.add_argument("--filter", metavar="PATTERN",
                   help="only records matching this CloudWatch Logs filter pattern")
    p.add_argument("--errors", choices=("raise", "skip", "collect"), default="collect",
                   help="bad lines: stop at the first (raise), drop them silently except for a "
                        "count (skip), or report each on stderr and go on (collect, default)")
    p.epilog = EXIT_STATUS
    p.set_defaults(func=cmd_cat, parser=p)

    p = sub.add_parser("count", help="count matches of a filter pattern per minute, hour or day",
                       description="The metric-filter view: how many records match a CloudWatch "
                                   "Logs filter pattern in each period (0 for periods with "
                                   "records but no match).")
    p.add_argument("pattern", metavar="PATTERN", help="a CloudWatch Logs filter pattern")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.add_argument("--by", choices=("minute", "hour", "day"), default="minute",
                   help="period length (default: minute)")
    p.add_argument("--time-field", metavar="NAME",
                   help="record field giving the time (default: each record's format's own, "
                        "as convert partitions by it)")
    p.add_argument("--format", default="auto", help=fmt_help)
    p.add_argument("--fields", help=fields_help)
    p.epilog = EXIT_STATUS
    p.set_defaults(func=cmd_count, parser=p)

    p = sub.add_parser("detect", help="tell which format files are",
                       description="Print each input's format and the evidence that decided "
                                   f"(reads only the first {HEAD_BYTES // 1024} KiB; a Parquet "
                                   "file whole: its footer names the columns that tell).")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help=inputs_help)
    p.epilog = EXIT_STATUS
    p.set_defaults(func=cmd_detect, parser=p)

    p = sub.add_parser("formats", help="list the formats awslogparse reads")
    p.set_defaults(func=cmd_formats, parser=p)

    p = sub.add_parser("schema", help="show a format's fields",
                       description="The fields of a format: name, AWS name, type, Arrow type, "
                                   "version introduced, description.")
    p.add_argument("format", metavar="FORMAT", help="format name or alias (see 'formats')")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_schema, parser=p)
    return parser


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the interpreter's final flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file descriptor (e.g. captured in tests)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:  # (the command's parser says so: its help lists its options)
            args.parser.error(f"unrecognized arguments: {' '.join(extra)}")
        if getattr(args, "dry_run", False) and getattr(args, "report", None):
            raise UsageError("--report writes the report of a conversion, and --dry-run "
                             "converts nothing: its plan is on stdout (see "
                             f"'{PROG} convert --help')")
        time_field = getattr(args, "time_field", None)
        if time_field and not registry.has_field(time_field):
            raise UsageError(f"no format has a field named {time_field!r} to time records by "
                             f"('{PROG} schema FORMAT' lists a format's fields; see "
                             f"'{PROG} {args.command} --help')")
        since, until = getattr(args, "since", None), getattr(args, "until", None)
        if since is not None and until is not None and since > until:
            raise UsageError(f"--since {since} is after --until {until}: no day is both "
                             f"(see '{PROG} {args.command} --help')")
    except UsageError as exc:
        _error(str(exc))
        return 2
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except KeyboardInterrupt:
        return 130
    if sys.stdout is None:  # (the shell's >&-: Python has no stdout to write to)
        _error("cannot write: stdout is closed")
        return 1
    stdout, errors = sys.stdout, getattr(sys.stdout, "errors", None)
    if errors is not None and hasattr(stdout, "reconfigure"):
        # a file name that is not UTF-8 (its bytes held as lone surrogates) is printed as errors
        # and records carry it, those bytes escaped: no UnicodeEncodeError mid-output
        stdout.reconfigure(errors="backslashreplace")
    try:
        return _run(args)
    finally:
        if errors is not None and hasattr(stdout, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):  # (closed, or its pipe, meanwhile)
                stdout.reconfigure(errors=errors)


class _OutputError(Exception):
    """Writing stdout failed (not a broken pipe): a full disk, an I/O error."""


class _Stdout:
    """``sys.stdout`` while a command runs: a write that fails says it was stdout's (an
    ``OSError`` of a write names no file, and an input's failure reads the same)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc.strerror or str(exc)) from exc

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc.strerror or str(exc)) from exc

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _run(args: argparse.Namespace) -> int:
    """The command's work, its failures turned into one-line messages and exit statuses."""
    stdout = sys.stdout
    sys.stdout = _Stdout(stdout)
    try:
        if getattr(args, "format", "auto") != "auto" and args.command != "schema":
            _check_format(args.format)
        status: int = args.func(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        _silence_stdout()
        return 141  # like a process killed by SIGPIPE: `awslogparse cat x | head` is not an error
    except _OutputError as exc:
        _error(f"cannot write to stdout: {exc}")
        return 1
    except (SourceError, ParseError, DestinationError) as exc:
        _error(_source_message(exc))
        return 1
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        _error(f"{exc.strerror or exc}{where}")
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        sys.stdout = stdout


if __name__ == "__main__":
    sys.exit(main())
