"""Delimited line formats, driven by their spec: the shared machinery every such family reuses.

- Tokenizers: whitespace runs, single-space columns with ``"..."`` quoting (ALB: a quote always
  closes; Classic ELB: backslash escapes), an anchored form for S3's unescaped quotes and
  ``[...]`` times, and tab-separated columns (CloudFront).
- Layouts: a list of wire columns (the spec's default, a ``#Fields:`` header, or the caller's
  list) compiles into one generated ``tokens -> record`` function, so the hot loop is a split,
  an unpack and a dict display. Columns split into fields (``client:port`` -> ``client_ip`` and
  ``client_port``; a request line -> method, URL, protocol) or join (``date`` + ``time``).
- Tolerance: AWS appends columns without notice, so a line with fewer trailing columns (down to
  the spec's ``min_columns``) has nulls there, and extra trailing columns are kept as
  ``field_<n>`` text (Arrow: the ``_extra`` map) instead of failing the line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from itertools import chain

from awslogparse import values
from awslogparse.codegen import define, dict_statements
from awslogparse.model import TYPE_CHECKING, Field, FieldType, Frozen, ParseError, Record
from awslogparse.parsers.base import (
    Format,
    Gate,
    LineFailure,
    LineParserBase,
    Width,
    one_per_format,
    plain_text,
    sample_lines,
)
from awslogparse.patterns import lazy
from awslogparse.specs import FormatSpec, load_spec, snake_case

if TYPE_CHECKING:
    from typing import Any

Tokenizer = Callable[[str], list[str]]

PLACEHOLDER = lazy(r"\$\{([^}]*)\}")
"""A ``${field}`` of a custom layout (a VPC flow log format string)."""
MAX_ANCHORED = 64 * 1024
"""Longest line the anchored (backtracking) tokenizer takes; longer ones are errors."""


# ---- tokenizers -------------------------------------------------------------------------------


def split_whitespace(line: str) -> list[str]:
    return line.split()


def split_tab(line: str) -> list[str]:
    """Tab-separated columns; a trailing tab (seen in AWS's own samples) adds no column."""
    tokens = line.split("\t")
    if len(tokens) > 1 and tokens[-1] == "":
        tokens.pop()
    return tokens


def split_quoted(line: str) -> list[str]:
    """Columns separated by spaces; ``"..."`` is one column without its quotes, and a quote
    always closes it (ALB writes a quote inside as ``\\x22``). A quote that does not stand at
    a column edge, or an odd number of quotes, is an error rather than a silent misreading."""
    if '"' not in line:
        return line.split()
    parts = line.split('"')
    count = len(parts)
    if not count & 1:
        raise ValueError("unbalanced double quote")
    head = parts[0]
    if head and head[-1] != " ":
        raise ValueError("a quote opens inside a column")
    tokens = head.split()
    for i in range(1, count - 2, 2):  # every quoted column but the last, and what follows it
        tokens.append(parts[i])
        between = parts[i + 1]
        if not between or between[0] != " " or between[-1] != " ":
            raise ValueError("a quote closes or opens inside a column")
        tokens += between.split()
    tokens.append(parts[count - 2])
    tail = parts[count - 1]
    if tail:
        if tail[0] != " ":
            raise ValueError("a quote closes inside a column")
        tokens += tail.split()
    return tokens


def structured_splitter(quoted: Sequence[bool], fallback: Tokenizer,
                        escape: str = "") -> Tokenizer:
    """:func:`structured_split`'s tokenizer."""
    return structured_split(quoted, fallback, escape)[0]


PiecesTokenizer = Callable[[list[str], str], list[str]]
"""``(line.split('"'), line) -> tokens``: a tokenizer handed the line's pieces between quotes."""


def structured_split(quoted: Sequence[bool], fallback: Tokenizer, escape: str = ""
                     ) -> tuple[Tokenizer, PiecesTokenizer]:
    """A tokenizer for one layout that gives :func:`split_quoted`'s tokens faster: it knows
    where the quoted columns are, so a line of the expected shape is one ``split('"')`` and
    a few ``split()`` calls, checked by unpacking. A line of any other shape (a quote in an odd
    place, ``escape`` in the line) goes to ``fallback``. A line with fewer quoted columns (an
    older layout that ends before the newer ones) takes code made for its count of quotes when
    the first such line comes: making it for every count up front cost a cold start about
    8 ms of compiling on ALB's layout, for lines most files never hold. The second function is
    the same tokenizer for a line already split on quotes (the generated loops split it
    first); the first splits and calls it."""
    spots = [i for i, q in enumerate(quoted) if q]
    if not spots:
        return fallback, lambda p, line: fallback(line)
    shorter: dict[int, Callable[[list[str], str], list[str]]] = {}

    def other(p: list[str], line: str) -> list[str]:
        """A line whose count of quotes is not the full layout's."""
        n = len(p)
        taken = shorter.get(n)
        if taken is None:
            k = (n - 1) // 2
            taken = shorter[n] = _quoted_branch(spots, k, "split_short") if n & 1 and \
                0 < k < len(spots) else lambda p, line: fallback(line)
        try:
            return taken(p, line)
        except (ValueError, IndexError):
            return fallback(line)

    full = len(spots)
    tests, body = _branch_parts(spots, full)
    common = ["    n = len(p)", "    if n == 1: return line.split()",
              f"    if n != {2 * full + 1}: return other(p, line)", "    try:",
              f"        if {tests}:", *(f"            {b}" for b in body),
              "    except (ValueError, IndexError):", "        pass", "    return fallback(line)"]
    escaped = [f"    if {escape!r} in line: return fallback(line)"] if escape else []
    lines = ["def pieces(p, line):", *escaped, *common]
    namespace: dict[str, Any] = {"fallback": fallback, "other": other}
    define("\n".join(lines) + "\n", f"<quoted split, {len(quoted)} columns>", namespace)
    pieces: PiecesTokenizer = namespace["pieces"]

    def split(line: str) -> list[str]:
        return pieces(line.split('"'), line)
    return split, pieces


def _branch_parts(spots: Sequence[int], k: int) -> tuple[str, list[str]]:
    """The test and the statements that split a line of ``k`` quoted columns (the first ``k``
    of ``spots``), split on quotes into ``p``."""
    tests, unpack, pieces = quoted_pieces(spots, k, "t")
    last = f"p[{2 * k}]"
    pieces.append(f"*{last}.split()")
    return tests, [*unpack, f"return [{', '.join(pieces)}]"]


def quoted_pieces(spots: Sequence[int], k: int, prefix: str) -> tuple[str, list[str], list[str]]:
    """For a line of ``k`` quoted columns (the first ``k`` of ``spots``) split on quotes into
    ``p``: the test that every quote stands at a column edge (the last piece, the columns after
    the last quote, may be empty), the statements that split the pieces of unquoted columns
    into ``<prefix><column>`` names (ValueError when a piece holds another count), and each
    column's value up to the last quoted one: those names, or ``p[i]`` for a quoted column."""
    tests: list[str] = []
    pieces: list[str] = []
    unpack: list[str] = []
    previous = -1
    for j in range(k):  # the unquoted columns before quoted column j, then column j
        segment, count = f"p[{2 * j}]", spots[j] - previous - 1
        if count == 0:
            tests.append(f"{segment} == {'' if j == 0 else ' '!r}")
        else:
            names = [f"{prefix}{previous + 1 + c}" for c in range(count)]
            edge = f"{segment}[-1] == ' '" if j == 0 else \
                f"{segment}[0] == ' ' and {segment}[-1] == ' '"
            tests.append(edge)
            unpack.append(f"{', '.join(names)}, = {segment}.split()")
            pieces += names
        pieces.append(f"p[{2 * j + 1}]")
        previous = spots[j]
    last = f"p[{2 * k}]"
    tests.append(f"(not {last} or {last}[0] == ' ')")
    return " and ".join(tests), unpack, pieces


def _quoted_branch(spots: Sequence[int], k: int, name: str
                   ) -> Callable[[list[str], str], list[str]]:
    """``(p, line) -> tokens`` for a line of ``k`` quoted columns; ValueError when the line
    does not have that shape."""
    tests, body = _branch_parts(spots, k)
    lines = [f"def {name}(p, line):", f"    if not ({tests}):", "        raise ValueError",
             *(f"    {b}" for b in body)]
    namespace: dict[str, Any] = {}
    define("\n".join(lines) + "\n", f"<quoted split, {k} quoted columns>", namespace)
    made: Callable[[list[str], str], list[str]] = namespace[name]
    return made


def split_quoted_backslash(line: str) -> list[str]:
    """As :func:`split_quoted`, with ``\\"`` and ``\\\\`` escapes inside quotes (Classic ELB)."""
    if "\\" not in line:
        return split_quoted(line)
    tokens: list[str] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c.isspace():
            i += 1
            continue
        if c != '"':
            j = i
            while j < n and not line[j].isspace():
                if line[j] == '"':
                    raise ValueError("a quote opens inside a column")
                j += 1
            tokens.append(line[i:j])
            i = j
            continue
        buf: list[str] = []
        j = i + 1
        while True:
            if j >= n:
                raise ValueError("unterminated quoted column")
            ch = line[j]
            if ch == "\\" and j + 1 < n and line[j + 1] in '"\\':
                buf.append(line[j + 1])
                j += 2
                continue
            if ch == '"':
                break
            buf.append(ch)
            j += 1
        i = j + 1
        if i < n and not line[i].isspace():
            raise ValueError("a quote closes inside a column")
        tokens.append("".join(buf))
    return tokens


def split_cloudwatch(line: str, limit: int = 0) -> list[str]:
    """Split a message into fields as CloudWatch Logs filter patterns do: on blanks, except
    that text in ``[...]`` or ``"..."`` is one field (without its brackets or quotes). With
    ``limit``, at most that many fields: the last one is the rest of the message (one field's
    text if only one is left, else the remaining text as written)."""
    if '"' not in line and "[" not in line:
        fields = line.split(None, limit - 1) if limit > 0 else line.split()
        if limit > 0 and len(fields) == limit and fields[-1][-1:].isspace():
            fields[-1] = fields[-1].rstrip()
        return fields
    fields = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c.isspace():
            i += 1
            continue
        start = i
        if c == '"':
            j = i + 1
            while j < n and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            field = line[i + 1:min(j, n)]
            i = j + 1
        elif c == "[":
            j = line.find("]", i + 1)
            j = n if j < 0 else j
            field = line[i + 1:j]
            i = j + 1
        else:
            j = i + 1
            while j < n and not line[j].isspace():
                j += 1
            field = line[i:j]
            i = j
        if limit > 0 and len(fields) == limit - 1 and line[i:].strip():
            field = line[start:].rstrip()  # the last field takes the rest
            i = n
        fields.append(field)
    return fields


def _column_pattern(fields: Sequence[Field], brackets: bool) -> str:
    """One column of the anchored tokenizer: what its values can look like."""
    if any(f.quoted for f in fields):
        return r'("(?:.*?)"|\S+)'
    if brackets and any(f.type is FieldType.TIMESTAMP and f.unit == "clf" for f in fields):
        return r"(\[[^\]]*\]|-)"
    if fields and all(f.type is FieldType.INT and not f.part for f in fields):
        return r"(-?[0-9]+|-)"
    return r"(\S+)"


def anchored_tokenizer(columns: Sequence[Sequence[Field]], brackets: bool,
                       required: int) -> Tokenizer:
    """For formats that write quotes inside quoted columns unescaped (S3 server access logs):
    a regular expression built from the layout, where a quoted column may hold anything and
    ends at the quote after which the rest of the line still fits (numbers where numbers go).
    Trailing columns after ``required`` are optional; anything after the layout is kept."""
    parts = [_column_pattern(fields, brackets) for fields in columns]
    pattern = " ".join(parts[:required])
    optional = ""
    for part in reversed(parts[required:]):
        optional = f"(?: {part}{optional})?"
    regex = re.compile(f"{pattern}{optional}(?: (.*))?\\Z", re.DOTALL)
    quoted = [any(f.quoted for f in fields) for fields in columns]
    bracketed = [brackets and any(f.unit == "clf" for f in fields) for fields in columns]
    width = len(columns)

    def tokenize(line: str) -> list[str]:
        if len(line) > MAX_ANCHORED:
            raise ValueError(f"line longer than {MAX_ANCHORED} characters")
        found = regex.match(line)
        if found is None:
            raise ValueError("columns do not fit the layout (quotes, brackets or numbers)")
        groups = found.groups()
        tokens: list[str] = []
        for i in range(width):
            token = groups[i]
            if token is None:
                break
            if (quoted[i] and len(token) >= 2 and token[0] == '"' and token[-1] == '"') or \
                    (bracketed[i] and token[:1] == "["):
                token = token[1:-1]
            tokens.append(token)
        rest = groups[width]
        if rest:
            tokens += rest.split()
        return tokens
    return tokenize


# ---- layouts ----------------------------------------------------------------------------------


def unknown_field(column: str) -> Field:
    """A column newer than this library: kept, as text, under its snake_case name."""
    return Field(name=snake_case(column), wire_name=column, type=FieldType.STR,
                 description="not in the spec: kept as text")


def split_hostport(value: str) -> tuple[str, str]:
    """``ip:port`` -> (ip, port) on the last colon (AWS writes IPv6 without brackets; brackets,
    where a load balancer writes them, are dropped); ``-`` is two nulls."""
    if value == "-":
        return "-", "-"
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port:
        raise ValueError(f"not ip:port: {value!r}")
    if host[0] == "[" and host[-1] == "]":
        host = host[1:-1]
    return host, port


def split_request(value: str) -> tuple[str, str, str]:
    """An HTTP request line -> (method, URL, protocol): the method ends at the first space and
    the protocol starts after the last, so raw spaces in the URL survive. Missing parts are
    ``-`` (a malformed request is logged as ``- - -``)."""
    text = value.strip()
    method, _, rest = text.partition(" ")
    if not rest:
        return method or "-", "-", "-"
    url, sep, protocol = rest.rpartition(" ")
    if not sep:
        return method, rest, "-"
    return method, url or "-", protocol


NAMESPACE = {**values.NAMESPACE, "_hp": split_hostport, "_rq": split_request}


class Plan(Frozen):
    """One compiled layout: its wire columns, the record fields they give, and the builders.

    Each builder is generated (and compiled) when first asked for: a small file's lines are
    usually all plain text and need only :attr:`build`, and a cold start pays for each one."""

    columns: tuple[str, ...]
    fields: tuple[Field, ...]
    column_fields: tuple[tuple[Field, ...], ...]
    pad: tuple[str, ...]
    """Each column's null marker, to fill missing trailing columns."""
    tab: bool
    """Tab-separated columns, whose tokens may hold blanks (see :func:`compile_plan`)."""

    _fields = ("columns", "fields", "column_fields", "pad", "tab")

    def __init__(self, columns: tuple[str, ...], fields: tuple[Field, ...],
                 column_fields: tuple[tuple[Field, ...], ...], pad: tuple[str, ...],
                 tab: bool) -> None:
        self._init(columns=columns, fields=fields, column_fields=column_fields, pad=pad,
                   tab=tab)

    def _builder(self, strict: bool, ascii: bool) -> Callable[[list[str]], Record]:
        return _generate(self.column_fields, self.columns, strict=strict, ascii=ascii)

    @functools.cached_property
    def build(self) -> Callable[[list[str]], Record]:
        """For lines of :func:`plain_text` (``int`` takes every integer token directly)."""
        return self._builder(strict=self.tab, ascii=self.tab)

    @functools.cached_property
    def build_ascii(self) -> Callable[[list[str]], Record]:
        """For ASCII lines (a token of digits goes to ``int``, others are checked)."""
        return self._builder(strict=True, ascii=True)

    @functools.cached_property
    def build_strict(self) -> Callable[[list[str]], Record]:
        """For any line."""
        return self._builder(strict=True, ascii=False)

    @property
    def width(self) -> int:
        return len(self.columns)

    @functools.cached_property
    def loops(self) -> dict[LoopShape, Loop]:
        """The loops made so far, by shape."""
        return {}

    def loop(self, shape: LoopShape) -> Loop:
        """The inlined per-line loop for lines of this layout (:func:`_generate_loop`), made
        when first asked for."""
        found = self.loops.get(shape)
        if found is None:
            found = self.loops[shape] = _generate_loop(self, shape)
        return found


Loop = Callable[..., "int | None"]
"""A generated line loop: ``loop(lines, lineno, append, slow, fail, split, pad, known)``
(``lines`` any iterator of lines; ``split`` the tokenizer, or its ``pieces`` form for a loop of
quoted columns), see :func:`_generate_loop`."""


class LoopShape(Frozen):
    """What a parser's inlined loop must check per line, beside its layout (see
    :meth:`DelimitedLineParser.parse_many`)."""

    exact: bool
    """Whitespace columns of exactly the layout's width (flow logs): no carriage return, blank
    line or ``#`` test, no padding; the line's NUL test comes last."""
    mode: str
    """``plain`` (the block is :func:`plain_text`), ``ascii`` (test each line; others go the
    slow way) or ``strict`` (every line, converting as for any text)."""
    with_lines: bool
    tokenizer: str
    """``whitespace`` and ``tab`` are inlined; anything else is the parser's ``split``."""
    strip_cr: bool
    w3c: bool
    headers: bool
    """Data lines may be header lines of names (``known``: see :func:`maybe_header`)."""
    tolerant: bool
    """Lines may have fewer columns (down to ``required``: the rest are padded) or more (kept
    as ``field_<n>``), as AWS appends columns."""
    required: int
    quoted: tuple[int, ...] = ()
    """The quoted columns when the tokenizer is :func:`structured_split`'s: the loop splits
    each line on quotes, takes a line of the layout's shape itself (see
    :func:`_quoted_fast_path`) and hands any other line's pieces to the tokenizer's
    ``pieces`` form, which the loop gets as ``split``."""
    escape: str = ""
    """A character that sends a line to the tokenizer (Classic ELB's backslash)."""
    events: tuple[str, ...] = ()
    """For the log events of a CloudWatch Logs envelope (:meth:`DelimitedLineParser.
    parse_events`): the names of the items each record takes after the line's fields, the
    envelope's context fields and then the event's id and time (``_format`` comes last). The
    loop then walks the events' ids and times beside their lines and builds each record whole
    (one dict display, no merge afterwards), and stops at the first line it does not take
    itself: it hands no line to the parser, so nothing but its own records has changed."""

    _fields = ("exact", "mode", "with_lines", "tokenizer", "strip_cr", "w3c", "headers",
               "tolerant", "required", "quoted", "escape", "events")

    def __init__(self, **values: Any) -> None:
        self._init(**values)


def _generate_loop(plan: Plan, shape: LoopShape) -> Loop:
    """The per-line loop of :meth:`DelimitedLineParser.parse_many` for one layout with the
    builder inlined (one dict display per line, no call per line to split or build): a line
    that is not the common case (another width, a header, ...) goes to ``slow(line, lineno)``,
    the reference handling of one line; when that switched the layout (a header line), the
    loop returns the line's number so the caller continues with the new layout's loop, else it
    returns None at the end. A data line whose value does not convert goes to
    ``fail(line, lineno, tokens)``: the parser would reach the same conversion and fail it."""
    width = plan.width
    strict, ascii = {"plain": (plan.tab, plan.tab), "ascii": (True, True),
                     "strict": (True, False)}[shape.mode]
    memos: dict[str, Any] = {}
    statements, items = _build_parts(plan.column_fields, plan.columns, strict, ascii, memos)
    if shape.with_lines:
        items.append(("_line", "lineno"))
    events = shape.events
    if events:  # (the names are the loop's own: no column's variable is called so)
        context = [f"context_{i}" for i in range(len(events) - 2)]
        items += [*zip(events, [*context, "event_id", "event_time"], strict=True),
                  ("_format", "format_name")]
        code = ["def loop(lines, ids, times, append, split, pad, known, context, format_name):",
                *([f"    {', '.join(context)}, = context"] if context else []),
                "    for line, event_id, event_time in zip(lines, ids, times):"]
    else:
        code = ["def loop(lines, lineno, append, slow, fail, split, pad, known):",
                "    for line in lines:",
                "        lineno += 1"]
    text = "line"
    if shape.strip_cr:
        text = "text"
        code.append("        text = line[:-1] if line[-1:] == '\\r' else line")
    tests = []
    if not shape.exact:
        if shape.strip_cr:
            tests.append(f"{text} and not {text}.isspace()")
        tests.append(f"'\\x00' not in {text}")
        if shape.w3c:
            tests.append(f"{text}[:1] != '#'")
    if shape.mode == "ascii":
        tests.append(f"{text}.isascii()")
    indent = "        "
    if tests:
        code.append(f"{indent}if {' and '.join(tests)}:")
        indent += "    "
    split: list[str] = []
    """The statements that split the line into ``tokens`` (padded to the layout's width)."""
    if shape.tokenizer == "whitespace":
        split.append(f"tokens = {text}.split()")
    elif shape.tokenizer == "tab":
        split += [f"tokens = {text}.split('\\t')", "if not tokens[-1] and len(tokens) > 1:",
                  "    tokens.pop()"]
    else:
        call = f"split(p, {text})" if shape.quoted else f"split({text})"
        split += ["try:", f"    tokens = {call}", "except ValueError:", "    tokens = ()"]
    if shape.tolerant:  # an older (shorter) line is padded, a newer one's extra kept
        split += ["extra = None",
                  "count = len(tokens)",
                  f"if count != {width} and count >= {shape.required}:",
                  f"    if count > {width}:",
                  f"        extra = tokens[{width}:]",
                  f"        tokens = tokens[:{width}]",
                  "    else:",
                  "        tokens += pad[count:]"]
    test = f"len(tokens) == {width}"
    if shape.headers:
        first = "tokens[0][0]" if shape.exact else "tokens[0][:1]"
        test += (f" and tokens[0] not in known and not ({first}.islower() and "
                 "_maybe_header(tokens, known))")
    if shape.exact:
        test += f" and '\\x00' not in {text}"
    names = ", ".join(f"v{i}" for i in range(width))
    if shape.quoted:
        # the loop's own split sets the column names and ``q``; a line it does not take is
        # split by the tokenizer, and ``q`` says whether either took it: one record body
        code += [f"{indent}{line}" for line in _quoted_fast_path(plan, shape, text=text)]
        code += [*([f"{indent}extra = None"] if shape.tolerant else []),
                 f"{indent}if q is None:",
                 *(f"{indent}    {line}" for line in split if line != "extra = None"),
                 f"{indent}    if {test}:", f"{indent}        {_unpack(width)}",
                 f"{indent}        q = tokens",
                 f"{indent}if q is not None:"]
        body = [*statements, *dict_statements("record", items)]
        failed = f"[{names}]"
    else:
        code += [*(f"{indent}{line}" for line in split), f"{indent}if {test}:"]
        body = [_unpack(width), *statements, *dict_statements("record", items)]
        failed = "tokens"
    indent += "    "
    code.append(f"{indent}try:")
    if events:  # (a line with columns after the layout: the careful way keeps them before
        # the envelope's fields)
        body = [*(["if extra is not None:", "    return False"] if shape.tolerant else []),
                *body, "append(record)"]
    elif shape.tolerant:
        body += ["if extra is not None:",
                 f"    for offset, token in enumerate(extra, {width + 1}):",
                 "        record[f'field_{offset}'] = token",
                 *(["    record['_line'] = record.pop('_line')"] if shape.with_lines else []),
                 "append(record)"]
    else:
        body.append("append(record)")
    for statement in [*body, "continue"]:
        code.append(f"{indent}    {statement}")
    if events:  # any line the loop does not take ends it: the caller reads the events again
        code += [f"{indent}except ValueError:", f"{indent}    pass",
                 "        return False", "    return True"]
    else:
        code += [f"{indent}except ValueError:",  # (the parser would fail it the same way)
                 f"{indent}    fail(line, lineno, {failed})", f"{indent}    continue",
                 "        if slow(line, lineno):", "            return lineno",
                 "    return None"]
    memos["_maybe_header"] = maybe_header
    loop: Loop = _compiled("\n".join(code) + "\n", f"<line loop, {width} columns>", memos,
                           "loop")
    return loop


def _quoted_fast_path(plan: Plan, shape: LoopShape, *, text: str) -> list[str]:
    """Loop source that splits a line whose quotes all stand at column edges: its columns go
    straight to the ``v<i>`` names the conversions use and ``q`` holds the columns after its
    last quote (what the structured tokenizer would return, without building, padding and
    unpacking a list, or calling it); ``q`` is None for any other line. A branch per count of
    quoted columns a line of the layout can have: the full count, and, for a tolerant layout,
    each smaller one whose line can still reach the required columns (older layouts: ALB's
    29- and 30-column lines have 12 of its 15). The columns after a line's last quote come
    from its last piece, padded as the tolerant loop pads them. Any other line (quotes out of
    place, an escape, too few or too many columns) goes to the tokenizer's ``pieces`` form,
    whose result is the same for the lines taken here; both then share one record body.
    Measured with callgrind, ALB instructions a line against the tokenizer's list: 29 and 30
    columns 66.5k -> 64.0k and 67.3k -> 65.5k; 33 and 34 columns 71.4k -> 67.4k and 71.0k ->
    67.3k."""
    width, spots = plan.width, shape.quoted
    full = len(spots)
    names = [f"v{i}" for i in range(width)]
    counts = [full]
    if shape.tolerant:  # fewer quoted columns: a line that ends before quoted column ``k``
        counts += [k for k in range(full - 1, 0, -1) if spots[k] >= shape.required]
    branches: list[str] = []
    for k in counts:
        tests, unpack, _ = quoted_pieces(spots, k, "v")
        start = spots[k - 1] + 1  # the first column of the last piece
        quoted = [f"v{spot}" for spot in spots[:k]]
        keyword = "if" if k == full else "elif"
        branches += [f"{keyword} n == {2 * k + 1} and {tests}:",
                     *(f"    {line}" for line in unpack),
                     f"    q = p[{2 * k}].split()",
                     f"    qc = {start} + len(q)",
                     f"    if qc != {width}:"]
        if shape.tolerant:
            branches += [f"        if qc < {shape.required} or qc > {width}:",
                         "            raise ValueError",
                         "        q += pad[qc:]"]
        else:
            branches.append("        raise ValueError")
        if start < width:
            branches.append(f"    {', '.join(names[start:])}, = q")
        branches.append(f"    {', '.join(quoted)}, = p[1::2]")  # (the odd pieces: quoted)
    code = [f"p = {text}.split('\"')", "n = len(p)", "q = None"]
    guarded = ["try:", *(f"    {line}" for line in branches),
               "except (ValueError, IndexError):", "    q = None"]
    if shape.escape:
        code += [f"if {shape.escape!r} not in {text}:", *(f"    {line}" for line in guarded)]
    else:
        code += guarded
    return code


@functools.cache
def _family_specs(family: str) -> tuple[FormatSpec, ...]:
    """Every spec of one family: formats of a family share their field catalogue."""
    from awslogparse.specs import family_spec_names

    specs = (load_spec(name) for name in family_spec_names(family))
    return tuple(s for s in specs if s.family == family)


def _column_fields(spec: FormatSpec, columns: Sequence[str]) -> list[tuple[Field, ...]]:
    """Each column's fields: the format's own, else a sibling format's (a TGW field in a VPC
    flow log header), else a field newer than this library, kept as text. A column whose
    every field also needs a column the layout lacks (``date`` without ``time``) is kept as
    text too: no field could be built from it, and it must not vanish."""
    out: list[tuple[Field, ...]] = []
    present = set(columns)
    for column in columns:
        fields = spec.column_fields(column)
        if not fields:
            fields = next((found for sibling in _family_specs(spec.family)
                           if (found := sibling.column_fields(column))), ())
        if all(not present.issuperset(f.columns) for f in fields):
            fields = ()
        out.append(fields)
    taken = {f.name for group in out for f in group} | set(spec.schema.names)
    for i, column in enumerate(columns):
        if not out[i]:
            field = unknown_field(column)
            if field.name in taken:  # ``time\x00-taken`` must not become ``time_taken``
                field = field.replace(name=column if column not in taken else f"{column}_{i}")
            taken.add(field.name)
            out[i] = (field,)
    return out


@functools.cache
def family_names(family: str) -> frozenset[str]:
    """Every column and field name the specs of a family know (to recognise header lines):
    from the generated table while it lists every spec file (a cold start then parses no
    sibling's spec), else from the specs."""
    from awslogparse._mapping import FAMILY_NAMES, SPEC_FAMILIES
    from awslogparse.specs import spec_names

    listed = dict(SPEC_FAMILIES)
    table = dict(FAMILY_NAMES)
    if family in table and all(name in listed for name in spec_names()):
        return frozenset(table[family])
    return spec_family_names(family)


def spec_family_names(family: str) -> frozenset[str]:
    """:func:`family_names` from the specs themselves."""
    names: set[str] = set()
    for spec in _family_specs(family):
        for f in spec.schema:
            names.update((f.name, *f.columns))
    return frozenset(names)


HEADER_NAME = lazy(r"[a-z][a-z0-9_-]*\Z")
"""What a field name looks like in a header line of names (flow logs)."""


def looks_like_header(tokens: Sequence[str], known: Collection[str]) -> bool:
    """A header line names fields: every token is name-shaped and most are names we know (its
    first name may be newer than this library)."""
    hits = 0
    for tok in tokens:
        if not HEADER_NAME.match(tok):
            return False
        hits += tok in known
    return hits * 2 > len(tokens)


def maybe_header(tokens: Sequence[str], known: Collection[str]) -> bool:
    """Whether a line of these tokens might be a header line of names (then only the line
    parser itself decides): its first token is a known name, or every token is name-shaped and
    most are known. The inlined loops ask this before building a record, so a header whose
    first name is newer than this library is never read as data."""
    if not known:
        return False
    first = tokens[0]
    return first in known or (HEADER_NAME.match(first) is not None
                              and looks_like_header(tokens, known))


def _build_parts(columns: Sequence[tuple[Field, ...]], names: Sequence[str], strict: bool,
                 ascii: bool, memos: dict[str, Any]) -> tuple[list[str], list[tuple[str, str]]]:
    """Source for ``tokens -> record`` over the unpacked tokens ``v0, v1, ...``: the statements
    that split and join columns, and the record's items (name, expression that converts)."""
    lines: list[str] = []
    items: list[tuple[str, str]] = []
    seen: set[str] = set()
    position = {name: i for i, name in enumerate(names)}
    for i, fields in enumerate(columns):
        var = f"v{i}"
        kinds = {f.part for f in fields if f.part}
        if kinds & {"host", "port"}:  # split_hostport, its common case inlined
            lines.append(f"h{i}, s{i}, p{i} = {var}.rpartition(':')")
            lines.append(f"if not h{i} or not p{i} or h{i}[0] == '[':")
            lines.append(f"    h{i}, p{i} = _hp({var})")
        if kinds & {"method", "url", "protocol"}:
            lines.append(f"m{i}, u{i}, r{i} = _rq({var})")
        for f in fields:
            if f.name in seen:
                continue
            if len(f.columns) > 1:
                others = [position.get(c) for c in f.columns]
                if any(p is None for p in others) or max(p for p in others if p is not None) != i:
                    continue  # built at its last column, if all its columns are present
                joined = " + ' ' + ".join(f"v{p}" for p in others if p is not None)
                lines.append(f"j{i} = {joined}")
                test = values.null_test(f, f"v{others[0]}")
                value = values.value_expression(f, f"j{i}", strict, ascii)  # (cached already)
                items.append((f.name, f"None if {test} else {value}"))
                seen.add(f.name)
                continue
            source = {"host": f"h{i}", "port": f"p{i}", "method": f"m{i}", "url": f"u{i}",
                      "protocol": f"r{i}"}.get(f.part, var)
            items.append((f.name, values.expression(f, source, strict, ascii, memos)))
            seen.add(f.name)
    return lines, items


def _unpack(width: int) -> str:
    return ", ".join(f"v{i}" for i in range(width)) + ("," if width == 1 else "") + " = tokens"


def _compiled(code: str, label: str, memos: dict[str, Any], name: str) -> Any:
    namespace: dict[str, Any] = {**NAMESPACE, **memos}
    define(code, label, namespace)
    return namespace[name]


def _generate(columns: Sequence[tuple[Field, ...]], names: Sequence[str], strict: bool,
              ascii: bool = False) -> Callable[[list[str]], Record]:
    """``tokens -> record``: splits and joins as statements, then one dict."""
    memos: dict[str, Any] = {}
    lines, items = _build_parts(columns, names, strict, ascii, memos)
    statements = [_unpack(len(columns)), *lines, *dict_statements("record", items)]
    body = "".join(f"    {line}\n" for line in statements)
    code = f"def build(tokens):\n{body}    return record\n"
    build: Callable[[list[str]], Record] = _compiled(code, f"<layout {len(columns)} columns>",
                                                     memos, "build")
    return build


@functools.lru_cache(maxsize=512)
def compile_plan(format_name: str, columns: tuple[str, ...]) -> Plan:
    """Compile one layout of a format (cached: a header line per file must not generate code
    per file)."""
    spec = load_spec(format_name)
    per_column = _column_fields(spec, columns)
    fields: dict[str, Field] = {}
    for group in per_column:
        for f in group:
            if all(c in columns for c in f.columns):
                fields.setdefault(f.name, f)
    pad = tuple(group[0].nulls[0] if group[0].nulls else "-" for group in per_column)
    # ``int`` takes " 5": fine where no token holds a blank (no numeric column is quoted), not
    # for tab-separated columns, whose tokens may; those use the ASCII form for plain text too.
    return Plan(columns=columns, fields=tuple(fields.values()),
                column_fields=tuple(per_column), pad=pad, tab=spec.tokenizer == "tab")


def explain(plan: Plan, tokens: Sequence[str]) -> str:
    """Why a line of the right width failed: the first column that will not convert."""
    seen: dict[str, str] = {}
    for column, fields, token in zip(plan.columns, plan.column_fields, tokens, strict=False):
        parts: dict[str, str] = {}
        try:
            if any(f.part in ("host", "port") for f in fields):
                parts["host"], parts["port"] = split_hostport(token)
            if any(f.part in ("method", "url", "protocol") for f in fields):
                parts["method"], parts["url"], parts["protocol"] = split_request(token)
        except ValueError as exc:
            return f"{column}: {exc}"
        for f in fields:
            if len(f.columns) == 1:
                text = parts.get(f.part, token)
            elif column == f.columns[-1] and all(c in seen for c in f.columns[:-1]):
                text = " ".join([*(seen[c] for c in f.columns[:-1]), token])  # date + time
            else:
                continue
            try:
                values.convert(f, text)
            except ValueError as exc:
                return str(exc)  # the converter's reason names the field
        seen[column] = token
    return "unparseable line"


def _catalogue_sorted(spec: FormatSpec, names: Sequence[str]) -> tuple[str, ...]:
    """``names`` (AWS's names or snake_case) as catalogue columns in the catalogue's order: AWS
    writes the values in that order whatever order the configuration lists them in. A name the
    catalogue lacks is an error, since its place, and so that of every value after it, would be
    a guess."""
    order = {c: i for i, c in enumerate(spec.default_layout)}
    columns: list[str] = []
    for name in names:
        column = name if name in order else next(
            (c for f in spec.column_fields(name) for c in f.columns if c in order), None)
        if column is None:
            raise ParseError(f"{name!r} is not a {spec.name} field: its values come in the "
                             "order of AWS's field catalogue, where this name has no place")
        columns.append(column)
    if len(set(columns)) != len(columns):
        raise ParseError(f"a field is named twice in {list(names)}")
    return tuple(sorted(columns, key=order.__getitem__))


# ---- the format and its parser ----------------------------------------------------------------


class DelimitedFormat(Format):
    """A line format the spec describes completely: tokenizer, layout, nulls, tolerance."""

    fast_path = "awslogparse.parsers.delimited_arrow"

    def __init__(self, spec: FormatSpec) -> None:
        super().__init__(spec)
        if spec.tokenizer not in ("whitespace", "quoted", "tab"):
            raise ValueError(f"{spec.name}: unknown tokenizer {spec.tokenizer!r}")

    def columns(self, fields: str | Sequence[str] | None = None) -> tuple[str, ...]:
        """Wire columns: the default layout, or a ``${a} ${b}`` string / name list."""
        if fields is None:
            return self.spec.default_layout
        if isinstance(fields, str):
            names = PLACEHOLDER.findall(fields) if "${" in fields else fields.split()
        else:
            names = [str(n).strip() for n in fields]
        if not names:
            raise ParseError(f"a {self.spec.name} layout names at least one field")
        if len(set(names)) != len(names):
            raise ParseError(f"a field is named twice in {names}")
        spec = self.spec
        for name in names:
            field = None if spec.column_fields(name) else spec.schema.get(name)
            if field is not None:  # a record name that is part of a column, not a column
                raise ParseError(f"{name!r} is read from the column(s) "
                                 f"{' '.join(field.columns)}: name those in a layout")
        if spec.catalogue_order:
            return _catalogue_sorted(spec, names)
        return tuple(names)

    def plan(self, fields: str | Sequence[str] | None = None) -> Plan:
        return compile_plan(self.spec.name, self.columns(fields))

    def content_gate(self) -> Gate | None:
        """What a head that :meth:`sniff` takes starts with: a header line (``#`` for W3C
        directives, a lower-case field name for a header of names), or its default layout's
        first column: a number or epoch time (a digit or ``-``), an ISO or date time (a digit),
        a quote opening a quoted column, or the column's null marker. A first column of free
        text can start with anything: no gate."""
        spec = self.spec
        if not spec.default_layout:
            return None
        chars = {"#"} if spec.header == "w3c" else set()
        if spec.header == "names":
            chars.update("abcdefghijklmnopqrstuvwxyz")
        if spec.tokenizer == "quoted":
            chars.add('"')
        digits = False
        for field in self.plan().column_fields[0]:
            if field.part:
                return None  # (host:port: free text)
            first = values.first_characters(field)
            if first is None or any(not null or null[0].isspace() for null in field.nulls):
                return None
            chars.update(first)
            chars.update(null[0] for null in field.nulls)
            digits = True
        return "".join(sorted(chars)), digits

    def content_width(self) -> Width | None:
        """A fixed layout's required columns (:meth:`sniff` parses the head's lines with the
        default layout, and a line with fewer is an error): separated by tabs for a tab
        tokenizer, else by whitespace (one space between anchored columns, a run of it between
        split or quoted ones). A header line may choose another layout (W3C ``#Fields:``, a
        line of names): no width then, nor for a sniffer of the format's own."""
        spec = self.spec
        if spec.header or not spec.default_layout or \
                type(self).sniff is not DelimitedFormat.sniff:
            return None
        width = self.plan().width
        required = min(spec.min_columns, width) if spec.min_columns > 0 else width
        return ("\t" if spec.tokenizer == "tab" else " ", required) if required > 1 else None

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        return self.plan(fields).fields

    def tokenizer(self, plan: Plan) -> Tokenizer:
        spec = self.spec
        if spec.tokenizer == "tab":
            return split_tab
        if spec.tokenizer == "whitespace":
            return str.split  # split_whitespace without a Python frame per line
        if spec.escapes == "raw":
            required = spec.min_columns or plan.width
            return _anchored(spec.name, plan.columns, min(required, plan.width))
        return _structured(spec.name, plan.columns)[0]

    def quoted_split(self, plan: Plan) -> tuple[tuple[int, ...], str, PiecesTokenizer] | None:
        """When :meth:`tokenizer` is a structured splitter for ``plan``: its quoted columns,
        the escape that sends a line past it, and the same tokenizer for a line already split
        on quotes (see :func:`structured_split`)."""
        spec = self.spec
        if spec.tokenizer != "quoted" or spec.escapes == "raw" or \
                type(self).tokenizer is not DelimitedFormat.tokenizer:
            return None
        spots = _quoted_spots(plan)
        if not spots:
            return None
        return spots, "\\" if spec.escapes == "backslash" else "", \
            _structured(spec.name, plan.columns)[1]

    def line_parser(self, fields: str | Sequence[str] | None = None) -> DelimitedLineParser:
        return DelimitedLineParser(self, fields)

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        return line_writer(self.spec.name, self.columns(fields))

    def sniff(self, head: str) -> tuple[float, str]:
        lines = sample_lines(head)
        if not lines:
            return 0.0, "empty"
        parser = self.line_parser()
        good = longer = beyond = data = 0  # (longer: lines that fit with ``beyond`` columns
        nulls = 0                          # after the layout, in all; nulls: lines of only
        for line in lines:                 # null markers, which fit any tolerant layout)
            try:
                record = parser(line)
            except ParseError:
                data += 1
                continue
            if record is not None:
                data += 1
                nulls += all(v is None for v in record.values())
                after = sum(k.startswith("field_") for k in record)
                longer += after > 0
                good += not after
                beyond += after
        if self.spec.header == "w3c" and parser.headers:
            unknown = [c for c in parser.plan.columns if not self.spec.column_fields(c)]
            if data and good == data and not unknown:
                return 0.95, f"#Fields header names {self.spec.name} fields"
            if data and good == data:
                return 0.6, (f"#Fields header names fields {self.spec.name} lacks "
                             f"({' '.join(unknown[:3])})")
            return 0.3, "a W3C header, but the lines do not fit it"
        if data and nulls == data:  # (a `-` line is a one-column line of cloudfront_v2's)
            return 0.1, f"every line holds only null markers: no sign of {self.spec.name}"
        if data and good == data:
            return 0.8, f"lines fit the {self.spec.name} layout ({parser.plan.width} columns)"
        if data and good + longer == data:  # AWS appends fields: a layout newer than the spec
            # (the layout that leaves the fewest columns unknown fits best)
            width = parser.plan.width
            closeness = 0.05 * beyond / (beyond + width * longer)
            return 0.7 - closeness, (f"lines fit the {self.spec.name} layout ({width} columns),"
                                     f" {longer} with columns after it")
        if good:
            return 0.4 * good / data, f"{good} of {data} lines fit the {self.spec.name} layout"
        return 0.0, f"no line fits the {self.spec.name} layout"


@functools.lru_cache(maxsize=256)
def _structured(format_name: str, columns: tuple[str, ...]
                ) -> tuple[Tokenizer, PiecesTokenizer]:
    """The quoted tokenizer of one layout (its quoted columns known), for ALB and Classic ELB."""
    plan = compile_plan(format_name, columns)
    spots = _quoted_spots(plan)
    quoted = [i in spots for i in range(plan.width)]
    if load_spec(format_name).escapes == "backslash":
        return structured_split(quoted, split_quoted_backslash, escape="\\")
    return structured_split(quoted, split_quoted)


def _quoted_spots(plan: Plan) -> tuple[int, ...]:
    return tuple(i for i, fields in enumerate(plan.column_fields)
                 if any(f.quoted for f in fields))


@functools.lru_cache(maxsize=256)
def _anchored(format_name: str, columns: tuple[str, ...], required: int) -> Tokenizer:
    plan = compile_plan(format_name, columns)
    return anchored_tokenizer(plan.column_fields, load_spec(format_name).brackets, required)


class DelimitedLineParser(LineParserBase):
    """Stateful per-source parser: follows ``#Fields:`` headers, tolerates appended columns."""

    def __init__(self, fmt: DelimitedFormat, fields: str | Sequence[str] | None = None) -> None:
        self.format = fmt
        spec = fmt.spec
        self._w3c = spec.header == "w3c"
        self._names = spec.header == "names"
        self.known: frozenset[str] = family_names(spec.family) if self._names else frozenset()
        self._strip_cr = spec.tokenizer != "whitespace"
        self._min_columns = spec.min_columns
        self._tolerant = spec.min_columns > 0
        self._shapes: dict[tuple[Any, ...], LoopShape] = {}
        self.set_plan(fmt.plan(fields))

    def set_plan(self, plan: Plan) -> None:
        self.plan = plan
        self.layout = plan.fields
        self.width = plan.width
        self._split = self.format.tokenizer(plan)
        quoted = self.format.quoted_split(plan) if not self.known else None
        self._quoted = quoted[:2] if quoted else ((), "")
        self._loop_split: Any = quoted[2] if quoted else self._split
        """What the loop calls to split a line (see :func:`_generate_loop`)."""
        self._required = min(self._min_columns, plan.width) if self._tolerant else plan.width

    def _directive(self, line: str) -> None:
        """A W3C ``#...`` line: ``#Fields:`` switches the layout, others are skipped. A damaged
        ``#Fields:`` line is an error, not also a header (every line is counted once)."""
        name, _, rest = line[1:].partition(":")
        if name.strip().lower() == "fields":
            columns = tuple(rest.split())
            if not columns:
                raise ParseError("#Fields: names no field", line)
            if "\x00" in rest or len(set(columns)) != len(columns):
                raise ParseError("#Fields: a damaged header (a field named twice, or binary)",
                                 line)
            self.set_plan(compile_plan(self.format.spec.name, columns))
        self.headers += 1

    def __call__(self, line: str) -> Record | None:
        if self._strip_cr and line[-1:] == "\r":
            line = line[:-1]
        if not line.strip():
            self.blank += 1
            return None
        if self._w3c and line[0] == "#":
            self._directive(line)
            return None
        try:
            tokens = self._split(line)
        except ValueError as exc:
            raise ParseError(str(exc), line) from None
        if self._header_of_names(tokens):
            self.set_plan(self.format.plan(tokens))
            self.headers += 1
            return None
        width = self.width
        extra: list[str] = []
        count = len(tokens)
        if count != width:
            if count < self._required:
                raise ParseError(f"expected {'at least ' if self._tolerant else ''}"
                                 f"{self._required} fields, got {count}", line)
            if count > width:
                if not self._tolerant:
                    raise ParseError(f"expected {width} fields, got {count} (unexpected "
                                     f"trailing {' '.join(tokens[width:])[:80]!r})", line)
                extra = tokens[width:]
                tokens = tokens[:width]
            else:
                tokens = tokens + list(self.plan.pad[count:])
        if "\x00" in line:
            raise ParseError("NUL byte in the line (binary data, not a log line)", line)
        plan = self.plan
        build = plan.build if plain_text(line) else \
            plan.build_ascii if line.isascii() else plan.build_strict
        try:
            record = build(tokens)
        except ValueError:
            raise ParseError(explain(self.plan, tokens), line) from None
        for offset, token in enumerate(extra, width + 1):
            record[f"field_{offset}"] = token
        return record

    def parse_many(self, lines: list[str], first_line: int, records: list[Record],
                   failures: list[LineFailure], *, with_lines: bool = False,
                   plain: bool = False) -> None:
        """The same as calling the parser line by line: the common case (a data line of the
        layout's width that converts) runs in the layout's generated loop (:meth:`Plan.loop`),
        anything else through :meth:`__call__`."""
        exact = not (self._strip_cr or self._tolerant or self._w3c)
        mode = "plain" if plain else "strict" if exact else "ascii"
        strip_cr = self._strip_cr

        def raw(line: str) -> str:
            """The line as an error quotes it: without its line end (the parser drops one
            carriage return itself, as the loop does)."""
            if exact:
                return line.rstrip("\r")
            return line[:-1] if strip_cr and line[-1:] == "\r" else line

        def slow(line: str, lineno: int) -> bool:
            return self._reference_line(line, raw(line), lineno, records, failures,
                                        with_lines=with_lines)

        def fail(line: str, lineno: int, tokens: list[str]) -> None:
            failures.append((len(records), lineno, explain(self.plan, tokens), raw(line)))
        append = records.append
        lineno = first_line - 1
        pending: Iterator[str] = iter(lines)  # (each loop goes on where the last one stopped)
        while True:
            plan = self.plan
            shape = self._shape(exact, mode, with_lines)
            if shape not in plan.loops:
                # a source's first lines name its layout: compile the loop of that one only
                line = next(pending, None)
                if line is None:
                    return
                lineno += 1
                if self._not_data(line):
                    slow(line, lineno)
                    continue
                lineno -= 1
                pending = chain((line,), pending)
            stopped = plan.loop(shape)(pending, lineno, append, slow, fail, self._loop_split,
                                       plan.pad, self.known)
            if stopped is None:
                return
            lineno = stopped  # a header switched the layout: go on with its loop

    def parse_events(self, lines: list[str], ids: list[Any], times: list[Any], *,
                     context: Record, id_name: str, time_name: str, format_name: str,
                     plain: bool = False) -> list[Record] | None:
        """The records of a CloudWatch Logs envelope's events (their ``lines``, ``ids`` and
        ``times``) when each line is a data line of the layout that converts, built whole in
        the layout's generated loop (:attr:`LoopShape.events`): the line's fields, then
        ``context``'s items, the event's id and time under ``id_name`` and ``time_name``, and
        ``format_name`` as ``_format``; what :meth:`parse_many` and merging each record with
        the same items give. None at the first line of any other kind (a header, a line that
        does not convert, another width), having changed no state: the caller reads the
        events with :meth:`parse_many`, which says what each such line is."""
        exact = not (self._strip_cr or self._tolerant or self._w3c)
        mode = "plain" if plain else "strict" if exact else "ascii"
        plan = self.plan
        shape = self._shape(exact, mode, False, (*context, id_name, time_name))
        if shape not in plan.loops and (not lines or self._not_data(lines[0])):
            return None  # (no loop compiled for a layout a header line would change)
        records: list[Record] = []
        done = plan.loop(shape)(lines, ids, times, records.append, self._loop_split, plan.pad,
                                self.known, tuple(context.values()), format_name)
        return records if done else None

    def _not_data(self, line: str) -> bool:
        """A blank line, a W3C directive or a header line of names: what the loops hand to the
        parser itself."""
        if not line.strip() or (self._w3c and line.lstrip()[:1] == "#"):
            return True
        return self._header_of_names(line.split())

    def _header_of_names(self, tokens: list[str]) -> bool:
        """A header line naming the layout's fields (flow logs), which switches the layout."""
        return self._names and HEADER_NAME.match(tokens[0]) is not None \
            and looks_like_header(tokens, self.known)

    def _shape(self, exact: bool, mode: str, with_lines: bool,
               events: tuple[str, ...] = ()) -> LoopShape:
        key = (exact, mode, with_lines, self.width, self._quoted, events)
        shape = self._shapes.get(key)
        if shape is None:
            split = self._split
            tokenizer = "whitespace" if split is str.split else \
                "tab" if split is split_tab else "call"
            shape = self._shapes[key] = LoopShape(
                exact=exact, mode=mode, with_lines=with_lines, tokenizer=tokenizer,
                strip_cr=self._strip_cr, w3c=self._w3c, headers=bool(self.known),
                tolerant=self._tolerant, required=self._required, quoted=self._quoted[0],
                escape=self._quoted[1], events=events)
        return shape

    def _reference_line(self, line: str, raw: str, lineno: int, records: list[Record],
                        failures: list[LineFailure], *, with_lines: bool) -> bool:
        """A line the inlined path did not take, through :meth:`__call__` (the errors and
        headers of both loops); True when it held no record, so a header may have switched
        the layout the loop keeps in locals."""
        try:
            found = self(line)
        except ParseError as exc:
            failures.append((len(records), lineno, exc.reason, raw))
            return False
        if found is None:
            return True
        if with_lines:
            found["_line"] = lineno
        records.append(found)
        return False


# ---- writing lines back -----------------------------------------------------------------------


def _quote(text: str, escapes: str) -> str:
    if escapes == "backslash":
        text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


@functools.lru_cache(maxsize=256)
def line_writer(format_name: str, columns: tuple[str, ...]
                ) -> Callable[[Mapping[str, Any]], str]:
    """``record -> line`` for one layout: each column's text, quoted where AWS quotes it."""
    spec = load_spec(format_name)
    plan = compile_plan(format_name, columns)
    separator = "\t" if spec.tokenizer == "tab" else " "
    writers = [_column_writer(column, fields, spec, plan.columns)
               for column, fields in zip(plan.columns, plan.column_fields, strict=True)]

    def write(record: Mapping[str, Any]) -> str:
        return separator.join(w(record) for w in writers)
    return write


def _column_writer(column: str, fields: tuple[Field, ...], spec: FormatSpec,
                   columns: tuple[str, ...]) -> Callable[[Mapping[str, Any]], str]:
    quoted = any(f.quoted for f in fields)
    whole = next((f for f in fields if not f.part and len(f.columns) == 1), None)
    parts = {f.part: f for f in fields if f.part}
    joined = next((f for f in fields if len(f.columns) > 1), None)

    def text(record: Mapping[str, Any]) -> str:
        if whole is not None:
            return values.format_value(whole, record.get(whole.name))
        if joined is not None:
            value = record.get(joined.name)
            if value is None:
                return joined.nulls[0]
            pieces = values.format_value(joined, value).split(" ")
            return pieces[joined.columns.index(column)]
        if "host" in parts:
            host, port = record.get(parts["host"].name), record.get(parts["port"].name)
            if host is None and port is None:
                return "-"
            return f"{values.format_value(parts['host'], host)}:" \
                   f"{values.format_value(parts['port'], port)}"
        if parts:
            return " ".join(values.format_value(f, record.get(f.name)) for f in parts.values())
        return "-"

    if spec.brackets and any(f.type is FieldType.TIMESTAMP and f.unit == "clf" for f in fields):
        def bracketed(record: Mapping[str, Any]) -> str:
            value = text(record)
            return value if value == "-" else f"[{value}]"
        return bracketed
    if not quoted:
        return text
    escapes = spec.escapes
    return lambda record: _quote(text(record), escapes)


family = one_per_format(DelimitedFormat)
"""The :class:`Format` of a spec-driven delimited format."""


__all__ = ["DelimitedFormat", "DelimitedLineParser", "Plan", "compile_plan", "explain",
           "family_names", "looks_like_header",
           "line_writer", "split_cloudwatch", "split_hostport", "split_quoted",
           "split_quoted_backslash", "split_request", "split_tab", "split_whitespace",
           "structured_split", "structured_splitter", "unknown_field"]
