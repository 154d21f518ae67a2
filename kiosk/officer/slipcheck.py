"""Slip check for officers: a scanned QR token or a typed ticket code -> what the slip is.

Handheld scanners type the token and press Enter, so one text field takes both. A token
is verified offline against this kiosk's own key and the event's keys (``keys.known``);
then the record and ticket are looked up on this kiosk. The answer says what an officer
may see (service, code, status, time, masked NIK, the applicant's name) or why not
(``tampered``, ``unknown_kiosk``, ``malformed``, ``not_found``, ``other_kiosk``).
SlipDesk adds the audit trail (``slip_checked``, ``reprint``) and the reprint itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.citizen.complaint_check import ComplaintStatus
from kiosk.citizen.forms import mask_nik
from kiosk.citizen.registrar import Receipt, Registrar, tracking_number
from kiosk.event.config import Config
from kiosk.officer.accounts import Officers
from kiosk.officer.complaint_lookup import status_on_slip
from kiosk.queue.tickets import Ticket, find_ticket, ticket_for_record
from kiosk.records.audit import Officer
from kiosk.records.keyring import RetiredKey
from kiosk.records.store import Record, Store, parse_utc_iso
from kiosk.slips.token import TokenError, verify_token

REASONS = ("tampered", "unknown_kiosk", "malformed", "not_found", "other_kiosk")
# What each reason says on the officer's screen (message keys in both .po files).
REASON_KEYS = {"tampered": "slipcheck.tampered", "unknown_kiosk": "slipcheck.unknown_kiosk",
               "malformed": "slipcheck.malformed", "not_found": "slipcheck.not_found",
               "other_kiosk": "slipcheck.other_kiosk"}
_TOKEN_MIN = 40            # a real token is about 150 characters; codes are under 10
_TOKEN_CHARS = re.compile(r"[A-Z2-7]+")
_CODE = re.compile(r"([A-Z])\s*(\d)?\s*-?\s*(\d{1,4})")
_DAY_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DAY_LOCAL = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")


@dataclass(frozen=True)
class SlipCheck:
    """The answer to one slip check. `ok`: a genuine slip whose record is on this kiosk."""

    ok: bool
    reason: str = ""                  # "" when ok, else one of REASONS
    via: str = ""                     # "token" or "code" ("" when unreadable)
    text: str = ""                    # the ticket code typed, for not_found
    kiosk_id: str | None = None
    record_uuid: str | None = None
    kind: str | None = None           # application | complaint | info | referral
    service: str | None = None
    code: str | None = None
    day: dt.date | None = None
    status: str | None = None         # waiting | called | served | no_show (None: no ticket)
    counter: str | None = None
    priority: str = ""
    issued_local: dt.datetime | None = None
    masked_nik: str | None = None     # applications only, never the full NIK
    name: str | None = None           # the applicant's name, applications only
    tracking_number: str | None = None
    redacted: bool = False            # personal fields already removed (retention)
    complaint: ComplaintStatus | None = None   # a complaint's status, as Cek pengaduan says

    @property
    def genuine(self) -> bool:
        """The signature checked out (a token), whether or not the record is here."""
        return self.via == "token" and self.reason in ("", "other_kiosk", "not_found")

    def message(self) -> tuple[str, dict[str, Any]]:
        """(message key, params) saying why the slip cannot be shown; ("", {}) when ok."""
        if self.ok:
            return "", {}
        params: dict[str, Any] = {}
        if self.reason == "not_found":
            params = {"code": self.code or self.text or "?",
                      "day": (self.day.isoformat() if self.day else "")}
        if self.reason == "other_kiosk":
            params = {"kiosk": self.kiosk_id or "?"}
        return REASON_KEYS[self.reason], params


def slip_keys(config: Config, own_kiosk_id: str,
              own_public: str | Ed25519PublicKey) -> dict[str, str | Ed25519PublicKey]:
    """The keys a slip may be signed with: the event's (keys.known) and this kiosk's own."""
    keys: dict[str, str | Ed25519PublicKey] = dict(config.known_keys)
    keys[own_kiosk_id] = own_public
    return keys


def looks_like_token(text: str) -> bool:
    cleaned = "".join(text.split()).upper()
    return len(cleaned) >= _TOKEN_MIN and bool(_TOKEN_CHARS.fullmatch(cleaned))


def parse_code(text: str, config: Config, *, today: dt.date) -> tuple[str, dt.date] | None:
    """A typed ticket code, optionally with a day: ``A-007``, ``a7``, ``A2-007 2019-10-23``,
    ``A-007 23-10-2019``. None when it is not a code. The day defaults to `today`."""
    rest = text.strip().upper()
    day = today
    for pattern, order in ((_DAY_ISO, (0, 1, 2)), (_DAY_LOCAL, (2, 1, 0))):
        m = pattern.search(rest)
        if m:
            parts = [int(g) for g in m.groups()]
            try:
                day = dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                return None
            rest = (rest[:m.start()] + " " + rest[m.end():]).strip()
            break
    m = _CODE.fullmatch(rest)
    if not m:
        return None
    letter, kiosk_no, number = m.group(1), m.group(2), int(m.group(3))
    if config.event.kiosks > 1:
        if kiosk_no is None:
            kiosk_no = str(config.kiosk.number)
        prefix = f"{letter}{kiosk_no}"
    else:
        if kiosk_no is not None:      # "A2007" on a one-kiosk event: the 2 is a digit
            number = int(f"{kiosk_no}{m.group(3)}")
        prefix = letter
    if number > 999:
        return None
    return f"{prefix}-{number:03d}", day


Retired = Mapping[str, Sequence[RetiredKey]]


def check_slip(store: Store, config: Config, text: str,
               keys: Mapping[str, str | Ed25519PublicKey], *, today: dt.date,
               retired: Retired | None = None) -> SlipCheck:
    """Check a scanned token or a typed code (on `today`, the event day, unless the text
    names a day). retired: keys kiosks signed with before a rotation (keyring.py)."""
    if looks_like_token(text):
        return _check_token(store, config, "".join(text.split()).upper(), keys, retired)
    parsed = parse_code(text, config, today=today)
    if parsed is None:
        return SlipCheck(False, "malformed", text=text.strip()[:20])
    code, day = parsed
    ticket = find_ticket(store, day=day, code=code)
    if ticket is None:
        return SlipCheck(False, "not_found", via="code", code=code, day=day)
    record = store.record(ticket.record_uuid)
    if record is None:
        return SlipCheck(False, "not_found", via="code", code=code, day=day)
    return _found(store, config, record, ticket, via="code")


def _check_token(store: Store, config: Config, token: str,
                 keys: Mapping[str, str | Ed25519PublicKey],
                 retired: Retired | None) -> SlipCheck:
    try:
        info = verify_token(token, keys, retired)
    except TokenError as exc:
        reason = {"bad_signature": "tampered"}.get(exc.kind, exc.kind)
        return SlipCheck(False, reason, via="token")
    facts = dict(via="token", kiosk_id=info.kiosk_id, record_uuid=info.record_uuid,
                 kind=info.kind, service=info.service, code=info.ticket, day=info.day)
    if info.kiosk_id != store.kiosk_id:
        return SlipCheck(False, "other_kiosk", **facts)
    record = store.record(info.record_uuid)
    if record is None:
        return SlipCheck(False, "not_found", **facts)
    return _found(store, config, record, ticket_for_record(store, record.uuid),
                  via="token")


def _found(store: Store, config: Config, record: Record, ticket: Ticket | None, *,
           via: str) -> SlipCheck:
    payload = record.payload
    created = parse_utc_iso(record.created_utc)
    local = created.astimezone(config.event.tz)
    nik = name = None
    if record.kind == "application":
        nik = mask_nik(payload["nik"]) if payload.get("nik") else None
        name = payload.get("full_name") or None
    return SlipCheck(
        True, via=via, kiosk_id=record.kiosk_id, record_uuid=record.uuid, kind=record.kind,
        service=ticket.service if ticket else payload.get("service"),
        code=ticket.code if ticket else None,
        day=dt.date.fromisoformat(ticket.day) if ticket else local.date(),
        status=ticket.status if ticket else None, counter=ticket.counter if ticket else None,
        priority=ticket.priority if ticket else "", issued_local=local, masked_nik=nik,
        name=name,
        tracking_number=tracking_number(record) if record.kind == "complaint" else None,
        redacted="redacted_fields" in payload,
        complaint=(status_on_slip(store, config.event.tz, record)
                   if record.kind == "complaint" else None))


class Printer(Protocol):
    def print_receipt(self, store: Store, receipt: Receipt, *, language: str,
                      reprint: bool = ..., via: str = ...) -> Any: ...


class SlipDesk:
    """What the officer's slip check screen calls: check (audited) and reprint (audited)."""

    def __init__(self, store: Store, config: Config, registrar: Registrar,
                 officers: Officers, keys: Mapping[str, str | Ed25519PublicKey], *,
                 retired: Retired | None = None) -> None:
        self.store, self.config, self.registrar = store, config, registrar
        self.officers, self.keys, self.retired = officers, keys, retired or {}

    def check(self, text: str, *, officer: Officer | None) -> SlipCheck:
        result = check_slip(self.store, self.config, text, self.keys,
                            today=self.registrar.today(), retired=self.retired)
        self.officers.record_action(officer, "slip_checked", via=result.via or "unreadable",
                                    result=result.reason or "valid", ticket=result.code,
                                    record=result.record_uuid, kiosk=result.kiosk_id)
        return result

    def receipt(self, result: SlipCheck) -> Receipt:
        """What the citizen was told, rebuilt for a reprint (only for an ok check)."""
        if not result.ok or result.record_uuid is None:
            raise ValueError("only a slip found on this kiosk can be reprinted")
        record = self.store.record(result.record_uuid)
        assert record is not None
        return self.registrar.receipt(record, ticket_for_record(self.store, record.uuid))

    def reprint(self, result: SlipCheck, printer: Printer, *, officer: Officer | None,
                language: str | None = None) -> Any:
        """Print the slip again, marked as a reprint; returns the printer's PrintOutcome."""
        receipt = self.receipt(result)
        language = language or str(receipt.record.payload.get("language")
                                   or self.config.kiosk.language)
        outcome = printer.print_receipt(self.store, receipt, language=language, reprint=True,
                                        via="officer")
        self.officers.record_action(officer, "reprint", ticket=result.code,
                                    record=result.record_uuid, printed=bool(outcome.ok),
                                    problem=None if outcome.ok else outcome.reason)
        return outcome

