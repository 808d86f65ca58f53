"""The benchmark harness's own accounting (bench/harness.py): what its figures count."""

from __future__ import annotations

import subprocess
import sys

from bench.harness import Case

CHILD = ("import time\n"
         "while time.process_time() < 0.3:\n"
         "    pass\n"
         "print(time.process_time())\n")


def test_case_cpu_counts_worker_processes() -> None:
    """A case whose work runs in processes it starts (``convert --jobs 2``) reports their CPU
    time too: the pages call it the CPU time of the whole route, not of the idle parent."""
    reported: list[float] = []

    def route() -> int:
        out = subprocess.run([sys.executable, "-c", CHILD], check=True, capture_output=True,
                             text=True).stdout
        reported.append(float(out))
        return 1

    case = Case("child", "work in a child process", route)
    case.run()
    assert case.cpu[0] >= reported[0]


def test_flow_log_page_names_the_command_that_ran() -> None:
    """docs/benchmarks.md said "with `make bench`" for a run of `--repeat 3`, which `make bench`
    (7 rounds) does not run: the page names the command itself."""
    from bench import run

    assert "make bench" not in run.measured_with(run.DEFAULT_LINES, 3)
    assert "--repeat 3" in run.measured_with(run.DEFAULT_LINES, 3)
    assert "make bench" in run.measured_with(run.DEFAULT_LINES, run.DEFAULT_REPEAT)
