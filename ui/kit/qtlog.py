"""Qt's own log messages go to Python's logging, without the categories that echo text.

Qt logs through categories that are off unless someone turns them on (QT_LOGGING_RULES,
for example "*.debug=true" while chasing a touchscreen problem). Some of them write out
the text on the screen: qt.text.emojisegmenter logs every character of every label and
field it lays out, so a citizen's NIK and name would reach the log one character a line.
route_qt_messages() installs one message handler for the process that drops those
categories, whatever the rules say, and hands every other message to the logger
``qt.<category>`` (so `kiosk --log-level` and its masking apply to it as well).
"""

from __future__ import annotations

import atexit
import logging

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

# Categories whose messages can hold the text of a screen, a field or a key press.
TEXT_CATEGORIES = ("qt.text", "qt.accessibility", "qt.qpa.input", "qt.qpa.events",
                   "qt.qpa.clipboard", "qt.qpa.keymapper", "qt.widgets.textedit",
                   "qt.gui.textinput")
_LEVELS = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
           QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
           QtMsgType.QtFatalMsg: logging.CRITICAL}


def echoes_text(category: str) -> bool:
    """True for a Qt category that may write out what is on the screen or typed."""
    return any(category == c or category.startswith(c + ".") for c in TEXT_CATEGORIES)


def route_qt_messages() -> None:
    """Install the handler (once per process; `kiosk run`, `kiosk simulate`). A handler
    installed before (pytest-qt's) still gets every message that is not dropped."""
    previous = None

    def handle(mode: QtMsgType, context, message: str) -> None:
        category = context.category or "default"
        if echoes_text(category):
            return
        logging.getLogger(f"qt.{category}" if not category.startswith("qt") else category) \
            .log(_LEVELS.get(mode, logging.WARNING), "%s", message)
        if previous is not None:
            previous(mode, context, message)

    previous = qInstallMessageHandler(handle)
    # Qt still logs while the interpreter shuts down; a Python handler then would crash.
    atexit.register(qInstallMessageHandler, previous)
