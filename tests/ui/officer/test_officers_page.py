"""Officers on the screen: the names on the PIN pad and each officer's own lockout (issue 10
item 4), and the officers page: list, add, remove, unlock, change one's own PIN, the kiosk
PIN (issue 11 item 24). All by taps on the real pad and page."""

from __future__ import annotations

import pytest

from kiosk.officer.accounts import Officers
from kiosk.officer.pins import is_pin_hash
from tests.ui.officer.conftest import KIOSK_PIN, OFFICER, PIN, start_desk

SRI, SRI_PIN, WRONG = "Sri Wahyuni", "246801", "135792"


def actions(desk, action):
    return [a for a in desk.records("officer_action") if a["action"] == action]


@pytest.fixture
def two(desk):
    """The desk with a second officer, Sri, added by Andi."""
    officers = Officers(desk.store, desk.kiosk.clock)
    officers.create_officer(SRI, SRI_PIN, by=officers.find(OFFICER))
    return desk


def officer_id(desk, name):
    return desk.app.booth.officers().find(name).id


def fill(desk, field, text):
    desk.type_keys(desk.find(f"officers:{field}"), text, desk.panel.officers.keyboard)


def erase(desk, field):
    """Tap the field, then the keyboard's delete key until it is empty."""
    editor, keyboard = desk.find(f"officers:{field}"), desk.panel.officers.keyboard
    desk.kiosk.touch.tap(editor)
    while editor.text():
        desk.kiosk.touch.tap(keyboard.key("backspace"))


# -- the pad: names first, each officer's own lock --------------------------------------------
def test_the_pad_asks_who_then_that_officers_pin(two):
    """Several officers: their names first; then the PIN of the one tapped, with Back."""
    two.hold_office()
    assert two.find("officerPin:title").text() == "Siapa Anda?"
    assert two.find(f"officerPin:officer:{officer_id(two, SRI)}").text() == SRI
    two.pick(SRI)
    assert two.find("officerPin:title").text() == SRI
    assert two.find("officerPin:back").isVisible()
    two.enter_pin(PIN)                               # Andi's PIN is not Sri's
    assert "PIN salah" in two.find("officerPin:message").text()
    two.enter_pin(SRI_PIN)
    assert two.find("officer:who").text() == f"Petugas: {SRI}"


def test_a_prankster_locks_one_officer_the_others_still_sign_in_and_unlock(two):
    """Five wrong PINs on Sri's name lock Sri only; Andi signs in at once and unlocks her
    on the officers page (audited); Sri signs in without waiting five minutes."""
    two.hold_office()
    two.pick(SRI)
    for _ in range(5):
        two.enter_pin(WRONG)
    message = two.find("officerPin:message").text()
    assert "5 menit" in message and "petugas lain" in message
    assert not two.find("officerPin:ok").isEnabled()
    two.tap("officerPin:back")
    two.settle()
    sri = officer_id(two, SRI)
    assert "Terkunci: 5 menit" in two.find(f"officerPin:officer:{sri}").detail.text()
    two.pick(OFFICER)
    assert two.find("officerPin:ok").isEnabled()
    two.enter_pin(PIN)
    assert two.panel.isVisible()
    two.tap("officer:section:officers")
    two.settle()
    assert "Terkunci" in two.find(f"officers:detail:{sri}").text()
    two.tap(f"officers:unlock:{sri}")
    two.settle()
    assert two.find("officers:message").text().endswith(f"{SRI} dapat masuk lagi.")
    assert actions(two, "officer_unlocked")[0]["details"]["subject_id"] == sri
    two.tap("officer:logout")
    two.log_in(SRI_PIN, name=SRI)
    assert two.find("officer:who").text() == f"Petugas: {SRI}"


# -- the officers page --------------------------------------------------------------------------
def test_the_page_lists_officers_and_offers_no_remove_for_the_last_one(desk):
    """One officer: listed as signed in, no Remove anywhere (there must always be one)."""
    desk.log_in()
    desk.tap("officer:section:officers")
    desk.settle()
    me = officer_id(desk, OFFICER)
    assert desk.find(f"officers:name:{me}").text() == OFFICER
    assert "sedang masuk" in desk.find(f"officers:detail:{me}").text()
    assert not desk.panel.officers.findChildren(type(desk.find("officers:open:add")),
                                                f"officers:remove:{me}")
    assert "PIN anjungan: sudah dipilih" in desk.find("officers:kioskPin").text()


def test_adding_an_officer_checks_the_name_and_the_pin_next_to_each(desk):
    """A name already there in other case: said under the name; 121212: said under the PIN
    why; then added, listed, audited; the new officer signs in."""
    desk.log_in()
    desk.tap("officer:section:officers")
    desk.settle()
    desk.tap("officers:open:add")
    fill(desk, "name", "ANDI PRATAMA")
    fill(desk, "pin", "480916")
    fill(desk, "pin_again", "480916")
    desk.tap("officers:save")
    desk.settle()
    assert "Sudah ada petugas bernama ANDI PRATAMA" in \
        desk.find("officers:name:problem").text()
    for field in ("name", "pin", "pin_again"):
        erase(desk, field)
    fill(desk, "name", "SRI WAHYUNI")
    fill(desk, "pin", "121212")
    fill(desk, "pin_again", "121212")
    desk.tap("officers:save")
    desk.settle()
    assert "hanya memakai satu atau dua angka" in desk.find("officers:pin:problem").text()
    assert desk.find("officers:name").text() == "SRI WAHYUNI"          # the name stays
    fill(desk, "pin", SRI_PIN)
    fill(desk, "pin_again", SRI_PIN)
    desk.tap("officers:save")
    desk.settle()
    sri = officer_id(desk, SRI)
    assert desk.find(f"officers:name:{sri}").text() == "SRI WAHYUNI"
    assert "SRI WAHYUNI sekarang dapat masuk" in desk.find("officers:message").text()
    made = actions(desk, "officer_created")[-1]
    assert made["officer_name"] == OFFICER and made["details"]["subject_id"] == sri
    desk.tap("officer:logout")
    desk.log_in(SRI_PIN, name="SRI WAHYUNI")
    assert desk.panel.isVisible()


def test_removing_an_officer_asks_first_and_their_pin_stops_working(two):
    """Remove, then Keep: nothing happens; Remove, Remove: gone from the list and from the
    pad, audited; Andi is now the last one and has no Remove."""
    two.log_in(name=OFFICER)
    two.tap("officer:section:officers")
    two.settle()
    sri, me = officer_id(two, SRI), officer_id(two, OFFICER)
    with pytest.raises(Exception, match="no visible"):
        two.find(f"officers:remove:{me}")               # not oneself
    two.tap(f"officers:remove:{sri}")
    assert f"Hapus {SRI}?" in two.find(f"officers:confirm:{sri}").text()
    two.tap(f"officers:keep:{sri}")
    assert two.find(f"officers:name:{sri}").text() == SRI
    two.tap(f"officers:remove:{sri}")
    two.tap(f"officers:yes:{sri}")
    two.settle()
    assert f"{SRI} dihapus" in two.find("officers:message").text()
    with pytest.raises(Exception, match="no visible"):
        two.find(f"officers:name:{sri}")
    removed = actions(two, "officer_removed")
    assert removed[0]["officer_name"] == OFFICER and removed[0]["details"]["subject_id"] == sri
    two.tap("officer:logout")
    two.hold_office()
    assert two.find("officerPin:title").text() == OFFICER      # no names page: one left


def test_changing_my_pin_asks_the_current_one_first(desk):
    """Wrong current PIN: said under it (tries left); right one: saved, audited, the old
    PIN no longer opens and the new one does."""
    desk.log_in()
    desk.tap("officer:section:officers")
    desk.settle()
    desk.tap("officers:open:own_pin")
    fill(desk, "current", WRONG)
    fill(desk, "pin", "902184")
    fill(desk, "pin_again", "902184")
    desk.tap("officers:save")
    desk.settle()
    assert "Itu bukan PIN Anda sekarang. Sisa percobaan: 4." in \
        desk.find("officers:current:problem").text()
    fill(desk, "current", PIN)
    desk.tap("officers:save")
    desk.settle()
    assert "PIN baru Anda tersimpan" in desk.find("officers:message").text()
    assert len(actions(desk, "pin_changed")) == 1
    desk.tap("officer:logout")
    desk.hold_office()
    desk.enter_pin(PIN)
    assert "PIN salah" in desk.find("officerPin:message").text()
    desk.enter_pin("902184")
    assert desk.panel.isVisible()


def test_the_kiosk_pin_is_changed_on_the_page_and_kept_hashed(desk):
    """A short kiosk PIN is refused under the field; a good one is saved as its hash."""
    desk.log_in()
    desk.tap("officer:section:officers")
    desk.settle()
    desk.tap("officers:open:kiosk_pin")
    assert desk.find("officers:pin:caption").text() == "PIN anjungan baru (6 sampai 8 angka)"
    fill(desk, "pin", "2468")
    fill(desk, "pin_again", "2468")
    desk.tap("officers:save")
    desk.settle()
    assert "6 sampai 8" in desk.find("officers:pin:problem").text()
    fill(desk, "pin", "381920")
    fill(desk, "pin_again", "381920")
    desk.tap("officers:save")
    desk.settle()
    assert "PIN anjungan tersimpan" in desk.find("officers:message").text()
    booth = desk.app.booth
    assert booth.kiosk_pin().check("381920") is True
    assert booth.kiosk_pin().check(KIOSK_PIN) is not True
    text = booth.data.config.read_text()
    assert "381920" not in text and is_pin_hash(text.split('exit_pin = "')[1].split('"')[0])
    assert actions(desk, "kiosk_pin_changed")[0]["officer_name"] == OFFICER


def test_without_a_kiosk_pin_the_officer_lands_on_the_officers_page(qtbot, tmp_path):
    """An upgraded kiosk still on the published demo PIN: signing in opens the officers
    page, which says no kiosk PIN is chosen and offers to choose one."""
    d = start_desk(qtbot, tmp_path, exit_pin="2468")
    try:
        d.log_in()
        assert d.panel.current() == "officers"
        assert "Belum ada PIN anjungan" in d.find("officers:kioskPin").text()
        assert d.find("officers:open:kiosk_pin").text() == "Pilih PIN anjungan"
    finally:
        d.app.close()
