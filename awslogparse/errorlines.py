"""Errors written out as they are found, instead of kept in memory.

A reader in ``errors="collect"`` mode appends each :class:`~awslogparse.model.LineError` to its
``.errors`` list. Replacing that list with an :class:`ErrorLines` sends each error to a text
stream at once, a JSON object per line (:meth:`LineError.to_dict`): reading an input whose
lines are mostly bad then takes no more memory than reading a good one. (Moving ``.errors``
out after each batch is not enough: a stretch of input without one good line yields no batch,
and its errors piled up until the end.) Used by ``write_parquet(errors_file=...)`` and by the
conversion's error sidecar.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO

from awslogparse.model import LineError


class ErrorLines(list[LineError]):
    """A list that keeps nothing: :meth:`append` writes the error to the stream ``opener``
    gives (called at the first error, so an input without errors creates no file)."""

    def __init__(self, opener: Callable[[], IO[str]]) -> None:
        super().__init__()
        self._opener = opener
        self.out: IO[str] | None = None
        self.written = 0

    def open(self) -> IO[str]:
        """The stream, opened now if it is not yet."""
        if self.out is None:
            self.out = self._opener()
        return self.out

    def append(self, error: LineError) -> None:
        self.open().write(json.dumps(error.to_dict(), ensure_ascii=False) + "\n")
        self.written += 1

    def close(self) -> None:
        if self.out is not None:
            self.out.close()
