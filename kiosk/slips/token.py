"""The signed slip token in the QR code: compact binary, Ed25519-signed, no personal data.

Layout and verification are specified in docs/token-format.md; keep the two in step.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import struct
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.errors import KioskError
from kiosk.records.keyring import RetiredKey
from kiosk.records.keys import public_key_from_b64

VERSION = 1
# Prepended to the body before signing, so no other signature of this key can pass as a slip.
SIGNING_CONTEXT = b"passport-kiosk/slip-token/v1\x00"
EPOCH = dt.date(2000, 1, 1)
SIGNATURE_BYTES = 64
MAX_CODE_BYTES = 15

# Fixed numbering, part of the format: never renumber, only add.
KINDS = {1: "application", 2: "complaint", 3: "info", 4: "referral"}
SERVICES = {1: "NEW", 2: "RENEW", 3: "LOST", 4: "DAMAGED", 5: "COMPLAINT", 6: "INFO"}
_KIND_NO = {v: k for k, v in KINDS.items()}
_SERVICE_NO = {v: k for k, v in SERVICES.items()}
_KIOSK_ID = re.compile(r"k[0-9a-f]{8}")
# version, kiosk id, record uuid, day, kind, service, length of the ticket code
_HEAD = struct.Struct(">B4s16sHBBB")
_BASE32 = re.compile(r"[A-Z2-7]+")


class TokenError(KioskError):
    """A token that does not verify; `kind` is malformed, unknown_kiosk or bad_signature
    (message key ``token.<kind>``), `detail` says why in English."""

    KINDS = ("malformed", "unknown_kiosk", "bad_signature")

    def __init__(self, kind: str, detail: str) -> None:
        assert kind in self.KINDS
        self.kind, self.detail = kind, detail
        super().__init__(f"token.{kind}", detail=detail)


@dataclass(frozen=True)
class TokenInfo:
    """What a verified token says. `ticket` is None for info and referral slips."""

    version: int
    kiosk_id: str
    record_uuid: str
    day: dt.date
    kind: str
    service: str
    ticket: str | None

    def as_dict(self) -> dict[str, object]:
        return {"version": self.version, "kiosk_id": self.kiosk_id,
                "record_uuid": self.record_uuid, "day": self.day.isoformat(),
                "kind": self.kind, "service": self.service, "ticket": self.ticket}


def make_token(key: Ed25519PrivateKey, *, kiosk_id: str, record_uuid: str, day: dt.date,
               kind: str, service: str, ticket: str | None) -> str:
    """Sign the slip's facts; returns base32 text (A-Z, 2-7: QR alphanumeric mode)."""
    if not _KIOSK_ID.fullmatch(kiosk_id):
        raise ValueError(f"kiosk id {kiosk_id!r} is not k + 8 hex digits")
    code = (ticket or "").encode("ascii")
    if len(code) > MAX_CODE_BYTES:
        raise ValueError(f"ticket code {ticket!r} is longer than {MAX_CODE_BYTES} bytes")
    days = (day - EPOCH).days
    if not 0 <= days <= 0xFFFF:
        raise ValueError(f"day {day} outside the token's range")
    body = _HEAD.pack(VERSION, bytes.fromhex(kiosk_id[1:]), uuid.UUID(record_uuid).bytes,
                      days, _KIND_NO[kind], _SERVICE_NO[service], len(code)) + code
    signature = key.sign(SIGNING_CONTEXT + body)
    return base64.b32encode(body + signature).decode("ascii").rstrip("=")


def read_token(token: str) -> tuple[TokenInfo, bytes, bytes]:
    """Parse without checking the signature: (info, signed body, signature)."""
    text = token.strip()
    if not text or not _BASE32.fullmatch(text):
        raise TokenError("malformed", "not base32 text (A-Z and 2-7 only)")
    try:
        raw = base64.b32decode(text + "=" * (-len(text) % 8))
    except binascii.Error:
        raise TokenError("malformed", "not valid base32") from None
    # A changed final character can leave the decoded bytes intact: demand the one spelling.
    if base64.b32encode(raw).decode("ascii").rstrip("=") != text:
        raise TokenError("malformed", "not canonical base32")
    if len(raw) < _HEAD.size + SIGNATURE_BYTES:
        raise TokenError("malformed", f"too short ({len(raw)} bytes)")
    version, kiosk, record, days, kind_no, service_no, code_len = _HEAD.unpack_from(raw)
    if version != VERSION:
        raise TokenError("malformed", f"unknown version {version}")
    end = _HEAD.size + code_len
    if len(raw) != end + SIGNATURE_BYTES:
        raise TokenError("malformed", f"length {len(raw)} does not match its ticket field")
    if kind_no not in KINDS or service_no not in SERVICES:
        raise TokenError("malformed", "unknown kind or service number")
    try:
        code = raw[_HEAD.size:end].decode("ascii")
    except UnicodeDecodeError:
        raise TokenError("malformed", "ticket code is not ASCII") from None
    info = TokenInfo(version=version, kiosk_id="k" + kiosk.hex(),
                     record_uuid=str(uuid.UUID(bytes=record)),
                     day=EPOCH + dt.timedelta(days=days), kind=KINDS[kind_no],
                     service=SERVICES[service_no], ticket=code or None)
    return info, raw[:end], raw[end:]


def verify_token(token: str, known_keys: Mapping[str, str | Ed25519PublicKey],
                 retired: Mapping[str, Sequence[RetiredKey]] | None = None) -> TokenInfo:
    """Check a token against kiosk id -> public key (base64 or key object); raise TokenError.

    retired: kiosk id -> keys that kiosk signed with before a rotation
    (kiosk/records/keyring.py); each also verifies tokens dated up to its last day.
    """
    info, body, signature = read_token(token)
    current = known_keys.get(info.kiosk_id)
    older = [r.public for r in (retired or {}).get(info.kiosk_id, ()) if info.day <= r.last_day]
    if current is None and not older:
        raise TokenError("unknown_kiosk", f"kiosk {info.kiosk_id} is not among the known keys")
    for key in ([current] if current is not None else []) + older:
        if isinstance(key, str):
            try:
                key = public_key_from_b64(key)
            except (ValueError, binascii.Error):
                raise TokenError("unknown_kiosk", f"the configured key of kiosk "
                                 f"{info.kiosk_id} is not valid") from None
        try:
            key.verify(signature, SIGNING_CONTEXT + body)
            return info
        except InvalidSignature:
            continue
    raise TokenError("bad_signature", "the signature does not match (altered or forged slip)")
