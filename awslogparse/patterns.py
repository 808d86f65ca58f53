"""Regular expressions compiled on their first use.

The standard library compiles a pattern in Python (its parser and compiler are pure Python):
0.1-0.3 ms for a short one on the benchmark host. A module-level ``re.compile`` that a format's
first parse never uses (a custom ``${field}`` layout, logfmt messages, percent-escapes) is paid
by every Lambda cold start that imports its module. ``lazy(pattern)`` is used as the compiled
pattern would be; its first method lookup compiles it and binds the pattern's methods on the
object, so later calls cost what a compiled pattern's do."""

from __future__ import annotations

import re

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")

if TYPE_CHECKING:
    lazy = re.compile
else:
    class lazy:  # noqa: N801  (stands for re.compile)
        """A pattern compiled when one of its methods or attributes is first asked for."""

        def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
            self._source = (pattern, flags)

        def __getattr__(self, name: str) -> object:
            compiled = re.compile(*self._source)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
            self.pattern, self.flags = compiled.pattern, compiled.flags
            self.groups, self.groupindex = compiled.groups, compiled.groupindex
            return getattr(compiled, name)

        def __repr__(self) -> str:
            return f"lazy({self._source[0]!r})"


__all__ = ["lazy"]
