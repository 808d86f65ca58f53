"""What AWS's own S3 key layout says about a log object: account, Region and date.

AWS delivers logs under keys such as ``AWSLogs/<account>/vpcflowlogs/<region>/YYYY/MM/DD/...``,
with the same facts again in the file name (``<account>_vpcflowlogs_<region>_..._YYYYMMDDTHHMMZ``)
or, for Hive-compatible deliveries, as ``aws-account-id=.../aws-region=.../year=.../``. A
conversion takes what a record lacks from here (a version 2 flow log has no Region field), and
``--since``/``--until`` select objects by the date without reading them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

ACCOUNT = re.compile(r"\d{12}")
REGION = re.compile(
    r"(?:us|eu|ap|sa|ca|me|af|il|mx|cn|eusc-[a-z]{2})(?:-gov|-iso[a-z]?)?"
    r"-(?:north|south|east|west|central)(?:east|west)?-\d{1,2}")
"""An AWS Region name (``us-east-1``, ``ap-southeast-2``, ``us-gov-west-1``, the European
Sovereign Cloud's ``eusc-de-east-1``); strict enough that a load balancer called ``my-alb-1`` is
not taken for one."""
_NAME_DATE = (
    re.compile(r"_(\d{4})(\d{2})(\d{2})T\d{4,6}Z"),  # ..._20261121T0005Z_... (most services)
    re.compile(r"\.(\d{4})-(\d{2})-(\d{2})-\d{2}\."),  # CloudFront: <dist>.2026-11-21-00.<id>
    re.compile(r"(?:^|-)(\d{4})-(\d{2})-(\d{2})-\d{2}-\d{2}-\d{2}-"),  # S3 access, Firehose
)


@dataclass(frozen=True)
class KeyFacts:
    """Account, Region and date named by a key; ``None`` where the key does not say."""

    account: str | None = None
    region: str | None = None
    date: date | None = None


def _day(year: str, month: str, day: str) -> date | None:
    try:
        value = date(int(year), int(month), int(day))
    except ValueError:
        return None
    return value if 1990 <= value.year <= 2200 else None


def key_date(parts: list[str]) -> date | None:
    """The first ``YYYY/MM/DD`` run of path segments (or ``year=/month=/day=``)."""
    hive = {k: v for k, _, v in (p.partition("=") for p in parts if "=" in p)}
    if {"year", "month", "day"} <= hive.keys():
        return _day(hive["year"], hive["month"], hive["day"])
    for i in range(len(parts) - 2):
        y, m, d = parts[i:i + 3]
        if len(y) == 4 and len(m) == 2 and len(d) == 2 and (y + m + d).isdigit():
            found = _day(y, m, d)
            if found is not None:
                return found
    return None


def key_facts(key: str) -> KeyFacts:
    """Read account, Region and date from an S3 key or a local path laid out like one."""
    parts = [p for p in key.replace("\\", "/").split("/") if p]
    if not parts:
        return KeyFacts()
    dirs, name = parts[:-1], parts[-1]
    hive = {k: v for k, _, v in (p.partition("=") for p in dirs if "=" in p)}
    account = hive.get("aws-account-id")
    region = hive.get("aws-region") or hive.get("region")
    start = 0
    if "AWSLogs" in dirs:
        start = dirs.index("AWSLogs") + 1
        rest = dirs[start:]
        if rest and rest[0].startswith("o-"):  # organisation trails: AWSLogs/o-xxx/<account>/
            rest, start = rest[1:], start + 1
        if rest and ACCOUNT.fullmatch(rest[0]):
            account = account or rest[0]
    tokens = name.split("_")
    if account is None:
        account = next((t for t in tokens if ACCOUNT.fullmatch(t)), None)
    if account is None:  # S3 access logs' partitioned prefix: <account>/<region>/<bucket>/
        account = next((d for d, nxt in itertools.pairwise(dirs)
                        if ACCOUNT.fullmatch(d) and REGION.fullmatch(nxt)), None)
    if region is None:
        region = next((d for d in dirs[start:] if REGION.fullmatch(d)), None)
    if region is None:
        region = next((t for t in tokens if REGION.fullmatch(t)), None)
    when = key_date(dirs[start:])
    if when is None:
        for pattern in _NAME_DATE:
            match = pattern.search(name)
            if match and (when := _day(*match.groups())) is not None:
                break
    return KeyFacts(account, region, when)


def parse_day(text: str) -> date:
    """``YYYY-MM-DD`` (for ``--since``/``--until``); ``ValueError`` otherwise."""
    try:
        return date.fromisoformat(text) if len(text) == 10 else _bad_day(text)
    except ValueError:
        return _bad_day(text)


def _bad_day(text: str) -> date:
    raise ValueError(f"not a date (YYYY-MM-DD): {text!r}")


def in_range(when: date | None, since: date | None, until: date | None) -> bool:
    """Whether a key's date is within ``since..until`` (inclusive); a key without a date is
    kept: nothing says it is outside."""
    if when is None:
        return True
    return (since is None or when >= since) and (until is None or when <= until)
