"""CloudFront standard logging (v2) delivered as JSON or Parquet: one object (row) per request,
keyed by the W3C field names (``x-edge-location``, ``cs(User-Agent)``; Parquet writes them as
``x_edge_location``, ``cs_user_agent``), every value a string as in the W3C output.

Each object is read exactly as a W3C line whose ``#Fields:`` line lists the object's keys, through
the compiled layout of the W3C format (``base`` in the spec): the same conversions, null markers,
percent-decoding and ``date`` + ``time`` join, so the two outputs of one delivery give the same
records. Keys the catalogue does not know become text fields named in snake_case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence

from awslogparse.jsontext import json_text
from awslogparse.model import TYPE_CHECKING, Field, FieldType, ParseError, Record
from awslogparse.parsers.base import Gate, one_per_format
from awslogparse.parsers.delimited import compile_plan, explain, line_writer
from awslogparse.parsers.jsonrec import ValueFormat
from awslogparse.patterns import lazy
from awslogparse.specs import FormatSpec

if TYPE_CHECKING:  # (typing costs a cold start milliseconds; see awslogparse/model.py)
    from typing import Any

_KEY = lazy(r'"((?:[^"\\]|\\.)*)"\s*:')


def _token(value: Any) -> str:
    """A value as the W3C column would hold it (AWS writes strings; ``null`` is ``-``; a
    Parquet date or time column gives its ISO text)."""
    if type(value) is str:
        return value
    if value is None:
        return "-"
    if isinstance(value, (bool, int, float, list, dict)):
        return json_text(value)
    return str(value)


class CloudFrontJsonFormat(ValueFormat):
    """JSON objects of W3C-named CloudFront fields, typed by the W3C format's layouts."""

    def __init__(self, spec: FormatSpec) -> None:
        super().__init__(spec)
        if not spec.base:
            raise ValueError(f"{spec.name}: needs `base`, the W3C format whose layouts it reads")
        self.base = spec.base
        fields = spec.schema.fields  # the base's (``base`` without a layout)
        self._catalogue = frozenset({*load_base_layout(self.base),
                                     *(c for f in fields for c in f.columns)})
        """Every W3C field name the base format knows."""
        self._times = frozenset(c for f in fields if f.type is FieldType.TIMESTAMP
                                for c in f.columns)
        """The W3C names that carry a request's time (``date``, ``timestamp(ms)``)."""
        self._names = self._parquet_names()

    def _parquet_names(self) -> dict[str, str]:
        """Parquet column names (``cs_user_agent``: lower case, parentheses dropped, ``-`` as
        ``_``) -> W3C names, for the catalogue names whose Parquet name differs."""
        known = self._catalogue
        return {snake: wire for wire in sorted(known)
                if (snake := re.sub(r"[^0-9a-z]+", "_", wire.lower()).strip("_")) != wire
                and snake not in known}

    def table_refused(self, columns: Sequence[str]) -> str | None:
        """A Parquet file is CloudFront's when most of its columns are CloudFront fields
        (Parquet or W3C names; a delivery may select any of them, also without the time):
        any Parquet file starts with the same magic bytes (another dataset's files among the
        inputs, say)."""
        known = self._catalogue
        names = [self._names.get(c, c) for c in columns]
        ours = [n for n in names if n in known]
        if len(ours) * 2 > len(names):
            return None
        shown = ", ".join(columns[:6]) + (", ..." if len(columns) > 6 else "")
        return (f"a Parquet file, but not CloudFront's: {len(ours)} of its {len(columns)} "
                f"columns are CloudFront fields ({shown})")

    def layout(self, fields: str | Sequence[str] | None = None) -> tuple[Field, ...]:
        if fields is not None:
            raise ParseError(f"{self.name} records are JSON: they carry their own field names")
        return self.spec.schema.fields

    def convert(self, value: Any, raw: str | None = None) -> Record:
        """One decoded object -> its record (a ParseError when it is none)."""
        if not isinstance(value, dict) or not value:
            raise ParseError(f"a {self.name} record is a non-empty JSON object", raw)
        names = self._names
        try:
            plan = compile_plan(self.base, tuple(names.get(key, key) for key in value))
        except ParseError as exc:
            raise ParseError(exc.reason, raw) from None
        tokens = [_token(v) for v in value.values()]
        try:
            return plan.build_strict(tokens)
        except ValueError:
            raise ParseError(explain(plan, tokens), raw) from None

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

    def content_gate(self) -> Gate:
        return ("P", False) if self.spec.framing == "parquet" else ("{", False)

    def sniff(self, head: str) -> tuple[float, str]:
        if self.spec.framing == "parquet":
            if head.startswith("PAR1"):
                return 0.5, "a Parquet file (its columns are read in its footer, not sniffed)"
            return 0.0, "not a Parquet file"
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



def load_base_layout(base: str) -> tuple[str, ...]:
    from awslogparse.specs import load_spec

    return load_spec(base).default_layout


family = one_per_format(CloudFrontJsonFormat)


__all__ = ["CloudFrontJsonFormat", "family"]
