"""`kiosk officer remove|pin|kiosk-pin` and `kiosk doctor`'s kiosk PIN check: an officer who
leaves is removed, a PIN is changed, the kiosk PIN is chosen, each as an officer, audited."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.event.config import default_config_text, load
from kiosk.officer.pins import is_pin_hash
from kiosk.paths import DataDir
from kiosk.records.store import Store

ANDI, SRI = "480915", "246801"


def run(data, *args, input=None):
    return CliRunner().invoke(cli, ["--data-dir", str(data), *args], input=input)


def actions(data):
    store = Store(DataDir(data).database)
    try:
        return [r.payload for r in store.records(kind="officer_action")]
    finally:
        store.close()


@pytest.fixture
def two(tmp_path):
    """A data folder with Andi (first officer) and Sri (added by Andi)."""
    data = tmp_path / "d"
    assert run(data, "officer", "add", "Andi Pratama", input=f"{ANDI}\n{ANDI}\n").exit_code == 0
    added = run(data, "officer", "add", "Sri Wahyuni",
                input=f"Andi Pratama\n{ANDI}\n{SRI}\n{SRI}\n")
    assert added.exit_code == 0, added.output
    return data


def test_an_officer_who_leaves_is_removed(two):
    """Andi signs in and removes Sri (confirmed): Sri is gone from the list, audited."""
    result = run(two, "officer", "remove", "sri  WAHYUNI", input=f"Andi Pratama\n{ANDI}\ny\n")
    assert result.exit_code == 0, result.output
    assert "Sri Wahyuni removed" in result.output
    listed = run(two, "officer", "list").output
    assert "Sri" not in listed and "Andi Pratama" in listed
    removed = [a for a in actions(two) if a["action"] == "officer_removed"]
    assert removed[0]["officer_name"] == "Andi Pratama"
    assert removed[0]["details"]["subject_name"] == "Sri Wahyuni"


def test_the_last_officer_cannot_be_removed(two):
    """Sri removes Andi, then cannot remove herself: there is always one officer."""
    assert run(two, "officer", "remove", "Andi Pratama",
               input=f"Sri Wahyuni\n{SRI}\ny\n").exit_code == 0
    last = run(two, "officer", "remove", "Sri Wahyuni", input=f"Sri Wahyuni\n{SRI}\ny\n")
    assert last.exit_code == 1 and "last officer cannot be removed" in last.output
    assert "Sri Wahyuni" in run(two, "officer", "list").output


def test_removing_needs_a_right_pin_and_a_yes(two):
    """A wrong PIN stops it (tries left said); answering no changes nothing."""
    wrong = run(two, "officer", "remove", "Sri Wahyuni", input="Andi Pratama\n135792\n")
    assert wrong.exit_code == 1 and "4" in wrong.output and "Traceback" not in wrong.output
    no = run(two, "officer", "remove", "Sri Wahyuni", input=f"Andi Pratama\n{ANDI}\nn\n")
    assert no.exit_code == 1
    assert "Sri Wahyuni" in run(two, "officer", "list").output


def test_an_officer_changes_their_own_pin(two):
    """Sri with her current PIN sets a new one; the old stops working; audited."""
    result = run(two, "officer", "pin", "Sri Wahyuni", input=f"\n{SRI}\n902184\n902184\n")
    assert result.exit_code == 0, result.output
    old = run(two, "officer", "remove", "Andi Pratama", input=f"Sri Wahyuni\n{SRI}\ny\n")
    assert old.exit_code == 1 and "Wrong PIN" in old.output
    assert run(two, "officer", "remove", "Andi Pratama",
               input="Sri Wahyuni\n902184\ny\n").exit_code == 0
    changed = [a for a in actions(two) if a["action"] == "pin_changed"]
    assert changed == [{"action": "pin_changed", "officer_id": 2, "officer_name": "Sri Wahyuni",
                        "details": {}}]
    assert "902184" not in str(actions(two))


def test_a_colleague_sets_a_forgotten_pin_and_lifts_the_lock(two):
    """Sri locks herself out; Andi gives her a new PIN from the command line."""
    for _ in range(5):
        run(two, "officer", "pin", "Sri Wahyuni", input="\n135792\n")
    locked = run(two, "officer", "list").output
    assert "LOCKED" in locked
    result = run(two, "officer", "pin", "Sri Wahyuni",
                 input=f"Andi Pratama\n{ANDI}\n902184\n902184\n")
    assert result.exit_code == 0, result.output
    assert "LOCKED" not in run(two, "officer", "list").output


def test_a_too_simple_new_pin_is_refused_with_the_reason(two):
    """000001 and 121212 are refused, saying why."""
    result = run(two, "officer", "pin", "Sri Wahyuni", input=f"\n{SRI}\n000001\n000001\n")
    assert result.exit_code == 1 and "only one or two different digits" in result.output


def test_names_are_unique_ignoring_case(two):
    """'ANDI  PRATAMA' is Andi: refused before any PIN is asked."""
    result = run(two, "officer", "add", "ANDI  PRATAMA", input=f"Sri Wahyuni\n{SRI}\n")
    assert result.exit_code == 1 and "already an officer called ANDI PRATAMA" in result.output


def test_unknown_names_are_said_with_the_officers(two):
    """A name nobody has: the officers there are listed, no traceback."""
    result = run(two, "officer", "pin", "Budi")
    assert result.exit_code == 1 and "Andi Pratama, Sri Wahyuni" in result.output


def test_choosing_the_kiosk_pin_writes_its_hash(two):
    """`kiosk officer kiosk-pin` as an officer: kiosk.toml holds a hash; audited."""
    result = run(two, "officer", "kiosk-pin", input=f"Andi Pratama\n{ANDI}\n730592\n730592\n")
    assert result.exit_code == 0, result.output
    stored = load(DataDir(two).config).kiosk.exit_pin
    assert is_pin_hash(stored) and "730592" not in DataDir(two).config.read_text()
    assert [a for a in actions(two) if a["action"] == "kiosk_pin_changed"][0]["officer_name"] \
        == "Andi Pratama"


# -- kiosk doctor ----------------------------------------------------------------------------
def test_doctor_refuses_a_kiosk_without_a_kiosk_pin(tmp_path):
    """A fresh folder (the shipped config) fails doctor, naming the key and what to do."""
    result = run(tmp_path / "d", "doctor")
    assert result.exit_code == 1
    assert "[FAIL] kiosk PIN: kiosk.exit_pin" in result.output and "is empty" in result.output
    assert "kiosk officer kiosk-pin" in result.output


def test_doctor_refuses_the_demo_pin_an_earlier_version_shipped(tmp_path):
    """exit_pin = "2468" (published): a failure saying so."""
    data = tmp_path / "d"
    data.mkdir()
    (data / "kiosk.toml").write_text(default_config_text().replace('exit_pin = ""',
                                                                   'exit_pin = "2468"'))
    result = run(data, "doctor")
    assert result.exit_code == 1 and "[FAIL] kiosk PIN" in result.output
    assert "demo PIN an earlier version shipped" in result.output


def test_doctor_replaces_a_pin_in_digits_by_its_hash(tmp_path):
    """exit_pin typed by hand: doctor passes and the digits are gone from kiosk.toml."""
    data = tmp_path / "d"
    data.mkdir()
    (data / "kiosk.toml").write_text(default_config_text().replace('exit_pin = ""',
                                                                   'exit_pin = "58203716"'))
    result = run(data, "doctor")
    assert result.exit_code == 0, result.output
    assert "[ok  ] kiosk PIN" in result.output
    assert "58203716" not in (data / "kiosk.toml").read_text()


def test_doctor_passes_once_the_kiosk_pin_is_chosen(tmp_path):
    """Choose it first (no officer yet: no sign-in), then every check passes."""
    data = tmp_path / "d"
    chosen = run(data, "officer", "kiosk-pin", input="730592\n730592\n")
    assert chosen.exit_code == 0, chosen.output
    result = run(data, "doctor")
    assert result.exit_code == 0, result.output
    assert "All checks passed" in result.output
