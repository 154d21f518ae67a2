"""The kiosk PIN: which mode the pad is in, the PIN kept hashed in kiosk.toml, its lockout
kept beside the database, the demo PIN never usable, and the broken-database fallback."""

from __future__ import annotations

import re
import sqlite3
import stat
import tomllib
from pathlib import Path

import pytest

from kiosk.booth.build import Booth
from kiosk.event.config import ConfigError, default_config_text, load, parse
from kiosk.event.config_file import write_setting
from kiosk.officer.accounts import MAX_FAILURES, LockedOut, OfficerError, Officers, WrongPin
from kiosk.officer.kiosk_pin import (
    SHIPPED,
    TRIES_FILE,
    EntryMode,
    entry_mode,
    officer_list_broken,
)
from kiosk.officer.pins import is_pin_hash
from kiosk.paths import DataDir

ROOT = Path(__file__).resolve().parents[3]
KIOSK_PIN = "730592"


def booth(folder: Path, clock, exit_pin: str | None = None) -> Booth:
    """A booth over `folder`, its kiosk.toml the demo one with `exit_pin` if given."""
    data = DataDir(folder)
    data.ensure()
    if exit_pin is not None:
        data.config.write_text(default_config_text().replace('exit_pin = ""',
                                                             f'exit_pin = "{exit_pin}"'))
    return Booth(data, clock=clock)


def chosen(folder: Path, clock) -> Booth:
    b = booth(folder, clock)
    b.kiosk_pin().choose(KIOSK_PIN)
    return Booth(b.data, clock=clock)         # a restart: read from kiosk.toml again


# -- which PIN the pad asks for --------------------------------------------------------------
@pytest.mark.parametrize(("setup_needed", "kiosk_pin_chosen", "mode"), [
    (False, True, EntryMode.OFFICER), (False, False, EntryMode.OFFICER),
    (True, True, EntryMode.KIOSK), (True, False, EntryMode.SETUP),
    (None, True, EntryMode.KIOSK), (None, False, EntryMode.OPEN),
])
def test_the_pads_mode(setup_needed, kiosk_pin_chosen, mode):
    """Officers: their PINs. None yet: the kiosk PIN, or set-up at once when nothing is
    chosen. A broken officer list: the kiosk PIN, or closing offered when there is none."""
    assert entry_mode(setup_needed=setup_needed, kiosk_pin_chosen=kiosk_pin_chosen) == mode


def test_the_mode_follows_set_up(fresh_db, clock):
    """No officer yet: KIOSK mode; after the first officer: OFFICER mode."""
    officers = Officers(fresh_db, clock)
    assert entry_mode(setup_needed=officers.setup_needed(), kiosk_pin_chosen=True) == \
        EntryMode.KIOSK
    officers.create_officer("Andi Pratama", "480915")
    assert entry_mode(setup_needed=officers.setup_needed(), kiosk_pin_chosen=True) == \
        EntryMode.OFFICER


@pytest.mark.parametrize(("error", "broken"), [
    (sqlite3.DatabaseError("file is not a database"), True),
    (sqlite3.DatabaseError("database disk image is malformed"), True),
    (sqlite3.OperationalError("unable to open database file"), True),
    (sqlite3.OperationalError("database is locked"), False),
    (sqlite3.OperationalError("database table is busy"), False),
    (OSError("disk full"), False),
    (ValueError("a bug"), False),
])
def test_only_a_broken_database_falls_back_to_the_kiosk_pin(error, broken):
    """A broken or unopenable file falls back; a busy one, or anything else, does not."""
    assert officer_list_broken(error) is broken


# -- the shipped value and the docs ----------------------------------------------------------
def test_the_shipped_configuration_has_no_usable_kiosk_pin(tmp_path, clock):
    """The demo kiosk.toml ships no kiosk PIN: nothing typed opens it, and doctor/set-up
    must have one chosen (issue 10 item 3)."""
    shipped = tomllib.loads(default_config_text())["kiosk"]["exit_pin"]
    assert shipped in SHIPPED
    pin = booth(tmp_path / "d", clock).kiosk_pin()
    assert not pin.chosen
    for typed in ("", "2468", "0000", "000000", "123456", shipped):
        assert pin.check(typed) is not True


def test_the_demo_pin_an_earlier_version_shipped_opens_nothing(tmp_path, clock):
    """An old kiosk.toml still saying exit_pin = "2468" (published in the docs) counts as no
    kiosk PIN: typing 2468 does not close the kiosk."""
    pin = booth(tmp_path / "d", clock, exit_pin="2468").kiosk_pin()
    assert not pin.chosen and pin.published
    assert isinstance(pin.check("2468"), WrongPin)


def test_no_document_publishes_a_working_kiosk_pin():
    """README, docs/*.md and the shipped kiosk.toml quote no exit_pin value that works."""
    texts = [ROOT / "README.md", ROOT / "resources" / "kiosk.default.toml",
             *sorted((ROOT / "docs").glob("*.md"))]
    quoted = set()
    for path in texts:
        text = path.read_text(encoding="utf-8")
        quoted |= set(re.findall(r"exit_pin\W{1,6}(\d{4,8})", text))
        quoted |= set(re.findall(r"(?:kiosk|exit) PIN\D{0,30}?\b(\d{4,8})\b", text, re.I))
    assert quoted <= SHIPPED, quoted


# -- kept hashed, with a migration from digits ------------------------------------------------
def test_choosing_writes_only_the_hash_and_keeps_the_file_as_written(tmp_path, clock):
    """kiosk.toml gets scrypt$..., never the digits; its comments and other keys stay; it is
    still a valid configuration; a restart reads the new PIN."""
    b = booth(tmp_path / "d", clock)
    before = default_config_text()
    b.data.config.write_text(before.replace("idle_seconds = 60", "idle_seconds = 45"))
    b.kiosk_pin().choose(KIOSK_PIN)
    text = b.data.config.read_text()
    assert KIOSK_PIN not in text and "# The kiosk PIN closes the kiosk" in text
    assert "idle_seconds = 45" in text
    config = load(b.data.config)
    assert is_pin_hash(config.kiosk.exit_pin)
    assert text.replace(config.kiosk.exit_pin, "") == \
        before.replace("idle_seconds = 60", "idle_seconds = 45")
    assert Booth(b.data, clock=clock).kiosk_pin().check(KIOSK_PIN) is True


def test_choosing_follows_the_pin_rules(tmp_path, clock):
    """The kiosk PIN has the officers' rules: 6 to 8 digits, not too simple."""
    pin = booth(tmp_path / "d", clock).kiosk_pin()
    for weak, key in [("2468", "pin.length"), ("121212", "pin.simple.few_digits"),
                      ("123456", "pin.simple.sequence")]:
        with pytest.raises(OfficerError) as err:
            pin.choose(weak)
        assert err.value.key == key and err.value.field == "kiosk_pin"
    assert not pin.chosen


def test_a_pin_written_in_digits_is_replaced_by_its_hash(tmp_path, clock):
    """IT typed exit_pin = "58203716" by hand: migrate() hashes it; the same PIN works."""
    b = booth(tmp_path / "d", clock, exit_pin="58203716")
    pin = b.kiosk_pin()
    assert pin.chosen and pin.plain
    assert pin.migrate() is True
    assert "58203716" not in b.data.config.read_text()
    assert not pin.plain and pin.check("58203716") is True
    assert Booth(b.data, clock=clock).kiosk_pin().check("58203716") is True
    assert pin.migrate() is False


def test_a_config_with_a_bom_is_still_changed_cleanly(tmp_path):
    """A kiosk.toml saved by Notepad (UTF-8 BOM) is written back as plain UTF-8 TOML with
    the new value and everything else as it was."""
    path = tmp_path / "kiosk.toml"
    path.write_text("\ufeff" + default_config_text(), encoding="utf-8")
    write_setting(path, "kiosk.exit_pin", "scrypt$1$2$3$c2FsdA==$aGFzaA==")
    text = path.read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    assert tomllib.loads(text)["kiosk"]["exit_pin"] == "scrypt$1$2$3$c2FsdA==$aGFzaA=="
    assert text.replace('"scrypt$1$2$3$c2FsdA==$aGFzaA=="', '""') == default_config_text()


def test_a_new_config_file_is_owner_only(tmp_path):
    """No kiosk.toml yet: it starts as the demo file, mode 0600 (it holds the PIN's hash)."""
    path = tmp_path / "kiosk.toml"
    write_setting(path, "kiosk.exit_pin", "")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text(encoding="utf-8") == default_config_text()


HASH = "scrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g="


@pytest.mark.parametrize(("value", "ok"), [("", True), ("58203716", True), ("2468", True),
                                           (HASH, True), ("12", False), ("scrypt$x", False),
                                           ("PIN", False)])
def test_the_configuration_accepts_empty_digits_or_a_hash(value, ok):
    """kiosk.exit_pin: empty, 4-8 digits (hashed at the next start) or set-up's hash."""
    text = default_config_text().replace('exit_pin = ""', f'exit_pin = "{value}"')
    if ok:
        assert parse(text).kiosk.exit_pin == value
    else:
        with pytest.raises(ConfigError) as err:
            parse(text)
        assert "kiosk.exit_pin" in str(err.value)


# -- the lockout -----------------------------------------------------------------------------
def test_five_wrong_kiosk_pins_lock_it_for_five_minutes(tmp_path, clock):
    """The officers' rule: four tries counted down, the fifth locks; the right PIN waits."""
    pin = chosen(tmp_path / "d", clock).kiosk_pin()
    for left in (4, 3, 2, 1):
        assert pin.check("902184") == WrongPin(left)
    locked = pin.check("902184")
    assert isinstance(locked, LockedOut) and locked.seconds_left == 300
    clock.advance(200)
    assert isinstance(pin.check(KIOSK_PIN), LockedOut)
    clock.advance(100)
    assert pin.check(KIOSK_PIN) is True


def test_the_kiosk_pin_lock_survives_a_restart(tmp_path, clock):
    """Three wrong, a restart (a new Booth over the folder), two more: locked; the count is
    in a file beside the database, owner-only, holding no PIN."""
    b = chosen(tmp_path / "d", clock)
    for _ in range(3):
        b.kiosk_pin().check("902184")
    again = Booth(b.data, clock=clock).kiosk_pin()
    assert again.check("902184") == WrongPin(1)
    assert isinstance(again.check("902184"), LockedOut)
    restarted = Booth(b.data, clock=clock).kiosk_pin()
    assert restarted.locked_out() is not None
    tries = b.data.root / TRIES_FILE
    assert stat.S_IMODE(tries.stat().st_mode) & 0o077 == 0
    assert "902184" not in tries.read_text() and KIOSK_PIN not in tries.read_text()


def test_the_lock_needs_no_database(tmp_path, clock):
    """The database is garbage: the kiosk PIN still counts and locks (nothing reads it)."""
    b = chosen(tmp_path / "d", clock)
    b.data.database.write_bytes(b"this is not a database" * 100)
    pin = Booth(b.data, clock=clock).kiosk_pin()
    for _ in range(MAX_FAILURES):
        answer = pin.check("902184")
    assert isinstance(answer, LockedOut)
    assert b.data.database.read_bytes().startswith(b"this is not")


def test_unwritable_tries_file_counts_in_memory(tmp_path, clock, monkeypatch):
    """When the tries file cannot be replaced (read-only disk), five wrong PINs still lock."""
    b = chosen(tmp_path / "d", clock)
    pin = Booth(b.data, clock=clock).kiosk_pin()

    def refuse(*_args, **_kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("kiosk.officer.kiosk_pin.tempfile.mkstemp", refuse)
    for _ in range(MAX_FAILURES):
        answer = pin.check("902184")
    assert isinstance(answer, LockedOut) and pin.locked_out() is not None


def test_wrong_kiosk_pins_leave_the_officer_lockout_alone(tmp_path, clock):
    """Ten wrong kiosk PINs later an officer still has all five tries."""
    b = chosen(tmp_path / "d", clock)
    officers = b.officers()
    me = officers.create_officer("Andi Pratama", "480915")
    for _ in range(10):
        b.kiosk_pin().check("1111")
    assert officers.locked_out(me.id) is None
    assert officers.authenticate("135792", officer_id=me.id) == WrongPin(4)
