"""PIN rules: what "too simple" means, each kind refused with its own translated reason."""

from __future__ import annotations

import re

import pytest

from kiosk.i18n import Translator
from kiosk.officer.pins import (
    COMMON,
    PinError,
    check_pin_rules,
    hash_pin,
    is_pin_hash,
    pin_matches,
    too_simple,
)

REFUSED = {
    "few_digits": ["111111", "000001", "121212", "696969", "10000000", "0101011"],
    "repeats": ["123123", "12341234", "121213", "012121", "147147", "58205820"],
    "sequence": ["123456", "890123", "654321", "109876", "135791", "975319", "112233",
                 "998877", "12345678", "87654321", "11223344", "0246802"],
    "mirror": ["123321", "1234321", "10455401"],
    "date": ["170845", "311299", "290200", "17081945", "19450817", "198507", "071985"],
    "common": sorted(COMMON),
}
ACCEPTED = ["480915", "246801", "730592", "8362057", "58203716", "902184", "381920"]


@pytest.mark.parametrize(("kind", "pin"), [(k, p) for k, pins in REFUSED.items()
                                           for p in pins])
def test_each_kind_of_simple_pin_is_refused_with_its_reason(kind, pin):
    """121212 and 000001 (the issue's examples), runs with wrap, mirrors, dates, commons."""
    with pytest.raises(PinError) as err:
        check_pin_rules(pin)
    assert err.value.key == f"pin.simple.{kind}", pin
    assert err.value.field == "pin"


@pytest.mark.parametrize("pin", ACCEPTED)
def test_pins_with_no_pattern_are_accepted(pin):
    """Digits in no order, no date, three or more different digits: accepted."""
    check_pin_rules(pin)
    assert too_simple(pin) == ""


def test_not_a_valid_calendar_date_is_not_a_date():
    """30 February and month 13 are no dates; 29 February of a leap year is."""
    assert too_simple("300290") == ""          # 30 February never happens
    assert too_simple("011390") == ""          # month 13
    assert too_simple("290296") == "date"      # 29 February 1996


def test_length_and_digits_first():
    """5 or 9 digits, letters, non-ASCII digits: said as such, not as too simple."""
    for pin, key in [("12345", "pin.length"), ("123456789", "pin.length"),
                     ("12a456", "pin.digits"), ("\uff14\uff18\uff10\uff19\uff11\uff15",
                                                "pin.digits")]:
        with pytest.raises(PinError) as err:
            check_pin_rules(pin)
        assert err.value.key == key, pin


def test_a_refused_pin_is_a_small_share_of_all_six_digit_pins():
    """The rules refuse what guessers try first, not half the space: under 6 % of 10**6."""
    refused = sum(1 for n in range(0, 10**6, 7) if too_simple(f"{n:06d}"))
    assert refused / len(range(0, 10**6, 7)) < 0.06


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_reason_is_translated_and_says_why(language):
    """Each pin.simple.* key has a sentence in both languages, with an example PIN."""
    t = Translator(language)
    for kind in REFUSED:
        text = t(f"pin.simple.{kind}")
        assert text != f"pin.simple.{kind}" and re.search(r"\d{6}", text), (kind, text)


def test_stored_hash_matches_only_its_pin():
    """scrypt$N$r$p$salt$hash, salted per PIN; a wrong PIN does not match."""
    stored = hash_pin("480915")
    assert is_pin_hash(stored) and stored.startswith("scrypt$16384$8$1$")
    assert pin_matches("480915", stored) and not pin_matches("480916", stored)
    assert hash_pin("480915") != stored
    assert not is_pin_hash("2468") and not is_pin_hash("scrypt$1$2$3$!!$x")
    with pytest.raises(ValueError):
        pin_matches("2468", "2468")
