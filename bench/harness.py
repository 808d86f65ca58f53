"""What the benchmarks share: a measured case, interleaved rounds, two iterations run in
lockstep, the commit measured, and Markdown helpers for the generated pages (``http_bench``,
``json_bench``)."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def process_cpu() -> float:
    """CPU seconds of this process (all threads) and of the child processes it has waited for
    (``convert --jobs``'s workers, a subprocess): a route's CPU wherever its work ran."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@dataclasses.dataclass
class Case:
    """One measured thing: a callable returning how many rows it produced, and its run times."""

    key: str
    label: str
    fn: Callable[[], int]
    times: list[float] = dataclasses.field(default_factory=list)
    cpu: list[float] = dataclasses.field(default_factory=list)
    """CPU seconds of the whole process (all threads) and of the processes it started and
    waited for (worker processes), per run."""
    rows: int | None = None

    def run(self) -> None:
        gc.collect()
        cpu = process_cpu()
        start = time.perf_counter()
        rows = self.fn()
        elapsed = time.perf_counter() - start
        self.cpu.append(process_cpu() - cpu)
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


@dataclasses.dataclass
class Lockstep:
    """Two iterations of the same input timed in alternating steps (:func:`lockstep`)."""

    labels: tuple[str, str]
    step: int
    times: tuple[list[float], list[float]]
    """Wall seconds of each step, per side."""
    cpu: tuple[list[float], list[float]]
    """CPU seconds of the process during each step, per side."""
    counts: tuple[int, int]

    @property
    def ratio(self) -> float:
        """The second side's total time over the first's: how many times faster the first is."""
        return sum(self.times[1]) / sum(self.times[0])

    @property
    def cpu_ratio(self) -> float:
        return sum(self.cpu[1]) / sum(self.cpu[0])

    def step_ratios(self) -> list[float]:
        """The same ratio step by step (full steps only: the last may be short)."""
        pairs = list(zip(*self.times, strict=True))[:-1] or list(zip(*self.times, strict=True))
        return sorted(b / a for a, b in pairs)

    def spread(self) -> tuple[float, float, float]:
        """10th percentile, median and 90th percentile of the step ratios."""
        ratios = self.step_ratios()
        if len(ratios) < 2:
            return ratios[0], ratios[0], ratios[0]
        deciles = statistics.quantiles(ratios, n=10)
        return deciles[0], statistics.median(ratios), deciles[-1]


def lockstep(first: Callable[[], Iterable[object]], second: Callable[[], Iterable[object]],
             labels: tuple[str, str], step: int) -> Lockstep:
    """Iterate both to the end, ``step`` items of one, then ``step`` of the other, in turn (the
    order swapped every step), timing each step. On a shared machine whose speed drifts over
    seconds to minutes, both sides then run under the same conditions within a step's time,
    where whole runs one after another can each meet a different machine: measured here, the
    same typed-dicts route took 9.3 and 17.4 us a line ten minutes apart. Both iterations are
    whole and of the same input, so the totals are full-iteration times."""
    iterators = [iter(first()), iter(second())]
    times: tuple[list[float], list[float]] = ([], [])
    cpu: tuple[list[float], list[float]] = ([], [])
    counts = [0, 0]
    live = [True, True]
    gc.collect()
    turn = 0
    while any(live):
        order = (0, 1) if turn % 2 == 0 else (1, 0)
        turn += 1
        for side in order:
            if not live[side]:
                continue
            cpu_start = time.process_time()
            start = time.perf_counter()
            taken = sum(1 for _ in itertools.islice(iterators[side], step))
            elapsed = time.perf_counter() - start
            if taken:
                times[side].append(elapsed)
                cpu[side].append(time.process_time() - cpu_start)
                counts[side] += taken
            if taken < step:
                live[side] = False
    if counts[0] != counts[1]:
        raise RuntimeError(f"lockstep: {labels[0]} gave {counts[0]} items, {labels[1]} "
                           f"{counts[1]}")
    return Lockstep(labels, step, times, cpu, (counts[0], counts[1]))


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
