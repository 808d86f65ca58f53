"""The pages in docs/formats are generated from formats/*.toml and must not drift from them."""

from __future__ import annotations

import difflib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from awslogparse import docgen
from awslogparse.specs import load_spec, spec_names

DOCS = Path(__file__).resolve().parent.parent / "docs" / "formats"
RERUN = "run `make docs` (python -m awslogparse.docgen docs/formats) and commit the pages"
PAGES = [f"{name}.md" for name in spec_names()] + ["index.md"]


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    return docgen.render_all()


def _diff(old: str, new: str, name: str) -> str:
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), f"committed/{name}",
                                      f"generated/{name}", lineterm="", n=1))
    return "\n".join(lines[:40]) + ("\n..." if len(lines) > 40 else "")


@pytest.mark.parametrize("page", PAGES)
def test_committed_page_equals_generated(page: str, generated: dict[str, str]) -> None:
    path = DOCS / page
    assert path.is_file(), f"{path} is missing: {RERUN}"
    committed = path.read_text(encoding="utf-8")
    if committed != generated[page]:
        pytest.fail(f"{path} is out of date with the specs: {RERUN}\n"
                    + _diff(committed, generated[page], page), pytrace=False)


def test_no_page_without_a_spec(generated: dict[str, str]) -> None:
    stale = docgen.stale_pages(DOCS, generated)
    assert not stale, f"generated pages for formats that no longer exist: {stale}; {RERUN}"


def test_generation_is_deterministic(generated: dict[str, str]) -> None:
    assert docgen.render_all() == generated


def _field_rows(page: str) -> list[list[str]]:
    """Cells of the rows of a page's "## Fields" table."""
    section = page.split("\n## Fields\n", 1)[1].split("\n## ", 1)[0]
    rows = [ln for ln in section.splitlines() if ln.startswith("| ")]
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows]
    return cells[1:]  # without the header row


@pytest.mark.parametrize("fmt", spec_names())
def test_every_field_of_the_spec_is_in_its_page(fmt: str) -> None:
    path = DOCS / f"{fmt}.md"
    assert path.is_file(), f"{path} is missing: {RERUN}"
    rows = _field_rows(path.read_text(encoding="utf-8"))
    schema = load_spec(fmt).schema
    # The AWS-name cell lists the wire column(s) as code spans, then the part and notes.
    documented = [(row[1].strip("`"), tuple(re.findall(r"`([^`]+)`", row[2]))) for row in rows]
    expected = [(f.name, f.columns) for f in schema]
    missing = [name for name, _ in expected if name not in dict(documented)]
    assert not missing, f"{path}: fields missing from the table: {missing}; {RERUN}"
    assert documented == expected, f"{path}: field table differs from the spec; {RERUN}"


@pytest.mark.parametrize("fmt", spec_names())
def test_every_documented_example_is_in_its_page(fmt: str) -> None:
    page = (DOCS / f"{fmt}.md").read_text(encoding="utf-8")
    for example in load_spec(fmt).examples:
        text = example["json"] if "json" in example else example["line"]
        assert text in page, f"example {example.get('title')!r} is missing; {RERUN}"


@pytest.mark.parametrize("fmt", spec_names())
def test_expected_times_are_shown_as_the_records_hold_them(fmt: str) -> None:
    """The page's expected values are the ones the test suite checks: a time keeps its
    fraction of a second (ALB's microseconds), which the page showed cut to whole seconds."""
    page = (DOCS / f"{fmt}.md").read_text(encoding="utf-8")
    for example in load_spec(fmt).examples:
        for time in example.get("expected", {}).values():
            if not isinstance(time, datetime):
                continue
            shown = time.isoformat() if time.tzinfo is None else \
                time.astimezone(UTC).isoformat().replace("+00:00", "Z")
            assert f"`{shown}`" in page, (example.get("title"), shown, RERUN)


def test_index_links_every_format() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for fmt in spec_names():
        assert f"]({fmt}.md)" in index


def test_check_mode_reports_drift_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert docgen.main([str(tmp_path)]) == 0
    page = tmp_path / "vpcflow.md"
    page.write_text("edited by hand\n", encoding="utf-8")
    assert docgen.main([str(tmp_path), "--check"]) == 1
    assert page.read_text(encoding="utf-8") == "edited by hand\n"
    assert "make docs" in capsys.readouterr().err
    assert docgen.main([str(tmp_path)]) == 0
    assert docgen.main([str(tmp_path), "--check"]) == 0


def test_api_docs_name_every_testing_family_and_file_strategy() -> None:
    """docs/api.md's awslogparse.testing section names each family module and every exported
    strategy for files, formats and damage (a new one left undocumented fails here)."""
    import awslogparse.testing as testing

    text = (DOCS.parent / "api.md").read_text(encoding="utf-8")
    section = text[text.index("## `awslogparse.testing`"):]
    section = section[:section.find("\n## ", 1)] if "\n## " in section[1:] else section
    missing = [f"awslogparse.testing.{family}" for family in testing.FAMILIES
               if f"`awslogparse.testing.{family}`" not in section]
    missing += [name for name in testing.__all__
                if name.endswith(("_files", "_formats", "_damage")) and f"`{name}" not in section]
    assert missing == []


SIGNATURE_HEADING = re.compile(r"^#+ `([A-Za-z_][A-Za-z_.]*)\((.*?)\)", re.M)
"""A section heading that documents a call: ``### `name(a, b=1, *, c=None)` ...``."""


def _documented_calls() -> list[tuple[str, str, list[str]]]:
    """(page, public name, parameter names) of every call heading of the hand-written pages."""
    calls = []
    root = DOCS.parent.parent
    for page in [root / "README.md", *sorted(DOCS.parent.glob("*.md"))]:
        for name, params in SIGNATURE_HEADING.findall(page.read_text(encoding="utf-8")):
            names = [p.split("=")[0].strip().lstrip("*") for p in params.split(",")]
            calls.append((page.name, name, [n for n in names if n.isidentifier()]))
    return calls


@pytest.mark.parametrize(("page", "name", "params"), _documented_calls(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_documented_parameters_exist(page: str, name: str, params: list[str]) -> None:
    """A parameter a heading documents can be passed by that name."""
    import inspect

    import awslogparse

    obj: Any = awslogparse
    for part in name.split("."):
        obj = getattr(obj, part)
    real = inspect.signature(obj).parameters
    keyword = {n for n, p in real.items() if p.kind is not inspect.Parameter.POSITIONAL_ONLY}
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in real.values())
    missing = [n for n in params if n not in keyword and not accepts_any]
    assert not missing, f"{page} documents {name}({', '.join(missing)}), which it does not take"


def test_api_docs_testing_calls_name_real_parameters() -> None:
    """Every call docs/api.md's awslogparse.testing section writes out (``name(a, b=None)``)
    names parameters the function has: ``damaged_files(file=...)``, as the page wrote it, was a
    TypeError (the parameter is ``original``), and so were ``damaged_json_files(file=...)``
    and ``moto_server(log_path=...)``."""
    import inspect

    import awslogparse.testing as testing
    from awslogparse.testing import s3server

    text = (DOCS.parent / "api.md").read_text(encoding="utf-8")
    section = text[text.index("## `awslogparse.testing`"):]
    section = section[:section.find("\n## ", 1)] if "\n## " in section[1:] else section
    wrong = []
    calls = re.findall(r"`([A-Za-z_]\w*)\(([^`]*?)\)`", re.sub(r"\n\s*", " ", section))
    assert calls
    for name, params in calls:
        function = getattr(testing, name, None) or getattr(s3server, name, None)
        assert function is not None, f"{name} is not in awslogparse.testing"
        known = inspect.signature(function).parameters
        written = [p.split("=")[0].strip() for p in params.split(",")]
        wrong += [f"{name}({p})" for p in written if p not in ("", "*", "...") and p not in known]
    assert wrong == []


ROOT = DOCS.parent.parent
HAND_WRITTEN = [ROOT / "README.md", *sorted(p for p in DOCS.parent.glob("*.md")
                                           if not p.name.startswith("benchmarks"))]
"""The pages written by hand (docs/formats/ and the benchmark pages are generated)."""


def _hand_written_docs() -> str:
    return "\n".join(page.read_text(encoding="utf-8") for page in HAND_WRITTEN
                     if page.parent == DOCS.parent)


def test_every_public_name_is_documented() -> None:
    """Each name of ``awslogparse.__all__`` is named, as code, on a page of docs/."""
    import awslogparse

    text = _hand_written_docs()
    missing = [name for name in awslogparse.__all__
               if not re.search(rf"`(?:awslogparse\.)?{re.escape(name)}(?![\w])", text)]
    assert missing == [], f"public names no page of docs/ documents: {missing}"


def _cli_options() -> list[tuple[str, tuple[str, ...]]]:
    """(command, option strings) of every option ``--help`` shows but --help itself, and
    (command, ()) for each subcommand."""
    import argparse

    from awslogparse.cli import build_parser

    def shown(parser: argparse.ArgumentParser) -> list[tuple[str, ...]]:
        return [tuple(a.option_strings) for a in parser._actions
                if a.option_strings and a.help != argparse.SUPPRESS]

    parser = build_parser()
    found = [("", options) for options in shown(parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command, sub in action.choices.items():
                found += [(command, ())] + [(command, options) for options in shown(sub)]
    return [(c, o) for c, o in found if "--help" not in o]


def test_every_command_and_option_is_documented() -> None:
    """Each subcommand (``awslogparse cat``) and each of its options (``--limit``, in any of its
    spellings) is named on a page of docs/: cat, count, detect and schema had theirs only in
    the README's summary and ``--help``."""
    text = _hand_written_docs()
    missing = []
    for command, options in _cli_options():
        if not options:
            if f"awslogparse {command}" not in text:
                missing.append(f"awslogparse {command}")
        elif not any(re.search(rf"(?<![\w-]){re.escape(o)}(?![\w-])", text) for o in options):
            missing.append(f"awslogparse {command} {'/'.join(options)}".replace("  ", " "))
    assert missing == [], f"not documented in docs/: {missing}"


def _doctest_blocks(page: Path) -> list[str]:
    """The ``>>>`` examples of a page's Python code blocks: the runnable ones, with the output
    each must print."""
    blocks = re.findall(r"^```python\n(.*?)^```", page.read_text(encoding="utf-8"), re.S | re.M)
    return [block for block in blocks if block.lstrip().startswith(">>>")]


@pytest.mark.parametrize("page", [p for p in HAND_WRITTEN if _doctest_blocks(p)],
                         ids=lambda p: p.name)
def test_interactive_examples_print_what_the_page_says(
        page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``>>>`` example of a hand-written page runs, from the checkout's root (they read
    samples/), and prints what the page shows; the blocks of a page share their names, as a
    reader typing them in one session would."""
    import doctest

    import awslogparse

    monkeypatch.chdir(ROOT)
    names: dict[str, Any] = {"awslogparse": awslogparse}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for number, block in enumerate(_doctest_blocks(page)):
        test = parser.get_doctest(block, names, f"{page.name} block {number}", str(page), 0)
        runner.run(test, clear_globs=False)
        names.update(test.globs)
    failed, attempted = runner.summarize(verbose=False)
    assert attempted and failed == 0, f"{failed} of {attempted} examples of {page.name} failed"
