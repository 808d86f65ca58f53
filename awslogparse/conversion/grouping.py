"""Which inputs a conversion reads together into shared Parquet files.

A CloudTrail trail delivers a file per account, Region and five minutes: 288 a day for each
Region, each a few hundred records. Converted one by one, a year of one account in one Region
is 105,000 Parquet files of a few kilobytes, and query engines pay per file opened (and S3 per
request). So small inputs that share a folder (under AWS's key layout: one account, Region and
day) and what their keys say are converted as one task into files of their own, each file
holding the rows of several inputs (``_source`` says whose each row is).

A group is committed as a whole (see :mod:`.manifest`): when one member changes, the whole
group's files go and every member is converted again. Large inputs (a VPC flow log object of
tens of megabytes) already fill files of their own and are converted alone.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence

from awslogparse.conversion.inputs import InputFile
from awslogparse.conversion.keys import key_facts

SMALL_INPUT = 8 * 1024 * 1024
"""Inputs of at most this many bytes (as stored: gzip) are grouped."""
GROUP_BYTES = 64 * 1024 * 1024
"""Input bytes in one group at most: a group is one task, so this bounds how long a worker
takes for it (and what a failure redoes), not memory: the writer bounds that itself."""
GROUP_INPUTS = 500
"""Inputs in one group at most: the manifest writes a done record per member when the group
ends."""


def folder(item: InputFile) -> str:
    """The folder (or S3 prefix) an input is in."""
    if item.is_s3:
        return item.location.rsplit("/", 1)[0]
    return os.path.dirname(item.location)


def group_inputs(items: Sequence[InputFile], workers: int = 1) -> list[list[int]]:
    """The indexes of ``items`` as tasks: each list is converted together (one index: alone).
    Small inputs of one folder with the same key facts are grouped in their order, up to
    :data:`GROUP_BYTES` and :data:`GROUP_INPUTS` a group. With fewer tasks than ``workers``,
    the largest group is halved until there are as many or no group has two inputs: a day of
    one Region's CloudTrail is one folder, and as one task it would keep one worker of many
    busy (before groups, its 288 files were 288 tasks). So the files a run writes depend on
    ``--jobs`` where a folder is split; what they hold does not."""
    open_groups: dict[tuple[str, object], list[int]] = {}
    tasks: list[list[int]] = []
    sizes: dict[int, int] = {}
    for index, item in enumerate(items):
        if item.size > SMALL_INPUT:
            tasks.append([index])
            continue
        key = (folder(item), key_facts(item.key))
        members = open_groups.get(key)
        if members is not None and (sizes[id(members)] + item.size > GROUP_BYTES
                                    or len(members) >= GROUP_INPUTS):
            members = None
        if members is None:
            members = open_groups[key] = []
            sizes[id(members)] = 0
            tasks.append(members)
        members.append(index)
        sizes[id(members)] += item.size
    while len(tasks) < workers:
        largest = max(tasks, key=lambda t: (len(t) > 1, sum(items[i].size for i in t)),
                      default=None)
        if largest is None or len(largest) < 2:
            break
        at = tasks.index(largest)
        half = len(largest) // 2
        tasks[at:at + 1] = [largest[:half], largest[half:]]
    return tasks


def group_id(members: Sequence[InputFile]) -> str:
    """A group's id, from its members' identities: output names derive from the inputs, as
    a single input's do, so the files of the same inputs have the same names in every run."""
    text = "\0".join(m.identity for m in members)
    return "g" + hashlib.sha256(text.encode("ascii")).hexdigest()[:16]
