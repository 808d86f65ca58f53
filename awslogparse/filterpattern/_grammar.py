"""The filter pattern grammar, in pyparsing. Imported only by ``compile`` (pyparsing stays out of
``import awslogparse``); the grammar is built once, on first use.

The first non-blank character picks one of four sub-grammars, as CloudWatch does: ``{`` a JSON
pattern, ``[`` a space-delimited pattern, ``%`` a standalone regular expression, anything else a
list of terms. Parse actions build the nodes of :mod:`._nodes`; every failure becomes a
:class:`FilterPatternError` naming the column and what was expected.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pyparsing as pp

from awslogparse.filterpattern._nodes import (
    RELATIONAL,
    Compare,
    DelimitedPattern,
    Expr,
    FilterPatternError,
    Is,
    JsonPattern,
    NotExists,
    Number,
    Pattern,
    Regex,
    RegexPattern,
    Selector,
    Slot,
    Step,
    Term,
    TermPattern,
    Text,
    Value,
    conjoin,
    disjoin,
    parse_number,
    unquote,
    walk,
)
from awslogparse.filterpattern._regex import RegexError, translate

MAX_REGEXES = 2
"""AWS quota: regular expressions in one JSON or space-delimited pattern."""
MAX_WILDCARDS = 3
"""AWS quota: wildcard selectors (``$.*``, ``[*]``) in one JSON pattern (one per selector)."""
MAX_LENGTH = 1024
"""AWS limit: characters in a filter pattern, blanks included (the CloudWatch Logs API's
SubscriptionFilter ``filterPattern`` and LiveTailSessionStart ``logEventFilterPattern``: "Maximum
length of 1024")."""

_KEY = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\[\s\S])*"'
_BRACKET = rf"\[(?:[0-9]+|\*|'[^']*'|{_QUOTED})\]"
_SELECTOR = rf"\$(?:\.(?:{_KEY}|\*)|\.?{_BRACKET})+"
_STEP = re.compile(rf"\.({_KEY})|\.\*|\.?\[([0-9]+)\]|\.?\[\*\]|\.?\['([^']*)'\]"
                   rf"|\.?\[({_QUOTED})\]")
_BARE = r"[A-Za-z0-9_.*+:/@-]+"


def _fatal(s: str, loc: int, message: str) -> pp.ParseFatalException:
    return pp.ParseFatalException(s, loc, message)


# ---- parse actions -----------------------------------------------------------------------------


def _quoted(toks: pp.ParseResults) -> Text:
    return Text(unquote(toks[0]))


def _bare(toks: pp.ParseResults) -> Value:
    text = toks[0]
    number = parse_number(text)
    return Text(text) if number is None else Number(text, number)


def _regex(s: str, loc: int, toks: pp.ParseResults) -> Regex:
    token: str = toks[0]
    try:
        return translate(token[1:-1], loc)
    except RegexError as exc:
        raise _fatal(s, loc + 1 + exc.offset, exc.message) from None


def _selector(s: str, loc: int, toks: pp.ParseResults) -> Selector:
    steps = []
    for m in _STEP.finditer(toks[0], 1):
        key, index, single, double = m.group(1), m.group(2), m.group(3), m.group(4)
        text = m.group(0)
        if key is not None:
            steps.append(Step("key", key))
        elif index is not None:
            steps.append(Step("index", int(index)))
        elif single is not None:
            steps.append(Step("key", single))
        elif double is not None:
            steps.append(Step("key", unquote(double)))
        else:
            steps.append(Step("wild", "." if text == ".*" else "["))
    sel = Selector(tuple(steps), loc)
    if sel.wildcards > 1:
        raise _fatal(s, loc, "expected at most one wildcard (* or [*]) in a property selector "
                             "(AWS quota)")
    return sel


def _value_loc(s: str, loc: int, op: str) -> int:
    """Where the value after the operator at ``loc`` starts."""
    at = s.index(op, loc) + len(op)
    while at < len(s) and s[at].isspace():
        at += 1
    return at


def _comparison(s: str, loc: int, toks: pp.ParseResults) -> list[tuple[str, Value]]:
    op, value = toks[0], toks[1]
    if op in RELATIONAL and not isinstance(value, Number):
        raise _fatal(s, _value_loc(s, loc, op), f"expected a number after '{op}'")
    return [(op, value)]


def _condition(toks: pp.ParseResults) -> Expr:
    sel: Selector = toks[0]
    tail = toks[1]
    if tail == "NOT":
        return NotExists(sel)
    if tail == "IS":
        return Is(sel, toks[2].upper())
    op, value = tail
    return Compare(sel, op, value)


def _field_condition(s: str, loc: int, toks: pp.ParseResults) -> Compare:
    name, op, value = toks[0], toks[1], toks[2]
    if op in RELATIONAL and not isinstance(value, Number):
        raise _fatal(s, _value_loc(s, loc + len(name), op), f"expected a number after '{op}'")
    return Compare(name, op, value)


def _slot(s: str, loc: int, toks: pp.ParseResults) -> Slot:
    expr: Expr = toks[0]
    names = [str(leaf.selector) for leaf in walk(expr) if isinstance(leaf, Compare)]
    for other in names[1:]:
        if other != names[0]:
            at = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(other)}(?![A-Za-z0-9_-])").search(
                s, loc)
            raise _fatal(s, at.start() if at else loc,
                         f"expected '{names[0]}': the conditions of one field all name that "
                         f"field (each field of a space-delimited pattern is tested on its own)")
    return Slot(names[0], expr)


def _slots(s: str, loc: int, toks: pp.ParseResults) -> DelimitedPattern:
    slots = tuple(toks)
    if len(slots) == 1 and not slots[0].name and not slots[0].ellipsis:
        raise _fatal(s, loc, "expected a field name, name=value or '...'")
    return DelimitedPattern(slots)


def _anonymous() -> Slot:
    return Slot()


def _term(toks: pp.ParseResults) -> Term:
    if len(toks) == 2:
        return Term(toks[1], toks[0])
    return Term(toks[0])


def _unsupported(message: str) -> Any:
    def action(s: str, loc: int, toks: pp.ParseResults) -> None:
        raise _fatal(s, loc, message)
    return action


# ---- the grammar ------------------------------------------------------------------------------


@functools.cache
def _and_or(leaf: pp.ParserElement, leaf_name: str) -> pp.Forward:
    """``leaf`` conditions joined by ``&&`` (binding tighter) and ``||``, with parentheses: the
    shape JSON patterns and space-delimited fields share."""
    sup = pp.Suppress
    expr = pp.Forward()
    group = sup("(") - expr - sup(")").set_name("'&&', '||' or ')'")
    atom = (group | leaf).set_name(leaf_name)
    conj = (atom + pp.ZeroOrMore(sup("&&") - atom)).set_parse_action(lambda t: conjoin(list(t)))
    disj = (conj + pp.ZeroOrMore(sup("||") - conj)).set_parse_action(lambda t: disjoin(list(t)))
    expr <<= disj
    return expr


def grammar() -> dict[str, pp.ParserElement]:
    """The four sub-grammars, built once."""
    sup = pp.Suppress
    quoted = pp.Regex(_QUOTED).set_name("a quoted string")
    quoted.set_parse_action(_quoted)
    regex = pp.Regex(r"%[^%]*%").set_name("a %regex%")
    regex.set_parse_action(_regex)
    bare = pp.Regex(_BARE).set_name("a value")
    bare.set_parse_action(_bare)
    value = (regex | quoted | bare).set_name(
        'a value (a number, a word, a "quoted string" or a %regex%)')
    op = pp.Regex(r"!=|<=|>=|=|<|>").set_name("an operator")

    # JSON: { $.a.b = value && ($.c IS NULL || $.d NOT EXISTS) }
    selector = pp.Regex(_SELECTOR).set_name(
        "a property selector such as $.name, $.list[0], $.* or $.['dotted.key']")
    selector.set_parse_action(_selector)
    kw_is, kw_not = pp.CaselessKeyword("IS"), pp.CaselessKeyword("NOT")
    kw_exists = pp.CaselessKeyword("EXISTS")
    is_not = kw_not.copy().set_parse_action(_unsupported(
        "expected NULL, TRUE or FALSE after IS (CloudWatch has no IS NOT: use != or NOT EXISTS)"))
    is_what = (pp.CaselessKeyword("NULL") | pp.CaselessKeyword("TRUE")
               | pp.CaselessKeyword("FALSE") | is_not).set_name("NULL, TRUE or FALSE")
    lone_exists = kw_exists.copy().set_parse_action(_unsupported(
        "expected NOT EXISTS (CloudWatch has no EXISTS test: use NOT EXISTS, or = * for a "
        "field that has a value)"))
    comparison = (op - value).set_parse_action(_comparison)
    suffix = (comparison | kw_is - is_what | kw_not - kw_exists | lone_exists).set_name(
        "an operator (=, !=, <, <=, >, >=), IS NULL, IS TRUE, IS FALSE or NOT EXISTS")
    condition = (selector - suffix).set_parse_action(_condition)
    jexpr = _and_or(condition, "a condition such as $.name = value, or '('")
    end = pp.StringEnd().set_name("the end of the pattern")
    json_pattern = (sup("{") - jexpr - sup("}").set_name("'&&', '||' or '}'") - end)
    json_pattern.set_parse_action(lambda t: JsonPattern(t[0]))

    # space-delimited: [ip, user, ..., status_code = 4* || status_code = 5*, bytes > 1000]
    name = pp.Regex(r"[A-Za-z_][A-Za-z0-9_-]*").set_name("a field name")
    fcond = (name + op - value).set_parse_action(_field_condition)
    sexpr = _and_or(fcond, "a condition such as name = value, or '('")
    ellipsis = pp.Literal("...").set_parse_action(lambda: Slot(ellipsis=True))
    conditioned = sexpr.copy().set_parse_action(_slot)
    plain = name.copy().set_parse_action(lambda t: Slot(t[0]))
    anonymous = pp.FollowedBy(pp.one_of(", ]")).set_parse_action(_anonymous)
    slot = (ellipsis | conditioned | plain | anonymous).set_name(
        "a field: a name, name = value, or '...'")
    slots = (slot + pp.ZeroOrMore(sup(",") - slot)).set_parse_action(_slots)
    delimited = sup("[") - slots - sup("]").set_name("',' or ']'") - end

    # a standalone %regex%
    regex_pattern = regex.copy().set_parse_action(_regex) - end.copy().set_name(
        "the end of the pattern (a %regex% pattern stands alone)")
    regex_pattern.add_parse_action(lambda t: RegexPattern(t[0]))

    # terms: ERROR "exact phrase" -excluded ?optional
    # A term starts the pattern or follows a blank (a prefix may sit between); anything but
    # letters, digits and _ must be quoted, so ERROR:x or a"b" are errors, not two terms.
    word = pp.Regex(r"(?<![^\s?-])\w+")
    phrase = pp.Regex(r"(?<![^\s?-])" + _QUOTED).add_parse_action(lambda t: unquote(t[0]))
    item = (phrase | word).set_name(
        'a term (letters, digits and _; put any other text in "double quotes")')
    prefix = pp.Regex(r"(?<!\S)[?-]")
    term = (prefix - item | item).set_parse_action(_term)
    terms = (pp.ZeroOrMore(term) - end.copy().set_name(
        'a term (letters, digits and _; put any other text in "double quotes"), '
        "or the end of the pattern")).set_parse_action(lambda t: TermPattern(tuple(t)))

    tops = {"{": json_pattern, "[": delimited, "%": regex_pattern, "": terms}
    for element in tops.values():
        element.parse_with_tabs()  # pyparsing would expand tabs, changing quoted text
    return tops


def parse(pattern: str) -> Pattern:
    """Parse a filter pattern; raise :class:`FilterPatternError` on any error."""
    if not isinstance(pattern, str):
        raise TypeError(f"a filter pattern is a str, not {type(pattern).__name__}")
    if len(pattern) > MAX_LENGTH:  # (AWS refuses it whatever it says: checked first)
        raise FilterPatternError(pattern, MAX_LENGTH + 1, f"expected at most {MAX_LENGTH} "
                                 f"characters in a filter pattern (AWS limit)",
                                 f"{len(pattern)} characters")
    stripped = pattern.lstrip()
    first = stripped[:1] if stripped[:1] in ("{", "[", "%") else ""
    element = grammar()[first]
    try:
        result: Pattern = element.parse_string(pattern, parse_all=True)[0]
    except pp.ParseBaseException as exc:
        raise _error(pattern, exc) from None
    except RecursionError:
        raise FilterPatternError(pattern, 1, "expected a pattern that nests less deeply") from None
    _check_quotas(pattern, result)
    return result


def _error(pattern: str, exc: pp.ParseBaseException) -> FilterPatternError:
    loc = min(max(exc.loc, 0), len(pattern))
    while loc < len(pattern) and pattern[loc] in " \t\r\n":
        loc += 1
    msg = str(exc.msg)
    expected = "expected " + msg[len("Expected "):] if msg.startswith("Expected ") else msg
    if loc >= len(pattern):
        found = "the end of the pattern"
    else:
        rest = pattern[loc:]
        words = rest.split(maxsplit=1)
        found = repr((words[0] if words else rest)[:20])
    return FilterPatternError(pattern, loc + 1, expected, found)


def _check_quotas(pattern: str, result: Pattern) -> None:
    if isinstance(result, JsonPattern):
        leaves = walk(result.expr)
    elif isinstance(result, DelimitedPattern):
        leaves = [leaf for slot in result.slots if slot.cond is not None
                  for leaf in walk(slot.cond)]
    else:
        return
    regexes = [leaf.value for leaf in leaves
               if isinstance(leaf, Compare) and isinstance(leaf.value, Regex)]
    if len(regexes) > MAX_REGEXES:
        extra = regexes[MAX_REGEXES]
        raise FilterPatternError(pattern, extra.loc + 1, f"expected at most {MAX_REGEXES} "
                                 f"regular expressions in a JSON or space-delimited pattern "
                                 f"(AWS quota)", repr(str(extra)))
    wild = []
    for leaf in leaves:
        sel = leaf.selector if isinstance(leaf, Compare | Is | NotExists) else None
        if isinstance(sel, Selector) and sel.wildcards:
            wild.append(sel)
    if len(wild) > MAX_WILDCARDS:
        extra_sel = wild[MAX_WILDCARDS]
        raise FilterPatternError(pattern, extra_sel.loc + 1, f"expected at most {MAX_WILDCARDS} "
                                 f"wildcard selectors in a JSON pattern (AWS quota)",
                                 repr(str(extra_sel)))
