"""Amazon S3 server access logs.

Space-separated, with a bracketed time (``[06/Feb/2019:00:00:38 +0000]``) and quoted columns in
which S3 writes quotes unescaped (``"GET /a"b HTTP/1.1"``): the shared anchored tokenizer ends a
quoted column where the rest of the line still fits the layout.
"""

from __future__ import annotations

from awslogparse.parsers.delimited import DelimitedFormat, family

__all__ = ["DelimitedFormat", "family"]
