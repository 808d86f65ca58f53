"""Small public helpers over the registry and the specs."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from awslogparse import registry
from awslogparse.model import Record, Schema
from awslogparse.registry import Detection
from awslogparse.specs import load_spec

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any


def formats() -> list[str]:
    """Names of every format awslogparse reads."""
    return registry.formats()


def schema(format: str) -> Schema:
    """The :class:`Schema` of a format (every field it can carry); ``.to_arrow()`` for Arrow."""
    return load_spec(registry.get(format).spec_name).schema


def detect(name: str | None = None, head: bytes | str | None = None) -> Detection:
    """Which format an S3 key / file name and its first bytes are, and which evidence decided."""
    return registry.detect(name, head)


def format_line(record: Record, format: str, *, fields: str | Sequence[str] | None = None) -> str:
    """Write a record back in the format's wire syntax (inverse of ``parse_line``)."""
    key = fields if fields is None or isinstance(fields, str) else tuple(fields)
    result: str = _writer(format, key)(record)
    return result


@functools.lru_cache(maxsize=256)
def _writer(format: str, fields: str | tuple[str, ...] | None) -> Any:
    """``record -> line`` for a format and field list (cached: the registry, spec and layout
    lookups cost more than writing one line)."""
    return registry.get(format).format().writer(fields)
