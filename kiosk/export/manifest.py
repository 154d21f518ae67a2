"""The bundle's manifest: its fields, their formats, and checking a manifest and a record line.

Both are canonical JSON (kiosk/records/canonical.py): UTF-8, keys sorted, no spaces, no floats.
A reader hashes and verifies the exact bytes found in the file; it never re-serialises, and
it reads the JSON by the rules of kiosk/export/strict_json.py. Rule numbers (2.3, 10.4, ...)
are those of docs/bundle-format.md, section 8.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.errors import KioskError
from kiosk.export import crypto
from kiosk.export.container import RECORDS
from kiosk.export.strict_json import JsonRefused, loads
from kiosk.records.canonical import sha256_hex  # noqa: F401 - bundle and verify take it from here
from kiosk.records.record import HEX64, ISO_UTC, LINE_SCHEMA, TEXT_OR_NULL

FORMAT = "passport-kiosk-bundle"
FORMAT_VERSION = 1
# A sync batch (docs/sync-protocol.md): the same container, keys and record lines, for any
# seq range; it has no event day and is not part of the export chain.
BATCH_FORMAT = "passport-kiosk-batch"
ZERO_HASH = "0" * 64
KIOSK_NUMBERS = range(1, 10)


class ManifestError(KioskError, ValueError):
    """A manifest or record line that breaks a rule: `detail` says what, `rule` which
    (2.1 to 2.12, 10.3, 10.4, 10.6 of docs/bundle-format.md section 8; None: not known)."""

    key = "bundle.fields"

    def __init__(self, detail: str, rule: str | None = None) -> None:
        self.detail, self.rule = detail, rule
        super().__init__(detail=detail)


@dataclass(frozen=True)
class Text:
    """A text field with a format: `ok(value)` says whether it has it, `rule` is the rule
    of section 8 that states it, `what` how the rule describes the format."""

    rule: str
    what: str
    ok: Callable[[str], bool]


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_UTC = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_KIOSK_ID = re.compile(r"k[0-9a-f]{8}")
_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
_HEX = re.compile(r"[0-9a-f]{64}")


def is_uuid(value: str) -> bool:
    return _UUID.fullmatch(value) is not None


def is_utc_time(value: str) -> bool:
    """2019-10-23T01:30:00.000000Z, and a time that exists (no 30 February, no 24:00)."""
    if _UTC.fullmatch(value) is None:
        return False
    try:
        dt.datetime.fromisoformat(value[:-1])
    except ValueError:
        return False
    return True


def is_day(value: str) -> bool:
    """2019-10-23 (ASCII digits, exactly that shape) and a day of the calendar."""
    if _DAY.fullmatch(value) is None:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_kind(value: str) -> bool:
    return _KIND.fullmatch(value) is not None


def is_hex64(value: str) -> bool:
    return _HEX.fullmatch(value) is not None


def _base64_of(size: int) -> Callable[[str], bool]:
    def ok(value: str) -> bool:
        try:
            raw = base64.b64decode(value.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            return False
        return len(raw) == size and base64.b64encode(raw).decode("ascii") == value
    return ok


@lru_cache(maxsize=64)
def time_zone(name: str) -> ZoneInfo | None:
    """The IANA zone of that name, or None (a path, an empty name, a zone not known here)."""
    if not name or name.startswith("/") or ".." in name or "\\" in name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def _fixed(value: str) -> Text:
    return Text("2.12", f"exactly {value!r}", lambda v: v == value)


UUID = Text("2.4", "a UUID: 8-4-4-4-12 lowercase hex digits", is_uuid)
UTC_TIME = Text("2.5", "a real UTC time written YYYY-MM-DDTHH:MM:SS.ffffffZ", is_utc_time)
DAY = Text("2.6", "a real date written YYYY-MM-DD", is_day)
KIOSK_ID = Text("2.7", "k and 8 lowercase hex digits", lambda v: bool(_KIOSK_ID.fullmatch(v)))
KEY_32 = Text("2.8", "canonical base64 of 32 bytes", _base64_of(32))
NONCE_12 = Text("2.8", "canonical base64 of 12 bytes", _base64_of(crypto.NONCE_BYTES))
WRAPPED_48 = Text("2.8", "canonical base64 of 48 bytes",
                  _base64_of(crypto.KEY_BYTES + crypto.TAG_BYTES))
SHA256 = Text("2.9", "64 lowercase hex digits", is_hex64)
ZONE = Text("2.10", "a time zone name of the IANA database, such as Asia/Makassar",
            lambda v: time_zone(v) is not None)

# Field name -> JSON type (str, int, dict, a nested schema, [item schema]) or a Text format
# (a string with that format). Rule 2.3 checks the types, rules 2.4 to 2.12 the formats.
MANIFEST_SCHEMA: dict[str, Any] = {
    "format": str, "format_version": int, "bundle_id": UUID, "created_utc": UTC_TIME,
    "generator": str, "day": DAY,
    "kiosk": {"id": KIOSK_ID, "number": int, "public_key": KEY_32},
    "event": {"code": str, "office": str, "name": str, "venue": str, "timezone": ZONE},
    "chain": {"export_number": int, "previous_manifest_sha256": SHA256},
    "records": {"count": int, "seq_first": int, "seq_last": int, "redacted": int,
                "counts": dict, "items": [{"seq": int, "uuid": UUID, "sha256": SHA256}]},
    "encryption": {
        "content": {"algorithm": _fixed(crypto.CONTENT_ALGORITHM), "member": _fixed(RECORDS),
                    "nonce": NONCE_12, "aad": _fixed("bundle_id"),
                    "ciphertext_size": int, "ciphertext_sha256": SHA256},
        "key_wrap": {"algorithm": _fixed(crypto.WRAP_ALGORITHM),
                     "recipient_public_key_sha256": SHA256, "ephemeral_public_key": KEY_32,
                     "hkdf_info": _fixed(crypto.WRAP_INFO), "nonce": NONCE_12,
                     "wrapped_key": WRAPPED_48},
    },
}
BATCH_SCHEMA: dict[str, Any] = {k: v for k, v in MANIFEST_SCHEMA.items()
                                 if k not in ("day", "chain")}
SCHEMAS = {FORMAT: MANIFEST_SCHEMA, BATCH_FORMAT: BATCH_SCHEMA}
_LINE_KEYS = frozenset(LINE_SCHEMA)
_HEX_DIGITS = "0123456789abcdef"
_LINE_TEXT = ("uuid", "kiosk_id", "kind", "created_utc", "payload", "payload_sha256")
_line_texts, _STRS = operator.itemgetter(*_LINE_TEXT), (str,) * len(_LINE_TEXT)


def parse_json_object(data: bytes | str, what: str, *, rule: str,
                      flat: bool = False) -> dict[str, Any]:
    """A JSON object read by rules J1 to J6; ManifestError naming `rule` (2.1, 10.3, 10.6)
    and the J rule otherwise. `flat`: see strict_json.loads (a record line)."""
    try:
        value = loads(data, what, flat=flat)
    except JsonRefused as exc:
        raise ManifestError(f"{exc.detail} (section 4, {exc.rule})", rule) from None
    if not isinstance(value, dict):
        raise ManifestError(f"{what} is not a JSON object", rule)
    return value


def check_manifest(manifest: dict[str, Any]) -> None:
    """Rules 2.2 to 2.12 in their order: format, fields and types, then every format."""
    schema = SCHEMAS.get(manifest.get("format"))
    if schema is None or type(manifest.get("format_version")) is not int \
            or manifest.get("format_version") != FORMAT_VERSION:
        raise ManifestError(f"format {manifest.get('format')!r} version "
                            f"{manifest.get('format_version')!r}; this reader knows "
                            f"{FORMAT!r} and {BATCH_FORMAT!r} version {FORMAT_VERSION}",
                            "2.2")
    check_fields(manifest, schema, "manifest")
    problems: list[tuple[str, str, Any, str]] = []
    _formats(manifest, schema, "manifest", problems)
    if manifest["kiosk"]["number"] not in KIOSK_NUMBERS:
        problems.append(("2.7", "manifest.kiosk.number", manifest["kiosk"]["number"],
                         "a kiosk number 1 to 9"))
    problems += [("2.11", "a key of manifest.records.counts", kind,
                  "a kind name: 1 to 40 of a-z, 0-9 and _, a letter first")
                 for kind in manifest["records"]["counts"] if not is_kind(kind)]
    if problems:
        rule, where, value, what = min(problems, key=lambda p: _rule_order(p[0]))
        shown = repr(value[:80] if isinstance(value, str) else value)
        raise ManifestError(f"{where} is {shown}, not {what}", rule)


def _rule_order(rule: str) -> tuple[int, ...]:
    return tuple(int(p) for p in rule.split("."))


def _formats(value: Any, schema: Any, where: str, problems: list) -> None:
    """Collect (rule, where, value, format) of every Text field without its format."""
    if isinstance(schema, Text):
        if not schema.ok(value):
            problems.append((schema.rule, where, value, schema.what))
    elif isinstance(schema, dict):
        for key, sub in schema.items():
            _formats(value[key], sub, f"{where}.{key}", problems)
    elif isinstance(schema, list):
        texts = [(key, sub) for key, sub in schema[0].items() if isinstance(sub, Text)]
        for i, item in enumerate(value):          # items: thousands, so no recursion
            for key, text in texts:
                if not text.ok(item[key]):
                    problems.append((text.rule, f"{where}[{i}].{key}", item[key], text.what))


def _all_items_plain(items: list, schema: dict) -> bool:
    """Every item an object of exactly the schema's keys, each a str or an int as the
    schema says (the manifest's items: thousands of them, checked without recursion)."""
    keys = schema.keys()
    kinds = {k: int if v is int else str for k, v in schema.items()}
    if any(v not in (int, str) and not isinstance(v, Text) for v in schema.values()):
        return False
    return all(type(item) is dict and item.keys() == keys
               and all(type(item[k]) is t for k, t in kinds.items()) for item in items)


def check_line(rec: Any, where: str) -> None:
    """check_fields(rec, LINE_SCHEMA) for the common case, fast; the slow path explains
    (rule 10.3)."""
    if (type(rec) is dict and rec.keys() == _LINE_KEYS and type(rec["seq"]) is int
            and type(rec["redacted"]) is bool and tuple(map(type, _line_texts(rec))) == _STRS
            and (rec["supersedes"] is None or type(rec["supersedes"]) is str)
            and len(rec["payload_sha256"]) == 64 and not rec["payload_sha256"].strip(_HEX_DIGITS)
            and len(rec["created_utc"]) == 27 and rec["created_utc"].endswith("Z")):
        return
    try:
        check_fields(rec, LINE_SCHEMA, where)
    except ManifestError as exc:
        raise ManifestError(exc.detail, "10.3") from None
    raise ManifestError(f"{where} is not a record line", "10.3")  # pragma: no cover


def check_fields(value: Any, schema: Any, where: str) -> None:
    """Exactly the fields of `schema`, each of its JSON type (booleans are not integers):
    rule 2.3 for a manifest."""
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            raise ManifestError(f"{where} must be an object", "2.3")
        if set(value) != set(schema):
            missing, extra = set(schema) - set(value), set(value) - set(schema)
            raise ManifestError(f"{where}: missing {sorted(missing)}, unknown {sorted(extra)}",
                                "2.3")
        for key, sub in schema.items():
            check_fields(value[key], sub, f"{where}.{key}")
        return
    if isinstance(schema, list):
        if not isinstance(value, list):
            raise ManifestError(f"{where} must be a list", "2.3")
        if not _all_items_plain(value, schema[0]):
            for i, item in enumerate(value):      # the slow path says which and why
                check_fields(item, schema[0], f"{where}[{i}]")
        return
    if schema == TEXT_OR_NULL:
        if value is not None and not isinstance(value, str):
            raise ManifestError(f"{where} must be text or null", "2.3")
        return
    if (isinstance(schema, Text) or schema in (str, ISO_UTC, HEX64)) \
            and not isinstance(value, str):
        raise ManifestError(f"{where} must be text", "2.3")
    if schema is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ManifestError(f"{where} must be a whole number", "2.3")
    if schema is bool and not isinstance(value, bool):
        raise ManifestError(f"{where} must be true or false", "2.3")
    if schema is dict and not isinstance(value, dict):
        raise ManifestError(f"{where} must be an object", "2.3")
    if schema == HEX64 and not is_hex64(value):
        raise ManifestError(f"{where} must be 64 lowercase hex digits", "2.3")
    if schema == ISO_UTC and not (len(value) == 27 and value.endswith("Z")):
        raise ManifestError(f"{where} must be a UTC time like 2019-10-23T01:30:00.000000Z",
                            "2.3")
