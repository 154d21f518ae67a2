"""Nothing moves under the finger, and the field the keys type into always shows it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor

from tests.helpers.walks import ADULT, start_application, who_and_name
from tests.ui.conftest import start_kiosk

TINT, GOLD, RED, WHITE = "#fff8e1", "#c9a227", "#9b1118", "#ffffff"


def places(k, names: list[str], *, within=None) -> dict[str, QRect]:
    """Where each named widget stands now, in the window (or in `within`)."""
    out = {}
    for name in names:
        widget = k.touch.find(name)
        out[name] = QRect(widget.mapTo(within or k.window, QPoint(0, 0)), widget.size())
    return out


def keys_and_buttons(k) -> dict[str, QRect]:
    return places(k, ["key:1", "key:0", "key:backspace", "nav:back", "nav:primary"])


def to_nik_page(k) -> None:
    start_application(k, "NEW")
    who_and_name(k, child=False, name=ADULT["full_name"], place=ADULT["birth_place"])


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1024, 600), (600, 1024)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_keys_and_fields_stay_put_as_errors_come_and_go(qtbot, tmp_path, size):
    """Next with a short NIK: the errors and the footer's 'please check' appear without
    moving the keypad or the buttons; typing the missing digits clears them, and neither
    the keys, the buttons nor the fields move while the finger types."""
    k = start_kiosk(qtbot, tmp_path, size=size)
    try:
        to_nik_page(k)
        t = k.touch
        t.type("birth_date", ADULT["birth_date"])
        t.choose("sex", "M")
        t.type("nik", "757101")
        before = keys_and_buttons(k)
        t.primary()                                    # errors come
        assert t.find("error:nik").isVisible() and k.window.missing.text()
        assert keys_and_buttons(k) == before
        fields = ["field:nik", "field:birth_date", "choice:sex:M", "choice:sex:F"]
        with_errors = places(k, fields)
        for digit in "0101900003":
            t.tap(k.window.keyboard.key(digit))
            assert keys_and_buttons(k) == before, digit
            assert places(k, fields) == with_errors, digit
        assert not t.exists("error:nik") and not k.window.missing.text()
        t.primary()
        assert k.flow.page().name == "a_contact"
    finally:
        k.app.close()


def colour(widget, x: int, y: int) -> str:
    return QColor(widget.grab().toImage().pixel(x, y)).name()


def cue(editor) -> tuple[str, str, str]:
    """(inside, top edge, left edge) colours of an input, sampled where the theme draws
    its background, its top border and the wide left bar of a typed field with an error."""
    middle = editor.height() // 2
    return (colour(editor, editor.width() - 12, middle), colour(editor, editor.width() // 2, 1),
            colour(editor, 10, middle))


def test_the_field_typed_into_shows_it_even_with_an_error(kiosk):
    """Next on an empty NIK page: both inputs show their error (red edge); the one the
    keypad types into is also tinted with a gold bar, and the cue moves with a tap."""
    to_nik_page(kiosk)
    t = kiosk.touch
    t.primary()
    nik, birth = t.editor("nik"), t.editor("birth_date")
    assert kiosk.window.keyboard.target is nik
    assert cue(nik) == (TINT, RED, GOLD)
    assert cue(birth) == (WHITE, RED, WHITE)
    t.tap(birth)
    assert kiosk.window.keyboard.target is birth
    assert cue(birth) == (TINT, RED, GOLD)
    assert cue(nik) == (WHITE, RED, WHITE)
    t.type("birth_date", "01")                     # its error goes; the cue stays
    assert cue(birth) == (TINT, GOLD, TINT)


@pytest.mark.parametrize("size", [(1920, 1080), (1024, 600)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_tile_keeps_its_size_when_marked_and_chosen(qtbot, tmp_path, size):
    """Next with no sex chosen outlines the tiles as an error; tapping one checks it and
    takes the error off: neither tile changes place (on its page: a small screen may
    first scroll it into sight, as a finger would) or size under the finger."""
    k = start_kiosk(qtbot, tmp_path, size=size)
    try:
        to_nik_page(k)
        t = k.touch
        t.type("nik", ADULT["nik"])
        t.type("birth_date", ADULT["birth_date"])
        tiles = ["choice:sex:M", "choice:sex:F"]
        body = k.window.current().area.widget()
        before = places(k, tiles, within=body)
        t.primary()
        assert t.find("choice:sex:M").property("invalid") is True
        marked = places(k, tiles, within=body)
        assert [r.size() for r in marked.values()] == [r.size() for r in before.values()]
        t.choose("sex", "M")
        assert t.find("choice:sex:M").isChecked()
        assert places(k, tiles, within=body) == marked
    finally:
        k.app.close()
