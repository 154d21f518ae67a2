"""Enrollment, the kiosk's side (docs/sync-protocol.md, section 3): a one-time code from
the office is redeemed for a bearer token, and the office's keys are learnt in a way a
captive portal or an impostor cannot fake.

The reply is believed in this order: the `code_proof` HMAC, which only whoever issued the
code can make, vouches for the office's reply key; that key must then verify the reply's
signature; the X25519 key batches are encrypted to must match its fingerprint, and the
kiosk's configured central key when there is one. The result is kept with the kiosk's
keys, owner-only: keys/sync-enrollment.json (0600, written whole then renamed).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hmac
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.export import crypto
from kiosk.files.checked import sync_dir
from kiosk.files.owner import private_folder
from kiosk.records.store import utc_now_iso
from kiosk.sync.client import CentralClient
from kiosk.sync.errors import (
    EnrollFailed,
    NotEnrolled,
    NotTheOffice,
    OfficeBusy,
    Redirected,
)
from kiosk.sync.protocol import (
    code_is_plausible,
    code_proof,
    enroll_message,
    new_nonce,
    parse_body,
)
from kiosk.textfile import read_text

ENROLLMENT_FILE = "sync-enrollment.json"       # in the keys folder, 0600
CENTRAL_PEM = "central-public.pem"             # the office's key, when kiosk.toml names none
FORMAT = 1
# The office's refusals of an enrollment (docs/sync-protocol.md section 7), in words.
REFUSALS = {"401.2": "sync.enroll_code_refused", "401.3": "sync.enroll_other_key",
            "403.1": "sync.enroll_revoked"}


@dataclass(frozen=True)
class Enrollment:
    """What the kiosk keeps after enrolling.

    url: the office's base address; kiosk_id: the id enrolled (this database's);
    token: the bearer token (secret); central_signing_key: base64 of the office's raw
    Ed25519 reply key; central_public_pem: the office's X25519 key (PEM) batches are
    encrypted to, central_key_sha256 its fingerprint; max_batch_bytes,
    max_batch_records: the office's limits; enrolled_utc: when.
    """

    url: str
    kiosk_id: str
    token: str
    central_signing_key: str
    central_public_pem: str
    central_key_sha256: str
    max_batch_bytes: int
    max_batch_records: int
    enrolled_utc: str

    def central_key(self) -> X25519PublicKey:
        return crypto.load_central_public(self.central_public_pem)

    def with_url(self, url: str | None) -> Enrollment:
        """The same enrollment sent to another address (`kiosk sync --server URL`)."""
        return dataclasses.replace(self, url=url.rstrip("/")) if url else self


def check_url(url: str) -> str:
    """The office's base address, without a trailing slash; EnrollFailed when it is not an
    http(s) address."""
    url = (url or "").strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EnrollFailed("sync.enroll_url", url=url[:100])
    return url


def load_enrollment(keys_dir: Path) -> Enrollment | None:
    """The saved enrollment, None when this kiosk was never enrolled. A damaged file
    raises NotEnrolled saying so (enroll again)."""
    path = Path(keys_dir) / ENROLLMENT_FILE
    try:
        raw = json.loads(read_text(path))
        fields = {f.name for f in dataclasses.fields(Enrollment)}
        if raw.get("format") != FORMAT:
            raise ValueError("format")
        return Enrollment(**{k: raw[k] for k in fields})
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        raise NotEnrolled("sync.enrollment_damaged", path=str(path)) from None


def save_enrollment(keys_dir: Path, enrollment: Enrollment) -> Path:
    """Write keys/sync-enrollment.json owner-only: a temporary file (0600), fsync, rename."""
    folder = private_folder(Path(keys_dir))
    path = folder / ENROLLMENT_FILE
    data = json.dumps({"format": FORMAT, **dataclasses.asdict(enrollment)}, indent=1,
                      sort_keys=True).encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sync-enrollment.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    sync_dir(folder)
    return path


def enroll(url: str, code: str, *, kiosk_id: str, signing_key: Ed25519PrivateKey,
           configured_central: X25519PublicKey | None, now: dt.datetime,
           timeout: float = 30.0, transport: Any = None) -> Enrollment:
    """Redeem `code` at the office at `url` for this kiosk (section 3); the Enrollment to
    save. Raises EnrollFailed (a wrong address or code, the office's refusal, a reply that
    does not prove itself, a central key other than the configured one) or the SyncError
    of the network (no connection, timeout, captive portal)."""
    url = check_url(url)
    if not code_is_plausible(code):
        raise EnrollFailed("sync.enroll_code")
    with CentralClient(url, timeout=timeout, transport=transport) as client:
        nonce = new_nonce()
        signature = base64.b64encode(signing_key.sign(
            enroll_message(kiosk_id, code, nonce))).decode("ascii")
        exchange = client.exchange("POST", "/enroll", auth=False, nonce=nonce, json_body={
            "kiosk_id": kiosk_id, "code": code, "signature": signature})
        body = _answer(exchange)
        signing_b64, pem, fpr = (body.get("central_signing_key"),
                                 body.get("central_public_key"), body.get("central_key_sha256"))
        if not all(isinstance(v, str) for v in (signing_b64, pem, fpr)):
            raise NotTheOffice(status=exchange.status, why="the enrollment reply lacks keys")
        expected = code_proof(code, kiosk_id=kiosk_id, signing_key_b64=signing_b64,
                              central_key_sha256=fpr, nonce=exchange.nonce)
        if not hmac.compare_digest(str(body.get("code_proof") or ""), expected):
            raise EnrollFailed("sync.enroll_not_office")
        try:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(signing_b64,
                                                                      validate=True))
        except ValueError:
            raise EnrollFailed("sync.enroll_not_office") from None
        body = client.verified(exchange, key)          # signature, nonce, method, path
    central = _central_key(pem, fpr)
    if configured_central is not None and crypto.fingerprint(configured_central) != fpr:
        raise EnrollFailed("sync.enroll_key_mismatch",
                           configured=crypto.fingerprint(configured_central)[:16],
                           office=fpr[:16])
    limits = body.get("limits") if isinstance(body.get("limits"), dict) else {}
    token = body.get("token")
    if not isinstance(token, str) or not token:
        raise NotTheOffice(status=exchange.status, why="the enrollment reply has no token")
    return Enrollment(
        url=url, kiosk_id=kiosk_id, token=token, central_signing_key=signing_b64,
        central_public_pem=central.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii"),
        central_key_sha256=fpr,
        max_batch_bytes=_limit(limits, "max_batch_bytes", 16 * 1024 * 1024),
        max_batch_records=_limit(limits, "max_batch_records", 5000),
        enrolled_utc=utc_now_iso(now))


def _answer(exchange: Any) -> dict:
    """The enrollment reply's body, before its signature can be checked (the key comes in
    it); a refusal or a non-office answer as the right error."""
    status = exchange.status
    if 300 <= status < 400:
        host = urlsplit(exchange.headers.get("location") or "").hostname or "?"
        raise Redirected(status=status, host=host)
    try:
        body = parse_body(exchange.content)
    except ValueError:
        if status in (408, 429) or status >= 500:
            raise OfficeBusy(status=status, retry_after=exchange.retry_after) from None
        raise NotTheOffice(status=status, why="the answer is not JSON") from None
    if status == 200:
        return body
    code = str(body.get("code") or status)
    if code in REFUSALS:
        raise EnrollFailed(REFUSALS[code], code=code)
    if code.startswith(("401.", "403.")):
        raise EnrollFailed("sync.enroll_refused", code=code,
                           detail=str(body.get("detail") or "")[:300])
    if status in (408, 429) or status >= 500:
        raise OfficeBusy(status=status, retry_after=exchange.retry_after)
    raise EnrollFailed("sync.enroll_refused", code=code,
                       detail=str(body.get("detail") or body.get("title") or "")[:300])


def _central_key(pem: str, fpr: str) -> X25519PublicKey:
    try:
        key = crypto.load_central_public(pem)
    except crypto.KeyFileError:
        raise EnrollFailed("sync.enroll_not_office") from None
    if crypto.fingerprint(key) != fpr:
        raise EnrollFailed("sync.enroll_not_office")
    return key


def _limit(limits: dict, name: str, default: int) -> int:
    value = limits.get(name)
    return value if type(value) is int and value > 0 else default


def adopt_central_key(keys_dir: Path, config_path: Path, enrollment: Enrollment) -> bool:
    """When kiosk.toml names no central key, keep the enrolled office's key beside the
    kiosk's keys (keys/central-public.pem) and name it there, so day exports encrypt to
    the same office. True when kiosk.toml was changed."""
    from kiosk.event.config_file import write_setting

    pem_path = private_folder(Path(keys_dir)) / CENTRAL_PEM
    pem_path.write_text(enrollment.central_public_pem, encoding="ascii")
    relative = os.path.relpath(pem_path, Path(config_path).parent)
    write_setting(Path(config_path), "event.central_public_key", relative)
    return True

