"""The PIN lockout rule, one for every PIN the kiosk asks for (an officer's, the kiosk PIN).

Five wrong PINs in a row lock that PIN for five minutes; a right PIN resets the count.
Where the count is kept is the caller's business (an officer's in the database, the kiosk
PIN's in a small file beside it: kiosk/officer/accounts.py, kiosk/officer/kiosk_pin.py);
this module only says what a failure does to it. A clock set back never makes a lock last
longer than five minutes from now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class WrongPin:
    """The PIN was wrong; `tries_left` before the lock."""

    tries_left: int


@dataclass(frozen=True)
class LockedOut:
    """Locked until `until` (UTC); `seconds_left` for the PIN pad's countdown."""

    until: dt.datetime
    seconds_left: int

    @property
    def minutes_left(self) -> int:
        """Whole minutes to say on the pad, rounded up (1 to 5)."""
        return max(1, -(-self.seconds_left // 60))


@dataclass(frozen=True)
class Tries:
    """What is kept between attempts: wrong PINs in a row, and the lock's end (UTC)."""

    failures: int = 0
    locked_until: dt.datetime | None = None


def current_lock(tries: Tries, now: dt.datetime) -> LockedOut | None:
    """The lock in force at `now`, if any (never more than LOCKOUT from now)."""
    until = tries.locked_until
    if until is None or until <= now:
        return None
    until = min(until, now + LOCKOUT)
    return LockedOut(until, max(1, int((until - now).total_seconds() + 0.999)))


def after_failure(tries: Tries, now: dt.datetime) -> tuple[Tries, WrongPin | LockedOut]:
    """One more wrong PIN: what to keep, and what to tell the person. The fifth locks
    (and the count starts again once the lock is over)."""
    failures = tries.failures + 1
    if failures >= MAX_FAILURES:
        until = now + LOCKOUT
        return Tries(0, until), LockedOut(until, int(LOCKOUT.total_seconds()))
    return Tries(failures, None), WrongPin(MAX_FAILURES - failures)
