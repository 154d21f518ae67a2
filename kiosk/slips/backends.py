"""Printing back ends behind one small interface: a PDF folder, an ESC/POS printer, CUPS.

A back end prints one Slip and returns the file it wrote (or None), or raises
PrinterError. The service runs it under a time limit; tests pass their own back end.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from kiosk.event.config import Config
from kiosk.files.owner import create_private, private_folder
from kiosk.paths import DataDir
from kiosk.slips import escpos as thermal
from kiosk.slips.content import Slip
from kiosk.slips.errors import PrinterError
from kiosk.slips.pdf import render_pdf
from kiosk.slips.spooler import send_to_cups

T = TypeVar("T")


class Backend(Protocol):
    name: str

    def print_slip(self, slip: Slip, *, basename: str) -> Path | None:
        """Print (or write) one slip; `basename` names its file without personal data."""
        ...


def pdf_folder(config: Config, data: DataDir) -> Path:
    """Where PDF slips go: printer.pdf_dir, else slips/ in the data folder."""
    return Path(config.printer.pdf_dir).expanduser() if config.printer.pdf_dir else data.slips


PART = ".part"                 # a slip being written; never a finished one
STALE_PART_SECONDS = 60        # older than this, a .part was left by a crash or power cut


def write_pdf(path: Path, pdf: bytes) -> Path:
    """Write atomically (a half-written slip never looks finished to a folder watcher),
    owner-only: the file 0600 from its creation, its folder 0700 (a slip shows a name)."""
    private_folder(path.parent)
    tmp = path.with_name(path.name + PART)
    tmp.unlink(missing_ok=True)
    with os.fdopen(create_private(tmp), "wb") as fh:
        fh.write(pdf)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def remove_interrupted(folder: Path, *, older_than_s: float = STALE_PART_SECONDS) -> int:
    """Delete `*.part` slip files left by an interrupted write (they hold a name too);
    a .part younger than `older_than_s` may be a slip being written now and stays."""
    removed = 0
    limit = time.time() - older_than_s
    for path in folder.glob(f"*{PART}") if folder.is_dir() else ():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed


def purge_slips(folder: Path, *, before: dt.date, dry_run: bool = False) -> int:
    """Delete PDF slips of event days before `before` (they show a name and a masked NIK),
    and slip files an interrupted write left; for the retention job. Returns how many
    files went (or would go, with dry_run)."""
    removed = 0
    limit = time.time() - STALE_PART_SECONDS
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        name = path.name
        if name.endswith(PART):
            try:
                stale = path.stat().st_mtime < limit
            except OSError:
                continue
            due = stale
        elif name.endswith(".pdf"):
            try:
                due = dt.date.fromisoformat(name[:10]) < before
            except ValueError:
                continue
        else:
            continue
        if due:
            if not dry_run:
                path.unlink(missing_ok=True)
            removed += 1
    return removed


class PdfFolderBackend:
    """The embedded default: each slip as a PDF file in a folder (one sub-folder per day)."""

    name = "pdf"

    def __init__(self, folder: Path, *, paper_mm: int) -> None:
        self.folder, self.paper_mm = folder, paper_mm

    def print_slip(self, slip: Slip, *, basename: str) -> Path:
        try:
            return write_pdf(self.folder / f"{basename}.pdf",
                             render_pdf(slip, paper_mm=self.paper_mm, title=basename))
        except OSError as exc:
            raise PrinterError(f"cannot write the slip to {self.folder}: {exc.strerror}") \
                from None


class EscposBackend:
    name = "escpos"

    def __init__(self, config: Config) -> None:
        self.conf, self.paper_mm = config.printer.escpos, config.printer.paper_mm
        self.timeout = config.printer.timeout_seconds

    def print_slip(self, slip: Slip, *, basename: str) -> None:
        where = thermal.describe(self.conf)
        printer = None
        try:
            printer = thermal.open_printer(self.conf, timeout=self.timeout)
            thermal.print_slip(printer, slip, paper_mm=self.paper_mm)
        except PrinterError:
            raise
        except Exception as exc:  # noqa: BLE001 - python-escpos raises many kinds
            raise PrinterError(f"thermal printer ({where}): "
                               f"{type(exc).__name__}: {exc}".strip()) from None
        finally:
            if printer is not None:
                try:
                    printer.close()
                except Exception:  # noqa: BLE001 - closing a broken connection
                    pass


class CupsBackend:
    """The PDF, also kept in the slips folder, sent to a CUPS queue with `lp`."""

    name = "cups"

    def __init__(self, config: Config, data: DataDir) -> None:
        self.folder = pdf_folder(config, data)
        self.queue, self.paper_mm = config.printer.cups_queue, config.printer.paper_mm
        self.timeout = config.printer.timeout_seconds

    def print_slip(self, slip: Slip, *, basename: str) -> Path:
        path = PdfFolderBackend(self.folder, paper_mm=self.paper_mm).print_slip(
            slip, basename=basename)
        send_to_cups(path, queue=self.queue, title=basename, timeout=self.timeout)
        return path


def make_backend(config: Config, data: DataDir) -> Backend:
    backend = config.printer.backend
    if backend == "escpos":
        return EscposBackend(config)
    if backend == "cups":
        return CupsBackend(config, data)
    return PdfFolderBackend(pdf_folder(config, data), paper_mm=config.printer.paper_mm)


def run_with_timeout(fn: Callable[[], T], timeout: float) -> T:
    """Run fn on a daemon thread and wait at most `timeout` seconds for it.

    A printer that hangs (a USB write that never returns) keeps its thread, not the
    caller: the caller gets PrinterError and the citizen is told to ask an officer.
    """
    box: dict[str, object] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller below
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="slip-printer", daemon=True).start()
    if not done.wait(timeout):
        raise PrinterError(f"the printer did not finish within {timeout:g} s")
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]
