"""Flow logs, vectorised: whole blocks through ``pyarrow.csv`` with explicit column types.

The reference parser (``flowlog.LineParser``) defines what every line means. This fast path only
takes a block when it can prove Arrow will read it the same way: printable ASCII, single spaces,
no blank lines, no header inside, every row the layout's width, every value converting. Anything
else, and the block goes line by line through the reference parser, so the two paths agree by
construction on odd input and the Hypothesis tests check they agree on clean input.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from awslogparse.arrow import LINE, SOURCE, arrow_type
from awslogparse.blocks import BlockResult, ReferenceBlockParser, count_lines
from awslogparse.model import Columns, Field, FieldType, ParseError
from awslogparse.parsers.base import Format
from awslogparse.parsers.flowlog import LineParser, looks_like_header

_CLEAN = bytes(range(0x20, 0x7F)) + b"\n"
_HEX = re.compile(rb"(?:^|[ \n])[+-]?0[xX]")
# datetime's range in epoch seconds: values outside it are errors in the reference parser too.
_EPOCH_MIN, _EPOCH_MAX = -62135596800, 253402300799


class BlockParser(ReferenceBlockParser):
    """Turns blocks of whole lines into RecordBatches of one fixed schema, vectorised."""

    reference: LineParser

    def __init__(self, fmt: Format, fields: str | Sequence[str] | None = None,
                 columns: Columns = None, *, source: str = "",
                 with_source: bool = False, fast: bool = True) -> None:
        super().__init__(fmt, fields, columns, source=source, with_source=with_source,
                         fast=fast)
        self._known = pa.array(sorted(self.reference.known))
        self._null_cache: dict[pa.DataType, pa.Array] = {}

    # -- helpers

    def _skip_leading_headers(self, block: bytes) -> tuple[bytes, int]:
        """Let the reference parser take header lines at the top of a block (every S3 file
        starts with one); returns the rest and how many lines were taken. A header the
        reference parser rejects stays in the block, for the slow path to report."""
        taken = 0
        known = self.reference.known
        while block:
            cut = block.find(b"\n")
            first = (block if cut < 0 else block[:cut]).decode("utf-8", "replace")
            tokens = first.split()
            if tokens and not looks_like_header(tokens, known):
                break
            try:
                self.reference(first)
            except ParseError:
                break
            taken += 1
            block = b"" if cut < 0 else block[cut + 1:]
        return block, taken

    @staticmethod
    def _arrow_reads_like_python(block: bytes) -> bool:
        """True when pyarrow.csv will cut and convert ``block`` exactly as the reference parser.

        Only printable ASCII and newlines (Python's ``str.split`` also splits on tabs and other
        control characters; Arrow also ends lines at a lone ``\\r``), and no hex literal
        (Arrow reads ``0x50`` as an integer, Python's ``int`` does not). Runs of spaces and blank
        lines show up later, as a wrong width or an empty value (see ``_fast``).
        """
        if block.translate(None, _CLEAN):
            return False
        return not ((b"x" in block or b"X" in block) and _HEX.search(block))

    # -- the two paths

    def parse_block(self, block: bytes, first_line: int) -> BlockResult:
        """Parse ``block``; ``first_line`` is the 1-based number of its first line."""
        rest, taken = self._skip_leading_headers(block)
        if not rest:
            return BlockResult([], lines=taken)
        if self.fast:
            # Fields the schema lacks go to the _extra map, which only the slow path builds.
            names = set(self.fix_target().names)
            if all(f.name in names for f in self.reference.layout):
                result = self._fast(rest, first_line + taken)
                if result is not None:
                    result.lines += taken
                    return result
        result = self.parse_lines(rest, first_line + taken)
        result.lines = count_lines(block)
        return result

    def _fast(self, block: bytes, first_line: int) -> BlockResult | None:
        if not self._arrow_reads_like_python(block):
            return None
        layout = self.reference.layout
        names = [f"c{i}" for i in range(len(layout))]
        types = {n: _wire_type(f) for n, f in zip(names, layout, strict=True)}
        invalid = 0

        def on_invalid(row: object) -> str:
            nonlocal invalid
            invalid += 1
            return "skip"

        try:
            table = pacsv.read_csv(
                io.BytesIO(block),
                read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 20),
                parse_options=pacsv.ParseOptions(
                    delimiter=" ", quote_char=False, double_quote=False, escape_char=False,
                    newlines_in_values=False, ignore_empty_lines=False,
                    invalid_row_handler=on_invalid),
                convert_options=pacsv.ConvertOptions(
                    column_types=types, null_values=["-"], strings_can_be_null=True,
                    quoted_strings_can_be_null=False, true_values=[], false_values=[]),
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        # Every line is a row: a blank line or a leading, trailing or doubled space makes a row
        # of the wrong width (invalid) or an empty value (failed conversion, or the check below).
        if invalid:
            return None
        rows = table.num_rows
        columns: dict[str, pa.ChunkedArray] = {}
        for name, f in zip(names, layout, strict=True):
            column = table.column(name)
            if f.type is FieldType.TIMESTAMP:
                low_high = pc.min_max(column).as_py()
                if low_high["min"] is not None and (low_high["min"] < _EPOCH_MIN
                                                    or low_high["max"] > _EPOCH_MAX):
                    return None
                column = column.cast(arrow_type(f))
            elif column.type == pa.string() and rows and pc.any(pc.equal(column, "")).as_py():
                return None
            columns[f.name] = column
        # An all-text layout would read a header line as data: look for one.
        all_text = all(f.type in (FieldType.STR, FieldType.IP) for f in layout)
        if all_text and pc.any(pc.is_in(columns[layout[0].name], value_set=self._known)).as_py():
            return None
        arrays: list[pa.Array | pa.ChunkedArray] = []
        for target in self.target:
            if target.name in columns:
                arrays.append(columns[target.name])
            elif target.name == SOURCE:
                arrays.append(pa.repeat(pa.scalar(self.source, pa.string()), rows))
            elif target.name == LINE:
                arrays.append(pa.array(range(first_line, first_line + rows), pa.int64()))
            else:
                arrays.append(self._nulls(rows, target.type))
        out = pa.Table.from_arrays(arrays, schema=self.target)
        return BlockResult(out.to_batches(), lines=rows, records=rows, fast=True)

    def _nulls(self, rows: int, kind: pa.DataType) -> pa.Array:
        """An all-null column, sliced from a cached one (blocks are mostly the same size)."""
        cached = self._null_cache.get(kind)
        if cached is None or len(cached) < rows:
            cached = pa.nulls(max(rows, 1 << 16), kind)
            self._null_cache[kind] = cached
        return cached.slice(0, rows)


def _wire_type(f: Field) -> pa.DataType:
    """The type pyarrow.csv converts a column to; timestamps arrive as epoch integers."""
    if f.type is FieldType.TIMESTAMP:
        return pa.int64()
    return arrow_type(f)


__all__ = ["BlockParser", "BlockResult"]
