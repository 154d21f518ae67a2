"""One ingest: round trip from two rehearsed kiosks, duplicates, conflicts, refusals, gaps."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import func, select

from kiosk.central.gaps import kiosk_gaps
from kiosk.central.ingest import BundleRefused
from kiosk.central.kiosks import revoke_kiosk
from kiosk.central.schema import (
    applications,
    bundles,
    complaint_feed,
    complaints,
    metadata,
    quarantine,
    records,
)
from kiosk.export.bundle import build_batch
from kiosk.records.record import Record as ExportRecord
from tests.helpers.central import DAY1, DAY2, DAY3, enroll, ingest_file


def snapshot(office) -> dict[str, list]:
    """Every row of every table but the audit log, to show that nothing changed."""
    with office.db.read() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in metadata.sorted_tables if t.name not in ("audit",)}


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


def ranges(seqs: list[int]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for seq in sorted(seqs):
        if out and seq == out[-1][1] + 1:
            out[-1][1] = seq
        else:
            out.append([seq, seq])
    return [tuple(r) for r in out]


def test_gaps_name_exactly_the_missing_days_seq_range(sites, office, tmp_path):
    """Three days exported, the middle one left out: `gaps` gives exactly its seq ranges
    (the day's records, and the previous day's export record made that morning)."""
    (site,) = sites(1)
    enroll(office, site)
    for day in (DAY1, DAY2, DAY3):
        site.rehearse(day)
    exported = {day: site.export(day, tmp_path / "stick") for day in (DAY1, DAY2, DAY3)}
    for day in (DAY1, DAY3):
        ingest_file(office, exported[day])
    from kiosk.export.verify import verify_bundle

    left_out = [i["seq"] for i in verify_bundle(
        exported[DAY2], kiosk_keys={site.kiosk_id: site.public_key}).manifest["records"]["items"]]
    with office.db.read() as conn:
        gaps = kiosk_gaps(conn, site.kiosk_id)
    assert gaps.missing == ranges(left_out) and len(left_out) > 20
    assert gaps.high_water_mark == min(left_out) - 1
    ingest_file(office, exported[DAY2])
    with office.db.read() as conn:
        gaps = kiosk_gaps(conn, site.kiosk_id)
    assert gaps.missing == [] and gaps.high_water_mark == gaps.max_seq


@pytest.mark.parametrize("same_day", [True, False], ids=["evening", "next-morning"])
def test_days_exported_by_stick_alone_leave_no_gap(sites, office, tmp_path, same_day):
    """Every day exported (the same evening, or the next morning) and imported, nothing by
    network: each export's own record travels in a bundle (its own, or the next day's), so
    `gaps` names no missing seq and the mark is the highest seq held."""
    (site,) = sites(1)
    enroll(office, site)
    for day in (DAY1, DAY2, DAY3):
        site.rehearse(day)
        ingest_file(office, site.export(day, tmp_path / "stick", same_day=same_day))
    with office.db.read() as conn:
        gaps = kiosk_gaps(conn, site.kiosk_id)
    assert gaps.missing == [] and gaps.high_water_mark == gaps.max_seq
    held = max(r.seq for r in site.store.records())
    assert gaps.max_seq == held - (0 if same_day else 1)   # the last morning's export record


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


def test_ids_taken_for_an_insert_are_the_ones_the_table_would_give(office):
    """allocate_ids, each time followed by the insert: rising, never given twice, also
    when the values do not follow each other (on PostgreSQL another transaction may take
    some in between: here the sequence steps by 2); a row inserted without an id
    afterwards gets a new one."""
    from sqlalchemy import insert, text

    from kiosk.central.database import allocate_ids
    from kiosk.central.schema import kiosks

    row = dict(bundle_id="b", kiosk_id="k00000001", format="f", channel="stick",
               size_bytes=1, received_utc="x", created_utc="x", manifest_sha256="0",
               seq_first=1, seq_last=1, record_count=1, accepted=1, duplicate=0, conflict=0)
    with office.db.write() as conn:
        conn.execute(insert(kiosks).values(kiosk_id="k00000001", public_key="x",
                                           status="active", enrolled_utc="x"))
        first = allocate_ids(conn, bundles, 3)
        for rid in first:
            conn.execute(insert(bundles).values(id=rid, file_sha256=f"{rid}", **row))
        if office.db.is_postgresql:
            conn.execute(text("ALTER SEQUENCE bundles_id_seq INCREMENT BY 2"))
        second = allocate_ids(conn, bundles, 3)
        for rid in second:
            conn.execute(insert(bundles).values(id=rid, file_sha256=f"{rid}", **row))
        later = conn.execute(insert(bundles).values(file_sha256="later", **row)
                             .returning(bundles.c.id)).scalar_one()
    assert first == sorted(first) and len(set(first + second)) == 6
    assert second == ([first[-1] + 2, first[-1] + 4, first[-1] + 6]
                      if office.db.is_postgresql else [4, 5, 6])
    assert later > max(second)


def test_a_bundle_whose_transaction_fails_leaves_no_archive_copy(sites, office, tmp_path,
                                                                 monkeypatch):
    """The archive copy is written while the records are stored: when the transaction
    then fails (here the feed, last thing before the commit), nothing of the bundle is
    kept, its archive copy neither, and the same file is stored whole afterwards."""
    import kiosk.central.ingest as ingest_module

    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    path = site.export(DAY1, tmp_path / "s")
    before = snapshot(office)

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ingest_module, "publish_rows", broken)
    with pytest.raises(OSError):
        ingest_file(office, path)
    assert snapshot(office) == before
    assert [p for p in office.paths.archive.rglob("*") if p.is_file()] == []
    monkeypatch.undo()
    result = ingest_file(office, path)
    assert result.accepted == len(site.day_records(DAY1))
    assert [p.name for p in office.paths.archive.rglob("*.zip")] == [
        f"{result.file_sha256}.zip"]


def test_an_archive_copy_that_cannot_be_written_stores_nothing(sites, office, tmp_path):
    """Writing the copy fails (here the archive folder is a file): the error reaches the
    caller and nothing of the bundle is stored."""
    from kiosk.central.ingest import ingest

    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    path = site.export(DAY1, tmp_path / "s")
    before = snapshot(office)
    not_a_folder = tmp_path / "archive-is-a-file"
    not_a_folder.write_text("x")
    with pytest.raises(OSError):
        ingest(office.db, office.keys, office.settings, path.read_bytes(), channel="stick",
               archive=not_a_folder, now=office.now())
    assert snapshot(office) == before
