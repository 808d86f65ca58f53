"""Keys that a record's fixed-shape objects do not declare, as ``_extra`` entries.

A dict record keeps such a key where AWS wrote it (``record["userIdentity"]["newKey"]``). An
Arrow struct holds its declared children only, so without this the key would be lost on the way
to Arrow and Parquet, and AWS adds keys to its objects without notice. Each one becomes an
``_extra`` entry named by its path in the record: ``userIdentity.newKey``,
``userIdentity.sessionContext.newKey``, ``resources[2].newKey`` (an element of a list of
objects), after the record's own unknown keys. Pure Python: the dict path does not need it.

The search is generated code, one straight run of ``dict`` tests per format (a path is written
only where a key is found): walking the spec's shapes with a function call and a path per object
cost CloudTrail's column path a fifth of its time (2 of 10 µs a record).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from typing import Any

from awslogparse import codegen
from awslogparse.model import Field, FieldType

Entries = list[tuple[str, str | None]]
Texts = Callable[[Any], str | None]


def _holds_objects(field: Field) -> bool:
    return field.type is FieldType.STRUCT or (
        field.type is FieldType.LIST and field.items is FieldType.STRUCT)


class _Writer:
    """The generated search's source, with the frozensets it names."""

    def __init__(self, wire: bool) -> None:
        self.wire = wire
        self.lines = ["def entries(record, before):",
                      "    out = list(before) if before else []"]
        self.sets: dict[str, frozenset[str]] = {}
        self._count = itertools.count()

    def key(self, field: Field) -> str:
        return field.wire_name if self.wire else field.name

    def value(self, field: Field, holder: str, path: str, depth: int) -> None:
        """Code for ``field``'s value in the dict ``holder``; ``path``: its record path as the
        body of an f-string (braces of names doubled)."""
        n = next(self._count)
        pad = "    " * depth
        here = f"{path}.{_braced(field.name)}" if path else _braced(field.name)
        self.lines.append(f"{pad}v{n} = {holder}.get({self.key(field)!r})")
        if field.type is FieldType.LIST:
            self.lines.append(f"{pad}if type(v{n}) is list:")
            self.lines.append(f"{pad}    for i{n}, e{n} in enumerate(v{n}):")
            self.shape(field, f"e{n}", f"{here}[{{i{n}}}]", depth + 2)
        else:
            self.shape(field, f"v{n}", here, depth)

    def shape(self, field: Field, name: str, path: str, depth: int) -> None:
        """Code for one object of ``field``'s shape held in the variable ``name``."""
        pad = "    " * depth
        known = f"K{len(self.sets)}"
        self.sets[known] = frozenset(self.key(c) for c in field.children)
        prefix = "f" + repr(path + ".")
        self.lines += [f"{pad}if type({name}) is dict:",
                       f"{pad}    if not {known}.issuperset({name}):",
                       f"{pad}        out.extend(({prefix} + k, text(x)) for k, x in "
                       f"{name}.items() if k not in {known})"]
        for child in field.children:
            if _holds_objects(child):
                self.value(child, name, path, depth + 1)


def _braced(name: str) -> str:
    """``name`` as literal text inside an f-string."""
    return name.replace("{", "{{").replace("}", "}}")


def _search(fields: Sequence[Field], text: Texts, wire: bool
            ) -> Callable[[dict[str, Any], Entries | None], Entries] | None:
    objects = [f for f in fields if _holds_objects(f)]
    if not objects:
        return None
    writer = _Writer(wire)
    for field in objects:
        writer.value(field, "record", "", 1)
    writer.lines.append("    return out")
    namespace: dict[str, Any] = {"text": text, **writer.sets}
    made = codegen.define("\n".join(writer.lines) + "\n", "<undeclared keys>", namespace)
    found: Callable[[dict[str, Any], Entries | None], Entries] = made["entries"]
    return found


class UnknownKeys:
    """Finds the undeclared keys inside the fixed-shape objects of a format's records: decoded
    JSON objects keyed by wire names (``wire=True``), or reference records keyed by field
    names."""

    def __init__(self, fields: Sequence[Field], text: Texts, *, wire: bool) -> None:
        self._search = _search(fields, text, wire)

    def __bool__(self) -> bool:
        """Whether the format has any fixed-shape object at all."""
        return self._search is not None

    def entries(self, record: dict[str, Any], before: Entries | None = None
                ) -> Entries | None:
        """``before`` (the record's own unknown keys), then ``(path, text)`` of each undeclared
        key in ``record``'s objects, in field order; None when there are none."""
        if self._search is None:
            return before or None
        return self._search(record, before) or None
