"""Verifying and reading a bundle: every check of docs/bundle-format.md, in its order.

The central office reuses this: ``read_bundle(path, central_key=..., kiosk_keys=...)``
gives the manifest and every record, or raises BundleInvalid naming the failed step and
why. The kiosk uses it to check the copy it read back from the stick (with the content
key it still holds instead of the central private key).
"""

from __future__ import annotations

import binascii
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.errors import KioskError
from kiosk.export import crypto
from kiosk.export.container import MANIFEST, RECORDS, SIGNATURE, ContainerError, read_container
from kiosk.export.manifest import (
    BATCH_FORMAT,
    BATCH_SCHEMA,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST_SCHEMA,
    ZERO_HASH,
    ManifestError,
    check_fields,
    check_line,
    parse_json_object,
    sha256_hex,
)
from kiosk.records.keys import public_key_b64, public_key_from_b64
from kiosk.records.record import Record


class BundleInvalid(KioskError):
    """Verification failed: `step` names the check (container, manifest, kiosk_key, signature,
    chain, index, ciphertext, key, decrypt, records) and `reason` says why."""

    key = "bundle.invalid"

    def __init__(self, step: str, reason: str) -> None:
        self.step, self.reason = step, reason
        super().__init__(step=step, reason=reason)


@dataclass(frozen=True)
class VerifiedBundle:
    manifest: dict[str, Any]
    manifest_sha256: str
    records: list[Record] | None    # None when verified without a key to decrypt

    @property
    def kiosk_id(self) -> str:
        return self.manifest["kiosk"]["id"]

    @property
    def export_number(self) -> int | None:
        """The export's number in its kiosk's chain; None for a sync batch."""
        return self.manifest["chain"]["export_number"] if "chain" in self.manifest else None

    def summary(self) -> list[str]:
        """Lines for a person: who, which day, chain, counts (no personal data)."""
        m, r = self.manifest, self.manifest["records"]
        counts = ", ".join(f"{k} {v}" for k, v in r["counts"].items())
        day = f", day {m['day']}" if "day" in m else " (sync batch)"
        lines = [
            f"bundle    {m['bundle_id']} ({m['generator']})",
            f"kiosk     {m['kiosk']['id']} (number {m['kiosk']['number']}), "
            f"event {m['event']['code']}{day}, made {m['created_utc']}",
        ]
        if "chain" in m:
            lines.append(f"chain     export {m['chain']['export_number']}, previous manifest "
                         f"{m['chain']['previous_manifest_sha256'][:16]}..., this manifest "
                         f"{self.manifest_sha256[:16]}...")
        lines.append(f"records   {r['count']} (seq {r['seq_first']}..{r['seq_last']}): {counts}")
        if r["redacted"]:
            lines.append(f"redacted  {r['redacted']} record(s) carry no personal fields any "
                         "more (retention); their payload hash is the original's")
        lines.append("decrypted every record and checked every hash" if self.records is not None
                     else "signature and hashes checked; records not decrypted (no key)")
        return lines


KioskKeys = Mapping[str, str | Ed25519PublicKey]


def read_bundle(source: Path | bytes, *, central_key: X25519PrivateKey,
                kiosk_keys: KioskKeys, previous: VerifiedBundle | None = None) -> VerifiedBundle:
    """Verify everything and decrypt: the central office's entry point."""
    return verify_bundle(source, kiosk_keys=kiosk_keys, central_key=central_key,
                         previous=previous)


def verify_bundle(source: Path | bytes, *, kiosk_keys: KioskKeys,
                  central_key: X25519PrivateKey | None = None, content_key: bytes | None = None,
                  previous: VerifiedBundle | None = None) -> VerifiedBundle:
    """Run the checks in the documented order; raise BundleInvalid at the first failure.

    `kiosk_keys` maps kiosk id -> Ed25519 public key (base64 or key object): only those
    kiosks are trusted. With `central_key` (or the kiosk's own `content_key`) the records
    are decrypted and checked too. With `previous`, the chain link to it is checked.
    """
    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise BundleInvalid("container", f"cannot read {source}: {exc.strerror}") from None
    # 1. container
    try:
        members = read_container(data)
    except ContainerError as exc:
        raise BundleInvalid("container", str(exc)) from None
    manifest_bytes, signature, sealed = members[MANIFEST], members[SIGNATURE], members[RECORDS]
    # 2. manifest fields
    try:
        manifest = parse_json_object(manifest_bytes, MANIFEST)
        schema = {FORMAT: MANIFEST_SCHEMA, BATCH_FORMAT: BATCH_SCHEMA}.get(manifest.get("format"))
        if schema is None or manifest.get("format_version") != FORMAT_VERSION:
            raise ManifestError(f"format {manifest.get('format')!r} version "
                                f"{manifest.get('format_version')!r}; this reader knows "
                                f"{FORMAT!r} and {BATCH_FORMAT!r} version {FORMAT_VERSION}")
        check_fields(manifest, schema, "manifest")
        if not manifest["bundle_id"].isascii():
            raise ManifestError("manifest.bundle_id must be ASCII")
    except ManifestError as exc:
        raise BundleInvalid("manifest", str(exc)) from None
    # 3. the kiosk's key is one we trust, 4. its signature
    kiosk_id = manifest["kiosk"]["id"]
    trusted = kiosk_keys.get(kiosk_id)
    if trusted is None:
        raise BundleInvalid("kiosk_key", f"kiosk {kiosk_id} is not among the known kiosk keys")
    trusted_b64 = trusted if isinstance(trusted, str) else public_key_b64(trusted)
    if manifest["kiosk"]["public_key"] != trusted_b64:
        raise BundleInvalid("kiosk_key", f"the manifest names a public key that is not kiosk "
                            f"{kiosk_id}'s known key (signed by another kiosk?)")
    if len(signature) != 64:
        raise BundleInvalid("signature", f"{SIGNATURE} holds {len(signature)} bytes, not 64")
    try:
        public_key_from_b64(trusted_b64).verify(signature, manifest_bytes)
    except InvalidSignature:
        raise BundleInvalid("signature", f"{SIGNATURE} does not verify with kiosk {kiosk_id}'s "
                            "key: the manifest was changed or signed by another key") from None
    manifest_sha256 = sha256_hex(manifest_bytes)
    if manifest["format"] == FORMAT:       # a sync batch is in no export chain
        _check_chain(manifest, previous)
    items = _check_index(manifest)
    # 7. the encrypted member is the one the manifest names
    content = manifest["encryption"]["content"]
    if len(sealed) != content["ciphertext_size"] or sha256_hex(sealed) != \
            content["ciphertext_sha256"]:
        raise BundleInvalid("ciphertext", f"{RECORDS} is not the file the signed manifest names "
                            "(size or SHA-256 differ)")
    if central_key is None and content_key is None:
        return VerifiedBundle(manifest, manifest_sha256, None)
    aad = manifest["bundle_id"].encode("ascii")
    if content_key is None:
        assert central_key is not None
        content_key = _unwrap(manifest, central_key, aad)
    try:
        plaintext = crypto.decrypt(content_key, _b64(content["nonce"], "content nonce"), sealed,
                                   aad=aad)
    except (InvalidTag, ValueError):
        raise BundleInvalid("decrypt", f"{RECORDS} does not decrypt (AES-GCM tag fails): "
                            "changed, or not encrypted under this bundle's key") from None
    records = _check_records(manifest, items, plaintext)
    return VerifiedBundle(manifest, manifest_sha256, records)


def _b64(text: str, what: str) -> bytes:
    try:
        return crypto.unb64(text)
    except (binascii.Error, ValueError):
        raise BundleInvalid("manifest", f"{what} is not base64") from None


def _check_chain(manifest: dict, previous: VerifiedBundle | None) -> None:
    chain = manifest["chain"]
    number, prev_hash = chain["export_number"], chain["previous_manifest_sha256"]
    if number < 1:
        raise BundleInvalid("chain", f"export number {number} is below 1")
    if number == 1 and prev_hash != ZERO_HASH:
        raise BundleInvalid("chain", "the first export names a previous manifest")
    if number > 1 and prev_hash == ZERO_HASH:
        raise BundleInvalid("chain", f"export {number} names no previous manifest")
    if previous is not None:
        if previous.kiosk_id != manifest["kiosk"]["id"]:
            raise BundleInvalid("chain", "the previous bundle is another kiosk's")
        if previous.export_number + 1 != number:
            raise BundleInvalid("chain", f"export {number} does not follow export "
                                f"{previous.export_number}")
        if previous.manifest_sha256 != prev_hash:
            raise BundleInvalid("chain", "the previous manifest's SHA-256 is not the one named")


def _check_index(manifest: dict) -> list[dict]:
    recs = manifest["records"]
    items = recs["items"]
    seqs = [i["seq"] for i in items]
    if not items or len(items) != recs["count"]:
        raise BundleInvalid("index", f"count {recs['count']} but {len(items)} items")
    if any(b <= a for a, b in zip(seqs, seqs[1:], strict=False)):
        raise BundleInvalid("index", "items are not in strictly rising seq order")
    if seqs[0] != recs["seq_first"] or seqs[-1] != recs["seq_last"]:
        raise BundleInvalid("index", "seq_first/seq_last are not the first and last items")
    if len({i["uuid"] for i in items}) != len(items):
        raise BundleInvalid("index", "two items share a uuid")
    counts = recs["counts"]
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in counts.values()) \
            or sum(counts.values()) != len(items):
        raise BundleInvalid("index", "counts per kind do not add up to the record count")
    if not 0 <= recs["redacted"] <= len(items):
        raise BundleInvalid("index", "the redacted count is out of range")
    return items


def _unwrap(manifest: dict, central_key: X25519PrivateKey, aad: bytes) -> bytes:
    wrap = manifest["encryption"]["key_wrap"]
    content = manifest["encryption"]["content"]
    if (content["algorithm"], wrap["algorithm"], wrap["hkdf_info"], content["aad"]) != \
            (crypto.CONTENT_ALGORITHM, crypto.WRAP_ALGORITHM, crypto.WRAP_INFO, "bundle_id"):
        raise BundleInvalid("key", "unknown encryption algorithms or parameters")
    if wrap["recipient_public_key_sha256"] != crypto.fingerprint(central_key):
        raise BundleInvalid("key", "the bundle was encrypted for another central key "
                            f"(fingerprint {wrap['recipient_public_key_sha256'][:16]}...)")
    wrapped = crypto.WrappedKey(_b64(wrap["ephemeral_public_key"], "ephemeral key"),
                                _b64(wrap["nonce"], "wrap nonce"),
                                _b64(wrap["wrapped_key"], "wrapped key"),
                                wrap["recipient_public_key_sha256"])
    try:
        return crypto.unwrap_key(wrapped, central_key, aad=aad)
    except (InvalidTag, ValueError):
        raise BundleInvalid("key", "the wrapped content key does not open with this central "
                            "key (changed, or made for another key)") from None


def _check_records(manifest: dict, items: list[dict], plaintext: bytes) -> list[Record]:
    if not plaintext.endswith(b"\n"):
        raise BundleInvalid("records", "records.jsonl does not end with a newline")
    lines = plaintext[:-1].split(b"\n")
    if len(lines) != len(items):
        raise BundleInvalid("records", f"{len(lines)} lines for {len(items)} manifest items")
    out = []
    for n, (line, item) in enumerate(zip(lines, items, strict=True), start=1):
        if sha256_hex(line) != item["sha256"]:
            raise BundleInvalid("records", f"line {n} (seq {item['seq']}) does not match its "
                                "SHA-256 in the manifest")
        try:
            rec = parse_json_object(line, f"line {n}")
            check_line(rec, f"line {n}")
        except ManifestError as exc:
            raise BundleInvalid("records", str(exc)) from None
        if (rec["seq"], rec["uuid"]) != (item["seq"], item["uuid"]):
            raise BundleInvalid("records", f"line {n} is not seq {item['seq']}")
        if rec["kiosk_id"] != manifest["kiosk"]["id"]:
            raise BundleInvalid("records", f"line {n} belongs to kiosk {rec['kiosk_id']}")
        if not rec["redacted"] and sha256_hex(rec["payload"].encode("utf-8")) != \
                rec["payload_sha256"]:
            raise BundleInvalid("records", f"line {n}: the payload does not match its SHA-256")
        out.append(Record.from_line(rec))
    if dict(sorted(Counter(r.kind for r in out).items())) != manifest["records"]["counts"]:
        raise BundleInvalid("records", "the kinds of the records differ from the manifest counts")
    if sum(r.redacted for r in out) != manifest["records"]["redacted"]:
        raise BundleInvalid("records", "the redacted count differs from the records")
    return out
