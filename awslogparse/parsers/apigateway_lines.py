"""Reading (and writing) API Gateway access log lines through a parsed template.

Each variable of a template becomes a :class:`Slot`: its record name and how its text (or, in
JSON lines, its JSON value) converts to the type the spec's variable table gives it (``-`` is
null; variables the table lacks stay text). Readers:

- :class:`TextReader` splits a line at the template's literal text. A compiled regular
  expression takes, for each variable, the text up to the *first* occurrence of the literal that
  follows it (atomic groups: linear time, however long or damaged the line); when that split
  does not convert (a user agent holding the separator), a search tries later occurrences, its
  steps bounded, and keeps the first split where every value converts.
- :class:`JsonReader` decodes a line of a JSON template as ``json.loads`` does and takes each
  variable's value from its place in the template (a bare variable's number, a string holding a
  variable, a string mixing text and variables through a :class:`TextReader`); a line that is
  not JSON (AWS renders a missing bare variable as ``-``) is read as text instead.
- :class:`InferredJsonReader` reads JSON lines when no template is given: keys that name a known
  variable (its name, its last segment when unique, or a key of AWS's JSON presets) take that
  variable's record name and type; other keys are kept, as text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from awslogparse import values
from awslogparse.codegen import define, dict_statements
from awslogparse.jsontext import lone_surrogate, may_hold_surrogates
from awslogparse.model import TYPE_CHECKING, Field, FieldType, Frozen, Record
from awslogparse.parsers.apigateway_template import (
    Template,
    TextTemplate,
    Variable,
    record_names,
    snake,
)

if TYPE_CHECKING:  # (typing costs a cold start milliseconds; see awslogparse/model.py)
    from typing import Any

NULL = "-"
"""What API Gateway writes for a variable without a value."""
SEARCH_BUDGET = 4096
"""Most splits the search tries for one line before the line is an error."""

FieldOf = Callable[[Variable, str], Field]
"""The field that types a variable, given the record name it takes."""



def _text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


_raw_decode = json.JSONDecoder().raw_decode
"""A value at the start of a string, with the index after it (``json.loads`` without its
checks for leading and trailing blanks)."""
_JSON_SPACE = " \t\n\r"
"""What JSON counts as whitespace (not every ``str.isspace`` character)."""


def loads_object(line: str) -> Any:
    """``json.loads(line)`` for a line, without its wrappers' cost when the line starts with
    ``{`` and holds one complete value (an access log line): the decoder is called directly.
    Anything else (leading blanks, trailing text, bad JSON) goes to ``json.loads`` itself, so
    results and errors are the same."""
    if line[:1] == "{":
        try:
            value, end = _raw_decode(line)
        except (ValueError, RecursionError):
            pass
        else:
            if end == len(line) or not line[end:].strip(_JSON_SPACE):
                return value
    return json.loads(line)


def _unicode(line: str, value: Any) -> None:
    """ValueError when the decoded ``line`` holds a lone surrogate (``"\\ud800"``: JSON, but
    no Unicode text, which UTF-8 and Arrow cannot hold): the line is an error, as a JSON
    format's unit is."""
    if may_hold_surrogates(line) and (held := lone_surrogate(value)) is not None:
        raise ValueError(held)


class Slot(Frozen):
    """One variable of a template: its record name, field and conversions."""

    name: str
    field: Field
    variable: Variable
    from_text: Callable[[str], Any]
    """Text on the line -> typed value (None for ``-``); ValueError names the variable."""
    from_json: Callable[[Any], Any]
    """A decoded JSON value -> typed value."""

    _fields = ("name", "field", "variable", "from_text", "from_json")

    def __init__(self, name: str, field: Field, variable: Variable,
                 from_text: Callable[[str], Any], from_json: Callable[[Any], Any]) -> None:
        self._init(name=name, field=field, variable=variable, from_text=from_text,
                   from_json=from_json)


def text_converter(field: Field) -> Callable[[str], Any]:
    """``wire text -> value`` for one variable, ``-`` giving None."""
    if field.type in (FieldType.STR, FieldType.IP):
        return lambda text: None if text == NULL else text
    convert = values.converter(field)
    return lambda text: None if text == NULL else convert(text)


def json_converter(field: Field, from_text: Callable[[str], Any]) -> Callable[[Any], Any]:
    """``JSON value -> value``: strings as on a text line, numbers where numbers belong (a
    bare variable), anything else as its JSON text for text variables."""
    kind = field.type
    name = field.wire_name

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is str:
            return from_text(value)
        if kind is FieldType.INT and type(value) is int:
            low, high = field.int_range
            if not low <= value <= high:
                raise ValueError(f"{name}: {value} is outside the {field.bits}-bit range")
            return value
        if kind is FieldType.FLOAT and type(value) in (int, float):
            return float(value)
        if kind is FieldType.TIMESTAMP and field.unit in ("ms", "s") and type(value) is int:
            return from_text(str(value))
        if kind in (FieldType.STR, FieldType.IP):
            return _text(value)
        raise ValueError(f"{name}: not a {kind.value}: {_text(value)[:80]}")
    return convert


def typed_source(slot: Slot, var: str, namespace: dict[str, Any]) -> str:
    """Python source converting the non-null text in ``var`` to ``slot``'s type (generated code
    runs with ``namespace`` as its globals; names it needs are added there). Values that repeat
    (statuses, latencies, CLF times) read through a memo; a miss converts with the slot's own
    converter, whose ValueError names the variable."""
    kind, field = slot.field.type, slot.field
    if kind in (FieldType.STR, FieldType.IP):
        return var
    key = f"_t{len(namespace)}"
    namespace[key] = slot.from_text
    if (kind is FieldType.INT and field.bits <= 32) or kind is FieldType.FLOAT or (
            kind is FieldType.TIMESTAMP and field.unit == "clf"):
        memo = f"_m{len(namespace)}"
        namespace[memo] = values.Memo(slot.from_text)
        return f"{memo}[{var}]"
    if kind is FieldType.INT:
        return (f"(int({var}) if {var}.isdigit() and {var}.isascii() and len({var}) < 19 "
                f"else {key}({var}))")
    return f"{key}({var})"


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_END = {"s": 253_402_300_800, "ms": 253_402_300_800_000}
"""Epoch numbers before the year 10000 (larger ones are errors, named by the slot)."""


def json_source(slot: Slot, var: str, index: int, namespace: dict[str, Any]) -> str:
    """Python source converting the non-null, non-string JSON value in ``var`` (a bare
    variable's number): integers of an integer variable and epoch times inline, anything else
    through the slot's ``from_json`` (named ``_j<index>`` in ``namespace``)."""
    field, slow = slot.field, f"_j{index}({var})"
    namespace[f"_j{index}"] = slot.from_json
    if field.type is FieldType.INT:
        low, high = field.int_range
        return f"({var} if {var}.__class__ is int and {low} <= {var} <= {high} else {slow})"
    if field.type is FieldType.TIMESTAMP and field.unit in _EPOCH_END:
        namespace["_epoch"], namespace["_delta"] = _EPOCH, timedelta
        unit = "seconds" if field.unit == "s" else "milliseconds"
        return (f"(_epoch + _delta({unit}={var}) if {var}.__class__ is int and "
                f"0 <= {var} < {_EPOCH_END[field.unit]} else {slow})")
    return slow


def make_slots(variables: Sequence[Variable], field_of: FieldOf) -> tuple[Slot, ...]:
    out = []
    for v, name in zip(variables, record_names(tuple(variables)), strict=True):
        field = field_of(v, name)
        from_text = text_converter(field)
        out.append(Slot(name, field, v, from_text, json_converter(field, from_text)))
    return tuple(out)


# ---- text lines --------------------------------------------------------------------------------


def _one_word(slot: Slot) -> Callable[[str], Any]:
    """``slot``'s text converter, refusing a value that holds a blank."""
    convert, name = slot.from_text, slot.variable.text

    def one_word(text: str) -> Any:
        if " " in text:
            raise ValueError(f"{name}: one word, not {text!r}")
        return convert(text)
    return one_word


def _split_converter(slot: Slot) -> Callable[[str], Any]:
    """How a text line's split converts ``slot``'s text: a value the spec says is one word
    (``word``: HTTP's method and version, principal ids), or an address, refuses a blank, so
    a split giving it one does not fit and a neighbour holding blanks is found (AWS's CLF
    preset for HTTP APIs writes ``"$context.httpMethod $context.routeKey $context.protocol"``,
    and a route key is a method and a path); and a line with text before its first variable
    does not pass for a CLF preset, whose first variables are one word each (a CloudWatch
    Logs export's line: its time, then the message)."""
    one = slot.field.word or slot.field.type is FieldType.IP
    return _one_word(slot) if one else slot.from_text


class TextReader:
    """Reads lines of a text template (or a string value of a JSON template)."""

    def __init__(self, template: TextTemplate, slots: Sequence[Slot]) -> None:
        self.template = template
        self.slots = tuple(slots)
        self.names = tuple(s.name for s in slots)
        self.literals = template.literals
        middle = "".join(f"(?>(.*?){re.escape(lit)})" for lit in self.literals[1:-1])
        self.regex = re.compile(rf"\A{re.escape(self.literals[0])}{middle}(.*)"
                                rf"{re.escape(self.literals[-1])}\Z", re.DOTALL)
        self.converters = tuple(_split_converter(s) for s in slots)
        self._build = self._compile()

    def _compile(self) -> Callable[[tuple[str, ...]], Record]:
        """``regex groups -> record`` (``-`` tested inline)."""
        namespace: dict[str, Any] = {}
        items = [(s.name, f"None if (v := g[{i}]) == '-' else "
                  f"{self._source(i, s, namespace)}") for i, s in enumerate(self.slots)]
        body = "".join(f"    {line}\n" for line in dict_statements("record", items))
        source = f"def build(g):\n{body}    return record\n"
        define(source, "<apigateway text template>", namespace)
        build: Callable[[tuple[str, ...]], Record] = namespace["build"]
        return build

    def _source(self, index: int, slot: Slot, namespace: dict[str, Any]) -> str:
        """:func:`typed_source` for ``slot``, one-word variables checked inline (a ValueError
        sends the line to :meth:`values`, which names the problem or finds another split)."""
        if self.converters[index] is slot.from_text:
            return typed_source(slot, "v", namespace)
        namespace[f"_w{index}"] = self.converters[index]
        return f"(v if ' ' not in v else _w{index}(v))"

    def __call__(self, text: str) -> Record:
        found = self.regex.match(text)
        if found is not None:
            try:
                return self._build(found.groups())
            except ValueError:
                pass
        return dict(zip(self.names, self.values(text), strict=True))

    def values(self, text: str) -> list[Any]:
        """Each variable's value; ValueError says why the text does not fit."""
        found = self.regex.match(text)
        problem = ""
        if found is not None:
            try:
                return [c(g) for c, g in zip(self.converters, found.groups(), strict=True)]
            except ValueError as exc:
                problem = str(exc)
        searched = self._search(text)
        if searched is not None:
            return searched
        raise ValueError(problem or self._explain(text))

    def _search(self, text: str) -> list[Any] | None:
        """Other splits, left to right, each value converted as it is cut (bounded)."""
        literals, converters = self.literals, self.converters
        if not text.startswith(literals[0]):
            return None
        last = len(converters) - 1
        trail = literals[-1]
        budget = [SEARCH_BUDGET]
        out: list[Any] = []

        def step(i: int, pos: int) -> bool:
            if i == last:
                end = len(text) - len(trail)
                if end < pos or not text.endswith(trail):
                    return False
                try:
                    out.append(converters[i](text[pos:end]))
                except ValueError:
                    return False
                return True
            literal = literals[i + 1]
            at = text.find(literal, pos)
            while at >= 0 and budget[0] > 0:
                budget[0] -= 1
                try:
                    value = converters[i](text[pos:at])
                except ValueError:
                    value = _FAILED
                if value is not _FAILED:
                    out.append(value)
                    if step(i + 1, at + len(literal)):
                        return True
                    out.pop()
                at = text.find(literal, at + 1)
            return False

        return out if step(0, len(literals[0])) else None

    def _explain(self, text: str) -> str:
        """Where the text stops fitting the template (the first split, as the regex cuts)."""
        literals, slots = self.literals, self.slots
        if not text.startswith(literals[0]):
            return f"the line does not start with {literals[0]!r}"
        pos = len(literals[0])
        for i, literal in enumerate(literals[1:-1], 1):
            at = text.find(literal, pos)
            if at < 0:
                return (f"expected {literal!r} after {slots[i - 1].variable.text} "
                        f"(from column {pos + 1})")
            pos = at + len(literal)
        trail = literals[-1]
        if not text.endswith(trail):
            return f"the line does not end with {trail!r}"
        return "the line does not fit the template"


_FAILED = object()


# ---- JSON lines --------------------------------------------------------------------------------

_MISSING = object()


def _get(obj: Any, path: Sequence[Any]) -> Any:
    for key in path:
        if isinstance(obj, dict):
            obj = obj.get(key, _MISSING) if isinstance(key, str) else _MISSING
        elif isinstance(obj, list) and isinstance(key, int):
            obj = obj[key] if 0 <= key < len(obj) else _MISSING
        else:
            return _MISSING
        if obj is _MISSING:
            return obj
    return obj


class _Leaf:
    def __init__(self, path: tuple[Any, ...], slots: tuple[Slot, ...],
                 reader: TextReader | None) -> None:
        self.path = path
        self.slots = slots
        self.reader: TextReader | None = reader
        """For strings mixing text and variables; None: one variable, the whole value."""


class JsonReader:
    """Reads lines of a JSON template."""

    def __init__(self, template: Template, slots: Sequence[Slot], fallback: TextReader) -> None:
        self.slots = tuple(slots)
        self.fallback = fallback
        by_variable = dict(zip(template.variables, slots, strict=True))
        leaves = []
        for leaf in template.json_leaves:
            own = tuple(by_variable[v] for v in leaf.variables)
            reader = None
            if leaf.text is not None and leaf.text.single is None:
                reader = TextReader(leaf.text, own)
            leaves.append(_Leaf(leaf.path, own, reader))
        self.leaves = tuple(leaves)
        self.top_keys = frozenset(leaf.path[0] for leaf in template.json_leaves if leaf.path)
        self.names = frozenset(s.name for s in slots)
        self.escaped = frozenset(s.name for s in slots
                                 if _in_json_string(template.source, s.variable.column))
        """Variables inside JSON strings: read as text (the fallback), JSON escapes remain."""
        flat = all(len(leaf.path) == 1 and isinstance(leaf.path[0], str)
                   and leaf.reader is None for leaf in self.leaves)
        self.read: Callable[[str], Record] = self
        """This reader's fastest form: generated for flat templates, else the reader."""
        self._fast: Callable[[dict[str, Any]], Record] | None = None
        if flat:
            self._fast, self.read = _compile_flat(self.leaves, self.top_keys, self)

    def __call__(self, line: str) -> Record:
        try:
            value = loads_object(line)
        except (ValueError, RecursionError) as exc:
            try:  # a bare variable rendered as '-' makes the line invalid JSON
                return self._unescape(self.fallback(line))
            except ValueError as problem:
                raise ValueError(f"not JSON ({exc}), and as text: {problem}") from None
        if value.__class__ is not dict:
            raise ValueError(f"a line of this JSON template is an object, not "
                             f"{type(value).__name__}")
        _unicode(line, value)
        fast = self._fast
        record = fast(value) if fast is not None else self._convert(value)
        keys = self.top_keys
        if len(value) != len(keys) or not keys.issuperset(value):
            if keys.isdisjoint(value):
                raise ValueError("the line has none of the template's keys")
            for key, item in value.items():  # keys the template lacks: kept as written
                if key not in keys and key not in self.names:
                    record[key] = item
        return record

    def _unescape(self, record: Record) -> Record:
        """Text values read from inside JSON strings, their JSON escapes decoded."""
        for name in self.escaped:
            value = record.get(name)
            if isinstance(value, str) and "\\" in value:
                try:
                    record[name] = json.loads(f'"{value}"')
                except ValueError:
                    raise ValueError(f"{name}: a bad JSON escape in {value[:80]!r}") from None
                held = lone_surrogate(record[name], name)
                if held is not None:
                    raise ValueError(held)
        return record

    def _convert(self, value: dict[str, Any]) -> Record:
        record: Record = {}
        for leaf in self.leaves:
            found = _get(value, leaf.path)
            if found is _MISSING or found is None:
                for slot in leaf.slots:
                    record[slot.name] = None
            elif leaf.reader is None:
                record[leaf.slots[0].name] = leaf.slots[0].from_json(found)
            elif isinstance(found, str):
                record.update(leaf.reader(found))
            else:
                where = "/".join(map(str, leaf.path))
                raise ValueError(f"{where}: expected text holding "
                                 f"{', '.join(s.variable.text for s in leaf.slots)}")
        return {s.name: record.get(s.name) for s in self.slots}


def _compile_flat(leaves: Sequence[_Leaf], keys: frozenset[Any], full: Callable[[str], Record]
                  ) -> tuple[Callable[[dict[str, Any]], Record], Callable[[str], Record]]:
    """For a template of top-level single-variable values: ``decoded line -> record`` (text
    values and bare numbers converted inline, other JSON values by the slot), and ``line ->
    record`` doing what :meth:`JsonReader.__call__` does in one function for a line that
    decodes to an object of the template's keys, handing any other line to ``full`` (that
    method)."""
    namespace: dict[str, Any] = {"_text": _text, "_raw": _raw_decode, "_space": _JSON_SPACE,
                                 "_keys": keys, "_count": len(keys), "_full": full}
    items = []
    for i, leaf in enumerate(leaves):
        slot = leaf.slots[0]
        typed = typed_source(slot, "v", namespace)
        items.append((slot.name, f"(None if (v := g({leaf.path[0]!r})) is None or v == '-' "
                      f"else {typed} if v.__class__ is str else "
                      f"{json_source(slot, 'v', i, namespace)})"))
    body = "".join(f"    {line}\n" for line in dict_statements("record", items))
    source = (
        f"def convert(d):\n    g = d.get\n{body}    return record\n\n\n"
        "def read(line):\n"
        "    if line[:1] != '{' or '\\\\u' in line:\n"
        "        return _full(line)\n"
        "    try:\n"
        "        d, end = _raw(line)\n"
        "    except (ValueError, RecursionError):\n"
        "        return _full(line)\n"
        "    if (end != len(line) and line[end:].strip(_space)) or len(d) != _count \\\n"
        "            or not _keys.issuperset(d):\n"
        "        return _full(line)\n"
        f"    g = d.get\n{body}    return record\n")
    define(source, "<apigateway JSON template>", namespace)
    convert: Callable[[dict[str, Any]], Record] = namespace["convert"]
    read: Callable[[str], Record] = namespace["read"]
    return convert, read


class InferredJsonReader:
    """Reads JSON lines of an unknown template: keys naming a known variable are typed."""

    def __init__(self, index: Mapping[str, Slot]) -> None:
        self.index = dict(index)
        """snake_case key -> the slot of the variable it names."""
        self._plans: dict[tuple[str, ...], list[tuple[str, str, Callable[[Any], Any]]]] = {}

    def plan(self, keys: tuple[str, ...]) -> list[tuple[str, str, Callable[[Any], Any]]]:
        """(key, record name, converter) for each key of a line (cached per key set)."""
        found = self._plans.get(keys)
        if found is None:
            found = []
            taken: set[str] = set()
            for key in keys:
                slot = self.index.get(snake(key))
                if slot is not None and slot.name not in taken:
                    found.append((key, slot.name, slot.from_json))
                    taken.add(slot.name)
                else:
                    found.append((key, key, _unknown))
            if len(self._plans) < 256:
                self._plans[keys] = found
        return found

    def known(self, keys: tuple[str, ...]) -> list[Slot]:
        """The slots of the keys that name known variables, in the keys' order (each once: the
        index holds a variable under several keys)."""
        return [self.index[snake(key)] for key, _, convert in self.plan(keys)
                if convert is not _unknown]

    def __call__(self, line: str) -> Record:
        try:
            value = loads_object(line)
        except (ValueError, RecursionError) as exc:
            raise ValueError(f"not JSON: {exc}") from None
        if not isinstance(value, dict):
            raise ValueError(f"an access log line in JSON is an object, not "
                             f"{type(value).__name__}")
        _unicode(line, value)
        plan = self.plan(tuple(value))
        if all(convert is _unknown for _, _, convert in plan):
            raise ValueError("no key of the line names an API Gateway $context variable")
        return {name: convert(value[key]) for key, name, convert in plan}


def _unknown(value: Any) -> Any:
    """A key that names no known variable: text as written, ``-`` null."""
    return None if value is None or value == NULL else value


# ---- writing lines -----------------------------------------------------------------------------


def _format(field: Field, value: Any) -> str:
    if value is None:
        return NULL
    if field.type is FieldType.TIMESTAMP and isinstance(value, datetime):
        return values.format_timestamp(field, value)
    return values.format_value(field, value)


def _in_json_string(source: str, column: int) -> bool:
    """Whether 1-based ``column`` of a JSON template sits inside a string."""
    inside = escaped = False
    for char in source[:column - 1]:
        if escaped:
            escaped = False
        elif char == "\\" and inside:
            escaped = True
        elif char == '"':
            inside = not inside
    return inside


def writer(template: Template, slots: Sequence[Slot]) -> Callable[[Mapping[str, Any]], str]:
    """``record -> line``: the template with each variable's wire text (JSON templates escape
    values that sit inside strings; a bare variable is written as is, ``-`` when null)."""
    quoted = [template.is_json and _in_json_string(template.source, s.variable.column)
              for s in slots]
    pieces = template.text.pieces

    def write(record: Mapping[str, Any]) -> str:
        out = [str(pieces[0])]
        for i, slot in enumerate(slots):
            text = _format(slot.field, record.get(slot.name))
            out.append(json.dumps(text, ensure_ascii=False)[1:-1] if quoted[i] else text)
            out.append(str(pieces[2 * i + 2]))
        return "".join(out)
    return write


__all__ = ["FieldOf", "InferredJsonReader", "JsonReader", "NULL", "Slot", "TextReader",
           "json_converter", "make_slots", "text_converter", "writer"]
