"""Generate ``awslogparse/_mapping.py``, the built-in format table, and the compiled spec cache
``awslogparse/_speccache/*.json`` from ``formats/*.toml``.

The specs are the one source of a format's name, title, aliases, key patterns and parser module;
the registry reads this small generated table instead, so finding a format costs no TOML parsing
and no imports (like Pygments' ``_mapping.py``). The cache holds each spec's parsed tables as JSON,
which loads about fifteen times faster than TOML: :func:`awslogparse.specs.load_spec` uses an
entry only while it matches the spec file's bytes. ``make mapping`` rewrites both; tests fail when
what is committed differs from what the specs say now.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from awslogparse.specs import CACHE_DIR, cache_entry, load_spec, spec_names, specs_dir

TARGET = Path(__file__).resolve().parent / "_mapping.py"

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
    return (HEADER + "".join(rows) + ")\n" + FAMILIES_HEADER + families + ")\n"
            + NAMING_HEADER + naming + ")\n")



def render_cache() -> dict[str, str]:
    """Each spec's cache file name and text, as the spec files are now."""
    out = {}
    for name in spec_names():
        entry = cache_entry((specs_dir() / f"{name}.toml").read_bytes())
        text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        out[f"{name}.json"] = text + "\n"
    return out


def _write(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def main() -> int:
    changed = [TARGET] if _write(TARGET, render()) else []
    CACHE_DIR.mkdir(exist_ok=True)
    cache = render_cache()
    changed += [CACHE_DIR / n for n, text in cache.items() if _write(CACHE_DIR / n, text)]
    for stale in sorted(CACHE_DIR.glob("*.json")):
        if stale.name not in cache:  # its spec file is gone
            stale.unlink()
            changed.append(stale)
    for path in changed:
        print(f"wrote {path}")
    if not changed:
        print(f"{TARGET.name} and {CACHE_DIR.name}/: up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
