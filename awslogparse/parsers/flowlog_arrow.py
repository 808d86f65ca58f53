"""Flow logs, vectorised: whole blocks through ``pyarrow.csv`` with explicit column types.

The reference parser (``flowlog.LineParser``) defines what every line means. This fast path only
takes a block when it can prove Arrow will read it the same way: printable ASCII, single spaces,
no blank lines, no header inside, every row the layout's width, every value converting. Anything
else, and the block goes line by line through the reference parser, so the two paths agree by
construction on odd input and the Hypothesis tests check they agree on clean input.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from awslogparse.arrow import LINE, SOURCE, arrow_type
from awslogparse.blocks import BlockResult, ReferenceBlockParser, count_lines
from awslogparse.model import Field, FieldType
from awslogparse.parsers.flowlog import LineParser, looks_like_header
from awslogparse.specs import FormatSpec

_CLEAN = bytes(range(0x20, 0x7F)) + b"\n"
# datetime's range in epoch seconds: values outside it are errors in the reference parser too.
_EPOCH_MIN, _EPOCH_MAX = -62135596800, 253402300799


class BlockParser(ReferenceBlockParser):
    """Turns blocks of whole lines into RecordBatches of one fixed schema, vectorised."""

    reference: LineParser

    def __init__(self, spec: FormatSpec, fields: str | Sequence[str] | None = None,
                 columns: Sequence[str] | None = None, *, source: str = "",
                 with_source: bool = False, fast: bool = True) -> None:
        super().__init__(spec, fields, columns, source=source, with_source=with_source,
                         fast=fast)
        self._known = pa.array(sorted(self.reference.known))

    # -- helpers

    def _skip_leading_headers(self, block: bytes) -> tuple[bytes, int]:
        """Let the reference parser take header lines at the top of a block (every S3 file
        starts with one); returns the rest and how many lines were taken."""
        taken = 0
        while block:
            cut = block.find(b"\n")
            first = block if cut < 0 else block[:cut]
            tokens = first.decode("ascii", "replace").split()
            if not tokens or not (tokens[0] in self.reference.known
                                  and looks_like_header(tokens, self.reference.known)):
                break
            self.reference(first.decode("ascii", "replace"))
            taken += 1
            block = b"" if cut < 0 else block[cut + 1:]
        return block, taken

    @staticmethod
    def _printable(block: bytes) -> bool:
        """Only printable ASCII and newlines: Python's ``str.split`` and Arrow's single-space
        delimiter then cut lines identically, except at runs of spaces, which show up later as
        empty values or a wrong width (see ``_fast``)."""
        return not block.translate(None, _CLEAN)

    # -- the two paths

    def parse_block(self, block: bytes, first_line: int) -> BlockResult:
        """Parse ``block``; ``first_line`` is the 1-based number of its first line."""
        total = count_lines(block)
        rest, taken = block, 0
        if self.fast:
            rest, taken = self._skip_leading_headers(block)
            rest_lines = total - taken
            if not rest:
                return BlockResult(None, lines=total)
            # Fields the spec does not know go to the _extra map, which only the slow path builds.
            if all(f.name in self.spec.schema for f in self.reference.layout):
                result = self._fast(rest, first_line + taken, rest_lines)
                if result is not None:
                    result.lines = total
                    return result
        result = self.parse_lines(rest, first_line + taken)
        result.lines = total
        return result

    def _fast(self, block: bytes, first_line: int, lines: int) -> BlockResult | None:
        if not self._printable(block):
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
                    newlines_in_values=False, ignore_empty_lines=True,
                    invalid_row_handler=on_invalid),
                convert_options=pacsv.ConvertOptions(
                    column_types=types, null_values=["-"], strings_can_be_null=True,
                    quoted_strings_can_be_null=False, true_values=[], false_values=[]),
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        rows = table.num_rows
        # A blank line is dropped by Arrow (row count), a leading, trailing or doubled space makes
        # an extra column (invalid row) or an empty value (checked per text column below).
        if invalid or rows != lines:
            return None
        by_name: dict[str, pa.Array] = {}
        for name, f in zip(names, layout, strict=True):
            column = table.column(name).combine_chunks()
            if f.type is FieldType.TIMESTAMP:
                low_high = pc.min_max(column).as_py()
                if low_high["min"] is not None and (low_high["min"] < _EPOCH_MIN
                                                    or low_high["max"] > _EPOCH_MAX):
                    return None
                column = column.cast(arrow_type(f))
            elif column.type == pa.string() and rows and pc.any(pc.equal(column, "")).as_py():
                return None
            by_name[f.name] = column
        # An all-text layout would read a header line as data: look for one.
        all_text = all(f.type in (FieldType.STR, FieldType.IP) for f in layout)
        if all_text and pc.any(pc.is_in(by_name[layout[0].name], value_set=self._known)).as_py():
            return None
        arrays = []
        for target in self.target:
            if target.name in by_name:
                arrays.append(by_name[target.name])
            elif target.name == SOURCE:
                arrays.append(pa.repeat(pa.scalar(self.source, pa.string()), rows))
            elif target.name == LINE:
                arrays.append(pa.array(range(first_line, first_line + rows), pa.int64()))
            else:
                arrays.append(pa.nulls(rows, target.type))
        batch = pa.RecordBatch.from_arrays(arrays, schema=self.target)
        return BlockResult(batch, records=rows, fast=True)


def _wire_type(f: Field) -> pa.DataType:
    """The type pyarrow.csv converts a column to; timestamps arrive as epoch integers."""
    if f.type is FieldType.TIMESTAMP:
        return pa.int64()
    return arrow_type(f)


__all__ = ["BlockParser", "BlockResult"]
