"""Batch conversion of AWS logs to a partitioned Parquet dataset (``awslogparse convert``).

The modules, in the order data meets them:

- ``inputs``: files, folders, globs, ``s3://`` prefixes -> :class:`InputFile` objects, each
  with an identity (location, size, mtime or ETag); ``keys`` reads account, Region and date
  from AWS's key layout (``--since``/``--until``, and what records lack).
- ``task``: one input -> its Parquet files and a manifest entry (plain data, run by
  ``workers`` in this process or in a process pool).
- ``partitioning``: partition keys, their values per record, escaped path segments.
- ``writer``: buffers per partition, files sorted by time, written in the background.
- ``manifest``: pending and finished inputs in ``DEST/_awslogparse/`` (resumable runs).
- ``destination`` / ``s3io``: a local folder or an ``s3://`` prefix.
- ``report`` / ``progress``: totals as text and JSON; a progress bar or periodic lines.
- ``api``: :func:`convert` and :func:`plan` (``--dry-run``) over all of these.

Importing this package loads none of them (the names below load on first use), and the parent
process of a conversion with worker processes never loads pyarrow.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False

_EXPORTS = {
    "convert": "api", "plan": "api", "find_inputs": "api", "PlannedInput": "api",
    "ConversionInterrupted": "api",
    "ConvertReport": "report", "TaskResult": "task", "InputFile": "inputs",
    "collect_inputs": "inputs", "DestinationError": "destination",
    "DEFAULT_KEYS": "partitioning", "DEFAULT_PARTITION": "partitioning",
}

__all__ = ["DEFAULT_KEYS", "DEFAULT_PARTITION", "ConversionInterrupted", "ConvertReport",
           "DestinationError", "InputFile", "PlannedInput", "TaskResult", "collect_inputs",
           "convert", "find_inputs", "plan"]

if TYPE_CHECKING:
    from typing import Any

    from awslogparse.conversion.api import (
        ConversionInterrupted,
        PlannedInput,
        convert,
        find_inputs,
        plan,
    )
    from awslogparse.conversion.destination import DestinationError
    from awslogparse.conversion.inputs import InputFile, collect_inputs
    from awslogparse.conversion.partitioning import DEFAULT_KEYS, DEFAULT_PARTITION
    from awslogparse.conversion.report import ConvertReport
    from awslogparse.conversion.task import TaskResult


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'awslogparse.conversion' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"awslogparse.conversion.{module}"), name)
    globals()[name] = value
    return value
