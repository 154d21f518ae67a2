"""The one record type: what every append-only record holds, and its line in a bundle or batch.

Contract (ARCHITECTURE.md, "Data"): everything that must reach the central office is a
record with a random UUID (the idempotency key), this kiosk's id, a gap-free per-kiosk
`seq`, the device time in UTC, its payload as canonical JSON and the payload's SHA-256.
The store writes and reads it, the export writes it as a record line, the bundle reader
and the central office read it back from that line: one declaration for all of them.

A record whose personal fields were removed by retention (kiosk/officer/retention.py)
is `redacted`: its payload text is the reduced one, its `sha256` stays the hash of the
original payload, so the office counts it as the same record.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

# Markers of LINE_SCHEMA's value types beyond str/int/bool (read by kiosk/export/manifest.py).
HEX64 = "hex64"            # 64 lowercase hex digits (a SHA-256)
ISO_UTC = "iso_utc"        # a UTC time as utc_now_iso writes it: 2019-10-23T01:30:00.000000Z
TEXT_OR_NULL = "str?"

# The kinds of record a kiosk writes (payload fields in docs/bundle-format.md).
KINDS = ("application", "complaint", "info", "referral", "queue_event", "officer_action",
         "print_failure", "slip_reprint", "export", "key_rotation", "clock_change")

# Personal fields: removed by retention, never in logs, plain exports or public screens.
# A complaint's own words and place count too: free text may name people (UU 27/2022, PDP).
PERSONAL_FIELDS = ("full_name", "nik", "birth_place", "birth_date", "phone", "email",
                   "parent_name", "parent_nik", "parent_phone", "police_report_no",
                   "what_happened", "place")

# One line of records.jsonl (bundle and network batch alike): field -> type.
LINE_SCHEMA: dict[str, Any] = {
    "seq": int, "uuid": str, "kiosk_id": str, "kind": str, "created_utc": ISO_UTC,
    "supersedes": TEXT_OR_NULL, "payload": str, "payload_sha256": HEX64, "redacted": bool,
}

_encode_string = getattr(json.encoder, "c_encode_basestring", None) or \
    json.encoder.py_encode_basestring


@dataclass(frozen=True)
class Record:
    """One append-only record.

    seq: int, gap-free per kiosk from 1; uuid: str, random UUID4 text (idempotency key);
    kiosk_id: str (``k`` + 8 hex digits); kind: one of KINDS; created_utc: str, ISO_UTC;
    payload_json: str, the canonical JSON text as stored; sha256: str, HEX64 of the
    original payload's UTF-8 bytes; supersedes: the uuid of a record this one corrects;
    redacted: True once retention removed the personal fields.
    """

    seq: int
    uuid: str
    kiosk_id: str
    kind: str
    created_utc: str
    payload_json: str
    sha256: str
    supersedes: str | None = None
    redacted: bool = False

    @cached_property
    def payload(self) -> dict[str, Any]:
        """The payload as a dict (parsed once, on first use)."""
        return json.loads(self.payload_json)

    def line(self) -> bytes:
        """The record's line in records.jsonl (without the newline): canonical JSON of
        LINE_SCHEMA's fields (docs/bundle-format.md, section 5).

        Written out directly: the keys are fixed (here in sorted order) and every value is
        text, a whole number, a boolean or null, so this is byte for byte what
        canonical_json gives (a test holds it to that), ten times faster for a day.
        Raises TypeError when a field has the wrong type.
        """
        if type(self.seq) is not int:
            raise TypeError("seq must be an int")
        return "".join((
            '{"created_utc":', _text(self.created_utc), ',"kind":', _text(self.kind),
            ',"kiosk_id":', _text(self.kiosk_id), ',"payload":', _text(self.payload_json),
            ',"payload_sha256":', _text(self.sha256),
            ',"redacted":', "true" if self.redacted else "false",
            ',"seq":', str(self.seq),
            ',"supersedes":', "null" if self.supersedes is None else _text(self.supersedes),
            ',"uuid":', _text(self.uuid), "}",
        )).encode("utf-8")

    @classmethod
    def from_line(cls, fields: dict[str, Any], payload: dict[str, Any] | None = None) -> Record:
        """A record from a parsed line whose fields were checked against LINE_SCHEMA;
        `payload`: its payload text already parsed (kept, so it is not parsed again).

        Equal to ``Record(...)`` of the same fields (a test holds it to that), built by
        filling the instance's dict: a frozen dataclass's ``__init__`` sets each field
        through ``object.__setattr__``, a tenth of the office's reading of a day."""
        record = object.__new__(cls)
        record.__dict__.update(
            seq=fields["seq"], uuid=fields["uuid"], kiosk_id=fields["kiosk_id"],
            kind=fields["kind"], created_utc=fields["created_utc"],
            payload_json=fields["payload"], sha256=fields["payload_sha256"],
            supersedes=fields["supersedes"], redacted=fields["redacted"])
        if payload is not None:
            record.__dict__["payload"] = payload
        return record

    @classmethod
    def from_row(cls, row: tuple, payload: dict[str, Any] | None = None) -> Record:
        """A record from its nine fields in declaration order (seq first, redacted last),
        checked as for ``from_line``; `payload` as there. Equal to ``Record(*row)`` (a test
        holds it to that), built as ``from_line`` builds, a third of its time: no dict of
        the fields is made first. ValueError when `row` does not hold nine values."""
        record = object.__new__(cls)
        fields = record.__dict__
        (fields["seq"], fields["uuid"], fields["kiosk_id"], fields["kind"],
         fields["created_utc"], fields["payload_json"], fields["sha256"],
         fields["supersedes"], fields["redacted"]) = row
        if payload is not None:
            fields["payload"] = payload
        return record


def _text(value: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return _encode_string(value)
