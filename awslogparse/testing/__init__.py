"""Hypothesis strategies for awslogparse's formats (public API; needs ``hypothesis``).

Generated from the same specs the parsers use, so tests built on them follow the specs as they
grow. Import this package only in tests: ``import awslogparse`` never loads Hypothesis, and this
package never loads pyarrow (drawing a Parquet file does).

    from awslogparse.testing import flowlog_files

    @given(flowlog_files("vpcflow"))
    def test_reads(file): ...

One module per format family, each with an explicit ``__all__`` of its public names, on top of
``_common`` (AWS-wide values, files of lines, damage):

- ``flowlog``: VPC and Transit Gateway flow logs;
- ``flowlog_parquet``: their Parquet output (AWS's column names and types), with the equivalent
  text file beside each;
- ``delimited``: every spec-driven delimited format (ELB, CloudFront, S3 access logs, ...) and
  the other outputs of a CloudFront v2 delivery (JSON lines, Parquet);
- ``jsonrec``: the JSON record formats (CloudTrail, WAF, Route 53 Resolver, Network Firewall,
  ...), CloudWatch Logs payloads wrapping other formats, and CloudWatch Logs exports;
- ``gateway``: API Gateway access logs (a template per file) and execution logs;
- ``services``: the line shapes formats (Lambda, RDS, EKS, ECS, ...);
- ``events``: Lambda events (S3 notifications, CloudWatch Logs, Kinesis, Firehose) around
  files of any format, and :func:`log_data`, a file of any registered format.

What a family provides, as far as its units allow (each module's docstring says where it
departs): the registered formats it covers (``delimited_formats()``, ``json_formats()``,
``gateway_formats()``, ``service_formats()``, ...), records as the parser
must return them (snake_case keys, typed values) and lines rendered by the module's own
serializer (not the library's ``format_line``), and ``<family>_files(format, ...)``: whole
files with their expected ``records``, built with ``_common.deliver`` (blank lines, CRLF, BOM,
gzip members) as a subclass of ``_common.LinesFile`` for line formats. Any of those files goes to
``_common.damaged_files`` (byte damage, junk lines, gzip corruption; ``JsonFile`` included),
with the family's own ``LineDamage`` kinds where it has some (``flowlog_line_damage``,
``access_line_damage``, ``service_line_damage``; ``damaged_flowlog_files`` bundles flow logs').
A ``LinesFile`` says whether its format reads any line as a record (then no junk line is drawn)
and how to make junk a sure error (``reads_any_line``, ``junk_guard``), so ``bad_lines`` is exact.

To add a family, add its name to ``FAMILIES`` and its star import below (the import is what type
checkers read; the package refuses to import if the two disagree).
"""

from __future__ import annotations

import importlib
import sys

try:
    import hypothesis  # noqa: F401  (every family module builds on it)
except ModuleNotFoundError as exc:
    raise ModuleNotFoundError("awslogparse.testing needs Hypothesis: pip install "
                              "'awslogparse[testing]'", name=exc.name) from exc

from awslogparse.testing import _common
from awslogparse.testing._common import *  # noqa: F403
from awslogparse.testing.delimited import *  # noqa: F403
from awslogparse.testing.events import *  # noqa: F403
from awslogparse.testing.flowlog import *  # noqa: F403
from awslogparse.testing.flowlog_parquet import *  # noqa: F403
from awslogparse.testing.gateway import *  # noqa: F403
from awslogparse.testing.jsonrec import *  # noqa: F403
from awslogparse.testing.services import *  # noqa: F403

FAMILIES: tuple[str, ...] = ("flowlog", "flowlog_parquet", "delimited", "jsonrec", "gateway",
                             "services", "events")
"""The family modules whose ``__all__`` this package re-exports."""


def _public_names() -> list[str]:
    """``_common``'s public names and every family's, checked to be bound here."""
    names = set(_common.__all__)
    for family in FAMILIES:
        names.update(importlib.import_module(f"{__name__}.{family}").__all__)
    unbound = sorted(n for n in names if n not in globals())
    if unbound:
        raise ImportError(f"{__name__} lacks a star import for {unbound}")
    unlisted = sorted(m for m in sys.modules if m.startswith(f"{__name__}.")
                      and not m.rpartition(".")[2].startswith("_")
                      and m.rpartition(".")[2] not in FAMILIES)
    if unlisted:
        raise ImportError(f"family modules missing from FAMILIES: {unlisted}")
    return sorted(names)


__all__: list[str] = []
__all__.extend(_public_names())
