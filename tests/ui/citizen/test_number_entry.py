"""NIK and phone typed on the keypad show grouped as on the card; the NIK/sex disagreement
marks both fields. Tapped with the touch driver, read from the widgets."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from kiosk.citizen.grouping import grouped
from tests.helpers.walks import ADULT, fill_adult, nik_page, start_application, submit, who_and_name
from ui.kit.keyboard import BACKSPACE


def _to_nik_page(k) -> None:
    start_application(k, "NEW")
    who_and_name(k, child=False, name=ADULT["full_name"], place=ADULT["birth_place"])


def _type_key_by_key(k, field: str, digits: str) -> list[tuple[str, int, str]]:
    """Tap the field, then each key; after every key: (text shown, cursor, flow's value)."""
    t = k.touch
    editor = t.editor(field)
    t.tap(editor)
    seen = []
    for digit in digits:
        t.tap(k.window.keyboard.key(digit))
        seen.append((editor.text(), editor.cursorPosition(), k.flow.value(field)))
    return seen


def _tap_at_position(editor, position: int) -> None:
    """A finger on the field where the cursor lands at `position` (as a person would aim)."""
    y = editor.rect().center().y()
    x = next(x for x in range(editor.width()) if editor.cursorPositionAt(QPoint(x, y)) == position)
    window = editor.window()
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, editor.mapTo(window, QPoint(x, y)))
    assert editor.cursorPosition() == position


def test_nik_shows_in_fours_while_typed_and_the_flow_keeps_digits(kiosk):
    """Every key: the field shows the digits so far in groups of four, the cursor after the
    last digit, and the flow holds the bare digits."""
    _to_nik_page(kiosk)
    nik = "7571014512900003"
    seen = _type_key_by_key(kiosk, "nik", nik)
    for count, (text, cursor, value) in enumerate(seen, start=1):
        assert value == nik[:count]
        assert text == grouped("nik", nik[:count])
        assert cursor == len(text)
    assert seen[-1][0] == "7571 0145 1290 0003"


def test_backspace_over_a_separator_takes_the_digit_before_it(kiosk):
    """With the cursor just after a space, backspace deletes the 4th digit and regroups;
    typing it again restores the number with the cursor after it."""
    _to_nik_page(kiosk)
    _type_key_by_key(kiosk, "nik", "7571014512900003")
    editor = kiosk.touch.editor("nik")
    _tap_at_position(editor, 5)                      # "7571 |0145 1290 0003"
    kiosk.touch.tap(kiosk.window.keyboard.key(BACKSPACE))
    assert editor.text() == "7570 1451 2900 003" and editor.cursorPosition() == 3
    assert kiosk.flow.value("nik") == "757014512900003"
    kiosk.touch.tap(kiosk.window.keyboard.key("1"))
    assert editor.text() == "7571 0145 1290 0003" and editor.cursorPosition() == 4
    kiosk.touch.tap(kiosk.window.keyboard.key(BACKSPACE))       # at the end of a group
    assert editor.text() == "7570 1451 2900 003" and editor.cursorPosition() == 3


def test_backspace_at_the_end_drops_a_trailing_separator_with_its_digit(kiosk):
    """0812-5, backspace: 0812 (no dash left hanging), then 081."""
    _to_nik_page(kiosk)
    nik_page(kiosk, ADULT["nik"], ADULT["birth_date"], ADULT["sex"])
    _type_key_by_key(kiosk, "phone", "08125")
    editor = kiosk.touch.editor("phone")
    assert editor.text() == "0812-5"
    kiosk.touch.tap(kiosk.window.keyboard.key(BACKSPACE))
    assert editor.text() == "0812" and kiosk.flow.value("phone") == "0812"
    kiosk.touch.tap(kiosk.window.keyboard.key(BACKSPACE))
    assert editor.text() == "081" and editor.cursorPosition() == 3


def test_phone_grouped_on_screen_review_alike_and_the_record_unchanged(kiosk):
    """0812-3456-7890 in the field and on review; the payload holds +6281234567890 and the
    NIK's 16 digits, exactly as before grouping."""
    start_application(kiosk, "NEW")
    fill_adult(kiosk)
    review = {name: kiosk.window.findChild(QLabel, f"review:value:{name}").text()
              for name in ("nik", "phone", "full_name")}
    assert review == {"nik": "7571 0101 0190 0003", "phone": "0812-3456-7890",
                      "full_name": "BUDI SANTOSO"}
    kiosk.touch.tap("review:edit:a_contact")
    assert kiosk.touch.editor("phone").text() == "0812-3456-7890"
    kiosk.touch.primary()
    submit(kiosk)
    payload = kiosk.records("application")[0].payload
    assert payload["phone"] == "+6281234567890" and payload["nik"] == "7571010101900003"


def test_erasing_a_grouped_number_takes_one_tap_per_digit(kiosk):
    """The driver's hold-backspace empties 0812-3456-7890 in twelve taps."""
    _to_nik_page(kiosk)
    nik_page(kiosk, ADULT["nik"], ADULT["birth_date"], ADULT["sex"])
    _type_key_by_key(kiosk, "phone", "081234567890")
    before = kiosk.touch.taps
    kiosk.touch.erase("phone")
    assert kiosk.touch.editor("phone").text() == "" and kiosk.flow.value("phone") == ""
    assert kiosk.touch.taps - before == 1 + 12           # the field, then twelve keys


def test_a_nik_that_disagrees_with_the_sex_marks_both_and_says_which_to_check(kiosk):
    """A woman's NIK with Male chosen: an error under the NIK and under the sex tiles, each
    naming the other, the tiles outlined; tapping Female clears both."""
    _to_nik_page(kiosk)
    nik_page(kiosk, "7571014101900003", "01-01-1990", "M")
    t = kiosk.app.controller.t
    nik_error = kiosk.touch.find("error:nik")
    sex_error = kiosk.touch.find("error:sex")
    assert t("nik.sex_mismatch") in nik_error.text()
    assert t("sex.nik_mismatch") in sex_error.text()
    assert "NIK" in sex_error.text()
    tiles = [kiosk.touch.find("choice:sex:M"), kiosk.touch.find("choice:sex:F")]
    assert all(tile.property("invalid") is True for tile in tiles)
    kiosk.touch.choose("sex", "F")
    assert not nik_error.isVisible() and not sex_error.isVisible()
    assert all(tile.property("invalid") is False for tile in tiles)
    kiosk.touch.primary()
    assert kiosk.flow.page().name == "a_contact"


def test_retyping_the_nik_also_clears_the_sex_error(kiosk):
    """The disagreement leaves both fields when the NIK is the one corrected."""
    _to_nik_page(kiosk)
    nik_page(kiosk, "7571014101900003", "01-01-1990", "M")
    assert kiosk.touch.find("error:sex").isVisible()
    kiosk.touch.erase("nik")
    kiosk.touch.type("nik", "7571010101900003")
    assert not kiosk.touch.exists("error:sex") and not kiosk.touch.exists("error:nik")


def test_a_hardware_keyboard_backspace_and_delete_skip_separators(kiosk):
    """Backspace just after a dash and Delete just before one take a digit, as the keypad's
    backspace does; the cursor stays among the same digits."""
    _to_nik_page(kiosk)
    nik_page(kiosk, ADULT["nik"], ADULT["birth_date"], ADULT["sex"])
    _type_key_by_key(kiosk, "phone", "081234567890")
    editor = kiosk.touch.editor("phone")
    _tap_at_position(editor, 5)                      # "0812-|3456-7890"
    QTest.keyClick(editor, Qt.Key.Key_Backspace)
    assert editor.text() == "0813-4567-890" and editor.cursorPosition() == 3
    _tap_at_position(editor, 4)                      # "0813|-4567-890"
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    assert editor.text() == "0813-5678-90" and editor.cursorPosition() == 4
    assert kiosk.flow.value("phone") == "0813567890"
