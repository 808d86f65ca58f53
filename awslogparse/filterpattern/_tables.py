"""Arrow rows as the records a JSON pattern tests, so row evaluation of a table answers as the
records would: open JSON (text in Arrow) decoded again, and each ``_extra`` entry put back where
the record holds it (a key the spec does not know, at the top or inside a fixed-shape object:
:mod:`awslogparse.unknownkeys` names them by path).

An ``_extra`` entry may also hold a field the spec *does* know, when the table has no column for
it: a flow log file whose later section names more fields than the first, or the records of
another format inside CloudWatch Logs envelopes (the entry ``_format`` names it). ``_extra``
holds text (numbers in decimal, booleans as ``true``/``false``, times in ISO 8601); such an entry
is read back as its field's type, so ``{ $.end > 1420070400 }`` and ``IS TRUE`` answer as they do
on the record."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
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


_TYPED = frozenset({FieldType.INT, FieldType.FLOAT, FieldType.BOOL, FieldType.TIMESTAMP,
                    FieldType.STRUCT, FieldType.LIST})
"""Field types whose values ``_extra`` text does not hold as the record does."""


def _scalar(kind: FieldType | None, value: Any) -> Any:
    """A number, boolean or time written as text, read back (text that does not read, and
    values JSON decoded already, stay as they are)."""
    if not isinstance(value, str):
        return value
    try:
        if kind is FieldType.INT:
            return int(value)
        if kind is FieldType.FLOAT:
            return float(value)
        if kind is FieldType.TIMESTAMP:
            return datetime.fromisoformat(value)
    except ValueError:
        return value
    if kind is FieldType.BOOL and value in ("true", "false"):
        return value == "true"
    return value


def _typed(field: Field, value: Any) -> Any:
    """The value ``_extra`` holds for a known field (text; objects and arrays as JSON text) as
    the record holds it: objects and arrays decoded, and the numbers, booleans and times in
    them (at the field's own place, or its children's) read back."""
    kind = field.type
    if kind is FieldType.STRUCT or kind is FieldType.LIST:
        node = _decoded(value) if isinstance(value, str) else value
        if kind is FieldType.LIST:
            if isinstance(node, list):
                node[:] = [_item(field, item) for item in node]
            return node
        return _children(field, node)
    return _scalar(kind, value)


def _item(field: Field, item: Any) -> Any:
    return _children(field, item) if field.items is FieldType.STRUCT else _scalar(field.items,
                                                                                  item)


def _children(field: Field, node: Any) -> Any:
    if isinstance(node, dict):
        for child in field.children:
            if child.type in _TYPED and node.get(child.name) is not None:
                node[child.name] = _typed(child, node[child.name])
    return node


@functools.cache
def _typed_fields(format: str) -> Mapping[str, Field]:
    """The top-level fields of a registered format whose values ``_extra`` holds as text."""
    from awslogparse import registry

    try:
        fields = registry.get(format).format().spec.schema.fields
    except (KeyError, ValueError):
        return {}
    return {f.name: f for f in fields if f.type in _TYPED}


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
    own = {f.name: f for f in fields if f.type in _TYPED}

    def record(row: Row) -> Row:
        for path in json_paths:
            _decode_at(row, path)
        extra = row.pop("_extra", None)
        if not extra:
            return row
        known = own
        for key, text in extra:
            if key == "_format" and text is not None:  # another format's record, wrapped
                known = {**own, **_typed_fields(text)}
        for key, text in extra:
            field = known.get(key)
            if field is not None and text is not None:
                _put_back(row, key, _typed(field, text), objects)
            else:
                _put_back(row, key, _extra_value(text), objects)
        return row
    return record
