"""Personal data on the machine is owner-only, whatever the umask; doctor flags anything looser;
interrupted slip files go at start-up and printed PDF slips go on the retention schedule."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import time

import pytest
from click.testing import CliRunner

from kiosk.booth.build import Booth
from kiosk.citizen.steps import Submission
from kiosk.cli import cli
from kiosk.event.clock import FakeClock, SystemClock
from kiosk.export.crypto import make_central_keypair
from kiosk.paths import DataDir
from tests.conftest import EVENT_MORNING
from tests.helpers.factories import adult_form
from tests.helpers.officer_side import choose_kiosk_pin
from tests.helpers.slips import sid


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def umask():
    """Run the test under a given umask, restored afterwards."""
    saved = os.umask(0o022)
    os.umask(saved)
    yield lambda value: os.umask(value)
    os.umask(saved)


def a_day(root, clock=None) -> Booth:
    """A booth that registered a citizen, printed the slip, wrote the report and exported."""
    booth = Booth(DataDir(root), clock=clock or FakeClock(EVENT_MORNING))
    receipt = booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    assert booth.print_slip(receipt, "id").ok
    folder = booth.reports_folder()
    booth.report().write(folder / "report.pdf", folder / "report.csv")
    _, public = make_central_keypair(root.parent / "office")
    booth.exporter().export_day(folder, central_key=public)
    return booth


@pytest.mark.parametrize("value", [0o022, 0o002, 0o000], ids=["022", "002", "000"])
def test_a_day_leaves_every_personal_file_owner_only(tmp_path, umask, value):
    """Database, -wal/-shm, slips, keys, reports and the export in the data folder: folders
    0700 and files 0600 after a day, under a permissive umask too."""
    umask(value)
    root = tmp_path / "data"
    booth = a_day(root)
    data = booth.data
    assert data.database.with_name("kiosk.sqlite3-wal").exists()
    private = [data.root, data.database, data.database.with_name("kiosk.sqlite3-wal"),
               data.database.with_name("kiosk.sqlite3-shm"), data.slips, data.keys,
               booth.reports_folder()]
    private += [p for folder in (data.slips, data.keys, booth.reports_folder())
                for p in folder.iterdir()]
    assert any(p.suffix == ".zip" for p in booth.reports_folder().iterdir())
    assert any(p.suffix == ".pdf" for p in data.slips.iterdir())
    loose = {str(p.relative_to(tmp_path)): oct(mode(p)) for p in private if mode(p) & 0o077}
    assert loose == {}
    booth.close()


def test_files_left_loose_by_an_older_version_are_tightened_at_start(tmp_path):
    """A data folder 0755 with a 0644 database, -wal and slip: start-up makes them owner-only."""
    root = tmp_path / "data"
    booth = a_day(root)
    booth.close()
    data = DataDir(root)
    loose = [data.database, *data.slips.iterdir(), *(root / "reports").iterdir()]
    for path in loose:
        os.chmod(path, 0o644)
    for folder in (root, data.slips, root / "reports"):
        os.chmod(folder, 0o755)
    again = Booth(data, clock=FakeClock(EVENT_MORNING))
    again.start_up()
    assert {str(p): oct(mode(p)) for p in [*loose, root, data.slips, root / "reports"]
            if mode(p) & 0o077} == {}
    again.close()


def test_a_new_database_is_owner_only_before_sqlite_writes_a_byte(tmp_path, umask):
    """The database is created 0600 before WAL starts, so SQLite's -wal/-shm copy that mode."""
    umask(0o022)
    from kiosk.records.store import Store

    store = Store(tmp_path / "kiosk.sqlite3")
    with store.transaction():
        store.set_meta("probe", "1")
    for name in ("kiosk.sqlite3", "kiosk.sqlite3-wal", "kiosk.sqlite3-shm"):
        assert mode(tmp_path / name) == 0o600, name
    store.close()


def _doctor(root):
    return CliRunner().invoke(cli, ["--data-dir", str(root), "doctor"])


def test_doctor_flags_personal_data_others_can_read_and_says_the_chmod(tmp_path):
    """A readable database or slip is a failure naming the file and the command to run."""
    root = tmp_path / "data"
    a_day(root).close()
    choose_kiosk_pin(root)                      # the one thing a fresh folder lacks
    assert _doctor(root).exit_code == 0
    slip = next(DataDir(root).slips.iterdir())
    os.chmod(slip, 0o644)
    os.chmod(root, 0o755)
    result = _doctor(root)
    assert result.exit_code == 1, result.output
    assert "[FAIL] personal data files:" in result.output
    assert slip.name in result.output
    assert f"chmod -R go-rwx {root}" in result.output


def test_doctor_flags_a_slip_folder_outside_the_data_folder(tmp_path):
    """printer.pdf_dir elsewhere: its readable slips are flagged with their own chmod."""
    root, elsewhere = tmp_path / "data", tmp_path / "printed"
    data = DataDir(root)
    data.ensure()
    Booth(data).config  # noqa: B018 - writes the demo kiosk.toml
    text = data.config.read_text(encoding="utf-8")
    data.config.write_text(text.replace('pdf_dir = ""', f'pdf_dir = "{elsewhere}"'),
                           encoding="utf-8")
    a_day(root).close()
    slips = list(elsewhere.iterdir())
    assert slips and all(mode(p) == 0o600 for p in slips) and mode(elsewhere) == 0o700
    os.chmod(elsewhere, 0o755)
    result = _doctor(root)
    assert result.exit_code == 1 and f"chmod -R go-rwx {elsewhere}" in result.output


def test_interrupted_slip_files_are_removed_at_start_up(tmp_path):
    """A `.part` left by a power cut mid-write goes when the kiosk starts; slips stay."""
    root = tmp_path / "data"
    a_day(root).close()
    data = DataDir(root)
    part = data.slips / "2019-10-23_A-002_00009.pdf.part"
    part.write_bytes(b"%PDF-1.4 half")
    old = time.time() - 3600
    os.utime(part, (old, old))
    kept = sorted(p.name for p in data.slips.iterdir() if p.suffix == ".pdf")
    booth = Booth(data, clock=FakeClock(EVENT_MORNING))
    booth.start_up()
    assert not part.exists()
    assert sorted(p.name for p in data.slips.iterdir()) == kept
    booth.close()


def _old_and_new_slips(root, clock=None):
    """Slips of the day (printed) and one of a day 40 days earlier, with a stale .part."""
    booth = a_day(root, clock)
    earlier = booth.clock.today() - dt.timedelta(days=40)
    booth.close()
    slips = DataDir(root).slips
    printed = sorted(slips.iterdir())
    old = slips / f"{earlier.isoformat()}_A-001_00001.pdf"
    old.write_bytes(printed[0].read_bytes())
    stale_part = slips / f"{earlier.isoformat()}_A-002_00002.pdf.part"
    stale_part.write_bytes(b"%PDF-1.4 half")
    then = time.time() - 3600
    os.utime(stale_part, (then, then))
    return printed, old, stale_part


def test_retention_command_purges_printed_slips_on_schedule(tmp_path):
    """`kiosk retention` removes slip PDFs older than retention.personal_data_days (30);
    --dry-run only counts them; today's slips stay."""
    root = tmp_path / "data"
    printed, old, stale_part = _old_and_new_slips(root, SystemClock())
    runner = CliRunner()
    dry = runner.invoke(cli, ["--data-dir", str(root), "retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 slip file(s)" in dry.output and old.exists()
    real = runner.invoke(cli, ["--data-dir", str(root), "retention"])
    assert real.exit_code == 0, real.output
    assert "Removed 2 slip file(s)" in real.output
    assert not old.exists() and not stale_part.exists()
    assert all(p.exists() for p in printed)


def test_the_officers_retention_run_purges_slips_and_audits_it(tmp_path):
    """The officer screen's run (Booth.retention().run) purges too, and the audit says so."""
    root = tmp_path / "data"
    printed, old, _ = _old_and_new_slips(root)
    later = FakeClock(EVENT_MORNING + dt.timedelta(days=1))
    booth = Booth(DataDir(root), clock=later)
    result = booth.retention().run()
    assert result.slips_removed == 2 and not old.exists()
    assert all(p.exists() for p in printed)
    audit = [r.payload for r in booth.store.records(kind="officer_action")
             if r.payload["action"] == "retention"]
    assert audit[-1]["details"]["slips_removed"] == 2
    booth.close()


def test_a_database_made_by_sqlite_under_umask_022_is_tightened_on_open(tmp_path, umask):
    """A 0644 database from an older version (and its -wal) become 0600 when opened."""
    umask(0o022)
    from kiosk.records.store import Store

    path = tmp_path / "kiosk.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE t(x)")
    conn.commit()
    assert mode(path) == 0o644
    store = Store(path)
    assert mode(path) == 0o600 and mode(tmp_path / "kiosk.sqlite3-wal") == 0o600
    store.close()
    conn.close()
