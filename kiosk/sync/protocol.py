"""The wire rules of docs/sync-protocol.md, the kiosk's side: nonces, the enrollment
messages, and checking that a reply is the office's own answer to this very request.

Pure functions over bytes (no HTTP here: kiosk/sync/client.py sends and receives).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from kiosk.errors import KioskError

PROTOCOL = 1
PREFIX = "/api/v1"
NONCE_HEADER = "Kiosk-Nonce"
SIGNATURE_HEADER = "Kiosk-Central-Signature"
KEY_HEADER = "Kiosk-Central-Key"
ENROLL_CONTEXT = b"passport-kiosk enroll v1"
ENROLLED_CONTEXT = b"passport-kiosk enrolled v1"
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


class ReplyInvalid(KioskError, ValueError):
    """The bytes are not the office's signed answer to this request: `why` (English).
    The sync client turns it into NotTheOffice or OfficeBusy (kiosk/sync/client.py)."""

    key = "sync.reply_invalid"

    def __init__(self, why: str) -> None:
        self.why = why
        super().__init__(why=why)


def new_nonce() -> str:
    """A fresh Kiosk-Nonce: 24 random bytes, base64url (32 characters)."""
    return secrets.token_urlsafe(24)


def normalise_code(text: str) -> str:
    """An enrollment code as typed (any case, spaces or hyphens) -> 12 letters and digits."""
    return re.sub(r"[\s-]+", "", text or "").upper()


def code_is_plausible(text: str) -> bool:
    """12 characters of the code alphabet once normalised (section 3)."""
    code = normalise_code(text)
    return len(code) == 12 and all(c in CODE_ALPHABET for c in code)


def enroll_message(kiosk_id: str, code: str, nonce: str) -> bytes:
    """What the kiosk signs to redeem a code (section 3): four lines joined by \\n."""
    return b"\n".join((ENROLL_CONTEXT, kiosk_id.encode(), normalise_code(code).encode(),
                       nonce.encode()))


def code_proof(code: str, *, kiosk_id: str, signing_key_b64: str, central_key_sha256: str,
               nonce: str) -> str:
    """The HMAC-SHA256 (hex) only whoever issued the code can make over the keys it hands
    out (section 3): checked before the reply's signing key is trusted."""
    message = b"\n".join((ENROLLED_CONTEXT, kiosk_id.encode(), signing_key_b64.encode(),
                          central_key_sha256.encode(), nonce.encode()))
    return hmac.new(normalise_code(code).encode(), message, hashlib.sha256).hexdigest()


def signing_fingerprint(public_b64: str) -> str:
    """Lowercase hex SHA-256 of the raw reply key (the Kiosk-Central-Key header)."""
    return hashlib.sha256(base64.b64decode(public_b64)).hexdigest()


def parse_body(content: bytes) -> dict[str, Any]:
    """The reply body as a JSON object; ReplyInvalid when it is not one."""
    try:
        body = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ReplyInvalid("the body is not JSON") from None
    if not isinstance(body, dict):
        raise ReplyInvalid("the body is not a JSON object")
    return body


def verify_reply(content: bytes, signature: str | None, key: Ed25519PublicKey, *,
                 nonce: str, method: str, path: str) -> dict[str, Any]:
    """The body of a reply whose signature verifies with `key` over the exact bytes and
    which names this request (nonce, method, path) and protocol 1; ReplyInvalid otherwise.

    `path` is the path the kiosk requested; the reply's `request.path` may be a tail of
    it (an office behind a reverse proxy that strips a prefix of the URL)."""
    if not signature:
        raise ReplyInvalid("no Kiosk-Central-Signature header")
    try:
        raw = base64.b64decode(signature, validate=True)
        key.verify(raw, content)
    except (binascii.Error, ValueError, InvalidSignature):
        raise ReplyInvalid("the signature does not verify with the office's key") from None
    body = parse_body(content)
    echo = body.get("request")
    if not isinstance(echo, dict) or echo.get("nonce") != nonce:
        raise ReplyInvalid("the reply answers another request (nonce)")
    if echo.get("method") != method or not isinstance(echo.get("path"), str) \
            or not path.endswith(echo["path"]) or not echo["path"].startswith(PREFIX):
        raise ReplyInvalid("the reply answers another request (method or path)")
    if body.get("protocol") != PROTOCOL:
        raise ReplyInvalid(f"protocol {body.get('protocol')!r}, not {PROTOCOL}")
    return body
