"""awslogparse.testing as a user's own property tests use it: every strategy builds the same way
under Hypothesis's default settings (no health check a user must suppress, no randomness that
Hypothesis does not control).

Hypothesis's too_slow health check is about time, which tests here do not assert; what makes a
strategy slow is checked instead (a strategy built anew on every draw is validated anew: the
JSON records' builders were, and ``json_files("cloudtrail")`` failed too_slow under default
settings)."""

from __future__ import annotations

from awslogparse.testing import json_formats, json_objects, jsonrec, unknown_keys, wire_styles


def test_the_json_builders_drawn_per_record_are_built_once() -> None:
    assert json_objects() is json_objects()
    assert wire_styles() is wire_styles()
    assert jsonrec._unknown_values() is jsonrec._unknown_values()
    assert jsonrec._texts(6) is jsonrec._texts(6)
    for unit in ("s", "ms", "iso"):
        assert jsonrec._timestamps(unit) is jsonrec._timestamps(unit)
    for fmt in json_formats():
        assert unknown_keys(fmt) is unknown_keys(fmt)
