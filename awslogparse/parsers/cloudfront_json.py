"""CloudFront standard logging (v2) delivered as JSON or Parquet: one object (row) per request,
keyed by the W3C field names (``x-edge-location``, ``cs(User-Agent)``; Parquet writes them as
``x_edge_location``, ``cs_user_agent``), every value a string as in the W3C output.

Each object is read exactly as a W3C line whose ``#Fields:`` line lists the object's keys, through
the compiled layout of the W3C format (``base`` in the spec; the shared machinery is
:mod:`awslogparse.parsers.baserows`): the same conversions, null markers, percent-decoding and
``date`` + ``time`` join, so the outputs of one delivery give the same records. Keys the
catalogue does not know become text fields named in snake_case.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence

from awslogparse.model import TYPE_CHECKING, Field, ParseError
from awslogparse.parsers.base import one_per_format
from awslogparse.parsers.baserows import BaseRowsFormat, load_base_layout
from awslogparse.parsers.delimited import line_writer
from awslogparse.patterns import lazy

if TYPE_CHECKING:  # (typing costs a cold start milliseconds; see awslogparse/model.py)
    from typing import Any

_KEY = lazy(r'"((?:[^"\\]|\\.)*)"\s*:')


class CloudFrontJsonFormat(BaseRowsFormat):
    """JSON objects of W3C-named CloudFront fields, typed by the W3C format's layouts."""

    owner = "CloudFront"

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        if fields is not None:
            raise ParseError(f"{self.name} records are JSON: they carry their own field names")
        return self.spec.schema.fields

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        """``record -> JSON line``: the W3C writer's columns, keyed by their field names."""
        if fields is None:
            columns = tuple(c for c in load_base_layout(self.base))
        else:
            columns = tuple(fields) if not isinstance(fields, str) else tuple(fields.split())
        write_line = line_writer(self.base, columns)

        def write(record: Mapping[str, Any]) -> str:
            values = write_line(record).split("\t")
            return json.dumps(dict(zip(columns, values, strict=True)), ensure_ascii=False,
                              separators=(",", ":"))
        return write

    def sniff(self, head: str) -> tuple[float, str]:
        if self.spec.framing == "parquet":
            return super().sniff(head)
        text = head.lstrip()
        if not text.startswith("{"):
            return 0.0, "not a JSON object"
        keys = _KEY.findall(text.split("\n", 1)[0][:16384])
        if len(keys) < 2:
            return 0.0, "not a JSON object of CloudFront fields"
        known = self._catalogue
        share = sum(k in known for k in keys) / len(keys)
        if share >= 0.8 and (not self._times.isdisjoint(keys) or len(keys) >= 4):
            return 0.9, "JSON objects keyed by CloudFront's W3C field names"
        return 0.0, "JSON, but its keys are not CloudFront's field names"


family = one_per_format(CloudFrontJsonFormat)


__all__ = ["CloudFrontJsonFormat", "family"]
