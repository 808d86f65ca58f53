"""Progress of a conversion on stderr: a bar on a terminal, a plain line now and then elsewhere.

The bar shows files, bytes, rows, errors, the rate and an ETA (from bytes: inputs differ too
much in size for a count of files to predict the rest).
"""

from __future__ import annotations

import time
from typing import TextIO

from awslogparse.conversion.report import human_bytes

BAR_EVERY = 0.2
LINE_EVERY = 10.0
WIDTH = 24


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    """Counts what workers report and shows it on ``stream`` (``None``: shows nothing)."""

    def __init__(self, files: int, total_bytes: int, stream: TextIO | None,
                 *, bar: bool | None = None, every: float | None = None) -> None:
        self.files, self.total_bytes = files, total_bytes
        self.done = self.bytes = self.rows = self.errors = 0
        self.stream = stream
        self.bar = bool(bar if bar is not None else stream is not None and _isatty(stream))
        self.every = every if every is not None else (BAR_EVERY if self.bar else LINE_EVERY)
        self.started = time.monotonic()
        self._shown = self.started
        self._width = 0

    def add(self, read: int, rows: int, errors: int) -> None:
        self.bytes += read
        self.rows += rows
        self.errors += errors

    def finished_file(self, size: int, read: int) -> None:
        """An input is done (or skipped): count its whole size, whatever was reported."""
        self.done += 1
        self.bytes += max(0, size - read)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.bytes / elapsed
        left = max(self.total_bytes - self.bytes, 0)
        eta = _clock(left / rate) if rate > 0 and self.bytes else "?"
        return (f"{self.done:,}/{self.files:,} files, {human_bytes(self.bytes)}/"
                f"{human_bytes(self.total_bytes)}, {self.rows:,} rows, {self.errors:,} errors, "
                f"{human_bytes(rate)}/s, ETA {eta}")

    def show(self, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if not force and now - self._shown < self.every:
            return
        self._shown = now
        text = self.line()
        if self.bar:
            share = min(self.bytes / self.total_bytes, 1.0) if self.total_bytes else 1.0
            filled = int(share * WIDTH)
            text = f"[{'#' * filled}{'.' * (WIDTH - filled)}] {share:4.0%} {text}"
            pad = " " * max(self._width - len(text), 0)
            self._width = len(text)
            self.stream.write(f"\r{text}{pad}")
        else:
            self.stream.write(f"progress: {text}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is None:
            return
        self.show(force=True)
        if self.bar:
            self.stream.write("\n")
            self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
