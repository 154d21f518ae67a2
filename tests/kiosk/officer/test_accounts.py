"""Officer accounts: first-run set-up, scrypt-only PINs, right/wrong PIN, each officer's
lockout and unlock, unique names, removing and changing PINs, audit."""

from __future__ import annotations

import pytest

from kiosk.officer.accounts import (
    MAX_FAILURES,
    LockedOut,
    OfficerError,
    Officers,
    WrongPin,
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
    assert officers.authenticate(PIN, clock.now(), officer_id=officer.id) == officer
    last = officers.store.records(kind="officer_action")[-1]
    assert last.payload == {"action": "login", "officer_id": officer.id,
                            "officer_name": "Andi Pratama", "details": {}}
    assert last.created_utc.startswith("2019-10-23T01:30")


def test_wrong_pins_count_down_and_never_store_the_attempt(officers, officer):
    """Each wrong PIN says how many tries are left; the typed PIN is not recorded."""
    for left in (4, 3, 2, 1):
        assert officers.authenticate(WRONG, officer_id=officer.id) == WrongPin(left)
    failed = [r for r in officers.store.records(kind="officer_action")
              if r.payload["action"] == "login_failed"]
    assert len(failed) == 4 and all(WRONG not in r.payload_json for r in failed)


def test_five_wrong_pins_lock_for_five_minutes(officers, officer, clock):
    """The fifth wrong PIN locks; even the right PIN is refused until five minutes pass."""
    for _ in range(MAX_FAILURES - 1):
        officers.authenticate(WRONG, officer_id=officer.id)
    locked = officers.authenticate(WRONG, officer_id=officer.id)
    assert isinstance(locked, LockedOut) and locked.seconds_left == 300
    clock.advance(299)
    still = officers.authenticate(PIN, officer_id=officer.id)
    assert isinstance(still, LockedOut) and still.seconds_left == 1
    clock.advance(1)
    assert officers.authenticate(PIN, officer_id=officer.id) == officer
    assert "locked_out" in [a["action"] for a in actions(officers.store)]


def test_lockout_survives_a_restart(tmp_path, clock):
    """Closing and reopening the database (a restart) keeps the lock and the count."""
    store = Store(tmp_path / "k.sqlite3")
    me = Officers(store, clock).create_officer("Andi Pratama", PIN)
    for _ in range(MAX_FAILURES):
        Officers(store, clock).authenticate(WRONG, officer_id=me.id)
    store.close()
    reopened = Store(tmp_path / "k.sqlite3")
    clock.advance(60)
    answer = Officers(reopened, clock).authenticate(PIN, officer_id=me.id)
    assert isinstance(answer, LockedOut) and answer.seconds_left == 240
    reopened.close()


def test_failure_count_survives_a_restart(tmp_path, clock):
    """Three wrong PINs, a restart, two more: locked (the count is in the database)."""
    store = Store(tmp_path / "k.sqlite3")
    me = Officers(store, clock).create_officer("Andi Pratama", PIN)
    for _ in range(3):
        Officers(store, clock).authenticate(WRONG, officer_id=me.id)
    store.close()
    store = Store(tmp_path / "k.sqlite3")
    assert Officers(store, clock).authenticate(WRONG, officer_id=me.id) == WrongPin(1)
    assert isinstance(Officers(store, clock).authenticate(WRONG, officer_id=me.id), LockedOut)
    store.close()


def test_a_right_pin_resets_the_count(officers, officer):
    """Four wrong, one right, four wrong: not locked."""
    for _ in range(4):
        officers.authenticate(WRONG, officer_id=officer.id)
    assert officers.authenticate(PIN, officer_id=officer.id) == officer
    for _ in range(3):
        officers.authenticate(WRONG, officer_id=officer.id)
    assert officers.authenticate(WRONG, officer_id=officer.id) == WrongPin(1)


def test_a_clock_set_back_does_not_stretch_the_lock(officers, officer, clock):
    """If the clock jumps back an hour during a lock, it still ends within five minutes."""
    for _ in range(MAX_FAILURES):
        officers.authenticate(WRONG, officer_id=officer.id)
    clock.advance(-3600)
    answer = officers.locked_out(officer.id)
    assert answer is not None and answer.seconds_left <= 300


def test_pins_need_not_be_unique_so_no_refusal_tells_another_officers_pin(officers, officer):
    """A second officer may pick a PIN already in use: refusing it would reveal that PIN,
    and signing in names the officer first, so the two never mix."""
    other = officers.create_officer("Sri Wahyuni", PIN, by=officer)
    assert officers.authenticate(PIN, officer_id=other.id) == other
    assert officers.authenticate(PIN, officer_id=officer.id) == officer


@pytest.mark.parametrize("same", ["  Andi   Pratama ", "ANDI PRATAMA", "andi pratama",
                                  "Andi\u00a0Pratama", "Andi\tPRATAMA"])
def test_names_are_unique_ignoring_case_and_spaces(officers, officer, same):
    """Two officers cannot share a name, whatever its case or spacing (the audit trail and
    the names on the PIN pad tell them apart)."""
    with pytest.raises(OfficerError) as err:
        officers.create_officer(same, "246801", by=officer)
    assert err.value.key == "officer.name_taken" and err.value.field == "name"
    assert officers.find(same) == officer


def test_names_written_with_composed_or_combining_accents_are_one_name(officers):
    """'José' typed as one character or as e + accent is the same officer (Unicode NFC)."""
    first = officers.create_officer("Jos\u00e9 Rizal", PIN)
    with pytest.raises(OfficerError):
        officers.create_officer("JOSE\u0301 RIZAL", "246801", by=first)
    assert first.name == "Jos\u00e9 Rizal"


def test_a_removed_officers_name_can_be_given_to_a_new_officer(officers, officer):
    """Sri leaves; a new Sri Wahyuni joins later: a new account, the old one stays removed
    (and the audit trail keeps both)."""
    old = officers.create_officer("Sri Wahyuni", "246801", by=officer)
    officers.remove_officer(old, by=officer)
    new = officers.create_officer("Sri Wahyuni", "902184", by=officer)
    assert new.id != old.id and officers.find("sri wahyuni") == new
    assert isinstance(officers.authenticate("246801", officer_id=new.id), WrongPin)
    made = [a["details"]["subject_id"] for a in actions(officers.store)
            if a["action"] == "officer_created"]
    assert made[-1] == new.id


def test_change_pin(officers, officer):
    """After a PIN change the old PIN is wrong and the new one right; audited."""
    officers.change_pin(officer, "246801")
    assert isinstance(officers.authenticate(PIN, officer_id=officer.id), WrongPin)
    assert officers.authenticate("246801", officer_id=officer.id) == officer
    assert "pin_changed" in [a["action"] for a in actions(officers.store)]


def test_removed_officer_cannot_log_in_and_the_last_cannot_go(officers, officer):
    """A removed officer's PIN stops working; the last officer stays (no open set-up)."""
    other = officers.create_officer("Sri Wahyuni", "246801", by=officer)
    officers.remove_officer(other, by=officer)
    with pytest.raises(OfficerError) as gone:
        officers.authenticate("246801", officer_id=other.id)
    assert gone.value.key == "officer.gone"
    with pytest.raises(OfficerError) as err:
        officers.remove_officer(officer, by=officer)
    assert err.value.key == "officer.last_one"
    assert not officers.setup_needed()


def test_authenticate_one_named_officer(officers, officer):
    """Only the named officer's PIN opens for them."""
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



def _lock(officers, officer):
    for _ in range(MAX_FAILURES):
        answer = officers.authenticate(WRONG, officer_id=officer.id)
    assert isinstance(answer, LockedOut)


def test_wrong_pins_lock_only_the_officer_they_were_typed_for(officers, officer):
    """Five wrong PINs for Sri lock Sri; Andi still signs in at once (issue 10 item 4)."""
    sri = officers.create_officer("Sri Wahyuni", "246801", by=officer)
    _lock(officers, sri)
    assert isinstance(officers.authenticate("246801", officer_id=sri.id), LockedOut)
    assert officers.authenticate(PIN, officer_id=officer.id) == officer
    assert officers.locked_out(officer.id) is None
    assert set(officers.locks()) == {sri.id}
    failed = [a for a in actions(officers.store) if a["action"] in ("login_failed", "locked_out")]
    assert {a["details"]["subject_id"] for a in failed} == {sri.id}
    assert all(a["officer_id"] is None for a in failed)


def test_another_officer_unlocks_a_locked_colleague_at_once(officers, officer, clock):
    """No five-minute wait: Andi unlocks Sri, who signs in straight away; audited."""
    sri = officers.create_officer("Sri Wahyuni", "246801", by=officer)
    _lock(officers, sri)
    officers.unlock(sri, by=officer)
    assert officers.locked_out(sri.id) is None
    assert officers.authenticate("246801", officer_id=sri.id) == sri
    unlocked = [a for a in actions(officers.store) if a["action"] == "officer_unlocked"]
    assert unlocked == [{"action": "officer_unlocked", "officer_id": officer.id,
                         "officer_name": officer.name,
                         "details": {"subject_id": sri.id, "subject_name": "Sri Wahyuni"}}]


def test_a_new_pin_set_by_a_colleague_lifts_the_lock_and_names_both(officers, officer):
    """Sri forgot her PIN and locked herself out: Andi sets her a new one (pin_changed by
    Andi about Sri); the lock is gone."""
    sri = officers.create_officer("Sri Wahyuni", "246801", by=officer)
    _lock(officers, sri)
    officers.change_pin(sri, "902184", by=officer)
    assert officers.authenticate("902184", officer_id=sri.id) == sri
    changed = [a for a in actions(officers.store) if a["action"] == "pin_changed"][-1]
    assert changed["officer_id"] == officer.id
    assert changed["details"] == {"subject_id": sri.id, "subject_name": "Sri Wahyuni"}
    assert "902184" not in str(actions(officers.store))


def test_changing_ones_own_pin_asks_the_current_pin_first(officers, officer):
    """A wrong current PIN is refused and counts towards the lockout; the right one and a
    good new PIN change it."""
    with pytest.raises(OfficerError) as err:
        officers.change_own_pin(officer, WRONG, "902184")
    assert err.value.key == "pin.current_wrong" and err.value.params == {"count": 4}
    assert err.value.field == "current"
    with pytest.raises(OfficerError) as simple:
        officers.change_own_pin(officer, PIN, "121212")
    assert simple.value.key == "pin.simple.few_digits"
    officers.change_own_pin(officer, PIN, "902184")
    assert officers.authenticate("902184", officer_id=officer.id) == officer
    for _ in range(MAX_FAILURES):
        with pytest.raises(OfficerError) as err:
            officers.change_own_pin(officer, WRONG, "381920")
    assert err.value.key == "pin.locked"


def test_removing_is_audited_and_needs_an_officer_in_use(officers, officer):
    """officer_removed names who removed whom; removing someone already gone is refused."""
    sri = officers.create_officer("Sri Wahyuni", "246801", by=officer)
    officers.remove_officer(sri, by=officer)
    removed = [a for a in actions(officers.store) if a["action"] == "officer_removed"]
    assert removed[0]["officer_id"] == officer.id
    assert removed[0]["details"] == {"subject_id": sri.id, "subject_name": "Sri Wahyuni"}
    with pytest.raises(OfficerError) as err:
        officers.remove_officer(sri, by=officer)
    assert err.value.key == "officer.unknown"
    assert [o.name for o in officers.active()] == ["Andi Pratama"]
