"""VPC and Transit Gateway flow logs delivered to S3 as Parquet: a row per flow, a column per
selected field, named as the field with ``-`` as ``_`` (``account_id``, ``pkt_srcaddr``), typed
as AWS's Athena table types them (``version`` int, ``packets`` bigint, ``start`` bigint, the rest
strings).

A row is read exactly as a text line of the base format (``vpcflow`` / ``tgwflow``) whose header
lists the row's columns (:mod:`awslogparse.parsers.baserows`): a typed value becomes the text the
line would hold (``5``; a Parquet null is ``-``, as is a ``-`` string), so a Parquet row and the
equivalent text line give the same record. The two formats share a key scheme, as their text
forms do; the columns tell them apart (a Transit-Gateway-only column makes a TGW flow log).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from awslogparse.model import TYPE_CHECKING
from awslogparse.parsers.base import one_per_format
from awslogparse.parsers.baserows import BaseRowsFormat, shown_columns
from awslogparse.specs import load_spec

if TYPE_CHECKING:
    from typing import Any

TGW = "tgwflow"
"""The base format whose rows have Transit-Gateway-only columns."""


class FlowLogRowsFormat(BaseRowsFormat):
    """Parquet rows of VPC or Transit Gateway flow log fields, typed by the text format's
    layouts."""

    owner = "flow log"

    def known_columns(self) -> tuple[str, ...]:
        from awslogparse.parsers.flowlog import FAMILY

        return tuple(f.wire_name for fmt in FAMILY for f in load_spec(fmt).schema)

    def table_refused(self, columns: Sequence[str]) -> str | None:
        """Most columns must be flow log fields; a VPC flow log has no Transit-Gateway-only
        column, a TGW flow log has one at least (as the text forms' header lines tell them
        apart)."""
        from awslogparse.parsers.flowlog import _tgw_only

        tgw_only = _tgw_only()
        tgw = [c for c in self.wire_columns(columns) if c in tgw_only]
        if self.base == TGW and not tgw:
            return (f"a Parquet file, but not of Transit Gateway flow logs: none of its "
                    f"{len(columns)} columns is a Transit Gateway field ({shown_columns(columns)})")
        if self.base != TGW and tgw:
            return (f"a Parquet file of Transit Gateway flow logs, not {self.base}: its columns "
                    f"name Transit Gateway fields ({', '.join(tgw[:3])})")
        return super().table_refused(columns)

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        """``record -> line``: the equivalent text line of the base format (its default layout,
        or ``fields``)."""
        from awslogparse import registry

        return registry.get(self.base).format().writer(fields)


family = one_per_format(FlowLogRowsFormat)


__all__ = ["FlowLogRowsFormat", "family"]
