"""A kiosk that has been in service never starts on an empty or missing database by itself,
and never hands out a code it issued: a new database, started by an officer, keeps the
kiosk id and continues every number above the in-service marker's."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from kiosk.booth.build import Booth
from kiosk.citizen.steps import Submission
from kiosk.cli import cli
from kiosk.errors import KioskError
from kiosk.event.clock import FakeClock, SystemClock
from kiosk.export.crypto import make_central_keypair
from kiosk.i18n import Translator
from kiosk.paths import DataDir
from kiosk.records.store import Store
from tests.conftest import EVENT_MORNING
from tests.helpers.factories import adult_form, complaint_form
from tests.helpers.officer_side import PIN
from tests.helpers.slips import sid


@pytest.fixture(autouse=True)
def machine_clock(monkeypatch):
    """The commands (`kiosk recover`, `kiosk doctor`) read the machine's clock; here it says
    the same morning as the kiosk's, as it does on one machine (the kiosk never dates a
    record before the last one, so a command's record from today's real date would move
    the event day)."""
    monkeypatch.setattr(SystemClock, "now", lambda _self: EVENT_MORNING)


def booth_of(root) -> Booth:
    return Booth(DataDir(root), clock=FakeClock(EVENT_MORNING))


def serve(root, applications=3, complaints=2, *, export=False):
    """A kiosk in service: an officer, A-001.., E-001.. issued, optionally exported."""
    booth = booth_of(root)
    booth.officers().create_officer("Andi Pratama", PIN)
    for _ in range(applications):
        booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    for _ in range(complaints):
        booth.submit(Submission("complaint", complaint_form(), "COMPLAINT", sid(), "id", 0))
    result = None
    if export:
        _, public = make_central_keypair(root.parent / "office")
        result = booth.exporter().export_day(booth.reports_folder(), central_key=public)
    kiosk_id, last = booth.store.kiosk_id, booth.store.records()[-1].seq
    booth.close()
    return kiosk_id, last, result


def run(root, *args, input=None):
    return CliRunner().invoke(cli, ["--data-dir", str(root), *args], input=input)


MARKER = "in-service.json"      # kiosk/records/marker.py MARKER_FILE, beside the keys


def marker(root) -> dict:
    return json.loads((root / "keys" / MARKER).read_text())


def test_the_marker_follows_every_record_written(tmp_path):
    """keys/in-service.json: kiosk id, last seq and the day's highest ticket numbers, owner-only."""
    root = tmp_path / "data"
    kiosk_id, last, _ = serve(root)
    held = marker(root)
    assert held["kiosk_id"] == kiosk_id and held["last_seq"] == last
    assert held["tickets"] == {"2019-10-23": {"A": 3, "E": 2}}
    assert (root / "keys" / MARKER).stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("damage", ["emptied", "deleted"])
def test_a_kiosk_in_service_refuses_an_empty_or_missing_database(tmp_path, damage):
    """0 bytes or no file: doctor fails, the booth and every command refuse with the
    documented command, and no new database (nor kiosk id) is made."""
    root = tmp_path / "data"
    serve(root)
    database = root / "kiosk.sqlite3"
    for sidecar in ("-wal", "-shm"):
        (root / f"kiosk.sqlite3{sidecar}").unlink(missing_ok=True)
    if damage == "emptied":
        database.write_bytes(b"")
    else:
        database.unlink()
    doctor = run(root, "doctor")
    assert doctor.exit_code == 1 and "All checks passed" not in doctor.output
    assert "[FAIL] database" in doctor.output and "kiosk recover --new-database" in doctor.output
    with pytest.raises(KioskError) as err:
        booth_of(root).store  # noqa: B018
    assert err.value.key in ("service.database_empty", "service.database_missing")
    assert Translator("id").error(err.value) != str(err.value)
    report = run(root, "report", "--out", str(tmp_path / "r.pdf"))
    assert report.exit_code == 1 and "kiosk recover --new-database" in report.output
    assert "Traceback" not in report.output
    assert (database.exists() and database.stat().st_size == 0) == (damage == "emptied")
    assert not (tmp_path / "r.pdf").exists()


def test_recover_new_database_keeps_the_id_and_never_reissues_a_code(tmp_path):
    """With an officer's PIN, `kiosk recover --new-database` starts a database that keeps
    the kiosk id, continues seq, ticket numbers and the export chain above the marker."""
    root = tmp_path / "data"
    kiosk_id, last, exported = serve(root, export=True)
    (root / "kiosk.sqlite3").write_bytes(b"")
    wrong = run(root, "recover", "--new-database", input="999111\n")
    assert wrong.exit_code == 1 and "Nothing was changed" in wrong.output
    assert (root / "kiosk.sqlite3").stat().st_size == 0
    done = run(root, "recover", "--new-database", input=f"{PIN}\n")
    assert done.exit_code == 0, done.output
    booth = booth_of(root)
    assert booth.store.kiosk_id == kiosk_id
    receipt = booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    complaint = booth.submit(Submission("complaint", complaint_form(), "COMPLAINT", sid(),
                                        "id", 0))
    assert receipt.ticket.code == "A-004" and complaint.ticket.code == "E-003"
    assert receipt.record.seq > last
    recovered = [r.payload for r in booth.store.records(kind="officer_action")
                 if r.payload["action"] == "new_database"]
    assert recovered and recovered[0]["officer_name"] == "Andi Pratama"
    assert recovered[0]["details"]["previous_last_seq"] == last
    andi = booth.officers().find("Andi Pratama")
    assert booth.officers().authenticate(PIN, officer_id=andi.id) == andi
    _, public = make_central_keypair(tmp_path / "office2")
    again = booth.exporter().export_day(booth.reports_folder(), central_key=public)
    assert again.export_number == exported.export_number + 1
    assert again.seq_first > last
    booth.close()


def test_an_older_copy_is_refused_until_an_officer_decides(tmp_path):
    """A database restored from an earlier copy is behind the marker: refused; with
    `kiosk recover --older-database` numbering continues above what was issued."""
    root = tmp_path / "data"
    serve(root, applications=2, complaints=0)
    booth = booth_of(root)
    booth.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(root / "kiosk.sqlite3", tmp_path / "backup.sqlite3")
    booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    booth.close()
    for sidecar in ("-wal", "-shm"):
        (root / f"kiosk.sqlite3{sidecar}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "backup.sqlite3", root / "kiosk.sqlite3")
    with pytest.raises(KioskError) as err:
        booth_of(root).store  # noqa: B018
    assert err.value.key == "service.database_behind"
    assert "kiosk recover --older-database" in run(root, "doctor").output
    done = run(root, "recover", "--older-database", input=f"{PIN}\n")
    assert done.exit_code == 0, done.output
    booth = booth_of(root)
    receipt = booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    assert receipt.ticket.code == "A-004"
    booth.close()


def test_another_kiosks_database_is_refused(tmp_path):
    """A database of another kiosk copied into this data folder: refused, not adopted."""
    root, other = tmp_path / "data", tmp_path / "other"
    serve(root)
    serve(other)
    for name in ("kiosk.sqlite3", "kiosk.sqlite3-wal", "kiosk.sqlite3-shm"):
        (root / name).unlink(missing_ok=True)
        if (other / name).exists():
            shutil.copy(other / name, root / name)
    with pytest.raises(KioskError) as err:
        booth_of(root).store  # noqa: B018
    assert err.value.key == "service.database_other_kiosk"


def test_a_fresh_kiosk_and_an_older_install_start_as_before(tmp_path):
    """No marker yet: a new folder starts a database; a database from before the marker
    existed gets its marker on first use."""
    fresh = tmp_path / "fresh"
    serve(fresh, applications=1, complaints=0)
    older = tmp_path / "older"
    DataDir(older).ensure()
    store = Store(older / "kiosk.sqlite3")
    with store.transaction():
        store.append_record("info", {"service": "NEW"}, now=EVENT_MORNING)
    store.close()
    booth = booth_of(older)
    assert booth.store.kiosk_id
    booth.close()
    assert marker(older)["last_seq"] == 1
