"""Blocks of lines -> Arrow batches through a format's reference line parser.

Every line format gets Arrow output this way; a format with a vectorised fast path subclasses
:class:`ReferenceBlockParser` and uses it as its fallback, so both paths share one truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from awslogparse.arrow import (
    LINE,
    SOURCE,
    RepeatedText,
    arrow_schema,
    line_numbers,
    null_array,
    records_to_batch,
)
from awslogparse.model import Columns, ParseError, Record
from awslogparse.parsers.base import Format, LineFailure, exact_raw, plain_text


@dataclass
class BlockResult:
    """One block's outcome: its batch, its bad lines, and its line counts."""

    batches: list[pa.RecordBatch]
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    lines: int = 0
    """Physical lines in the block."""
    records: int = 0
    fast: bool = False


class ReferenceBlockParser:
    """Parses each line with the format's reference ``LineParser`` and builds one batch."""

    def __init__(self, fmt: Format, fields: str | Sequence[str] | None = None,
                 columns: Columns = None, *, source: str = "",
                 with_source: bool = False, fast: bool = True) -> None:
        self.format = fmt
        self.spec = fmt.spec
        self.reference: Any = fmt.source_parser(fields, source)
        self.columns = columns
        self.source = source
        self.source_column = RepeatedText(source)
        self.with_source = with_source
        self.fast = fast
        self._target: pa.Schema | None = None
        self.target  # noqa: B018  (validates ``columns`` now, not at the first record)

    @property
    def target(self) -> pa.Schema:
        """The schema of every batch: fixed by the first record (the layout then in effect)."""
        if self._target is not None:
            return self._target
        return arrow_schema(self.spec.schema, self.columns,
                            layout=self.reference.layout, extra=True,
                            with_source=self.with_source)

    def fix_target(self) -> pa.Schema:
        if self._target is None:
            self._target = self.target
        return self._target

    def assemble(self, columns: dict[str, Any], rows: int, first_line: int) -> BlockResult:
        """A fast path's result: its converted columns in the target schema's order, with
        ``_source``/``_line`` and all-null columns for the fields its lines lack."""
        arrays: list[Any] = []
        for target in self.target:
            if target.name in columns:
                column = columns[target.name]
                arrays.append(column if column.type == target.type else column.cast(target.type))
            elif target.name == SOURCE:
                arrays.append(self.source_column(rows))
            elif target.name == LINE:
                arrays.append(line_numbers(first_line, rows))
            else:
                arrays.append(null_array(target.type, rows))
        out = pa.Table.from_arrays(arrays, schema=self.target)
        return BlockResult(out.to_batches(), lines=rows, records=rows, fast=True)

    def _leading_headers(self, lines: list[str]) -> int:
        """Let the reference parser take the header and blank lines at the top of a source, so
        the layout they name is the file's own (the schema's columns); returns how many."""
        taken = 0
        for line in lines:
            try:
                if self.reference(line) is not None:
                    break
            except ParseError:
                break
            taken += 1
        return taken

    def parse_block(self, block: bytes, first_line: int) -> BlockResult:
        """Parse ``block``; ``first_line`` is the 1-based number of its first line."""
        result = self.parse_lines(block, first_line)
        result.lines = count_lines(block)
        return result

    def parse_lines(self, block: bytes, first_line: int) -> BlockResult:
        """The reference path: every line through the format's line parser."""
        text = block.decode("utf-8", "replace")
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        records: list[Record] = []
        failures: list[LineFailure] = []
        start = 0 if self._target is not None else self._leading_headers(lines)
        target = self.fix_target()
        self.reference.parse_many(lines[start:], first_line + start, records, failures,
                                  with_lines=self.with_source, plain=plain_text(text))
        if self.with_source:
            for record in records:
                record[SOURCE] = self.source
        failures = exact_raw(block, text, failures, first_line)
        errors = [(line, reason, raw) for _, line, reason, raw in failures]
        batches = [records_to_batch(records, target, self.spec.schema)] if records else []
        return BlockResult(batches, errors, records=len(records))


def count_lines(block: bytes) -> int:
    return block.count(b"\n") + (0 if not block or block.endswith(b"\n") else 1)


BlockParser = ReferenceBlockParser
