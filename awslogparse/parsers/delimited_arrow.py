"""Spec-driven delimited formats, vectorised: whole blocks through ``pyarrow.csv`` (every column
read as text), then Arrow compute for what the generated per-line builders do in Python.

The reference parser (``delimited.DelimitedLineParser``) defines what every line means. This fast
path takes a block only when it can prove Arrow cuts and converts it the same way, and otherwise
hands the whole block to the reference parser, as ``flowlog_arrow`` does. The proof:

- one RE2 pattern over the whole block (:func:`_block_pattern`): valid UTF-8; no control
  character but the line ends (and the tab of tab-separated formats) and no character
  ``str.split`` takes for a blank (U+00A0, U+2003, ...); ``\r`` only before ``\n``; no blank or
  whitespace-only line; no line starting with U+FEFF (Arrow drops a byte-order mark at the start
  of what it reads); single separators; for quoted formats every token ``"[^"]*"`` or bare
  (then ``str.split('"')`` and Arrow's quoting agree); in W3C formats no ``#`` line below the
  block's leading header lines, which go through the reference parser (it switches layouts);
- rows: Arrow reads the width of the first line, and its row count is the block's line count;
  rows of other widths (older lines, columns newer than the spec) are read per width and put
  back in line order (runs of one width, as concatenated deliveries give, each on Arrow's
  threads; widths mixed line by line on one thread); a trailing tab drops one
  empty column, as ``split_tab`` does; missing columns get the layout's padding, extra ones the
  ``_extra`` map (``field_<n>``);
- values: each field's null markers first, then strict shapes before any cast (``-?[0-9]+`` for
  integers, the reference's decimal pattern for floats, ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z`` and the
  other timestamp forms), range checks (32-bit integers, datetime's years); a value that fails
  sends the block to the reference parser, which reports it. ``ip:port`` splits on the last
  colon, request lines at the first and last space, percent escapes decode once (values with
  escapes of non-ASCII bytes go through ``values.url_decode``).

Speed: the block check runs on a second thread while Arrow reads the block, fields convert two
at a time (Arrow kernels release the GIL; a field waits only for the split of its own column),
request lines of the common three-part shape are cut by one split, and percent-decoding works
on each column's distinct values when they repeat (user agents).

Always the reference parser: S3 server access logs (``escapes = "raw"``: quotes inside quoted
columns are not escaped and the tokenizer anchors on the layout), Classic ELB blocks holding a
backslash (``escapes = "backslash"``), formats with header lines of names (flow logs have their
own fast path), layouts with ``bool``, ``clf``, ``json`` or ``list`` fields or with columns the
spec does not know, and projections (fields outside the target schema go to ``_extra`` as text,
which only the reference path builds).
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from awslogparse import values
from awslogparse.arrow import EXTRA, EXTRA_TYPE, arrow_type, line_numbers, null_array
from awslogparse.blocks import BlockResult, ReferenceBlockParser, count_lines
from awslogparse.model import Columns, Field, FieldType, ParseError
from awslogparse.parsers.base import Format
from awslogparse.parsers.delimited import DelimitedLineParser, Plan

_UNICODE_SPACE = "".join(f"\\x{{{c:x}}}" for c in range(0x80, sys.maxunicode + 1)
                         if chr(c).isspace())
"""Non-ASCII characters ``str.split()`` and ``str.strip()`` treat as blanks (U+0085, U+00A0,
U+2000..U+200A, ...), as an RE2 class body: Arrow does not split on them, so a block holding one
is left to the reference parser."""
_BOM = r"\x{feff}"
"""U+FEFF (a UTF-8 byte-order mark), as an RE2 class member: ``pyarrow.csv`` drops it at the
start of what it reads, and each of the block's reads (the block, a run of one width, lines of
another width, Arrow's own chunks) starts at a line start, where the reference parser keeps it
in the first column. A block with a line starting with one is left to the reference parser."""
_CONTROL = r"\x00-\x1f\x7f"
_CONTROL_BUT_TAB = r"\x00-\x08\x0a-\x1f\x7f"


def _block_pattern(mode: str, *, w3c: bool, backslash: bool) -> str:
    r"""RE2 pattern a whole block must match for Arrow to read it as the reference parser does.

    Lines end in ``\n`` (or ``\r\n``; the last may lack it); no blank lines; no control
    characters and no Unicode blanks anywhere (also not inside quotes, where ``str.strip`` of a
    request line would see them); no line starts with U+FEFF (:data:`_BOM`). Per mode:
    ``quoted``: tokens ``"..."`` or bare, one space between (no backslash at all for formats
    whose quotes have backslash escapes); ``whitespace``: bare tokens, one space between;
    ``tab``: anything but control characters, and a line starts with neither a blank (no
    whitespace-only lines) nor, in W3C formats, ``#`` (a header).
    """
    space = _UNICODE_SPACE
    if mode == "tab":
        first = f"[^{_CONTROL} {'#' if w3c else ''}{space}{_BOM}]"
        line = f"{first}[^{_CONTROL_BUT_TAB}{space}]*"
    elif mode == "whitespace":
        bare = f"[^{_CONTROL} {space}]+"
        line = f"[^{_CONTROL} {space}{_BOM}][^{_CONTROL} {space}]*(?: {bare})*"
    else:
        slash = r"\\" if backslash else ""
        quoted = f'"[^{_CONTROL}"{slash}{space}]*"'
        token = f'(?:{quoted}|[^{_CONTROL} "{slash}{space}]+)'
        first = f'(?:{quoted}|[^{_CONTROL} "{slash}{space}{_BOM}][^{_CONTROL} "{slash}{space}]*)'
        line = f"{first}(?: {token})*"
    return rf"\A(?:{line}\r?\n)*(?:{line}\r?)?\z"


_INT = r"^-?[0-9]+$"
_FLOAT = r"^-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$"
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?Z$"
_ISO_PLAIN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_TIME = r"^[0-9]{2}:[0-9]{2}:[0-9]{2}$"
_EPOCH_FRAC = r"^(?P<whole>-?[0-9]+)(?:\.(?P<frac>[0-9]+))?$"
_NON_ASCII_ESCAPE = r"%[89A-Fa-f][0-9A-Fa-f]"
# datetime's range in epoch seconds (years 1..9999); the reference parser rejects values outside.
_EPOCH_MIN, _EPOCH_MAX = -62135596800, 253402300799
_MAX_INVALID = 64
"""Rows of another width tolerated in the first (multi-threaded) read before reading per width."""
_MAX_RUNS = 8
"""Runs of one width a block may be read as (see ``BlockParser._runs``)."""
_RUN_PROBES = 16
"""Lines looked at to find one of another width when a block's last line has its first's."""

_HEX_DIGITS = "0123456789abcdefABCDEF"
_HEX_PAIRS = [a + b for a in _HEX_DIGITS for b in _HEX_DIGITS]
_HEX_KEYS = pa.array(_HEX_PAIRS, pa.string())
_HEX_CHARS = pa.array([chr(int(p, 16)) if int(p, 16) < 0x80 else None for p in _HEX_PAIRS],
                      pa.string())
"""``%XX`` -> its character, for ASCII bytes (values with other escapes go through Python)."""
_SUPPORTED_UNITS = ("s", "ms", "epoch_frac", "iso", "iso_plain", "date time")


class _Fallback(Exception):  # noqa: N818 (not an error: a verdict)
    """The block is not provably read alike: the reference parser takes it."""


@dataclass
class _Group:
    """Rows of one width: their positions in the block (``None``: all, in order) and columns."""

    positions: Any
    columns: list[Any]
    rows: int


_executor: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    """Two threads for Arrow kernels (they release the GIL): the block check runs beside the
    CSV read, and fields convert two at a time."""
    global _executor  # noqa: PLW0603 (one pool per process, made on first use)
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="awslogparse-arrow")
    return _executor


def _check(ok: Any) -> None:
    """Every row passed (a null counts as a failure)."""
    if not pc.all(ok, skip_nulls=False).as_py():
        raise _Fallback


def _strings(array: Any) -> Any:
    """One contiguous array (some kernels below take arrays, not chunked ones)."""
    if isinstance(array, pa.ChunkedArray):
        return array.combine_chunks() if array.num_chunks != 1 else array.chunk(0)
    return array


class BlockParser(ReferenceBlockParser):
    """Turns blocks of whole lines into RecordBatches of one fixed schema, vectorised."""

    reference: DelimitedLineParser

    def __init__(self, fmt: Format, fields: str | Sequence[str] | None = None,
                 columns: Columns = None, *, source: str = "",
                 with_source: bool = False, fast: bool = True) -> None:
        super().__init__(fmt, fields, columns, source=source, with_source=with_source,
                         fast=fast)
        spec = self.spec
        self._w3c = spec.header == "w3c"
        self._mode = ""
        if spec.header == "names":
            pass  # a data line may be a header of names (flow logs): their own fast path
        elif spec.tokenizer == "tab":
            self._mode = "tab"
        elif spec.tokenizer == "whitespace":
            self._mode = "whitespace"
        elif spec.tokenizer == "quoted" and spec.escapes in ("none", "backslash"):
            self._mode = "quoted"
        self._pattern = _block_pattern(self._mode, w3c=self._w3c,
                                       backslash=spec.escapes == "backslash")

    # -- the two paths

    def parse_block(self, block: bytes, first_line: int) -> BlockResult:
        """Parse ``block``; ``first_line`` is the 1-based number of its first line."""
        rest, taken = self._skip_leading_headers(block)
        names = set(self.fix_target().names)  # after the source's own header, as parse_lines
        if not rest:
            return BlockResult([], lines=taken)
        if self.fast and self._mode and all(f.name in names for f in self.reference.layout):
            try:
                result = self._fast(rest, first_line + taken)
            except (_Fallback, pa.ArrowException):
                result = None
            if result is not None:
                result.lines += taken
                return result
        result = self.parse_lines(rest, first_line + taken)
        result.lines = count_lines(block)
        return result

    def _skip_leading_headers(self, block: bytes) -> tuple[bytes, int]:
        """Let the reference parser take the blank and ``#Version``/``#Fields`` lines at the top
        of a block (every CloudFront file starts with them; ``#Fields`` switches the layout,
        and at the top of a source it names the schema's columns). A line it rejects stays in
        the block, for the slow path to report."""
        taken = 0
        top = self._target is None  # the top of the source: parse_lines reads it the same way
        reference = self.reference
        while block:
            cut = block.find(b"\n")
            head = block if cut < 0 else block[:cut]
            counts = reference.headers, reference.blank
            try:
                if reference(head.decode("utf-8", "replace")) is not None:
                    break  # a data line (parsed twice: once here, once with its block)
            except ParseError:
                if not top:  # the line is counted when its block is parsed
                    reference.headers, reference.blank = counts
                break
            taken += 1
            block = b"" if cut < 0 else block[cut + 1:]
        return block, taken

    # -- proof and reading

    def _clean(self, block: bytes, is_ascii: bool = False) -> bool:
        """True when Arrow and the reference tokenizer cut ``block`` into the same lines and
        columns (see :func:`_block_pattern`); also checks the block is UTF-8 (unless the
        caller found it ASCII, which is UTF-8)."""
        if len(block) >= 1 << 31:
            return False
        offsets = pa.py_buffer(struct.pack("<ii", 0, len(block)))
        text = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(block)])
        if not is_ascii:
            text.validate(full=True)  # UTF-8 (ArrowInvalid otherwise: the reference path)
        return bool(pc.match_substring_regex(text, self._pattern)[0].as_py())

    def _read(self, data: Any, width: int, *, threads: bool = True,
              invalid: list[Any] | None = None) -> Any:
        """``data`` as ``width`` text columns; rows of another width go to ``invalid`` (or,
        without it, past ``_MAX_INVALID`` of them, end the read)."""
        seen: list[Any] = [] if invalid is None else invalid

        def on_invalid(row: Any) -> str:
            seen.append(row)
            return "skip" if invalid is not None or len(seen) <= _MAX_INVALID else "error"

        names = [f"c{i}" for i in range(width)]
        tab = self._mode == "tab"
        return pacsv.read_csv(
            data,
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 20,
                                           use_threads=threads),
            parse_options=pacsv.ParseOptions(
                delimiter="\t" if tab else " ",
                quote_char='"' if self._mode == "quoted" else False,
                double_quote=False, escape_char=False, newlines_in_values=False,
                ignore_empty_lines=False, invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), null_values=[""],
                strings_can_be_null=not tab, quoted_strings_can_be_null=False,
                true_values=[], false_values=[], check_utf8=False),  # _clean checked it
        ), seen

    def _first_width(self, block: bytes) -> int:
        """How many columns Arrow finds in the first line (read as that many columns first)."""
        return self._width_at(block, 0)

    def _width_at(self, block: bytes, start: int) -> int:
        """How many columns Arrow finds in the line starting at ``start``."""
        cut = block.find(b"\n", start)
        try:
            line = block[start:] if cut < 0 else block[start:cut]
            text = line.decode("utf-8").removesuffix("\r")
            if self._mode == "tab":
                return text.count("\t") + 1
            return len(self.reference.format.tokenizer(self.reference.plan)(text))
        except ValueError:  # UnicodeDecodeError too
            raise _Fallback from None

    def _runs(self, block: bytes) -> tuple[list[_Group], int] | None:
        """The block as runs of lines of one width each, each read by Arrow on its threads
        (concatenated deliveries of older and newer layouts: a run boundary in a block), or
        ``None`` when a run is not of one width after all (widths mixed line by line, which
        Arrow's read of the run reports). A run ends where bisection finds a line of another
        width than its first line's, reading one line per step, where the general reading
        calls back into Python for every line of another width and reads on one thread."""
        groups: list[_Group] = []
        start = row = 0
        for _ in range(_MAX_RUNS):
            width = self._width_at(block, start)
            other = self._other_width(block, start, width)
            if other is None and not groups:
                return None  # (the block is not of one width: no probe found where)
            end = len(block) if other is None else self._run_end(block, start, other, width)
            try:
                table, invalid = self._read(pa.BufferReader(
                    pa.py_buffer(block).slice(start, end - start)), width)
            except pa.ArrowInvalid:
                return None
            if invalid:
                return None
            rows = table.num_rows
            groups.append(_Group(line_numbers(row, rows), table.columns, rows))
            start, row = end, row + rows
            if start >= len(block):
                return groups, row
        return None

    def _other_width(self, block: bytes, start: int, width: int) -> int | None:
        """The start of a line after ``start`` of another width than ``width``: the last line,
        else the first of a few lines spread over the rest of the block; ``None`` if none of
        them is."""
        size = len(block)
        probes = [block.rfind(b"\n", start, size - 1) + 1]  # the last line
        probes += [block.find(b"\n", start + (size - start) * k // _RUN_PROBES) + 1
                   for k in range(1, _RUN_PROBES)]
        for probe in probes:
            if start < probe < size and self._width_at(block, probe) != width:
                return probe
        return None

    def _run_end(self, block: bytes, start: int, last: int, width: int) -> int:
        """Where the run of ``width`` lines that starts at ``start`` ends: the start of a line
        of another width that follows one of ``width``, found by bisection between ``start``
        (of that width) and ``last`` (a line start of another width). With one boundary between
        them, as concatenated deliveries have, it is that boundary; with more, the run read up
        to it is not of one width, and :meth:`_runs` gives up."""
        low, high = start, last

        def next_line(at: int) -> int:
            return block.find(b"\n", at) + 1

        while (after := next_line(low)) < high:
            middle = next_line((low + high) // 2)
            probe = middle if low < middle < high else after
            if self._width_at(block, probe) == width:
                low = probe
            else:
                high = probe
        return high

    def _groups(self, block: bytes, proof: Future[bool]) -> tuple[list[_Group], int]:
        """The block's rows as groups of one width each (usually one group: all rows), and
        the block's line count; ``proof`` is :meth:`_clean`'s verdict, awaited before the
        slower reading per width. With one width every line is a row: a clean block's lines
        end at newlines only and none is blank (:func:`_block_pattern`), and Arrow keeps
        values on their line (``newlines_in_values=False``), so its row count is the line
        count, and the block is not scanned again to count them (a tenth of ALB's time)."""
        width = self._first_width(block)
        try:
            table, invalid = self._read(pa.BufferReader(pa.py_buffer(block)), width)
        except pa.ArrowInvalid:
            table, invalid = None, [None] * (_MAX_INVALID + 1)
        if table is not None and not invalid:
            return [_Group(None, table.columns, table.num_rows)], table.num_rows
        if not proof.result():
            raise _Fallback
        runs = self._runs(block)
        if runs is not None:
            return runs
        # Widths mixed line by line: read again on one thread (invalid rows then carry their
        # number).
        rows = count_lines(block)
        found: list[Any] = []
        table, _ = self._read(pa.BufferReader(pa.py_buffer(block)), width, threads=False,
                              invalid=found)
        if table.num_rows + len(found) != rows:
            raise _Fallback
        by_width: dict[int, list[tuple[int, str]]] = {}
        for row in found:
            if row.number is None:
                raise _Fallback
            by_width.setdefault(row.actual_columns, []).append((row.number - 1, row.text))
        taken = {number for group in by_width.values() for number, _ in group}
        groups = [_Group(pa.array([i for i in range(rows) if i not in taken], pa.int64()),
                         table.columns, table.num_rows)] if table.num_rows else []
        for other, members in sorted(by_width.items()):
            text = "\n".join(line for _, line in members).encode() + b"\n"
            part, bad = self._read(pa.BufferReader(pa.py_buffer(text)), other)
            if bad or part.num_rows != len(members):
                raise _Fallback
            groups.append(_Group(pa.array([n for n, _ in members], pa.int64()), part.columns,
                                 part.num_rows))
        return groups, rows

    def _pop_trailing_tab(self, group: _Group) -> list[_Group]:
        """``split_tab``: a line ending in a tab has one column less (its last, empty, one)."""
        if len(group.columns) < 2:
            return [group]
        last = group.columns[-1]
        empty = pc.equal(last, "")
        count = pc.sum(empty).as_py() or 0
        if not count:
            return [group]
        shorter = group.columns[:-1]
        if count == group.rows:
            return [_Group(group.positions, shorter, group.rows)]
        keep = pc.invert(empty)
        positions = group.positions
        if positions is None:
            positions = line_numbers(0, group.rows)
        return [
            _Group(pc.filter(positions, keep), [pc.filter(c, keep) for c in group.columns],
                   group.rows - count),
            _Group(pc.filter(positions, empty), [pc.filter(c, empty) for c in shorter], count),
        ]

    def _fast(self, block: bytes, first_line: int) -> BlockResult | None:
        proof: Future[bool] = Future()
        if block.isascii():  # check on the other core while Arrow reads
            proof = _pool().submit(self._clean, block, True)
        else:  # first, so no invalid UTF-8 reaches pyarrow's handler of rows of other widths
            proof.set_result(self._clean(block))
            if not proof.result():
                return None
        try:
            groups, rows = self._groups(block, proof)
        finally:
            clean = proof.result()
        if not clean:
            return None
        if self._mode == "tab":
            groups = [g for group in groups for g in self._pop_trailing_tab(group)]
        plan = self.reference.plan
        converted = [self._convert(plan, group) for group in groups]
        if len(converted) == 1:
            columns = converted[0]
        else:
            order = pc.sort_indices(pa.concat_arrays([_strings(g.positions) for g in groups]))
            columns = {name: pc.take(pa.concat_arrays([_strings(c[name]) for c in converted]),
                                     order) for name in converted[0]}
        return self.assemble(columns, rows, first_line)

    # -- values

    def _convert(self, plan: Plan, group: _Group) -> dict[str, Any]:
        """One group's record fields (and ``_extra``) as Arrow arrays of the target types."""
        width = len(group.columns)
        least = self.spec.min_columns
        required = min(least, plan.width) if least > 0 else plan.width
        if width < required or (width > plan.width and least <= 0):
            raise _Fallback  # the reference parser reports these lines
        rows = group.rows
        if self._mode != "tab":
            for column in group.columns:
                if column.null_count:
                    raise _Fallback  # an empty unquoted value: a doubled or outer separator
        tokens: list[Any] = []
        for i in range(plan.width):
            if i < width:
                tokens.append(group.columns[i])
            else:
                tokens.append(pa.repeat(pa.scalar(plan.pad[i], pa.string()), rows))
        index = {column: i for i, column in enumerate(plan.columns)}
        pool = _pool()
        split_columns = sorted({index[f.wire_name] for f in plan.fields if f.part})

        def split_one(i: int) -> dict[str, Any]:
            kinds = {g.part for g in plan.column_fields[i]}
            return _host_port(tokens[i]) if kinds & {"host", "port"} else _request(tokens[i])

        # The splits go first; each field waits only for its own split, so fields that need
        # none convert beside them (waiting for every split left a thread idle behind the
        # longest, the request line's). No deadlock: the pool takes work in order, so every
        # split has started before any field's conversion does.
        split = {i: pool.submit(split_one, i) for i in split_columns}

        def one(f: Field) -> Any:
            if len(f.columns) > 1:
                return self._joined(f, [tokens[index[c]] for c in f.columns])
            i = index[f.wire_name]
            return self._value(f, split[i].result()[f.part] if f.part else tokens[i])

        out: dict[str, Any] = dict(zip([f.name for f in plan.fields],
                                       pool.map(one, plan.fields), strict=True))
        if width > plan.width:
            out[EXTRA] = _extra_map(group.columns[plan.width:], plan.width, rows)
        else:
            out[EXTRA] = null_array(EXTRA_TYPE, rows)
        return out

    def _value(self, f: Field, token: Any) -> Any:
        """``values.expression``: null markers, then the field's conversion."""
        kind = f.type
        mask = _null_mask(token, f.nulls)
        if kind in (FieldType.STR, FieldType.IP):
            if f.encoding == "url":
                token = _url_decode(token, mask)
            elif f.encoding:
                raise _Fallback
            result = token
        else:
            if mask is not None:
                token = pc.if_else(mask, _PLACEHOLDER.get((kind, f.unit), "0"), token)
            if kind is FieldType.INT:
                result = _int(token, f)
            elif kind is FieldType.FLOAT:
                _check(pc.match_substring_regex(token, _FLOAT))
                result = pc.cast(token, pa.float64())
            elif kind is FieldType.TIMESTAMP:
                result = _timestamp(token, f)
            else:
                raise _Fallback  # bool, json, list: the reference path
        if mask is not None:
            result = pc.if_else(mask, pa.scalar(None, result.type), result)
        return result

    def _joined(self, f: Field, tokens: list[Any]) -> Any:
        """A value written across columns (CloudFront's ``date`` + ``time``); like the generated
        code, only the first column's null markers make it null."""
        if f.type is not FieldType.TIMESTAMP or f.unit != "date time" or len(tokens) != 2:
            raise _Fallback
        date, clock = tokens
        mask = _null_mask(date, f.nulls)
        if mask is not None:
            date = pc.if_else(mask, "2000-01-01", date)
            clock = pc.if_else(mask, "00:00:00", clock)
        _check(pc.match_substring_regex(date, _DATE))
        _check(pc.match_substring_regex(clock, _TIME))
        text = pc.binary_join_element_wise(date, "T", clock, "Z", "")
        result = _in_range(pc.cast(text, pa.timestamp("s", tz="UTC")), 1)
        if mask is not None:
            result = pc.if_else(mask, pa.scalar(None, result.type), result)
        return result



_PLACEHOLDER = {
    (FieldType.TIMESTAMP, "iso"): "2000-01-01T00:00:00Z",
    (FieldType.TIMESTAMP, "iso_plain"): "2000-01-01T00:00:00",
}
"""A valid wire value put in null rows so the conversion of the others can be checked whole."""


def _null_mask(token: Any, nulls: tuple[str, ...]) -> Any:
    """Where ``token`` is one of the field's null markers; ``None`` when it never is."""
    if not nulls:
        return None
    mask = pc.equal(token, nulls[0])
    for marker in nulls[1:]:
        mask = pc.or_(mask, pc.equal(token, marker))
    return mask if pc.any(mask).as_py() else None


def _int(token: Any, f: Field) -> Any:
    # (per column: a search of the whole block for "0x" costs more than these on short values;
    # all digits, the usual case, is one pass, and rules out a sign and an x alike)
    if not pc.all(pc.ascii_is_decimal(token)).as_py() and (
            pc.any(pc.match_substring(token, "x")).as_py()
            or pc.any(pc.match_substring(token, "X")).as_py()):
        _check(pc.match_substring_regex(token, _INT))  # Arrow also reads 0x1F as 31
    # Without an x, Arrow's cast reads exactly -?[0-9]+ and raises on anything else.
    number = pc.cast(token, pa.int64())  # overflowing 64 bits raises: the reference path
    low, high = f.int_range
    if f.bits < 64:
        bounds = pc.min_max(number).as_py()
        if bounds["min"] is not None and (bounds["min"] < low or bounds["max"] > high):
            raise _Fallback
    return pc.cast(number, arrow_type(f))


def _in_range(stamps: Any, per_second: int) -> Any:
    """Arrow reads years 0000 and beyond datetime's: the reference parser rejects them."""
    raw = pc.min_max(stamps.cast(pa.int64())).as_py()
    if raw["min"] is not None and (raw["min"] < _EPOCH_MIN * per_second
                                   or raw["max"] > (_EPOCH_MAX + 1) * per_second - 1):
        raise _Fallback
    return stamps


def _timestamp(token: Any, f: Field) -> Any:
    unit = f.unit
    target = arrow_type(f)
    if unit not in _SUPPORTED_UNITS:
        raise _Fallback  # clf: S3 only, which never comes here
    if unit == "iso":
        _check(pc.match_substring_regex(token, _ISO))
        return _in_range(pc.cast(token, pa.timestamp("us", tz="UTC")), 1_000_000).cast(target)
    if unit == "iso_plain":
        _check(pc.match_substring_regex(token, _ISO_PLAIN))
        text = pc.binary_join_element_wise(token, "Z", "")
        return _in_range(pc.cast(text, pa.timestamp("s", tz="UTC")), 1).cast(target)
    if unit in ("s", "ms"):
        _check(pc.match_substring_regex(token, _INT))
        number = pc.cast(token, pa.int64())
        scale = 1 if unit == "s" else 1000
        bounds = pc.min_max(number).as_py()
        if bounds["min"] is not None and (bounds["min"] < _EPOCH_MIN * scale
                                          or bounds["max"] > _EPOCH_MAX * scale):
            raise _Fallback
        return number.cast(pa.timestamp(unit, tz="UTC")).cast(target)
    # epoch_frac: whole seconds plus the fraction's first six digits (truncated, not rounded),
    # both with the text's sign (``-1.5`` and ``-0.5`` count back from the epoch)
    parts = pc.extract_regex(token, _EPOCH_FRAC)
    _check(pc.is_valid(parts))
    whole = pc.cast(pc.struct_field(parts, "whole"), pa.int64())
    bounds = pc.min_max(whole).as_py()
    if bounds["min"] is not None and (bounds["min"] <= _EPOCH_MIN
                                      or bounds["max"] > _EPOCH_MAX - 1):
        raise _Fallback
    frac = pc.utf8_slice_codeunits(pc.fill_null(pc.struct_field(parts, "frac"), ""), 0, 6)
    micros = pc.cast(pc.utf8_rpad(frac, 6, "0"), pa.int64())
    negative = pc.starts_with(token, "-")
    if pc.any(negative).as_py():
        micros = pc.if_else(negative, pc.negate(micros), micros)
    total = pc.add(pc.multiply(whole, 1_000_000), micros)
    return total.cast(pa.timestamp("us", tz="UTC")).cast(target)


def _host_port(token: Any) -> dict[str, Any]:
    """``split_hostport``: the last colon splits, ``[...]`` around the host goes; ``-`` is ``-``
    twice; empty halves fail."""
    dash = pc.equal(token, "-")
    text = pc.if_else(dash, "-:-", token) if pc.any(dash).as_py() else token
    pieces = pc.split_pattern(text, ":", max_splits=1, reverse=True)
    _check(pc.equal(pc.list_value_length(pieces), 2))
    host = pc.list_element(pieces, 0)
    port = pc.list_element(pieces, 1)
    _check(pc.and_(pc.not_equal(host, ""), pc.not_equal(port, "")))
    bracketed = pc.and_(pc.starts_with(host, "["), pc.ends_with(host, "]"))
    if pc.any(bracketed).as_py():  # [IPv6]:port: the brackets are dropped
        host = pc.if_else(bracketed, pc.utf8_slice_codeunits(host, 1, -1), host)
    return {"host": host, "port": port}


def _request(token: Any) -> dict[str, Any]:
    """``split_request``: the method ends at the first space, the protocol starts after the
    last; an empty method or URL is ``-``, and so are the parts a short line lacks.

    Most request lines are ``METHOD URL PROTOCOL``: one split at every space cuts them into
    three non-empty parts, which is how the reference parser cuts them (three non-empty parts
    leave no space outside them nor two together). Those parts are taken from the split; the
    other lines (raw spaces in a URL, short or empty ones) go through :func:`_request_parts`,
    whose parts are appended to the split's, so one take per part picks every row's. (The
    general kernels copy each URL about ten times: a third of an ALB block's conversion.)"""
    token = _strings(token)
    if not len(token):
        return _request_parts(token)
    pieces = pc.split_pattern(token, " ")
    flat = pc.list_flatten(pieces)
    starts = pc.subtract(pieces.offsets.slice(0, len(token)), pieces.offsets[0])
    others = pc.not_equal(pc.list_value_length(pieces), 3)
    empty = pc.equal(pc.binary_length(flat), 0)
    if pc.any(empty).as_py():  # (rare: a space at an edge, or two together)
        parents = pc.filter(pc.list_parent_indices(pieces), empty)
        others = pc.or_(others, pc.is_in(line_numbers(0, len(token)), value_set=parents))
    names = ("method", "url", "protocol")
    if not pc.any(others).as_py():
        return {name: pc.take(flat, pc.add(starts, i)) for i, name in enumerate(names)}
    # The other lines' parts go after the split's, and one take per part picks each row's.
    rest = _request_parts(pc.filter(token, others))
    count = len(rest["method"])
    parts = pa.concat_arrays([_strings(flat), *(_strings(rest[name]) for name in names)])
    rank = pc.subtract(pc.cumulative_sum(pc.cast(others, pa.int64())), 1)
    return {name: pc.take(parts, pc.if_else(others, pc.add(rank, len(flat) + i * count),
                                            pc.add(starts, i)))
            for i, name in enumerate(names)}


def _request_parts(token: Any) -> dict[str, Any]:
    """:func:`_request` for any request lines."""
    text = pc.utf8_trim(token, characters=" ")  # blocks hold no other blank character
    head = pc.split_pattern(pc.binary_join_element_wise(text, " ", ""), " ", max_splits=1)
    method = pc.list_element(head, 0)
    rest = pc.utf8_slice_codeunits(pc.list_element(head, 1), 0, -1)
    tail = pc.split_pattern(pc.binary_join_element_wise(" ", rest, ""), " ", max_splits=1,
                            reverse=True)
    before = pc.list_element(tail, 0)
    after = pc.list_element(tail, 1)
    no_rest = pc.equal(rest, "")
    one_part = pc.equal(before, "")
    url = pc.utf8_slice_codeunits(before, 1)
    url = pc.if_else(pc.equal(url, ""), "-", url)
    url = pc.if_else(no_rest, "-", pc.if_else(one_part, rest, url))
    return {
        "method": pc.if_else(pc.equal(method, ""), "-", method),
        "url": url,
        "protocol": pc.if_else(pc.or_(no_rest, one_part), "-", after),
    }


def _url_decode(token: Any, nulls: Any) -> Any:
    """``values.url_decode`` on every value holding ``%`` (null rows are masked later): each
    ``%XX`` once, left to right; values with escapes of non-ASCII bytes go through Python,
    which keeps them as written when the bytes are not UTF-8."""
    token = _strings(token)
    has = pc.match_substring(token, "%")
    if nulls is not None:
        has = _strings(pc.and_(has, pc.invert(nulls)))
    if not pc.any(has).as_py():
        return token
    subset = pc.filter(token, has)
    encoded = pc.dictionary_encode(subset)
    if len(encoded.dictionary) * 2 < len(subset):  # repeated values (user agents): once each
        decoded = _percent_decode(encoded.dictionary)
        return pc.replace_with_mask(token, has, pc.take(decoded, encoded.indices))
    return pc.replace_with_mask(token, has, _percent_decode(subset))


def _percent_decode(subset: Any) -> Any:
    """Each value of ``subset`` (all hold ``%``) decoded as ``values.url_decode`` does."""
    high = pc.match_substring_regex(subset, _NON_ASCII_ESCAPE)
    pieces = pc.split_pattern(subset, "%")  # '%' is ASCII: every piece is valid UTF-8
    head = pc.list_element(pieces, 0)
    tails = pc.list_slice(pieces, 1)
    flat = pc.list_flatten(tails)
    char = pc.take(_HEX_CHARS, pc.index_in(pc.utf8_slice_codeunits(flat, 0, 2),
                                           value_set=_HEX_KEYS))
    decoded = pc.if_else(pc.is_valid(char),
                         pc.binary_join_element_wise(char, pc.utf8_slice_codeunits(flat, 2), ""),
                         pc.binary_join_element_wise("%", flat, ""))
    offsets = tails.offsets
    offsets = pc.subtract(offsets, offsets[0])
    joined = pc.binary_join(pa.ListArray.from_arrays(offsets, decoded), "")
    result = pc.binary_join_element_wise(head, joined, "")
    if pc.any(high).as_py():
        slow = [values.url_decode(v) for v in pc.filter(subset, high).to_pylist()]
        result = pc.replace_with_mask(result, high, pa.array(slow, pa.string()))
    return result


def _extra_map(columns: Sequence[Any], width: int, rows: int) -> Any:
    """Columns past the layout as ``_extra`` entries ``field_<n>`` (1-based), in order."""
    count = len(columns)
    keys = pa.array([f"field_{width + 1 + j}" for j in range(count)] * rows, pa.string())
    stacked = pa.concat_arrays([_strings(c) for c in columns])
    position = line_numbers(0, rows * count)
    take = pc.add(pc.multiply(pc.remainder(position, count), rows),
                  pc.divide(position, count))
    items = pc.take(stacked, take)
    offsets = pa.array(range(0, rows * count + 1, count), pa.int32())
    return pa.MapArray.from_arrays(offsets, keys, items)


__all__ = ["BlockParser", "BlockResult"]
