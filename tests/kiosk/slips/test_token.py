"""The signed QR token: compact, no personal data, verifies, and rejects any tampering."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import qrcode
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.records.keys import public_key_b64
from kiosk.slips.token import TokenError, make_token, read_token, verify_token

KIOSK = "k1a2b3c4d"
RECORD = "6f1c0a52-2d0e-4b9a-9d43-0a5b1e6f7c21"


@pytest.fixture(scope="module")
def key():
    return Ed25519PrivateKey.generate()


def _token(key, **overrides):
    fields = {"kiosk_id": KIOSK, "record_uuid": RECORD, "day": dt.date(2019, 10, 23),
              "kind": "application", "service": "NEW", "ticket": "A-001"}
    fields.update(overrides)
    return make_token(key, **fields)


def test_round_trip_gives_back_every_field(key):
    """A verified token says kiosk, record, day, kind, service and ticket code."""
    info = verify_token(_token(key), {KIOSK: public_key_b64(key)})
    assert info.as_dict() == {"version": 1, "kiosk_id": KIOSK, "record_uuid": RECORD,
                              "day": "2019-10-23", "kind": "application", "service": "NEW",
                              "ticket": "A-001"}


def test_info_slip_token_has_no_ticket(key):
    """Info and referral slips carry no ticket code."""
    token = _token(key, kind="referral", service="LOST", ticket=None)
    assert verify_token(token, {KIOSK: key.public_key()}).ticket is None


def test_token_is_compact_qr_alphanumeric(key):
    """Base32 (A-Z, 2-7) of under 100 bytes: a version-6 QR code at error correction M."""
    token = _token(key, ticket="A9-999")
    assert len(token) <= 160 and set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(token)
    code.make(fit=True)
    assert code.version <= 6


def test_any_one_changed_character_is_rejected(key):
    """Changing any single character of the token makes it fail (never verify)."""
    token = _token(key)
    known = {KIOSK: public_key_b64(key)}
    for i, ch in enumerate(token):
        forged = token[:i] + ("B" if ch != "B" else "C") + token[i + 1:]
        with pytest.raises(TokenError):
            verify_token(forged, known)


def test_changed_signature_character_is_a_bad_signature(key):
    """A change in the signature part is reported as a bad signature."""
    token = _token(key)
    forged = token[:-10] + ("A" if token[-10] != "A" else "B") + token[-9:]
    with pytest.raises(TokenError) as caught:
        verify_token(forged, {KIOSK: public_key_b64(key)})
    assert caught.value.kind == "bad_signature"


def test_unknown_kiosk_is_rejected(key):
    """A token from a kiosk whose key is not known is refused as unknown_kiosk."""
    other = Ed25519PrivateKey.generate()
    token = _token(other, kiosk_id="kdeadbeef")
    with pytest.raises(TokenError) as caught:
        verify_token(token, {KIOSK: public_key_b64(key)})
    assert caught.value.kind == "unknown_kiosk"


def test_known_kiosk_id_with_another_key_is_a_bad_signature(key):
    """Someone signing with their own key under a real kiosk's id is caught."""
    forger = Ed25519PrivateKey.generate()
    with pytest.raises(TokenError) as caught:
        verify_token(_token(forger), {KIOSK: public_key_b64(key)})
    assert caught.value.kind == "bad_signature"


@pytest.mark.parametrize("text", ["", "hello", "abc!", "AAAA", "A" * 151,
                                  "not base32 at all 0189"])
def test_garbage_is_malformed(key, text):
    """Empty, short, wrong-alphabet or wrong-length text is malformed, not a crash."""
    with pytest.raises(TokenError) as caught:
        verify_token(text, {KIOSK: public_key_b64(key)})
    assert caught.value.kind == "malformed"


def test_lowercase_is_malformed(key):
    """Only the one canonical spelling is accepted."""
    with pytest.raises(TokenError) as caught:
        verify_token(_token(key).lower(), {KIOSK: public_key_b64(key)})
    assert caught.value.kind == "malformed"


def test_token_holds_no_personal_data(key):
    """The signed body is exactly the documented fields: nothing else fits in it."""
    info, body, signature = read_token(_token(key))
    assert len(body) == 26 + len("A-001") and len(signature) == 64
    assert uuid.UUID(bytes=body[5:21]) == uuid.UUID(RECORD)
