"""Cek pengaduan over the store: a tracking number and the last four phone digits -> what
the kiosk may say about that complaint (a ComplaintStatus).

What the office said last (kiosk/records/answers.py, from the sync feed) wins; before the
first word from the office the kiosk answers from its own record (filed here; still in the
outbox or already at the office). Who may see what (issue 13; SP4N-LAPOR! keeps an
anonymous report's progress visible to anyone holding its number, nothing more):

- anonymous: the status only, to whoever has the number;
- identified or confidential: the status and dates once the last four digits of the mobile
  number given with it match (checked against the office's `contact_check` hash, or the
  kiosk's own record); with no digits typed, the kiosk asks for them.

Five wrong digit tries on one tracking number lock it for five minutes (the rule of
kiosk/officer/lockout.py), so ten thousand guesses cannot be typed at a booth. The tries
are kept in memory: a restart clears them, as walking away does not.

It lives beside the officer's slip check, which shows the same answer, and shares the
PIN lockout rule with it; the citizen's screen reaches it through the booth.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from kiosk.citizen.complaint_check import ComplaintQuery, ComplaintStatus
from kiosk.citizen.registrar import tracking_number
from kiosk.citizen.schema import ANONYMOUS
from kiosk.officer.lockout import LockedOut, Tries, after_failure, current_lock
from kiosk.records.answers import ComplaintAnswer, answer_for, contact_check, digits_match
from kiosk.records.record import Record
from kiosk.records.store import Store, parse_utc_iso


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ComplaintLookup:
    """Answers checks for one kiosk. `store_for()` gives the calling thread's store (the
    lookup runs on a worker); `tz`: the event's time zone, for the dates shown."""

    def __init__(self, store_for: Callable[[], Store], tz: dt.tzinfo, *,
                 clock: Callable[[], dt.datetime] = _utc_now) -> None:
        self._store_for, self._tz, self._clock = store_for, tz, clock
        self._tries: dict[str, Tries] = {}
        self._lock = threading.Lock()

    def check(self, query: ComplaintQuery) -> ComplaintStatus:
        """The answer for one typed check (tracking number already in its printed form)."""
        number, last4 = query.tracking_number, query.last4
        now = self._clock()
        with self._lock:
            lock = current_lock(self._tries.get(number, Tries()), now)
        if lock is not None:
            return ComplaintStatus("locked", number, minutes=lock.minutes_left)
        store = self._store_for()
        answer = answer_for(store, number)
        record = _local_record(store, number)
        if answer is None and record is None:
            return ComplaintStatus("not_found", number)
        identity, check = _identity_and_check(answer, record, number)
        status = answer.status if answer else _local_status(store, record)
        if identity == ANONYMOUS or check is None:
            return ComplaintStatus("status_only", number, status=status)
        if not last4:
            return ComplaintStatus("need_digits", number)
        if not digits_match(check, number, last4):
            with self._lock:
                tries, said = after_failure(self._tries.get(number, Tries()), now)
                self._tries[number] = tries
            if isinstance(said, LockedOut):
                return ComplaintStatus("locked", number, minutes=said.minutes_left)
            return ComplaintStatus("wrong_digits", number, tries_left=said.tries_left)
        with self._lock:
            self._tries.pop(number, None)
        return _found(self._tz, number, status, answer, record)


def status_on_slip(store: Store, tz: dt.tzinfo, record: Record) -> ComplaintStatus:
    """What the officer's slip check shows for a complaint record of this kiosk: the same as
    the citizen sees, the slip's verified signature standing for the phone digits (an
    anonymous complaint: its status only)."""
    number = tracking_number(record)
    answer = answer_for(store, number)
    identity, _check = _identity_and_check(answer, record, number)
    status = answer.status if answer else _local_status(store, record)
    if identity == ANONYMOUS:
        return ComplaintStatus("status_only", number, status=status)
    return _found(tz, number, status, answer, record)


def _found(tz: dt.tzinfo, number: str, status: str, answer: ComplaintAnswer | None,
           record: Record | None) -> ComplaintStatus:
    def day(utc: str | None) -> dt.date | None:
        return parse_utc_iso(utc).astimezone(tz).date() if utc else None

    filed = day(record.created_utc) if record else day(answer and answer.received_utc)
    if answer is None:
        return ComplaintStatus("found", number, status=status, filed=filed)
    due = dt.date.fromisoformat(answer.due_date) if answer.due_date else None
    return ComplaintStatus("found", number, status=status, filed=filed, due=due,
                           answered=day(answer.answered_utc), closed=day(answer.closed_utc))


def _local_record(store: Store, number: str) -> Record | None:
    """This kiosk's complaint with that tracking number (ADU-<kiosk>-<seq>), or None."""
    parts = number.split("-")
    if len(parts) != 3 or parts[1] != store.kiosk_id.removeprefix("k").upper():
        return None
    found = store.records(kind="complaint", since_seq=int(parts[2]) - 1,
                          until_seq=int(parts[2]))
    return found[0] if found else None


def _identity_and_check(answer: ComplaintAnswer | None, record: Record | None,
                        number: str) -> tuple[str, str | None]:
    """(identity mode, contact check hash or None). The office's word first; the kiosk's
    record when the office has not said (a record whose phone retention removed gives
    no check, so only the status is shown)."""
    payload = record.payload if record else {}
    identity = (answer.identity if answer and answer.identity else None) \
        or payload.get("identity") or ANONYMOUS
    check = answer.contact_check if answer else None
    if check is None and payload.get("phone"):
        check = contact_check(number, payload["phone"])
    return identity, check


def _local_status(store: Store, record: Record) -> str:
    """Before the office's first word: still queued here, or already at the office."""
    queued = store.conn.execute("SELECT 1 FROM outbox WHERE seq = ?",
                                (record.seq,)).fetchone()
    return "not_sent" if queued else "received"
