"""What keeps a Lambda cold start cheap: the compiled spec cache (``make mapping``) is what the
specs say now and loads to exactly what their TOML does, a stale entry is never used, and a fresh
interpreter reading any format's sample imports nothing heavy and parses no TOML.

The timings themselves are in ``bench/lambda_bench.py`` (no timing assertions here).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from awslogparse import mapgen, registry, specs

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = ROOT / "samples"
HEAVY = ("pyarrow", "dateutil", "boto3", "botocore", "hypothesis", "tomllib")
"""Modules a first parse must not import (tomllib: the specs come from the compiled cache)."""


def test_the_committed_cache_is_what_the_specs_give_now() -> None:
    """`make mapping` was run after the last spec change (it writes the cache too)."""
    rendered = mapgen.render_cache()
    committed = {p.name: p.read_text(encoding="utf-8") for p in specs.CACHE_DIR.glob("*.json")}
    assert sorted(committed) == sorted(rendered), "run `make mapping`"
    stale = [name for name, text in rendered.items() if committed[name] != text]
    assert not stale, f"awslogparse/_speccache is stale for {stale}: run `make mapping`"


@pytest.mark.parametrize("name", specs.spec_names())
def test_a_cache_entry_loads_to_exactly_its_toml(name: str) -> None:
    """Same keys in the same order, same types (dates, times and datetimes revived with their
    offsets, ints apart from floats), same values."""
    raw = (specs.specs_dir() / f"{name}.toml").read_bytes()
    cached = specs._cached_tables(name, raw)
    assert cached is not None
    assert repr(cached) == repr(tomllib.loads(raw.decode("utf-8")))


def test_a_stale_entry_is_never_used(tmp_path: Path) -> None:
    """A spec file edited after `make mapping` is read from its TOML, not from the cache."""
    name = "vpcflow"
    raw = (specs.specs_dir() / f"{name}.toml").read_bytes()
    edited = raw.replace(b'title = "', b'title = "Edited: ', 1)
    assert edited != raw
    assert specs._cached_tables(name, edited) is None
    copy = tmp_path / f"{name}.toml"
    copy.write_bytes(edited)
    tables = specs.spec_tables(copy)
    assert tables == tomllib.loads(edited.decode("utf-8"))
    assert tables["format"]["title"].startswith("Edited: ")


def test_the_family_table_names_every_spec_and_its_family() -> None:
    from awslogparse._mapping import SPEC_FAMILIES

    assert dict(SPEC_FAMILIES) == {n: specs.load_spec(n).family for n in specs.spec_names()}
    for family in {f for _, f in SPEC_FAMILIES}:
        members = specs.family_spec_names(family)
        assert members == [n for n in specs.spec_names() if specs.load_spec(n).family == family]


def _smallest_samples() -> dict[str, str]:
    found: dict[str, Path] = {}
    for golden in sorted(GOLDEN.glob("*.jsonl")):
        head = json.loads(golden.read_text(encoding="utf-8").split("\n", 1)[0])
        path = SAMPLES / head["path"]
        best = found.get(head["format"])
        if best is None or path.stat().st_size < best.stat().st_size:
            found[head["format"]] = path
    return {fmt: str(path) for fmt, path in sorted(found.items())}


SAMPLE_OF = _smallest_samples()


def test_import_awslogparse_imports_nothing_heavy() -> None:
    code = ("import sys, awslogparse\n"
            f"print(sorted(m for m in {(*HEAVY, 'pyparsing', 'importlib.metadata')!r} "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("fmt", list(SAMPLE_OF))
def test_a_first_parse_imports_nothing_heavy_and_parses_no_toml(fmt: str) -> None:
    """A fresh interpreter reading a sample with the format given: every record read, and no
    heavy module, no TOML parser, no plugin scan (``importlib.metadata``) where the format
    carries no other formats (a CloudWatch Logs payload may hold a stream whose format only
    detection can tell, which asks plugins too)."""
    code = ("import json, sys, awslogparse\n"
            f"data = open({SAMPLE_OF[fmt]!r}, 'rb').read()\n"
            f"it = awslogparse.iter_records(data, {fmt!r}, errors='collect')\n"
            "records = sum(1 for _ in it)\n"
            "assert records and records + it.stats.errors == it.stats.units, it.stats\n"
            f"print(json.dumps([m for m in {(*HEAVY, 'importlib.metadata')!r} "
            "if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    carries = registry.get(fmt).format().carries_formats
    assert [m for m in loaded if m != "importlib.metadata" or not carries] == []
