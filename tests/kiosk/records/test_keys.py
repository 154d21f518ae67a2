"""The kiosk signing key: created once, owner-only, stable, public half printable."""

from __future__ import annotations

import stat

from kiosk.records.keys import (
    SIGNING_KEY_FILE,
    load_or_create_signing_key,
    public_key_b64,
    public_key_from_b64,
)


def test_key_is_created_owner_only_and_reused(tmp_path):
    """First call writes a 0600 key in a 0700 folder; the second reads the same key."""
    first = load_or_create_signing_key(tmp_path / "keys")
    mode = stat.S_IMODE((tmp_path / "keys" / SIGNING_KEY_FILE).stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    second = load_or_create_signing_key(tmp_path / "keys")
    assert public_key_b64(first) == public_key_b64(second)


def test_public_key_round_trips_and_verifies(tmp_path):
    """The base64 public key verifies what the private key signs."""
    key = load_or_create_signing_key(tmp_path)
    public = public_key_from_b64(public_key_b64(key))
    public.verify(key.sign(b"A-001"), b"A-001")
