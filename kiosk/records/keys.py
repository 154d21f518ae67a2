"""This kiosk's Ed25519 signing key as a file: made once, atomically, kept owner-only.

keys/kiosk-signing.pem (PKCS#8 PEM, 0600, in a 0700 folder). Whether the kiosk may make
a key at all is decided in one place, kiosk/booth/build.py (Booth.signing_key): a kiosk
that has signed slips never makes a new key by itself (kiosk/records/keyring.py).
"""

from __future__ import annotations

import base64
import errno
import os
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from kiosk.files.checked import sync_dir
from kiosk.files.owner import create_private, private_folder

SIGNING_KEY_FILE = "kiosk-signing.pem"
PENDING_KEY_FILE = "kiosk-signing.pem.next"    # a rotation's new key until it is recorded
_SETTLE_SECONDS = 5.0                          # waiting for another process's key to appear


def load_or_create_signing_key(keys_dir: Path) -> Ed25519PrivateKey:
    """Read keys/kiosk-signing.pem, or make it the first time.

    Atomic: the new key is written and synced under a unique temporary name and then
    linked to its final name, which fails if another process got there first. Exactly
    one key is ever saved, and every process, winner or not, returns the saved key.
    """
    path = Path(keys_dir) / SIGNING_KEY_FILE
    if path.exists():
        return _load_settled(path)
    private_folder(Path(keys_dir))
    _save_new(path, Ed25519PrivateKey.generate())
    return _load_settled(path)


def load_signing_key(keys_dir: Path) -> Ed25519PrivateKey | None:
    """The saved key, or None when there is no key file (never makes one)."""
    path = Path(keys_dir) / SIGNING_KEY_FILE
    try:
        return load_private_key(path)
    except FileNotFoundError:
        return None


def write_pending_key(keys_dir: Path, key: Ed25519PrivateKey) -> Path:
    """Save a rotation's new key beside the current one (kiosk-signing.pem.next, 0600,
    synced), replacing any leftover of an earlier attempt."""
    pending = Path(keys_dir) / PENDING_KEY_FILE
    pending.unlink(missing_ok=True)
    _write_new(pending, _pem(key))
    sync_dir(Path(keys_dir))
    return pending


def promote_pending_key(keys_dir: Path) -> None:
    """The recorded rotation's new key becomes the current key (atomic rename)."""
    os.replace(Path(keys_dir) / PENDING_KEY_FILE, Path(keys_dir) / SIGNING_KEY_FILE)
    sync_dir(Path(keys_dir))


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def public_key_b64(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The raw 32-byte public key, base64 (standard alphabet, padded): the form in keys.known."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def public_key_from_b64(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _save_new(path: Path, key: Ed25519PrivateKey) -> None:
    """Give `path` this key unless it has one: written whole under a temporary name, then
    hard-linked (atomic, never replaces). Where the file system has no hard links the
    final name is created exclusively and written in place (readers wait for it)."""
    # mkstemp makes the file 0600 whatever the umask.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kiosk-signing.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_pem(key))
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return                                   # another process's key won
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV,
                                 errno.EMLINK):
                raise
            try:
                _write_new(path, _pem(key))
            except FileExistsError:
                return
        sync_dir(path.parent)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _write_new(path: Path, data: bytes) -> None:
    with os.fdopen(create_private(path), "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _load_settled(path: Path) -> Ed25519PrivateKey:
    """Load the key; a key another process is still writing in place (no hard links)
    reads short for a moment, so try again briefly before giving up."""
    deadline = time.monotonic() + _SETTLE_SECONDS
    while True:
        try:
            return load_private_key(path)
        except ValueError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)
