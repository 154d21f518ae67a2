"""The office's keys, in ``keys/`` of the data folder (0700; every private key 0600).

- ``central-private.pem`` / ``central-public.pem``: the X25519 pair every bundle and batch
  is encrypted to (docs/bundle-format.md, section 1); kiosks hold the public half.
- ``central-signing.pem``: an Ed25519 key that signs every reply of the sync API, so a
  kiosk can tell the real office from a captive portal (docs/sync-protocol.md).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.central.settings import CentralPaths, write_owner_only
from kiosk.central.shared import (
    PRIVATE_FILE,
    PUBLIC_FILE,
    KeyFileError,
    fingerprint,
    load_central_private,
    make_central_keypair,
    public_key_b64,
)

SIGNING_FILE = "central-signing.pem"


@dataclass(frozen=True)
class CentralKeys:
    central: X25519PrivateKey          # decrypts bundles and batches
    signing: Ed25519PrivateKey         # signs the sync API's replies
    public_pem: str                    # central-public.pem, for the kiosks

    @property
    def fingerprint(self) -> str:
        """Hex SHA-256 of the raw X25519 public key (names it in every manifest)."""
        return fingerprint(self.central)

    @property
    def signing_public_b64(self) -> str:
        """The reply-signing public key: raw 32 bytes, base64 (as kiosk keys are written)."""
        return public_key_b64(self.signing)

    @property
    def signing_fingerprint(self) -> str:
        return hashlib.sha256(base64.b64decode(self.signing_public_b64)).hexdigest()

    def sign(self, body: bytes) -> str:
        """Base64 Ed25519 signature of the exact reply bytes."""
        return base64.b64encode(self.signing.sign(body)).decode("ascii")


def init_keys(paths: CentralPaths, *, given: Path | None = None,
              passphrase: bytes | None = None) -> CentralKeys:
    """Make (or take over `given`) the central pair, and make the signing key, once.

    Existing keys are kept: running init twice never replaces a key that bundles were
    made for. A passphrase-protected `given` key is stored unprotected in the owner-only
    keys folder, because the server reads it unattended.
    """
    paths.ensure()
    private_path = paths.keys / PRIVATE_FILE
    if not private_path.exists():
        if given is None:
            make_central_keypair(paths.keys)
        else:
            key = load_central_private(Path(given), passphrase=passphrase)
            write_owner_only(private_path, key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
            write_owner_only(paths.keys / PUBLIC_FILE, key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
            (paths.keys / PUBLIC_FILE).chmod(0o644)
    elif given is not None:
        have = load_central_private(private_path)
        other = load_central_private(Path(given), passphrase=passphrase)
        if fingerprint(have) != fingerprint(other):
            raise KeyFileError(f"{private_path} already holds another central key; move the "
                               "data folder's keys away first (bundles made for the old key "
                               "could no longer be read).")
    signing_path = paths.keys / SIGNING_FILE
    if not signing_path.exists():
        write_owner_only(signing_path, Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
    return load_keys(paths)


def load_keys(paths: CentralPaths) -> CentralKeys:
    """The keys of an initialised data folder; KeyFileError says to run init otherwise."""
    private_path, signing_path = paths.keys / PRIVATE_FILE, paths.keys / SIGNING_FILE
    for path in (private_path, signing_path):
        if not path.exists():
            raise KeyFileError(f"{path} is missing: run `kiosk-central init` first.")
    central = load_central_private(private_path)
    signing = serialization.load_pem_private_key(signing_path.read_bytes(), password=None)
    if not isinstance(signing, Ed25519PrivateKey):
        raise KeyFileError(f"{signing_path} is not an Ed25519 private key.")
    public_pem = central.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return CentralKeys(central, signing, public_pem.decode("ascii"))

