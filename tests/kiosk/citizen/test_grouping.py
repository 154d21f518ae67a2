"""Numbers shown grouped as printed on cards: both directions, and the cursor's place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.citizen import validation as v
from kiosk.citizen.grouping import grouped, raw_index, shown_index, ungrouped


@pytest.mark.parametrize(("grouping", "raw", "shown"), [
    ("nik", "7571014512900003", "7571 0145 1290 0003"),
    ("nik", "75710", "7571 0"),
    ("nik", "7571", "7571"),                       # no separator until the next digit
    ("nik", "", ""),
    ("phone", "081234567890", "0812-3456-7890"),
    ("phone", "08123456789", "0812-3456-789"),
    ("phone", "0812345678901", "0812-3456-78901"),
    ("phone", "08125", "0812-5"),
    ("phone", "6281234567890", "6281234567890"),   # only the 08… form is grouped
    ("phone", "+62 812", "+62 812"),               # what is not digits shows as typed
    ("", "7571014512900003", "7571014512900003"),
])
def test_numbers_are_grouped_as_printed(grouping, raw, shown):
    """An NIK in fours, a phone number 0812-3456-7890; anything else as typed."""
    assert grouped(grouping, raw) == shown
    assert ungrouped(grouping, shown) == raw


@given(st.sampled_from(["nik", "phone"]), st.text(alphabet="0123456789", max_size=20))
def test_grouping_is_display_only(grouping, digits):
    """Shown and read back, the digits are what was typed, and they check the same."""
    shown = grouped(grouping, digits)
    assert ungrouped(grouping, shown) == digits
    check = v.nik if grouping == "nik" else v.phone
    assert check(shown) == check(digits)


@given(st.sampled_from(["nik", "phone"]), st.text(alphabet="0123456789", max_size=20),
       st.data())
def test_the_cursor_keeps_its_place_among_the_digits(grouping, digits, data):
    """After n typed digits in the raw value is after n digits on screen, and back."""
    n = data.draw(st.integers(0, len(digits)))
    shown = grouped(grouping, digits)
    position = shown_index(grouping, shown, n)
    assert raw_index(grouping, shown, position) == n
    assert shown[:position].replace(" ", "").replace("-", "") == digits[:n]
    assert not shown[:position].endswith((" ", "-")) or n == 0
