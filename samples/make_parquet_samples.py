"""Write the flow log samples delivered as Parquet, and know what each row means.

A flow log that publishes to S3 may write Apache Parquet instead of text: a row per flow, a
column per selected field named with ``_`` for ``-``, typed as AWS's Athena table types them
(``version``, ports, ``tcp_flags``, ``traffic_path`` int; ``protocol``, ``packets``, ``bytes``,
``start``, ``end`` and TGW's ``packets_lost_*`` bigint; the rest strings), compressed with gzip
inside the file. These samples hold the flows of two text samples of ``make_samples.py`` (the
default VPC file (a) and the Transit Gateway file (d)), so their records are those files'
records: the two deliveries of one flow log read the same.

Deterministic (the rows come from the text samples' fixed seeds; Parquet written by pyarrow with
no statistics that vary). The tests compare a sample's content with what this writes, not its
bytes, which depend on the pyarrow version (:meth:`Sample.holds`). ``make_samples.py``
appends these samples (``SIBLINGS``); run it, or ``python -m tests.golden_regen``, to write
them.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ACCOUNT = "123456789012"
REGION = "us-east-1"

BIGINT = frozenset(("protocol", "packets", "bytes", "start", "end", "packets-lost-no-route",
                    "packets-lost-blackhole", "packets-lost-mtu-exceeded",
                    "packets-lost-ttl-expired"))
HIVE_HOUR = (f"AWSLogs/aws-account-id={ACCOUNT}/aws-service=vpcflowlogs/aws-region={REGION}/"
             "year=2026/month=11/day=21/hour=00")
"""The Hive-compatible prefix with hourly partitions (the flow log options AWS lists)."""
INT = frozenset(("version", "srcport", "dstport", "tcp-flags", "traffic-path"))


def text_samples() -> ModuleType:
    """``make_samples.py`` beside this file (the flows come from its samples)."""
    loaded = sys.modules.get("make_samples")
    if loaded is None or getattr(loaded, "__file__", None) != str(HERE / "make_samples.py"):
        import importlib.util

        spec = importlib.util.spec_from_file_location("make_samples", HERE / "make_samples.py")
        assert spec is not None and spec.loader is not None
        loaded = importlib.util.module_from_spec(spec)
        sys.modules["make_samples"] = loaded
        saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True
        try:
            spec.loader.exec_module(loaded)
        finally:
            sys.dont_write_bytecode = saved
    return loaded


@dataclass
class Sample:
    """One Parquet sample: its key under samples/, its layout (wire names), its rows (the
    records it must read as) and how string nulls are written."""

    key: str
    format: str
    title: str
    layout: list[str]
    records: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    dash: bool = False
    """String nulls written as ``-`` (else as Parquet nulls; AWS does not say which)."""
    compressed: bool = False
    """No gzip layer: the Parquet file compresses its pages with gzip itself."""
    evidence: str = "key pattern and content agree"

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    @property
    def stem(self) -> str:
        return self.name.removesuffix(".parquet").removesuffix(".log") + ".parquet"

    def column(self, wire: str) -> Any:
        import pyarrow as pa

        values = [record[wire.replace("-", "_")] for _, record in self.records]
        if wire in BIGINT or wire in INT:
            kind = pa.int64() if wire in BIGINT else pa.int32()
            return pa.array([int(v.timestamp()) if isinstance(v, datetime) else v
                             for v in values], kind)
        return pa.array(["-" if v is None and self.dash else v for v in values], pa.string())

    def data(self) -> bytes:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({wire.replace("-", "_"): self.column(wire) for wire in self.layout})
        out = io.BytesIO()
        pq.write_table(table, out, compression="gzip", write_statistics=False)
        return out.getvalue()

    def holds(self, data: bytes) -> bool:
        """Whether ``data`` is this sample's file: the same columns, types and values. Not the
        same bytes: a Parquet file names the pyarrow version that wrote it, and another
        version may lay out its pages differently."""
        import pyarrow.parquet as pq

        def table(raw: bytes) -> Any:
            return pq.read_table(io.BytesIO(raw)).replace_schema_metadata(None)

        def codecs(raw: bytes) -> set[str]:
            meta = pq.ParquetFile(io.BytesIO(raw)).metadata
            return {meta.row_group(g).column(c).compression for g in range(meta.num_row_groups)
                    for c in range(meta.num_columns)}
        expected = self.data()
        return bool(table(data).equals(table(expected))) and codecs(data) == codecs(expected)

    def stats(self) -> dict[str, int]:
        return {"units": len(self.records) + len(self.errors), "records": len(self.records),
                "errors": len(self.errors)}


def _rows(text: Any) -> list[tuple[int, dict[str, Any]]]:
    """A text sample's records, numbered as rows (1, 2, ...)."""
    return [(row, dict(record)) for row, (_, record) in enumerate(text.records, 1)]


def vpc_sample() -> Sample:
    """(n) The flows of (a) as Parquet, string nulls as Parquet nulls."""
    text = text_samples().sample_default()
    name = (f"{ACCOUNT}_vpcflowlogs_{REGION}_fl-0a1b2c3d4e5f67890_20261121T0000Z_"
            "6e1f0a2b.log.parquet")
    key = f"{HIVE_HOUR}/{name}"
    return Sample(key=key, format="vpcflow_parquet", title="VPC flow log (a) delivered as Parquet",
                  layout=list(text.layout), records=_rows(text))


def tgw_sample() -> Sample:
    """(o) The flows of (d) as Parquet, string nulls written as ``-``; the columns (not the
    key, which VPC flow logs share) say Transit Gateway."""
    text = text_samples().sample_tgw()
    name = (f"{ACCOUNT}_vpcflowlogs_{REGION}_fl-0c1d2e3f4a5b6c7d8_20261121T0000Z_"
            "4b5c6d7e.log.parquet")
    key = f"{HIVE_HOUR}/{name}"
    return Sample(key=key, format="tgwflow_parquet",
                  title="Transit Gateway flow log (d) delivered as Parquet",
                  layout=list(text.layout), records=_rows(text), dash=True,
                  evidence="Parquet columns are tgwflow_parquet's")


def build() -> list[Sample]:
    """Every Parquet sample, in a fixed order."""
    return [vpc_sample(), tgw_sample()]


if __name__ == "__main__":
    text_samples().write(HERE, [*build()])
