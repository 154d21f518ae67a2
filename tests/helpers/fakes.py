"""Fakes for UI tests: a slip printer that succeeds or fails on demand."""

from __future__ import annotations

from pathlib import Path

from kiosk.slips.service import PrintOutcome


class FakeSlips:
    """Records every print; answers ok (or not) without touching a printer."""

    def __init__(self, *, ok: bool = True) -> None:
        self.ok = ok
        self.printed: list[tuple[str, str]] = []

    def print_receipt(self, store, receipt, *, language: str) -> PrintOutcome:
        self.printed.append((receipt.record.uuid, language))
        if not self.ok:
            return PrintOutcome(False, "paper out")
        return PrintOutcome(True, "", Path("slip.pdf"))
