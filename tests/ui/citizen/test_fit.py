"""The screens fit every supported size: the fee and the pick-up date in sight above the
primary action, nothing to scroll into but content, and a clear word below the smallest
size (the screenshot tour checks every screen at every size: test_screenshots.py)."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QScrollArea

from tests.helpers.walks import ADULT, nik_page, start_application, who_and_name
from tests.ui.conftest import start_kiosk
from ui.kit.fit import SUPPORTED, Fit
from ui.rehearsal.driver import TouchDriver

SIZES = pytest.mark.parametrize("size", SUPPORTED, ids=lambda s: f"{s[0]}x{s[1]}")


def to_passport_page(k) -> None:
    """An adult's new passport, tapped through to 'Which passport?' (no e-mail)."""
    start_application(k, "NEW")
    who_and_name(k, child=False, name=ADULT["full_name"], place=ADULT["birth_place"])
    nik_page(k, ADULT["nik"], ADULT["birth_date"], ADULT["sex"])
    k.touch.type("phone", ADULT["phone"])
    k.touch.primary()
    k.touch.primary()                              # no e-mail


def in_sight_above_primary(k, name: str) -> None:
    """The label is shown, wholly in the window, not in a scrolling body (no swipe can take
    it away), not covered, and no lower than the primary action."""
    window = k.window
    widget = k.touch.find(name)
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    primary = window.primary
    top = primary.mapTo(window, QPoint(0, 0)).y()
    assert window.rect().contains(rect), (name, rect)
    parent = widget.parentWidget()
    while parent is not None:
        assert not isinstance(parent, QScrollArea), f"{name} scrolls with the body"
        parent = parent.parentWidget()
    assert rect.bottom() <= top + primary.height(), (name, rect, top)
    if not Fit(window.width(), window.height()).rail:
        assert rect.bottom() <= top, (name, rect, top)          # right above the buttons
    TouchDriver._uncovered(widget)


@SIZES
def test_fee_and_pickup_date_stand_above_submit(qtbot, tmp_path, size):
    """On 'Which passport?' the fee, and on review the fee and the pick-up date, are in
    sight above the primary action without scrolling, at every supported size."""
    k = start_kiosk(qtbot, tmp_path, size=size)
    try:
        to_passport_page(k)
        k.touch.choose("passport_type", "electronic")
        in_sight_above_primary(k, "fee")
        assert "Rp650.000" in k.touch.find("fee").text()
        k.touch.primary()
        k.touch.primary()                              # priority as suggested
        summary = k.touch.find("review:summary").text()
        assert "Rp650.000" in summary and "Oktober 2019" in summary
        in_sight_above_primary(k, "review:summary")
    finally:
        k.app.close()


def body_gap(screen) -> int:
    """Blank px between the body's last shown widget and the bottom of the scrolled-to-end
    view (0 or less: the content reaches the end)."""
    area = screen.area
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum())
    body = area.widget()
    bottoms = [w.mapTo(body, QPoint(0, w.height())).y() for w in body.findChildren(
        type(screen.title)) if w.isVisible() and w.text()]
    end = bar.value() + area.viewport().height() - body.layout().contentsMargins().bottom()
    return end - max(bottoms)


def test_choices_do_not_scroll_and_nothing_scrolls_into_blank_space(qtbot, tmp_path):
    """At 1920x1080 the priority choices fit: nothing to swipe. At 1024x600 the privacy
    notice cannot fit: it scrolls with the hint shown, exactly to its last line."""
    k = start_kiosk(qtbot, tmp_path, size=(1920, 1080))
    try:
        to_passport_page(k)
        k.touch.choose("passport_type", "ordinary")
        k.touch.primary()
        assert k.flow.page().name == "a_priority"
        screen = k.window.current()
        assert screen.area.verticalScrollBar().maximum() == 0
        assert not screen.more.isVisible()
    finally:
        k.app.close()
    k = start_kiosk(qtbot, tmp_path / "small", size=(1024, 600))
    try:
        k.touch.tap("path:service")
        screen = k.window.current()
        bar = screen.area.verticalScrollBar()
        assert bar.maximum() > 0 and screen.more.isVisible() and screen.more.text()
        assert not bar.isVisible()
        assert -1 <= body_gap(screen) <= 1
        assert screen.more.isVisible() and screen.more.text() == ""    # at the end
    finally:
        k.app.close()


def test_below_the_smallest_size_the_kiosk_says_so(qtbot, tmp_path, caplog):
    """800x480 and 480x800: a message on the screen and in the log, covering the screens,
    instead of broken screens; a supported size takes it away."""
    caplog.set_level(logging.WARNING)
    k = start_kiosk(qtbot, tmp_path, size=(800, 480))
    try:
        note = k.window.too_small
        assert note.isVisible() and note.geometry() == k.window.rect()
        assert "800x480" in note.text() and "1024x600" in note.text()
        assert any("smaller than any supported size" in r.getMessage() for r in caplog.records)
        k.window.resize(480, 800)
        qtbot.wait(1)
        assert note.isVisible() and "600x1024" in note.text()
        k.window.resize(1024, 600)
        assert not note.isVisible()
    finally:
        k.app.close()


@SIZES
def test_the_field_being_typed_into_stays_above_the_keys(qtbot, tmp_path, size):
    """Every keyboard a form uses, at every size: the field it types into is wholly in
    sight above (or beside) the keys and nothing covers it (the tour checks each screen
    too; this walks the longest pages: the NIK's three boxes and the story)."""
    k = start_kiosk(qtbot, tmp_path, size=size)
    try:
        start_application(k, "NEW")
        who_and_name(k, child=False, name=ADULT["full_name"], place=ADULT["birth_place"])
        for field, text in (("nik", "757101"), ("birth_date", "01-01"), ("nik", "0101")):
            k.touch.type(field, text)
            target = k.window.keyboard.target
            assert target is k.touch.editor(field)
            port = k.window.current().area.viewport()
            rect = QRect(target.mapTo(port, QPoint(0, 0)), target.size())
            assert port.rect().contains(rect), (field, rect, port.rect())
            TouchDriver._uncovered(target)
    finally:
        k.app.close()
