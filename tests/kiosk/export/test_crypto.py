"""The central key pair and the key wrap: files, passphrase, wrong keys, changed fields."""

from __future__ import annotations

import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.export import crypto


def test_passphrase_protected_private_key(tmp_path):
    """With --passphrase the private key needs it to load; the public key does not."""
    private, public = crypto.make_central_keypair(tmp_path, passphrase=b"rahasia kantor")
    assert crypto.private_key_is_encrypted(private)
    with pytest.raises(crypto.KeyFileError) as err:
        crypto.load_central_private(private)
    assert "passphrase" in str(err.value)
    key = crypto.load_central_private(private, passphrase=b"rahasia kantor")
    assert crypto.fingerprint(key) == crypto.fingerprint(crypto.load_central_public(public))


def test_public_key_as_pem_text(tmp_path):
    """event.central_public_key may hold the PEM text itself."""
    _, public = crypto.make_central_keypair(tmp_path)
    assert crypto.raw_public(crypto.load_central_public(public.read_text())) == \
        crypto.raw_public(crypto.load_central_public(public))


def test_wrong_key_files_say_what_they_are(tmp_path):
    """A private key given as public, or a kiosk's Ed25519 key, is refused with a reason."""
    private, _ = crypto.make_central_keypair(tmp_path)
    with pytest.raises(crypto.KeyFileError):
        crypto.load_central_public(private)
    from kiosk.records.keys import load_or_create_signing_key

    load_or_create_signing_key(tmp_path / "k")
    with pytest.raises(crypto.KeyFileError) as err:
        crypto.load_central_private(tmp_path / "k" / "kiosk-signing.pem")
    assert "X25519" in str(err.value)
    with pytest.raises(crypto.KeyFileError) as err:
        crypto.load_central_public(tmp_path / "missing.pem")
    assert "cannot read" in str(err.value)


def test_wrap_opens_only_with_the_key_and_the_same_bundle_id():
    """The content key comes back with the central key and AAD; not with another of either."""
    central = X25519PrivateKey.generate()
    content = crypto.new_content_key()
    wrapped = crypto.wrap_key(content, central.public_key(), aad=b"bundle-1")
    assert crypto.unwrap_key(wrapped, central, aad=b"bundle-1") == content
    with pytest.raises(InvalidTag):
        crypto.unwrap_key(wrapped, central, aad=b"bundle-2")
    with pytest.raises(InvalidTag):
        crypto.unwrap_key(wrapped, X25519PrivateKey.generate(), aad=b"bundle-1")


def test_the_keypair_is_never_overwritten(tmp_path):
    """A second key pair in the same folder is refused (bundles for the first stay readable)."""
    crypto.make_central_keypair(tmp_path)
    with pytest.raises(crypto.KeyFileError):
        crypto.make_central_keypair(tmp_path)
