"""Small building blocks shared by the screens: styled labels, big tiles, kinetic scrolling."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.paths import resources_dir
from kiosk.textfile import read_text

TOUCH_MIN = 72      # px: the smallest touch target (about 15 mm on a kiosk screen)
CHECK = "\u2713 "   # a selected tile says so in words and a mark, not by colour alone
WARNING = "\u26a0 "


def stylesheet() -> str:
    """The citizen theme from resources/theme.qss."""
    return read_text(resources_dir() / "theme.qss")


def verbatim(widget: QWidget) -> QWidget:
    """Mark a widget whose text is the same in every language (a code, a typed value)."""
    widget.setProperty("verbatim", True)
    return widget


def label(role: str = "body", *, name: str = "", wrap: bool = True) -> QLabel:
    out = QLabel()
    out.setProperty("role", role)
    out.setWordWrap(wrap)
    out.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        out.setObjectName(name)
    return out


def button(role: str, *, name: str) -> QPushButton:
    out = QPushButton()
    out.setProperty("role", role)
    out.setObjectName(name)
    out.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    out.setMinimumHeight(TOUCH_MIN)
    return out


def repolish(widget: QWidget) -> None:
    """Re-apply the style after a property used by a selector changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class TileButton(QPushButton):
    """A big tappable tile: a bold title and an optional line of plain explanation."""

    def __init__(self, *, name: str, checkable: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "tile")
        self.setCheckable(checkable)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        box = QVBoxLayout(self)
        box.setContentsMargins(22, 12, 22, 12)
        box.setSpacing(4)
        self.title = label("tileTitle")
        self.detail = label("tileDetail")
        for part in (self.title, self.detail):
            part.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.addWidget(part)
        self.detail.hide()
        self._title = ""
        self._compact: bool | None = None
        self.toggled.connect(lambda _checked: self._show_title())

    def event(self, event: QEvent) -> bool:
        """Closer margins on a compact panel: the window says which (ui/kit/fit.py), and
        re-styles every widget when that changes."""
        if event.type() in (QEvent.Type.Polish, QEvent.Type.StyleChange):
            compact = bool(self.window().property("compact"))
            if compact != self._compact:
                self._compact = compact
                self.layout().setContentsMargins(*((14, 6, 14, 6) if compact
                                                   else (22, 12, 22, 12)))
        return super().event(event)

    def set_texts(self, title: str, detail: str = "") -> None:
        before = (self.title.text(), self.detail.text())
        self._title = title
        self._show_title()
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        if (self.title.text(), detail) != before:
            self.updateGeometry()      # the height for the width changes with the words

    def _show_title(self) -> None:
        title = (CHECK if self.isChecked() else "") + self._title
        if title != self.title.text():
            self.title.setText(title)
            self.updateGeometry()      # the mark may wrap the words: ask the height again

    def text(self) -> str:  # noqa: D102 - what a screen reader (and the tests) read
        return self.title.text()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt API
        return max(TOUCH_MIN + 8, self.layout().totalHeightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        hint = self.layout().totalSizeHint()
        return QSize(max(hint.width(), 240), max(hint.height(), TOUCH_MIN + 8))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(200, TOUCH_MIN + 8)


class OneAtATime(QWidget):
    """Pages shown one at a time, sized to the one shown (a QStackedWidget sizes to its
    largest page: a short page then leaves blank space, a small keypad takes the width of
    the letters)."""

    def __init__(self) -> None:
        super().__init__()
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:  # noqa: N802 - as QStackedWidget
        page.setVisible(False)
        self.box.addWidget(page)

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - as QStackedWidget
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 - as QStackedWidget
        if page is self._current:
            return
        if self._current is not None:
            self._current.setVisible(False)
        self._current = page
        page.setVisible(True)


def kinetic(area: QScrollArea, *, bar: bool = True) -> QScrollArea:
    """Drag-to-scroll with momentum (touch), presses delivered at once (taps stay taps),
    never past the content's ends. `bar=False`: no scroll bar (the caller shows a hint)."""
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if not bar:
        area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(area.viewport())
    props = scroller.scrollerProperties()
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy,
                          QScrollerProperties.OvershootPolicy.OvershootAlwaysOff)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy,
                          QScrollerProperties.OvershootPolicy.OvershootAlwaysOff)
    scroller.setScrollerProperties(props)
    return area


def scroll_body(area: QScrollArea) -> QWidget:
    body = QWidget()
    body.setObjectName("scrollBody")
    area.setWidget(body)
    return body
