"""The format table and format detection.

Like Pygments' lexer mapping: a small table names each format, its aliases, the S3 key patterns AWS
writes it under and the dotted path of its parser module, so nothing is imported until a format is
used. Third-party formats register through the ``awslogparse.formats`` entry-point group, whose
values point at a :class:`FormatInfo`.
"""

from __future__ import annotations

import functools
import os
import re
import sys

from awslogparse._mapping import CONTENT_GATES, CONTENT_WIDTHS, CONTENT_WORDS, FORMATS, KEY_HINTS
from awslogparse.model import TYPE_CHECKING, Frozen, SourceError
from awslogparse.parsers.base import WORD_WINDOW

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import ModuleType

    from awslogparse.parsers.base import Format, Gate, Width, Words
    from awslogparse.specs import FormatSpec


class FormatInfo(Frozen):
    """One row of the format table."""

    name: str
    title: str
    module: str
    """Dotted path of the parser module; its ``family(spec)`` returns the :class:`Format`."""
    aliases: tuple[str, ...]
    key_patterns: tuple[str, ...]
    """Regular expressions matched (searched) against an S3 key or file path."""
    spec: str
    """Spec file name under ``formats/`` (defaults to ``name``)."""
    key_hints: tuple[str, ...]
    """Per key pattern, text that every key it matches contains (empty: none known): a key
    without it is not searched, so its pattern is not compiled. The generated table gives the
    built-in formats' (``make mapping``)."""
    gate: Gate | None
    """The format's content gate (:meth:`Format.content_gate`; ``None``: none known), so that
    detection skips the format without loading it. The generated table gives the built-in
    formats' (``make mapping``)."""
    words: Words
    """The format's content words (:meth:`Format.content_words`; ``()``: none known), used
    as the gate is."""
    width: Width | None
    """The columns the format's fixed layout requires (:meth:`Format.content_width`;
    ``None``: none known), used as the gate is."""

    _fields = ("name", "title", "module", "aliases", "key_patterns", "spec")

    def __init__(self, name: str, title: str, module: str, aliases: tuple[str, ...] = (),
                 key_patterns: tuple[str, ...] = (), *, spec: str = "",
                 key_hints: tuple[str, ...] = (), gate: Gate | None = None,
                 words: Words = (), width: Width | None = None) -> None:
        self._init(name=name, title=title, module=module, aliases=aliases,
                   key_patterns=key_patterns, spec=spec, key_hints=key_hints, gate=gate,
                   words=words, width=width)

    def key_regexes(self) -> tuple[re.Pattern[str], ...]:
        """The compiled key patterns."""
        return tuple(_key_regex(p) for p in self.key_patterns)

    def matches_key(self, key: str) -> bool:
        hints = self.key_hints
        for i, pattern in enumerate(self.key_patterns):
            if i < len(hints) and hints[i] not in key:
                continue
            if _key_regex(pattern).search(key):
                return True
        return False

    def load(self) -> ModuleType:
        __import__(self.module)  # (importlib.import_module, without importing importlib)
        return sys.modules[self.module]

    def format(self) -> Format:
        """The format's implementation (loaded on first use, then cached)."""
        return _format(self)

    @property
    def spec_name(self) -> str:
        return self.spec or self.name


@functools.cache
def _key_regex(pattern: str) -> re.Pattern[str]:
    """A key pattern, compiled on the first key it may match: compiling every format's
    patterns costs a Lambda cold start tens of milliseconds."""
    return re.compile(pattern)


@functools.cache
def _format(info: FormatInfo) -> Format:
    from awslogparse.specs import load_spec

    made: Format = info.load().family(load_spec(info.spec_name))
    return made


def from_spec(spec: FormatSpec) -> Format:
    """A format built from a spec by the parser module it names, without the built-in table:
    ``make mapping`` and the docs pages run on a spec the table does not list yet."""
    __import__(spec.parser)
    made: Format = sys.modules[spec.parser].family(spec)
    return made


_HINTS = dict(KEY_HINTS)
_GATES = {name: (chars, digits) for name, chars, digits in CONTENT_GATES}
_WORDS = dict(CONTENT_WORDS)
_WIDTHS = {name: (separator, columns) for name, separator, columns in CONTENT_WIDTHS}

BUILTIN: tuple[FormatInfo, ...] = tuple(
    FormatInfo(name=name, title=title, module=module, aliases=aliases, key_patterns=keys,
               spec=spec, key_hints=_HINTS.get(name, ()), gate=_GATES.get(name),
               words=_WORDS.get(name, ()), width=_WIDTHS.get(name))
    for name, title, module, aliases, keys, spec in FORMATS)
"""The built-in formats, from the generated table (``make mapping``)."""


@functools.cache
def _table() -> dict[str, FormatInfo]:
    """Built-in formats, then plugins. Finding plugins reads every installed distribution's
    entry points (and imports ``importlib.metadata`` where one may declare a plugin: about
    100 ms of a Lambda's cold start), so :func:`get` tries the built-in table first and only a
    lookup that misses, ``formats()`` or ``detect()`` pays for it."""
    table = dict(_builtin())
    for info in _plugins():
        table.setdefault(info.name, info)
    return table


@functools.cache
def _builtin() -> dict[str, FormatInfo]:
    return {info.name: info for info in BUILTIN}


def _lookup(table: dict[str, FormatInfo], key: str) -> FormatInfo | None:
    if key in table:
        return table[key]
    for info in table.values():
        if key in info.aliases:
            return info
    return None


PLUGIN_ERRORS: dict[str, str] = {}
"""Entry points that failed to load, by name, with the error: shown when a lookup misses."""


PLUGIN_GROUP = "awslogparse.formats"


def _plugins() -> list[FormatInfo]:
    if not _may_declare_plugins():
        return []
    from importlib.metadata import entry_points

    found = []
    for ep in entry_points(group=PLUGIN_GROUP):
        try:
            info = ep.load()
            if isinstance(info, FormatInfo):
                info.key_regexes()  # a bad pattern is the plugin's error, not detection's
        except Exception as exc:  # a broken plugin must not break the built-in formats
            PLUGIN_ERRORS[getattr(ep, "name", repr(ep))] = f"{type(exc).__name__}: {exc}"
            continue
        if isinstance(info, FormatInfo):
            found.append(info)
        else:
            PLUGIN_ERRORS[getattr(ep, "name", repr(ep))] = \
                f"not a FormatInfo: {type(info).__name__}"
    return found


def _may_declare_plugins() -> bool:
    """Whether an installed distribution may declare a :data:`PLUGIN_GROUP` entry point, told
    without importing ``importlib.metadata`` (which imports email, zipfile, csv...: about 100 ms,
    most of a Lambda cold start that detects formats, where no plugin is installed). It reads
    what ``entry_points()`` would: the ``entry_points.txt`` of every ``*.dist-info`` and
    ``*.egg-info`` folder on ``sys.path``; whatever it cannot look into (a zip file on the
    path, another finder of distributions) counts as a yes, and so does ``importlib.metadata``
    being imported already (then it is cheap to ask)."""
    if "importlib.metadata" in sys.modules:
        return True
    from importlib.machinery import PathFinder

    if any(getattr(finder, "find_distributions", None) is not None and finder is not PathFinder
           for finder in sys.meta_path):
        return True
    marker = PLUGIN_GROUP.encode()
    for entry in sys.path:
        folder = entry or "."
        try:
            names = os.listdir(folder)
        except NotADirectoryError:  # a zip file: importlib.metadata reads inside it
            return True
        except OSError:
            continue
        for name in names:
            low = name.lower()
            if not (low.endswith((".dist-info", ".egg-info")) or low == "egg-info"):
                continue
            try:
                with open(os.path.join(folder, name, "entry_points.txt"), "rb") as fh:
                    if marker in fh.read():
                        return True
            except OSError:
                continue
    return False


def formats() -> list[str]:
    """Names of every format awslogparse can read."""
    return list(_table())


def has_field(name: str) -> bool:
    """Whether some format's records have a field ``name``: what an option naming a field of
    whatever formats a run meets (``--partition-by``, ``count --time-field``) can check, so a
    misspelt name is an error rather than a null for every record."""
    return any(get(fmt).format().spec.schema.get(name) is not None for fmt in formats())


def builtin_formats() -> list[str]:
    """The built-in formats, in :func:`formats` order, without looking for plugins (which
    imports ``importlib.metadata``); plugins come after them in :func:`formats`."""
    return list(_builtin())


def get(name: str) -> FormatInfo:
    """Look a format up by name or alias; a clear error lists the known names."""
    key = name.strip().lower()
    found = _lookup(_builtin(), key) or _lookup(_table(), key)
    if found is None:
        broken = "".join(f"; plugin {n!r} failed to load ({why})"
                         for n, why in PLUGIN_ERRORS.items())
        raise SourceError(f"unknown format {name!r}; known formats: {', '.join(_table())}"
                          + broken)
    return found


class Detection(Frozen):
    """Which format a source is, and which evidence decided."""

    format: str | None
    reason: str
    score: float
    candidates: tuple[tuple[str, float, str], ...]

    _fields = ("format", "reason", "score", "candidates")

    def __init__(self, format: str | None, reason: str, score: float = 0.0,
                 candidates: tuple[tuple[str, float, str], ...] = ()) -> None:
        self._init(format=format, reason=reason, score=score, candidates=candidates)

    def __bool__(self) -> bool:
        return self.format is not None


HEAD_BYTES = 64 * 1024


def head_text(head: bytes | str) -> str:
    """Decoded first bytes of a source, gunzipping a (possibly cut) gzip prefix."""
    if isinstance(head, str):
        return head.removeprefix("\ufeff")
    data = bytes(head[: 4 * HEAD_BYTES])
    if data[:2] == b"\x1f\x8b":
        from awslogparse.sources import gunzip_head

        data = gunzip_head(data, HEAD_BYTES)  # (what the readers read: Firehose writes
        # members back to back; one may be empty or end inside a line, a corrupt one is skipped)
    return data[:HEAD_BYTES].decode("utf-8", "replace").removeprefix("\ufeff")  # (a BOM)


KEY_CONFIDENT = 0.8
"""A content score under which the formats a key names are not taken without asking the
others: content wins where another format fits it better."""


def detect(name: str | None = None, head: bytes | str | None = None) -> Detection:
    """Guess a format from an S3 key / file name and the first bytes of content.

    Key patterns give candidates; content sniffing scores them (or every format when no key
    matched). When the key and the content disagree, the content wins: keys written by Firehose or
    by users are arbitrary.
    """
    table = _table()
    by_key = [info.name for info in table.values() if name and info.matches_key(name)]
    if head is None:
        if by_key:
            return Detection(by_key[0], f"S3 key / file name matches the {by_key[0]} pattern", 0.6,
                             tuple((n, 0.6, "key pattern") for n in by_key))
        return Detection(None, "no key pattern matched and no content was given")
    text = head_text(head)
    scored = _sniff_all([table[n] for n in by_key], text)
    if not scored or max(c[1] for c in scored) < KEY_CONFIDENT:  # the key's formats do not fit
        # well: ask all (CloudFront's v2 W3C files keep the legacy files' names, and a
        # legacy reading of them fits, less well)
        scored += _sniff_all([i for i in table.values() if i.name not in by_key], text)
    scored.sort(key=lambda c: (c[1] + (0.05 if c[0] in by_key else 0.0)), reverse=True)
    best_name, best_score, best_why = scored[0] if scored else (None, 0.0, "")
    if best_name is not None and best_score >= 0.5:
        if by_key and best_name not in by_key:
            reason = f"content: {best_why} (the key suggested {by_key[0]}; content wins)"
        elif by_key:
            reason = f"key pattern and content agree: {best_why}"
        else:
            reason = f"content: {best_why}"
        tied = [n for n, score, _ in scored[1:]
                if score == best_score and (n in by_key) == (best_name in by_key)]
        if tied:  # (neither the key nor these first bytes tell them apart: the order did)
            reason += (f" ({', '.join(tied)} {'fits' if len(tied) == 1 else 'fit'} as well; "
                       f"{best_name} comes first in detection order)")
        return Detection(best_name, reason, best_score, tuple(scored))
    if by_key:
        return Detection(by_key[0], f"S3 key / file name matches the {by_key[0]} pattern; "
                         "content was not recognised", 0.4, tuple(scored))
    return Detection(None, "no format recognised the content", 0.0, tuple(scored))


@functools.cache
def table_formats() -> tuple[str, ...]:
    """The formats whose units are the rows of a Parquet file (``framing = "parquet"``), in
    detection order."""
    from awslogparse.specs import load_spec

    return tuple(name for name, info in _table().items()
                 if load_spec(info.spec_name).framing == "parquet")


def detect_table(columns: Sequence[str], first: Sequence[str] = ()) -> Detection:
    """Which Parquet-framed format a table holds, from its columns (a Parquet file's footer
    names them; its first bytes are every Parquet file's): the first of ``first`` (the
    formats detection preferred, in its order), then of the other :func:`table_formats`,
    whose :meth:`~awslogparse.parsers.base.Format.table_refused` takes the columns. Without
    one, no format, and each format's reason."""
    order = list(dict.fromkeys([*(n for n in first if n in table_formats()),
                                *(n for n in table_formats() if n not in first)]))
    refused: list[tuple[str, float, str]] = []

    def refusal(name: str) -> str | None:
        try:
            return get(name).format().table_refused(list(columns))
        except Exception as exc:  # one broken format must not break detection
            return f"failed: {type(exc).__name__}: {exc}"
    for at, name in enumerate(order):
        why = refusal(name)
        if why is None:
            reason = get(name).format().table_reason(list(columns))
            also = [other for other in order[at + 1:] if refusal(other) is None]
            if also:  # (columns two formats share: the order chose; say which others fit)
                reason += (f"; {', '.join(also)} would read them too (pass format= to choose "
                           f"one)")
            return Detection(name, reason, 1.0, (*refused, (name, 1.0, "columns taken"),
                                                  *((other, 1.0, "columns taken too")
                                                    for other in also)))
        refused.append((name, 0.0, why))
    return Detection(None, "no format takes its Parquet columns: " +
                     "; ".join(f"{name}: {why}" for name, _, why in refused), 0.0,
                     tuple(refused))


def head_starts(text: str) -> str:
    """The characters a content gate tests: the first of the head without its line breaks, of
    the head without any leading blanks, and of its first non-blank line (as it stands):
    whichever a format's sniffer looks at."""
    return text.strip("\r\n")[:1] + text.lstrip()[:1] + first_line(text)[:1]


def gate_allows(gate: Gate | None, starts: str) -> bool:
    """Whether a head starting so (:func:`head_starts`) may pass a format's content gate."""
    if gate is None:
        return True
    chars, digits = gate
    return any(c in chars or (digits and c.isdecimal()) for c in starts)


def words_allow(words: Words, window: str) -> bool:
    """Whether a head whose first characters are ``window`` may pass a format's content
    words (one alternative all named)."""
    return not words or any(all(word in window for word in group) for group in words)


def first_line(text: str) -> str:
    """The line a width tests: the head's first non-blank line, as sniffers see it."""
    from awslogparse.parsers.base import sample_lines

    line = sample_lines(text, 1)
    return line[0] if line else ""


def width_allows(width: Width | None, line: str) -> bool:
    """Whether a head whose first non-blank line is ``line`` may pass a format's width."""
    if width is None:
        return True
    separator, columns = width
    if separator == "\t":
        return line.count("\t") >= columns - 1
    return len(line) - len("".join(line.split())) >= columns - 1  # (whitespace characters)


def _sniff_all(infos: list[FormatInfo], text: str) -> list[tuple[str, float, str]]:
    """Each format's content score; a sniffer that fails scores 0 with the reason. A format
    whose content gate, words or width the head does not pass scores 0 unasked (nothing of it
    is loaded)."""
    scored = []
    starts = head_starts(text)
    window = text[:WORD_WINDOW]
    line = first_line(text)
    for info in infos:
        if not gate_allows(info.gate, starts):
            scored.append((info.name, 0.0, f"{info.name} content does not start with "
                           f"{starts[:1]!r}"))
            continue
        if not words_allow(info.words, window):
            wanted = " or ".join(" and ".join(group) for group in info.words)
            scored.append((info.name, 0.0, f"{info.name} content does not name {wanted}"))
            continue
        if not width_allows(info.width, line):
            scored.append((info.name, 0.0, f"{info.name} lines have at least "
                           f"{info.width[1] if info.width else 0} columns; the first has fewer"))
            continue
        try:
            score, why = info.format().sniff(text)
        except Exception as exc:  # one broken format must not break detection
            score, why = 0.0, f"sniffer failed: {type(exc).__name__}: {exc}"
        scored.append((info.name, score, why))
    return scored
