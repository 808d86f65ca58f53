"""Flow logs, vectorised: whole blocks through ``pyarrow.csv`` with explicit column types.

The reference parser (``flowlog.LineParser``) defines what every line means. This fast path only
takes a block when it can prove Arrow read it the same way: no header inside, every row the
layout's width, every value converting, and no byte that Python's ``str.split`` would treat
differently from Arrow (see ``BlockParser._fast``). Anything else, and the block goes line by line
through the reference parser, so the two paths agree by construction on odd input and the
Hypothesis tests check they agree on clean input.
"""

from __future__ import annotations

import functools
import re

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from awslogparse.arrow import arrow_type
from awslogparse.blocks import BlockResult, ReferenceBlockParser, count_lines
from awslogparse.model import Field, FieldType, ParseError
from awslogparse.parsers.delimited import HEADER_NAME
from awslogparse.parsers.flowlog import LineParser, looks_like_header

# A hex literal where a value starts (Arrow's integer parser takes ``0x50``, Python's ``int`` does
# not); a tab counts as a start because Arrow trims tabs around numbers.
_HEX = re.compile(rb"(?:^|[ \t\n])[+-]?0[xX]")
# Bytes a text value may hold: printable ASCII but the space (nothing ``str.split`` splits on).
_TEXT_MIN, _TEXT_MAX = 0x21, 0x7E
# datetime's range in epoch seconds: values outside it are errors in the reference parser too.
_EPOCH_MIN, _EPOCH_MAX = -62135596800, 253402300799


class BlockParser(ReferenceBlockParser):
    """Turns blocks of whole lines into RecordBatches of one fixed schema, vectorised."""

    reference: LineParser

    # -- helpers

    @functools.cached_property
    def _known(self) -> pa.Array:
        """Every name a header may hold, for the all-text layouts' header check (built on
        first use: most layouts have a number column and never need it)."""
        return pa.array(sorted(self.reference.known))

    def _skip_leading_headers(self, block: bytes) -> tuple[int, int]:
        """Let the reference parser take header lines at the top of a block (every S3 file
        starts with one); returns where the rest starts and how many lines were taken (an
        offset, not a copy of the rest: blocks are megabytes). A header the reference parser
        rejects stays in the block, for the slow path to report."""
        taken = 0
        start = 0
        known = self.reference.known
        while start < len(block):
            cut = block.find(b"\n", start)
            end = len(block) if cut < 0 else cut
            first = block[start:end].decode("utf-8", "replace")
            tokens = first.split()
            if tokens and not looks_like_header(tokens, known):
                break
            try:
                self.reference(first)
            except ParseError:
                break
            taken += 1
            start = end + 1
        return min(start, len(block)), taken

    @staticmethod
    def _bytes_allow_arrow(block: bytes, start: int) -> bool:
        """The byte-level half of the proof (see ``_fast``): no carriage return (Arrow ends a
        line at one, Python only at a newline), no byte-order mark (pyarrow.csv drops one that
        starts what it reads, where the reference parser keeps it in the first value) and no
        hex literal after ``start``. Three memchr scans in the common case (a block without
        ``x``: a mark's first byte, 0xEF, is no ASCII and so in no clean block)."""
        if b"\r" in block or (b"\xef" in block and b"\xef\xbb\xbf" in block):
            return False
        if b"x" not in block and b"X" not in block:
            return True
        # (?:^|...) needs the newline before ``start`` to see a value at the top of the rest
        return _HEX.search(block, max(start - 1, 0)) is None

    # -- the two paths

    def parse_block(self, block: bytes, first_line: int) -> BlockResult:
        """Parse ``block``; ``first_line`` is the 1-based number of its first line."""
        start, taken = self._skip_leading_headers(block)
        if start >= len(block):
            return BlockResult([], lines=taken)
        if self.fast:
            # Fields the schema lacks go to the _extra map, which only the slow path builds.
            names = set(self.fix_target().names)
            if all(f.name in names for f in self.reference.layout):
                result = self._fast(block, start, first_line + taken)
                if result is not None:
                    result.lines += taken
                    return result
        result = self.parse_lines(block[start:] if start else block, first_line + taken)
        result.lines = count_lines(block)
        return result

    def _fast(self, block: bytes, start: int, first_line: int) -> BlockResult | None:
        """``block[start:]`` as one Arrow table, or None when Arrow might read it differently.

        The proof. Arrow cuts lines at newlines (a carriage return sends the block to the
        reference parser) and values at single spaces, so every byte it reads is a space, a
        newline or part of a value, and the reference parser cuts the same lines. It cuts the
        same tokens when no value holds a byte ``str.split`` splits on, or that decodes
        differently: text values must consist of ``!``..``~`` (checked on the bytes Arrow
        stored, by one min/max, see :func:`_text_is_printable`); number values are what Arrow's
        integer parser accepted, ASCII digits after an optional ``-`` (a ``0x`` prefix is
        excluded above), around which it trims tabs where ``str.split`` splits them off. Runs
        of spaces and blank lines make a row of the wrong width (``_read``) or an empty value
        (a failed conversion, or the check in ``_take``). The bytes before ``start`` are
        header lines the reference parser already took.
        """
        if not self._bytes_allow_arrow(block, start):
            return None
        table = self._read(block, start)
        if table is None or not _text_is_printable(table):
            return None
        return self._take(table, first_line)

    def _read(self, block: bytes, start: int) -> pa.Table | None:
        """``block[start:]`` through pyarrow.csv with the layout's wire types, or None when a
        row has the wrong width or a value does not convert."""
        layout = self.reference.layout
        names = [f"c{i}" for i in range(len(layout))]
        types = {n: _wire_type(f) for n, f in zip(names, layout, strict=True)}
        try:
            # A zero-copy view: io.BytesIO would copy every read and take the GIL for it.
            table = pacsv.read_csv(
                pa.BufferReader(pa.py_buffer(block).slice(start)),
                read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 20),
                parse_options=pacsv.ParseOptions(
                    delimiter=" ", quote_char=False, double_quote=False, escape_char=False,
                    newlines_in_values=False, ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(
                    column_types=types, null_values=["-"], strings_can_be_null=True,
                    quoted_strings_can_be_null=False, true_values=[], false_values=[],
                    check_utf8=False),  # text must prove to be ASCII anyway (_fast)
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            # Every line is a row: a blank line or a leading, trailing or doubled space makes a
            # row of the wrong width (Arrow raises: no invalid-row handler, so no Python
            # callback from its threads) or an empty value (a failed conversion, or the check
            # in ``_take``).
            return None
        return table

    def _take(self, table: pa.Table, first_line: int) -> BlockResult | None:
        """The batch of a table ``_read`` gave, or None when a value needs the reference
        parser's judgement (empty, a timestamp out of range, a header line in text columns)."""
        layout = self.reference.layout
        rows = table.num_rows
        columns: dict[str, pa.ChunkedArray] = {}
        for i, f in enumerate(layout):
            column = table.column(i)
            if f.type is FieldType.TIMESTAMP:
                low_high = pc.min_max(column).as_py()
                if low_high["min"] is not None and (low_high["min"] < _EPOCH_MIN
                                                    or low_high["max"] > _EPOCH_MAX):
                    return None
                column = column.cast(arrow_type(f))
            elif column.type == pa.string() and rows and pc.any(pc.equal(column, "")).as_py():
                return None
            columns[f.name] = column
        # An all-text layout would read a header line as data: look for one, as the line
        # parser's maybe_header does (a known first name, or every token name-shaped).
        all_text = all(f.type in (FieldType.STR, FieldType.IP) for f in layout)
        if all_text and self._header_inside([columns[f.name] for f in layout]):
            return None
        return self.assemble(columns, rows, first_line)

    def _header_inside(self, columns: list[pa.ChunkedArray]) -> bool:
        """Whether a row might be a header line: its first value a known name, or every value
        name-shaped and most of them known (``looks_like_header``, a column at a time)."""
        known = self._known
        if pc.any(pc.is_in(columns[0], value_set=known)).as_py():
            return True
        named = pc.match_substring_regex(columns[0], NAME_SHAPED)
        hits = pc.cast(pc.is_in(columns[0], value_set=known), pa.int32())
        for column in columns[1:]:
            if not pc.any(named).as_py():
                return False
            named = pc.and_(named, pc.match_substring_regex(column, NAME_SHAPED))
            hits = pc.add(hits, pc.cast(pc.is_in(column, value_set=known), pa.int32()))
        header = pc.and_(named, pc.greater(pc.multiply(hits, 2), len(columns)))
        return bool(pc.any(header).as_py())



NAME_SHAPED = "^" + HEADER_NAME.pattern.removesuffix(r"\Z") + "$"
"""The line parser's HEADER_NAME for Arrow's regular expressions."""


def _text_is_printable(table: pa.Table) -> bool:
    """True when every byte of every text value of ``table`` is within ``!``..``~``.

    One ``min_max`` over zero-copy uint8 views of the text columns' value bytes: no copy, no
    Python loop over values, and Arrow runs it without the GIL.
    """
    views = []
    text, u8 = pa.string(), pa.uint8()
    for column in table.columns:
        if column.type != text:
            continue
        for chunk in column.chunks:
            rows = len(chunk)
            if not rows:
                continue
            _, offsets, data = chunk.buffers()
            ends = memoryview(offsets).cast("i")  # int32 value offsets
            first, last = ends[chunk.offset], ends[chunk.offset + rows]
            if last > first:
                views.append(pa.Array.from_buffers(u8, last - first, [None, data], offset=first))
    if not views:
        return True
    low_high = pc.min_max(pa.chunked_array(views, u8)).as_py()
    return bool(low_high["min"] >= _TEXT_MIN and low_high["max"] <= _TEXT_MAX)


def _wire_type(f: Field) -> pa.DataType:
    """The type pyarrow.csv converts a column to; timestamps arrive as epoch integers."""
    if f.type is FieldType.TIMESTAMP:
        return pa.int64()
    return arrow_type(f)


__all__ = ["BlockParser", "BlockResult"]
