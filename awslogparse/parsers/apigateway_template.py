"""API Gateway access log templates: the stage's ``$context.*`` format string, parsed once.

A stage logs each request through a template the API owner writes: literal text with
``$context.<name>`` variables (VTL's formal ``${context.<name>}`` works too), on one line. The
console offers CLF, JSON, XML and CSV presets, but any text is allowed, so the library needs the
template to read the lines. This module turns a template into its pieces; ``apigateway_lines``
turns the pieces into line parsers.

- A text template (CLF, XML, CSV, custom) is literal text and variables, alternating.
- A JSON template (its first non-blank character is ``{``) is also a JSON structure whose string
  leaves are small text templates (``"$context.status"``, ``"/$context.stage/x"``) and whose
  unquoted leaves may be bare variables (``"latency": $context.responseLatency``).

Record names come from the variable: the name without ``$context.``, camelCase split into
snake_case, dots (and brackets) as underscores: ``$context.identity.sourceIp`` ->
``identity_source_ip``, ``$context.authorizer.claims['cognito:groups']`` ->
``authorizer_claims_cognito_groups``.

The grammar is pyparsing, imported when the first template is parsed (never at
``import awslogparse``); parsed templates are cached. The specs' presets are parsed at build time
(``make mapping`` writes them under ``awslogparse/_speccache``), so reading or sniffing lines
with AWS's presets imports no pyparsing. A malformed template (a broken
``$context`` reference, an unclosed quote or brace, a variable of another root such as
``$input``) raises :class:`TemplateError` naming the column.
"""

from __future__ import annotations

import functools
import json
import re

from awslogparse.model import TYPE_CHECKING, Frozen, ParseError

if TYPE_CHECKING:
    from typing import Any

ROOT = "$context"
FOREIGN_ROOTS = ("input", "stageVariables", "util", "method", "integration", "request")
"""VTL roots API Gateway does not offer in access logs (``$context`` only)."""

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class TemplateError(ParseError):
    """A template that cannot be read; ``column`` (1-based) says where."""

    def __init__(self, template: str, column: int, message: str) -> None:
        super().__init__(f"access log template, column {column}: {message}", template)
        self.column = column


def snake(text: str) -> str:
    """``sourceIp`` -> ``source_ip``, ``subjectDN`` -> ``subject_dn``, ``user-agent`` ->
    ``user_agent``."""
    return _NOT_WORD.sub("_", _CAMEL.sub("_", text).lower()).strip("_")


class Variable(Frozen):
    """One ``$context`` reference of a template."""

    path: tuple[str, ...]
    """Its segments after ``$context``: ``("identity", "sourceIp")``."""
    column: int
    """1-based column in the template (0 for variables not from a template)."""

    _fields = ("path", "column")

    def __init__(self, path: tuple[str, ...], column: int) -> None:
        self._init(path=path, column=column)

    @property
    def dotted(self) -> str:
        """``identity.sourceIp``: the name AWS's variable tables use, without ``$context.``."""
        return ".".join(self.path)

    @property
    def text(self) -> str:
        """``$context.identity.sourceIp``."""
        return f"{ROOT}.{self.dotted}"

    @property
    def name(self) -> str:
        """The record name: segments in snake_case, joined by underscores."""
        return "_".join(part for part in (snake(p) for p in self.path) if part)


def variable(dotted: str) -> Variable:
    """A variable from its dotted name (``identity.sourceIp`` or ``$context.identity.sourceIp``)."""
    name = dotted[len(ROOT) + 1:] if dotted.startswith(ROOT + ".") else dotted
    return Variable(tuple(name.split(".")), 0)


Piece = str | Variable


class TextTemplate(Frozen):
    """Literal text and variables, alternating: ``pieces`` starts and ends with text (maybe
    empty), so a variable always sits between two literals."""

    pieces: tuple[Piece, ...]

    _fields = ("pieces",)

    def __init__(self, pieces: tuple[Piece, ...]) -> None:
        self._init(pieces=pieces)

    @property
    def variables(self) -> tuple[Variable, ...]:
        return tuple(p for p in self.pieces if isinstance(p, Variable))

    @property
    def literals(self) -> tuple[str, ...]:
        return tuple(p for p in self.pieces if isinstance(p, str))

    @property
    def single(self) -> Variable | None:
        """The variable, when the template is exactly one variable and nothing else."""
        if len(self.pieces) == 3 and self.pieces[0] == "" and self.pieces[2] == "":
            found = self.pieces[1]
            return found if isinstance(found, Variable) else None
        return None


Key = str | int


class JsonLeaf(Frozen):
    """A value of a JSON template that holds variables: where it is, and what it holds."""

    path: tuple[Key, ...]
    """Object keys (and array indexes) from the root to the value."""
    bare: Variable | None
    """An unquoted variable: the line holds whatever AWS renders (a number, or ``-``)."""
    text: TextTemplate | None
    """A JSON string holding a text template."""

    _fields = ("path", "bare", "text")

    def __init__(self, path: tuple[Key, ...], bare: Variable | None = None,
                 text: TextTemplate | None = None) -> None:
        self._init(path=path, bare=bare, text=text)

    @property
    def variables(self) -> tuple[Variable, ...]:
        if self.bare is not None:
            return (self.bare,)
        return self.text.variables if self.text is not None else ()


class Template(Frozen):
    """A parsed access log template."""

    source: str
    text: TextTemplate
    """The whole template as text: how every line is read, and JSON lines that are not valid
    JSON (a bare variable rendered as ``-``)."""
    json_leaves: tuple[JsonLeaf, ...]
    """For JSON templates: the values holding variables (empty for text templates)."""

    _fields = ("source", "text", "json_leaves")

    def __init__(self, source: str, text: TextTemplate,
                 json_leaves: tuple[JsonLeaf, ...] = ()) -> None:
        self._init(source=source, text=text, json_leaves=json_leaves)

    @property
    def is_json(self) -> bool:
        return bool(self.json_leaves) or self.source.lstrip().startswith("{")

    @property
    def variables(self) -> tuple[Variable, ...]:
        return self.text.variables


# ---- the grammar -------------------------------------------------------------------------------


def _fatal(s: str, loc: int, message: str) -> Any:
    import pyparsing as pp

    return pp.ParseFatalException(s, loc, message)


def _column(template: str, loc: int) -> int:
    return min(max(loc, 0), len(template)) + 1


_SEGMENT = r"[A-Za-z0-9_]+"
_TAIL = rf"(?:\.{_SEGMENT})(?:\.{_SEGMENT}|\[(?:'[^']*'|\"[^\"]*\")\])*"
_PARTS = re.compile(rf"\.({_SEGMENT})|\['([^']*)'\]|\[\"([^\"]*)\"\]")


def _path(tail: str) -> tuple[str, ...]:
    """``.identity.sourceIp`` or ``.claims['cognito:groups']`` -> the segments."""
    return tuple(next(g for g in m.groups() if g is not None) for m in _PARTS.finditer(tail))


def _references() -> Any:
    """A ``$context`` reference (informal or formal), or the fatal error of a broken one."""
    import pyparsing as pp

    def informal(s: str, loc: int, toks: pp.ParseResults) -> Variable:
        return Variable(_path(toks[0][len(ROOT):]), _column(s, loc))

    def formal(s: str, loc: int, toks: pp.ParseResults) -> Variable:
        return Variable(_path(toks[0][len("${context"):-1]), _column(s, loc))

    def broken_formal(s: str, loc: int, toks: pp.ParseResults) -> None:
        end = s.find("}", loc)
        if end < 0:
            raise _fatal(s, loc, "'${' is never closed by '}'")
        raise _fatal(s, loc, f"{s[loc:end + 1]!r} is not a $context variable "
                     "(${context.<name>})")

    def broken(s: str, loc: int, toks: pp.ParseResults) -> None:
        word = re.match(r"\S{0,24}", s[loc:])
        shown = word.group() if word else ROOT
        raise _fatal(s, loc, f"broken $context reference {shown!r}: expected "
                     "$context.<name> (letters, digits and _ after each dot)")

    def foreign(s: str, loc: int, toks: pp.ParseResults) -> None:
        raise _fatal(s, loc, f"{toks[0].lstrip('${')} variables are not available in access "
                     "logs: only $context variables are")

    roots = "|".join(FOREIGN_ROOTS)
    return (pp.Regex(r"\$\{context" + _TAIL + r"\}").set_parse_action(formal)
            | pp.Regex(r"\$\{").set_parse_action(broken_formal)
            | pp.Regex(r"\$context" + _TAIL + r"(?![A-Za-z0-9_])").set_parse_action(informal)
            | pp.Regex(r"\$context").set_parse_action(broken)
            | pp.Regex(r"\$\{?(?:" + roots + r")\b").set_parse_action(foreign)
            ).set_name("a $context variable")


@functools.cache
def _grammar() -> dict[str, Any]:
    """The text and JSON template grammars (pyparsing, built on first use)."""
    import pyparsing as pp

    # text: every character counts, so no whitespace is skipped anywhere
    literal = pp.Regex(r"[^$]+|\$")
    text = pp.ZeroOrMore(_references() | literal) + pp.StringEnd()
    text.leave_whitespace(recursive=True)

    # JSON: strings keep their raw text (unescaped later); bare variables are values
    def string_action(s: str, loc: int, toks: pp.ParseResults) -> _Str:
        return _Str(toks[0], loc)

    jstring = pp.Regex(r'"(?:[^"\\\x00-\x1f]|\\.)*"').set_name("a JSON string")
    jstring.set_parse_action(string_action)
    number = pp.Regex(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?").set_name("a number")
    constant = (pp.Keyword("true") | pp.Keyword("false") | pp.Keyword("null")
                ).set_parse_action(lambda t: _Const(t[0]))
    value = pp.Forward().set_name("a JSON value or a $context variable")
    member = pp.Group(jstring + pp.Suppress(":") + value)
    obj = pp.Group(pp.Suppress("{") + pp.Optional(pp.DelimitedList(member))
                   + pp.Suppress("}")).set_parse_action(lambda t: _Obj(list(t[0])))
    arr = pp.Group(pp.Suppress("[") + pp.Optional(pp.DelimitedList(value))
                   + pp.Suppress("]")).set_parse_action(lambda t: _Arr(list(t[0])))
    value <<= jstring | _references() | number | constant | obj | arr
    document = obj + pp.StringEnd()
    for element in (text, document):
        element.parse_with_tabs()
    return {"text": text, "json": document}


class _Str:
    def __init__(self, raw: str, loc: int) -> None:
        self.raw = raw
        self.loc = loc


class _Const:
    def __init__(self, raw: str) -> None:
        self.raw = raw


class _Obj:
    def __init__(self, members: list[Any]) -> None:
        self.members = members


class _Arr:
    def __init__(self, items: list[Any]) -> None:
        self.items = items


# ---- parsing -----------------------------------------------------------------------------------


def _error(template: str, exc: Any, offset: int = 0, whole: str | None = None
           ) -> TemplateError:
    """A pyparsing failure as a TemplateError; ``offset``: where ``template`` starts in the
    ``whole`` template (a string inside a JSON template)."""
    loc = min(max(int(exc.loc), 0), len(template))
    found = "the end of the template" if loc >= len(template) else repr(template[loc:loc + 12])
    message = str(exc.msg)
    if message.startswith("Expected "):
        message = f"expected {message[len('Expected '):]}, found {found}"
    return TemplateError(whole if whole is not None else template, loc + 1 + offset, message)


def _pieces(items: list[Any]) -> tuple[Piece, ...]:
    """Literal runs merged, with a literal (maybe empty) before, between and after variables."""
    out: list[Piece] = [""]
    for item in items:
        if isinstance(item, Variable):
            out += [item, ""]
        else:
            last = out[-1]
            assert isinstance(last, str)
            out[-1] = last + str(item)
    return tuple(out)


def _text_template(template: str, offset: int = 0, whole: str | None = None) -> TextTemplate:
    """``template`` as text and variables; ``offset`` and ``whole`` as for :func:`_error`."""
    import pyparsing as pp

    try:
        items = list(_grammar()["text"].parse_string(template, parse_all=True))
    except pp.ParseBaseException as exc:
        raise _error(template, exc, offset, whole) from None
    if offset:  # columns of the whole template
        items = [Variable(i.path, i.column + offset) if isinstance(i, Variable) else i
                 for i in items]
    return TextTemplate(_pieces(items))


def _check_text(template: str, parsed: TextTemplate, offset: int = 0) -> None:
    """What makes a text template unreadable: an unclosed double quote, or two variables
    with no text between them (their values could not be told apart)."""
    pieces = parsed.pieces
    for i in range(2, len(pieces) - 2, 2):
        if pieces[i] == "":
            left, right = pieces[i - 1], pieces[i + 1]
            assert isinstance(left, Variable) and isinstance(right, Variable)
            raise TemplateError(template, right.column,
                                f"{left.text} and {right.text} have no text between them: "
                                "their values cannot be told apart")
    opened = None
    column = 1 + offset
    for piece in pieces:
        if isinstance(piece, Variable):
            column = piece.column + len(piece.text)
            continue
        for at, char in enumerate(piece):
            if char == '"':
                opened = None if opened is not None else column + at
        column += len(piece)
    if opened is not None:
        raise TemplateError(template, opened, "this double quote is never closed")


def _leaves(template: str, node: Any, path: tuple[Key, ...], out: list[JsonLeaf]) -> None:
    if isinstance(node, _Obj):
        for key, value in node.members:
            _leaves(template, value, (*path, json.loads(key.raw)), out)
    elif isinstance(node, _Arr):
        for index, value in enumerate(node.items):
            _leaves(template, value, (*path, index), out)
    elif isinstance(node, Variable):
        out.append(JsonLeaf(path, bare=node))
    elif isinstance(node, _Str):
        content = json.loads(node.raw)
        if "$" in content:  # (columns are exact unless the string holds JSON escapes)
            sub = _text_template(content, node.loc + 1, template)
            if sub.variables:
                _check_text(template, sub, node.loc + 1)
                out.append(JsonLeaf(path, text=sub))


def _check_json_nesting(template: str) -> None:
    """An unclosed string, brace or bracket of a JSON template, named where it opens (a parser
    error would name where the parse gave up instead, often far away)."""
    stack: list[int] = []
    string_at = -1
    escaped = False
    for i, char in enumerate(template):
        if string_at >= 0:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                string_at = -1
            continue
        if char == '"':
            string_at = i
        elif char in "{[":
            stack.append(i)
        elif char in "}]" and stack:
            stack.pop()
    if string_at >= 0:
        raise TemplateError(template, string_at + 1, "this double quote is never closed")
    if stack:
        kind = "brace" if template[stack[-1]] == "{" else "bracket"
        raise TemplateError(template, stack[-1] + 1, f"this {kind} is never closed")


@functools.lru_cache(maxsize=256)
def parse_template(template: str) -> Template:
    """Parse an access log template (cached); :class:`TemplateError` when it is malformed.
    The specs' presets come parsed from the cache ``make mapping`` writes (see
    :func:`preparsed`): sniffing a stream for API Gateway lines imports no pyparsing."""
    if not isinstance(template, str):
        raise TypeError(f"an access log template is a str, not {type(template).__name__}")
    entry = _preparsed().get(template)
    if entry is not None:
        return _from_entry(template, entry)
    return parse_with_grammar(template)


def parse_with_grammar(template: str) -> Template:
    """:func:`parse_template` without the cache: the template read by the grammar."""
    if "\n" in template.rstrip("\n") or "\r" in template:
        raise TemplateError(template, template.find("\n") + 1,
                            "a template is one line (AWS writes one line per request)")
    template = template.rstrip("\n")  # AWS lets a template end in \n: one line a request
    text = _text_template(template)
    if not text.variables:
        raise TemplateError(template, 1, "no $context variable: every line would be the same")
    leaves: list[JsonLeaf] = []
    if template.lstrip().startswith("{"):
        import pyparsing as pp

        _check_json_nesting(template)
        try:
            root = _grammar()["json"].parse_string(template, parse_all=True)[0]
        except pp.ParseBaseException as exc:
            raise _error(template, exc) from None
        _leaves(template, root, (), leaves)
        seen: dict[tuple[Key, ...], JsonLeaf] = {}
        for leaf in leaves:
            if leaf.path in seen:
                raise TemplateError(template, leaf.variables[0].column,
                                    f"the key {'/'.join(map(str, leaf.path))!r} appears twice")
            seen[leaf.path] = leaf
    else:
        _check_text(template, text)
    return Template(template, text, tuple(leaves))


# ---- the parsed presets ``make mapping`` compiles ---------------------------------------------

PREPARSED_FILE = "apigateway.templates.json"
"""Under ``awslogparse/_speccache``: template text -> its parse (:func:`preparsed`)."""


def preparsed(templates: list[str]) -> dict[str, dict[str, Any]]:
    """The cache entries of ``templates``: each template's parse as JSON values."""
    out: dict[str, dict[str, Any]] = {}
    for source in templates:
        parsed = parse_with_grammar(source)
        if parsed.source != source:  # (a trailing newline: looked up as written, not cached)
            continue
        entry: dict[str, Any] = {"text": _pieces_entry(parsed.text)}
        if parsed.json_leaves:
            entry["leaves"] = [
                [list(leaf.path), None if leaf.bare is None else _variable_entry(leaf.bare),
                 None if leaf.text is None else _pieces_entry(leaf.text)]
                for leaf in parsed.json_leaves]
        out[source] = entry
    return out


def _variable_entry(v: Variable) -> list[Any]:
    return [list(v.path), v.column]


def _pieces_entry(text: TextTemplate) -> list[Any]:
    """A literal as a string, a variable as ``[path, column]``."""
    return [p if isinstance(p, str) else _variable_entry(p) for p in text.pieces]


@functools.cache
def _preparsed() -> dict[str, dict[str, Any]]:
    from awslogparse.specs import cache_file

    try:
        with open(cache_file(PREPARSED_FILE), "rb") as fh:
            found = json.loads(fh.read())
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _from_entry(source: str, entry: dict[str, Any]) -> Template:
    leaves = tuple(JsonLeaf(tuple(path), None if bare is None else _variable(bare),
                            None if text is None else _text(text))
                   for path, bare, text in entry.get("leaves", ()))
    return Template(source, _text(entry["text"]), leaves)


def _variable(entry: list[Any]) -> Variable:
    return Variable(tuple(entry[0]), entry[1])


def _text(entry: list[Any]) -> TextTemplate:
    return TextTemplate(tuple(p if isinstance(p, str) else _variable(p) for p in entry))


def record_names(variables: tuple[Variable, ...]) -> tuple[str, ...]:
    """Each variable's record name; a name taken earlier in the template gets ``_2``, ``_3``..."""
    out: list[str] = []
    for v in variables:
        name, n = v.name, 1
        while name in out:
            n += 1
            name = f"{v.name}_{n}"
        out.append(name)
    return tuple(out)


__all__ = ["PREPARSED_FILE", "JsonLeaf", "Template", "TemplateError", "TextTemplate",
           "Variable", "parse_template", "parse_with_grammar", "preparsed", "record_names",
           "snake", "variable"]
