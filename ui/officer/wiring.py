"""Puts the officer side into a built kiosk: one call from the composition root (ui/app.py).

The officer side answers the window's request to close (five taps on the office name,
Ctrl+Q, the window's close button) with its one PIN pad: once officers exist, closing
the kiosk is an officer action; before set-up, or when the officer list cannot be read,
the kiosk PIN (kiosk.exit_pin) closes it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QTimer

from kiosk.booth.build import Booth
from kiosk.i18n import Translator
from ui.background import Background
from ui.officer.pages.display import NowServingWindow
from ui.officer.presenters.display import DisplayPresenter
from ui.officer.session import OfficerSession


class Host(Protocol):
    """What the officer side takes from the kiosk it joins (ui.app.KioskApp)."""

    booth: Booth
    background: Background
    window: Any          # ui.citizen.window.KioskWindow
    flow: Any            # kiosk.citizen.flow.CitizenFlow
    controller: Any      # ui.citizen.controller.Controller
    officer: Any
    config: Any


def install_officer_side(app: Host, *,
                         on_exit: Callable[[], None] | None = None,
                         sticks: Callable[[], list[Path]] | None = None,
                         hold_timer: QTimer | None = None,
                         tick_timer: QTimer | None = None) -> OfficerSession:
    """Build the officer screens over the kiosk's store, clock, printer and window."""
    window = app.window

    def close_kiosk() -> None:
        window.may_close = True
        (on_exit or getattr(app.controller, "on_exit", None) or window.close)()

    def citizen_leaves() -> None:
        """An officer takes the screen: the citizen session (if any) is forgotten."""
        app.flow.reset()
        app.controller.clear_screens()
        app.controller.refresh()

    session = OfficerSession(window=window, office=window.office, booth=app.booth,
                             background=app.background,
                             monotonic=app.controller.services.monotonic,
                             on_enter=citizen_leaves, on_exit=close_kiosk, sticks=sticks,
                             hold_timer=hold_timer, tick_timer=tick_timer)
    # Closing the kiosk (five taps on the office name, Ctrl+Q, the window manager) asks here.
    window.exit_requested.connect(lambda: session.open_entry(leaving=True))
    return session


def now_serving_window(app: Host, *, timer: QTimer | None = None) -> NowServingWindow:
    """The public display for a second monitor (queue codes and counters only), fed by its
    presenter. `kiosk run` shows it with show() or showFullScreen()."""
    language = app.config.kiosk.language
    window = NowServingWindow(timer=timer)
    DisplayPresenter(window, booth=app.booth, background=app.background,
                     translator=lambda: Translator(language)).refresh()
    return window
