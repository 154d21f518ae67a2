"""Submitting: validate, allocate the ticket, write the record, queue the outbox, in one commit.

The registrar is what the touchscreen calls. A submission carries an id chosen when the
review screen opened, so a double tap or a retry returns the first receipt instead of
making a second record and ticket.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kiosk.citizen.forms import Errors, validate_application, validate_complaint
from kiosk.citizen.steps import Submission
from kiosk.errors import KioskError
from kiosk.event.catalogue import Catalogue
from kiosk.event.clock import Clock, EventClock
from kiosk.event.config import Config
from kiosk.event.workdays import answer_due, pickup_date
from kiosk.queue.tickets import (
    Ticket,
    allocate_ticket,
    estimated_wait_minutes,
    people_ahead,
    ticket_for_record,
)
from kiosk.records.clocklog import record_clock_steps
from kiosk.records.store import Record, Store, parse_utc_iso


class InvalidSubmission(KioskError):
    """The whole-form check refused a submission: `errors` maps field name -> Err."""

    key = "submit.invalid"

    def __init__(self, errors: Errors) -> None:
        self.errors = errors
        super().__init__(fields=", ".join(f"{k} ({e.key})" for k, e in errors.items()))


@dataclass(frozen=True)
class Receipt:
    """What the citizen is told after the commit, and what the slip prints."""

    record: Record
    ticket: Ticket | None
    people_ahead: int
    wait_minutes: int
    local_time: dt.datetime
    pickup_date: dt.date | None = None
    answer_due: dt.date | None = None
    tracking_number: str | None = None


class Registrar:
    def __init__(self, store: Store, config: Config, catalogue: Catalogue, clock: Clock) -> None:
        self.store, self.config, self.catalogue = store, config, catalogue
        self.clock = EventClock.of(clock, config.event.tz)

    def local_now(self) -> dt.datetime:
        return self.clock.local_now()

    def today(self) -> dt.date:
        return self.clock.today()

    # -- the kinds of submission ------------------------------------------------------------
    def submit(self, submission: Submission) -> Receipt:
        """One citizen's submission, by its kind: an application or a complaint is checked
        and queued; an information or referral visit is counted (no personal data, no
        ticket). Raises InvalidSubmission with the errors by field."""
        if submission.kind == "application":
            return self.submit_application(submission.form,
                                           submission_id=submission.submission_id,
                                           language=submission.language)
        if submission.kind == "complaint":
            return self.submit_complaint(submission.form,
                                         submission_id=submission.submission_id,
                                         language=submission.language)
        return self.record_visit(kind=submission.kind, service=submission.service,
                                 submission_id=submission.submission_id,
                                 language=submission.language, reason=submission.reason)

    def submit_application(self, form: dict[str, Any], *, submission_id: str,
                           language: str = "id") -> Receipt:
        payload, errors = validate_application(form, today=self.today(),
                                               catalogue=self.catalogue)
        if errors:
            raise InvalidSubmission(errors)
        assert payload is not None
        payload["language"] = language
        payload["event"] = self.config.event.code
        return self._submit("application", payload, service=payload["service"],
                            priority=payload["priority"], submission_id=submission_id,
                            language=language)

    def submit_complaint(self, form: dict[str, Any], *, submission_id: str,
                         language: str = "id") -> Receipt:
        payload, errors = validate_complaint(form, today=self.today())
        if errors:
            raise InvalidSubmission(errors)
        assert payload is not None
        payload["language"] = language
        payload["event"] = self.config.event.code
        return self._submit("complaint", payload, service="COMPLAINT", priority="",
                            submission_id=submission_id, language=language)

    def record_visit(self, *, kind: str, service: str, submission_id: str,
                     language: str = "id", reason: str = "") -> Receipt:
        """An information or referral visit: counted, no personal data, no queue ticket."""
        if kind not in ("info", "referral"):
            raise ValueError(kind)
        payload = {"service": service, "language": language, "event": self.config.event.code,
                   "reason": reason}
        return self._submit(kind, payload, service=service, priority="",
                            submission_id=submission_id, language=language, queue=False)

    # -- one transaction --------------------------------------------------------------------
    def _submit(self, kind: str, payload: dict[str, Any], *, service: str, priority: str,
                submission_id: str, language: str, queue: bool = True) -> Receipt:
        now = self.clock.now()
        day = self.clock.local(now).date()
        with self.store.transaction():
            record_clock_steps(self.store, self.clock)     # before what it may explain
            existing = self.store.record(submission_id)
            if existing is not None:
                record = existing
                ticket = ticket_for_record(self.store, existing.uuid)
            else:
                # The ticket first (it names the record by the submission id, which becomes
                # the record's uuid): an application carries its code and pick-up date, as
                # the slip prints them, to the office (docs/central.md, pick-up list).
                ticket = None
                if queue:
                    ticket = allocate_ticket(
                        self.store, day=day, service=service,
                        letter=self.catalogue.letter_of(service),
                        kiosk_no=self.config.kiosk.number, kiosks=self.config.event.kiosks,
                        priority=priority, record_uuid=submission_id, now=now,
                        language=language)
                if kind == "application":
                    payload = {**payload, "pickup_date":
                               pickup_date(self.config.event, day).isoformat()}
                    if ticket is not None:
                        payload["ticket_code"] = ticket.code
                record = self.store.append_record(kind, payload, now=now,
                                                  record_uuid=submission_id)
        return self.receipt(record, ticket)

    def receipt(self, record: Record, ticket: Ticket | None) -> Receipt:
        """Rebuild what the citizen was told (also used to reprint a slip)."""
        created = parse_utc_iso(record.created_utc)
        local = self.clock.local(created)
        ahead = wait = 0
        if ticket is not None:
            ahead = people_ahead(self.store, ticket)
            wait = estimated_wait_minutes(
                self.store, ticket, ahead=ahead,
                configured_minutes=self.config.minutes_per_service[ticket.service])
        pickup = due = tracking = None
        if record.kind == "application":   # as the record says (older ones: computed)
            written = record.payload.get("pickup_date")
            pickup = dt.date.fromisoformat(written) if written else \
                pickup_date(self.config.event, local.date())
        if record.kind == "complaint":
            due = answer_due(self.config.event, local.date())
            tracking = tracking_number(record)
        return Receipt(record, ticket, ahead, wait, local, pickup, due, tracking)


def tracking_number(record: Record) -> str:
    """A complaint's tracking number: unique across kiosks (kiosk id) and within one (seq)."""
    return f"ADU-{record.kiosk_id.removeprefix('k').upper()}-{record.seq:05d}"
