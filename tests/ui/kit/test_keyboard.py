"""The on-screen keyboard: the right layout per field, shift, backspace; hardware keys too."""

from __future__ import annotations

from kiosk.citizen.flow import Step
from tests.helpers.walks import start_application, start_complaint, to_story


def _to_name_page(kiosk):
    start_application(kiosk, "NEW")
    kiosk.touch.choose("child", "no")
    kiosk.touch.primary()


def test_names_get_an_uppercase_letter_keyboard(kiosk):
    """The name field opens the letters layout; keys show and type capitals."""
    _to_name_page(kiosk)
    keyboard = kiosk.window.keyboard
    assert keyboard.isVisible() and keyboard.mode == "name"
    assert keyboard.key("A").text() == "A"
    kiosk.touch.type("full_name", "NUR'AINI")
    assert kiosk.flow.value("full_name") == "NUR'AINI"


def test_nik_gets_the_numeric_keypad_and_backspace_works(kiosk):
    """NIK opens the keypad; backspace removes the last digit, in the flow too."""
    _to_name_page(kiosk)
    kiosk.touch.type("full_name", "BUDI")
    kiosk.touch.primary()
    kiosk.touch.type("birth_place", "GORONTALO")
    kiosk.touch.primary()
    kiosk.touch.type("nik", "1234")
    assert kiosk.window.keyboard.mode == "digits"
    kiosk.touch.tap(kiosk.window.keyboard.key("backspace"))
    assert kiosk.flow.value("nik") == "123"


def test_free_text_has_shift_for_one_capital(kiosk):
    """The story field types lowercase; shift makes the next letter a capital, then drops."""
    start_complaint(kiosk)
    t = kiosk.touch
    to_story(kiosk, "other", "other")
    t.tap(t.editor("what_happened"))
    keyboard = kiosk.window.keyboard
    for name in ("shift", "a", "b", "space", "c"):    # one shift, as a finger would
        t.tap(keyboard.key(name))
    assert kiosk.flow.value("what_happened") == "Ab c"
    assert not keyboard.shifted


def test_a_hardware_keyboard_still_types(kiosk, qtbot):
    """Typing on a real keyboard reaches the flow like taps do."""
    _to_name_page(kiosk)
    editor = kiosk.touch.editor("full_name")
    kiosk.touch.tap(editor)
    qtbot.keyClicks(editor, "Siti")
    assert kiosk.flow.value("full_name") == "Siti"
    assert kiosk.flow.step == Step.APPLICATION


def test_choice_pages_hide_the_keyboard(kiosk):
    """Pages without text fields show no keyboard at all."""
    start_application(kiosk, "NEW")
    assert not kiosk.window.keyboard.isVisible()
