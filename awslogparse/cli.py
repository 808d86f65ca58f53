"""The ``awslogparse`` command: convert logs to Parquet, print them as NDJSON, detect formats.

    awslogparse convert INPUT... -o OUTDIR [--format F] [--fields F] [--all-columns]
    awslogparse cat INPUT [--format F] [--limit N] [--fields F] [--errors MODE] [--filter P]
    awslogparse count PATTERN INPUT... [--by minute|hour|day] [--format F] [--fields F]
    awslogparse detect INPUT...
    awslogparse formats
    awslogparse schema FORMAT [--json]

Exit status: 0 on success (bad lines are reported, not fatal); 1 when an input could not be read
at all, or for a mistake such as a missing file or an unknown format; 2 for invalid arguments.
Messages are one line, ``awslogparse: error: ...``, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, NoReturn, TextIO

import awslogparse
from awslogparse import registry
from awslogparse.model import LineError, ParseError, Record, SourceError
from awslogparse.registry import HEAD_BYTES

PROG = "awslogparse"
ARROW_HINT = "pip install 'awslogparse[arrow]'"
PARQUET_SUFFIX = ".parquet"
ERRORS_SUFFIX = ".errors.ndjson"


class UsageError(Exception):
    """Invalid command-line arguments (exit status 2)."""


# ---- output helpers


def to_json(value: Any) -> Any:
    """``json.dumps`` default: datetimes as ISO 8601 (UTC written ``Z``), anything else as text."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    return str(value)


def dumps(record: Any) -> str:
    """One NDJSON line (without the newline)."""
    return json.dumps(record, default=to_json, separators=(",", ":"))


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


def _source_message(exc: BaseException) -> str:
    """A core error's text, worded for the command line."""
    return str(exc).replace("pass format=...", "pass --format")


# ---- inputs


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it is, and its path relative to the input it was found under."""

    path: Path
    rel: Path

    @property
    def display(self) -> str:
        return str(self.path)


def _is_under(path: Path, parent: Path | None) -> bool:
    if parent is None:
        return False
    try:
        path.resolve().relative_to(parent)
    except ValueError:
        return False
    return True


def collect_inputs(inputs: Sequence[str | os.PathLike[str]], *,
                   exclude: str | os.PathLike[str] | None = None) -> list[InputFile]:
    """Expand files and directories (recursively, sorted, skipping hidden files and folders and
    anything under ``exclude``). A missing input raises :class:`SourceError`."""
    skip = Path(exclude).resolve() if exclude is not None else None
    found: list[InputFile] = []
    for raw in inputs:
        root = Path(raw)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root):
                here = Path(dirpath)
                dirnames[:] = sorted(d for d in dirnames
                                     if not d.startswith(".") and d != "__pycache__"
                                     and not _is_under(here / d, skip))
                for name in sorted(filenames):
                    if not name.startswith("."):
                        path = here / name
                        found.append(InputFile(path, path.relative_to(root)))
        elif root.exists():
            found.append(InputFile(root, Path(root.name)))
        else:
            raise SourceError(f"no such file or directory: {raw}")
    return found


def _check_format(fmt: str) -> str:
    """Fail early on an unknown ``--format`` (the message lists the known ones)."""
    if fmt != "auto":
        registry.get(fmt)
    return fmt


# ---- convert


@dataclass
class FileResult:
    """What converting one input file did."""

    input: InputFile
    output: Path | None = None
    errors_file: Path | None = None
    format: str = ""
    detected_by: str = ""
    rows: int = 0
    errors: int = 0
    lines: int = 0
    headers: int = 0
    failure: str = ""
    """Why the file could not be converted at all; empty when it was."""

    @property
    def ok(self) -> bool:
        return not self.failure


@dataclass
class ConvertSummary:
    results: list[FileResult]
    outdir: Path

    @property
    def converted(self) -> list[FileResult]:
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if not r.ok]

    @property
    def rows(self) -> int:
        return sum(r.rows for r in self.results)

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.results)


def output_path(outdir: Path, rel: Path) -> Path:
    """``OUTDIR/<rel without .gz>.parquet``: ``x.log.gz`` becomes ``x.log.parquet``, as AWS names
    the Parquet flow logs it delivers."""
    name = rel.name.removesuffix(".gz") or rel.name
    return outdir / rel.parent / (name + PARQUET_SUFFIX)


def errors_path(parquet: Path) -> Path:
    return parquet.with_name(parquet.name.removesuffix(PARQUET_SUFFIX) + ERRORS_SUFFIX)


def _require_parquet() -> Any:
    try:
        from awslogparse import parquet
    except ImportError:
        raise SourceError(f"convert writes Parquet and needs pyarrow: {ARROW_HINT}") from None
    return parquet


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def convert_file(item: InputFile, target: Path, *, format: str = "auto",
                 fields: str | None = None, all_columns: bool = False) -> FileResult:
    """Convert one file to one Parquet file (zstd), streaming; its bad lines go to a sidecar
    ``<name>.errors.ndjson``. Both are written under temporary names and renamed at the end, so
    an interrupted run leaves no half-written output."""
    ParquetSink = _require_parquet().ParquetSink  # noqa: N806
    result = FileResult(item)
    sidecar = errors_path(target)
    part = target.with_name(f".{target.name}.{os.getpid()}.part")
    err_part = sidecar.with_name(f".{sidecar.name}.{os.getpid()}.part")
    writer: Any = None
    err_fh: IO[str] | None = None
    batches = awslogparse.iter_batches(item.path, format, errors="collect", fields=fields,
                                       columns="all" if all_columns else None)

    def drain() -> None:
        # Write collected LineErrors out as they come, so memory stays bounded.
        nonlocal err_fh
        if not batches.errors:
            return
        if err_fh is None:
            err_fh = err_part.open("w", encoding="utf-8")
        for err in batches.errors:
            err_fh.write(json.dumps(err.to_dict()) + "\n")
        batches.errors.clear()

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        for batch in batches:
            if writer is None:
                writer = ParquetSink(part, batches.schema)
            writer.write(batch)
            drain()
        drain()
        if writer is None and batches.schema is not None:  # only header lines or bad lines
            writer = ParquetSink(part, batches.schema)
        if writer is not None:
            writer.close()
            writer = None
            os.replace(part, target)
            result.output = target
        if err_fh is not None:
            err_fh.close()
            err_fh = None
            os.replace(err_part, sidecar)
            result.errors_file = sidecar
        else:
            _remove(sidecar)  # a sidecar from an earlier run no longer applies
    except (SourceError, ParseError, OSError, ValueError) as exc:
        result.failure = _source_message(exc).removeprefix(f"{item.path}: ")
    except Exception as exc:  # one bad file must not stop a batch conversion
        result.failure = f"unexpected error: {type(exc).__name__}: {exc}"
    finally:
        if writer is not None:
            writer.close()
        if err_fh is not None:
            err_fh.close()
        _remove(part)  # already renamed when all went well
        _remove(err_part)
    stats = batches.stats
    result.format, result.detected_by = stats.format, stats.detected_by
    result.rows, result.errors = stats.records, stats.errors
    result.lines, result.headers = stats.lines, stats.headers
    if result.ok and result.output is None:
        result.detected_by = result.detected_by or "empty input"
    return result


def describe_result(r: FileResult) -> str:
    """The one line ``convert`` prints for a file."""
    if not r.ok:
        return f"skipped    {r.input.display}: {r.failure}"
    what = f"{r.format}, {plural(r.rows, 'row')}, {plural(r.errors, 'error')}"
    if r.output is None:
        what += ", nothing written (no data)"
    return f"converted  {r.input.display}: {what} [{r.detected_by}]"


def convert(inputs: Sequence[str | os.PathLike[str]] | Sequence[InputFile],
            outdir: str | os.PathLike[str], *, format: str = "auto", fields: str | None = None,
            all_columns: bool = False, echo: TextIO | None = None,
            on_file: Callable[[FileResult], None] | None = None) -> ConvertSummary:
    """Convert every input file (directories walked recursively) to Parquet under ``outdir``,
    mirroring each file's path relative to the input it was found under.

    Returns a :class:`ConvertSummary`; a file that cannot be read (no such format, unreadable)
    is reported in it and skipped. ``echo`` receives the per-file lines and totals that the
    command prints.
    """
    _require_parquet()
    _check_format(format)
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise SourceError(f"output is not a directory: {out}")
    files = [i for i in inputs if isinstance(i, InputFile)]
    paths = [i for i in inputs if not isinstance(i, InputFile)]
    files += collect_inputs(paths, exclude=out)
    claimed: dict[Path, InputFile] = {}
    results = []
    for item in files:
        target = output_path(out, item.rel)
        if target in claimed:
            result = FileResult(item, failure=f"its output {target} is already written for "
                                              f"{claimed[target].display}")
        else:
            claimed[target] = item
            result = convert_file(item, target, format=format, fields=fields,
                                  all_columns=all_columns)
        results.append(result)
        if on_file is not None:
            on_file(result)
        if echo is not None:
            print(describe_result(result), file=echo, flush=True)
    summary = ConvertSummary(results, out)
    if echo is not None:
        print(describe_totals(summary), file=echo)
    return summary


def describe_totals(s: ConvertSummary) -> str:
    text = (f"total: {plural(len(s.results), 'file')}, {len(s.converted)} converted, "
            f"{len(s.failed)} skipped; {plural(s.rows, 'row')}, "
            f"{plural(s.errors, 'line error')}")
    if s.errors:
        text += f" (in the *{ERRORS_SUFFIX} files)"
    return text + f"; output under {s.outdir}{os.sep}"


def cmd_convert(args: argparse.Namespace) -> int:
    _require_parquet()
    files = collect_inputs(args.inputs, exclude=args.output)
    if not files:
        raise SourceError("no input files found")
    summary = convert(files, args.output, format=args.format, fields=args.fields,
                      all_columns=args.all_columns, echo=sys.stdout)
    return 1 if summary.failed else 0


# ---- cat


def _open_input(raw: str) -> Any:
    if raw == "-":
        return sys.stdin.buffer
    path = Path(raw)
    if not path.exists():
        raise SourceError(f"no such file: {raw}")
    if path.is_dir():
        raise SourceError(f"is a directory: {raw} (cat reads one file; convert walks folders)")
    return path


class RecordMatcher:
    """A filter pattern applied to records as CloudWatch Logs would see their events: JSON
    patterns read the record, the others its raw line, written back in the record's own layout
    (its keys, as the header line or ``--fields`` gave them)."""

    def __init__(self, text: str) -> None:
        from awslogparse import filterpattern

        self.text = text
        self.pattern = _compile_pattern(text)  # syntax errors surface before any input is read
        self._by_layout: dict[tuple[str, tuple[str, ...]], Any] = {}
        self._compile = filterpattern.compile

    def matches(self, record: Record, fmt: str) -> bool:
        if self.pattern.kind == "json":
            return bool(self.pattern.matches(record))
        layout = tuple(k for k in record if not k.startswith("_"))
        compiled = self._by_layout.get((fmt, layout))
        if compiled is None:
            compiled = self._compile(self.text, format=fmt, fields=layout)
            self._by_layout[(fmt, layout)] = compiled
        return bool(compiled.matches(record))


def _compile_pattern(text: str) -> Any:
    from awslogparse import filterpattern

    try:
        return filterpattern.compile(text)
    except filterpattern.FilterPatternError as exc:
        raise SourceError(f"filter pattern: {exc}") from None


def cmd_cat(args: argparse.Namespace) -> int:
    source = _open_input(args.input)
    records: Any = awslogparse.iter_records(source, args.format, errors=args.errors,
                                            fields=args.fields)
    out, err = sys.stdout, sys.stderr
    if args.filter is not None:
        matcher, reader = RecordMatcher(args.filter), records
        records = (r for r in reader if matcher.matches(r, reader.stats.format))
        records_errors = reader
    else:
        records_errors = records

    def report(errors: list[LineError]) -> None:
        for e in errors:
            print(str(e), file=err)
        errors.clear()

    count = 0
    if args.limit != 0:
        for record in records:
            out.write(dumps(record) + "\n")
            if records_errors.errors:
                report(records_errors.errors)
            count += 1
            if args.limit is not None and count >= args.limit:
                break
    report(records_errors.errors)
    out.flush()
    if args.errors == "skip" and records_errors.stats.errors:
        print(f"{PROG}: skipped {plural(records_errors.stats.errors, 'bad line')}", file=err)
    return 0


# ---- count


def cmd_count(args: argparse.Namespace) -> int:
    from awslogparse import filterpattern

    matcher = RecordMatcher(args.pattern)
    files = collect_inputs(args.inputs)
    if not files:
        raise SourceError("no input files found")
    readers: list[Any] = []
    unreadable: list[str] = []

    def records() -> Any:
        for item in files:
            reader = awslogparse.iter_records(item.path, args.format, errors="skip",
                                              fields=args.fields)
            readers.append(reader)
            try:
                for record in reader:
                    yield reader.stats.format, record
            except SourceError as exc:  # one unreadable file must not stop the count
                unreadable.append(item.display)
                print(f"{PROG}: skipped {_source_message(exc)}", file=sys.stderr)

    pairs = records()
    current: dict[str, str] = {}

    def only_records() -> Any:
        for fmt, record in pairs:
            current["format"] = fmt
            yield record

    counts = filterpattern.count_matches(
        only_records(), matcher.pattern, by=args.by, time_field=args.time_field,
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


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(HEAD_BYTES)


def cmd_detect(args: argparse.Namespace) -> int:
    status = 0
    items: list[tuple[str | None, str, Path | None]] = []
    for raw in args.inputs:
        if raw == "-":
            items.append((None, "<stdin>", None))
            continue
        items += [(str(i.path), i.display, i.path) for i in collect_inputs([raw])]
    if not items:
        raise SourceError("no input files found")
    for name, display, path in items:
        try:
            head = sys.stdin.buffer.read(HEAD_BYTES) if path is None else _head(path)
        except OSError as exc:
            print(f"{display}: cannot read: {exc.strerror or exc}")
            status = 1
            continue
        found = awslogparse.detect(name, head)
        if found:
            print(f"{display}: {found.format} ({found.reason})")
        else:
            print(f"{display}: unknown ({found.reason})")
            status = 1
    return status


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


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Parse AWS logs (VPC and Transit Gateway flow logs) into typed records, "
                    "NDJSON and Parquet.",
        epilog="Exit status: 0 ok (bad lines are reported, not fatal); 1 an input could not be "
               "read or a mistake such as an unknown format; 2 invalid arguments.")
    parser.add_argument("--version", action="version",
                        version=f"{PROG} {awslogparse.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    fmt_help = "the input format (default: detect from the file name and content)"
    fields_help = ("layout of header-less flow logs: a '${version} ${srcaddr} ...' format "
                   "string or space-separated field names")

    p = sub.add_parser("convert", help="convert files or folders to Parquet",
                       description="Convert each input file to one Parquet file (zstd) under "
                                   "OUTDIR, mirroring its path below the input folder. Bad "
                                   "lines go to <name>.errors.ndjson next to it.")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (recursive)")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR", help="output folder")
    p.add_argument("--format", default="auto", help=fmt_help)
    p.add_argument("--fields", help=fields_help)
    p.add_argument("--all-columns", action="store_true",
                   help="write every field of the format, not just the file's own layout, so "
                        "files with different custom formats share one schema")
    p.set_defaults(func=cmd_convert)

    p = sub.add_parser("cat", help="print records as NDJSON",
                       description="Print one JSON object per record on stdout; bad lines are "
                                   "reported on stderr as FILE:LINE: reason.")
    p.add_argument("input", metavar="INPUT", help="a file, or - for stdin")
    p.add_argument("--format", default="auto", help=fmt_help)
    p.add_argument("--fields", help=fields_help)
    p.add_argument("--limit", type=_limit, metavar="N", help="stop after N records")
    p.add_argument("--filter", metavar="PATTERN",
                   help="only records matching this CloudWatch Logs filter pattern")
    p.add_argument("--errors", choices=("raise", "skip", "collect"), default="collect",
                   help="bad lines: stop at the first (raise), drop them silently except for a "
                        "count (skip), or report each on stderr and go on (collect, default)")
    p.set_defaults(func=cmd_cat)

    p = sub.add_parser("count", help="count matches of a filter pattern per minute or hour",
                       description="The metric-filter view: how many records match a CloudWatch "
                                   "Logs filter pattern in each period (0 for periods with "
                                   "records but no match).")
    p.add_argument("pattern", metavar="PATTERN", help="a CloudWatch Logs filter pattern")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (recursive)")
    p.add_argument("--by", choices=("minute", "hour", "day"), default="minute",
                   help="period length (default: minute)")
    p.add_argument("--time-field", metavar="NAME",
                   help="record field giving the time (default: start, eventTime, ...)")
    p.add_argument("--format", default="auto", help=fmt_help)
    p.add_argument("--fields", help=fields_help)
    p.set_defaults(func=cmd_count)

    p = sub.add_parser("detect", help="tell which format files are",
                       description="Print each input's format and the evidence that decided "
                                   f"(reads only the first {HEAD_BYTES // 1024} KiB).")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders, or - for stdin")
    p.set_defaults(func=cmd_detect)

    p = sub.add_parser("formats", help="list the formats awslogparse reads")
    p.set_defaults(func=cmd_formats)

    p = sub.add_parser("schema", help="show a format's fields",
                       description="The fields of a format: name, AWS name, type, Arrow type, "
                                   "version introduced, description.")
    p.add_argument("format", metavar="FORMAT", help="format name or alias (see 'formats')")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(func=cmd_schema)
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
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except UsageError as exc:
        _error(str(exc))
        return 2
    except SystemExit as exc:  # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    try:
        if getattr(args, "format", "auto") != "auto" and args.command != "schema":
            _check_format(args.format)
        status: int = args.func(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        _silence_stdout()
        return 141  # like a process killed by SIGPIPE: `awslogparse cat x | head` is not an error
    except (SourceError, ParseError) as exc:
        _error(_source_message(exc))
        return 1
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        _error(f"{exc.strerror or exc}{where}")
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
