"""awslogparse.testing as a user's own property tests use it: every strategy builds the same way
under Hypothesis's default settings (no health check a user must suppress, no randomness that
Hypothesis does not control).

Hypothesis's too_slow health check is about time, which tests here do not assert; what makes a
strategy slow is checked instead (a strategy built anew on every draw is validated anew: the
JSON records' builders were, and ``json_files("cloudtrail")`` failed too_slow under default
settings)."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import awslogparse.testing as testing
from awslogparse.testing import (
    _common,
    access_preset,
    access_records,
    delimited,
    delimited_records,
    gateway,
    json_formats,
    json_objects,
    json_records,
    jsonrec,
    service_units,
    services,
    unknown_keys,
    wire_styles,
)


def test_the_json_builders_drawn_per_record_are_built_once() -> None:
    assert json_objects() is json_objects()
    assert wire_styles() is wire_styles()
    assert jsonrec._unknown_values() is jsonrec._unknown_values()
    assert jsonrec._texts(6) is jsonrec._texts(6)
    for unit in ("s", "ms", "iso"):
        assert jsonrec._timestamps(unit) is jsonrec._timestamps(unit)
    for fmt in json_formats():
        assert unknown_keys(fmt) is unknown_keys(fmt)


_common_rarely = _common.rarely

_OUTSIDE_HYPOTHESIS = {
    ("import", "random"): "the random module",
    ("import", "secrets"): "the secrets module",
    ("attr", "time.time"): "time.time()",
    ("attr", "datetime.now"): "datetime.now()",
    ("attr", "datetime.today"): "datetime.today()",
    ("attr", "date.today"): "date.today()",
    ("attr", "uuid.uuid4"): "uuid4()",
    ("attr", "os.urandom"): "os.urandom()",
}


def _uses(tree: ast.AST) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [("import", a.name.split(".")[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(("import", node.module.split(".")[0]))
            found += [("attr", f"{node.module.split('.')[-1]}.{a.name}") for a in node.names]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            found.append(("attr", f"{node.value.id}.{node.attr}"))
    return found


def test_no_strategy_takes_randomness_or_time_from_outside_hypothesis() -> None:
    """Hypothesis replays, shrinks and stores an example only when every choice is one of its
    draws: flowlog_parquet_files seeded a random.Random for its mixed ``-`` cells, whose choices
    never shrank. (The local S3 server module, which draws nothing, is not a strategy.)"""
    package = Path(testing.__file__).parent
    offenders = []
    for path in sorted(package.glob("*.py")):
        if path.name == "s3server.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.name}: {_OUTSIDE_HYPOTHESIS[use]}" for use in _uses(tree)
                      if use in _OUTSIDE_HYPOTHESIS]
    assert offenders == []


def _draw_some(strategy: st.SearchStrategy[object]) -> None:
    @settings(max_examples=5, database=None, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def draw(_: object) -> None:
        pass

    draw()


@pytest.mark.parametrize("make", [
    lambda: delimited_records("cloudfront_realtime"),
    lambda: json_records("cloudtrail"),
    lambda: access_records(access_preset("json")),
    lambda: service_units("eks"),
], ids=["delimited", "json", "access", "service"])
def test_record_draws_build_no_strategy_per_field(
        make: Callable[[], st.SearchStrategy[object]], monkeypatch: pytest.MonkeyPatch) -> None:
    """A record's per-field choices (null or not, ...) come from strategies built once:
    delimited_records built a ``rarely`` coin for every column of every record, which made
    delimited_files('cloudfront_realtime') about twice as slow to draw and failed the too_slow
    health check under load."""
    strategy = make()
    _draw_some(strategy)  # builds what is built once (the same examples again below)
    built: list[object] = []

    def counting(common: st.SearchStrategy[object], rare: st.SearchStrategy[object],
                 one_in: int = 10) -> st.SearchStrategy[object]:
        built.append((common, rare))
        return _common_rarely(common, rare, one_in)

    for module in (_common, delimited, gateway, jsonrec, services):
        monkeypatch.setattr(module, "rarely", counting)
    _draw_some(strategy)
    assert built == []
