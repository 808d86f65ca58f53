"""Wire text -> typed values, for every field type and wire form, shared by every delimited format.

Each conversion exists twice: :func:`converter` gives a function whose ``ValueError`` names the
field (used to explain a bad line), and :func:`expression` gives Python source that generated
per-layout code inlines, so the hot loop makes no per-field call for integers, text and repeated
timestamps. Both must agree; the Hypothesis tests check every format through both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from awslogparse.model import Field, FieldType
from awslogparse.patterns import lazy

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    _MemoBase = dict[str, Any]
else:
    _MemoBase = dict

CACHE_LIMIT = 65536
"""Entries kept per timestamp cache (AWS logs repeat the same second many times)."""


_FLOAT = lazy(r"-?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?\Z")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, 1)}


def decimal(value: str) -> int:
    """An integer as AWS writes one: ASCII digits, maybe a minus sign. Python's ``int`` also
    takes ``+5``, ``1_000`` and non-ASCII digits, which no AWS log contains."""
    digits = value[1:] if value[:1] == "-" else value
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"not a decimal integer: {value!r}")
    return int(value)


def decimal_float(value: str) -> float:
    """A decimal number as AWS writes one (``0.001``, ``-1``): no ``nan``, ``inf`` or ``_``."""
    if _FLOAT.match(value) is None:
        raise ValueError(f"not a decimal number: {value!r}")
    return float(value)


def boolean(value: str) -> bool:
    """``true``/``false`` (AWS also writes ``Yes`` for S3's aclRequired)."""
    low = value.lower()
    if low in ("true", "yes"):
        return True
    if low in ("false", "no"):
        return False
    raise ValueError(f"not a boolean: {value!r}")


# ---- timestamps: one parser per wire form, the repeated ones cached

# One cache per wire form: a key is only ever a text valid in that form (generated code asks the
# cache before the form's parser checks the text, so a shared cache let a text of one form pass
# for another: an S3 time as CloudFront's date and time columns).
_epoch_cache: dict[str, datetime] = {}
_clf_cache: dict[str, datetime] = {}
_date_time_cache: dict[str, datetime] = {}


def _remember(cache: dict[str, datetime], key: str, value: datetime) -> datetime:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


def epoch_seconds(value: str) -> datetime:
    """Epoch seconds -> tz-aware UTC datetime (cached: flow logs repeat window bounds)."""
    hit = _epoch_cache.get(value)
    if hit is not None:
        return hit
    try:
        result = datetime.fromtimestamp(decimal(value), UTC)
    except (OverflowError, OSError) as exc:
        raise ValueError(f"timestamp out of range: {value!r}") from exc
    return _remember(_epoch_cache, value, result)


def epoch_fraction(value: str) -> datetime:
    """``1607497615.123`` (epoch seconds with a fraction) -> UTC datetime, exact to the µs
    (digits past it truncated). The sign is the whole number's: ``-1.5`` is a second and a half
    before the epoch, so the fraction counts back too (``-0.5`` has a whole part of ``-0``)."""
    whole, dot, frac = value.partition(".")
    if dot and not (frac.isascii() and frac.isdigit()):
        raise ValueError(f"not epoch seconds: {value!r}")
    base = epoch_seconds(whole)
    if not frac:
        return base
    micros = int(frac[:6].ljust(6, "0"))
    try:
        return base + timedelta(microseconds=-micros if whole[:1] == "-" else micros)
    except OverflowError as exc:
        raise ValueError(f"timestamp out of range: {value!r}") from exc


def epoch_milliseconds(value: str) -> datetime:
    """Epoch milliseconds -> UTC datetime."""
    seconds, millis = divmod(decimal(value), 1000)
    try:
        return datetime.fromtimestamp(seconds, UTC) + timedelta(milliseconds=millis)
    except (OverflowError, OSError) as exc:
        raise ValueError(f"timestamp out of range: {value!r}") from exc


def iso8601(value: str) -> datetime:
    """ISO 8601 with or without fraction and ``Z``; no zone means UTC (NLB writes none)."""
    if not value.isascii():
        raise ValueError(f"not an ISO 8601 time: {value!r}")
    result = datetime.fromisoformat(value)
    return result if result.tzinfo is UTC else _to_utc(result)


def clf(value: str) -> datetime:
    """``06/Feb/2019:00:00:38 +0000`` (the brackets already gone) -> UTC datetime (cached)."""
    hit = _clf_cache.get(value)
    if hit is not None:
        return hit
    if len(value) != 26 or value[2] != "/" or value[6] != "/" or value[11] != ":" \
            or value[20] != " " or not value.isascii():
        raise ValueError(f"not a [dd/Mon/yyyy:HH:MM:SS +zzzz] time: {value!r}")
    month = _MONTHS.get(value[3:6])
    if month is None:
        raise ValueError(f"unknown month in {value!r}")
    iso = f"{value[7:11]}-{month:02d}-{value[0:2]}T{value[12:20]}{value[21:24]}:{value[24:26]}"
    return _remember(_clf_cache, value, iso8601(iso))


def date_time(value: str) -> datetime:
    """CloudFront's ``date`` and ``time`` columns joined by a space -> UTC datetime."""
    if len(value) != 19 or value[10] != " ":
        raise ValueError(f"not a 'YYYY-MM-DD HH:MM:SS' time: {value!r}")
    hit = _date_time_cache.get(value)
    if hit is not None:
        return hit
    return _remember(_date_time_cache, value, iso8601(value))


def redis_time(value: str) -> datetime:
    """``12 Nov 2020 01:28:57.994 UTC`` -> UTC datetime: the time of a Redis OSS or Valkey
    engine log line (the engine's ``%d %b %Y %H:%M:%S.`` and milliseconds), to which
    ElastiCache's log delivery adds the zone, always UTC."""
    if len(value) != 28 or not value.isascii() or value[24:] != " UTC" \
            or value[2] + value[6] + value[11] + value[14] + value[17] + value[20] != "   ::.":
        raise ValueError(f"not a 'DD Mon YYYY hh:mm:ss.mmm UTC' time: {value!r}")
    month = _MONTHS.get(value[3:6])
    numbers = (value[7:11], value[0:2], value[12:14], value[15:17], value[18:20], value[21:24])
    if month is None or not "".join(numbers).isdigit():
        raise ValueError(f"not a 'DD Mon YYYY hh:mm:ss.mmm UTC' time: {value!r}")
    year, day, hour, minute, second, millis = map(int, numbers)
    return datetime(year, month, day, hour, minute, second, millis * 1000, tzinfo=UTC)


def format_redis_time(value: datetime) -> str:
    """A UTC datetime as :func:`redis_time` reads it (to the millisecond, truncated as the
    engine does; the month's name not from the locale)."""
    return (f"{value.day:02d} {_MONTH_NAMES[value.month - 1]} {value.year:04d} "
            f"{value:%H:%M:%S}.{value.microsecond // 1000:03d} UTC")


TIMESTAMP_UNITS: dict[str, tuple[Callable[[str], datetime], str, str, str, str]] = {
    # unit in the spec: (parser, Arrow unit, the form an error names, the form the docs name,
    # what the wire text can start with besides a decimal digit)
    "s": (epoch_seconds, "s", "epoch-seconds", "epoch seconds", "-"),
    "ms": (epoch_milliseconds, "ms", "epoch-milliseconds", "epoch milliseconds", "-"),
    "epoch_frac": (epoch_fraction, "us", "epoch-seconds", "epoch seconds.fraction", "-"),
    "iso": (iso8601, "us", "ISO 8601", "ISO 8601 text", ""),
    "iso_plain": (iso8601, "us", "ISO 8601", "ISO 8601 text, no zone", ""),
    "clf": (clf, "s", "[dd/Mon/yyyy:HH:MM:SS +zzzz]", "[dd/Mon/yyyy:HH:MM:SS +zzzz]", "["),
    "date time": (date_time, "s", "YYYY-MM-DD HH:MM:SS", "date and time columns", ""),
    "redis": (redis_time, "ms", "DD Mon YYYY hh:mm:ss.mmm UTC", "DD Mon YYYY hh:mm:ss.mmm UTC",
              ""),
}
"""Every timestamp wire form a spec may name, in one place (a new form is one row here)."""
TIMESTAMP_PARSERS = {unit: facts[0] for unit, facts in TIMESTAMP_UNITS.items()}
ARROW_UNITS = {unit: facts[1] for unit, facts in TIMESTAMP_UNITS.items()}
"""Timestamp wire form -> the Arrow timestamp unit that holds it without loss."""
UNIT_NAMES = {unit: facts[2] for unit, facts in TIMESTAMP_UNITS.items()}
UNIT_DESCRIPTIONS = {unit: facts[3] for unit, facts in TIMESTAMP_UNITS.items()}


def first_characters(field: Field) -> str | None:
    """What the wire text of a value of ``field`` that converts can start with, besides a
    decimal digit (``None``: anything; null markers aside). Numbers take a minus sign and no
    ``+`` (:func:`decimal`, :func:`decimal_float`; the plain-text path keeps ``+`` from
    ``int``); a common-log time is bracketed. Content gates are made of this."""
    if field.type in (FieldType.INT, FieldType.FLOAT):
        return "-"
    if field.type is FieldType.TIMESTAMP and field.unit in TIMESTAMP_UNITS:
        return TIMESTAMP_UNITS[field.unit][4]
    return None


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def format_timestamp(field: Field, value: datetime) -> str:
    """The wire text of a timestamp, as AWS writes it for ``field``'s unit."""
    unit = field.unit
    value = value.astimezone(UTC)
    if unit == "s":
        return str(int(value.timestamp()))
    if unit == "ms":
        return str(int(value.replace(microsecond=0).timestamp()) * 1000
                   + value.microsecond // 1000)
    if unit == "epoch_frac":  # (sign and magnitude, as epoch_fraction reads it)
        micros = (value - _EPOCH) // _MICROSECOND
        sign = "-" if micros < 0 else ""
        whole, fraction = divmod(abs(micros), 1_000_000)
        return f"{sign}{whole}.{fraction // 1000:03d}" if fraction % 1000 == 0 \
            else f"{sign}{whole}.{fraction:06d}"
    if unit == "iso":
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if unit == "iso_plain":
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if unit == "clf":
        return value.strftime("%d/%b/%Y:%H:%M:%S +0000")
    if unit == "date time":
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if unit == "redis":
        return format_redis_time(value)
    raise ValueError(f"{field.name}: unknown timestamp unit {unit!r}")


# ---- percent-encoding (CloudFront, S3 keys)

_URL_SAFE = "".join(chr(c) for c in range(33, 127) if chr(c) not in '<>"#%{}|\\^~[]`\'')


_ESCAPES = lazy(r"(?:%[0-9A-Fa-f]{2})+")
"""A run of ``%XX`` escapes: bytes that decode together (a UTF-8 character spans several)."""


def _unescape(run: re.Match[str]) -> str:
    return bytes.fromhex(run.group().replace("%", "")).decode()


def _unescape_replacing(run: re.Match[str]) -> str:
    return bytes.fromhex(run.group().replace("%", "")).decode("utf-8", "replace")


def form_decode(value: str) -> str:
    """A URL-encoded form value (an S3 event notification's object key): ``+`` is a space, and
    escapes that do not form UTF-8 become U+FFFD. What ``urllib.parse.unquote_plus`` gives
    (tests/test_cold_start.py checks that), without importing that module (see
    :func:`url_decode`)."""
    value = value.replace("+", " ")
    return _ESCAPES.sub(_unescape_replacing, value) if "%" in value else value


def url_decode(value: str) -> str:
    """Decode percent-escapes once (what the client sent). Escapes that do not form UTF-8 stay as
    written, so nothing AWS logged is replaced by U+FFFD.

    What ``urllib.parse.unquote(value, errors="strict")`` gives, falling back to ``value``
    (tests/test_cold_start.py checks that), without importing that module: it imports
    :mod:`ipaddress`, about 5 ms of every cold start that reads CloudFront or S3 access logs.
    A ``%`` not followed by two hex digits stays as written, as there."""
    if "%" not in value:
        return value
    try:
        return _ESCAPES.sub(_unescape, value)
    except UnicodeDecodeError:
        return value


def url_encode(value: str) -> str:
    """CloudFront's encoding: bytes 0-32 and 127-255 and ``<>"#%{}|\\^~[]`'`` as ``%XX``."""
    from urllib.parse import quote  # (not at import: see url_decode; only writers call this)

    return quote(value, safe=_URL_SAFE)


# ---- one wire value -> Python value

def converter(field: Field) -> Callable[[str], Any]:
    """``wire text -> value`` for one field; raises ValueError naming the field. Null markers
    are the caller's business (see :func:`convert`)."""
    kind = field.type
    name = field.wire_name
    if kind is FieldType.INT:
        low, high = field.int_range

        def to_int(value: str) -> int:
            try:
                number = decimal(value)
            except ValueError:
                raise ValueError(f"{name}: not an integer: {value!r}") from None
            if not low <= number <= high:
                raise ValueError(f"{name}: {value} is outside the {field.bits}-bit range")
            return number
        return to_int
    if kind is FieldType.FLOAT:
        def to_float(value: str) -> float:
            try:
                return decimal_float(value)
            except ValueError:
                raise ValueError(f"{name}: not a number: {value!r}") from None
        return to_float
    if kind is FieldType.TIMESTAMP:
        parse = TIMESTAMP_PARSERS.get(field.unit)
        if parse is None:
            raise ValueError(f"{name}: unknown timestamp unit {field.unit!r}")

        def to_time(value: str) -> datetime:
            try:
                return parse(value)
            except (ValueError, OverflowError):
                form = UNIT_NAMES[field.unit]
                article = "an" if form[0] in "aeiouAEIOU" else "a"
                raise ValueError(f"{name}: not {article} {form} timestamp: {value!r}") from None
        return to_time
    if kind is FieldType.BOOL:
        def to_bool(value: str) -> bool:
            try:
                return boolean(value)
            except ValueError:
                raise ValueError(f"{name}: not a boolean: {value!r}") from None
        return to_bool
    if field.encoding == "url":
        return url_decode
    return str


def convert(field: Field, value: str) -> Any:
    """Convert one wire value (``None`` for a null marker); ValueError names the field."""
    if value in field.nulls:
        return None
    return converter(field)(value)


def format_value(field: Field, value: Any) -> str:
    """The wire text of one value (the null marker for ``None``)."""
    if value is None:
        return field.nulls[0]
    if field.type is FieldType.TIMESTAMP:
        return format_timestamp(field, value)
    if field.type is FieldType.BOOL:
        return "true" if value else "false"
    if field.encoding == "url":
        return url_encode(str(value))
    return str(value)


# ---- generated code

def _bad() -> Any:
    raise ValueError("out of range")


def _int_in(value: str, low: int, high: int) -> int:
    """:func:`decimal` within ``low .. high`` (the generated code's case for a long token)."""
    number = decimal(value)
    if not low <= number <= high:
        raise ValueError("out of range")
    return number


class Memo(_MemoBase):
    """A bounded cache of one conversion. Generated code writes ``memo[text]``: a hit is one
    dict lookup with no Python call, a miss converts in ``__missing__`` (whose ValueError
    reaches the caller as the conversion's would). For values that repeat within a file:
    processing times, user agents."""

    __slots__ = ("convert", "limit")

    def __init__(self, convert: Callable[[str], Any], limit: int = CACHE_LIMIT) -> None:
        super().__init__()
        self.convert = convert
        self.limit = limit

    def __missing__(self, key: str) -> Any:
        value = self.convert(key)
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


def _to_utc(value: datetime) -> datetime:
    """A parsed ISO time without ``Z``: no zone means UTC (NLB), another zone is converted.
    ValueError (what every converter's caller catches) when the offset takes it out of the
    years a datetime holds (``0001-01-01T00:00:00+01:00``), where ``astimezone`` raises
    OverflowError."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{value.isoformat()} is out of range in UTC") from None


SMALL_INTS = 1023
"""The integers whose text the generated code of a delimited line looks up (``_sic``) before
calling ``int``: a dict lookup of a short token costs a third of ``int`` (a type call that
parses). Flow logs' version, protocol, packets and many ports and sizes are such numbers:
measured with callgrind on the CloudWatch Logs benchmark's VPC flow log lines (10,393), the
line loop took 23,864 instructions a line without the table, 22,087 with it (1..255: 22,981;
1..4095: 21,563, for four times the memory). Only the canonical text of 1..SMALL_INTS is a
key ("0" is not: it would read as a miss of ``or``), so a hit is what ``int`` gives; filled
when the first such expression is generated (not at import: a cold start that reads no
delimited line does not pay for it)."""
_small_ints: dict[str, int] = {}


NAMESPACE: dict[str, Any] = {
    "_sic": _small_ints,
    "_bad": _bad,
    "_int_in": _int_in,
    "_dec": decimal,
    "_flt": decimal_float,
    "_tsc": _epoch_cache,
    "_ts": epoch_seconds,
    "_clc": _clf_cache,
    "_dtc": _date_time_cache,
    "_url": url_decode,
    "_fiso": datetime.fromisoformat,
    "_UTC": UTC,
    "_to_utc": _to_utc,
    "_bool": boolean,
    **{f"_t_{unit.replace(' ', '_')}": parse for unit, parse in TIMESTAMP_PARSERS.items()},
}
"""Names the expressions below refer to; generated code runs with these as its globals."""


def null_test(field: Field, var: str) -> str:
    nulls = field.nulls
    if not nulls:
        return "False"
    return f"{var} == {nulls[0]!r}" if len(nulls) == 1 else f"{var} in {nulls!r}"


def memo_for(field: Field) -> Memo | None:
    """A fresh memo for one field's conversions, where its values tend to repeat and convert
    slowly: floats (processing times) and percent-decoded text (user agents, referers). Not
    integers: ``int`` on a short ASCII token costs about what a memo hit does, and a miss (a
    random source port) three times that (values.py's direct expression below)."""
    if field.type is FieldType.FLOAT:
        return Memo(decimal_float)
    if field.type in (FieldType.STR, FieldType.IP) and field.encoding == "url":
        return Memo(url_decode, limit=8192)  # long keys: a smaller bound
    return None


def value_expression(field: Field, var: str, strict: bool = True, ascii: bool = False,
                     memos: dict[str, Any] | None = None) -> str:
    """Python source converting the (non-null) wire string in ``var``. ``strict=False`` uses
    ``int`` itself, right only for text without ``+``, ``_`` or non-ASCII digits; ``ascii``
    says the text is ASCII, so a token of digits alone can go to ``int`` directly. With
    ``memos``, conversions that repeat read through a memo of this field's own, added there
    under the name the source uses (the generated code's globals must include them)."""
    memo = memo_for(field) if memos is not None else None
    if memo is not None and memos is not None:
        name = f"_memo{len(memos)}"
        memos[name] = memo
        if field.type in (FieldType.STR, FieldType.IP):
            return f"({name}[{var}] if '%' in {var} else {var})"
        return f"{name}[{var}]"
    kind = field.type
    if kind is FieldType.INT:
        low, high = field.int_range
        short = len(str(high)) - 1
        """Digits a token may have to be below ``high`` whatever they are."""
        small = ""
        if low <= 1 and high >= SMALL_INTS:  # (every value of the table is in range)
            if not _small_ints:
                _small_ints.update((str(n), n) for n in range(1, SMALL_INTS + 1))
            small = f"_sic.get({var}) or "
        if short and low <= 0 and strict and ascii:  # (ASCII digits: what ``int`` takes)
            return (f"({small}(int({var}) if {var}.isdigit() and len({var}) <= {short} else "
                    f"_int_in({var}, {low}, {high})))")
        if short and low <= -10 ** short and not strict:  # (a minus sign and fewer digits)
            return (f"({small}(int({var}) if len({var}) <= {short} else "
                    f"_int_in({var}, {low}, {high})))")
        if strict and ascii:
            number = f"(int({var}) if {var}.isdigit() else _dec({var}))"
        else:
            number = f"{'_dec' if strict else 'int'}({var})"
        return f"(_n if {low} <= (_n := {number}) <= {high} else _bad())"
    if kind is FieldType.FLOAT:
        return f"_flt({var})"
    if kind is FieldType.TIMESTAMP:
        if field.unit == "s":
            return f"(_tsc.get({var}) or _ts({var}))"
        if field.unit == "clf":
            return f"(_clc.get({var}) or _t_clf({var}))"
        if field.unit == "date time":
            return f"(_dtc.get({var}) or _t_date_time({var}))"
        if field.unit in ("iso", "iso_plain") and (ascii or not strict):
            # ASCII text (iso8601's own check), parsed without a Python call
            return f"(_d if (_d := _fiso({var})).tzinfo is _UTC else _to_utc(_d))"
        if field.unit not in TIMESTAMP_PARSERS:
            raise ValueError(f"{field.name}: unknown timestamp unit {field.unit!r}")
        return f"_t_{field.unit}({var})"
    if kind is FieldType.BOOL:
        return f"_bool({var})"
    if field.encoding == "url":
        return f"(_url({var}) if '%' in {var} else {var})"
    return var


def expression(field: Field, var: str, strict: bool = True, ascii: bool = False,
               memos: dict[str, Any] | None = None) -> str:
    """Python source for one field's value: ``None`` for a null marker, else converted."""
    value = value_expression(field, var, strict, ascii, memos)
    test = null_test(field, var)
    return value if test == "False" else f"None if {test} else {value}"
