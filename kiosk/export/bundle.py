"""Building one export bundle in memory: record lines, encryption, manifest, signature, zip.

Pure: no store and no files. kiosk/export/day.py chooses the records and the chain and
writes the result to the stick; docs/bundle-format.md is the specification.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk import __version__
from kiosk.event.config import EventConfig
from kiosk.export import crypto
from kiosk.export.container import MANIFEST, RECORDS, SIGNATURE, build_container
from kiosk.export.manifest import BATCH_FORMAT, FORMAT, FORMAT_VERSION
from kiosk.records.canonical import canonical_json, sha256_hex
from kiosk.records.keys import public_key_b64
from kiosk.records.record import Record
from kiosk.records.store import utc_now_iso

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuiltBundle:
    data: bytes                 # the whole zip file
    file_name: str
    bundle_id: str
    manifest: dict
    manifest_bytes: bytes
    manifest_sha256: str
    content_key: bytes          # kept in memory only, to check the read-back copy
    seq_first: int
    seq_last: int
    counts: dict[str, int]


def bundle_file_name(event_code: str, kiosk_id: str, day: dt.date, export_number: int) -> str:
    safe = re.sub(r"[^A-Za-z0-9-]+", "-", event_code).strip("-") or "event"
    return f"{safe}_{kiosk_id}_{day.isoformat()}_{export_number:04d}.zip"


def build_bundle(records: Sequence[Record], *, signing_key: Ed25519PrivateKey,
                 central_key: X25519PublicKey, kiosk_id: str, kiosk_number: int,
                 event: EventConfig, day: dt.date, export_number: int,
                 previous_manifest_sha256: str, now: dt.datetime,
                 progress: Progress | None = None, bundle_id: str | None = None) -> BuiltBundle:
    """Encrypt the records to the central key, sign the manifest, and zip the three members.

    `progress(done, len(records))` is called while the record lines are made. `bundle_id`:
    the bundle's UUID when chosen beforehand (the export record names it), else a new one.
    """
    return _seal(records, signing_key=signing_key, central_key=central_key, kiosk_id=kiosk_id,
                 kiosk_number=kiosk_number, event=event, now=now, progress=progress,
                 bundle_id=bundle_id,
                 head={"format": FORMAT, "day": day.isoformat(),
                       "chain": {"export_number": export_number,
                                 "previous_manifest_sha256": previous_manifest_sha256}},
                 file_name=bundle_file_name(event.code, kiosk_id, day, export_number))


def build_batch(records: Sequence[Record], *, signing_key: Ed25519PrivateKey,
                central_key: X25519PublicKey, kiosk_id: str, kiosk_number: int,
                event: EventConfig, now: dt.datetime) -> BuiltBundle:
    """A sync batch (docs/sync-protocol.md): any seq range, no event day, no export chain;
    otherwise byte for byte a bundle (container, keys, record lines)."""
    seqs = sorted(r.seq for r in records)
    safe = re.sub(r"[^A-Za-z0-9-]+", "-", event.code).strip("-") or "event"
    name = f"{safe}_{kiosk_id}_batch_{seqs[0]}-{seqs[-1]}.zip" if seqs else ""
    return _seal(records, signing_key=signing_key, central_key=central_key, kiosk_id=kiosk_id,
                 kiosk_number=kiosk_number, event=event, now=now, progress=None,
                 head={"format": BATCH_FORMAT}, file_name=name)


def _seal(records: Sequence[Record], *, signing_key: Ed25519PrivateKey,
          central_key: X25519PublicKey, kiosk_id: str, kiosk_number: int, event: EventConfig,
          now: dt.datetime, progress: Progress | None, head: dict,
          file_name: str, bundle_id: str | None = None) -> BuiltBundle:
    if not records:
        raise ValueError("a bundle holds at least one record")
    ordered = sorted(records, key=lambda r: r.seq)
    bundle_id = bundle_id or str(uuid.uuid4())
    aad = bundle_id.encode("ascii")
    lines, items = [], []
    step = max(1, len(ordered) // 100)
    for i, item in enumerate(ordered, start=1):
        line = item.line()
        lines.append(line)
        items.append({"seq": item.seq, "uuid": item.uuid,
                      "sha256": sha256_hex(line)})
        if progress and (i % step == 0 or i == len(ordered)):
            progress(i, len(ordered))
    plaintext = b"".join(line + b"\n" for line in lines)
    content_key = crypto.new_content_key()
    nonce, sealed = crypto.encrypt(content_key, plaintext, aad=aad)
    wrapped = crypto.wrap_key(content_key, central_key, aad=aad)
    counts = dict(sorted(Counter(r.kind for r in ordered).items()))
    manifest = {
        "format_version": FORMAT_VERSION, "bundle_id": bundle_id,
        "created_utc": utc_now_iso(now), "generator": f"passport-kiosk {__version__}",
        **head,
        "kiosk": {"id": kiosk_id, "number": kiosk_number,
                  "public_key": public_key_b64(signing_key)},
        "event": {"code": event.code, "office": event.office, "name": event.name,
                  "venue": event.venue, "timezone": event.timezone},
        "records": {"count": len(ordered), "seq_first": ordered[0].seq,
                    "seq_last": ordered[-1].seq,
                    "redacted": sum(1 for r in ordered if r.redacted),
                    "counts": counts, "items": items},
        "encryption": {
            "content": {"algorithm": crypto.CONTENT_ALGORITHM, "member": RECORDS,
                        "nonce": crypto.b64(nonce), "aad": "bundle_id",
                        "ciphertext_size": len(sealed),
                        "ciphertext_sha256": sha256_hex(sealed)},
            "key_wrap": {"algorithm": crypto.WRAP_ALGORITHM,
                         "recipient_public_key_sha256": wrapped.recipient_sha256,
                         "ephemeral_public_key": crypto.b64(wrapped.ephemeral_public),
                         "hkdf_info": crypto.WRAP_INFO, "nonce": crypto.b64(wrapped.nonce),
                         "wrapped_key": crypto.b64(wrapped.wrapped)},
        },
    }
    manifest_bytes = canonical_json(manifest).encode("utf-8")
    signature = signing_key.sign(manifest_bytes)
    data = build_container({MANIFEST: manifest_bytes, SIGNATURE: signature, RECORDS: sealed})
    return BuiltBundle(
        data=data, file_name=file_name,
        bundle_id=bundle_id, manifest=manifest, manifest_bytes=manifest_bytes,
        manifest_sha256=sha256_hex(manifest_bytes), content_key=content_key,
        seq_first=ordered[0].seq, seq_last=ordered[-1].seq, counts=counts)
