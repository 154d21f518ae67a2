"""Kiosks the office trusts: enrollment (key, one-time code, token), revocation, the list.

A kiosk is known by its id and Ed25519 public key (`kiosk keys show`). Enrolled, its
bundles can be imported from a stick at once. For network sync it redeems the one-time
code for a token (docs/sync-protocol.md, section 3); the token alone cannot forge
records, which are signed by the kiosk key. Codes and tokens are stored as SHA-256 only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from sqlalchemy import Connection, func, insert, select, update

from kiosk.central.audit import write_audit
from kiosk.central.problems import Problem
from kiosk.central.schema import bundles, kiosks, quarantine, records
from kiosk.central.shared import public_key_from_b64, utc_now_iso

KIOSK_ID = re.compile(r"^k[0-9a-f]{8}$")
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"   # no 0/O, 1/I/L, U: read aloud, typed
CODE_GROUPS, CODE_GROUP_LEN = 3, 4
ENROLL_CONTEXT = b"passport-kiosk enroll v1"
ENROLLED_CONTEXT = b"passport-kiosk enrolled v1"


class EnrollmentError(ValueError):
    """A kiosk command that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Kiosk:
    kiosk_id: str
    public_key: str
    event_code: str | None
    number: int | None
    status: str
    enrolled_utc: str
    revoked_utc: str | None
    has_token: bool
    last_contact_utc: str | None
    last_channel: str | None
    high_water_mark: int


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_code(text: str) -> str:
    """The code as typed (any case, spaces or hyphens) -> 12 letters and digits."""
    return re.sub(r"[\s-]+", "", text or "").upper()


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LEN))
    return "-".join(raw[i:i + CODE_GROUP_LEN] for i in range(0, len(raw), CODE_GROUP_LEN))


def enroll_message(kiosk_id: str, code: str, nonce: str) -> bytes:
    """What the kiosk signs to redeem a code: proof that it holds the enrolled key."""
    return b"\n".join((ENROLL_CONTEXT, kiosk_id.encode(), normalise_code(code).encode(),
                       nonce.encode()))


def code_proof(code: str, *, kiosk_id: str, signing_key_b64: str, central_key_sha256: str,
               nonce: str) -> str:
    """HMAC-SHA256 keyed by the code over the keys the office hands out: the kiosk checks it
    to know the reply (and so the signing key) came from whoever issued the code."""
    message = b"\n".join((ENROLLED_CONTEXT, kiosk_id.encode(), signing_key_b64.encode(),
                          central_key_sha256.encode(), nonce.encode()))
    return hmac.new(normalise_code(code).encode(), message, hashlib.sha256).hexdigest()


def _row(r) -> Kiosk:
    return Kiosk(r.kiosk_id, r.public_key, r.event_code, r.number, r.status, r.enrolled_utc,
                 r.revoked_utc, r.token_sha256 is not None, r.last_contact_utc, r.last_channel,
                 r.high_water_mark)


def get_kiosk(conn: Connection, kiosk_id: str) -> Kiosk | None:
    row = conn.execute(select(kiosks).where(kiosks.c.kiosk_id == kiosk_id)).first()
    return _row(row) if row else None


def list_kiosks(conn: Connection) -> list[Kiosk]:
    return [_row(r) for r in conn.execute(select(kiosks).order_by(kiosks.c.event_code,
                                                                   kiosks.c.number,
                                                                   kiosks.c.kiosk_id))]


def enroll_kiosk(conn: Connection, *, kiosk_id: str, public_key: str, event_code: str | None,
                 now: dt.datetime, code_hours: int, actor: str) -> str:
    """Trust a kiosk's key and return a fresh one-time enrollment code (XXXX-XXXX-XXXX).

    Again for the same key: a new code, the old one void. Another key for an active kiosk
    is refused (revoke it first: a kiosk id belongs to one database and one key).
    """
    kiosk_id = kiosk_id.strip()
    public_key = public_key.strip().strip('"')
    if not KIOSK_ID.match(kiosk_id):
        raise EnrollmentError(f"{kiosk_id!r} is not a kiosk id (k and 8 hex digits, as "
                         "`kiosk keys show` prints it)")
    try:
        public_key_from_b64(public_key)
    except ValueError:
        raise EnrollmentError("the public key is not 32 bytes of base64 (copy it from "
                         "`kiosk keys show`)") from None
    code = new_code()
    expires = utc_now_iso(now + dt.timedelta(hours=code_hours))
    existing = get_kiosk(conn, kiosk_id)
    values = {"enroll_code_sha256": _sha(normalise_code(code)),
              "enroll_code_expires_utc": expires}
    if existing is None:
        conn.execute(insert(kiosks).values(
            kiosk_id=kiosk_id, public_key=public_key, event_code=event_code, status="active",
            enrolled_utc=utc_now_iso(now), **values))
        action = "kiosk.enroll"
    else:
        if existing.status == "active" and existing.public_key != public_key:
            raise EnrollmentError(f"kiosk {kiosk_id} is enrolled with another key; if it was "
                             "reinstalled, `kiosk-central kiosks revoke` it first")
        conn.execute(update(kiosks).where(kiosks.c.kiosk_id == kiosk_id).values(
            public_key=public_key, status="active", revoked_utc=None,
            event_code=event_code or existing.event_code, **values))
        action = "kiosk.new_code" if existing.status == "active" else "kiosk.reenroll"
    write_audit(conn, actor=actor, action=action, target=kiosk_id, now=now,
                event=event_code, code_expires_utc=expires)
    return code


def revoke_kiosk(conn: Connection, *, kiosk_id: str, now: dt.datetime, actor: str) -> None:
    """Refuse the kiosk from now on (stick and network); what it sent before stays."""
    kiosk = get_kiosk(conn, kiosk_id)
    if kiosk is None:
        raise EnrollmentError(f"kiosk {kiosk_id} is not enrolled")
    if kiosk.status == "revoked":
        raise EnrollmentError(f"kiosk {kiosk_id} is already revoked (since {kiosk.revoked_utc})")
    conn.execute(update(kiosks).where(kiosks.c.kiosk_id == kiosk_id).values(
        status="revoked", revoked_utc=utc_now_iso(now), token_sha256=None,
        enroll_code_sha256=None, enroll_code_expires_utc=None))
    write_audit(conn, actor=actor, action="kiosk.revoke", target=kiosk_id, now=now)


def redeem_code(conn: Connection, *, kiosk_id: str, code: str, signature_b64: str, nonce: str,
                now: dt.datetime) -> str:
    """Exchange a one-time code (and the kiosk's signature) for a token; Problem otherwise."""
    from kiosk.central.shared import unb64

    kiosk = get_kiosk(conn, kiosk_id) if isinstance(kiosk_id, str) else None
    row = conn.execute(select(kiosks.c.enroll_code_sha256, kiosks.c.enroll_code_expires_utc)
                       .where(kiosks.c.kiosk_id == kiosk_id)).first() if kiosk else None
    if kiosk is not None and kiosk.status == "revoked":
        raise Problem("403.1", f"kiosk {kiosk_id} is revoked at the office")
    if row is None or row.enroll_code_sha256 is None or not hmac.compare_digest(
            row.enroll_code_sha256, _sha(normalise_code(code))):
        raise Problem("401.2", "this enrollment code is not valid for this kiosk (mistyped, "
                      "already used, or replaced by a newer code)")
    if row.enroll_code_expires_utc < utc_now_iso(now):
        raise Problem("401.2", "this enrollment code has expired; ask the office for a new one")
    try:
        public_key_from_b64(kiosk.public_key).verify(unb64(signature_b64),
                                                     enroll_message(kiosk_id, code, nonce))
    except (InvalidSignature, ValueError):
        raise Problem("401.3", "the enrollment signature does not verify with the key the "
                      "office has for this kiosk") from None
    token = secrets.token_urlsafe(32)
    conn.execute(update(kiosks).where(kiosks.c.kiosk_id == kiosk_id).values(
        token_sha256=_sha(token), token_issued_utc=utc_now_iso(now), enroll_code_sha256=None,
        enroll_code_expires_utc=None, last_contact_utc=utc_now_iso(now),
        last_channel="network"))
    write_audit(conn, actor=f"kiosk:{kiosk_id}", action="kiosk.token", target=kiosk_id, now=now)
    return token


def authenticate(conn: Connection, token: str | None) -> Kiosk:
    """The kiosk a bearer token belongs to; Problem 401.1 or 403.1 otherwise."""
    if not token:
        raise Problem("401.1", "no kiosk token: enroll this kiosk (kiosk enroll URL CODE)")
    row = conn.execute(select(kiosks).where(kiosks.c.token_sha256 == _sha(token))).first()
    if row is None:
        raise Problem("401.1", "the office does not know this kiosk token: enroll again with "
                      "a new code")
    if row.status != "active":
        raise Problem("403.1", f"kiosk {row.kiosk_id} is revoked at the office")
    return _row(row)


@dataclass(frozen=True)
class KioskStats:
    kiosk: Kiosk
    records_by_kind: dict[str, int]
    conflicts: int
    bundles: int


def kiosk_stats(conn: Connection) -> list[KioskStats]:
    """Every kiosk with its records by kind, open conflicts and bundles received."""
    by_kind: dict[str, dict[str, int]] = {}
    for kid, kind, n in conn.execute(select(records.c.kiosk_id, records.c.kind, func.count())
                                     .group_by(records.c.kiosk_id, records.c.kind)):
        by_kind.setdefault(kid, {})[kind] = n
    conflicts = dict(conn.execute(select(quarantine.c.kiosk_id, func.count())
                                  .group_by(quarantine.c.kiosk_id)).all())
    received = dict(conn.execute(select(bundles.c.kiosk_id, func.count())
                                 .group_by(bundles.c.kiosk_id)).all())
    return [KioskStats(k, dict(sorted(by_kind.get(k.kiosk_id, {}).items())),
                       conflicts.get(k.kiosk_id, 0), received.get(k.kiosk_id, 0))
            for k in list_kiosks(conn)]
