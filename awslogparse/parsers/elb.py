"""Elastic Load Balancing access logs: ALB (access and connection logs), NLB (TLS) and Classic.

Everything these formats need is in their specs and the shared delimited machinery: quoted
columns (ALB writes a quote inside as ``\\x22``, kept as written; Classic ELB backslash-escapes,
decoded), ``ip:port`` columns split in two, the request line split in three, ``-1`` timings as
null, and columns AWS appends without notice kept instead of failing the line.
"""

from __future__ import annotations

from awslogparse.parsers.delimited import DelimitedFormat, family

__all__ = ["DelimitedFormat", "family"]
