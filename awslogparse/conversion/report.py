"""What a conversion did: per input and in total, as text for people and JSON for programs."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from awslogparse.conversion.task import TaskResult


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def human_bytes(count: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if count < 1000 or unit == "GB":
            return f"{count:,.0f} {unit}" if unit == "B" else f"{count:,.1f} {unit}"
        count /= 1000
    return f"{count:,.1f} TB"  # pragma: no cover


@dataclass
class ConvertReport:
    """The result of :func:`awslogparse.convert`: one :class:`TaskResult` per input (in input
    order), the totals, and where the run's errors and report went."""

    dest: str
    run_id: str
    inputs: list[TaskResult] = field(default_factory=list)
    elapsed: float = 0.0
    errors_file: str | None = None
    """The run's NDJSON error sidecar (every bad line, with its source and line), if any."""
    stopped: str = ""
    """Why the run stopped before the end (an unwritable destination), empty otherwise."""

    @property
    def converted(self) -> list[TaskResult]:
        return [r for r in self.inputs if r.status == "converted"]

    @property
    def skipped(self) -> list[TaskResult]:
        """Inputs an earlier run finished (unchanged since)."""
        return [r for r in self.inputs if r.status == "skipped"]

    @property
    def failed(self) -> list[TaskResult]:
        return [r for r in self.inputs if r.status == "failed"]

    @property
    def files(self) -> int:
        """Parquet files written by this run (a group's files are listed by each member)."""
        return len({o for r in self.inputs for o in r.outputs})

    @property
    def bytes(self) -> int:
        """Input bytes read by this run (compressed, as stored)."""
        return sum(r.bytes_read for r in self.inputs)

    @property
    def rows(self) -> int:
        """Rows of the inputs converted: what this run added to the dataset (a failed input's
        rows are not in it, whatever it had read; its result still says what it read)."""
        return sum(r.rows for r in self.converted)

    @property
    def errors(self) -> int:
        """Bad lines (or JSON units) in the inputs converted."""
        return sum(r.errors for r in self.converted)

    @property
    def ok(self) -> bool:
        return not self.failed and not self.stopped

    def as_dict(self) -> dict[str, Any]:
        return {
            "dest": self.dest, "run_id": self.run_id, "elapsed": round(self.elapsed, 3),
            "inputs": len(self.inputs), "converted": len(self.converted),
            "skipped": len(self.skipped), "failed": len(self.failed), "files": self.files,
            "bytes": self.bytes, "rows": self.rows, "errors": self.errors,
            "errors_file": self.errors_file, "stopped": self.stopped or None,
            "results": [r.as_dict() for r in self.inputs],
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=1) + "\n"


def describe(r: TaskResult) -> str:
    """The one line the command prints for an input."""
    if r.status == "failed":
        return f"failed     {r.display}: {r.failure}"
    if r.status == "skipped":
        return f"skipped    {r.display}: already converted"
    what = f"{r.format or 'nothing'}, {plural(r.rows, 'row')}, {plural(r.errors, 'error')}"
    what += f" -> {plural(len(r.outputs), 'file')}"
    if r.sharing > 1:
        what += f" (shared with {plural(r.sharing - 1, 'other input')})"
    return f"converted  {r.display}: {what} [{r.detected_by}]"


def totals(report: ConvertReport) -> str:
    text = (f"total: {plural(len(report.inputs), 'input')}: {len(report.converted):,} "
            f"converted, {len(report.skipped):,} skipped (done before), "
            f"{len(report.failed):,} failed; {plural(report.rows, 'row')}, "
            f"{plural(report.errors, 'line error')}, {plural(report.files, 'Parquet file')}, "
            f"{human_bytes(report.bytes)} read in {report.elapsed:.1f} s")
    if report.errors_file:
        text += f"\nline errors: {report.errors_file}"
    text += f"\ndataset: {report.dest.rstrip('/')}{'/' if '://' in report.dest else os.sep}"
    if report.stopped:
        text += f"\nstopped: {report.stopped}"
    return text
