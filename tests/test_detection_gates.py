"""Content gates: detection skips a format whose sniffer cannot accept a head's first
character, without loading the format. A gate is only a shortcut, so these tests hold it to
what the sniffers do: no head that a format's sniffer accepts (score 0.5 or more) is ever kept
from it, for the samples and for generated files of every format; detection gives the same
answer with the gates as without them; the regular expression analysis behind the line shapes'
gates is sound on generated matches; and a shape compiled on first use is the shape compiled at
once.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awslogparse import mapgen, registry
from awslogparse.parsers import shapes
from awslogparse.parsers.base import WORD_WINDOW
from awslogparse.specs import load_spec
from awslogparse.testing import event_formats, log_data

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_FILES = sorted(p for p in SAMPLES.rglob("*")
                      if p.is_file() and p.suffix not in (".py", ".md"))
GATED = [info for info in registry.BUILTIN
         if info.gate is not None or info.words or info.width is not None]
_RELAXED = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large]
per_format = settings(max_examples=max(3, settings().max_examples // len(event_formats())),
                      suppress_health_check=_RELAXED, deadline=None)
"""Examples per format and test: the profile's budget shared across the formats."""


def _held_back(text: str) -> list[tuple[str, float, str]]:
    """Formats whose sniffer accepts ``text`` but whose gate, words or width would keep it
    from them."""
    starts = registry.head_starts(text)
    window = text[:WORD_WINDOW]
    line = registry.first_line(text)
    held = []
    for info in GATED:
        score, why = info.format().sniff(text)
        if score >= 0.5 and not (registry.gate_allows(info.gate, starts)
                                 and registry.words_allow(info.words, window)
                                 and registry.width_allows(info.width, line)):
            held.append((info.name, score, why))
    return held


def test_the_table_holds_each_formats_own_gate() -> None:
    """``make mapping`` was run: the generated gates are what the formats say now."""
    for info in registry.BUILTIN:
        assert info.gate == info.format().content_gate(), info.name
        assert info.words == info.format().content_words(), info.name
        assert info.width == info.format().content_width(), info.name
    assert GATED, "no format has a content gate"
    assert any(info.words for info in GATED), "no format has content words"
    assert any(info.width for info in GATED), "no format has a width"


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_no_gate_keeps_a_sample_from_a_format_that_takes_it(path: Path) -> None:
    text = registry.head_text(path.read_bytes()[: 4 * registry.HEAD_BYTES])
    assert _held_back(text) == []


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: str(p.relative_to(SAMPLES)))
def test_detection_answers_the_same_with_and_without_gates(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = str(path.relative_to(SAMPLES))
    head = path.read_bytes()[: 4 * registry.HEAD_BYTES]
    gated = registry.detect(key, head)
    bare = registry.detect(None, head)
    monkeypatch.setattr(registry, "gate_allows", lambda gate, starts: True)
    monkeypatch.setattr(registry, "words_allow", lambda words, window: True)
    monkeypatch.setattr(registry, "width_allows", lambda width, line: True)
    assert registry.detect(key, head).format == gated.format
    assert registry.detect(None, head).format == bare.format


@per_format
@given(data=st.data())
@pytest.mark.parametrize("fmt", event_formats())
def test_no_gate_keeps_a_generated_file_from_a_format_that_takes_it(
        fmt: str, data: st.DataObject) -> None:
    """Generated files of every format, against every gated format's sniffer: a gate may only
    turn away what its format's sniffer turns away."""
    log = data.draw(log_data(fmt))
    text = registry.head_text(log.data[: 4 * registry.HEAD_BYTES])
    assert _held_back(text) == []
    text_after_blanks = "\n \r\n" + text  # blank lines first: each sniffer's own view of them
    assert _held_back(text_after_blanks) == []


@pytest.mark.parametrize(("pattern", "gate"), [
    (r"REPORT RequestId: (?P<id>\S+)", ("R", False)),
    (r"(?P<time>\d{4}-\d\d)", ("", True)),
    (r"(?:# Time: [^\n]*\n)?# User@Host: .*", ("#", False)),
    (r"(?P<sev>[IWEF])\d+", ("EFIW", False)),
    (r"\[(?P<level>[A-Z]+)\]", ("[", False)),
    (r"(?:START|END) x", ("ES", False)),
    (r"[a-c0-2-]x", ("-012abc", False)),
    (r"^(?=a)ab", ("a", False)),
    (r"x?\d", ("x", True)),
])
def test_first_characters_of_known_expressions(pattern: str, gate: tuple[str, bool]) -> None:
    assert mapgen.first_characters(pattern) == gate


@pytest.mark.parametrize("pattern", [r".+", r"\w+", r"[^a]b", r"a*", r"(?i)abc", r"(a)?\1",
                                     r"(?:x|)y?", r"[\x00-\uffff]"])
def test_first_characters_give_up_where_anything_may_start(pattern: str) -> None:
    assert mapgen.first_characters(pattern) is None


SHAPE_PATTERNS = sorted({(name, str(raw["regex"])) for name in registry.builtin_formats()
                         if load_spec(registry.get(name).spec_name).shapes
                         for raw in load_spec(registry.get(name).spec_name).shapes
                         if raw.get("regex") is not None})


@settings(max_examples=max(3, settings().max_examples // max(1, len(SHAPE_PATTERNS))),
          suppress_health_check=_RELAXED, deadline=None)
@given(data=st.data())
@pytest.mark.parametrize(("fmt", "pattern"), SHAPE_PATTERNS)
def test_a_shapes_match_starts_as_its_gate_says_and_holds_its_hint(fmt: str, pattern: str,
                                                data: st.DataObject) -> None:
    gate = mapgen.first_characters(pattern)
    text = data.draw(st.from_regex(re.compile(pattern, re.DOTALL), fullmatch=True), label="unit")
    if gate is not None:
        assert text and registry.gate_allows(gate, text[0]), (fmt, text[:40])
    assert shapes.shape_hint(pattern) in text, (fmt, text[:40])  # (sniffing skips it else)


@pytest.mark.parametrize("fmt", [n for n in registry.builtin_formats()
                                 if load_spec(registry.get(n).spec_name).shapes])
def test_a_shape_compiled_on_first_use_is_the_shape_compiled_at_once(fmt: str) -> None:
    spec = load_spec(registry.get(fmt).spec_name)
    fields = {f.name: f for f in spec.schema.fields}
    for raw in spec.shapes:
        pending = shapes.PendingShape(raw, fields, spec.file_name)
        chosen = {slot: getattr(pending, slot) for slot in
                  ("name", "generic", "decode", "prefix", "starts")}
        made = shapes.compile_shape(raw, fields, spec.file_name)
        assert chosen == {slot: getattr(made, slot) for slot in chosen}
        assert [p.pattern for p in pending.log_groups] == [p.pattern for p in made.log_groups]
        for slot in shapes.Shape.__slots__:
            if slot in ("build", "build_ascii"):  # generated functions: compare what they do
                assert (getattr(pending, slot) is None) == (getattr(made, slot) is None)
            elif slot == "plan":  # (field, source, converter): converters are made anew
                assert [e[:2] for e in pending.plan] == [e[:2] for e in made.plan]
            elif slot == "regex":
                assert (pending.regex and pending.regex.pattern) == \
                    (made.regex and made.regex.pattern)
            else:
                assert getattr(pending, slot) == getattr(made, slot), (fmt, raw["name"], slot)


def test_every_built_in_shape_pattern_has_its_hint() -> None:
    """The generated hints are what ``make mapping`` finds now, and most shapes have one."""
    assert all(shapes.shape_hint(p) == mapgen.key_hint(p) for _, p in SHAPE_PATTERNS)
    assert sum(bool(shapes.shape_hint(p)) for _, p in SHAPE_PATTERNS) * 2 > len(SHAPE_PATTERNS)


@pytest.mark.parametrize("many", [False, True], ids=["one line", "parse_many"])
def test_a_parser_compiles_only_the_shapes_its_units_reach(many: bool) -> None:
    """A Lambda REPORT line compiles REPORT's shape only: not START's or END's (another first
    character), nor RESTORE_REPORT's (the same first character, but tried after REPORT's)."""
    fmt = shapes.ShapesFormat(load_spec("lambda"))
    parser = fmt.line_parser()
    report = next(e for e in load_spec("lambda").examples
                  if e.get("line", "").startswith("REPORT"))
    if many:
        records: list[Any] = []
        parser.parse_many([report["line"]] * 3, 1, records, [])
        assert len(records) == 3
    else:
        assert parser(report["line"]) is not None
    compiled = {s.name for s in fmt.shapes
                if not isinstance(s, shapes.PendingShape) or s.compiled()}
    assert compiled == {"report"}
    assert parser(report["line"]) == parser(report["line"])  # (tables made again: the same)


@pytest.mark.parametrize(("width", "line", "allowed"), [
    (("\t", 3), "a\tb\tc", True),
    (("\t", 3), "a\tb c d e", False),
    ((" ", 4), "a b\tc\u00a0d", True),  # (any whitespace: str.split's)
    ((" ", 4), "a\tb\tc", False),
    ((" ", 2), "", False),
    (None, "", True),
])
def test_a_width_counts_the_separators_of_the_first_line(
        width: tuple[str, int] | None, line: str, allowed: bool) -> None:
    assert registry.width_allows(width, line) is allowed
