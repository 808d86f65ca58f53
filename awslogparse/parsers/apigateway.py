"""API Gateway logs: access logs, read through the stage's ``$context`` template, and the line
shape of REST API execution logs.

Access logs have the layout the API owner wrote (``fields=`` takes it: the template text, or
the name of one of AWS's presets in the spec, such as ``"clf"`` or ``"http-json"``). Without
one, text lines are read with the CLF presets the spec lists as defaults (the first that fits a
line is tried first on the next), and JSON lines by their keys. Values are typed by the spec's
variable table; variables it lacks stay text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from awslogparse.model import TYPE_CHECKING, Field, FieldType, ParseError, Record
from awslogparse.parsers.apigateway_lines import (
    InferredJsonReader,
    JsonReader,
    Slot,
    TextReader,
    make_slots,
    writer,
)
from awslogparse.parsers.apigateway_template import (
    Template,
    Variable,
    parse_template,
    snake,
    variable,
)
from awslogparse.parsers.base import (
    Format,
    LineFailure,
    LineParserBase,
    one_per_format,
    sample_lines,
)
from awslogparse.specs import FormatSpec

if TYPE_CHECKING:  # (typing costs a cold start milliseconds; see awslogparse/model.py)
    from typing import Any

Reader = Callable[[str], Record]
_REQUEST_IDS = (variable("requestId").name, variable("extendedRequestId").name)
"""Record names of the variables AWS requires one of in every access log format."""


# ---- access logs -------------------------------------------------------------------------------


class _Compiled:
    """A template's reader, the fields of its record, and its writer."""

    def __init__(self, template: Template, slots: tuple[Slot, ...]) -> None:
        self.template = template
        self.slots = slots
        self.layout = tuple(s.field for s in slots)
        text = TextReader(template.text, slots)
        self.read: Reader = JsonReader(template, slots, text).read if template.is_json else text
        self.write = writer(template, slots)


class AccessFormat(Format):
    """Access logs: one format, many layouts (one per template)."""

    def __init__(self, spec: FormatSpec) -> None:
        super().__init__(spec)
        self.presets = dict(spec.templates)
        self._fields = {f.name: f for f in spec.schema}
        self._compiled: dict[str, _Compiled] = {}
        self._inferred: InferredJsonReader | None = None

    # typing

    def field_of(self, v: Variable, name: str) -> Field:
        """The spec's field for a variable (by record name), renamed when the template uses the
        name twice; a variable the spec lacks is text."""
        known = self._fields.get(v.name)
        if known is not None:
            renamed: Field = known if known.name == name else known.replace(name=name)
            return renamed
        return Field(name=name, wire_name=v.text, type=FieldType.STR,
                     description="not in the variable table: kept as text")

    # templates

    def template(self, fields: str | Sequence[str] | None) -> Template | None:
        """The template ``fields`` names: a preset's name, the template text, or a list of
        variables (written space-separated); None for the default."""
        if fields is None:
            return None
        if not isinstance(fields, str):
            names = [f if f.startswith("$") else variable(f).text for f in fields]
            return parse_template(" ".join(names))
        preset = self.presets.get(fields.strip().lower())
        return parse_template(preset if preset is not None else fields)

    def compiled(self, template: Template) -> _Compiled:
        found = self._compiled.get(template.source)
        if found is None:
            found = _Compiled(template, make_slots(template.variables, self.field_of))
            if len(self._compiled) < 256:
                self._compiled[template.source] = found
        return found

    def defaults(self) -> list[_Compiled]:
        """The presets tried, in order, when no template is given."""
        return [self.compiled(parse_template(self.presets[n])) for n in self.spec.default_templates]

    def inferred(self) -> InferredJsonReader:
        """The reader of JSON lines without a template (its key index from the spec)."""
        if self._inferred is None:
            self._inferred = InferredJsonReader(self._key_index())
        return self._inferred

    def _key_index(self) -> dict[str, Slot]:
        """snake_case JSON key -> the variable it names: the variable's dotted name, a key of
        AWS's JSON presets, or the variable's last segment where no other variable shares it."""
        variables = [variable(f.wire_name) for f in self.spec.schema]
        slots = {v.name: s for v, s in zip(variables, make_slots(variables, self.field_of),
                                           strict=True)}
        index: dict[str, Slot] = {}
        last: dict[str, list[str]] = {}
        for v in variables:
            last.setdefault(snake(v.path[-1]), []).append(v.name)
        for key, names in last.items():
            if len(names) == 1:
                index[key] = slots[names[0]]
        for source in self.presets.values():
            template = parse_template(source)
            for leaf in template.json_leaves:
                own = leaf.variables
                if len(leaf.path) == 1 and len(own) == 1 and own[0].name in slots:
                    index[snake(str(leaf.path[0]))] = slots[own[0].name]
        for v in variables:
            index[snake(v.dotted)] = slots[v.name]
        return index

    # the Format interface

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        template = self.template(fields)
        if template is None:
            return self.defaults()[0].layout
        return self.compiled(template).layout

    def line_parser(self, fields: str | Sequence[str] | None = None) -> AccessLineParser:
        return AccessLineParser(self, self.template(fields))

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        template = self.template(fields)
        return (self.defaults()[0] if template is None else self.compiled(template)).write

    def sniff(self, head: str) -> tuple[float, str]:
        lines = sample_lines(head)
        if not lines:
            return 0.0, "empty"
        # the presets' regexes first: reading a line that fits none searches other splits
        # (bounded, but milliseconds), and content detection runs on every unknown stream
        shapes = [c.read.regex.match for c in self.defaults() if isinstance(c.read, TextReader)]
        if not any(line.lstrip()[:1] == "{" or any(fits(line) for fits in shapes)
                   for line in lines):
            return 0.0, "no line fits an API Gateway access log preset"
        parser = self.line_parser()
        good = 0
        for line in lines:
            try:
                record = parser(line)
            except ParseError:
                continue
            if record is not None and (parser.preset is not None or self._evidence(record)):
                good += 1
        what = f"AWS's {parser.preset} access log preset" if parser.preset is not None else \
            "API Gateway $context variables"
        if good == len(lines):
            if parser.preset is not None:
                return 0.8, f"lines fit {what}"
            return 0.75, f"JSON lines naming {what} (requestId and others)"
        if good:
            return 0.4 * good / len(lines), f"{good} of {len(lines)} lines fit {what}"
        return 0.0, "no line fits an API Gateway access log preset"

    def _evidence(self, record: Record) -> bool:
        """A JSON line names a request id and at least three other known variables (AWS
        requires ``$context.requestId`` or ``$context.extendedRequestId`` in every template)."""
        known = sum(1 for k in record if k in self._fields and k not in _REQUEST_IDS)
        return any(k in record for k in _REQUEST_IDS) and known >= 3


class AccessLineParser(LineParserBase):
    """One source's access log lines: a template's, or (default) the presets' and JSON."""

    def __init__(self, fmt: AccessFormat, template: Template | None) -> None:
        self.format = fmt
        self.preset: str | None = None
        """Which default preset read the last text line (None: a template, or JSON lines)."""
        if template is not None:
            compiled = fmt.compiled(template)
            self.layout = compiled.layout
            self._read = compiled.read
            return
        self._order = list(zip(fmt.spec.default_templates, fmt.defaults(), strict=True))
        self.layout = self._order[0][1].layout
        self._json = fmt.inferred()
        self._read = self._default
        self._fresh = True
        """No line read yet: the first one's layout becomes the source's (Arrow columns)."""

    def __call__(self, line: str) -> Record | None:
        if line[-1:] == "\r":
            line = line[:-1]
        if not line or line.isspace():
            self.blank += 1
            return None
        if "\x00" in line:
            raise ParseError("NUL byte in the line (binary data, not a log line)", line)
        try:
            return self._read(line)
        except ValueError as exc:
            raise ParseError(str(exc), line) from None

    def parse_many(self, lines: list[str], first_line: int, records: list[Record],
                   failures: list[LineFailure], *, with_lines: bool = False,
                   plain: bool = False) -> None:
        """:meth:`__call__` for a block, with the common case (a non-blank line that reads)
        inlined."""
        read, append = self._read, records.append
        lineno = first_line - 1
        for line in lines:
            lineno += 1
            if line and line[-1] != "\r" and "\x00" not in line and not line.isspace():
                try:
                    record = read(line)
                except ValueError:
                    pass
                else:
                    if with_lines:
                        record["_line"] = lineno
                    append(record)
                    continue
            self.reference_step(line, lineno, records, failures, with_lines)

    def _default(self, line: str) -> Record:
        if line.lstrip()[:1] == "{":
            record = self._json(line)
            self.preset = None
            if self._fresh:
                self.layout = tuple(s.field for s in self._json.known(tuple(record)))
                self._fresh = False
            return record
        problem: ValueError | None = None
        for i, (name, compiled) in enumerate(self._order):
            try:
                record = compiled.read(line)
            except ValueError as exc:
                problem = problem or exc
                continue
            if i:  # this source's lines fit this preset: try it first from now on
                self._order.insert(0, self._order.pop(i))
            self.preset = name
            if self._fresh:
                self.layout, self._fresh = compiled.layout, False
            return record
        names = ", ".join(name for name, _ in self._order)
        raise ValueError(f"{problem} (the line fits none of the presets {names}: give the "
                         "stage's access log format as fields=)")


# ---- execution logs ----------------------------------------------------------------------------

_EXECUTION = re.compile(r"\(([^()\s]+)\) (.*)\Z", re.DOTALL)
_REQUEST_ID = re.compile(r"\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\) ")


class ExecutionFormat(Format):
    """REST API execution logs: ``(request id) message`` lines."""

    def __init__(self, spec: FormatSpec) -> None:
        super().__init__(spec)
        request_id, message = spec.schema.fields  # in the line's order
        self.names = (request_id.name, message.name)

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        if fields is not None:
            raise ParseError(f"{self.name} lines have one layout: (request id) message")
        return self.spec.schema.fields

    def line_parser(self, fields: str | Sequence[str] | None = None) -> ExecutionLineParser:
        self.layout(fields)
        return ExecutionLineParser(self)

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        self.layout(fields)
        request_id, message = self.names
        return lambda record: f"({record.get(request_id)}) {record.get(message) or ''}"

    def sniff(self, head: str) -> tuple[float, str]:
        lines = sample_lines(head)
        good = sum(1 for ln in lines if _REQUEST_ID.match(ln))
        if lines and good == len(lines):
            return 0.8, "lines of a request id in parentheses and a message"
        if good:
            return 0.4 * good / len(lines), f"{good} of {len(lines)} lines start with a request id"
        return 0.0, "no line starts with a request id in parentheses"


class ExecutionLineParser(LineParserBase):
    def __init__(self, fmt: ExecutionFormat) -> None:
        self.layout = fmt.spec.schema.fields
        self.names = fmt.names

    def __call__(self, line: str) -> Record | None:
        if line[-1:] == "\r":
            line = line[:-1]
        if not line or line.isspace():
            self.blank += 1
            return None
        found = _EXECUTION.match(line)
        if found is None:
            raise ParseError("not an execution log line: (request id) message", line)
        request_id, message = self.names
        return {request_id: found.group(1), message: found.group(2)}


def _make(spec: FormatSpec) -> Format:
    """Access logs (a spec with templates) or execution logs."""
    return AccessFormat(spec) if spec.templates else ExecutionFormat(spec)


family = one_per_format(_make)


__all__ = ["AccessFormat", "AccessLineParser", "ExecutionFormat", "ExecutionLineParser",
           "family"]
