"""CloudWatch's restricted regular expressions: checked, then translated for Python and for RE2.

AWS accepts only ASCII letters and digits, the symbols ``: _ # = @ / ; , -`` (and blanks, which
its own examples use), the operators ``^ $ ? [ ] { } | \\ * + .`` and the escapes ``\\d \\D
\\s \\S \\w \\W \\xhh``; no parentheses, no multi-byte characters. We translate rather than pass
the text through, so that Python's ``re`` (row evaluation) and RE2 (Arrow's
``match_substring_regex``) give the same answers:

* ``.`` matches any character, newline included (``re.DOTALL`` / ``(?s)``);
* ``$`` is the end of the text (Python's ``$`` would also match before a final newline);
* ``\\w \\d`` are ASCII; ``\\s`` is ``[ \\t\\n\\r\\f\\v]``;
* ``{,n}`` becomes ``{0,n}`` and blanks inside ``{m, n}`` are dropped (AWS writes ``{m, n}``);
* an escaped symbol becomes a ``\\xhh`` escape (RE2 rejects escapes of some characters).
"""

from __future__ import annotations

import re
import warnings

from awslogparse.filterpattern._nodes import Regex

SYMBOLS = frozenset(":_#=@/;,- ")
OPERATORS = frozenset("^$?[]{}|\\*+.")
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_QUANT = re.compile(r"\{ *(\d*) *(?:(,) *(\d*) *)?\}")
_SPACE = "\\t\\n\\r\\f\\v "
_ALLOWED = "letters, digits, blanks, : _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \\ * + ."
RE2_MAX_REPEAT = 1000


class RegexError(ValueError):
    """``offset`` is the position in the regex source of the offending character."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


def translate(source: str, loc: int = -1) -> Regex:
    """Check ``source`` (the text between the ``%`` signs) and build a :class:`Regex`."""
    if not source:
        raise RegexError(0, "expected a regular expression between the % signs")
    py: list[str] = []
    re2: list[str] = []

    def emit(text: str, same: str | None = None) -> None:
        py.append(text)
        re2.append(text if same is None else same)

    in_class = False
    class_start = 0
    quant = 0  # 0: last item is no quantifier, 1: a quantifier, 2: a lazy quantifier (*?)
    i = 0
    n = len(source)
    while i < n:
        c = source[i]
        if ord(c) > 127:
            raise RegexError(i, "expected an ASCII character (CloudWatch regular expressions do "
                                "not support multi-byte characters)")
        if c == "\\":
            if i + 1 >= n:
                raise RegexError(i, "expected a character after '\\'")
            d = source[i + 1]
            if d in "dDwW":
                emit("\\" + d)
            elif d == "s":
                emit(_SPACE if in_class else f"[{_SPACE}]")
            elif d == "S":
                if in_class:
                    raise RegexError(i, "expected \\S outside a [...] class (write [^...] "
                                        "instead)")
                emit(f"[^{_SPACE}]")
            elif d == "x":
                digits = source[i + 2:i + 4]
                if len(digits) != 2 or not all(h in "0123456789abcdefABCDEF" for h in digits):
                    raise RegexError(i, "expected two hexadecimal digits after \\x")
                emit("\\x" + digits)
                i += 2
            elif d in SYMBOLS or d in OPERATORS:
                emit(f"\\x{ord(d):02x}")  # an escaped symbol stands for itself
            else:
                raise RegexError(i, f"expected one of the escapes \\d \\D \\s \\S \\w \\W "
                                    f"\\xhh or \\ before a symbol, not '\\{d}'")
            i += 2
            quant = 0
            continue
        if c in "()":
            raise RegexError(i, "expected no parentheses: CloudWatch regular expressions have no "
                                "subpatterns (write \\x28 or \\x29 for a literal one)")
        if c not in _ASCII_ALNUM and c not in SYMBOLS and c not in OPERATORS:
            raise RegexError(i, f"expected {_ALLOWED}, not '{c}'")
        if in_class:
            if c == "]" and i > class_start:
                in_class = False
                emit("]")
            elif c in "[]":  # literal brackets inside a class
                emit("\\" + c)
            else:
                emit(c)
            i += 1
            continue
        if c in "*+?":
            if quant == 1 and c == "?":
                emit("?")  # lazy: the same matches for a search
                quant = 2
            elif quant:
                raise RegexError(i, "expected one quantifier, not two in a row")
            else:
                emit(c)
                quant = 1
            i += 1
            continue
        if c == "{":
            m = _QUANT.match(source, i)
            if m is not None:
                low, comma, high = m.group(1), m.group(2), m.group(3)
                if not low and not (comma and high):
                    raise RegexError(i, "expected a repetition count such as {2}, {2,5}, {2,} "
                                        "or {,5}")
                if low and high and int(low) > int(high):
                    raise RegexError(i, f"expected the smaller count first in {m.group(0)}")
                if quant:
                    raise RegexError(i, "expected one quantifier, not two in a row")
                emit("{" + (low or "0") + ("," + (high or "") if comma else "") + "}")
                quant = 1
                i = m.end()
                continue
            emit("\\{")
        elif c == "[":
            in_class = True
            if source[i + 1:i + 2] == "^":
                emit("[^")
                i += 1
            else:
                emit("[")
            class_start = i + 1
        elif c in "]}":
            emit("\\" + c)
        elif c == "$":
            emit("\\Z", "$")
        else:
            emit(c)
        quant = 0
        i += 1
    if in_class:
        raise RegexError(n, "expected ']' to close the [...] class")
    python = "".join(py)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            re.compile(python, re.ASCII | re.DOTALL)
    except re.error as exc:
        raise RegexError(0, f"expected a valid regular expression ({exc.msg})") from None
    return Regex(source=source, python=python, re2="(?s)" + "".join(re2), loc=loc)


def compiled(regex: Regex) -> re.Pattern[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return re.compile(regex.python, re.ASCII | re.DOTALL)


def re2_ok(regex: Regex) -> bool:
    """Whether RE2 (Arrow) can run it: RE2 caps repetition counts at 1000."""
    counts = re.findall(r"\{(\d+)(?:,(\d*))?\}", regex.re2)
    return all(int(x) <= RE2_MAX_REPEAT for pair in counts for x in pair if x)
