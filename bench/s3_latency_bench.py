"""S3's latency, hidden or not: the same CloudTrail files read as S3 objects, each GET made to
wait a fixed delay (a stand-in for the tens of milliseconds S3 takes to answer), with the
reading ahead awslogparse does and without it.

(1) ``iter_records`` of an ``s3://`` prefix: a chain that sends the next objects' GETs while it
    reads one (``awslogparse.multisource.opened_ahead``), against the same chain reading each
    object only when it gets there.
(2) ``awslogparse.convert`` of the objects in one process: a group of small inputs opening its
    next objects the same way, against one opening each in turn.

No network: the S3 layer (listing, GET) is replaced in this process by one that serves the
files from disk after the delay, so the figures measure the reading ahead and nothing of S3's
own speed. Written to docs/benchmarks_s3.md.

    python -m bench.s3_latency_bench [--delay-ms 30] [--repeat 2] [--no-doc]
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.harness import ROOT, Case, interleave, machine, publish, table

DOC = ROOT / "docs" / "benchmarks_s3.md"
RECORDS = 200_000


def _files(say: Callable[[str], None]) -> list[Path]:
    from bench.json_bench import cloudtrail_files

    return cloudtrail_files(RECORDS, say)


class _FakeS3:
    """The S3 layer of awslogparse, served from local files after ``delay`` seconds a GET."""

    def __init__(self, files: Sequence[Path], delay: float) -> None:
        self.objects = {f"trail/{i:04d}.json.gz": path for i, path in enumerate(files)}
        self.delay = delay
        self.gets = 0

    def install(self, ahead: bool) -> Callable[[], None]:
        """Patch the layer in; returns the undo. Without ``ahead``, nothing is opened early
        (``S3Object.open_early`` does nothing), so each GET waits its object's turn."""
        from awslogparse import s3

        patches: list[tuple[Any, str, Any]] = [
            (s3, "list_keys", lambda bucket, prefix, s3_client=None: iter(sorted(self.objects))),
            (s3, "open_object", lambda bucket, key, s3_client=None, **_: self._get(key)),
            (s3, "client", lambda s3_client=None: object())]
        if not ahead:
            patches.append((s3.S3Object, "open_early", lambda obj: None))
        saved = [(target, name, getattr(target, name)) for target, name, _ in patches]
        for target, name, value in patches:
            setattr(target, name, value)

        def undo() -> None:
            for target, name, value in saved:
                setattr(target, name, value)
        return undo

    def _get(self, key: str) -> io.BytesIO:
        time.sleep(self.delay)
        self.gets += 1
        return io.BytesIO(self.objects[key].read_bytes())


def _chain(fake: _FakeS3, ahead: bool) -> Callable[[], int]:
    def run() -> int:
        import awslogparse

        undo = fake.install(ahead)
        try:
            return sum(1 for _ in awslogparse.iter_records("s3://fake/trail/", "cloudtrail"))
        finally:
            undo()
    return run


def _convert(fake: _FakeS3, ahead: bool, out: Path) -> Callable[[], int]:
    def run() -> int:
        import awslogparse
        from awslogparse.conversion.inputs import InputFile

        items = [InputFile(f"s3://fake/{key}", key, path.stat().st_size)
                 for key, path in sorted(fake.objects.items())]
        shutil.rmtree(out, ignore_errors=True)
        undo = fake.install(ahead)
        try:
            report = awslogparse.convert(items, out, format="cloudtrail", jobs=1)
        finally:
            undo()
        if report.failed or report.errors:
            raise RuntimeError(f"convert: {len(report.failed)} failed, {report.errors} errors")
        return int(report.rows)
    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.s3_latency_bench")
    parser.add_argument("--delay-ms", type=float, default=30.0)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-doc", action="store_true", help="print only")
    args = parser.parse_args(argv)
    files = _files(print)
    out = Path(tempfile.mkdtemp(prefix="awslogparse-s3-latency-"))
    sections = []
    try:
        for delay in (args.delay_ms / 1000, 0.0):
            fake = _FakeS3(files, delay)
            cases = [Case("chain_ahead", "iter_records of a prefix, opened ahead",
                          _chain(fake, True)),
                     Case("chain_serial", "iter_records of a prefix, one object after another",
                          _chain(fake, False)),
                     Case("convert_ahead", "convert in one process, group opened ahead",
                          _convert(fake, True, out / "a")),
                     Case("convert_serial", "convert in one process, one object after another",
                          _convert(fake, False, out / "b"))]
            print(f"delay {delay * 1000:.0f} ms a GET")
            interleave(cases, args.repeat, print)
            sections.append((delay, cases))
    finally:
        shutil.rmtree(out, ignore_errors=True)
    publish(_page(files, args, sections), DOC, not args.no_doc)
    return 0


def _page(files: Sequence[Path], args: argparse.Namespace,
          sections: Sequence[tuple[float, Sequence[Case]]]) -> str:
    info = machine()
    lines = ["# S3 latency benchmarks", "",
             "How much of S3's answer time awslogparse hides by reading ahead. Written by "
             "[`bench/s3_latency_bench.py`](../bench/s3_latency_bench.py); do not edit by hand.",
             "", f"Measured {info.pop('date')} at commit {info.pop('commit')} with "
             f"`python -m bench.s3_latency_bench --delay-ms {args.delay_ms:g} --repeat "
             f"{args.repeat}`.", "", *table(["machine", ""], [[k, v] for k, v in info.items()]),
             "", f"The input: the JSON benchmark's {len(files)} CloudTrail files "
             f"({RECORDS:,} records, `bench/data/cloudtrail-{RECORDS}/`) served as S3 objects "
             "by a stand-in for awslogparse's S3 layer in the same process: each GET waits the "
             "delay, then returns the file. No network, so the figures are the reading ahead's "
             "and nothing of S3's own speed. Each case ran "
             f"{args.repeat} times, interleaved; figures are medians of wall time.", ""]
    for delay, cases in sections:
        by = {c.key: c for c in cases}
        lines += [f"## {delay * 1000:.0f} ms a GET", "",
                  *table(["case", "median s", "min s", "records"],
                         [[c.label, f"{c.median:.2f}", f"{min(c.times):.2f}", f"{c.rows:,}"]
                          for c in cases]), "",
                  f"Reading ahead over reading in turn: a prefix "
                  f"{by['chain_serial'].median / by['chain_ahead'].median:.2f}x, convert "
                  f"{by['convert_serial'].median / by['convert_ahead'].median:.2f}x.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
