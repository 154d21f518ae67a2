"""The kiosk's own code the office reuses, imported here and nowhere else in kiosk.central.

One reader for bundles and batches (kiosk/export), the kiosk's key encodings, canonical
JSON, the working-day calendar, the list of personal fields, the tracking-number rule and the
way a message catalogue is read (plural forms included), so that the office and the kiosk can
never disagree about them.
"""

from __future__ import annotations

from types import SimpleNamespace

from kiosk.citizen.forms import mask_nik
from kiosk.citizen.registrar import tracking_number as _tracking_number
from kiosk.event.workdays import WorkingDays
from kiosk.export.crypto import (
    PRIVATE_FILE,
    PUBLIC_FILE,
    KeyFileError,
    b64,
    fingerprint,
    load_central_private,
    load_central_public,
    make_central_keypair,
    unb64,
)
from kiosk.export.manifest import BATCH_FORMAT, FORMAT
from kiosk.export.verify import BundleInvalid, VerifiedBundle, verify_bundle
from kiosk.export.verify_worker import rebuild, verify_in_worker
from kiosk.i18n import Compiled, Messages, compile_catalogue
from kiosk.paths import resources_dir
from kiosk.records.canonical import canonical_json, sha256_hex
from kiosk.records.keys import public_key_b64, public_key_from_b64
from kiosk.records.record import PERSONAL_FIELDS, Record
from kiosk.records.store import parse_utc_iso, utc_now_iso

__all__ = [
    "BATCH_FORMAT", "FORMAT", "PERSONAL_FIELDS", "PRIVATE_FILE", "PUBLIC_FILE",
    "BundleInvalid", "Compiled", "KeyFileError", "Messages", "Record", "VerifiedBundle",
    "WorkingDays", "b64", "canonical_json", "compile_catalogue", "fingerprint",
    "load_central_private", "load_central_public", "make_central_keypair", "mask_nik",
    "parse_utc_iso", "public_key_b64", "public_key_from_b64", "rebuild", "resources_dir",
    "sha256_hex", "tracking_number", "unb64", "utc_now_iso", "verify_bundle", "verify_in_worker",
]


def tracking_number(kiosk_id: str, seq: int) -> str:
    """A complaint's tracking number as the kiosk printed it on the slip (ADU-8285AC06-00042)."""
    return _tracking_number(SimpleNamespace(kiosk_id=kiosk_id, seq=seq))
