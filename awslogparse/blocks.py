"""Blocks of lines -> Arrow batches through a format's reference line parser.

Every line format gets Arrow output this way; a format with a vectorised fast path subclasses
:class:`ReferenceBlockParser` and uses it as its fallback, so both paths share one truth.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from awslogparse.arrow import LINE, SOURCE, arrow_schema, records_to_batch
from awslogparse.model import ParseError, Record
from awslogparse.specs import FormatSpec


@dataclass
class BlockResult:
    """One block's outcome: its batch, its bad lines, and its line counts."""

    batch: pa.RecordBatch | None
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    lines: int = 0
    """Physical lines in the block."""
    records: int = 0
    fast: bool = False


class ReferenceBlockParser:
    """Parses each line with the format's reference ``LineParser`` and builds one batch."""

    def __init__(self, spec: FormatSpec, fields: str | Sequence[str] | None = None,
                 columns: Sequence[str] | None = None, *, source: str = "",
                 with_source: bool = False, fast: bool = True) -> None:
        module = importlib.import_module(spec.parser)
        self.spec = spec
        self.reference: Any = module.LineParser(spec, fields)
        self.target = arrow_schema(spec.schema, columns, extra=True, with_source=with_source)
        self.source = source
        self.with_source = with_source
        self.fast = fast

    def parse_block(self, block: bytes, first_line: int) -> BlockResult:
        """Parse ``block``; ``first_line`` is the 1-based number of its first line."""
        result = self.parse_lines(block, first_line)
        result.lines = count_lines(block)
        return result

    def parse_lines(self, block: bytes, first_line: int) -> BlockResult:
        lines = block.decode("utf-8", "replace").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        records: list[Record] = []
        errors: list[tuple[int, str, str]] = []
        parser = self.reference
        for offset, line in enumerate(lines):
            try:
                record = parser(line)
            except ParseError as exc:
                errors.append((first_line + offset, exc.reason, line.rstrip("\r")))
                continue
            if record is not None:
                if self.with_source:
                    record[SOURCE] = self.source
                    record[LINE] = first_line + offset
                records.append(record)
        batch = records_to_batch(records, self.target) if records else None
        return BlockResult(batch, errors, records=len(records))


def count_lines(block: bytes) -> int:
    return block.count(b"\n") + (0 if not block or block.endswith(b"\n") else 1)


BlockParser = ReferenceBlockParser
