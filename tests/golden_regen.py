"""Regenerate ``tests/golden/*.jsonl`` from what the sample generator intended to write.

    python -m tests.golden_regen        # from the repository root

The golden files never come from awslogparse's output: ``samples/make_samples.py`` builds each
record as a typed dict before rendering its line, and knows which lines it damaged and why. This
script also rewrites the sample files themselves when the generator changed them.

Each golden file is JSON Lines: first a ``sample`` line (path under samples/, format, the evidence
detection must report, the expected ReadStats counts), then one ``record`` line per data line
(its line number and the record, datetimes as ISO 8601 with ``Z``), then one ``error`` line per
damaged line (line number, reason, raw text).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
EVIDENCE = "key pattern and content agree"
"""What detection reports for a sample under AWS's own key scheme whose content fits (a sample
can say otherwise: CloudFront real-time logs have no key scheme, so content alone decides)."""


def load_generator() -> ModuleType:
    """``samples/make_samples.py`` as a module (samples/ is not a package)."""
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_samples", module)
    before, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ in samples/
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = before
    return module


def jsonable(value: Any) -> Any:
    """A record value as the golden files store it: datetimes become ISO 8601 with ``Z``, also
    inside nested values (JSON formats)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def is_json(sample: Any) -> bool:
    """A sample of a JSON format: its positions are units (a line, or an entry of a document's
    records array), and its error reasons are substrings of the reader's."""
    return "units" in sample.stats()


def golden_text(sample: Any) -> str:
    """The golden file for one ``make_samples.Sample``."""
    head = {"kind": "sample", "path": sample.key, "format": sample.format,
            "title": sample.title, "evidence": getattr(sample, "evidence", EVIDENCE),
            "stats": sample.stats()}
    where = "unit" if is_json(sample) else "line"
    out = [head]
    for line, record in sample.records:
        out.append({"kind": "record", where: line, "record": jsonable(record)})
    for line, reason, raw in sample.errors:
        out.append({"kind": "error", where: line, "reason": reason, "raw": raw})
    return "".join(json.dumps(doc) + "\n" for doc in out)


def golden_path(sample: Any) -> Path:
    name = sample.key.rsplit("/", 1)[-1]
    stem = getattr(sample, "stem", None) or name.removesuffix(".gz").removesuffix(".json") \
        .removesuffix(".log")
    return GOLDEN / f"{stem}.jsonl"


def exact_bytes(sample: Any) -> bytes | None:
    """The bytes a sample must have on disk, for a sample whose generator fixes more than its
    decompressed text (``stored()``: a Firehose object's gzip members, one per record); ``None``
    for the others, whose files are their text, gzip-compressed or not."""
    stored = getattr(sample, "stored", None)
    return stored() if callable(stored) else None


def write_exact(samples: list[Any]) -> None:
    """Rewrite the samples whose bytes their generator fixes, where the file differs (the
    generator's ``write`` compares decompressed text only)."""
    for sample in samples:
        data = exact_bytes(sample)
        path = SAMPLES / sample.key
        if data is not None and (not path.exists() or path.read_bytes() != data):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} (as its generator stores it)")


def main() -> int:
    generator = load_generator()
    samples = generator.build()
    generator.write(SAMPLES, samples)
    write_exact(samples)
    GOLDEN.mkdir(exist_ok=True)
    wanted = set()
    for sample in samples:
        path = golden_path(sample)
        wanted.add(path)
        text = golden_text(sample)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    for stale in GOLDEN.glob("*.jsonl"):
        if stale not in wanted:
            stale.unlink()
            print(f"removed {stale.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
