"""How an ``_extra`` entry writes a record's value, for tests to predict Arrow's ``_extra``
from the dict records (written apart from the library's own function, so that each checks the
other): text as it is; objects, arrays and booleans as JSON writes them; times in ISO 8601 with
``Z``; numbers as Python writes them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any


def extra_view(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)
