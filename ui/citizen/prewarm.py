"""Building the citizen screens ahead, one piece per idle moment, so no tap waits for a
first-time build: every screen, every page of the forms, review and Cek pengaduan, and
every keyboard layout. The controller runs the pieces on a zero-interval timer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from kiosk.citizen.flow import Step

if TYPE_CHECKING:
    from ui.citizen.window import KioskWindow


def build_ahead(window: KioskWindow) -> Iterator[Callable[[], None]]:
    """The pieces to build, in order, each a call that builds one thing."""
    for step in window.unbuilt():
        yield lambda step=step: window.screen(step).ensurePolished()
    for step in (Step.APPLICATION, Step.COMPLAINT, Step.CHECK, Step.REVIEW):
        screen = window.screen(step)
        build = screen.build_part if step == Step.REVIEW else screen.build_page
        for page in screen.all_pages():
            yield lambda build=build, page=page: _polished(build(page))
    for mode in ("name", "digits", "date", "code", "text", "email"):
        yield lambda mode=mode: window.keyboard.prepare(mode)


def _polished(built) -> None:
    widget = built[0] if isinstance(built, tuple) else built
    widget.ensurePolished()
