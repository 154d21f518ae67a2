"""The thermal back end (python-escpos): the Slip as ESC/POS text, a big ticket code, the
printer's native QR command (GS ( k), and a cut; connections usb, network, serial or file.
"""

from __future__ import annotations

import socket
import textwrap

from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.printer import Network

from kiosk.event.config import EscposConfig
from kiosk.slips.content import Fact, Slip
from kiosk.slips.errors import PrinterError

# Font A columns on common rolls when the profile does not describe this paper.
COLUMNS_BY_PAPER = {58: 32, 80: 48}
# QR module size in dots: ~41 modules (version 6) make a code of about 35 mm / 28 mm.
QR_DOTS_BY_PAPER = {58: 5, 80: 7}


def columns_for(printer: Escpos, paper_mm: int) -> int:
    """Characters per line in font A: the profile's, when its paper is this paper's size."""
    media = printer.profile.profile_data.get("media", {}).get("width", {})
    width = media.get("mm")
    if isinstance(width, int | float) and (width >= 70) == (paper_mm >= 70):
        return int(printer.profile.get_columns("a"))
    return COLUMNS_BY_PAPER[58 if paper_mm <= 58 else 80]


def _wrap(text: str, width: int, *, indent: str = "", first: str = "") -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=first or indent,
                         subsequent_indent=indent, break_long_words=True,
                         break_on_hyphens=False) or [""]


def print_slip(printer: Escpos, slip: Slip, *, paper_mm: int) -> None:
    """Send the slip to an open printer (any python-escpos printer, Dummy in tests)."""
    cols = columns_for(printer, paper_mm)
    p = printer
    p.set_with_default(align="center", bold=True)
    for line in _wrap(slip.header[0], cols):
        p.textln(line)
    p.set_with_default(align="center")
    for extra in slip.header[1:]:
        for line in _wrap(extra, cols):
            p.textln(line)
    p.textln("-" * cols)
    p.textln(slip.title)
    if slip.code:
        # As wide as the line allows, up to 4x: the code is what people read from afar.
        factor = max(1, min(4, cols // max(len(slip.code), 1)))
        p.set_with_default(align="center", bold=True, custom_size=True, width=factor,
                           height=factor)
        p.textln(slip.code)
    for i, extra in enumerate(slip.subtitle):
        p.set_with_default(align="center", bold=i == 0, double_height=i == 0)
        for line in _wrap(extra, cols):
            p.textln(line)
    p.set_with_default()
    p.textln("-" * cols)
    for fact in slip.facts:
        _fact(p, fact.label, fact.value, big=fact.big, cols=cols, strong=fact.strong)
    for section in slip.sections:
        p.set_with_default()
        p.textln("-" * cols)
        p.set_with_default(bold=True)
        for line in _wrap(section.heading, cols):
            p.textln(line)
        p.set_with_default()
        for item in section.items:
            if isinstance(item, Fact):
                _fact(p, item.label, item.value, big=False, cols=cols, amount=True)
                continue
            lines = (_wrap(item, cols, indent="  ", first="- ") if section.bullets
                     else _wrap(item, cols))
            for line in lines:
                p.textln(line)
    p.textln("-" * cols)
    p.set_with_default(align="center")
    size = QR_DOTS_BY_PAPER[58 if paper_mm <= 58 else 80]
    if p.profile.supports("qrCode"):
        p.qr(slip.token, ec=QR_ECLEVEL_M, size=size, native=True)
        p.ln()
    else:  # the profile says this printer has no QR command: send the code as an image
        p.qr(slip.token, ec=QR_ECLEVEL_M, size=size, native=False, center=True)
    p.set_with_default(align="center")
    for line in [slip.qr_caption, *slip.footer]:
        for wrapped in _wrap(line, cols):
            p.textln(wrapped)
    p.set_with_default()
    p.cut()


def _fact(p: Escpos, label: str, value: str, *, big: bool, cols: int,
          amount: bool = False, strong: bool = True) -> None:
    if not big and len(label) + 1 + len(value) <= cols:
        p.set_with_default()
        p.text(label + " " * (cols - len(label) - len(value)))
        p.set_with_default(bold=strong)
        p.textln(value)
        return
    p.set_with_default()
    for line in _wrap(label, cols):
        p.textln(line)
    p.set_with_default(bold=strong, double_height=big, align="right" if amount else "left")
    for line in _wrap(value, cols):
        p.textln(line)


def open_printer(conf: EscposConfig, *, timeout: float) -> Escpos:
    """The configured printer connection (not yet opened: python-escpos opens on first write)."""
    from escpos import printer as printers

    profile = conf.profile or None
    if conf.connection == "usb":
        if not printers.Usb.is_usable():
            raise PrinterError("USB printing needs pyusb: pip install pyusb")
        return printers.Usb(conf.usb_vendor, conf.usb_product, timeout=int(timeout * 1000),
                            profile=profile)
    if conf.connection == "serial":
        if not printers.Serial.is_usable():
            raise PrinterError("serial printing needs pyserial: pip install pyserial")
        return printers.Serial(conf.serial_device, baudrate=conf.baudrate, timeout=timeout,
                               profile=profile)
    if conf.connection == "network":
        return _Network(conf.host, conf.port, timeout=timeout, profile=profile)
    return printers.File(conf.file, profile=profile)


class _Network(Network):
    """python-escpos's network printer, minus its leak of the socket when connect fails."""

    def open(self, raise_not_found: bool = True) -> None:
        if self._device:
            self.close()
        self.device = socket.create_connection((self.host, self.port), timeout=self.timeout)


def describe(conf: EscposConfig) -> str:
    """Where the printer is, for messages: no personal data, just the connection."""
    return {
        "usb": f"USB {conf.usb_vendor:04x}:{conf.usb_product:04x}",
        "serial": f"serial {conf.serial_device}",
        "network": f"network {conf.host}:{conf.port}",
        "file": f"file {conf.file}",
    }[conf.connection]
