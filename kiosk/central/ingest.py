"""One ingest for every way records arrive: a bundle from a stick, a batch from the network.

``ingest(...)`` checks the kiosk (enrolled, not revoked), the signature, every hash and the
decryption (kiosk.export.verify: the reader the kiosk itself uses), archives the file as
received (still encrypted, owner-only), then decides per record in one transaction:

- ``accepted``: a new UUID at a free (kiosk, seq): stored (a complaint with its desk row);
- ``duplicate``: the UUID is held with the same payload hash (also when one copy had its
  personal fields removed after export: the hash is the original's), nothing changes;
  a full copy arriving after a redacted one fills the payload back in;
- ``conflict``: the UUID is held with another hash, or (kiosk, seq) holds another UUID:
  the incoming version goes to quarantine beside the one held, nothing is overwritten,
  and the rest of the batch goes on.

A refused bundle (BundleRefused) stores nothing. The kiosk's high-water mark (the
contiguous ``seq`` held) moves in the same transaction. docs/sync-protocol.md, section 5.

The search rows of applications and queue events are built just after the commit
(kiosk/central/derive.py ``catch_up``, driven by ``bundles.derived_utc``): with
``derive=True`` (the default, the network) before ``ingest`` returns; a stick import
ingests every bundle first and catches up once at the end.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, func, insert, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError

from kiosk.central.archive_copy import ArchiveCopy, archive_name
from kiosk.central.audit import write_audit
from kiosk.central.database import Database, allocate_ids, bulk_insert_rows
from kiosk.central.derive import CATCH_UP_KINDS, catch_up, derive_complaints, refill_records
from kiosk.central.feed import publish_rows
from kiosk.central.gaps import advance_high_water_mark
from kiosk.central.keys import CentralKeys
from kiosk.central.schema import (
    bundles,
    kiosks,
    quarantine,
    records,
)
from kiosk.central.settings import Settings
from kiosk.central.shared import BundleInvalid, Record, VerifiedBundle, utc_now_iso
from kiosk.central.shared import verify_bundle as _verify

log = logging.getLogger("kiosk.central.ingest")


class BundleRefused(Exception):
    """Nothing was stored: `step` (a step of docs/bundle-format.md section 8, or `kiosk`)
    and `reason` say why."""

    def __init__(self, step: str, reason: str) -> None:
        self.step, self.reason = step, reason
        super().__init__(f"{step}: {reason}")


class RecordResult(NamedTuple):
    """One record's outcome (a tuple: a batch has thousands)."""

    seq: int
    uuid: str
    result: str                 # accepted, duplicate, conflict
    reason: str | None = None   # for a conflict: what differs


@dataclass(frozen=True)
class IngestResult:
    bundle_id: str
    kiosk_id: str
    format: str
    file_sha256: str
    already_received: bool      # this very file was ingested before
    high_water_mark: int
    results: list[RecordResult] = field(repr=False)

    def count(self, result: str) -> int:
        return sum(1 for r in self.results if r.result == result)

    @property
    def accepted(self) -> int:
        return self.count("accepted")

    @property
    def duplicate(self) -> int:
        return self.count("duplicate")

    @property
    def conflict(self) -> int:
        return self.count("conflict")


class _EnrolledKeys(Mapping):
    """The reader asks for the manifest's kiosk: answer only for an enrolled, active kiosk
    (and for the token's own kiosk on the network), and remember why not."""

    def __init__(self, conn: Connection, only: str | None) -> None:
        self.conn, self.only, self.why_not = conn, only, None

    def get(self, kiosk_id, default=None):
        if self.only is not None and kiosk_id != self.only:
            self.why_not = ("kiosk", f"the batch is kiosk {kiosk_id}'s, the token kiosk "
                                     f"{self.only}'s")
            return default
        row = self.conn.execute(select(kiosks.c.public_key, kiosks.c.status, kiosks.c.revoked_utc)
                                .where(kiosks.c.kiosk_id == kiosk_id)).first()
        if row is None:
            self.why_not = ("kiosk_key", f"kiosk {kiosk_id} is not enrolled at this office "
                                         "(kiosk-central kiosks enroll)")
            return default
        if row.status != "active":
            self.why_not = ("kiosk_key", f"kiosk {kiosk_id} was revoked on {row.revoked_utc}")
            return default
        return row.public_key

    def __getitem__(self, kiosk_id):
        value = self.get(kiosk_id)
        if value is None:
            raise KeyError(kiosk_id)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def verify(db: Database, keys: CentralKeys, data: bytes, *,
           kiosk_id: str | None = None) -> VerifiedBundle:
    """Every check of docs/bundle-format.md section 8 against the enrolled kiosks;
    BundleRefused otherwise. `kiosk_id`: the bundle must be this kiosk's (the token's)."""
    with db.read() as conn:
        enrolled = _EnrolledKeys(conn, kiosk_id)
        try:
            return _verify(data, kiosk_keys=enrolled, central_key=keys.central)
        except BundleInvalid as exc:
            if exc.step == "kiosk_key" and enrolled.why_not:
                raise BundleRefused(*enrolled.why_not) from None
            raise BundleRefused(exc.step, exc.reason) from None


def ingest(db: Database, keys: CentralKeys, settings: Settings, data: bytes, *,
           channel: str, archive: Path, now: dt.datetime, kiosk_id: str | None = None,
           actor: str | None = None, derive: bool = True) -> IngestResult:
    """Verify, archive and store one bundle or batch; see the module docstring.

    `channel` is "stick" or "network"; `kiosk_id` (network) is the token's kiosk;
    `actor` (stick) is who imported it, for the audit log; `derive`: build the search
    rows after the commit (else the caller runs derive.catch_up). Raises BundleRefused.
    """
    bundle = verify(db, keys, data, kiosk_id=kiosk_id)
    return store(db, settings, bundle, data, channel=channel, archive=archive, now=now,
                 actor=actor, derive=derive)


def store(db: Database, settings: Settings, bundle: VerifiedBundle, data: bytes, *,
          channel: str, archive: Path, now: dt.datetime, actor: str | None = None,
          derive: bool = True) -> IngestResult:
    """The second half of ``ingest``: `bundle` is what ``verify`` made of `data`."""
    assert bundle.records is not None
    manifest = bundle.manifest
    kid = bundle.kiosk_id
    file_sha256 = hashlib.sha256(data).hexdigest()
    received = utc_now_iso(now)
    copy: ArchiveCopy | None = None
    try:
        with db.write() as conn:
            if db.is_postgresql:   # one kiosk's records are ingested one batch at a time
                conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                             {"k": f"central.ingest:{kid}"})
            kiosk = conn.execute(select(kiosks.c.status, kiosks.c.public_key)
                                 .where(kiosks.c.kiosk_id == kid)).first()
            if kiosk is None or kiosk.status != "active" or \
                    _raw_key(kiosk.public_key) != _raw_key(manifest["kiosk"]["public_key"]):
                # revoked (or enrolled again with another key) while the bundle was checked
                raise BundleRefused("kiosk_key", f"kiosk {kid} was revoked")
            held = conn.execute(select(bundles.c.id).where(bundles.c.file_sha256 == file_sha256)
                                ).scalar()
            if held is None:        # written while the records are stored (archive_copy.py)
                copy = ArchiveCopy(archive, kid, file_sha256, data)
            bundle_ref = held if held is not None else _insert_bundle(
                conn, bundle, channel=channel, file_sha256=file_sha256, size=len(data),
                received=received, archive_name=archive_name(kid, file_sha256))
            results, desk_rows, to_derive = _store(conn, bundle.records, kid, bundle_ref,
                                                   received, manifest, settings, now)
            counts = {r: sum(1 for x in results if x.result == r)
                      for r in ("accepted", "duplicate", "conflict")}
            marks = {"derived_utc": None} if to_derive else {}
            if held is None:
                conn.execute(update(bundles).where(bundles.c.id == bundle_ref)
                             .values(**counts, **marks))
            elif marks:
                conn.execute(update(bundles).where(bundles.c.id == bundle_ref).values(**marks))
            hwm = advance_high_water_mark(conn, kid)
            conn.execute(update(kiosks).where(kiosks.c.kiosk_id == kid).values(
                last_contact_utc=received, last_channel=channel,
                event_code=manifest["event"]["code"][:64], number=manifest["kiosk"]["number"]))
            if actor is not None:
                write_audit(conn, actor=actor, action="bundle.import", target=kid, now=now,
                            bundle_id=manifest["bundle_id"], file_sha256=file_sha256,
                            already_received=held is not None, **counts)
            if copy is not None:
                copy.wait()
            # Last, so the feed counter is held locked for the shortest time (feed.py).
            publish_rows(conn, desk_rows, now=now)
    except BaseException:
        if copy is not None:       # not committed: no copy of what is not held
            copy.undo()
        raise
    if derive and to_derive:
        catch_up(db, settings, now=now, quiet=True)
    log.info("ingested %s %s of kiosk %s via %s: %d accepted, %d duplicate, %d conflict%s",
             manifest["format"].rsplit("-", 1)[-1], manifest["bundle_id"], kid, channel,
             counts["accepted"], counts["duplicate"], counts["conflict"],
             " (file received before)" if held is not None else "")
    return IngestResult(manifest["bundle_id"], kid, manifest["format"], file_sha256,
                        held is not None, hwm, results)


def _raw_key(b64_text: str) -> bytes:
    try:
        return base64.b64decode(b64_text, validate=True)
    except ValueError:
        return b""


def _insert_bundle(conn: Connection, bundle: VerifiedBundle, *, channel: str, file_sha256: str,
                   size: int, received: str, archive_name: str) -> int:
    m = bundle.manifest
    chain = m.get("chain") or {}
    return conn.execute(insert(bundles).values(
        bundle_id=m["bundle_id"], kiosk_id=bundle.kiosk_id, format=m["format"], channel=channel,
        file_sha256=file_sha256, size_bytes=size, received_utc=received,
        created_utc=m["created_utc"], day=m.get("day"),
        export_number=chain.get("export_number"), manifest_sha256=bundle.manifest_sha256,
        previous_manifest_sha256=chain.get("previous_manifest_sha256"),
        seq_first=m["records"]["seq_first"], seq_last=m["records"]["seq_last"],
        record_count=m["records"]["count"], accepted=0, duplicate=0, conflict=0,
        archive_name=archive_name, event_code=m["event"]["code"][:64],
        event_timezone=m["event"]["timezone"][:64], derived_utc=received,
    ).returning(bundles.c.id)).scalar_one()


def _held(conn: Connection, uuids: list[str]) -> dict[str, tuple[int, str, str | None]]:
    """uuid -> (records.id, payload_sha256, redacted_utc) of the records held among `uuids`.

    The uuids go as one parameter, an array on PostgreSQL (``= ANY``), a JSON list read by
    ``json_each`` on SQLite: an IN list of thousands of placeholders costs more to build,
    send and parse than the index lookups themselves."""
    columns = (records.c.uuid, records.c.id, records.c.payload_sha256, records.c.redacted_utc)
    if conn.dialect.name == "postgresql":
        wanted = records.c.uuid == func.any(
            bindparam("uuids", uuids, type_=ARRAY(records.c.uuid.type)))
    else:
        listed = func.json_each(bindparam("uuids", json.dumps(uuids))).table_valued("value")
        wanted = records.c.uuid.in_(select(listed.c.value))
    return {uuid: (rid, sha, redacted)
            for uuid, rid, sha, redacted in conn.execute(select(*columns).where(wanted))}


class _Sorted(NamedTuple):
    results: list[RecordResult]
    fresh: list[Record]
    conflicts: list[tuple[Record, str, int]]
    refill: list[tuple[int, Record]]


def _store(conn: Connection, recs: list[Record], kiosk_id: str, bundle_ref: int,
           received: str, manifest: dict, settings: Settings,
           now: dt.datetime) -> tuple[list[RecordResult], list[dict], bool]:
    """Per record: accepted, duplicate or conflict. Returns the results, the desk rows of
    the complaints accepted (for the feed) and whether catch_up has records to derive.

    The common batch is all new: none of its seqs held (one range query) and none of its
    uuids, which the insert itself finds out, under a savepoint, from the unique index on
    uuid. Only when a seq is held or the insert meets a held uuid are the uuids looked up
    and each record sorted (``_sort``)."""
    seq_taken = {seq: (rid, uuid) for seq, rid, uuid in conn.execute(
        select(records.c.seq, records.c.id, records.c.uuid).where(
            records.c.kiosk_id == kiosk_id,
            records.c.seq.between(recs[0].seq, recs[-1].seq)))}
    ids = None if seq_taken else _insert_if_all_new(conn, recs, kiosk_id, bundle_ref,
                                                    received)
    if ids is not None:
        found = _Sorted([RecordResult(r.seq, r.uuid, "accepted") for r in recs], recs, [], [])
    else:
        found = _sort(recs, _held(conn, [r.uuid for r in recs]), seq_taken, settings, now)
        ids = _insert_records(conn, found.fresh, kiosk_id, bundle_ref, received)
    desk_rows = derive_complaints(conn, found.fresh, ids, kiosk_id, manifest, settings)
    if found.refill:
        refill_records(conn, found.refill)
    if found.conflicts:
        _quarantine(conn, found.conflicts, kiosk_id, bundle_ref, received)
    return found.results, desk_rows, any(r.kind in CATCH_UP_KINDS for r in found.fresh)


def _sort(recs: list[Record], held: dict[str, tuple[int, str, str | None]],
          seq_taken: dict[int, tuple[int, str]], settings: Settings,
          now: dt.datetime) -> _Sorted:
    """Each record against the uuids (`held`) and the seqs (`seq_taken`) the office holds."""
    out = _Sorted([], [], [], [])
    # A full copy fills in a redacted one only while the office may still keep the fields:
    # an old stick imported again never undoes the office's own retention.
    keep_since = utc_now_iso(now - dt.timedelta(days=settings.personal_data_days))
    for rec in recs:
        known = held.get(rec.uuid)
        if known is not None:
            rid, sha, redacted = known
            if sha == rec.sha256:
                out.results.append(RecordResult(rec.seq, rec.uuid, "duplicate"))
                if redacted is not None and not rec.redacted and rec.created_utc >= keep_since:
                    out.refill.append((rid, rec))
            else:
                out.results.append(RecordResult(rec.seq, rec.uuid, "conflict",
                                                "the office holds this record with another "
                                                "payload hash"))
                out.conflicts.append((rec, "uuid", rid))
        elif rec.seq in seq_taken:
            out.results.append(RecordResult(rec.seq, rec.uuid, "conflict",
                                            f"the office holds another record at seq "
                                            f"{rec.seq}"))
            out.conflicts.append((rec, "seq", seq_taken[rec.seq][0]))
        else:
            out.results.append(RecordResult(rec.seq, rec.uuid, "accepted"))
            out.fresh.append(rec)
    return out


RECORD_COLUMNS = ("id", "uuid", "kiosk_id", "seq", "kind", "created_utc", "payload",
                  "payload_sha256", "supersedes", "redacted_utc", "bundle", "received_utc")


def _insert_if_all_new(conn: Connection, recs: list[Record], kiosk_id: str,
                       bundle_ref: int, received: str) -> dict[int, int] | None:
    """``_insert_records`` of the whole batch under a savepoint; None, with nothing
    inserted, when a unique index refuses a row (a uuid the office holds)."""
    try:
        with conn.begin_nested():
            return _insert_records(conn, recs, kiosk_id, bundle_ref, received)
    except (IntegrityError, conn.dialect.loaded_dbapi.IntegrityError):
        return None


def _insert_records(conn: Connection, fresh: list[Record], kiosk_id: str,
                    bundle_ref: int, received: str) -> dict[int, int]:
    """Insert the records; returns records.id by seq (ids taken before the insert, so
    no query reads them back)."""
    ids = allocate_ids(conn, records, len(fresh))
    bulk_insert_rows(conn, records, RECORD_COLUMNS, [
        (rid, r.uuid, kiosk_id, r.seq, r.kind, r.created_utc, r.payload_json, r.sha256,
         r.supersedes, received if r.redacted else None, bundle_ref, received)
        for rid, r in zip(ids, fresh, strict=True)])
    return {r.seq: rid for rid, r in zip(ids, fresh, strict=True)}


def _quarantine(conn: Connection, conflicts: list[tuple[Record, str, int]],
                kiosk_id: str, bundle_ref: int, received: str) -> None:
    for rec, reason, existing in conflicts:
        seen = conn.execute(select(func.count()).select_from(quarantine).where(
            quarantine.c.uuid == rec.uuid, quarantine.c.payload_sha256 == rec.sha256,
            quarantine.c.kiosk_id == kiosk_id, quarantine.c.seq == rec.seq)).scalar_one()
        if seen:
            continue
        conn.execute(insert(quarantine).values(
            reason=reason, existing_record=existing, uuid=rec.uuid, kiosk_id=kiosk_id,
            seq=rec.seq, kind=rec.kind, created_utc=rec.created_utc, payload=rec.payload_json,
            payload_sha256=rec.sha256, supersedes=rec.supersedes,
            redacted=rec.redacted, bundle=bundle_ref, received_utc=received))
