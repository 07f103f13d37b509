"""The small-number rule: one or two pupils are "fewer than 3"; nought and three or more are shown."""

import pytest

from common.small_numbers import Count


@pytest.mark.parametrize(
    ("value", "text", "drawn"),
    [(0, "0", 0), (1, "fewer than 3", None), (2, "fewer than 3", None), (3, "3", 3), (40, "40", 40)],
)
def test_one_or_two_are_never_shown_as_themselves(value, text, drawn):
    count = Count(value)

    assert count.text == text == str(count)
    assert count.drawn == drawn
    assert count.suppressed is (drawn is None)
