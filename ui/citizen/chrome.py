"""The parts of the kiosk window's header and footer that fit themselves to the room they
get: the footer's "please check" line, button labels broken over lines, and the message
that covers a window smaller than any supported size (ui/kit/fit.py)."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QStyle, QStyleOptionButton, QWidget

from ui.kit.fit import SUPPORTED, smallest_for


def retain(widget: QWidget) -> QWidget:
    """Keep the widget's place in its layout while hidden: nothing moves when it shows."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    return widget


class FooterHint(QLabel):
    """'Please check: ...' in the footer, in a place kept for it; where the full text does
    not fit that place, the short one ('check the fields marked')."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("missingHint")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        retain(self)
        self.texts = ("", "")
        self.hide()

    def say(self, full: str, short: str) -> None:
        self.texts = (full, short or full)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        full, short = self.texts
        text = full
        room = self.contentsRect()
        if full and room.width() > 0:
            flags = int(Qt.AlignmentFlag.AlignRight) | (
                int(Qt.TextFlag.TextWordWrap) if self.wordWrap() else 0)
            need = self.fontMetrics().boundingRect(QRect(0, 0, room.width(), 10_000), flags,
                                                   full)
            if need.height() > room.height() or need.width() > room.width():
                text = short
        if text != self.text():
            self.setText(text)
        self.setVisible(bool(text))


def wrapped(metrics, text: str, room: int) -> str:
    """`text` as it fits `room` px: as it is, else on as few lines as it needs, the longest
    as short as it can be (a button label is a few words: every way to break it is tried)."""
    if metrics.horizontalAdvance(text) <= room or " " not in text:
        return text
    words = text.split(" ")
    candidates = []
    for cuts in range(1, 1 << (len(words) - 1)):
        lines, line = [], [words[0]]
        for index, word in enumerate(words[1:]):
            if cuts >> index & 1:
                lines.append(" ".join(line))
                line = [word]
            else:
                line.append(word)
        lines.append(" ".join(line))
        widest = max(metrics.horizontalAdvance(part) for part in lines)
        candidates.append(((widest > room, len(lines), widest), "\n".join(lines)))
    return min(candidates)[1]


def label_room(widget: QPushButton, width: int) -> int:
    """Room for the label inside a button `width` px wide (its border and padding off)."""
    option = QStyleOptionButton()
    widget.initStyleOption(option)
    option.rect = QRect(0, 0, width, 100)
    inner = widget.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option,
                                          widget)
    return inner.width() - 4


class TooSmall(QLabel):
    """Covers the window when it is smaller than any supported size, and says so."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("tooSmall")
        self.setProperty("verbatim", True)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMargin(24)
        self.hide()

    def show_for(self, width: int, height: int) -> None:
        low_w, low_h = smallest_for(width, height)
        sizes = ", ".join(f"{w}x{h}" for w, h in SUPPORTED)
        # Both languages: the kiosk cannot know whose screen this is yet.
        self.setText(
            f"Layar terlalu kecil untuk anjungan ini: {width}x{height}. "
            f"Paling kecil {low_w}x{low_h}.\n\n"
            f"This screen is too small for the kiosk: {width}x{height}. "
            f"The smallest is {low_w}x{low_h}.\n\n({sizes})")
        self.setGeometry(0, 0, width, height)
        self.raise_()
        self.show()
