"""Building blocks of the officer screens: a page with a title and a message line, and a
folder chooser (the data folder or a plugged-in stick)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Translator
from kiosk.paths import resources_dir
from kiosk.textfile import read_text
from ui.kit.overlays import Overlay
from ui.kit.widgets import CHECK, WARNING, button, kinetic, label, repolish, scroll_body, verbatim

QWIDGETSIZE_MAX = 16777215     # Qt's "no maximum" for a widget's size


def officer_stylesheet() -> str:
    """The officer screens' additions to the citizen theme (resources/officer.qss)."""
    return read_text(resources_dir() / "officer.qss")


class OfficerPage(QWidget):
    """A title row, a body (scrolling unless told not to), one message line, and a slot at
    the bottom for an on-screen keyboard that never scrolls away."""

    def __init__(self, name: str, *, scrolling: bool = True) -> None:
        super().__init__()
        self.setObjectName("officerPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 16, 32, 16)
        outer.setSpacing(12)
        self.heading = QHBoxLayout()
        self.heading.setSpacing(24)
        self.title = label("title", name=f"{name}:title", wrap=False)
        self.heading.addWidget(self.title)
        self.heading.addStretch(1)
        outer.addLayout(self.heading)
        self.area: QScrollArea | None = None
        middle = QHBoxLayout()
        middle.setSpacing(24)
        if scrolling:
            self.area = kinetic(QScrollArea())
            middle.addWidget(self.area, 1)
            host = scroll_body(self.area)
            host.setObjectName("officerPage")
        else:
            host = QWidget()
            middle.addWidget(host, 1)
        self.side = QVBoxLayout()          # a number keypad docks here, beside the form
        middle.addLayout(self.side)
        outer.addLayout(middle, 1)
        self.body = QVBoxLayout(host)
        self.body.setContentsMargins(0, 0, 8, 0)
        self.body.setSpacing(16)
        self.message = label("notice", name=f"{name}:message")
        self.message.hide()
        outer.addWidget(self.message)
        self.bottom = QVBoxLayout()
        outer.addLayout(self.bottom)

    def dock(self, keyboard: QWidget) -> None:
        """The page's on-screen keyboard (ui.kit.keyboard): letters below the form, the number
        keypad beside it, so a form of PINs keeps its fields and their problems in sight on
        a short screen."""
        self.bottom.addWidget(keyboard)
        self.side.addStretch(1)                 # the keypad sits at the top of its column
        keyboard.mode_changed.connect(lambda _mode: self._place(keyboard))

    def _place(self, keyboard: QWidget) -> None:
        if keyboard.is_keypad:
            self.bottom.removeWidget(keyboard)
            self.side.insertWidget(0, keyboard)
            margins = keyboard.layout().contentsMargins()          # the keys, no more
            keys = keyboard.stack.currentWidget().sizeHint().width()
            keyboard.setMaximumWidth(keys + margins.left() + margins.right())
        else:
            self.side.removeWidget(keyboard)
            self.bottom.addWidget(keyboard)
            keyboard.setMaximumWidth(QWIDGETSIZE_MAX)

    def say(self, text: str, *, problem: bool = False) -> None:
        """One line for the officer: a problem (with a warning mark) or a success."""
        if not text:
            self.message.hide()
            return
        self.message.setProperty("role", "error" if problem else "success")
        self.message.setText((WARNING if problem else CHECK) + text)
        repolish(self.message)
        self.message.show()

    def scroll_to(self, widget: QWidget, *, after_layout: bool = False) -> None:
        """Bring a widget into view (a field above the keyboard); `after_layout`: once the
        layout has made room for what was just shown (a problem line)."""
        if self.area is None:
            return
        area = self.area
        if after_layout:
            QTimer.singleShot(0, area, lambda: area.ensureWidgetVisible(widget, 20, 40))
        else:
            area.ensureWidgetVisible(widget, 20, 40)

    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language (every page says its own)."""
        raise NotImplementedError


class FitLabel(QLabel):
    """One line of big text (a ticket code) that shrinks its font to fit its width."""

    def __init__(self, name: str, *, max_px: int, min_px: int = 40) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("verbatim", True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.max_px, self.min_px = max_px, min_px
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        """Show text, shrinking the font until it fits."""
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """Fit the text again at the new width."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        font = QFont(self.font())
        font.setBold(True)
        size = self.max_px
        room = max(self.width() - 16, 1)
        while size > self.min_px:
            font.setPixelSize(size)
            if QFontMetrics(font).horizontalAdvance(self.text() or "M") <= room:
                break
            size -= 4
        font.setPixelSize(size)
        if font != self.font():
            self.setFont(font)
        self.setFixedHeight(int(size * 1.3))


class FolderChooser(QWidget):
    """Where a file goes: the kiosk's own folder or a stick; the choice is shown in full."""

    chosen = Signal(Path)

    def __init__(self, name: str, default: Path) -> None:
        super().__init__()
        self.name, self.default = name, default
        self.folder = default
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        self.caption = label("fieldLabel")
        box.addWidget(self.caption)
        self.choices_host = QWidget()
        self.choices = QGridLayout(self.choices_host)
        self.choices.setContentsMargins(0, 0, 0, 0)
        self.choices.setSpacing(12)
        box.addWidget(self.choices_host)
        self.path = verbatim(label("hint", name=f"{name}:folder"))
        box.addWidget(self.path)
        self._buttons: list[tuple[Path, QPushButton]] = []

    def refresh(self, t: Translator, sticks: list[Path]) -> None:
        """Offer the kiosk folder and every stick found (called when the page opens)."""
        self.caption.setText(t("Save to"))
        for _folder, old in self._buttons:
            self.choices.removeWidget(old)
            old.deleteLater()
        self._buttons = []
        options = [(self.default, t("This kiosk (reports folder)"))]
        options += [(stick, t("USB stick {name}", name=stick.name)) for stick in sticks]
        if self.folder not in [folder for folder, _text in options]:
            self.folder = sticks[0] if sticks else self.default
        for index, (folder, text) in enumerate(options):
            choice = button("choice", name=f"{self.name}:target:{index}")
            choice.setCheckable(True)
            choice.setText(text)
            choice.clicked.connect(lambda _=False, f=folder: self.choose(f))
            self.choices.addWidget(choice, index // 2, index % 2)
            self._buttons.append((folder, choice))
        self._show()

    def choose(self, folder: Path) -> None:
        """Choose a folder (a tap on its button)."""
        self.folder = Path(folder)
        self._show()
        self.chosen.emit(self.folder)

    def _show(self) -> None:
        for folder, choice in self._buttons:
            choice.setChecked(folder == self.folder)
        self.path.setText(str(self.folder))


def row(*widgets: QWidget, stretch_last: bool = False) -> QWidget:
    """Widgets side by side, left-aligned unless the last one stretches."""
    host = QWidget()
    box = QHBoxLayout(host)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(16)
    for widget in widgets:
        box.addWidget(widget)
    if not stretch_last:
        box.addStretch(1)
    return host


class Confirm(Overlay):
    """A yes/no question over the whole window (closing the kiosk)."""

    answered = Signal(bool)

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent, name)
        self.question = label("subtitle", name=f"{name}:question")
        self.box.addWidget(self.question)
        self.yes = button("danger", name=f"{name}:yes")
        self.no = button("secondary", name=f"{name}:no")
        self.yes.clicked.connect(lambda: self._answer(True))
        self.no.clicked.connect(lambda: self._answer(False))
        self.box.addWidget(row(self.no, self.yes))

    def ask(self, question: str, yes: str, no: str) -> None:
        """Ask a yes/no question over the whole window."""
        self.question.setText(question)
        self.yes.setText(yes)
        self.no.setText(no)
        self.cover()

    def _answer(self, yes: bool) -> None:
        self.hide()
        self.answered.emit(yes)
