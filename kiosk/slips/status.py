"""Is the configured printer there? Checked at start-up (the UI) and by `kiosk doctor`.

Quick and side-effect free apart from creating the slips folder: nothing is printed.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

from kiosk.event.config import Config
from kiosk.files.owner import private_folder
from kiosk.paths import DataDir
from kiosk.slips.backends import pdf_folder
from kiosk.slips.escpos import describe
from kiosk.slips.spooler import queue_known

NETWORK_PROBE_SECONDS = 2.0


def printer_status(config: Config, data: DataDir) -> tuple[bool, str]:
    """(ok, message for an officer) for the configured back end."""
    backend = config.printer.backend
    if backend == "escpos":
        return _escpos_status(config)
    if backend == "cups":
        return _cups_status(config)
    return _folder_status(pdf_folder(config, data))


def _folder_status(folder: Path) -> tuple[bool, str]:
    try:
        private_folder(folder, tighten_existing=False)   # slips show names: 0700
    except OSError as exc:
        return False, f"PDF slips: cannot create {folder} ({exc.strerror})"
    if not os.access(folder, os.W_OK | os.X_OK):
        return False, f"PDF slips: {folder} is not writable"
    return True, f"PDF slips are written to {folder}"


def _escpos_status(config: Config) -> tuple[bool, str]:
    from escpos import printer as printers
    from escpos.capabilities import get_profile

    conf = config.printer.escpos
    where = describe(conf)
    if conf.profile:
        try:
            get_profile(conf.profile)
        except Exception:  # noqa: BLE001 - python-escpos raises a bare KeyError-like error
            return False, f"thermal printer: unknown printer profile '{conf.profile}'"
    if conf.connection == "file":
        path = Path(conf.file)
        if not path.exists():
            return False, f"thermal printer ({where}): the device does not exist"
        if not os.access(path, os.W_OK):
            return False, f"thermal printer ({where}): no permission to write"
        return True, f"thermal printer ({where}) is there"
    if conf.connection == "serial":
        if not printers.Serial.is_usable():
            return False, "thermal printer: serial printing needs pyserial (pip install pyserial)"
        if not Path(conf.serial_device).exists():
            return False, f"thermal printer ({where}): the device does not exist"
        return True, f"thermal printer ({where}) is there"
    if conf.connection == "usb":
        if not printers.Usb.is_usable():
            return False, "thermal printer: USB printing needs pyusb (pip install pyusb)"
        import usb.core

        if usb.core.find(idVendor=conf.usb_vendor, idProduct=conf.usb_product) is None:
            return False, f"thermal printer ({where}): not plugged in or switched off"
        return True, f"thermal printer ({where}) is plugged in"
    try:
        with socket.create_connection((conf.host, conf.port), timeout=NETWORK_PROBE_SECONDS):
            pass
    except OSError as exc:
        return False, f"thermal printer ({where}) does not answer: {exc.strerror or exc}"
    return True, f"thermal printer ({where}) answers"


def _cups_status(config: Config) -> tuple[bool, str]:
    if shutil.which("lp") is None:
        return False, "CUPS: the `lp` command is missing (install cups-client)"
    queue = config.printer.cups_queue
    known, said = queue_known(queue)
    name = f"queue '{queue}'" if queue else "the default printer"
    if not known:
        return False, f"CUPS: {name} is not known: {said}"
    return True, f"CUPS: {name}: {said}"
