"""Generated-source helpers (awslogparse/codegen.py) against what Python itself does."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awslogparse.codegen import DISPLAY_ITEMS, dict_statements


@given(st.lists(st.tuples(st.sampled_from(["a", "b", "time", "x y", "it's", "é", "_line"])
                          | st.text(max_size=3), st.integers()),
                max_size=3 * DISPLAY_ITEMS))
def test_dict_statements_build_what_a_display_builds(items: list[tuple[str, int]]) -> None:
    """Same keys, values and order as one dict display of the items, repeated keys included
    (the last value wins, in the first one's place)."""
    display = "{" + ", ".join(f"{k!r}: {v!r}" for k, v in items) + "}"
    namespace: dict[str, object] = {}
    exec("\n".join(dict_statements("record", [(k, repr(v)) for k, v in items])), namespace)
    built = namespace["record"]
    expected = eval(display)
    assert built == expected
    assert list(built) == list(expected)  # type: ignore[call-overload]


def test_dict_statements_evaluate_values_in_order() -> None:
    """A value that fails stops the record where a display would stop it: the values before it
    were evaluated, the ones after it were not."""
    seen: list[int] = []

    def value(i: int) -> int:
        seen.append(i)
        if i == DISPLAY_ITEMS + 2:
            raise ValueError(i)
        return i

    count = 2 * DISPLAY_ITEMS
    source = "\n".join(dict_statements("record", [(f"k{i}", f"value({i})")
                                                  for i in range(count)]))
    with pytest.raises(ValueError):
        exec(source, {"value": value})
    assert seen == list(range(DISPLAY_ITEMS + 3))
