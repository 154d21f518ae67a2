"""Verifying and reading a bundle: every check of docs/bundle-format.md, in its order.

The central office reuses this: ``read_bundle(path, central_key=..., kiosk_keys=...)``
gives the manifest and every record, or raises BundleInvalid naming the failed step and
why. The kiosk uses it to check the copy it read back from the stick (with the content
key it still holds instead of the central private key).
"""

from __future__ import annotations

import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from kiosk.export import crypto, strict_json
from kiosk.export.container import MANIFEST, RECORDS, SIGNATURE, ContainerError, read_container
from kiosk.export.invalid import BundleInvalid
from kiosk.export.manifest import (
    FORMAT,
    ZERO_HASH,
    ManifestError,
    check_manifest,
    parse_json_object,
    sha256_hex,
)
from kiosk.export.record_lines import check_records
from kiosk.records.keys import public_key_b64, public_key_from_b64
from kiosk.records.record import Record


@dataclass(frozen=True)
class VerifiedBundle:
    """A bundle that passed: its manifest, the SHA-256 of its manifest.json (the next export
    names it), its records (None when verified without a key to decrypt), and whether its
    link to the previous export was checked (False: no previous bundle was given, rule 5.3)."""

    manifest: dict[str, Any]
    manifest_sha256: str
    records: list[Record] | None
    previous_checked: bool = False

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
        number = self.export_number
        if number is None:
            link = ""
        elif number == 1:
            link = "the first export of this kiosk"
        elif self.previous_checked:
            link = f"follows export {number - 1} (link checked)"
        else:
            link = (f"link to export {number - 1} not checked (give that bundle with "
                    "--previous)")
        day = f", day {m['day']}" if "day" in m else " (sync batch)"
        lines = [
            f"bundle    {m['bundle_id']} ({m['generator']})",
            f"kiosk     {m['kiosk']['id']} (number {m['kiosk']['number']}), "
            f"event {m['event']['code']}{day}, made {m['created_utc']}",
        ]
        if number is not None:
            lines.append(f"chain     export {number}: {link}; previous manifest "
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

    `kiosk_keys` maps kiosk id -> Ed25519 public key (base64 or key object); only those
    kiosks are trusted (looked up with `.get(kiosk id)`). With `central_key` (or the kiosk's
    own `content_key`) the records are decrypted and checked too (steps 8 to 10); without,
    steps 1 to 7 run and need no private key. With `previous` (this kiosk's export number
    N - 1, itself verified, with or without its records) the chain link is checked (rule 5.3).
    """
    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise BundleInvalid("container", f"cannot read {source}: {exc.strerror}",
                                "1.1") from None
    # 1. container
    try:
        members = read_container(data)
    except ContainerError as exc:
        raise BundleInvalid("container", str(exc), exc.rule) from None
    manifest_bytes, signature, sealed = members[MANIFEST], members[SIGNATURE], members[RECORDS]
    # 2. manifest: JSON rules (written canonically, as a kiosk writes it: read quickly,
    # strict_json.canonical_object, a third of the time), format, fields and types, formats
    try:
        manifest = strict_json.canonical_object(manifest_bytes)
        if manifest is None:
            manifest = parse_json_object(manifest_bytes, MANIFEST, rule="2.1")
        check_manifest(manifest)
    except ManifestError as exc:
        raise BundleInvalid("manifest", exc.detail, exc.rule) from None
    # 3. the kiosk's key is one we trust, 4. its signature
    kiosk_id = manifest["kiosk"]["id"]
    public_key = _trusted_key(kiosk_keys.get(kiosk_id), kiosk_id)
    if crypto.unb64(manifest["kiosk"]["public_key"]) != _raw(public_key):
        raise BundleInvalid("kiosk_key", f"the manifest names a public key that is not kiosk "
                            f"{kiosk_id}'s known key (signed by another kiosk?)", "3.2",
                            kiosk_id=kiosk_id)
    if len(signature) != 64:
        raise BundleInvalid("signature", f"{SIGNATURE} holds {len(signature)} bytes, not 64",
                            "4.1")
    try:
        public_key.verify(signature, manifest_bytes)
    except InvalidSignature:
        raise BundleInvalid("signature", f"{SIGNATURE} does not verify with kiosk {kiosk_id}'s "
                            "key: the manifest was changed or signed by another key",
                            "4.2") from None
    manifest_sha256 = sha256_hex(manifest_bytes)
    if manifest["format"] == FORMAT:      # a sync batch is in no export chain and no day
        _check_chain(manifest)
        if previous is not None:
            check_link(previous, manifest)
    items = _check_index(manifest)
    # 7. the encrypted member is the one the manifest names
    content = manifest["encryption"]["content"]
    if len(sealed) != content["ciphertext_size"] or sha256_hex(sealed) != \
            content["ciphertext_sha256"]:
        raise BundleInvalid("ciphertext", f"{RECORDS} is not the file the signed manifest names "
                            "(size or SHA-256 differ)", "7.1")
    linked = previous is not None
    if central_key is None and content_key is None:
        return VerifiedBundle(manifest, manifest_sha256, None, linked)
    aad = manifest["bundle_id"].encode("ascii")
    if content_key is None:
        assert central_key is not None
        content_key = _unwrap(manifest, central_key, aad)
    try:
        plaintext = crypto.decrypt(content_key, crypto.unb64(content["nonce"]), sealed, aad=aad)
    except (InvalidTag, ValueError):
        raise BundleInvalid("decrypt", f"{RECORDS} does not decrypt (AES-GCM tag fails): "
                            "changed, or not encrypted under this bundle's key", "9.1") from None
    records = check_records(manifest, items, plaintext)
    return VerifiedBundle(manifest, manifest_sha256, records, linked)


def _trusted_key(trusted: str | Ed25519PublicKey | None, kiosk_id: str) -> Ed25519PublicKey:
    if trusted is None:
        raise BundleInvalid("kiosk_key", f"kiosk {kiosk_id} is not among the known kiosk keys",
                            "3.1", kiosk_id=kiosk_id)
    if isinstance(trusted, Ed25519PublicKey):
        return trusted
    try:
        return public_key_from_b64(trusted)
    except (binascii.Error, ValueError):
        raise BundleInvalid("kiosk_key", f"the key on file for kiosk {kiosk_id} is not a "
                            "base64 Ed25519 public key (fix the list of kiosk keys)",
                            "3.1", kiosk_id=kiosk_id) from None


def _raw(key: Ed25519PublicKey) -> bytes:
    return crypto.unb64(public_key_b64(key))


def _check_chain(manifest: dict) -> None:
    """Rules 5.1 and 5.2: the chain fields alone."""
    chain = manifest["chain"]
    number, prev_hash = chain["export_number"], chain["previous_manifest_sha256"]
    if number < 1:
        raise BundleInvalid("chain", f"export number {number} is below 1", "5.1")
    if number == 1 and prev_hash != ZERO_HASH:
        raise BundleInvalid("chain", "the first export names a previous manifest", "5.2")
    if number > 1 and prev_hash == ZERO_HASH:
        raise BundleInvalid("chain", f"export {number} names no previous manifest", "5.2")


def check_link(earlier: VerifiedBundle, manifest: dict) -> None:
    """Rule 5.3: `manifest` (a later bundle's, verified through step 4) is the export that
    follows `earlier`: same kiosk, the next number, and it names earlier's manifest hash.
    Whichever of the two arrived first; raises BundleInvalid at step chain."""
    chain = manifest["chain"]
    if earlier.kiosk_id != manifest["kiosk"]["id"]:
        raise BundleInvalid("chain", f"the previous bundle is kiosk {earlier.kiosk_id}'s, this "
                            f"one kiosk {manifest['kiosk']['id']}'s", "5.3")
    if earlier.export_number + 1 != chain["export_number"]:
        raise BundleInvalid("chain", f"export {chain['export_number']} does not follow export "
                            f"{earlier.export_number}", "5.3")
    if earlier.manifest_sha256 != chain["previous_manifest_sha256"]:
        raise BundleInvalid("chain", f"export {chain['export_number']} names another previous "
                            f"manifest than export {earlier.export_number}'s (SHA-256 "
                            f"{earlier.manifest_sha256[:16]}...): one of them was replaced",
                            "5.3")


def _check_index(manifest: dict) -> list[dict]:
    """Rules 6.1 to 6.6."""
    recs = manifest["records"]
    items = recs["items"]
    seqs = [i["seq"] for i in items]
    if not items or len(items) != recs["count"]:
        raise BundleInvalid("index", f"count {recs['count']} but {len(items)} items", "6.1")
    if seqs[0] < 1 or any(b <= a for a, b in zip(seqs, seqs[1:], strict=False)):
        raise BundleInvalid("index", "items are not in strictly rising seq order from 1 up",
                            "6.2")
    if seqs[0] != recs["seq_first"] or seqs[-1] != recs["seq_last"]:
        raise BundleInvalid("index", "seq_first/seq_last are not the first and last items",
                            "6.3")
    if len({i["uuid"] for i in items}) != len(items):
        raise BundleInvalid("index", "two items share a uuid", "6.4")
    counts = recs["counts"]
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 1 for v in counts.values()) \
            or sum(counts.values()) != len(items):
        raise BundleInvalid("index", "counts per kind are not whole numbers of at least 1 "
                            "adding up to the record count", "6.5")
    if not 0 <= recs["redacted"] <= len(items):
        raise BundleInvalid("index", "the redacted count is out of range", "6.6")
    return items


def _unwrap(manifest: dict, central_key: X25519PrivateKey, aad: bytes) -> bytes:
    """Rules 8.1 and 8.2 (the algorithm names were fixed by rule 2.12)."""
    wrap = manifest["encryption"]["key_wrap"]
    if wrap["recipient_public_key_sha256"] != crypto.fingerprint(central_key):
        raise BundleInvalid("key", "the bundle was encrypted for another central key "
                            f"(fingerprint {wrap['recipient_public_key_sha256'][:16]}...)",
                            "8.1")
    wrapped = crypto.WrappedKey(crypto.unb64(wrap["ephemeral_public_key"]),
                                crypto.unb64(wrap["nonce"]), crypto.unb64(wrap["wrapped_key"]),
                                wrap["recipient_public_key_sha256"])
    try:
        return crypto.unwrap_key(wrapped, central_key, aad=aad)
    except (InvalidTag, ValueError):
        raise BundleInvalid("key", "the wrapped content key does not open with this central "
                            "key (changed, or made for another key)", "8.2") from None
