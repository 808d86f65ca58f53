"""Open JSON values as compact text: how Arrow holds them (one string type for every shape).
Kept apart from :mod:`awslogparse.arrow` so that converters can produce Arrow-ready values
without importing pyarrow."""

from __future__ import annotations

import json
from typing import Any


def json_text(value: Any) -> str:
    """Compact JSON text of a decoded value (how open JSON is held in Arrow), for any depth."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    except RecursionError:  # nested deeper than the encoder's stack allows: no recursion
        return _deep_json_text(value)


def _deep_json_text(value: Any) -> str:
    """``json.dumps`` (compact) with an explicit stack, for values of any depth."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Literal):
            out.append(item.text)
        elif isinstance(item, dict):
            parts: list[Any] = [_Literal("{")]
            for i, (key, inner) in enumerate(item.items()):
                prefix = "," if i else ""
                parts += [_Literal(prefix + json.dumps(str(key), ensure_ascii=False) + ":"),
                          inner]
            parts.append(_Literal("}"))
            stack.extend(reversed(parts))
        elif isinstance(item, list):
            parts = [_Literal("[")]
            for i, inner in enumerate(item):
                if i:
                    parts.append(_Literal(","))
                parts.append(inner)
            parts.append(_Literal("]"))
            stack.extend(reversed(parts))
        else:
            out.append(json.dumps(item, ensure_ascii=False, default=str))
    return "".join(out)


class _Literal:
    """Text already in JSON form, on :func:`_deep_json_text`'s stack."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text
