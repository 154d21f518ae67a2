"""Printer trouble as one exception type, worded for an officer and free of personal data."""

from __future__ import annotations

from kiosk.errors import KioskError


class PrinterError(KioskError):
    """A slip that could not be printed; `detail` (English, no personal data) says what
    went wrong and what to do."""

    key = "printer.failed"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail=detail)
