"""Idle: 'Masih di sana?' after the quiet time, then a clean welcome; nothing typed survives."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QTextEdit

from kiosk.citizen.flow import Step
from tests.helpers.walks import fill_adult, start_application, start_complaint, to_story

TYPED = {"full_name": "BUDI SANTOSO", "birth_place": "LIMBOTO", "nik": "7571010101900003",
         "birth_date": "01-01-1990", "sex": "M", "phone": "081234567890"}
SECRETS = ["BUDI", "SANTOSO", "LIMBOTO", "7571010101900003", "081234567890",
           "budi@contoh.id", "Antrean macet", "+6281234567890"]


def texts_in(window) -> list[tuple[str, str]]:
    """Every text any widget in the window holds, shown or hidden."""
    out = []
    for w in window.findChildren(QLineEdit):
        out.append((w.objectName(), w.text()))
    for w in window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit):
        out.append((w.objectName(), w.toPlainText()))
    for w in window.findChildren(QLabel):
        out.append((w.objectName(), w.text()))
    for w in window.findChildren(QAbstractButton):
        out.append((w.objectName(), w.text()))
    return out


def leftovers(window) -> list[tuple[str, str]]:
    return [(name, text) for name, text in texts_in(window)
            if any(secret in text for secret in SECRETS)]


def undo_left(window) -> list[str]:
    """Inputs whose undo history could bring the previous citizen's text back."""
    edits = [w for w in window.findChildren(QLineEdit) if w.isUndoAvailable()]
    docs = [w for w in window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit)
            if w.document().isUndoAvailable()]
    return [w.objectName() for w in edits + docs]


def test_walk_away_at_review_clears_every_widget(kiosk):
    """After the countdown no QLineEdit, text edit, label or button holds the citizen's text."""
    start_application(kiosk, "NEW")
    fill_adult(kiosk, TYPED, email="budi@contoh.id")
    assert leftovers(kiosk.window)                      # the review shows them now
    kiosk.idle(59)
    assert not kiosk.window.still_there.isVisible()
    kiosk.idle(1)
    overlay = kiosk.window.still_there
    assert overlay.isVisible() and overlay.title.text() == "Masih di sana?"
    assert overlay.count.text() == "15"
    kiosk.idle(10)
    assert overlay.count.text() == "5"
    kiosk.idle(5)
    assert kiosk.flow.step == Step.WELCOME and not overlay.isVisible()
    assert leftovers(kiosk.window) == []
    assert undo_left(kiosk.window) == []
    assert kiosk.records() == []


def test_walk_away_while_typing_a_complaint(kiosk):
    """Half-typed free text and a switched language are gone after the reset."""
    start_complaint(kiosk)
    t = kiosk.touch
    to_story(kiosk, "other")
    t.switch_language()
    t.type("what_happened", "Antrean macet")
    kiosk.idle(60)
    kiosk.idle(15)
    assert kiosk.flow.step == Step.WELCOME and kiosk.flow.language == "id"
    assert kiosk.window.current().title.text() == "Selamat datang"
    assert leftovers(kiosk.window) == []
    assert undo_left(kiosk.window) == []
    assert not kiosk.window.keyboard.isVisible()


def test_still_here_keeps_everything(kiosk):
    """Tapping 'Ya, saya masih di sini' closes the countdown; the typed name stays."""
    start_application(kiosk, "RENEW")
    t = kiosk.touch
    t.choose("child", "no")
    t.primary()
    t.type("full_name", "BUDI")
    kiosk.idle(60)
    t.tap("stillThere:stay")
    assert not kiosk.window.still_there.isVisible()
    kiosk.idle(30)
    assert kiosk.flow.step == Step.APPLICATION
    assert t.find("field:full_name").text() == "BUDI"


def test_walk_away_from_the_done_screen(kiosk):
    """Slip printed: after the quiet time the screen clears without asking, and the
    previous citizen's ticket code is gone too."""
    start_application(kiosk, "NEW")
    fill_adult(kiosk, TYPED)
    kiosk.touch.primary()
    kiosk.touch.settle(lambda: kiosk.flow.outcome is not None and not kiosk.flow.outcome.printing)
    kiosk.idle(59)
    assert kiosk.flow.step == Step.DONE
    kiosk.idle(1)
    assert kiosk.flow.step == Step.WELCOME and not kiosk.window.still_there.isVisible()
    assert all("A-001" not in text for _name, text in texts_in(kiosk.window))
    assert leftovers(kiosk.window) == []


def test_done_without_a_slip_asks_before_clearing(qtbot, tmp_path):
    """The printer failed: the code on screen is all the citizen has, so "still there?"
    comes first; the screen clears only after the countdown."""
    from tests.helpers.fakes import FakeSlips
    from tests.ui.conftest import start_kiosk

    k = start_kiosk(qtbot, tmp_path, slips=FakeSlips(ok=False))
    try:
        start_application(k, "NEW")
        fill_adult(k, TYPED)
        k.touch.primary()
        k.touch.settle(lambda: k.flow.outcome is not None and not k.flow.outcome.printing)
        k.idle(60)
        assert k.window.still_there.isVisible() and k.flow.step == Step.DONE
        k.idle(15)
        assert k.flow.step == Step.WELCOME and leftovers(k.window) == []
    finally:
        k.app.close()


def test_quiet_welcome_is_left_alone(kiosk):
    """Nobody there and nothing chosen: no countdown pops up on the welcome screen."""
    kiosk.idle(600)
    assert not kiosk.window.still_there.isVisible()


def test_the_countdown_says_one_second_not_one_seconds(kiosk):
    """English counts down "... in 2 seconds", then "... in 1 second" (gettext plural forms);
    Indonesian has one form ("1 detik")."""
    start_application(kiosk, "NEW")
    overlay = kiosk.window.still_there
    kiosk.idle(60)
    kiosk.idle(14)
    assert overlay.count.text() == "1"
    assert overlay.text.text() == "Demi privasi Anda, layar akan dikosongkan dalam 1 detik."
    kiosk.touch.tap("stillThere:stay")
    kiosk.touch.switch_language()
    kiosk.idle(60)
    kiosk.idle(13)
    assert overlay.text.text() == "For your privacy the screen clears in 2 seconds."
    kiosk.idle(1)
    assert overlay.count.text() == "1"
    assert overlay.text.text() == "For your privacy the screen clears in 1 second."
