"""The manifest: which inputs a dataset holds, so a rerun converts each one exactly once.

Everything lives under ``DEST/_awslogparse/`` (query engines skip names starting with ``_``):

- ``dataset.json``: the partition keys; a rerun with other keys is refused.
- ``inputs/<location id>.pending.json``: an input being converted, listing every output file
  *before* it can appear. A run that dies leaves it behind; the next run deletes those files
  (and their temporary files) and converts the input again.
- ``inputs/<location id>.done.<identity>.json``: a finished input (its size and version, counts,
  outputs). Same location and identity: skipped. Same location, other identity (the object
  changed): its old outputs are deleted and it is converted again.
- ``inputs/<location id>.done.<identity>.<group id>.json``: a finished input that was converted
  with others of its folder into shared files (see :mod:`.grouping`). It counts as done only
  while ``inputs/<group id>.group.json`` exists: that record, written after every member's done
  record, is the group's commit point.
- ``inputs/<group id>.stale.json``: a group being taken out of the dataset (a member changed);
  see :func:`retire_group`.
- ``runs/<run id>/errors.ndjson`` and ``report.json``: what each run found.
- ``runs/<run id>/errors/<location id>.ndjson``: a finished input's error lines, written before
  its done record and removed once the run's ``errors.ndjson`` holds them: a run killed
  part-way leaves here the errors of the inputs it finished that its ``errors.ndjson`` lacks
  (an S3 destination's ``errors.ndjson`` is written when the run ends), so no error line of a
  finished input is lost.

The order of writes is what makes a kill at any point safe: pending (with the next file's name),
then the file, then done (then, for a group, its record), then the pending file goes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from awslogparse.conversion.destination import Destination, DestinationError

ROOT = "_awslogparse"
INPUTS = f"{ROOT}/inputs"
RUNS = f"{ROOT}/runs"
DATASET = f"{ROOT}/dataset.json"
FORMATS = f"{ROOT}/formats"
"""``formats/<format>``: the format a dataset without a ``format`` partition key holds."""
VERSION = 2
"""The layout of a dataset's files; a dataset of another is never added to (version 2:
``_source`` a dictionary, where version 1 wrote text)."""


@dataclass
class InputState:
    """What the manifest says of one location."""

    done_identity: str = ""
    done_outputs: list[str] = field(default_factory=list)
    done_name: str = ""
    done_group: str = ""
    """The group the input was converted with ("" alone)."""
    group_committed: bool = True
    """False when ``done_group`` has no group record: the done record does not count."""
    pending_outputs: list[str] = field(default_factory=list)
    has_pending: bool = False


def pending_name(location_id: str) -> str:
    return f"{INPUTS}/{location_id}.pending.json"


def errors_part(run_id: str, location_id: str) -> str:
    """Where a finished input's error lines wait for the run's ``errors.ndjson``."""
    return f"{RUNS}/{run_id}/errors/{location_id}.ndjson"


def done_name(location_id: str, identity: str, group: str = "") -> str:
    if group:
        return f"{INPUTS}/{location_id}.done.{identity}.{group}.json"
    return f"{INPUTS}/{location_id}.done.{identity}.json"


def group_name(group: str) -> str:
    return f"{INPUTS}/{group}.group.json"


def stale_name(group: str) -> str:
    return f"{INPUTS}/{group}.stale.json"


def _done_parts(base: str) -> tuple[str, str, str] | None:
    """(location id, identity, group) of a done record's file name, else None."""
    parts = base.split(".")
    if parts[-1:] != ["json"] or len(parts) not in (4, 5) or parts[1] != "done":
        return None
    return parts[0], parts[2], parts[3] if len(parts) == 5 else ""


@dataclass
class Listing:
    """What one listing of the manifest says, without reading a record."""

    done: dict[str, tuple[str, str]] = field(default_factory=dict)
    """location id -> (identity, group) of every done record."""
    groups: set[str] = field(default_factory=set)
    """Committed groups."""
    stale: list[str] = field(default_factory=list)
    """Groups whose retirement a killed run left unfinished."""
    pending: list[str] = field(default_factory=list)
    """Location ids with a pending record."""

    def finished(self) -> dict[str, str]:
        """location id -> identity of every input that counts as done."""
        return {loc: identity for loc, (identity, group) in self.done.items()
                if not group or group in self.groups}


def listing(dest: Destination) -> Listing:
    found = Listing()
    for name in dest.list(f"{INPUTS}/"):
        base = name.rsplit("/", 1)[-1]
        done = _done_parts(base)
        if done is not None:
            found.done[done[0]] = done[1:]
        elif base.endswith(".group.json"):
            found.groups.add(base[:-len(".group.json")])
        elif base.endswith(".stale.json"):
            found.stale.append(base[:-len(".stale.json")])
        elif base.endswith(".pending.json"):
            found.pending.append(base[:-len(".pending.json")])
    return found


def clear_group_leftovers(dest: Destination, found: Listing) -> None:
    """Remove what killed group tasks left: the files a pending record of a group announced
    (unless the group was committed after all), then the record. A single input's pending
    record is its own task's to clean (:func:`state`)."""
    for location_id in found.pending:
        entry = _load(dest, pending_name(location_id))
        group = entry.get("group")
        if not group:
            continue
        if group not in found.groups:
            for rel in entry.get("outputs", []):
                dest.delete(rel)
        dest.delete(pending_name(location_id))


def finished(dest: Destination) -> dict[str, str]:
    """location id -> identity of every finished input (one listing, no reads)."""
    return listing(dest).finished()


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
        base = name.rsplit("/", 1)[-1]
        if base.split(".")[1:] == ["pending", "json"]:
            found.has_pending = True
            found.pending_outputs = list(_load(dest, name).get("outputs", []))
        elif (done := _done_parts(base)) is not None:
            found.done_identity, found.done_group = done[1], done[2]
            found.done_name = name
            found.done_outputs = list(_load(dest, name).get("outputs", []))
    if found.done_group:
        found.group_committed = dest.read_text(group_name(found.done_group)) is not None
    return found


def write_pending(dest: Destination, location_id: str, location: str,
                  outputs: list[str], group: str = "") -> None:
    entry: dict[str, Any] = {"input": location, "outputs": outputs}
    if group:
        entry["group"] = group
    dest.write_text(pending_name(location_id), json.dumps(entry, indent=1) + "\n")


def write_done(dest: Destination, location_id: str, identity: str,
               entry: dict[str, Any], group: str = "") -> None:
    dest.write_text(done_name(location_id, identity, group),
                    json.dumps(entry, indent=1) + "\n")


def write_group(dest: Destination, group: str, entry: dict[str, Any]) -> None:
    """Commit a group: ``entry`` names its ``members`` (``location_id``, ``identity``) and its
    ``outputs``; its members' done records count from here on."""
    dest.write_text(group_name(group), json.dumps(entry, indent=1) + "\n")


def group_members(dest: Destination, group: str) -> list[dict[str, Any]]:
    """The members a group's record names (``input``, ``location_id``, ``identity``), from its
    commit record or, for a retirement a killed run left, its stale record."""
    entry = _load(dest, stale_name(group)) or _load(dest, group_name(group))
    return [m for m in entry.get("members", []) if isinstance(m, dict)]


def retire_group(dest: Destination, group: str) -> list[str]:
    """Take a committed group out of the dataset, because a member changed (or is converted
    again with ``--force``): its files hold every member's rows, so they all go, and every
    member is left unconverted, whether or not this run reads it. Returns the members'
    location ids.

    Safe to kill at any point: the record becomes ``<group>.stale.json`` first (from then on no
    member counts as done), then the files and the members' done records are deleted, then the
    stale record; a later run finishes a retirement it finds (:attr:`Listing.stale`)."""
    entry = _load(dest, stale_name(group))
    if not entry:
        entry = _load(dest, group_name(group))
        if not entry:
            return []
        dest.write_text(stale_name(group), json.dumps(entry, indent=1) + "\n")
    dest.delete(group_name(group))
    members = [m for m in entry.get("members", []) if isinstance(m, dict)]
    for rel in entry.get("outputs", []):
        dest.delete(rel)
    for member in members:
        dest.delete(done_name(str(member.get("location_id")), str(member.get("identity")),
                              group))
    dest.delete(stale_name(group))
    return [str(m.get("location_id")) for m in members]


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


def claim_format(dest: Destination, keys: Sequence[str], fmt: str) -> None:
    """Without ``format`` among the partition keys, every format's files would share folders,
    where no table can tell them apart: the first format written is the dataset's
    (``formats/<format>``), and a file of another is refused with a ``ValueError`` (before it
    is written). Two formats claiming at once both see the other and withdraw."""
    if "format" in keys:
        return

    def claimed() -> set[str]:
        return {name.rsplit("/", 1)[-1] for name in dest.list(f"{FORMATS}/")}

    def refuse(others: set[str]) -> ValueError:
        return ValueError(f"this dataset is not partitioned by format and holds "
                          f"{', '.join(sorted(others))} files, not {fmt}: convert {fmt} into "
                          "another destination, or partition by format")

    found = claimed()
    if found - {fmt}:
        raise refuse(found - {fmt})
    if fmt in found:
        return
    dest.write_text(f"{FORMATS}/{fmt}", fmt + "\n")
    found = claimed()
    if found - {fmt}:
        dest.delete(f"{FORMATS}/{fmt}")
        raise refuse(found - {fmt})
