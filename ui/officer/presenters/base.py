"""What every officer page's presenter shares: running its work on the background helper
as the signed-in officer, the page busy meanwhile, and a failure said in words.

A presenter owns one page: it turns the page's intent signals into core calls on a worker
(ui/background.py), and the answers into values the page shows. Its job count is the one
the session reads to know the officer side is busy (an export is not inactivity).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QStorageInfo

from kiosk.booth.build import Booth
from kiosk.errors import describe
from kiosk.i18n import Translator
from kiosk.records.audit import Officer
from ui.background import Background
from ui.officer.pages.parts import OfficerPage


class Desk(Protocol):
    """What a presenter reads from the officer session (ui.officer.session)."""

    @property
    def t(self) -> Translator:
        """The officer screens' language now."""
        ...

    @property
    def officer(self) -> Officer | None:
        """Who is signed in (None at first-run set-up)."""
        ...

    @property
    def present(self) -> bool:
        """The officer panel is on screen: an answer may still be shown."""
        ...


class PagePresenter(QObject):
    """One officer page's presenter. Subclasses connect the page's signals and say in
    open() what the page loads when it comes up."""

    def __init__(self, page: OfficerPage, *, booth: Booth, background: Background,
                 desk: Desk) -> None:
        super().__init__(page)
        self.page, self.booth, self.background, self.desk = page, booth, background, desk
        self.jobs = 0

    @property
    def busy(self) -> bool:
        """A job of this page is running or its answer has not arrived yet."""
        return self.jobs > 0

    @property
    def t(self) -> Translator:
        """The officer screens' language now."""
        return self.desk.t

    @property
    def officer(self) -> Officer | None:
        """Who the page's work is done as (the audit trail names them)."""
        return self.desk.officer

    def open(self) -> None:
        """The page came up: load what it shows (nothing by default)."""

    def clear(self) -> None:
        """Logged out: the page forgets its message."""
        self.page.say("")

    def run(self, fn: Callable[[], Any], on_result: Callable[[Any], None],
            on_error: Callable[[BaseException], None] | None = None) -> None:
        """fn() on a worker; then on_result(value) or on_error(error) (default: failed)
        on the UI thread, unless the panel was closed meanwhile (nothing to show)."""
        self.jobs += 1

        def deliver(handler: Callable[[Any], None]) -> Callable[[Any], None]:
            def arrived(value: Any) -> None:
                self.jobs -= 1
                if self.desk.present:
                    handler(value)
            return arrived

        self.background.run(fn, on_result=deliver(on_result),
                            on_error=deliver(on_error or self.failed), owner=self.page)

    def failed(self, error: BaseException) -> None:
        """Say what went wrong on the page (describe(): translated, never a traceback) and
        let the officer try again."""
        self.page.say(describe(error, self.t), problem=True)
        setter = getattr(self.page, "set_busy", None)
        if setter is not None:
            setter(False)


def removable_folders() -> list[Path]:
    """Mounted, writable removable volumes (USB sticks under /media, /run/media, /mnt)."""
    out = []
    for volume in QStorageInfo.mountedVolumes():
        root = volume.rootPath()
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        if root.startswith(("/media/", "/run/media/", "/mnt/")):
            out.append(Path(root))
    return out
