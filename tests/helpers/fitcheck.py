"""What a screenshot cannot be trusted to show: a widget cut off, covered, or scrolled out
of reach without saying so, and scroll bars. Used by the screenshot tour at every size."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QScrollBar,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from ui.rehearsal.driver import NotTappable, TouchDriver, tap_point


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{widget.objectName() or type(widget).__name__}" + (f" {text[:30]!r}" if text else "")


def _targets(window) -> list[QWidget]:
    """Everything a finger taps: buttons, tiles, keys and inputs shown on the citizen side."""
    out = []
    parts = [window.still_there] if window.still_there.isVisible() else [
        window.current(), window.keyboard, window.footer, window.header]
    for part in parts:
        if not part.isVisible():
            continue
        for widget in part.findChildren(QWidget):
            if widget.isVisible() and isinstance(widget, QAbstractButton | QLineEdit
                                                 | QPlainTextEdit):
                out.append(widget)
    return out


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _scroll_area(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def cut_or_covered(window) -> list[str]:
    """Buttons and inputs a citizen cannot reach as shown: outside the window, partly out of
    their scrolling body while the screen does not say there is more, or covered at their
    tap point by something else (the keyboard, the footer: the touch driver's own check).
    The field the keys type into must be wholly in sight."""
    out = []
    whole = window.rect()
    screen = window.current()
    announced = screen.more.isVisible()
    for widget in _targets(window):
        rect = _rect_in(widget, window)
        area = _scroll_area(widget)
        if area is None and not whole.contains(rect):
            out.append(f"outside the window: {_name(widget)} {rect.getRect()}")
            continue
        if area is not None:
            port = _rect_in(area.viewport(), window)
            if not whole.contains(port):
                out.append(f"scrolling body outside the window: {_name(area)}")
            if not port.contains(rect):
                if widget is window.keyboard.target or not announced:
                    out.append(f"cut off by the screen's edge: {_name(widget)}")
                if not port.contains(widget.mapTo(window, tap_point(widget))):
                    continue           # scrolled away, and the screen says so
        try:
            TouchDriver._uncovered(widget)
        except NotTappable as exc:
            out.append(str(exc))
    return out


def scroll_bars(window) -> list[str]:
    """Scroll bars shown anywhere on the citizen side (a body that scrolls shows a hint)."""
    return [_name(bar) for bar in window.findChildren(QScrollBar) if bar.isVisible()
            and window.isAncestorOf(bar)]


def unannounced_scrolling(window) -> list[str]:
    """A screen whose body is taller than its room must say there is more below, and
    one that fits must not take the hint's line."""
    screen = window.current()
    if screen.area is None:
        return []
    bar = screen.area.verticalScrollBar()
    if bar.maximum() > 0 and not screen.more.isVisible():
        return [f"{screen.step} scrolls {bar.maximum()} px without the hint"]
    if bar.maximum() == 0 and screen.more.isVisible():
        return [f"{screen.step} keeps the 'more below' line but nothing scrolls"]
    return []


def scrolls(window) -> int:
    """How far the current screen's body can scroll (0: it fits)."""
    screen = window.current()
    return screen.area.verticalScrollBar().maximum() if screen.area is not None else 0


def clipped(window) -> list[str]:
    """Visible labels and buttons that stick out past the window's right edge, and labels
    on one line whose words are wider than the label (cut at its end)."""
    out = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisible() or not widget.text():
            continue
        right = widget.mapTo(window, widget.rect().topRight()).x()
        if right > window.width() + 1:
            out.append(f"{widget.objectName() or type(widget).__name__}: {widget.text()[:40]}")
        elif isinstance(widget, QLabel) and not widget.wordWrap():
            widest = max(widget.fontMetrics().horizontalAdvance(line)
                         for line in widget.text().split("\n"))
            if widest > widget.contentsRect().width() + 1:
                out.append(f"cut at its end: {_name(widget)} ({widest}px in "
                           f"{widget.contentsRect().width()}px)")
    return out


def squeezed_buttons(window) -> list[str]:
    """Plain buttons whose label (its longest line) or lines are larger than the room
    inside the button's border and padding (the text would be cut)."""
    out = []
    for b in window.findChildren(QPushButton):
        if not b.isVisible() or not b.text() or b.property("role") == "tile":
            continue
        option = QStyleOptionButton()
        b.initStyleOption(option)
        room = b.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, b)
        lines = b.text().split("\n")
        metrics = b.fontMetrics()
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        if widest > room.width() or len(lines) * metrics.height() > room.height() + 2:
            out.append(f"{b.objectName()}: {b.text()!r} ({widest}px in {room.width()}px)")
    return out


def small_targets(window) -> list[str]:
    return [f"{b.objectName()} {b.height()}px" for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.height() < 72]


def problems(window) -> list[str]:
    """Everything above that is wrong with the window as shown now."""
    return (clipped(window) + small_targets(window) + squeezed_buttons(window)
            + cut_or_covered(window) + scroll_bars(window) + unannounced_scrolling(window))
