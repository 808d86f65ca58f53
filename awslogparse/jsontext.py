"""Decoded JSON values as compact text: how Arrow holds open JSON (one string type for every
shape), how a text field holds a non-string value, and the raw text of what did not convert.
Kept apart from :mod:`awslogparse.arrow` so that converters and readers use it without
importing pyarrow."""

from __future__ import annotations

import binascii
import functools
import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime

from awslogparse.patterns import lazy

# Not ``from typing import TYPE_CHECKING``: a cold start pays for importing typing (see
# awslogparse/model.py). Type checkers treat the name the same.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any


def json_text(value: Any) -> str:
    """Compact JSON text of a decoded value (how open JSON is held in Arrow), for any depth; a
    record's typed values inside it as :func:`record_value` writes them (times in ISO 8601 with
    ``Z``). Written by orjson where it is installed (the ``fast`` extra; 5-10x the standard
    library's encoder on CloudTrail's parameters), else by the standard library: the same
    values, but a negative exponent is spelt ``1.5e-7`` by one and ``1.5e-07`` by the other,
    and the non-JSON ``NaN`` / ``Infinity`` that the standard library's decoder lets through
    become ``null``."""
    fast = _fast_encoder()
    if fast is not None:
        dumps, option = fast
        try:
            return dumps(value, default=record_value, option=option).decode()
        except TypeError:  # (orjson's JSONEncodeError) an int over 64 bits, depth over 254
            pass
    return _standard_json_text(value)


def _standard_json_text(value: Any) -> str:
    """:func:`json_text` by the standard library's encoder."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"),
                          default=record_value)
    except RecursionError:  # nested deeper than the encoder's stack allows: no recursion
        return _deep_json_text(value)


@functools.cache
def _fast_encoder() -> tuple[Callable[..., bytes], int] | None:
    """orjson's encoder and options (imported on first use, not with the package), or None.
    Datetimes and dataclasses pass through to ``default`` (:func:`record_value`: times in ISO
    8601 with ``Z``), as with the standard library."""
    try:
        import orjson
    except ImportError:
        return None
    return orjson.dumps, orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def record_value(value: Any) -> Any:
    """``json.dumps``'s ``default`` for records: datetimes as ISO 8601 (UTC written ``Z``),
    dates as ISO dates, bytes decoded, anything else as its text."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    return str(value)


def raw_text(value: Any, limit: int | None = None) -> str:
    """What an error quotes of a value: text as it is, bytes decoded, anything else as its
    compact JSON text (``repr`` for what JSON cannot write); at most ``limit`` characters.
    Written by the standard library's encoder: a first bad value in a fresh interpreter must
    not import orjson (tens of milliseconds of a cold start) to quote itself."""
    if isinstance(value, str):
        text = value
    elif isinstance(value, (bytes, bytearray, memoryview)):
        text = bytes(value[:limit] if limit else value).decode("utf-8", "replace")
    else:
        try:
            text = _standard_json_text(value)
        except ValueError:  # a circular structure: not a decoded JSON value
            text = repr(value)
    return text[:limit] if limit else text


def _deep_json_text(value: Any) -> str:
    """``json.dumps`` (compact) with an explicit stack, for values of any depth."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Literal):
            out.append(item.text)
        elif isinstance(item, dict):
            parts: list[Any] = [_Literal("{")]
            for i, (key, inner) in enumerate(item.items()):
                prefix = "," if i else ""
                parts += [_Literal(prefix + json.dumps(str(key), ensure_ascii=False) + ":"),
                          inner]
            parts.append(_Literal("}"))
            stack.extend(reversed(parts))
        elif isinstance(item, list):
            parts = [_Literal("[")]
            for i, inner in enumerate(item):
                if i:
                    parts.append(_Literal(","))
                parts.append(inner)
            parts.append(_Literal("]"))
            stack.extend(reversed(parts))
        else:
            out.append(json.dumps(item, ensure_ascii=False, default=record_value))
    return "".join(out)


class _Literal:
    """Text already in JSON form, on :func:`_deep_json_text`'s stack."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


# ---- lone surrogates: ``"\ud800"`` is valid JSON, but decodes to no Unicode character

SURROGATE_ESCAPE = lazy(r"\\u[dD][89a-fA-F]")
"""A JSON escape that may decode to a lone surrogate (or half of a pair, which is fine)."""
_SURROGATE = lazy("[\ud800-\udfff]")


def may_hold_surrogates(text: str) -> bool:
    """Whether decoding the JSON ``text`` may give a lone surrogate: an escape of one in it,
    or one itself (``isascii`` answers most text in C, without a search)."""
    return SURROGATE_ESCAPE.search(text) is not None or (
        not text.isascii() and _SURROGATE.search(text) is not None)


def _surrogate_in(text: str) -> str | None:
    if text.isascii():
        return None
    found = _SURROGATE.search(text)
    return None if found is None else found.group()


def lone_surrogate(value: Any, path: str = "") -> str | None:
    """Why a decoded JSON value is no Unicode text, or None: the first string or key (in
    document order) holding a lone surrogate, which JSON's ``\\uXXXX`` escapes can write
    (``"\\ud800"``) but UTF-8, and so Arrow and every writer of records, cannot hold. The
    reason names it by its path (``requestParameters.items[1]``), escaped. Callers ask only
    about values whose text :func:`may_hold_surrogates`: the walk is not free."""
    stack: list[tuple[str, Any]] = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            found = _surrogate_in(item)
        elif isinstance(item, dict):
            found = None
            for key in item:
                if isinstance(key, str) and (found := _surrogate_in(key)) is not None:
                    where = f"{where}.{key} (a key)" if where else f"{key} (a key)"
                    break
            else:
                stack += [(f"{where}.{key}" if where else str(key), inner)
                          for key, inner in reversed(item.items())]
        elif isinstance(item, list):
            found = None
            stack += [(f"{where}[{i}]", inner) for i, inner in reversed(list(enumerate(item)))]
        else:
            continue
        if found is not None:
            reason = (f"{where or 'the value'}: \\u{ord(found):04x} is a lone surrogate, no "
                      "Unicode character (UTF-8 and Arrow cannot hold it)")
            return escaped(reason)
    return None


def escaped(text: str) -> str:
    """``text`` with any lone surrogate written as its ``\\uXXXX`` escape: UTF-8 text (what an
    error's reason and raw text must be, as errors are written out)."""
    if text.isascii():
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


_base64_decoder: list[Any] = []
"""msgspec's decoder of a JSON string into bytes (base64), made when first used."""


def strict_base64(text: str) -> bytes:
    """``binascii.a2b_base64(text, strict_mode=True)``: the bytes, or the same error. Where
    msgspec is loaded already (a warm function's framing imported it), it decodes ``text`` as a
    JSON string of base64 into bytes, at twice binascii's speed (a Lambda payload of VPC flow
    log lines: 1,850 instructions an event with binascii); anything it refuses, and any text
    holding a quote or a backslash (an escape would change what it reads), goes to binascii,
    which gives the value or says why not. msgspec accepts no text that binascii's strict mode
    refuses, and decodes what it accepts to the same bytes (tests/test_cloudwatch.py checks
    both on generated text); it refuses some text binascii takes (``AAAQ=``), which binascii
    then reads."""
    if "msgspec" in sys.modules and '"' not in text and "\\" not in text:
        if not _base64_decoder:
            _base64_decoder.append(sys.modules["msgspec"].json.Decoder(bytes))
        try:
            value: bytes = _base64_decoder[0].decode(f'"{text}"'.encode())
            return value
        except Exception:  # (msgspec's DecodeError; a lone surrogate's UnicodeEncodeError)
            pass
    return binascii.a2b_base64(text, strict_mode=True)
