"""Arrow rows as the records a JSON pattern tests, so row evaluation of a table answers as the
records would: open JSON (text in Arrow) decoded again, and each ``_extra`` entry put back where
the record holds it (a key the spec does not know, at the top or inside a fixed-shape object:
:mod:`awslogparse.unknownkeys` names them by path)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from awslogparse.model import Field, FieldType

Row = dict[str, Any]

_STEP = re.compile(r"\[(\d+)\]|\.?([^.\[]+)")


def _json_paths(fields: Sequence[Field], prefix: tuple[str, ...] = ()
                ) -> list[tuple[str, ...]]:
    """The record paths of open JSON values (``""`` steps stand for every list element)."""
    out: list[tuple[str, ...]] = []
    for f in fields:
        if f.type is FieldType.JSON:
            out.append((*prefix, f.name))
        elif f.type is FieldType.STRUCT:
            out += _json_paths(f.children, (*prefix, f.name))
        elif f.type is FieldType.LIST and f.items is FieldType.STRUCT:
            out += _json_paths(f.children, (*prefix, f.name, ""))
    return out


def _decoded(text: Any) -> Any:
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def _decode_at(node: Any, path: tuple[str, ...]) -> None:
    head, rest = path[0], path[1:]
    if head == "":  # every element of a list
        for item in node if isinstance(node, list) else ():
            _decode_at(item, rest)
        return
    if not isinstance(node, dict) or node.get(head) is None:
        return
    if rest:
        _decode_at(node[head], rest)
    else:
        node[head] = _decoded(node[head])


def _extra_value(text: str | None) -> Any:
    """An ``_extra`` entry's value: JSON text of an object or array decoded, other text as is."""
    if text is not None and text[:1] in ("{", "["):
        return _decoded(text)
    return text


def _put_back(row: Row, key: str, value: Any, objects: frozenset[str]) -> None:
    """``key`` (a path into a fixed-shape object, or a top-level name) set to ``value``."""
    head = re.split(r"[.\[]", key, maxsplit=1)[0]
    if head == key or head not in objects:
        row.setdefault(key, value)
        return
    steps = [int(m.group(1)) if m.group(1) is not None else m.group(2)
             for m in _STEP.finditer(key)]
    node: Any = row
    for step in steps[:-1]:
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and step < len(node) else None
        else:
            node = node.get(step) if isinstance(node, dict) else None
        if node is None:
            row.setdefault(key, value)  # (no object there to hold it)
            return
    if isinstance(node, dict):
        node.setdefault(str(steps[-1]), value)


def record_maker(fields: Sequence[Field] | None, names: Sequence[str]
                 ) -> Callable[[Row], Row]:
    """``Arrow row (to_pylist) -> record`` for a table of a format's ``fields`` (None: unknown,
    rows are taken as they are) with columns ``names``."""
    if not fields:
        return lambda row: row
    json_paths = [p for p in _json_paths(fields) if p[0] in names]
    objects = frozenset(f.name for f in fields if f.type is FieldType.STRUCT or (
        f.type is FieldType.LIST and f.items is FieldType.STRUCT))

    def record(row: Row) -> Row:
        for path in json_paths:
            _decode_at(row, path)
        extra = row.pop("_extra", None)
        for key, text in extra or ():
            _put_back(row, key, _extra_value(text), objects)
        return row
    return record
