"""The manifest: which inputs a dataset holds, so a rerun converts each one exactly once.

Everything lives under ``DEST/_awslogparse/`` (query engines skip names starting with ``_``):

- ``dataset.json``: the partition keys; a rerun with other keys is refused.
- ``inputs/<location id>.pending.json``: an input being converted, listing every output file
  *before* it can appear. A run that dies leaves it behind; the next run deletes those files
  (and their temporary files) and converts the input again.
- ``inputs/<location id>.done.<identity>.json``: a finished input (its size and version, counts,
  outputs). Same location and identity: skipped. Same location, other identity (the object
  changed): its old outputs are deleted and it is converted again.
- ``runs/<run id>/errors.ndjson`` and ``report.json``: what each run found.

The order of writes is what makes a kill at any point safe: pending (with the next file's name),
then the file, then done, then the pending file goes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from awslogparse.conversion.destination import Destination, DestinationError

ROOT = "_awslogparse"
INPUTS = f"{ROOT}/inputs"
RUNS = f"{ROOT}/runs"
DATASET = f"{ROOT}/dataset.json"
VERSION = 2
"""The layout of a dataset's files; a dataset of another is never added to (version 2:
``_source`` a dictionary, where version 1 wrote text)."""


@dataclass
class InputState:
    """What the manifest says of one location."""

    done_identity: str = ""
    done_outputs: list[str] = field(default_factory=list)
    done_name: str = ""
    pending_outputs: list[str] = field(default_factory=list)
    has_pending: bool = False


def pending_name(location_id: str) -> str:
    return f"{INPUTS}/{location_id}.pending.json"


def done_name(location_id: str, identity: str) -> str:
    return f"{INPUTS}/{location_id}.done.{identity}.json"


def finished(dest: Destination) -> dict[str, str]:
    """location id -> identity of every finished input (one listing, no reads)."""
    out = {}
    for name in dest.list(f"{INPUTS}/"):
        base = name.rsplit("/", 1)[-1]
        parts = base.split(".")
        if len(parts) == 4 and parts[1] == "done" and parts[3] == "json":
            out[parts[0]] = parts[2]
    return out


def _load(dest: Destination, rel: str) -> dict[str, Any]:
    text = dest.read_text(rel)
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}  # written atomically, so never torn; a hand-edited file counts as absent
    return value if isinstance(value, dict) else {}


def state(dest: Destination, location_id: str) -> InputState:
    found = InputState()
    for name in dest.list(f"{INPUTS}/{location_id}."):
        parts = name.rsplit("/", 1)[-1].split(".")
        if parts[1:] == ["pending", "json"]:
            found.has_pending = True
            found.pending_outputs = list(_load(dest, name).get("outputs", []))
        elif len(parts) == 4 and parts[1] == "done":
            found.done_identity, found.done_name = parts[2], name
            found.done_outputs = list(_load(dest, name).get("outputs", []))
    return found


def write_pending(dest: Destination, location_id: str, location: str,
                  outputs: list[str]) -> None:
    text = json.dumps({"input": location, "outputs": outputs}, indent=1)
    dest.write_text(pending_name(location_id), text + "\n")


def write_done(dest: Destination, location_id: str, identity: str,
               entry: dict[str, Any]) -> None:
    dest.write_text(done_name(location_id, identity), json.dumps(entry, indent=1) + "\n")


def check_dataset(dest: Destination, keys: tuple[str, ...]) -> None:
    """Record the partition keys and the files' layout on a first run; refuse other keys or
    another layout on a later one (the files of one dataset must share one schema)."""
    current = _load(dest, DATASET)
    if current:
        if current.get("version") != VERSION:
            raise DestinationError(
                f"{dest.url(DATASET)}: this dataset's files have layout {current.get('version')}"
                f", this awslogparse writes layout {VERSION}; write to another destination")
        before = tuple(current.get("partition_by", ()))
        if before != keys:
            raise DestinationError(
                f"{dest.url(DATASET)}: this dataset is partitioned by "
                f"{','.join(before) or '(nothing)'}, not {','.join(keys) or '(nothing)'}; "
                "write to another destination")
        return
    dest.write_text(DATASET, json.dumps({"version": VERSION, "partition_by": list(keys)},
                                        indent=1) + "\n")
