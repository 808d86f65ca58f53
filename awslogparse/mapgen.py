"""Generate ``awslogparse/_mapping.py``, the built-in format table, and the compiled spec cache
``awslogparse/_speccache/*.json`` (each spec's tables, and the access log presets parsed) from
``formats/*.toml``; and the code cache ``awslogparse/_codecache/`` (each source the parsers
generate while the samples are read, see :mod:`awslogparse.codegen`).

The specs are the one source of a format's name, title, aliases, key patterns and parser module;
the registry reads this small generated table instead, so finding a format costs no TOML parsing
and no imports (like Pygments' ``_mapping.py``). The cache holds each spec's parsed tables as JSON,
which loads about fifteen times faster than TOML: :func:`awslogparse.specs.load_spec` uses an
entry only while it matches the spec file's bytes. ``make mapping`` rewrites both; tests fail when
what is committed differs from what the specs say now.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awslogparse.codegen import CACHE_DIR
from awslogparse.specs import cache_dir, cache_entry, load_spec, spec_names, specs_dir

if TYPE_CHECKING:
    from awslogparse.parsers.base import Format

TARGET = Path(__file__).resolve().parent / "_mapping.py"
PROJECT = TARGET.parent.parent
"""The source tree (``make mapping`` runs there: the samples and golden files are not in the
wheel)."""

HEADER = '''"""The built-in format table, generated from formats/*.toml by ``make mapping``
(python -m awslogparse.mapgen). Do not edit: change the spec and regenerate."""

# In detection order (a spec's `rank`, then name): name, title, parser module, aliases,
# S3 key / file name patterns, spec file name.
FORMATS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
'''

FAMILIES_HEADER = '''
# Spec file name -> its family, so that one family's specs load without parsing the others.
SPEC_FAMILIES: tuple[tuple[str, str], ...] = (
'''

NAMING_HEADER = '''
# CloudWatch Logs naming conventions, in detection order: format name, log group and log stream
# name patterns, so that routing a log stream parses no spec.
LOG_NAMING: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
'''


SERVICE_GROUPS_HEADER = '''
# Per format whose spec names them: every log group its service writes (logs it reads or not), in
# detection order, so that a stream of such a group it does not take stays generic records.
SERVICE_LOG_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
'''


HINTS_HEADER = '''
# Per format, per key pattern: text every key the pattern matches contains ("": none known), so
# that a key without it is not searched and the pattern is not compiled (see key_hint).
KEY_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
'''


NAMING_HINTS_HEADER = '''
# Per LOG_NAMING row: text every name each of its patterns matches contains ("": none known),
# so that routing a log stream compiles only the patterns its names may match (see key_hint).
NAMING_HINTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
'''

SHAPE_HINTS_HEADER = '''
# Per line shape regular expression (of the built-in specs): text every unit it matches
# contains, so that sniffing skips the shape, uncompiled, for a head without it (see key_hint).
SHAPE_HINTS: tuple[tuple[str, str], ...] = (
'''

GATES_HEADER = '''
# Per format with a content gate: the characters a head may start with for its sniffer to
# accept it, and whether any decimal digit may (see awslogparse.parsers.base.Gate), so that
# detection skips the format without loading its spec.
CONTENT_GATES: tuple[tuple[str, str, bool], ...] = (
'''


def key_hint(pattern: str) -> str:
    """The longest run of characters that every match of ``pattern`` contains, as it stands
    in the pattern's top-level sequence (a run of plain characters outside groups, classes,
    repeats and alternatives); empty when the pattern has none or ignores case. Build time
    only: it reads the standard library's private regex parser."""
    from re import _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return ""
    best = run = ""
    for op, value in parsed.data:
        if op is _parser.LITERAL:
            run += chr(value)
            best = max(best, run, key=len)
        else:
            run = ""
    return best


_RANGE_MOST = 256
"""A character class range wider than this gives up (no gate) rather than list its members."""


def first_characters(pattern: str) -> tuple[str, bool] | None:
    """What a match of ``pattern`` can start with, as a :data:`~awslogparse.parsers.base.Gate`
    (characters, and whether any decimal digit may: ``\\d``); ``None`` when that is not known
    to be a short list (``.``, a negated class, ``\\w``, an expression that may match the
    empty text, ignored case). Sound, not exact: lookarounds are passed over. Build time only,
    like :func:`key_hint`."""
    from re import _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern)
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _sequence_firsts(_parser, list(parsed.data))
    if found is None or found[2]:  # unknown, or the whole expression may match nothing
        return None
    chars, digits, _ = found
    return "".join(sorted(chars)), digits


_Firsts = tuple[set[str], bool, bool]
"""(characters, any decimal digit, may match the empty text)."""


def _sequence_firsts(p: Any, items: list[tuple[Any, Any]]) -> _Firsts | None:
    chars: set[str] = set()
    digits = False
    for op, value in items:
        found = _item_firsts(p, op, value)
        if found is None:
            return None
        chars |= found[0]
        digits = digits or found[1]
        if not found[2]:
            return chars, digits, False
    return chars, digits, True


def _item_firsts(p: Any, op: Any, value: Any) -> _Firsts | None:
    if op is p.LITERAL:
        return {chr(value)}, False, False
    if op is p.IN:
        return _class_firsts(p, value)
    if op is p.SUBPATTERN:
        _, add_flags, _, inner = value
        if add_flags & re.IGNORECASE:
            return None
        return _sequence_firsts(p, list(inner.data))
    if op is p.BRANCH:
        chars: set[str] = set()
        digits = empty = False
        for alternative in value[1]:
            found = _sequence_firsts(p, list(alternative.data))
            if found is None:
                return None
            chars |= found[0]
            digits, empty = digits or found[1], empty or found[2]
        return chars, digits, empty
    if op in (p.MAX_REPEAT, p.MIN_REPEAT, getattr(p, "POSSESSIVE_REPEAT", None)):
        low, _, inner = value
        found = _sequence_firsts(p, list(inner.data))
        return None if found is None else (found[0], found[1], found[2] or low == 0)
    if op in (p.AT, p.ASSERT, p.ASSERT_NOT):  # zero width: what follows decides
        return set(), False, True
    return None  # any character, a back reference, a conditional group


def _class_firsts(p: Any, members: list[tuple[Any, Any]]) -> _Firsts | None:
    chars: set[str] = set()
    digits = False
    for op, value in members:
        if op is p.LITERAL:
            chars.add(chr(value))
        elif op is p.RANGE and value[1] - value[0] <= _RANGE_MOST:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        elif op is p.CATEGORY and value is p.CATEGORY_DIGIT:
            digits = True
        else:  # a negated class, a wide range, \w, \s and other categories
            return None
    return chars, digits, False


def render() -> str:
    """The module text for the specs as they are now."""
    rows = []
    specs = sorted((load_spec(name) for name in spec_names()), key=lambda s: (s.rank, s.name))
    for spec in specs:
        patterns = "".join(f"      {p!r},\n" for p in spec.key_patterns)
        opening, closing = ("\n", "     ") if patterns else ("", "")
        rows.append(f"    ({spec.name!r}, {spec.title!r},\n"
                    f"     {spec.parser!r},\n"
                    f"     {spec.aliases!r},\n"
                    f"     ({opening}{patterns}{closing}),\n"
                    f"     {spec.path.stem!r}),\n")
    families = "".join(f"    ({s.path.stem!r}, {s.family!r}),\n"
                       for s in sorted(specs, key=lambda s: s.path.stem))
    naming = "".join(f"    ({s.name!r},\n     {s.log_groups!r},\n     {s.log_streams!r}),\n"
                     for s in specs if s.log_groups or s.log_streams)
    service = "".join(f"    ({s.name!r},\n     {s.service_log_groups!r}),\n"
                      for s in specs if s.service_log_groups)
    hints = "".join(f"    ({s.name!r}, {tuple(key_hint(p) for p in s.key_patterns)!r}),\n"
                    for s in specs if s.key_patterns)
    naming_hints = "".join(
        f"    ({s.name!r}, {tuple(key_hint(p) for p in s.log_groups)!r}, "
        f"{tuple(key_hint(p) for p in s.log_streams)!r}),\n"
        for s in specs if s.log_groups or s.log_streams)
    shape_patterns = sorted({str(raw["regex"]) for s in specs for raw in s.shapes
                             if raw.get("regex") is not None})
    shape_hints = "".join(f"    ({p!r},\n     {hint!r}),\n" for p in shape_patterns
                          if (hint := key_hint(p)))
    gates = "".join(f"    ({s.name!r}, {gate[0]!r}, {gate[1]!r}),\n" for s in specs
                    if (gate := _gate(s.path.stem)) is not None)
    words = "".join(f"    ({s.name!r},\n     {found!r}),\n" for s in specs
                    if (found := _words(s.path.stem)))
    widths = "".join(f"    ({s.name!r}, {width[0]!r}, {width[1]!r}),\n" for s in specs
                     if (width := _width(s.path.stem)) is not None)
    named = sorted({s.family for s in specs if s.header == "names"})
    family_names = "".join(f"    ({family!r},\n     {tuple(sorted(_family_names(family)))!r}),\n"
                           for family in named)
    return (HEADER + "".join(rows) + ")\n" + FAMILIES_HEADER + families + ")\n"
            + NAMING_HEADER + naming + ")\n" + SERVICE_GROUPS_HEADER + service + ")\n"
            + HINTS_HEADER + hints + ")\n"
            + NAMING_HINTS_HEADER + naming_hints + ")\n" + SHAPE_HINTS_HEADER + shape_hints
            + ")\n" + GATES_HEADER + gates + ")\n" + WORDS_HEADER + words + ")\n"
            + WIDTHS_HEADER + widths + ")\n"
            + FAMILY_NAMES_HEADER + family_names + ")\n")


FAMILY_NAMES_HEADER = '''
# Per family whose files may open with a header line of names (flow logs): every column and
# field name its specs know, so that recognising a header loads no sibling's spec.
FAMILY_NAMES: tuple[tuple[str, tuple[str, ...]], ...] = (
'''

WORDS_HEADER = '''
# Per format with content words: alternatives, each of texts a head must all name in its first
# 16 KiB for the format's sniffer to accept it (see awslogparse.parsers.base.Words), so that
# detection skips the format without loading its spec.
CONTENT_WORDS: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = (
'''


WIDTHS_HEADER = '''
# Per format with a fixed layout: the separator and the columns its lines require (see
# awslogparse.parsers.base.Width), so that detection skips the format, unloaded, for a head
# whose first line has too few.
CONTENT_WIDTHS: tuple[tuple[str, str, int], ...] = (
'''


def _width(name: str) -> tuple[str, int] | None:
    """A built-in format's width, from its implementation."""
    return _implementation(name).content_width()


def _implementation(name: str) -> Format:
    """A spec's format, built from the spec by its parser module as the registry builds it,
    but without looking it up there: the registry reads the table being written, which does
    not list a spec added since it was last written."""
    from awslogparse.registry import from_spec

    return from_spec(load_spec(name))


def _family_names(family: str) -> frozenset[str]:
    """Every name the family's specs know, from the specs themselves."""
    from awslogparse.parsers.delimited import spec_family_names

    return spec_family_names(family)


def _words(name: str) -> tuple[tuple[str, ...], ...]:
    """A built-in format's content words, from its implementation."""
    return _implementation(name).content_words()


def _gate(name: str) -> tuple[str, bool] | None:
    """A built-in format's content gate, from its implementation."""
    return _implementation(name).content_gate()



def render_cache() -> dict[str, str]:
    """Each cache file's name and text, as the spec files are now: one per spec, and the
    specs' access log templates, parsed (so that sniffing API Gateway lines needs no
    pyparsing; see :func:`awslogparse.parsers.apigateway_template.preparsed`)."""
    from awslogparse.parsers.apigateway_template import PREPARSED_FILE, preparsed

    out = {}
    for name in spec_names():
        entry = cache_entry((specs_dir() / f"{name}.toml").read_bytes())
        out[f"{name}.json"] = _json(entry)
    presets = [text for name in spec_names() for _, text in load_spec(name).templates]
    out[PREPARSED_FILE] = _json(preparsed(presets))
    return out


CODE_CACHE_INIT = (
    '"""Code the parsers generate, as ``make mapping`` found it while reading every sample\n'
    "(see awslogparse/codegen.py): each module's text is one generated source, named by a\n"
    "checksum of it, compiled to byte code like any module so that a first parse loads it\n"
    'instead of compiling. Do not edit: regenerate."""\n')

_RECORD_SAMPLES = """
import json, sys
from pathlib import Path
from awslogparse import codegen
codegen.RECORDED = []
import awslogparse
root = Path(sys.argv[1])
for golden in sorted((root / "tests" / "golden").glob("*.jsonl")):
    with golden.open(encoding="utf-8") as fh:
        head = json.loads(fh.readline())
    data = (root / "samples" / head["path"]).read_bytes()
    for fmt in (head["format"], "auto"):
        for _ in awslogparse.iter_records(data, fmt, errors="skip", name=head["path"]):
            pass
print(json.dumps(codegen.RECORDED))
"""


def render_codecache(project: Path = PROJECT) -> dict[str, str]:
    """Each code cache file's name and text: every source defined while a fresh interpreter
    reads each sample that ``tests/golden`` names, its format given and detected (what a
    Lambda function's first parse of such an object generates)."""
    import os
    import subprocess

    from awslogparse.codegen import cache_key

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(project)
    done = subprocess.run([sys.executable, "-c", _RECORD_SAMPLES, str(project)], env=env,
                          cwd=project, capture_output=True, text=True, check=True)
    sources: list[str] = json.loads(done.stdout.splitlines()[-1])
    out = {"__init__.py": CODE_CACHE_INIT}
    out.update((f"{cache_key(source)}.py", source) for source in sources)
    return out


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def _write(path: Path, text: str) -> bool:
    """Write ``text`` unless the file holds it (line ends as written: a generated source is
    compared character for character)."""
    if path.exists():
        with path.open(encoding="utf-8", newline="") as fh:
            if fh.read() == text:
                return False
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    return True


def _write_folder(folder: Path, files: dict[str, str], pattern: str) -> list[Path]:
    """Write ``files`` into ``folder`` and remove the files matching ``pattern`` that are not
    among them (a spec gone, a source no sample generates now); the paths changed."""
    folder.mkdir(exist_ok=True)
    changed = [folder / n for n, text in files.items() if _write(folder / n, text)]
    for stale in sorted(folder.glob(pattern)):
        if stale.name not in files:
            stale.unlink()
            changed.append(stale)
    return changed


def main() -> int:
    changed = [TARGET] if _write(TARGET, render()) else []
    folder, code_folder = cache_dir(), Path(CACHE_DIR)
    changed += _write_folder(folder, render_cache(), "*.json")
    changed += _write_folder(code_folder, render_codecache(), "*.py")
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print(f"{TARGET.name}, {folder.name}/ and {code_folder.name}/: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
