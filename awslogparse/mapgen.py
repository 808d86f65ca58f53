"""Generate ``awslogparse/_mapping.py``, the built-in format table, from ``formats/*.toml``.

The specs are the one source of a format's name, title, aliases, key patterns and parser module;
the registry reads this small generated table instead, so finding a format costs no TOML parsing
and no imports (like Pygments' ``_mapping.py``). ``make mapping`` rewrites it; a test fails when
the committed table differs from what the specs say now.
"""

from __future__ import annotations

import sys
from pathlib import Path

from awslogparse.specs import load_spec, spec_names

TARGET = Path(__file__).resolve().parent / "_mapping.py"

HEADER = '''"""The built-in format table, generated from formats/*.toml by ``make mapping``
(python -m awslogparse.mapgen). Do not edit: change the spec and regenerate."""

# In detection order (a spec's `rank`, then name): name, title, parser module, aliases,
# S3 key / file name patterns, spec file name.
FORMATS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...], str], ...] = (
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
    return HEADER + "".join(rows) + ")\n"


def main() -> int:
    text = render()
    old = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if old == text:
        print(f"{TARGET.name}: up to date")
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
