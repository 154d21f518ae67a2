"""Files written for an officer (report PDF, CSV recap, reprinted slip) on a missing folder,
a read-only stick or a full stick: a clear message, no traceback, and nothing that looks
whole (the report and its recap both or neither); reprint never makes folders."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import uuid

import pytest
from click.testing import CliRunner

from kiosk.booth.build import Booth
from kiosk.cli import cli
from kiosk.paths import DataDir
from kiosk.records.store import Store
from tests.helpers.factories import adult_form


@pytest.fixture
def kiosk_data(tmp_path):
    """A data folder that issued A-001 today."""
    data = DataDir(tmp_path / "data")
    booth = Booth(data)
    booth.registrar().submit_application(adult_form(), submission_id=str(uuid.uuid4()))
    booth.close()
    return data


def _mount(where, options):
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a test stick here: {done.stderr.strip()}")
    return where


@pytest.fixture
def stick(tmp_path):
    """Make real sticks: tmpfs mounts of a given size or read-only, unmounted afterwards."""
    made = []

    def make(name, options):
        made.append(_mount(tmp_path / name, options))
        return made[-1]

    yield make
    for where in made:
        subprocess.run(["umount", str(where)], capture_output=True)


def run(data, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(data.root), *args])


def audits(data, action):
    store = Store(data.database)
    found = [r for r in store.records(kind="officer_action") if r.payload["action"] == action]
    store.close()
    return found


def fill(where, leave_bytes):
    """Fill a stick until about `leave_bytes` are free."""
    free = shutil.disk_usage(where).free
    (where / "filler.bin").write_bytes(b"\0" * max(free - leave_bytes, 0))


def looks_whole(folder):
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")
                  and p.name != "filler.bin")


def test_report_into_a_missing_folder_says_so_and_makes_nothing(kiosk_data, tmp_path):
    """--out in a folder that does not exist: exit 1, the folder named, nothing created."""
    target = tmp_path / "media" / "usb" / "report.pdf"
    result = run(kiosk_data, "report", "--out", str(target))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "does not exist" in result.output and str(target.parent) in result.output
    assert not (tmp_path / "media").exists()
    assert audits(kiosk_data, "report") == []


def test_report_onto_a_read_only_stick(kiosk_data, stick):
    """A write-protected stick: the message says so; nothing written, nothing audited."""
    ro = stick("ro", "ro,size=1m")
    result = run(kiosk_data, "report", "--out", str(ro / "report.pdf"))
    assert result.exit_code == 1 and "read-only" in result.output
    assert "Traceback" not in result.output
    assert looks_whole(ro) == [] and audits(kiosk_data, "report") == []


def test_report_onto_a_full_stick_leaves_neither_file(kiosk_data, stick):
    """A stick with room for the PDF but not the CSV too: neither file, no 0-byte CSV."""
    full = stick("full", "size=2m")
    fill(full, 280 * 1024)
    result = run(kiosk_data, "report", "--out", str(full / "report.pdf"))
    assert result.exit_code == 1 and "not enough room" in result.output
    assert "Traceback" not in result.output
    assert looks_whole(full) == [] and audits(kiosk_data, "report") == []


def test_a_stick_failing_on_the_csv_leaves_neither_file(kiosk_data, tmp_path, monkeypatch):
    """The CSV's write fails after the PDF was written: both go, no audit record."""
    out = tmp_path / "out"
    out.mkdir()
    real_open = os.open

    def failing_open(path, flags, *args, **kwargs):
        if str(path).endswith(".csv.partial"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", failing_open)
    result = run(kiosk_data, "report", "--out", str(out / "report.pdf"))
    assert result.exit_code == 1 and "not enough room" in result.output
    assert list(out.iterdir()) == [] and audits(kiosk_data, "report") == []


def test_a_report_is_both_files_and_its_audit(kiosk_data, tmp_path):
    """The good case: PDF and CSV there, and one 'report' audit record."""
    out = tmp_path / "out"
    out.mkdir()
    result = run(kiosk_data, "report", "--out", str(out / "report.pdf"))
    assert result.exit_code == 0, result.output
    assert looks_whole(out) == ["report.csv", "report.pdf"]
    assert len(audits(kiosk_data, "report")) == 1


def test_reprint_never_makes_a_folder(kiosk_data, tmp_path):
    """reprint --out into a missing folder: a clear error, no folder made, no record."""
    target = tmp_path / "slips-again" / "A-001.pdf"
    result = run(kiosk_data, "reprint", "A-001", "--out", str(target))
    assert result.exit_code == 1 and "does not exist" in result.output
    assert not target.parent.exists()
    store = Store(kiosk_data.database)
    assert store.records(kind="slip_reprint") == []
    store.close()


@pytest.mark.parametrize("kind", ["read-only", "full"])
def test_reprint_onto_a_bad_stick(kiosk_data, stick, kind):
    """A read-only or full stick: the reason in words, no file, no reprint recorded."""
    where = stick(kind, "ro,size=1m" if kind == "read-only" else "size=1m")
    if kind == "full":
        fill(where, 16 * 1024)
    result = run(kiosk_data, "reprint", "A-001", "--out", str(where / "A-001.pdf"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ("read-only" if kind == "read-only" else "not enough room") in result.output
    assert looks_whole(where) == []


def test_a_reprinted_slip_is_owner_only(kiosk_data, tmp_path):
    """The reprint shows a name: 0600 wherever it is written, whatever the umask."""
    saved = os.umask(0o022)
    try:
        result = run(kiosk_data, "reprint", "A-001", "--out", str(tmp_path / "A-001.pdf"))
    finally:
        os.umask(saved)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE((tmp_path / "A-001.pdf").stat().st_mode) == 0o600
