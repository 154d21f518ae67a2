"""Forging bundles as a kiosk's own key could: change lines or manifest, re-encrypt, re-sign.

A Forge starts from a real export (its record lines and manifest) and builds a new,
consistent bundle after a change: it re-encrypts the lines to the central key, recomputes
every hash, count and index the change touched, then applies changes to the manifest
(as a value, then as text, for what no JSON value can hold, such as a repeated key) and
signs the result with the kiosk's key. What comes out breaks only the rule the change
breaks.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.export import crypto
from kiosk.export.container import MANIFEST, RECORDS, SIGNATURE, build_container
from kiosk.records.canonical import canonical_json, sha256_hex

Lines = list[bytes]


@dataclass
class Forge:
    signing_key: Ed25519PrivateKey
    central_key: X25519PublicKey
    lines: Lines                  # the real bundle's record lines, without newlines
    manifest: dict                # the real bundle's manifest

    def build(self, *, lines: Callable[[Lines], Lines] | None = None,
              manifest: Callable[[dict], None] | None = None,
              text: Callable[[str], str] | None = None,
              plaintext: Callable[[bytes], bytes] | None = None,
              members: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None) -> bytes:
        """The bundle after `lines` (new list of lines), `plaintext` (the joined lines),
        `manifest` (changes the dict in place), `text` (the canonical text, before signing)
        and `members` (the three members, after signing)."""
        new_lines = lines(list(self.lines)) if lines else list(self.lines)
        body = b"".join(line + b"\n" for line in new_lines)
        if plaintext:
            body = plaintext(body)
        m = copy.deepcopy(self.manifest)
        aad = m["bundle_id"].encode("ascii")
        key = crypto.new_content_key()
        nonce, sealed = crypto.encrypt(key, body, aad=aad)
        wrapped = crypto.wrap_key(key, self.central_key, aad=aad)
        items, kinds, redacted = [], Counter(), 0
        for line, old in zip(new_lines, m["records"]["items"] + [None] * len(new_lines),
                             strict=False):
            try:
                rec = json.loads(line)
                seq, uuid, kind = rec["seq"], rec["uuid"], rec["kind"]
                redacted += rec["redacted"] is True
                if type(seq) is not int:
                    raise TypeError(seq)
            except (ValueError, KeyError, TypeError):
                seq, uuid, kind = old["seq"], old["uuid"], "application"
            items.append({"seq": seq, "sha256": sha256_hex(line), "uuid": uuid})
            kinds[kind] += 1
        records = m["records"]
        records.update(items=items, count=len(items), seq_first=items[0]["seq"],
                       seq_last=items[-1]["seq"], counts=dict(sorted(kinds.items())),
                       redacted=redacted)
        content, wrap = m["encryption"]["content"], m["encryption"]["key_wrap"]
        content.update(nonce=crypto.b64(nonce), ciphertext_size=len(sealed),
                       ciphertext_sha256=sha256_hex(sealed))
        wrap.update(ephemeral_public_key=crypto.b64(wrapped.ephemeral_public),
                    nonce=crypto.b64(wrapped.nonce), wrapped_key=crypto.b64(wrapped.wrapped),
                    recipient_public_key_sha256=wrapped.recipient_sha256)
        if manifest:
            manifest(m)
        manifest_text = canonical_json(m)
        if text:
            manifest_text = text(manifest_text)
        manifest_bytes = manifest_text.encode("utf-8", "surrogatepass")
        parts = {MANIFEST: manifest_bytes, SIGNATURE: self.signing_key.sign(manifest_bytes),
                 RECORDS: sealed}
        if members:
            parts = members(parts)
        return build_container(parts)


def edit_line(index: int, change: Callable[[dict], None]) -> Callable[[Lines], Lines]:
    """A `lines` change: parse line `index`, change the dict, write it canonical again."""
    def apply(lines: Lines) -> Lines:
        rec = json.loads(lines[index])
        change(rec)
        lines[index] = canonical_json(rec).encode("utf-8")
        return lines
    return apply


def replace_in_line(index: int, old: str, new: str) -> Callable[[Lines], Lines]:
    """A `lines` change on the text of line `index` (for what no JSON value can hold)."""
    def apply(lines: Lines) -> Lines:
        text = lines[index].decode("utf-8")
        assert old in text, (old, text[:200])
        lines[index] = text.replace(old, new, 1).encode("utf-8", "surrogatepass")
        return lines
    return apply


def replace_text(old: str, new: str) -> Callable[[str], str]:
    """A `text` change: replace the first `old` in the manifest's canonical text."""
    def apply(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return apply
