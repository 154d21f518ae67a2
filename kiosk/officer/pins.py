"""PINs: how they are stored (a slow salted hash, never the digits) and which are refused.

Stored as ``scrypt$N$r$p$salt$hash`` (salt 16 random bytes per PIN, N=2**14, r=8, p=1,
32-byte key; standard base64), for officers' PINs and the kiosk PIN alike.

A PIN is 6 to 8 ASCII digits and not "too simple". Too simple means one of the kinds of
PIN that people choose most and guessers try first (Markert et al., "This PIN Can Be
Easily Guessed", IEEE S&P 2020, which also recovered the 6-digit blocklist of iOS; Wang
et al., "Understanding Human-Chosen PINs", ASIA CCS 2017), each refused with its own
message key so the person is told why:

- ``pin.simple.few_digits``: one or two different digits (111111, 000001, 696969);
- ``pin.simple.repeats``: a group of digits repeated, also with one digit added before or
  after it (123123, 121212, 12341234, 121213, 012121);
- ``pin.simple.sequence``: every step the same, counting on through 9 to 0 (123456,
  890123, 654321, 135791, 975319), also with each digit doubled (112233, 998877);
- ``pin.simple.mirror``: the same read backwards (123321, 1234321);
- ``pin.simple.date``: a calendar date day-month-year as Indonesians write it (170845 is
  17-08-45; 8 digits: 17081945, and 19450817 year first), or a year 1900-2099 with a month
  (198507, 071985);
- ``pin.simple.common``: the most chosen 6-digit PINs that the rules above miss (lines on
  the keypad, like 159753 and 147258): COMMON below.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets

from kiosk.errors import KioskError

SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN, SALT_BYTES = 2**14, 8, 1, 32, 16
PIN_MIN, PIN_MAX = 6, 8

# Of the 29 most chosen 6-digit PINs in Markert et al.'s data-driven blocklist (DD-6-digit-29,
# this-pin-can-be-easily-guessed.github.io), those no rule above catches; and the two of
# Wang et al.'s most common 6-digit PINs (Yahoo and Chinese leaks) that none catches either
# (their 030379 is a date).
COMMON = frozenset({
    "789456", "123654", "246810", "159753", "159357", "147258", "147852",   # Markert et al.
    "101471", "520131",                                                     # Wang et al.
})


class OfficerError(KioskError):
    """A refused officer change (pin.simple.repeats, officer.name_taken, ...) for the screen
    or the command line; `field` names the field it is about ("name", "pin", "current",
    "kiosk_pin"; "" for none) so a form can say it next to that field."""

    def __init__(self, key: str | None = None, *, field: str = "", **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


class PinError(OfficerError):
    """A PIN refused by the rules: ``pin.digits``, ``pin.length`` or ``pin.simple.*``."""


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """The stored form of `pin`: ``scrypt$16384$8$1$<salt b64>$<hash b64>`` (about 70 ms)."""
    salt = salt if salt is not None else secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            dklen=SCRYPT_LEN, maxmem=64 * 2**20)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def is_pin_hash(stored: str) -> bool:
    """Whether `stored` has the shape hash_pin writes (six fields, numbers, base64)."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt" or not all(p.isdigit() for p in parts[1:4]):
        return False
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except ValueError:
        return False
    return len(salt) >= 8 and len(digest) >= 16


def pin_matches(pin: str, stored: str) -> bool:
    """Check a PIN against a stored hash, with the parameters stored beside it (constant
    time). Raises ValueError for a stored value that is not such a hash."""
    if not is_pin_hash(stored):
        raise ValueError("not a PIN hash")
    _scheme, n, r, p, salt_b64, hash_b64 = stored.split("$")
    expected = base64.b64decode(hash_b64)
    digest = hashlib.scrypt(pin.encode("utf-8"), salt=base64.b64decode(salt_b64), n=int(n),
                            r=int(r), p=int(p), dklen=len(expected), maxmem=64 * 2**20)
    return hmac.compare_digest(digest, expected)


def check_pin_rules(pin: str, *, field: str = "pin") -> None:
    """Raise PinError (about `field`) unless `pin` is 6 to 8 ASCII digits and not too
    simple (see the module's docstring for each kind and its message key)."""
    if not pin.isascii() or not pin.isdigit():
        raise PinError("pin.digits", field=field)
    if not PIN_MIN <= len(pin) <= PIN_MAX:
        raise PinError("pin.length", field=field, min=PIN_MIN, max=PIN_MAX)
    kind = too_simple(pin)
    if kind:
        raise PinError(f"pin.simple.{kind}", field=field)


def too_simple(pin: str) -> str:
    """Which kind of too-simple PIN `pin` (digits) is: few_digits, repeats, sequence,
    mirror, date, common; "" when none."""
    if len(set(pin)) <= 2:
        return "few_digits"
    if any(_periodic(part) for part in (pin, pin[:-1], pin[1:])):
        return "repeats"
    if _steady(pin) or (len(pin) % 2 == 0 and pin[::2] == pin[1::2] and _steady(pin[::2])):
        return "sequence"
    if pin == pin[::-1]:
        return "mirror"
    if _date_like(pin):
        return "date"
    if pin in COMMON:
        return "common"
    return ""


def _periodic(digits: str) -> bool:
    """A group of at most half the length, repeated (the last repeat may be cut short)."""
    return any(all(digits[i] == digits[i + p] for i in range(len(digits) - p))
               for p in range(1, len(digits) // 2 + 1))


def _steady(digits: str) -> bool:
    """Every step the same, counting modulo 10 (9 goes on to 0)."""
    return len({(int(b) - int(a)) % 10 for a, b in zip(digits, digits[1:], strict=False)}) == 1


def _date_like(pin: str) -> bool:
    if len(pin) == 6:
        day, month, yy = int(pin[:2]), int(pin[2:4]), int(pin[4:])
        if any(_is_date(century + yy, month, day) for century in (1900, 2000)):
            return True
        return _year_and_month(pin[:4], pin[4:]) or _year_and_month(pin[2:], pin[:2])
    if len(pin) == 8:
        return (_is_date(int(pin[4:]), int(pin[2:4]), int(pin[:2]), full_year=True)
                or _is_date(int(pin[:4]), int(pin[4:6]), int(pin[6:]), full_year=True))
    return False


def _year_and_month(year: str, month: str) -> bool:
    return 1900 <= int(year) <= 2099 and 1 <= int(month) <= 12


def _is_date(year: int, month: int, day: int, *, full_year: bool = False) -> bool:
    if full_year and not 1900 <= year <= 2099:
        return False
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
