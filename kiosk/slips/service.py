"""The printing service the touchscreen calls after a commit (contract; back ends follow).

Contract: `SlipService.print_receipt(store, receipt, language=...)` renders the slip for
the configured back end and prints it within `printer.timeout_seconds`. It never raises
for printer trouble: it returns PrintOutcome(ok=False, reason=...) and the ticket stays
valid (the citizen sees the code on screen; an officer reprints).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.catalogue import Catalogue
from kiosk.config import Config
from kiosk.paths import DataDir
from kiosk.registrar import Receipt
from kiosk.store import Store


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    reason: str = ""
    path: Path | None = None


class SlipService:
    def __init__(self, *, config: Config, catalogue: Catalogue, data: DataDir) -> None:
        self.config, self.catalogue, self.data = config, catalogue, data

    def print_receipt(self, store: Store, receipt: Receipt, *, language: str) -> PrintOutcome:
        return PrintOutcome(False, "slip printing is not built yet")
