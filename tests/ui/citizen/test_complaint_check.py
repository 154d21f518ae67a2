"""Cek pengaduan at the touchscreen, tapped as a citizen would: the welcome tile, the
tracking number and phone digits on the on-screen keyboard, the answer card, the errors
beside the fields, and nothing left for the next citizen."""

from __future__ import annotations

from kiosk.citizen.flow import Step
from kiosk.citizen.registrar import tracking_number
from tests.helpers.walks import fill_complaint, start_complaint, submit


def _file_complaint(k, identity: str, phone: str = "081355550001") -> str:
    """A complaint filed at this kiosk through the screens; back on welcome after Finish."""
    start_complaint(k)
    fill_complaint(k, identity, phone=phone)
    submit(k)
    k.clock.advance(2)
    k.touch.primary()                     # Finish
    assert k.flow.step == Step.WELCOME
    return tracking_number(k.records("complaint")[-1])


def _check(k, number: str, digits: str = "") -> None:
    """Welcome -> Cek pengaduan: the number, Check; then the digits page, if it comes."""
    t = k.touch
    t.tap("path:check")
    t.type("tracking_number", number.lower().replace("-", " "))
    t.primary()                           # Check
    t.settle(lambda: not k.flow.submitting)
    if digits:
        assert k.touch.exists("field:phone_last4")
        t.type("phone_last4", digits)
        t.primary()
        t.settle(lambda: not k.flow.submitting)


def _shown(k, name: str) -> str:
    """The text of a widget the citizen can see ("" when it is hidden)."""
    return k.touch.find(name).text() if k.touch.exists(name) else ""


def test_a_complainant_sees_status_and_dates_with_the_right_digits(kiosk):
    """Wrong digits: the tries left beside the digits field, no status; right digits: the
    number, the status in words and the day it was filed, in the citizen's language."""
    k = kiosk
    number = _file_complaint(k, "identified")
    k.touch.tap("language:en")
    _check(k, number, "9999")
    assert "Tries left: 4" in _shown(k, "error:phone_last4")
    assert not k.touch.exists("resultCard")
    k.touch.retype("phone_last4", "0001")
    k.touch.primary()
    k.touch.settle(lambda: not k.flow.submitting)
    assert _shown(k, "check:number") == number
    assert _shown(k, "check:status") == "Recorded at this kiosk; not yet at the office"
    assert "Filed: " in _shown(k, "check:dates") and "2019" in _shown(k, "check:dates")
    assert not k.window.keyboard.isVisible()              # no keys over the answer
    k.touch.switch_language()             # Bahasa Indonesia: the answer follows
    assert _shown(k, "check:status") == "Tercatat di anjungan ini; belum sampai di kantor"
    assert not k.window.keyboard.isVisible()
    k.touch.back()                        # the number page, as typed, the answer gone
    assert k.touch.editor("tracking_number").text() and not k.touch.exists("resultCard")


def test_an_identified_complaint_asks_for_the_digits(kiosk):
    """A complaint with a name turns to the digits page, nothing of it shown; Check with
    the field empty says what to type beside it, in Indonesian."""
    k = kiosk
    number = _file_complaint(k, "confidential")
    _check(k, number)
    assert k.touch.exists("field:phone_last4") and not k.touch.exists("resultCard")
    k.touch.primary()
    assert "empat digit terakhir" in _shown(k, "error:phone_last4")
    assert not k.touch.exists("resultCard")


def test_an_anonymous_complaint_shows_the_status_only(kiosk):
    """Anonymous: the status and the words saying only the status is shown; no dates."""
    k = kiosk
    number = _file_complaint(k, "anonymous", phone="")
    k.touch.tap("language:en")
    _check(k, number)
    assert _shown(k, "check:status") == "Recorded at this kiosk; not yet at the office"
    assert _shown(k, "check:dates") == ""
    assert "Only the status is shown" in _shown(k, "check:only")


def test_a_bad_or_unknown_number_says_so_beside_the_field(kiosk):
    """A malformed number and one this kiosk never gave get their own words."""
    k = kiosk
    k.touch.tap("language:en")
    _check(k, "A-007")
    assert "looks like ADU-" in _shown(k, "error:tracking_number")
    k.touch.retype("tracking_number", "ADU-0000AAAA-00001")
    k.touch.primary()
    k.touch.settle(lambda: not k.flow.submitting)
    assert "does not know this tracking number" in _shown(k, "error:tracking_number")


def test_the_next_citizen_finds_nothing_of_the_last_check(kiosk):
    """After the idle reset the fields are empty and the answer card is gone."""
    k = kiosk
    number = _file_complaint(k, "identified")
    _check(k, number, "0001")
    assert k.touch.exists("resultCard")
    k.idle(k.app.config.kiosk.idle_seconds)
    k.idle(k.app.config.kiosk.countdown_seconds + 1)
    assert k.flow.step == Step.WELCOME
    k.touch.tap("path:check")
    assert k.touch.editor("tracking_number").text() == ""
    assert not k.touch.exists("resultCard")
    assert k.flow.value("phone_last4") == ""
