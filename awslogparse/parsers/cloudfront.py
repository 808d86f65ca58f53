"""Amazon CloudFront access logs: standard (legacy and v2, W3C) and real-time logs.

Tab-separated columns; standard log files name their layout in ``#Version:`` / ``#Fields:``
lines, which switch the layout for the lines after them (real-time logs take the layout from
the caller, like VPC custom formats). ``date`` + ``time`` become one UTC ``timestamp``, and
percent-encoded values are decoded once (see the spec's ``encoding``).
"""

from __future__ import annotations

from awslogparse.parsers.delimited import DelimitedFormat, family

__all__ = ["DelimitedFormat", "family"]
