"""Hypothesis strategies for awslogparse's formats (public API; needs ``hypothesis``).

Generated from the same specs the parsers use, so tests built on them follow the specs as they
grow. Import this package only in tests: ``import awslogparse`` never loads Hypothesis, and this
package never loads pyarrow.

    from awslogparse.testing import flowlog_files

    @given(flowlog_files("vpcflow"))
    def test_reads(file): ...

One module per format family (``flowlog``; ``delimited`` for every spec-driven delimited format:
ELB, CloudFront, S3 access logs; ``jsonrec`` for the JSON record formats: CloudTrail, WAF, Route 53
Resolver, Network Firewall, and CloudWatch Logs payloads wrapping other formats), on
top of ``_common`` (AWS-wide values, files of lines, damage). A family module provides:

- ``<family>_records(format, ...)``: records as the parser must return them (snake_case keys,
  typed values), generated from the family's specs;
- ``<family>_lines(format, ...)``: those records rendered by the module's own serializer (not
  the library's ``format_line``), one line without its newline;
- ``<family>_files(format, ...)``: whole files, a subclass of ``_common.LinesFile`` that
  overrides ``records``, built by rendering lines and handing them to ``_common.deliver``
  (blank lines, CRLF, BOM, gzip members);
- ``damaged_<family>_files(file, ...)``: ``_common.damaged_files`` with the family's own
  ``LineDamage`` kinds (wrong field count, bad value, ...);
- values from ``_common`` (``timestamps``, ``ipv4_addresses``, ``account_ids``, ``rarely``,
  ``tokens``, ...) rather than copies, and an explicit ``__all__`` of its own public names.

To add a family, add its name to ``FAMILIES`` and its star import below (the import is what type
checkers read; the package refuses to import if the two disagree).
"""

from __future__ import annotations

import importlib
import sys

from awslogparse.testing import _common
from awslogparse.testing._common import *  # noqa: F403
from awslogparse.testing.delimited import *  # noqa: F403
from awslogparse.testing.events import *  # noqa: F403
from awslogparse.testing.flowlog import *  # noqa: F403
from awslogparse.testing.gateway import *  # noqa: F403
from awslogparse.testing.jsonrec import *  # noqa: F403
from awslogparse.testing.services import *  # noqa: F403

FAMILIES: tuple[str, ...] = ("flowlog", "delimited", "jsonrec", "gateway", "services", "events")
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
