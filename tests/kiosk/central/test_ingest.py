"""One ingest: round trip from two rehearsed kiosks, duplicates, conflicts, refusals, gaps."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import func, select

from kiosk.central.ingest import BundleRefused
from kiosk.central.kiosks import revoke_kiosk
from kiosk.central.schema import (
    applications,
    bundles,
    complaint_feed,
    complaints,
    quarantine,
    records,
)
from kiosk.export.bundle import build_batch
from kiosk.records.record import Record as ExportRecord
from tests.helpers.central import DAY1, DAY2, enroll, ingest_file, snapshot


def central_records(office) -> dict[str, tuple]:
    with office.db.read() as conn:
        return {r.uuid: (r.kiosk_id, r.seq, r.kind, r.created_utc, r.payload,
                         r.payload_sha256, r.supersedes)
                for r in conn.execute(select(records))}


def as_held(record) -> tuple:
    return (record.kiosk_id, record.seq, record.kind, record.created_utc, record.payload_json,
            record.sha256, record.supersedes)


@pytest.fixture
def two_kiosks(sites, office, tmp_path):
    """Two kiosks of one event, each rehearsing two days and exporting both to a stick."""
    a, b = sites(2)
    for site in (a, b):
        enroll(office, site)
        site.rehearse(DAY1)
        site.rehearse(DAY2)
    stick = tmp_path / "stick"
    paths = [site.export(day, stick) for site in (a, b) for day in (DAY1, DAY2)]
    return a, b, stick, paths


def test_round_trip_every_record_equals_the_kiosks_stores(two_kiosks, office):
    """Every exported record of both kiosks arrives byte for byte; the desk sees them."""
    a, b, _stick, paths = two_kiosks
    results = [ingest_file(office, p) for p in paths]
    assert all(r.conflict == 0 and r.duplicate == 0 for r in results)
    expected = {r.uuid: as_held(r) for site in (a, b) for day in (DAY1, DAY2)
                for r in site.day_records(day)}
    assert len(expected) > 150
    assert central_records(office) == expected
    with office.db.read() as conn:
        n_apps = conn.execute(select(func.count()).select_from(applications)).scalar_one()
        n_comp = conn.execute(select(func.count()).select_from(complaints)).scalar_one()
        served = conn.execute(select(func.count()).select_from(applications).where(
            applications.c.ticket_status == "served")).scalar_one()
        feed = conn.execute(select(func.count()).select_from(complaint_feed)).scalar_one()
    kinds = [v[2] for v in expected.values()]
    assert n_apps == kinds.count("application") and n_comp == kinds.count("complaint") > 0
    assert 0 < served < n_apps and feed == n_comp


def test_importing_again_changes_nothing_and_says_so(two_kiosks, office):
    """The same bundles twice: every record a duplicate, every table as it was."""
    *_, paths = two_kiosks
    for p in paths:
        ingest_file(office, p)
    before = snapshot(office)
    again = [ingest_file(office, p) for p in paths]
    assert all(r.already_received and r.accepted == 0 and r.conflict == 0 for r in again)
    assert sum(r.duplicate for r in again) == sum(len(r.results) for r in again) > 150
    assert snapshot(office) == before


def test_records_that_came_by_network_are_duplicates_on_the_stick(sites, office, tmp_path):
    """A network batch first, then the stick's day bundle with the same records: duplicates."""
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    day = site.day_records(DAY1)
    batch = build_batch([ExportRecord(r.seq, r.uuid, r.kiosk_id, r.kind, r.created_utc,
                                      r.payload_json, r.sha256, r.supersedes) for r in day],
                        signing_key=site.signing_key, central_key=office.keys.central.public_key(),
                        kiosk_id=site.kiosk_id, kiosk_number=1, event=site.config.event,
                        now=site.clock.now())
    net = tmp_path / "batch.zip"
    net.write_bytes(batch.data)
    first = ingest_file(office, net, channel="network")
    assert first.accepted == len(day)
    before = snapshot(office)
    stick = ingest_file(office, site.export(DAY1, tmp_path / "stick"))
    assert (stick.accepted, stick.duplicate, stick.conflict) == (0, len(day), 0)
    after = snapshot(office)
    assert len(after["bundles"]) == len(before["bundles"]) + 1       # the receipt is kept
    for receipt in ("bundles", "kiosks"):                           # and the last contact
        after.pop(receipt), before.pop(receipt)
    assert after == before


def test_a_redacted_copy_is_a_duplicate_of_the_full_one(sites, office, tmp_path):
    """A record whose personal fields the kiosk removed after export still matches (same hash)."""
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    ingest_file(office, site.export(DAY1, tmp_path / "s1"))
    site.store.conn.execute("UPDATE records SET payload='{\"redacted_fields\":[\"nik\"]}',"
                            " redacted_utc='2019-11-30T00:00:00.000000Z' WHERE kind='application'")
    again = ingest_file(office, site.export(DAY1, tmp_path / "s2"))
    assert again.accepted == again.conflict == 0 and again.duplicate == len(again.results)
    with office.db.read() as conn:     # the office keeps its full copy
        assert conn.execute(select(func.count()).select_from(records).where(
            records.c.redacted_utc.is_not(None))).scalar_one() == 0


def test_a_full_copy_fills_in_a_record_that_arrived_redacted(sites, office, tmp_path):
    """Redacted first (retention ran before the export), full copy later: names come back."""
    (site,) = sites(1)
    enroll(office, site)
    log = site.rehearse(DAY1)
    originals = {r.seq: r for r in site.day_records(DAY1)}
    site.store.conn.execute("UPDATE records SET payload='{\"redacted_fields\":[\"full_name\"]}',"
                            " redacted_utc='2019-11-30T00:00:00.000000Z' WHERE kind='application'")
    first = ingest_file(office, site.export(DAY1, tmp_path / "s1"))
    assert first.accepted == len(originals)
    with office.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(applications).where(
            applications.c.name_search != "")).scalar_one() == 0
    recs = [ExportRecord(r.seq, r.uuid, r.kiosk_id, r.kind, r.created_utc, r.payload_json,
                         r.sha256, r.supersedes) for r in originals.values()]
    batch = build_batch(recs, signing_key=site.signing_key,
                        central_key=office.keys.central.public_key(), kiosk_id=site.kiosk_id,
                        kiosk_number=1, event=site.config.event, now=site.clock.now())
    (tmp_path / "b.zip").write_bytes(batch.data)
    second = ingest_file(office, tmp_path / "b.zip", channel="network")
    assert second.duplicate == len(originals)
    with office.db.read() as conn:
        names = set(conn.execute(select(applications.c.name_search)).scalars())
    assert names and names <= {n.upper() for n in log.names}


def test_a_conflict_is_quarantined_and_the_rest_of_the_batch_is_accepted(sites, office,
                                                                         tmp_path):
    """Same UUID, other payload: both versions kept, nothing overwritten, others accepted."""
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    day = site.day_records(DAY1)
    first, rest = day[:5], day[5:]
    recs = [ExportRecord(r.seq, r.uuid, r.kiosk_id, r.kind, r.created_utc, r.payload_json,
                         r.sha256, r.supersedes) for r in day]

    def batch(items, name):
        built = build_batch(items, signing_key=site.signing_key,
                            central_key=office.keys.central.public_key(),
                            kiosk_id=site.kiosk_id, kiosk_number=1, event=site.config.event,
                            now=site.clock.now())
        (tmp_path / name).write_bytes(built.data)
        return tmp_path / name

    ingest_file(office, batch(recs[:5], "one.zip"), channel="network")
    changed = json.loads(first[2].payload_json) | {"service": "TAMPERED"}
    from kiosk.records.canonical import canonical_json, sha256_hex

    body = canonical_json(changed)
    recs[2] = dataclasses.replace(recs[2], payload_json=body, sha256=sha256_hex(body))
    result = ingest_file(office, batch(recs, "two.zip"), channel="network")
    outcome = {r.seq: r.result for r in result.results}
    assert outcome[first[2].seq] == "conflict"
    assert [outcome[r.seq] for r in first if r.seq != first[2].seq] == ["duplicate"] * 4
    assert all(outcome[r.seq] == "accepted" for r in rest)
    with office.db.read() as conn:
        held = conn.execute(select(records.c.payload).where(records.c.uuid == first[2].uuid)
                            ).scalar_one()
        q = conn.execute(select(quarantine)).all()
    assert held == first[2].payload_json                       # nothing overwritten
    assert len(q) == 1 and q[0].payload == body and q[0].reason == "uuid"
    assert result.high_water_mark == day[-1].seq


def test_another_record_at_a_taken_seq_is_a_conflict(sites, office, tmp_path):
    """A kiosk restored from an old backup reuses seq numbers: the new records are kept aside."""
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    ingest_file(office, site.export(DAY1, tmp_path / "s"))
    old = site.day_records(DAY1)[3]
    other = ExportRecord(old.seq, "0f0f0f0f-0000-4000-8000-000000000001", old.kiosk_id,
                         "info", old.created_utc, '{"service":"INFO"}',
                         "a" * 64, None)
    built = build_batch([other], signing_key=site.signing_key,
                        central_key=office.keys.central.public_key(), kiosk_id=site.kiosk_id,
                        kiosk_number=1, event=site.config.event, now=site.clock.now())
    (tmp_path / "b.zip").write_bytes(built.data)
    with pytest.raises(BundleRefused):      # the payload hash is checked: make it right
        ingest_file(office, tmp_path / "b.zip", channel="network")
    from kiosk.records.canonical import sha256_hex

    other = dataclasses.replace(other, sha256=sha256_hex(other.payload_json))
    built = build_batch([other], signing_key=site.signing_key,
                        central_key=office.keys.central.public_key(), kiosk_id=site.kiosk_id,
                        kiosk_number=1, event=site.config.event, now=site.clock.now())
    (tmp_path / "c.zip").write_bytes(built.data)
    result = ingest_file(office, tmp_path / "c.zip", channel="network")
    assert [r.result for r in result.results] == ["conflict"]
    with office.db.read() as conn:
        assert conn.execute(select(quarantine.c.reason)).scalars().all() == ["seq"]


@pytest.mark.parametrize("same_payload", [False, True], ids=["other-hash", "same-hash"])
def test_a_held_uuid_at_seqs_the_office_has_not_seen_is_found(sites, office, tmp_path,
                                                              same_payload):
    """None of a batch's seqs is held, but one of its UUIDs is (another kiosk's record):
    with another hash a conflict kept in quarantine, with the same hash a duplicate; the
    held record is untouched, the rest of the batch accepted (and, the conflict kept, the
    mark over all of it)."""
    a, b = sites(2)
    for site in (a, b):
        enroll(office, site)
        site.rehearse(DAY1)
    ingest_file(office, a.export(DAY1, tmp_path / "s"))
    theirs = a.day_records(DAY1)[4]
    day = b.day_records(DAY1)
    recs = [ExportRecord(r.seq, r.uuid, r.kiosk_id, r.kind, r.created_utc, r.payload_json,
                         r.sha256, r.supersedes) for r in day]
    recs[3] = dataclasses.replace(recs[3], uuid=theirs.uuid, **(
        {"payload_json": theirs.payload_json, "sha256": theirs.sha256} if same_payload
        else {}))
    built = build_batch(recs, signing_key=b.signing_key,
                        central_key=office.keys.central.public_key(), kiosk_id=b.kiosk_id,
                        kiosk_number=2, event=b.config.event, now=b.clock.now())
    (tmp_path / "b.zip").write_bytes(built.data)
    before = central_records(office)[theirs.uuid]
    result = ingest_file(office, tmp_path / "b.zip", channel="network")
    outcome = {r.seq: r.result for r in result.results}
    assert outcome.pop(recs[3].seq) == ("duplicate" if same_payload else "conflict")
    assert set(outcome.values()) == {"accepted"} and len(outcome) == len(recs) - 1
    held = central_records(office)
    assert held[theirs.uuid] == before                       # nothing overwritten
    assert {r.uuid for r in recs} <= held.keys()
    with office.db.read() as conn:
        q = conn.execute(select(quarantine.c.reason, quarantine.c.seq)).all()
        filed = conn.execute(select(func.count()).select_from(complaints)
                             .where(complaints.c.kiosk_id == b.kiosk_id)).scalar_one()
    assert q == ([] if same_payload else [("uuid", recs[3].seq)])
    assert filed == sum(r.kind == "complaint" for r in recs if r.uuid != theirs.uuid)
    if not same_payload:                       # the quarantined version holds its seq
        assert result.high_water_mark == recs[-1].seq


def refused(office, path):
    before = snapshot(office)
    archived = sorted(office.paths.archive.rglob("*"))
    with pytest.raises(BundleRefused) as caught:
        ingest_file(office, path)
    assert snapshot(office) == before, "a refused bundle stored something"
    assert sorted(office.paths.archive.rglob("*")) == archived
    return caught.value


def test_a_bundle_of_an_unenrolled_kiosk_is_refused(sites, office, tmp_path):
    """Not enrolled: refused at the kiosk key step, with the kiosk named, nothing stored."""
    (site,) = sites(1)
    site.rehearse(DAY1)
    exc = refused(office, site.export(DAY1, tmp_path / "s"))
    assert exc.step == "kiosk_key" and "not enrolled" in exc.reason and site.kiosk_id in exc.reason


def test_a_bundle_of_a_revoked_kiosk_is_refused(sites, office, tmp_path):
    """Revoked: refused, saying since when."""
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    with office.db.write() as conn:
        revoke_kiosk(conn, kiosk_id=site.kiosk_id, now=office.now(), actor="cli:test")
    exc = refused(office, site.export(DAY1, tmp_path / "s"))
    assert exc.step == "kiosk_key" and "revoked" in exc.reason


def test_one_byte_changed_anywhere_refuses_the_bundle(sites, office, tmp_path):
    """Flip each of many bytes spread over the file (headers, manifest, signature, records)."""
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1, arrivals=8)
    path = site.export(DAY1, tmp_path / "s")
    data = path.read_bytes()
    steps = set()
    positions = sorted(set(range(0, len(data), max(1, len(data) // 150))) | {len(data) - 1})
    for i in positions:
        bad = bytearray(data)
        bad[i] ^= 0x01
        (tmp_path / "bad.zip").write_bytes(bytes(bad))
        steps.add(refused(office, tmp_path / "bad.zip").step)
    assert steps == {"container"}          # the zip's CRC-32s and byte-exact layout
    # Inside a well-formed zip too: a member changed and the container rebuilt around it.
    from kiosk.export.container import MANIFEST, RECORDS, build_container, read_container

    for member, step in ((MANIFEST, "signature"), (RECORDS, "ciphertext")):
        members = read_container(data)
        changed = bytearray(members[member])
        # In the manifest, a letter of the generator's name: still valid JSON.
        at = changed.find(b'"generator":"passport') + 14 if member == MANIFEST \
            else len(changed) // 2
        changed[at] ^= 0x20
        members[member] = bytes(changed)
        (tmp_path / "bad.zip").write_bytes(build_container(members))
        assert refused(office, tmp_path / "bad.zip").step == step
    assert ingest_file(office, path).accepted > 0            # the original is fine


def test_archive_keeps_each_bundle_as_received_owner_only(two_kiosks, office):
    """The archive holds the exact encrypted files, readable by the owner only."""
    *_, paths = two_kiosks
    for p in paths:
        ingest_file(office, p)
    with office.db.read() as conn:
        names = conn.execute(select(bundles.c.archive_name)).scalars().all()
    assert len(names) == len(paths)
    archived = {(office.paths.archive / n).read_bytes() for n in names}
    assert archived == {p.read_bytes() for p in paths}
    for n in names:
        assert (office.paths.archive / n).stat().st_mode & 0o077 == 0
        assert (office.paths.archive / n).parent.stat().st_mode & 0o077 == 0
