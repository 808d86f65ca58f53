"""The registry's generated format table and the Format interface every registered format has."""

from __future__ import annotations

import pytest

import awslogparse
from awslogparse import mapgen, registry
from awslogparse.parsers.base import Format
from awslogparse.specs import load_spec, spec_names


def test_generated_table_matches_the_specs() -> None:
    """`make mapping` was run after the last spec change: the committed table is what the specs
    say now (name, title, module, aliases, key patterns)."""
    assert mapgen.TARGET.read_text(encoding="utf-8") == mapgen.render(), \
        "awslogparse/_mapping.py is stale: run `make mapping`"


def test_generated_table_is_rendered_from_the_specs_alone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A spec added since the table was last written is not in the registry yet: `make
    mapping` must render its row (gate, words, width included) from the spec, not fail on the
    lookup of a format the table it is about to write does not list."""
    missing = next(name for name in spec_names() if load_spec(name).family == "elb")
    builtin = {name: info for name, info in registry._builtin().items() if name != missing}
    monkeypatch.setattr(registry, "_builtin", lambda: builtin)
    monkeypatch.setattr(registry, "_table", lambda: builtin)
    with pytest.raises(awslogparse.SourceError):
        registry.get(missing)
    assert mapgen.TARGET.read_text(encoding="utf-8") == mapgen.render()


@pytest.mark.parametrize("name", spec_names())
def test_every_spec_is_a_registered_format_with_the_interface(name: str) -> None:
    spec = load_spec(name)
    info = registry.get(spec.name)
    assert info.title == spec.title and info.module == spec.parser
    fmt = info.format()
    assert isinstance(fmt, Format)
    assert fmt.spec is spec
    layout = fmt.layout()
    assert layout, "the default layout gives record fields"
    assert {f.name for f in layout} <= set(spec.schema.names)
    assert isinstance(fmt.sniff(""), tuple)
    for alias in spec.aliases:
        assert registry.get(alias) is info


def test_key_patterns_are_valid_and_aliases_unique() -> None:
    seen: dict[str, str] = {}
    for name in awslogparse.formats():
        info = registry.get(name)
        for alias in (name, *info.aliases):
            assert alias not in seen, f"{alias!r} names both {seen.get(alias)} and {name}"
            seen[alias] = name
