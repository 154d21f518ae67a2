"""Verifying a bundle in another process, and what crosses the pipe back.

The office's import of a stick (kiosk/central/stick.py) verifies the next bundle in a worker
process while it stores the current one. The worker reads the file itself: bytes sent
through a pipe are written by a thread of the sending process, which waits for that
process's busy main thread (the GIL) at every 64 KiB, so a day's bundle sent took the
worker longer to receive than to verify. It runs ``verify_bundle``, the one reader, with
every rule; what it sends back is the file's SHA-256 (the caller stores the worker's
reading only of the very bytes it read itself) and plain data, rebuilt here into the same
VerifiedBundle: the records as tuples (a fifth of the cost of pickling Record objects) and
the manifest without its items list. The items were two thirds of the time this process
spent taking a day in (8 ms of 12 to unpickle it, 5,000 items); each was checked against
its record line in the worker, and the store reads only the manifest's header.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.export.invalid import BundleInvalid
from kiosk.export.verify import VerifiedBundle, verify_bundle
from kiosk.records.record import Record

Verified = tuple[str, dict[str, Any], str, list[tuple]]


def verify_in_worker(path: str, kiosk_keys: dict[str, str], central_raw: bytes) -> \
        Verified | None:
    """verify_bundle of the file at `path` (kiosk_keys=..., central_key=... as its 32 raw
    X25519 bytes): (the file's SHA-256 hex, manifest less ``records.items``, manifest
    SHA-256, one tuple per record in Record's field order), or None when the file cannot
    be read or the bundle is refused (the caller reads and verifies it again itself to say
    why, with its own view of the kiosks)."""
    try:
        data = Path(path).read_bytes()
        bundle = verify_bundle(data, kiosk_keys=kiosk_keys,
                               central_key=X25519PrivateKey.from_private_bytes(central_raw))
    except (OSError, BundleInvalid):
        return None
    assert bundle.records is not None
    header = {**bundle.manifest, "records": {
        key: value for key, value in bundle.manifest["records"].items() if key != "items"}}
    return hashlib.sha256(data).hexdigest(), header, bundle.manifest_sha256, [
        (r.seq, r.uuid, r.kiosk_id, r.kind, r.created_utc, r.payload_json, r.sha256,
         r.supersedes, r.redacted) for r in bundle.records]


def rebuild(verified: Verified) -> VerifiedBundle:
    """The VerifiedBundle verify_in_worker read: its manifest has no ``records.items``, its
    payloads are parsed again on first use."""
    _file_sha256, manifest, manifest_sha256, rows = verified
    from_row = Record.from_row
    return VerifiedBundle(manifest, manifest_sha256, [from_row(row) for row in rows])
