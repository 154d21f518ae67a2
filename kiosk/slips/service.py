"""The printing service the touchscreen calls after a commit, and reprints for officers.

Contract: `SlipService.print_receipt(store, receipt, language=...)` renders the slip for
the configured back end and prints it within `printer.timeout_seconds`. It never raises
for printer trouble: it returns PrintOutcome(ok=False, reason=...) and appends a
`print_failure` record (record uuid, ticket code, back end, reason: no personal data); the
ticket stays valid (the citizen sees the code on screen; an officer reprints).
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.citizen.registrar import Receipt, Registrar
from kiosk.errors import KioskError
from kiosk.event.catalogue import Catalogue
from kiosk.event.clock import Clock, EventClock
from kiosk.event.config import Config
from kiosk.i18n import LANGUAGES, Translator
from kiosk.paths import DataDir
from kiosk.queue.tickets import find_ticket, ticket_for_record
from kiosk.records.audit import write_audited
from kiosk.records.store import Store
from kiosk.slips.backends import Backend, make_backend, run_with_timeout
from kiosk.slips.content import Slip, build_slip, service_kind
from kiosk.slips.pdf import render_pdf
from kiosk.slips.token import make_token

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    reason: str = ""
    path: Path | None = None


class SlipNotFound(KioskError, LookupError):
    """No ticket or record matches what the officer asked to reprint (slip.no_ticket,
    slip.ticket_without_record, slip.no_record)."""


class SlipService:
    """Builds, signs and prints slips.

    signing_key: returns this kiosk's key (kiosk.booth.Booth.signing_key); receipts: a
    Registrar over a given store, which rebuilds what a citizen was told for a reprint.
    `backend` and `timeout_seconds` override the config (tests, and the officer's "print
    as PDF" choice). Built by kiosk.booth.Booth.
    """

    def __init__(self, *, config: Config, catalogue: Catalogue, data: DataDir, clock: Clock,
                 signing_key: Callable[[], Ed25519PrivateKey],
                 receipts: Callable[[Store], Registrar], backend: Backend | None = None,
                 timeout_seconds: float | None = None) -> None:
        self.config, self.catalogue, self.data = config, catalogue, data
        self.clock = EventClock.of(clock, config.event.tz)
        self.signing_key, self.receipts = signing_key, receipts
        self._backend = backend
        self.timeout = (float(timeout_seconds) if timeout_seconds is not None
                        else float(config.printer.timeout_seconds))

    # -- building -------------------------------------------------------------------------
    @property
    def backend(self) -> Backend:
        if self._backend is None:
            self._backend = make_backend(self.config, self.data)
        return self._backend

    def token_for(self, receipt: Receipt) -> str:
        return make_token(self.signing_key(), kiosk_id=receipt.record.kiosk_id,
                          record_uuid=receipt.record.uuid, day=receipt.local_time.date(),
                          kind=receipt.record.kind, service=service_kind(receipt),
                          ticket=receipt.ticket.code if receipt.ticket else None)

    def slip_for(self, receipt: Receipt, *, language: str,
                 reprinted_at: dt.datetime | None = None) -> Slip:
        if language not in LANGUAGES:
            language = self.config.kiosk.language
        return build_slip(receipt, config=self.config, catalogue=self.catalogue,
                          t=Translator(language), token=self.token_for(receipt),
                          reprinted_at=reprinted_at)

    def render_pdf(self, receipt: Receipt, *, language: str,
                   reprinted_at: dt.datetime | None = None) -> bytes:
        slip = self.slip_for(receipt, language=language, reprinted_at=reprinted_at)
        return render_pdf(slip, paper_mm=self.config.printer.paper_mm,
                          title=slip_basename(receipt))

    # -- printing -------------------------------------------------------------------------
    def print_receipt(self, store: Store, receipt: Receipt, *, language: str,
                      reprint: bool = False, via: str = "kiosk") -> PrintOutcome:
        """Print within the time limit; on any trouble record it and return ok=False."""
        backend = self.backend
        if reprint:     # audited before the paper comes out (DatabaseBusy: nothing printed)
            self.record_reprint(store, receipt, via=via)
        try:
            slip = self.slip_for(receipt, language=language,
                                 reprinted_at=self._local_now() if reprint else None)
            name = slip_basename(receipt, reprint=reprint)
            path = run_with_timeout(lambda: backend.print_slip(slip, basename=name),
                                    self.timeout)
        except KioskError as exc:     # a printer failure, a missing signing key: ours to word
            return self._failed(store, receipt, backend.name, str(exc))
        except Exception as exc:  # noqa: BLE001 - a slip problem must not lose the ticket
            return self._failed(store, receipt, backend.name, unexpected(exc))
        return PrintOutcome(True, "", path)

    def _failed(self, store: Store, receipt: Receipt, backend: str,
                reason: str) -> PrintOutcome:
        code = receipt.ticket.code if receipt.ticket else None
        log.warning("slip not printed: record %s ticket %s back end %s: %s",
                    receipt.record.uuid, code, backend, reason)
        payload = {"record": receipt.record.uuid, "ticket": code, "backend": backend,
                   "reason": reason}
        try:
            with store.transaction():
                store.append_record("print_failure", payload, now=self.clock.now())
        except sqlite3.Error as exc:
            reason += f" (and the failure could not be recorded: {exc})"
        return PrintOutcome(False, reason, None)

    def record_reprint(self, store: Store, receipt: Receipt, *, via: str) -> None:
        """An officer action worth auditing: which slip was printed again, and how."""
        with store.transaction():
            store.append_record("slip_reprint", {
                "record": receipt.record.uuid,
                "ticket": receipt.ticket.code if receipt.ticket else None, "via": via,
            }, now=self.clock.now())

    # -- reprints -------------------------------------------------------------------------
    def _local_now(self) -> dt.datetime:
        return self.clock.local_now()

    def today(self) -> dt.date:
        return self.clock.today()

    def receipt_for_ticket(self, store: Store, code: str, *,
                           day: dt.date | None = None) -> Receipt:
        """Rebuild what the citizen was told from a ticket code (today unless `day`)."""
        day = day or self.today()
        ticket = find_ticket(store, day=day, code=code)
        if ticket is None:
            raise SlipNotFound("slip.no_ticket", code=code.strip().upper(), day=day.isoformat())
        record = store.record(ticket.record_uuid)
        if record is None:
            raise SlipNotFound("slip.ticket_without_record", code=ticket.code)
        return self.receipts(store).receipt(record, ticket)

    def receipt_for_record(self, store: Store, record_uuid: str) -> Receipt:
        """Rebuild a receipt from its record (info and referral slips have no ticket)."""
        record = store.record(record_uuid)
        if record is None or record.kind not in ("application", "complaint", "info",
                                                 "referral"):
            raise SlipNotFound("slip.no_record", uuid=record_uuid)
        ticket = ticket_for_record(store, record_uuid)
        return self.receipts(store).receipt(record, ticket)

    def reprint_pdf(self, store: Store, receipt: Receipt, out: Path, *,
                    language: str | None = None, via: str = "cli") -> Path:
        """Write a reprint, marked as such, to `out` with its slip_reprint record
        (kiosk/records/audit.py write_audited: both or neither). The folder must exist
        (never made here); the file is 0600, since a slip shows a name. Raises
        FileWriteError (missing, full or read-only folder) and DatabaseBusy."""
        language = language or str(receipt.record.payload.get("language")
                                   or self.config.kiosk.language)
        pdf = self.render_pdf(receipt, language=language, reprinted_at=self._local_now())
        write_audited(store, [(Path(out), pdf)],
                      lambda: self.record_reprint(store, receipt, via=via), mode=0o600)
        return Path(out)


def unexpected(exc: BaseException) -> str:
    """An unexpected exception for the log and the print_failure record: its type and
    where it was raised, never its message (which may quote a name, a NIK or a birth
    date from the slip being built)."""
    import traceback

    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(exc).__name__}{where}"


def slip_basename(receipt: Receipt, *, reprint: bool = False) -> str:
    """A file name without personal data: day, code (or kind) and record number."""
    what = receipt.ticket.code if receipt.ticket else receipt.record.kind
    name = f"{receipt.local_time.date().isoformat()}_{what}_{receipt.record.seq:05d}"
    return name + ("_reprint" if reprint else "")
