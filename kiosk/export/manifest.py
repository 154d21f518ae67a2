"""The bundle's manifest: its fields, and checking a manifest and a record line's fields.

Both are canonical JSON (kiosk/records/canonical.py): UTF-8, keys sorted, no spaces, no floats.
A reader hashes and verifies the exact bytes found in the file; it never re-serialises.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.errors import KioskError
from kiosk.records.canonical import sha256_hex  # noqa: F401 - bundle and verify take it from here
from kiosk.records.record import HEX64, ISO_UTC, LINE_SCHEMA, TEXT_OR_NULL

FORMAT = "passport-kiosk-bundle"
FORMAT_VERSION = 1
# A sync batch (docs/sync-protocol.md): the same container, keys and record lines, for any
# seq range; it has no event day and is not part of the export chain.
BATCH_FORMAT = "passport-kiosk-batch"
ZERO_HASH = "0" * 64
B64 = "b64"

# Field name -> type. Nested dicts are objects; [spec] is a list of spec. "?" = may be null.
MANIFEST_SCHEMA: dict[str, Any] = {
    "format": str, "format_version": int, "bundle_id": str, "created_utc": ISO_UTC,
    "generator": str, "day": str,
    "kiosk": {"id": str, "number": int, "public_key": B64},
    "event": {"code": str, "office": str, "name": str, "venue": str, "timezone": str},
    "chain": {"export_number": int, "previous_manifest_sha256": HEX64},
    "records": {"count": int, "seq_first": int, "seq_last": int, "redacted": int,
                "counts": dict, "items": [{"seq": int, "uuid": str, "sha256": HEX64}]},
    "encryption": {
        "content": {"algorithm": str, "member": str, "nonce": B64, "aad": str,
                    "ciphertext_size": int, "ciphertext_sha256": HEX64},
        "key_wrap": {"algorithm": str, "recipient_public_key_sha256": HEX64,
                     "ephemeral_public_key": B64, "hkdf_info": str, "nonce": B64,
                     "wrapped_key": B64},
    },
}
BATCH_SCHEMA: dict[str, Any] = {k: v for k, v in MANIFEST_SCHEMA.items()
                                 if k not in ("day", "chain")}
_LINE_KEYS = frozenset(LINE_SCHEMA)
_HEX = "0123456789abcdef"
_LINE_TEXT = ("uuid", "kiosk_id", "kind", "created_utc", "payload", "payload_sha256")


_ITEMS = MANIFEST_SCHEMA["records"]["items"]


def _is_item(item: Any) -> bool:
    """A records.items entry as _ITEMS says (seq int, uuid text, sha256 64 lowercase hex)."""
    return (type(item) is dict and len(item) == 3 and type(item.get("seq")) is int
            and type(item.get("uuid")) is str and type(item.get("sha256")) is str
            and len(item["sha256"]) == 64 and not item["sha256"].strip(_HEX))


class ManifestError(KioskError, ValueError):
    """A manifest or record line whose fields are missing or of the wrong type."""

    key = "bundle.fields"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail=detail)


def check_line(rec: Any, where: str) -> None:
    """check_fields(rec, LINE_SCHEMA) for the common case, fast; the slow path explains."""
    if (type(rec) is dict and rec.keys() == _LINE_KEYS and type(rec["seq"]) is int
            and type(rec["redacted"]) is bool and all(type(rec[k]) is str for k in _LINE_TEXT)
            and (rec["supersedes"] is None or type(rec["supersedes"]) is str)
            and len(rec["payload_sha256"]) == 64 and not rec["payload_sha256"].strip(_HEX)
            and len(rec["created_utc"]) == 27 and rec["created_utc"].endswith("Z")):
        return
    check_fields(rec, LINE_SCHEMA, where)
    raise ManifestError(f"{where} is not a record line")  # pragma: no cover - schema says why


def parse_json_object(data: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{what} is not UTF-8 JSON ({exc})") from None
    except RecursionError:
        raise ManifestError(f"{what} is nested too deeply to be a bundle's JSON") from None
    if not isinstance(value, dict):
        raise ManifestError(f"{what} is not a JSON object")
    return value


def check_fields(value: Any, schema: Any, where: str) -> None:
    """Exactly the fields of `schema`, each of its type (booleans are not integers)."""
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            raise ManifestError(f"{where} must be an object")
        if set(value) != set(schema):
            missing, extra = set(schema) - set(value), set(value) - set(schema)
            raise ManifestError(f"{where}: missing {sorted(missing)}, unknown {sorted(extra)}")
        for key, sub in schema.items():
            check_fields(value[key], sub, f"{where}.{key}")
        return
    if isinstance(schema, list):
        if not isinstance(value, list):
            raise ManifestError(f"{where} must be a list")
        if schema == _ITEMS and all(_is_item(item) for item in value):
            return                                      # the common case, fast
        for i, item in enumerate(value):
            check_fields(item, schema[0], f"{where}[{i}]")
        return
    if schema == TEXT_OR_NULL:
        if value is not None and not isinstance(value, str):
            raise ManifestError(f"{where} must be text or null")
        return
    if schema in (str, B64, ISO_UTC, HEX64) and not isinstance(value, str):
        raise ManifestError(f"{where} must be text")
    if schema is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ManifestError(f"{where} must be a whole number")
    if schema is bool and not isinstance(value, bool):
        raise ManifestError(f"{where} must be true or false")
    if schema is dict and not isinstance(value, dict):
        raise ManifestError(f"{where} must be an object")
    if schema == HEX64 and (len(value) != 64 or value.strip(_HEX)):
        raise ManifestError(f"{where} must be 64 lowercase hex digits")
    if schema == ISO_UTC and not (len(value) == 27 and value.endswith("Z")):
        raise ManifestError(f"{where} must be a UTC time like 2019-10-23T01:30:00.000000Z")
