"""Another process holds the database's write lock: every command that writes says
"database busy" in words (exit 1, no traceback, nothing written), and an audit record is
written before or with what it audits."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.booth.build import Booth
from kiosk.citizen.registrar import Registrar
from kiosk.cli import cli
from kiosk.event.catalogue import load_catalogue
from kiosk.event.config import load_or_create
from kiosk.export.crypto import make_central_keypair
from kiosk.paths import DataDir
from kiosk.records.store import Store
from tests.helpers.factories import adult_form
from tests.helpers.officer_side import PIN

ROOT = Path(__file__).resolve().parents[3]
HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
conn.execute("ROLLBACK")
"""


@pytest.fixture
def kiosk_in_service(tmp_path):
    """A data folder with an officer and one application issued today (A-001)."""
    data = DataDir(tmp_path / "data")
    booth = Booth(data)
    booth.officers().create_officer("Andi Pratama", PIN)
    booth.config  # noqa: B018
    Registrar(booth.store, booth.config, load_catalogue(), booth.clock).submit_application(
        adult_form(), submission_id=str(uuid.uuid4()))
    booth.signing_key()
    booth.close()
    return data


@pytest.fixture
def held(kiosk_in_service):
    """A second real process holding BEGIN IMMEDIATE on the kiosk's database."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(kiosk_in_service.database)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    yield kiosk_in_service
    holder.stdin.close()
    holder.wait(timeout=30)
    holder.stdout.close()


def kiosk(data: DataDir, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    """The real `kiosk` command in its own process, on this checkout's code."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(data.root),
                           *args], capture_output=True, text=True, input=input, cwd=ROOT,
                          env=env, timeout=120)


def audit_actions(data: DataDir, kind: str) -> list[dict]:
    store = Store(data.database)
    found = [r.payload for r in store.records(kind=kind)]
    store.close()
    return found


def test_report_and_reprint_say_busy_and_write_nothing(held, tmp_path):
    """`kiosk report` and `kiosk reprint` in real processes: 'database is busy', exit 1,
    no traceback, and no file written that nothing audits."""
    out = tmp_path / "out"
    out.mkdir()
    report = kiosk(held, "report", "--out", str(out / "day.pdf"))
    reprint = kiosk(held, "reprint", "A-001", "--out", str(out / "A-001.pdf"))
    for result in (report, reprint):
        assert result.returncode == 1, result.stderr
        assert "database is busy" in result.stderr
        assert "Traceback" not in result.stderr + result.stdout
    assert list(out.iterdir()) == []


def test_a_reprint_is_audited_with_its_file(kiosk_in_service, tmp_path):
    """Once the lock is gone, the reprint's file and its slip_reprint record come together."""
    out = tmp_path / "A-001.pdf"
    done = kiosk(kiosk_in_service, "reprint", "A-001", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.exists()
    assert len(audit_actions(kiosk_in_service, "slip_reprint")) == 1


@pytest.mark.parametrize("command", [
    ["officer", "add", "Sri Wahyuni"],
    ["keys", "rotate"],
    ["export", "--out", "{stick}", "--central-key", "{central}"],
], ids=["officer-add", "keys-rotate", "export"])
def test_every_writing_command_says_busy_in_words(held, tmp_path, command):
    """The other writing commands: the same words, exit 1, nothing changed or written."""
    stick = tmp_path / "stick"
    stick.mkdir()
    _, central = make_central_keypair(tmp_path / "office")
    args = [a.format(stick=stick, central=central) for a in command]
    result = CliRunner().invoke(cli, ["--data-dir", str(held.root), *args],
                                input=f"\n{PIN}\n480916\n480916\n")
    assert result.exit_code == 1, result.output
    assert "database is busy" in result.output and "Traceback" not in result.output
    assert list(stick.iterdir()) == []


def test_the_busy_message_is_translated(kiosk_in_service):
    """The message key store.busy is in both catalogues and says what to do."""
    from kiosk.i18n import Translator
    from kiosk.records.store import DatabaseBusy

    busy = DatabaseBusy(seconds=5)
    assert "Try again" in str(busy)
    assert Translator("id").error(busy) != str(busy) and "5" in Translator("id").error(busy)
    config = load_or_create(kiosk_in_service.config)
    assert config.event.code
