"""The whole-document Arrow path of CloudTrail files (``awslogparse.jsonstructs``) against the
column path it replaced, in one process: the same files to one Parquet sink, the two paths
interleaved run by run (the document path switched off by making ``arrow_document`` decline),
so that load from other work hits both alike. Prints each run and the ratio of the medians.

Both paths run with the ``fast`` extra installed: the column path decodes each document with
msgspec too (``awslogparse.framing``), so the ratio is what the document path adds over the
column path with the same extra, not what the extra adds over the standard library's ``json``.
It stops without msgspec (the document path would decline every document, and the column path
be timed against itself) and when the two paths write different row counts.

    python -m bench.json_document_ab [--files 60] [--runs 6]

Reads the files ``bench.json_bench`` generates (``bench/data/cloudtrail-200000/``; run that
first).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from awslogparse import registry
from bench.json_bench import ours_parquet_one

DATA = Path(__file__).resolve().parent / "data" / "cloudtrail-200000"


def _to_parquet(files: list[Path], out: Path) -> tuple[float, int]:
    """The JSON benchmark's own route (one ParquetSink for every file), timed; and its rows."""
    started = time.perf_counter()
    rows = ours_parquet_one(files, out)
    return time.perf_counter() - started, rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args(argv)
    files = sorted(DATA.rglob("*.json.gz"))[:args.files]
    if not files:
        raise SystemExit(f"no CloudTrail files under {DATA}: run python -m bench.json_bench")
    try:
        import awslogparse.jsonstructs  # noqa: F401  (the document path; needs msgspec)
    except ImportError as exc:
        raise SystemExit(f"the document path needs msgspec (pip install 'awslogparse[fast]'): "
                         f"{exc}; without it both paths are the column path") from None
    kind = type(registry.get("cloudtrail").format())
    switch = "arrow_document"  # the format's hook; declining it leaves the column path
    document_path = getattr(kind, switch)

    def declined(self: Any, target: Any) -> None:
        return None

    times: dict[str, list[float]] = {"document": [], "column": []}
    rows: dict[str, set[int]] = {"document": set(), "column": set()}
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out.parquet"
        try:
            for run in range(args.runs):
                order = ("document", "column") if run % 2 else ("column", "document")
                for path in order:
                    setattr(kind, switch, document_path if path == "document" else declined)
                    seconds, count = _to_parquet(files, out)
                    times[path].append(seconds)
                    rows[path].add(count)
        finally:
            setattr(kind, switch, document_path)
    if len(rows["document"] | rows["column"]) != 1:
        raise SystemExit(f"the paths wrote different rows: {rows}")
    for path, runs in times.items():
        print(f"{path} path: {', '.join(f'{t:.2f}' for t in runs)} s")
    document, column = (statistics.median(times[p]) for p in ("document", "column"))
    print(f"{len(files)} files, medians {document:.2f} s (document) and {column:.2f} s (column): "
          f"{column / document:.2f}x")


if __name__ == "__main__":
    main()
