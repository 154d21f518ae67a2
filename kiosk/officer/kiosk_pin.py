"""The kiosk PIN (``kiosk.exit_pin`` in kiosk.toml) and who may close the kiosk.

The officer PIN pad works in one of two modes (docs/officer-side.md):

- OFFICER, once officers exist: an officer's PIN signs in (kiosk.officer.accounts, with
  its lockout); closing the kiosk is then an officer action (Close the kiosk, confirmed).
  The kiosk PIN does nothing here.
- KIOSK, before the first officer exists, or when the officer list cannot be read
  because the database is broken: the kiosk PIN from the set-up sheet closes the kiosk
  (when closing was asked) or opens first-run set-up. A full-screen kiosk thus never
  locks everyone in.

Wrong kiosk PINs are not counted by the officer lockout (that counts officers' PINs).
"""

from __future__ import annotations

import hmac
import sqlite3
from enum import StrEnum


class EntryMode(StrEnum):
    """Which PIN the pad asks for."""

    OFFICER = "officer"
    KIOSK = "kiosk"


def entry_mode(*, setup_needed: bool) -> EntryMode:
    """KIOSK before the first officer exists (Officers.setup_needed()), else OFFICER."""
    return EntryMode.KIOSK if setup_needed else EntryMode.OFFICER


def officer_list_broken(error: BaseException) -> bool:
    """The officer list could not be read and trying again will not cure it: a database
    error other than "locked" or "busy" (a broken or unopenable file). Then the pad falls
    back to KIOSK mode, for closing only; anything passing is shown and tried again."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    text = str(error).lower()
    return "locked" not in text and "busy" not in text


def may_close_kiosk(pin: str, *, mode: EntryMode | str, exit_pin: str) -> bool:
    """May `pin`, typed on the pad in `mode`, close the kiosk with no officer signed in?

    Only the kiosk PIN `exit_pin`, and only in KIOSK mode; the same answer admits to
    first-run set-up when closing was not asked. Compared in constant time, as bytes (a
    pasted non-ASCII digit is simply wrong). In OFFICER mode always False: an officer
    signs in and closes the kiosk from the panel.
    """
    if EntryMode(mode) != EntryMode.KIOSK or not pin or not exit_pin:
        return False
    return hmac.compare_digest(pin.encode("utf-8"), exit_pin.encode("utf-8"))
