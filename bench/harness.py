"""What the benchmarks share: a measured case, interleaved rounds, the commit measured, and
Markdown helpers for the generated pages (``http_bench``, ``json_bench``)."""

from __future__ import annotations

import dataclasses
import gc
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclasses.dataclass
class Case:
    """One measured thing: a callable returning how many rows it produced, and its run times."""

    key: str
    label: str
    fn: Callable[[], int]
    times: list[float] = dataclasses.field(default_factory=list)
    cpu: list[float] = dataclasses.field(default_factory=list)
    """CPU seconds of the whole process (all threads) per run."""
    rows: int | None = None

    def run(self) -> None:
        gc.collect()
        cpu = time.process_time()
        start = time.perf_counter()
        rows = self.fn()
        elapsed = time.perf_counter() - start
        self.cpu.append(time.process_time() - cpu)
        if self.rows is not None and rows != self.rows:
            raise RuntimeError(f"{self.label}: {rows} rows this run, {self.rows} before")
        self.rows = rows
        self.times.append(elapsed)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def spread(self) -> float:
        """Slowest run over fastest: how noisy the machine was for this case."""
        return max(self.times) / min(self.times)


def interleave(cases: Sequence[Case], repeat: int, say: Callable[[str], None],
               width: int = 58) -> None:
    """Run every case ``repeat`` times, alternating the order each round."""
    for round_no in range(repeat):
        order = list(cases) if round_no % 2 == 0 else list(reversed(cases))
        for case in order:
            case.run()
            say(f"  round {round_no + 1}/{repeat}  {case.label:<{width}} {case.times[-1]:8.3f} s")


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "awslogparse"],
                               cwd=ROOT, check=False).returncode != 0
        untracked = subprocess.run(["git", "ls-files", "--others", "--exclude-standard",
                                    "awslogparse"], cwd=ROOT, check=True, capture_output=True,
                                   text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes to awslogparse/" if dirty or untracked else "")


def fmt_load(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    marks = ["---"] + ["---:"] * (len(header) - 1)
    return ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |",
            *("| " + " | ".join(row) + " |" for row in rows)]


def verdict(ratio: float, target: float) -> str:
    return "**met**" if ratio >= target else "**MISSED**"


__all__ = ["ROOT", "Case", "fmt_load", "git_commit", "interleave", "table", "verdict"]


def machine(packages: Mapping[str, str] = {}, *, gzip: bool = True) -> dict[str, str]:
    """The machine table of a generated page: date, commit, CPU, Python, then each package's
    version (label -> distribution name) and, with ``gzip``, awslogparse's gzip backend."""
    import os
    import sys
    from datetime import UTC, datetime
    from importlib import metadata

    from bench.run import cpu_model, gzip_backend

    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else \
        (os.cpu_count() or 0)
    info = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git_commit(),
        "CPU": f"{cpu_model()}, nproc {usable}",
        "Python": f"{sys.implementation.name} {sys.version.split()[0]}",
    }
    info.update({label: metadata.version(name) for label, name in packages.items()})
    if gzip:
        info["gzip backend (awslogparse)"] = gzip_backend()
    return info


def proc_status(key: str) -> int:
    """A ``/proc/self/status`` figure (``VmRSS``, ``VmHWM``) in bytes; 0 where there is none."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def reset_peak_rss() -> bool:
    """Reset this process's peak RSS (VmHWM) to its current RSS, so a later VmHWM is what the
    work after this call took ("5" to ``/proc/self/clear_refs``, Linux >= 4.0); False where
    that cannot be done."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
    except OSError:
        return False
    return True


def publish(text: str, doc: Path, write: bool) -> None:
    """Print a benchmark's page, and write it to ``doc`` unless told not to (``--no-doc``)."""
    print(text)
    if write:
        doc.write_text(text, encoding="utf-8")
        print(f"wrote {doc.relative_to(ROOT)}")
