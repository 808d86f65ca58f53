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
