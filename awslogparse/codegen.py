"""Running generated source (record builders, line loops, splitters, converters): from the
byte code of the committed code cache when it holds that exact source, else compiled by ``exec``.

Compiling is most of what a format's first parse costs over reading its spec: the converters of
a CloudTrail file took 18 million instructions (about 6 ms on the benchmark host), a Lambda cold
start's budget many times over. ``make mapping`` runs every sample and writes each source it
generates to ``awslogparse/_codecache/<key>.py``, which install (pip) or the forwarder's build
compiles to ``.pyc`` like any module; a first parse then loads byte code. The key is made from
the text, and the file's text must equal the source, so a cache that lags the generator is
slower, never wrong.

Sources without byte code are compiled by ``exec``, not ``compile()``: the first ``compile()``
call in a process builds the interpreter's ``ast`` node classes (it first checks whether it was
handed an AST), about 10 million instructions. Either way the functions defined are relabelled,
keeping names like ``<line loop, 14 columns>`` in tracebacks and profiles."""

from __future__ import annotations

import _frozen_importlib_external as _bootstrap  # (importlib.machinery's loader, unimported)
import os
import sys
import zlib
from types import CodeType, FunctionType

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

_UNLABELLED = "<string>"
CACHE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "_codecache")
CACHE_PACKAGE = "awslogparse._codecache"

RECORDED: list[str] | None = None
"""When a list (``make mapping``), every source defined is appended to it."""


def define(source: str, label: str, namespace: dict[str, Any]) -> dict[str, Any]:
    """Run ``source`` in ``namespace`` (which it fills and which is returned); the functions it
    defines at its top level carry ``label`` as their file name."""
    if RECORDED is not None:
        RECORDED.append(source)
    code = cached_code(source)
    exec(source if code is None else code, namespace)
    for value in namespace.values():
        if isinstance(value, FunctionType) and value.__code__.co_filename in (
                _UNLABELLED, getattr(code, "co_filename", _UNLABELLED)):
            value.__code__ = _labelled(value.__code__, label)
    return namespace


def cache_key(source: str) -> str:
    """The module name of ``source`` in the code cache: two checksums of its text and its
    length (the text itself is compared before the module's byte code is used)."""
    data = source.encode("utf-8")
    return f"c{zlib.crc32(data):08x}{zlib.adler32(data):08x}_{len(data)}"


def cached_code(source: str) -> CodeType | None:
    """The module code of ``source`` from the cache's byte code; None when the cache does not
    hold this text, or holds it without byte code that the interpreter may not write (compiling
    the file would cost more than ``exec`` of the text)."""
    name = cache_key(source)
    path = os.path.join(CACHE_DIR, name + ".py")
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            if fh.read() != source:
                return None
    except OSError:
        return None
    if sys.dont_write_bytecode and not os.path.exists(_bootstrap.cache_from_source(path)):
        return None
    try:
        code = _bootstrap.SourceFileLoader(f"{CACHE_PACKAGE}.{name}", path).get_code(
            f"{CACHE_PACKAGE}.{name}")
    except (ImportError, OSError, SyntaxError):
        return None
    return code if isinstance(code, CodeType) else None


DISPLAY_ITEMS = 15
"""Items a generated dict display holds at most (see :func:`dict_statements`)."""


def dict_statements(target: str, items: Sequence[tuple[str, str]]) -> list[str]:
    """Statements that bind ``target`` to a new dict of ``items`` (key, value expression), in
    their order: a display of the first :data:`DISPLAY_ITEMS`, then one subscript store each.

    CPython (seen on 3.11 and 3.12) builds a display of up to 15 constant keys in one step,
    but a longer one item by item in chunks of 17, each later chunk a dict of its own merged
    into the first (made only to be copied; the target resized as it grows). Measured with
    callgrind, a function returning 40 keys (as many as an ALB record): 24,451 instructions as
    one display, 15,443 this way; 33 keys (CloudFront) 19,944 and 13,181."""
    head = ", ".join(f"{key!r}: {value}" for key, value in items[:DISPLAY_ITEMS])
    return [f"{target} = {{{head}}}",
            *(f"{target}[{key!r}] = {value}" for key, value in items[DISPLAY_ITEMS:])]


def _labelled(code: CodeType, label: str) -> CodeType:
    """``code`` and the code objects nested in it (comprehensions, inner functions) renamed."""
    consts = tuple(_labelled(c, label) if isinstance(c, CodeType) else c
                   for c in code.co_consts)
    return code.replace(co_filename=label, co_consts=consts)


__all__ = ["cache_key", "cached_code", "define", "dict_statements"]
