"""What the generated benchmark pages say about their inputs and routes, against what the
generators and routes really do (small sizes only: nothing here times anything)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _alb_timings(count: int) -> dict[int, set[tuple[bool, bool, bool]]]:
    """Per ALB status without a target: which of the three timings are ``-1``."""
    from bench import gen_http

    seen: dict[int, set[tuple[bool, bool, bool]]] = {}
    for line in gen_http.alb_lines(count):
        fields = line.split(" ")
        status = int(fields[8])
        if status in gen_http.NO_TARGET:
            seen.setdefault(status, set()).add(tuple(f == "-1" for f in fields[5:8]))  # type: ignore[arg-type]
    return seen


def test_http_page_says_which_statuses_have_minus_one_timings() -> None:
    """The HTTP page said 502/503/504/460/463 all have `-1` timings; the generator writes a
    real request processing time for 504. The statuses the text lists with three `-1`
    timings are exactly those the generator writes so."""
    from bench import http_bench

    seen = _alb_timings(20_000)
    all_minus = {s for s, kinds in seen.items() if kinds == {(True, True, True)}}
    assert all_minus and all_minus != set(seen)  # (504 differs, the case this test is about)
    text = " ".join(http_bench.GENERATED.split())
    listed = re.search(r"where ([\d/]+) have target `-`, target status `-` and `-1` timings",
                       text)
    assert listed is not None, text
    assert {int(s) for s in listed.group(1).split("/")} == all_minus
    for status in set(seen) - all_minus:
        assert str(status) in text
