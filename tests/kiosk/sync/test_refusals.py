"""What the office will not take: a conflict is parked with its reason and never blocks the
rest; a batch too large or refused for one bad record is split until that record is found
and parked; a revoked kiosk hears that its enrollment is broken, in words."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

from kiosk.central.kiosks import revoke_kiosk
from kiosk.export.bundle import build_batch
from kiosk.i18n import Translator
from kiosk.records import outbox
from kiosk.records.canonical import canonical_json, sha256_hex
from kiosk.sync import errors
from tests.helpers.central import ingest_file
from tests.helpers.sync import ROOT, assert_central_equals_kiosk, central_records, enroll_at


def _forge_other_version(office, kiosk, tmp_path, seq: int):
    """The office gets, by stick, another version of the kiosk's record `seq` (same uuid,
    other payload), signed with the kiosk's key: a conflict waiting for the network copy."""
    record = next(r for r in kiosk.booth.store.records() if r.seq == seq)
    payload = dict(record.payload, service="RENEW" if record.payload.get("service") != "RENEW"
                   else "NEW")
    text = canonical_json(payload)
    other = dataclasses.replace(record, payload_json=text, sha256=sha256_hex(text))
    built = build_batch([other], signing_key=kiosk.booth.signing_key(),
                        central_key=office.keys.central.public_key(), kiosk_id=kiosk.kiosk_id,
                        kiosk_number=1, event=kiosk.config.event, now=kiosk.clock.now())
    path = tmp_path / "forged.zip"
    path.write_bytes(built.data)
    assert ingest_file(office, path).accepted == 1
    return record


def test_a_conflict_is_parked_with_its_reason_and_the_rest_arrives(office, live, kiosk,
                                                                    tmp_path):
    """One record conflicts: it stays parked with the office's reason, every other record
    arrives, and later rounds do not send it again."""
    enroll_at(office, kiosk, live)
    record = _forge_other_version(office, kiosk, tmp_path, seq=3)
    result = kiosk.booth.syncer().run()
    assert result.ok and result.conflict == 1
    assert result.accepted == len(kiosk.records()) - 1
    store = kiosk.booth.store
    (parked,) = outbox.parked(store)
    assert (parked.seq, parked.uuid, parked.kind) == (3, record.uuid, record.kind)
    assert "another payload hash" in parked.reason
    assert outbox.pending_count(store) == 0 and outbox.parked_count(store) == 1
    held = central_records(office, kiosk.kiosk_id)
    assert kiosk.records() - held == {(record.uuid, 3, record.kind, record.sha256)}
    again = kiosk.booth.syncer().run()
    assert again.ok and again.sent == 0                 # never resent by itself


def test_sync_once_lists_parked_records_and_exits_1(office, live, kiosk, tmp_path):
    """`kiosk sync --once` with a parked conflict: exit status 1, the record and the reason
    on standard error."""
    enroll_at(office, kiosk, live)
    _forge_other_version(office, kiosk, tmp_path, seq=2)
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(kiosk.folder),
                           "sync", "--once"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 record(s) parked" in done.stderr and "seq 2 " in done.stderr
    assert "1 conflict" in done.stdout


def test_retention_never_takes_a_parked_record_for_delivered(office, live, kiosk, tmp_path):
    """A parked record is still in the outbox: retention keeps its personal fields."""
    enroll_at(office, kiosk, live)
    store = kiosk.booth.store
    application = next(r for r in store.records() if r.kind == "application")
    _forge_other_version(office, kiosk, tmp_path, seq=application.seq)
    assert kiosk.booth.syncer().run().ok
    kiosk.clock.advance(86400 * (kiosk.config.retention_days + 1))
    redacted = kiosk.booth.retention().run()
    assert application.seq not in redacted.seqs and redacted.redacted > 0


def test_a_revoked_kiosk_hears_its_enrollment_is_broken(office, live, kiosk):
    """401 after revocation: nothing leaves the outbox, and the officer reads why."""
    enroll_at(office, kiosk, live)
    with office.db.write() as conn:
        revoke_kiosk(conn, kiosk_id=kiosk.kiosk_id, now=office.now(), actor="cli:test")
    result = kiosk.booth.syncer().run()
    assert isinstance(result.error, errors.EnrollmentBroken) and not result.error.retry
    assert kiosk.outbox() == len(kiosk.records())
    text = Translator("en").error(result.error)
    assert text.startswith("Enrollment is broken") and "new enrollment code" in text
    assert Translator("id").error(result.error).startswith("Pendaftaran rusak")


def test_batches_too_large_for_the_office_are_split(office, live, kiosk):
    """The office lowered its limit after enrollment (413.2): the kiosk sends smaller
    batches, never the same bytes, and everything arrives."""
    enroll_at(office, kiosk, live)
    office.settings = dataclasses.replace(office.settings, max_batch_records=10)
    result = kiosk.booth.syncer().run()
    assert result.ok and result.batches >= len(kiosk.records()) // 10
    assert_central_equals_kiosk(office, kiosk)


def test_a_record_the_office_refuses_is_found_and_parked(office, live, kiosk):
    """A damaged record (its hash no longer matches its payload) makes the office refuse
    the batch (422, step records): halves are sent until that record alone is refused; it
    is parked with the reason and every other record arrives."""
    enroll_at(office, kiosk, live)
    store = kiosk.booth.store
    with store.transaction(marker=False):
        store.conn.execute("UPDATE records SET sha256 = ? WHERE seq = 9", ("0" * 64,))
    result = kiosk.booth.syncer().run()
    assert result.ok
    (parked,) = outbox.parked(store)
    assert parked.seq == 9 and "records" in parked.reason and "SHA-256" in parked.reason
    assert kiosk.records() - central_records(office, kiosk.kiosk_id) == {
        next(r for r in kiosk.records() if r[1] == 9)}
    assert outbox.pending_count(store) == 0
