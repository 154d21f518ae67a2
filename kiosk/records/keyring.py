"""This kiosk's signing keys over time: the key it remembers, rotations and retired keys.

The first key is made with the kiosk's first slip (or export) and its public half is
remembered in the database (meta ``signing_public_key``) and in the in-service marker.
From then on the kiosk never makes a key by itself: a key file that is missing or is not
the remembered key stops it with SigningKeyProblem, because a new key would make the
day's slips fail `kiosk verify` and the office refuse the exports (issue 11, item 8).

A deliberate rotation (`kiosk keys rotate`, with an officer's PIN) is a ``key_rotation``
record: the old and new public keys, the officer, and the old key's signature over

    b"passport-kiosk/key-rotation/v1\\x00" + canonical JSON of
    {"kiosk_id", "new_public_key", "old_public_key", "rotated_utc"}

(null when the old key is lost). The old public key is then *retired*: still trusted for
slips dated up to the rotation's day (the event's local date), never for later ones.
Order, so that a power cut leaves a state the next start can finish: the new key is
saved as keys/kiosk-signing.pem.next, the record commits, then the new key takes the
old one's name (finish_rotation completes a rename cut short).
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.errors import KioskError
from kiosk.records import keys as key_files
from kiosk.records.audit import Officer
from kiosk.records.canonical import canonical_json
from kiosk.records.keys import PENDING_KEY_FILE, SIGNING_KEY_FILE, public_key_b64
from kiosk.records.marker import InService
from kiosk.records.store import Store, parse_utc_iso, utc_now_iso

MEMORY = "signing_public_key"
ROTATION_CONTEXT = b"passport-kiosk/key-rotation/v1\x00"


class SigningKeyProblem(KioskError):
    """The key file cannot be used: keys.missing (path, public, records), keys.changed
    (path, public, found), keys.unusable (path, detail). The message says what to do:
    put the key back from the kiosk's backup, or rotate it deliberately."""


@dataclass(frozen=True)
class RetiredKey:
    """A public key this kiosk signed with before a rotation: base64, and the last event
    day whose slips it may have signed."""

    public: str
    last_day: dt.date


@dataclass(frozen=True)
class Rotation:
    old_public_key: str | None
    new_public_key: str
    signed_by_old_key: bool


def remembered(store: Store, marker: InService | None) -> str | None:
    """The public key this kiosk signs with, as remembered (database, else marker)."""
    return store.meta(MEMORY) or (marker.public_key if marker else None)


def remember(store: Store, key: Ed25519PrivateKey) -> None:
    """Remember the key's public half (once; the marker picks it up in the same commit)."""
    public = public_key_b64(key)
    if store.meta(MEMORY) != public:
        with store.transaction():
            store.set_meta(MEMORY, public)


def check_key(key: Ed25519PrivateKey | None, known: str | None, keys_dir: Path,
              store: Store) -> None:
    """Raise SigningKeyProblem unless `key` may be used: a missing key is fine only for a
    kiosk that never remembered one; a present key must be the remembered one."""
    path = Path(keys_dir) / SIGNING_KEY_FILE
    if key is None and known:
        last = store.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM records").fetchone()[0]
        raise SigningKeyProblem("keys.missing", path=str(path), public=known, records=last)
    if key is not None and known and public_key_b64(key) != known:
        raise SigningKeyProblem("keys.changed", path=str(path), public=known,
                                found=public_key_b64(key))


def load_current(keys_dir: Path) -> Ed25519PrivateKey | None:
    """The key file's key (None when there is none); SigningKeyProblem when unreadable."""
    try:
        return key_files.load_signing_key(keys_dir)
    except (ValueError, TypeError, OSError) as exc:
        raise SigningKeyProblem("keys.unusable", path=str(Path(keys_dir) / SIGNING_KEY_FILE),
                                detail=type(exc).__name__) from None


def finish_rotation(keys_dir: Path, known: str | None) -> None:
    """Complete a rotation cut short between its record and the key file's rename, or
    drop the new key of a rotation that was never recorded."""
    pending = Path(keys_dir) / PENDING_KEY_FILE
    if not pending.exists():
        return
    try:
        public = public_key_b64(key_files.load_private_key(pending))
    except (ValueError, TypeError):
        public = None
    if public is not None and public == known:
        key_files.promote_pending_key(keys_dir)
    else:
        pending.unlink(missing_ok=True)


def rotate(store: Store, keys_dir: Path, *, old_key: Ed25519PrivateKey | None,
           officer: Officer, now: dt.datetime, marker: InService | None = None) -> Rotation:
    """Replace the signing key deliberately and record it (see the module docstring).

    old_key: the current key when its file is still there and is the remembered key
    (it signs the rotation), else None. Raises DatabaseBusy, sqlite3.Error, OSError.
    """
    old_public = remembered(store, marker) or (public_key_b64(old_key) if old_key else None)
    if old_key is not None and public_key_b64(old_key) != old_public:
        old_key = None                    # a foreign key file never vouches for the next key
    new_key = Ed25519PrivateKey.generate()
    new_public = public_key_b64(new_key)
    key_files.write_pending_key(keys_dir, new_key)
    statement = {"kiosk_id": store.kiosk_id, "new_public_key": new_public,
                 "old_public_key": old_public, "rotated_utc": utc_now_iso(now)}
    signature = None
    if old_key is not None:
        signed = old_key.sign(ROTATION_CONTEXT + canonical_json(statement).encode("utf-8"))
        signature = base64.b64encode(signed).decode("ascii")
    with store.transaction():
        store.append_record("key_rotation", {
            **statement, "old_key_signature": signature,
            "reason": "rotated" if old_key is not None else "key_lost",
            "officer_id": officer.id, "officer_name": officer.name}, now=now)
        store.set_meta(MEMORY, new_public)
    key_files.promote_pending_key(keys_dir)
    store.save_marker(durable=True)
    return Rotation(old_public, new_public, signature is not None)


def retired_keys(store: Store, tz: dt.tzinfo) -> list[RetiredKey]:
    """This kiosk's retired public keys, each with the last day it may have signed."""
    retired = []
    for record in store.records(kind="key_rotation"):
        old = record.payload.get("old_public_key")
        if old:
            day = parse_utc_iso(record.created_utc).astimezone(tz).date()
            retired.append(RetiredKey(old, day))
    return retired
