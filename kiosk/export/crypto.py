"""Bundle cryptography: the central office's X25519 key pair, key wrapping, AES-256-GCM.

Exactly as docs/bundle-format.md describes (readers in other languages follow that page):

- content: AES-256-GCM, fresh random 32-byte key and 12-byte nonce per bundle, AAD = the
  bundle id (ASCII); the member holds ciphertext || 16-byte tag.
- key wrap: ephemeral X25519 key pair per bundle; shared = X25519(ephemeral, central);
  KEK = HKDF-SHA256(shared, salt = ephemeral_pub || central_pub (raw, 32 + 32 bytes),
  info = WRAP_INFO, 32 bytes); wrapped = AES-256-GCM(KEK, 12-byte nonce, content key,
  AAD = bundle id) = 32 + 16 bytes.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kiosk.errors import KioskError
from kiosk.textfile import read_utf8_bytes

CONTENT_ALGORITHM = "AES-256-GCM"
WRAP_ALGORITHM = "X25519-HKDF-SHA256-AES-256-GCM"
WRAP_INFO = "passport-kiosk bundle v1 key wrap"
KEY_BYTES, NONCE_BYTES, TAG_BYTES = 32, 12, 16
PRIVATE_FILE, PUBLIC_FILE = "central-private.pem", "central-public.pem"


class KeyFileError(KioskError):
    """A key file that cannot be used; `detail` says which file and what to do."""

    key = "keyfile.unusable"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail=detail)


@dataclass(frozen=True)
class WrappedKey:
    ephemeral_public: bytes   # raw 32 bytes
    nonce: bytes              # 12 bytes
    wrapped: bytes            # 48 bytes: encrypted content key || tag
    recipient_sha256: str     # hex SHA-256 of the central public key's raw 32 bytes


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def raw_public(key: X25519PublicKey | X25519PrivateKey) -> bytes:
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: X25519PublicKey | X25519PrivateKey) -> str:
    """Hex SHA-256 of the raw 32-byte public key: names the central key in a manifest."""
    return hashlib.sha256(raw_public(key)).hexdigest()


# -- the central office's key pair ----------------------------------------------------------
def make_central_keypair(out_dir: Path, *, passphrase: bytes | None = None) -> tuple[Path, Path]:
    """Write central-private.pem (PKCS#8, mode 0600) and central-public.pem (SPKI) in out_dir.

    Refuses to overwrite an existing pair: losing the private key loses every bundle.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    private_path, public_path = out_dir / PRIVATE_FILE, out_dir / PUBLIC_FILE
    for path in (private_path, public_path):
        if path.exists():
            raise KeyFileError(f"{path} already exists; move it away first (never overwrite "
                               "a central key: bundles made for it could no longer be read).")
    key = X25519PrivateKey.generate()
    encryption = (serialization.BestAvailableEncryption(passphrase) if passphrase
                  else serialization.NoEncryption())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            encryption)
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    public_path.write_bytes(key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    return private_path, public_path


def load_central_public(source: str | Path) -> X25519PublicKey:
    """The central public key from a PEM file, or from PEM text (config may hold either)."""
    text = str(source)
    if text.lstrip().startswith("-----BEGIN"):
        data, where = text.encode("ascii"), "the PEM text"
    else:
        try:
            data, where = read_utf8_bytes(source), str(source)
        except OSError as exc:
            raise KeyFileError(f"cannot read the central public key {source}: "
                               f"{exc.strerror}.") from None
        except ValueError:
            raise KeyFileError(f"{source} is not a PEM text file (expected "
                               "central-public.pem).") from None
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError:
        raise KeyFileError(f"{where} is not a PEM public key (expected central-public.pem "
                           "made by `kiosk keys central-keypair`).") from None
    if not isinstance(key, X25519PublicKey):
        raise KeyFileError(f"{where} is not an X25519 key (expected central-public.pem).")
    return key


def load_central_private(path: Path, *, passphrase: bytes | None = None) -> X25519PrivateKey:
    try:
        data = read_utf8_bytes(path)
    except OSError as exc:
        raise KeyFileError(f"cannot read {path}: {exc.strerror}.") from None
    except ValueError:
        raise KeyFileError(f"{path} is not a PEM text file (expected "
                           "central-private.pem).") from None
    try:
        key = serialization.load_pem_private_key(data, password=passphrase)
    except TypeError:
        raise KeyFileError(f"{path} is protected by a passphrase; give it.") from None
    except ValueError:
        raise KeyFileError(f"{path} is not a readable PEM private key (or the passphrase "
                           "is wrong).") from None
    if not isinstance(key, X25519PrivateKey):
        raise KeyFileError(f"{path} is not an X25519 private key (expected "
                           "central-private.pem).")
    return key


def private_key_is_encrypted(path: Path) -> bool:
    return b"ENCRYPTED PRIVATE KEY" in read_utf8_bytes(path)[:64]


# -- wrapping and content encryption --------------------------------------------------------
def _kek(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES,
                salt=ephemeral_public + recipient_public,
                info=WRAP_INFO.encode("ascii")).derive(shared)


def new_content_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def wrap_key(content_key: bytes, recipient: X25519PublicKey, *, aad: bytes) -> WrappedKey:
    ephemeral = X25519PrivateKey.generate()
    eph_pub, rec_pub = raw_public(ephemeral), raw_public(recipient)
    kek = _kek(ephemeral.exchange(recipient), eph_pub, rec_pub)
    nonce = secrets.token_bytes(NONCE_BYTES)
    return WrappedKey(eph_pub, nonce, AESGCM(kek).encrypt(nonce, content_key, aad),
                      hashlib.sha256(rec_pub).hexdigest())


def unwrap_key(wrapped: WrappedKey, recipient: X25519PrivateKey, *, aad: bytes) -> bytes:
    """The content key; raises InvalidTag for a wrong central key or a changed field."""
    eph = X25519PublicKey.from_public_bytes(wrapped.ephemeral_public)
    kek = _kek(recipient.exchange(eph), wrapped.ephemeral_public, raw_public(recipient))
    key = AESGCM(kek).decrypt(wrapped.nonce, wrapped.wrapped, aad)
    if len(key) != KEY_BYTES:
        raise InvalidTag()
    return key


def encrypt(content_key: bytes, plaintext: bytes, *, aad: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext || tag)."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce, AESGCM(content_key).encrypt(nonce, plaintext, aad)


def decrypt(content_key: bytes, nonce: bytes, sealed: bytes, *, aad: bytes) -> bytes:
    """The plaintext; raises cryptography's InvalidTag when anything was changed."""
    return AESGCM(content_key).decrypt(nonce, sealed, aad)
