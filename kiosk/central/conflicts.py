"""What a kiosk sent: the bundles and batches received, and the conflicts held in quarantine.

A conflict is shown by the names of the fields that differ, never their values (they may
be a citizen's personal data); both versions stay in the database for the administrator.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from kiosk.central.derive import parse_payload
from kiosk.central.schema import bundles, quarantine, records


@dataclass(frozen=True)
class Received:
    bundle_id: str
    format: str
    channel: str
    received_utc: str
    day: str | None
    export_number: int | None
    seq_first: int
    seq_last: int
    record_count: int
    accepted: int
    duplicate: int
    conflict: int


@dataclass(frozen=True)
class Conflict:
    id: int
    reason: str                 # uuid: same UUID, other hash; seq: same seq, other UUID
    seq: int
    uuid: str
    kind: str
    received_utc: str
    held_uuid: str
    held_seq: int
    held_sha256: str
    incoming_sha256: str
    fields_differing: list[str]


def kiosk_bundles(conn: Connection, kiosk_id: str, *, limit: int = 200) -> list[Received]:
    rows = conn.execute(select(bundles).where(bundles.c.kiosk_id == kiosk_id)
                        .order_by(bundles.c.id.desc()).limit(limit))
    return [Received(r.bundle_id, "batch" if r.format.endswith("batch") else "bundle",
                     r.channel, r.received_utc, r.day, r.export_number, r.seq_first,
                     r.seq_last, r.record_count, r.accepted, r.duplicate, r.conflict)
            for r in rows]


def kiosk_conflicts(conn: Connection, kiosk_id: str) -> list[Conflict]:
    held = records.alias("held")
    rows = conn.execute(select(quarantine, held.c.uuid.label("held_uuid"),
                               held.c.seq.label("held_seq"),
                               held.c.payload_sha256.label("held_sha256"),
                               held.c.payload.label("held_payload"))
                        .join(held, held.c.id == quarantine.c.existing_record)
                        .where(quarantine.c.kiosk_id == kiosk_id).order_by(quarantine.c.seq))
    out = []
    for r in rows:
        a, b = parse_payload(r.held_payload), parse_payload(r.payload)
        differing = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        out.append(Conflict(r.id, r.reason, r.seq, r.uuid, r.kind, r.received_utc, r.held_uuid,
                            r.held_seq, r.held_sha256, r.payload_sha256, differing))
    return out
