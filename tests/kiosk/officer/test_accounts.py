"""Officer accounts: first-run set-up, scrypt-only PINs, right/wrong PIN, lockout, audit."""

from __future__ import annotations

import pytest

from kiosk.officer.accounts import (
    MAX_FAILURES,
    LockedOut,
    OfficerError,
    Officers,
    WrongPin,
    check_pin_rules,
)
from kiosk.records.record import PERSONAL_FIELDS
from kiosk.records.store import Store
from tests.helpers.factories import config as make_config
from tests.helpers.officer_side import PIN

WRONG = "975310"


def actions(store):
    return [r.payload for r in store.records(kind="officer_action")]


def test_first_run_needs_setup_then_an_officer_adds_officers(officers):
    """No officer: set-up needed; the first needs no sponsor; later ones need an officer."""
    assert officers.setup_needed()
    first = officers.create_officer("Andi Pratama", PIN)
    assert not officers.setup_needed()
    with pytest.raises(OfficerError) as err:
        officers.create_officer("Sri Wahyuni", "246801")
    assert err.value.key == "officer.needs_officer"
    second = officers.create_officer("Sri Wahyuni", "246801", by=first)
    assert [o.name for o in officers.active()] == ["Andi Pratama", "Sri Wahyuni"]
    made = [a for a in actions(officers.store) if a["action"] == "officer_created"]
    assert made[0]["officer_id"] is None and made[0]["details"]["first_run"] is True
    assert made[1]["officer_id"] == first.id and made[1]["details"]["subject_id"] == second.id


def test_pins_are_stored_only_as_salted_scrypt(officers, tmp_path):
    """The database holds scrypt$N$r$p$salt$hash, a different salt per officer, never the PIN."""
    first = officers.create_officer("Andi Pratama", PIN)
    officers.create_officer("Sri Wahyuni", "246801", by=first)
    rows = officers.store.conn.execute("SELECT pin_hash FROM officers").fetchall()
    hashes = [r[0] for r in rows]
    assert all(h.startswith("scrypt$16384$8$1$") for h in hashes)
    assert hashes[0].split("$")[4] != hashes[1].split("$")[4]
    officers.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = officers.store.path.read_bytes()
    assert PIN.encode() not in raw and b"246801" not in raw


def test_right_pin_logs_in_and_is_audited(officers, officer, clock):
    """The right PIN gives the officer; a 'login' record names who and when."""
    assert officers.authenticate(PIN, clock.now()) == officer
    last = officers.store.records(kind="officer_action")[-1]
    assert last.payload == {"action": "login", "officer_id": officer.id,
                            "officer_name": "Andi Pratama", "details": {}}
    assert last.created_utc.startswith("2019-10-23T01:30")


def test_wrong_pins_count_down_and_never_store_the_attempt(officers, officer):
    """Each wrong PIN says how many tries are left; the typed PIN is not recorded."""
    for left in (4, 3, 2, 1):
        assert officers.authenticate(WRONG) == WrongPin(left)
    failed = [r for r in officers.store.records(kind="officer_action")
              if r.payload["action"] == "login_failed"]
    assert len(failed) == 4 and all(WRONG not in r.payload_json for r in failed)


def test_five_wrong_pins_lock_for_five_minutes(officers, officer, clock):
    """The fifth wrong PIN locks; even the right PIN is refused until five minutes pass."""
    for _ in range(MAX_FAILURES - 1):
        officers.authenticate(WRONG)
    locked = officers.authenticate(WRONG)
    assert isinstance(locked, LockedOut) and locked.seconds_left == 300
    clock.advance(299)
    still = officers.authenticate(PIN)
    assert isinstance(still, LockedOut) and still.seconds_left == 1
    clock.advance(1)
    assert officers.authenticate(PIN) == officer
    assert "locked_out" in [a["action"] for a in actions(officers.store)]


def test_lockout_survives_a_restart(tmp_path, clock):
    """Closing and reopening the database (a restart) keeps the lock and the count."""
    store = Store(tmp_path / "k.sqlite3")
    Officers(store, clock).create_officer("Andi Pratama", PIN)
    for _ in range(MAX_FAILURES):
        Officers(store, clock).authenticate(WRONG)
    store.close()
    reopened = Store(tmp_path / "k.sqlite3")
    clock.advance(60)
    answer = Officers(reopened, clock).authenticate(PIN)
    assert isinstance(answer, LockedOut) and answer.seconds_left == 240
    reopened.close()


def test_failure_count_survives_a_restart(tmp_path, clock):
    """Three wrong PINs, a restart, two more: locked (the count is in the database)."""
    store = Store(tmp_path / "k.sqlite3")
    Officers(store, clock).create_officer("Andi Pratama", PIN)
    for _ in range(3):
        Officers(store, clock).authenticate(WRONG)
    store.close()
    store = Store(tmp_path / "k.sqlite3")
    assert Officers(store, clock).authenticate(WRONG) == WrongPin(1)
    assert isinstance(Officers(store, clock).authenticate(WRONG), LockedOut)
    store.close()


def test_a_right_pin_resets_the_count(officers, officer):
    """Four wrong, one right, four wrong: not locked."""
    for _ in range(4):
        officers.authenticate(WRONG)
    assert officers.authenticate(PIN) == officer
    for _ in range(3):
        officers.authenticate(WRONG)
    assert officers.authenticate(WRONG) == WrongPin(1)


def test_a_clock_set_back_does_not_stretch_the_lock(officers, officer, clock):
    """If the clock jumps back an hour during a lock, it still ends within five minutes."""
    for _ in range(MAX_FAILURES):
        officers.authenticate(WRONG)
    clock.advance(-3600)
    answer = officers.locked_out()
    assert answer is not None and answer.seconds_left <= 300


def test_pin_rules():
    """6 to 8 digits, not one digit repeated, not a straight run."""
    for pin, key in [("12345", "pin.length"), ("123456789", "pin.length"), ("12a456", "pin.digits"),
                     ("111111", "pin.too_simple"), ("123456", "pin.too_simple"),
                     ("987654", "pin.too_simple"), ("４８０９１５", "pin.digits")]:
        with pytest.raises(OfficerError) as err:
            check_pin_rules(pin)
        assert err.value.key == key, pin
    check_pin_rules("480915")
    check_pin_rules("20191023")


def test_pins_are_unique_because_entry_asks_for_the_pin_alone(officers, officer):
    """A second officer cannot take a PIN already in use."""
    with pytest.raises(OfficerError) as err:
        officers.create_officer("Sri Wahyuni", PIN, by=officer)
    assert err.value.key == "pin.taken"


def test_names_are_unique(officers, officer):
    """Two officers cannot share a name (the audit trail names them)."""
    with pytest.raises(OfficerError) as err:
        officers.create_officer("  Andi   Pratama ", "246801", by=officer)
    assert err.value.key == "officer.name_taken"


def test_change_pin(officers, officer):
    """After a PIN change the old PIN is wrong and the new one right; audited."""
    officers.change_pin(officer, "246801")
    assert isinstance(officers.authenticate(PIN), WrongPin)
    assert officers.authenticate("246801") == officer
    assert "pin_changed" in [a["action"] for a in actions(officers.store)]


def test_removed_officer_cannot_log_in_and_the_last_cannot_go(officers, officer):
    """A removed officer's PIN stops working; the last officer stays (no open set-up)."""
    other = officers.create_officer("Sri Wahyuni", "246801", by=officer)
    officers.remove_officer(other, by=officer)
    assert isinstance(officers.authenticate("246801"), WrongPin)
    with pytest.raises(OfficerError) as err:
        officers.remove_officer(officer, by=officer)
    assert err.value.key == "officer.last_one"
    assert not officers.setup_needed()


def test_authenticate_one_named_officer(officers, officer):
    """With officer_id only that officer's PIN opens."""
    other = officers.create_officer("Sri Wahyuni", "246801", by=officer)
    assert officers.authenticate("246801", officer_id=other.id) == other
    assert isinstance(officers.authenticate("246801", officer_id=officer.id), WrongPin)


def test_logout_is_audited_with_its_reason(officers, officer):
    """Idle logout is recorded as such."""
    officers.logout(officer, reason="idle")
    assert actions(officers.store)[-1] == {"action": "logout", "officer_id": officer.id,
                                           "officer_name": officer.name,
                                           "details": {"reason": "idle"}}


def test_audit_refuses_citizen_personal_fields(officers, officer):
    """An officer_action never carries NIK, names, phones (by field name)."""
    for field in PERSONAL_FIELDS:
        with pytest.raises(ValueError):
            officers.record_action(officer, "slip_checked", **{field: "x"})
    with pytest.raises(ValueError):
        officers.record_action(officer, "made_up_action")


def test_idle_timeout_comes_from_config():
    """kiosk.officer_idle_seconds: 120 by default, checked like every key."""
    assert make_config().kiosk.officer_idle_seconds == 120
    from kiosk.event.config import ConfigError, default_config_text, parse

    text = default_config_text().replace("officer_idle_seconds = 120",
                                         "officer_idle_seconds = 5")
    with pytest.raises(ConfigError) as err:
        parse(text)
    assert "kiosk.officer_idle_seconds" in str(err.value)

