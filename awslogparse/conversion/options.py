"""Sizes of what a conversion writes (plain data: tasks carry them to worker processes)."""

from __future__ import annotations

from dataclasses import dataclass

ROW_GROUP_ROWS = 128 * 1024
"""Rows per Parquet row group: large enough for engines to read efficiently, small enough that
a row group being sorted and encoded stays a few tens of MB."""
MAX_FILE_ROWS = 1024 * 1024
"""Rows per Parquet file at most (a partition with more rows gets more files)."""
BUFFER_BYTES = 64 * 1024 * 1024
"""Arrow data one input may hold in its partition buffers before the largest becomes a file.
The file being written holds as much again, so a conversion keeps about twice this in rows
(64 MiB: a 2 GB flow log converts in about 410 MB of RSS, see docs/conversion.md)."""


@dataclass(frozen=True)
class WriterOptions:
    row_group_rows: int = ROW_GROUP_ROWS
    max_file_rows: int = MAX_FILE_ROWS
    buffer_bytes: int = BUFFER_BYTES
    compression: str = "zstd"

    def __post_init__(self) -> None:
        for name in ("row_group_rows", "max_file_rows", "buffer_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1")
