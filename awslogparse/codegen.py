"""Running generated source (record builders, line loops, splitters, converters) without
``compile()``.

The first ``compile()`` call in a process builds the interpreter's ``ast`` node classes, because
``compile()`` first checks whether it was handed an AST: about 10 million instructions (3 ms on
the benchmark host), a third of what a Lambda cold start spent over bare Python on a VPC flow log.
``exec`` of a string compiles without that check. Its code objects are named ``<string>``, so the
functions it defines are relabelled, keeping names like ``<line loop, 14 columns>`` in tracebacks
and profiles."""

from __future__ import annotations

from types import CodeType, FunctionType

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

_UNLABELLED = "<string>"


def define(source: str, label: str, namespace: dict[str, Any]) -> dict[str, Any]:
    """Run ``source`` in ``namespace`` (which it fills and which is returned); the functions it
    defines at its top level carry ``label`` as their file name."""
    exec(source, namespace)
    for value in namespace.values():
        if isinstance(value, FunctionType) and value.__code__.co_filename == _UNLABELLED:
            value.__code__ = _labelled(value.__code__, label)
    return namespace


def _labelled(code: CodeType, label: str) -> CodeType:
    """``code`` and the code objects nested in it (comprehensions, inner functions) renamed."""
    consts = tuple(_labelled(c, label) if isinstance(c, CodeType) else c
                   for c in code.co_consts)
    return code.replace(co_filename=label, co_consts=consts)


__all__ = ["define"]
