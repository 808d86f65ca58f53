"""Keys that a record's fixed-shape objects do not declare, as ``_extra`` entries.

A dict record keeps such a key where AWS wrote it (``record["userIdentity"]["newKey"]``). An
Arrow struct holds its declared children only, so without this the key would be lost on the way
to Arrow and Parquet, and AWS adds keys to its objects without notice. Each one becomes an
``_extra`` entry named by its path in the record: ``userIdentity.newKey``,
``userIdentity.sessionContext.newKey``, ``resources[2].newKey`` (an element of a list of
objects), after the record's own unknown keys. Pure Python: the dict path does not need it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from awslogparse.model import Field, FieldType

Plan = tuple[bool, frozenset[str], tuple[tuple[str, str, "Plan"], ...]]
"""``(is_list, declared keys, children that hold objects: (key, record name, plan))``; for a
list of objects, ``declared keys`` and ``children`` are its elements'."""

Texts = Callable[[Any], str | None]


def _plan(field: Field, wire: bool) -> Plan | None:
    """How to look for undeclared keys in ``field``'s values; None when it holds no object."""
    is_list = field.type is FieldType.LIST
    if not (field.type is FieldType.STRUCT or (is_list and field.items is FieldType.STRUCT)):
        return None
    keys = frozenset(c.wire_name if wire else c.name for c in field.children)
    children = tuple((c.wire_name if wire else c.name, c.name, plan)
                     for c in field.children if (plan := _plan(c, wire)) is not None)
    return is_list, keys, children


class UnknownKeys:
    """Finds the undeclared keys inside the fixed-shape objects of a format's records: decoded
    JSON objects keyed by wire names (``wire=True``), or reference records keyed by field
    names."""

    def __init__(self, fields: Sequence[Field], text: Texts, *, wire: bool) -> None:
        self._text = text
        self._plans = tuple((f.wire_name if wire else f.name, f.name, plan)
                            for f in fields if (plan := _plan(f, wire)) is not None)

    def __bool__(self) -> bool:
        """Whether the format has any fixed-shape object at all."""
        return bool(self._plans)

    def entries(self, record: dict[str, Any], before: list[tuple[str, str | None]] | None = None
                ) -> list[tuple[str, str | None]] | None:
        """``before`` (the record's own unknown keys), then ``(path, text)`` of each undeclared
        key in ``record``'s objects, in field order; None when there are none."""
        out: list[tuple[str, str | None]] = list(before) if before else []
        for key, name, plan in self._plans:
            value = record.get(key)
            if value is not None:
                self._walk(value, plan, name, out)
        return out or None

    def _walk(self, value: Any, plan: Plan, path: str, out: list[tuple[str, str | None]]
              ) -> None:
        is_list, keys, children = plan
        if is_list:
            if type(value) is list:
                element: Plan = (False, keys, children)
                for index, item in enumerate(value):
                    self._walk(item, element, f"{path}[{index}]", out)
            return
        if type(value) is not dict:  # (the converter has refused it, or it is null)
            return
        if not keys.issuperset(value):
            out.extend((f"{path}.{k}", self._text(v)) for k, v in value.items() if k not in keys)
        for key, name, child in children:
            found = value.get(key)
            if found is not None:
                self._walk(found, child, f"{path}.{name}", out)
