"""Building blocks of the officer screens: a page with a title and a message line, and a
folder chooser (the data folder or a plugged-in stick)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStorageInfo, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.paths import resources_dir
from ui.overlays import Overlay
from ui.widgets import CHECK, WARNING, button, label, repolish, verbatim


def officer_stylesheet() -> str:
    """The officer screens' additions to the citizen theme (resources/officer.qss)."""
    return (resources_dir() / "officer.qss").read_text(encoding="utf-8")


class OfficerPage(QWidget):
    """A title, a body, and one message line at the bottom (good news or what to do)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName("officerPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 20)
        outer.setSpacing(16)
        self.title = label("title", name=f"{name}:title")
        outer.addWidget(self.title)
        self.body = QVBoxLayout()
        self.body.setSpacing(16)
        outer.addLayout(self.body, 1)
        self.message = label("notice", name=f"{name}:message")
        self.message.hide()
        outer.addWidget(self.message)

    def say(self, text: str, *, problem: bool = False) -> None:
        """One line for the officer: a problem (with a warning mark) or a success."""
        if not text:
            self.message.hide()
            return
        self.message.setProperty("role", "error" if problem else "success")
        self.message.setText((WARNING if problem else CHECK) + text)
        repolish(self.message)
        self.message.show()

    def retranslate(self, t: Translator) -> None:
        raise NotImplementedError


def removable_folders() -> list[Path]:
    """Mounted, writable removable volumes (USB sticks under /media or /run/media)."""
    out = []
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        if root.startswith(("/media/", "/run/media/", "/mnt/")):
            out.append(Path(root))
    return out


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
        self.folder = Path(folder)
        self._show()
        self.chosen.emit(self.folder)

    def _show(self) -> None:
        for folder, choice in self._buttons:
            choice.setChecked(folder == self.folder)
        self.path.setText(str(self.folder))


def row(*widgets: QWidget, stretch_last: bool = False) -> QWidget:
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
        self.question.setText(question)
        self.yes.setText(yes)
        self.no.setText(no)
        self.cover()

    def _answer(self, yes: bool) -> None:
        self.hide()
        self.answered.emit(yes)
