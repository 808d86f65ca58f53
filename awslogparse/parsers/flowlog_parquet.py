"""VPC and Transit Gateway flow logs delivered to S3 as Parquet: a row per flow, a column per
selected field, named as the field with ``-`` as ``_`` (``account_id``, ``pkt_srcaddr``), typed
as AWS's Athena table types them (``version`` int, ``packets`` bigint, ``start`` bigint, the rest
strings).

A row is read exactly as a text line of the base format (``vpcflow`` / ``tgwflow``) whose header
lists the row's columns (:mod:`awslogparse.parsers.baserows`): a typed value becomes the text the
line would hold (``5``; a Parquet null is ``-``, as is a ``-`` string), so a Parquet row and the
equivalent text line give the same record. The two formats share a key scheme, as their text
forms do; the columns tell them apart where they can: a Transit-Gateway-only column makes a TGW
flow log, a VPC-only one a VPC flow log. A file of shared fields only (a custom format may select
any) is either: both formats take it, and detection reads it as the first in its order (VPC's),
saying so; a reader who knows it holds Transit Gateway flows names that format.
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

    def _own_columns(self, columns: Sequence[str]) -> tuple[list[str], list[str]]:
        """The columns only Transit Gateway flow logs have, and those only VPC's have."""
        from awslogparse.parsers.flowlog import _tgw_only, _vpc_only

        named = list(zip(columns, self.wire_columns(columns), strict=True))
        tgw_only, vpc_only = _tgw_only(), _vpc_only()
        return [c for c, n in named if n in tgw_only], [c for c, n in named if n in vpc_only]

    def table_refused(self, columns: Sequence[str]) -> str | None:
        """Most columns must be flow log fields; a VPC flow log has no Transit-Gateway-only
        column and a TGW flow log no VPC-only one (a TGW flow log of shared fields only is
        one: AWS's custom format selects any of its fields)."""
        tgw, vpc = self._own_columns(columns)
        if self.base == TGW and vpc:
            return (f"a Parquet file of VPC flow logs, not of Transit Gateway flow logs: its "
                    f"columns name fields only VPC flow logs have ({', '.join(vpc[:3])})")
        if self.base != TGW and tgw:
            return (f"a Parquet file of Transit Gateway flow logs, not {self.base}: its columns "
                    f"name Transit Gateway fields ({', '.join(tgw[:3])})")
        return super().table_refused(columns)

    def table_reason(self, columns: Sequence[str]) -> str:
        """Which columns made the file this format's, or that none tells (shared fields)."""
        tgw, vpc = self._own_columns(columns)
        own = tgw if self.base == TGW else vpc
        if own:
            return (f"Parquet columns are {self.name}'s: they name fields only "
                    f"{'Transit Gateway' if self.base == TGW else 'VPC'} flow logs have "
                    f"({', '.join(own[:3])})")
        return (f"Parquet columns are fields VPC and Transit Gateway flow logs share "
                f"({shown_columns(columns)}), and the two share a key scheme: nothing tells "
                f"them apart, {self.name} comes first in detection order")

    def writer(self, fields: str | Sequence[str] | None = None
               ) -> Callable[[Mapping[str, Any]], str]:
        """``record -> line``: the equivalent text line of the base format (its default layout,
        or ``fields``)."""
        from awslogparse import registry

        return registry.get(self.base).format().writer(fields)


family = one_per_format(FlowLogRowsFormat)


__all__ = ["FlowLogRowsFormat", "family"]
