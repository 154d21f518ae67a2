"""The central office's side of the command line, as README.md documents it, on a clean
office machine: no kiosk data folder, nothing written, kiosks trusted from the office's list,
and the chain checked without decrypting the previous bundle."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from kiosk.citizen.registrar import Registrar
from kiosk.event.catalogue import load_catalogue
from kiosk.event.clock import SystemClock
from kiosk.event.config import load_or_create
from kiosk.paths import DataDir
from kiosk.records.store import Store
from tests.helpers.factories import adult_form

ROOT = Path(__file__).resolve().parents[3]


def kiosk(*args: str, home: Path, cwd: Path, data: Path | None = None, input: str = ""):
    """The `kiosk` command in its own process, as a person runs it: HOME is `home`, no
    KIOSK_DATA_DIR or XDG folders unless `data` is given."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("XDG_", "KIOSK_")) and k != "HOME"}
    env.update(HOME=str(home), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    prefix = ["--data-dir", str(data)] if data else []
    return subprocess.run([sys.executable, "-m", "ui.cli", *prefix, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, input=input, timeout=120)


def tree(*roots: Path) -> set[str]:
    """Every file and folder under the roots (what a command may have written)."""
    return {str(p) for root in roots for p in root.rglob("*")}


@pytest.fixture
def machines(tmp_path):
    """An office machine (empty home, empty working folder) and a kiosk's data folder with
    three applications made today."""
    office_home, office_cwd = tmp_path / "office-home", tmp_path / "office-work"
    office_home.mkdir()
    office_cwd.mkdir()
    data = DataDir(tmp_path / "kiosk-data")
    data.ensure()
    store = Store(data.database)
    reg = Registrar(store, load_or_create(data.config), load_catalogue(), SystemClock())
    for _ in range(3):
        receipt = reg.submit_application(adult_form(), submission_id=str(uuid.uuid4()))
    store.close()
    day = receipt.local_time.date().isoformat()
    return office_home, office_cwd, data, day, tmp_path


def export(data: DataDir, day: str, central_public: Path, stick: Path, home: Path) -> Path:
    stick.mkdir(exist_ok=True)
    before = set(stick.glob("*.zip"))
    done = kiosk("export", "--out", str(stick), "--central-key", str(central_public),
                 "--day", day, home=home, cwd=home, data=data.root)
    assert done.returncode == 0, done.stderr
    return (set(stick.glob("*.zip")) - before).pop()


def test_the_documented_office_workflow_on_a_clean_machine(machines):
    """Key pair at the office; each kiosk's `kiosk keys show` line into kiosk-keys.txt
    beside the private key; then the README's `kiosk bundle verify FILE --central-key
    central-private.pem` passes, and the office machine gains no file but the key pair."""
    home, cwd, data, day, tmp = machines
    before = tree(home, cwd)
    made = kiosk("keys", "central-keypair", "--out", "office", home=home, cwd=cwd)
    assert made.returncode == 0, made.stderr
    office = cwd / "office"
    assert tree(home, cwd) - before == {str(office), str(office / "central-private.pem"),
                                        str(office / "central-public.pem")}
    bundle = export(data, day, office / "central-public.pem", tmp / "stick", home=tmp)
    shown = kiosk("keys", "show", home=tmp, cwd=tmp, data=data.root)
    assert shown.returncode == 0, shown.stderr
    (office / "kiosk-keys.txt").write_text("# kiosk 1, Gorontalo Mall\n" + shown.stdout)
    before = tree(home, cwd)
    check = kiosk("bundle", "verify", str(bundle), "--central-key",
                  "office/central-private.pem", home=home, cwd=cwd)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "VALID" in check.stdout and "application 3" in check.stdout
    assert tree(home, cwd) == before, "the office command wrote files"
    listed = kiosk("bundle", "verify", str(bundle), "--central-key",
                   str(office / "central-private.pem"), "--kiosk-keys",
                   str(office / "kiosk-keys.txt"), home=home, cwd=tmp)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert tree(home, cwd) == before


def test_an_unknown_kiosk_is_told_how_to_be_trusted(machines):
    """No line for the kiosk: exit 1, and the message says where to run what and which
    file to put the line in, and not to take the key from the bundle; still nothing written."""
    home, cwd, data, day, tmp = machines
    kiosk("keys", "central-keypair", "--out", "office", home=home, cwd=cwd)
    office = cwd / "office"
    bundle = export(data, day, office / "central-public.pem", tmp / "stick", home=tmp)
    kiosk_id = Store(data.database).kiosk_id
    before = tree(home, cwd)
    check = kiosk("bundle", "verify", str(bundle), "--central-key",
                  str(office / "central-private.pem"), home=home, cwd=cwd)
    out = check.stdout + check.stderr
    assert check.returncode == 1 and "Traceback" not in out
    assert "failed check: kiosk_key (rule 3.1)" in out
    assert f"on kiosk {kiosk_id} itself, run: kiosk keys show" in out
    assert str(office / "kiosk-keys.txt") in out and "not from the bundle" in out
    assert tree(home, cwd) == before


def test_a_broken_list_names_its_line(machines):
    """A line that is not as `kiosk keys show` prints it: exit 1 with file and line."""
    home, cwd, data, day, tmp = machines
    kiosk("keys", "central-keypair", "--out", "office", home=home, cwd=cwd)
    office = cwd / "office"
    bundle = export(data, day, office / "central-public.pem", tmp / "stick", home=tmp)
    (office / "kiosk-keys.txt").write_text("# kiosks\n\nk12345678 = \"not a key\"\n")
    check = kiosk("bundle", "verify", str(bundle), "--central-key",
                  str(office / "central-private.pem"), home=home, cwd=cwd)
    out = check.stdout + check.stderr
    assert check.returncode == 1 and "Traceback" not in out
    assert f"{office / 'kiosk-keys.txt'}, line 3" in out and "kiosk keys show" in out


def test_previous_is_checked_without_decrypting_it(machines):
    """The office changed its central key between two exports: the second bundle still
    chains to the first, whose records only the old key could open (rule 5.3)."""
    home, cwd, data, day, tmp = machines
    kiosk("keys", "central-keypair", "--out", "old", home=home, cwd=cwd)
    first = export(data, day, cwd / "old" / "central-public.pem", tmp / "stick", home=tmp)
    kiosk("keys", "central-keypair", "--out", "new", home=home, cwd=cwd)
    second = export(data, day, cwd / "new" / "central-public.pem", tmp / "stick", home=tmp)
    line = kiosk("keys", "show", home=tmp, cwd=tmp, data=data.root).stdout.strip()
    (cwd / "new" / "kiosk-keys.txt").write_text(line + "\n")
    check = kiosk("bundle", "verify", str(second), "--central-key",
                  str(cwd / "new" / "central-private.pem"), "--kiosk-key", line,
                  "--previous", str(first), home=home, cwd=cwd)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "follows export 1 (link checked)" in check.stdout
    backwards = kiosk("bundle", "verify", str(first), "--central-key",
                      str(cwd / "old" / "central-private.pem"), "--kiosk-keys",
                      str(cwd / "new" / "kiosk-keys.txt"), "--previous", str(second),
                      home=home, cwd=cwd)
    assert backwards.returncode == 1 and "failed check: chain (rule 5.3)" in backwards.stdout \
        + backwards.stderr
