"""ESC/POS: Dummy printer bytes hold the native QR command, a big code and a cut, 58 and 80 mm."""

from __future__ import annotations

import dataclasses
import socket

import pytest
from escpos.printer import Dummy

from kiosk.slips.backends import EscposBackend
from kiosk.slips.errors import PrinterError
from kiosk.slips.escpos import columns_for, print_slip

GS = b"\x1d"
FULL_CUT = GS + b"V\x00"


def _printed(slips, receipt, *, paper_mm, profile="TM-T88V", language="id"):
    printer = Dummy(profile=profile)
    slip = slips.slip_for(receipt, language=language)
    print_slip(printer, slip, paper_mm=paper_mm)
    return slip, printer.output


def _text_lines(output: bytes) -> list[str]:
    """Printable lines: GS ( k blocks skipped by their length, other ESC/GS commands (three
    bytes each, as this back end sends them) dropped."""
    text, i = bytearray(), 0
    while i < len(output):
        if output[i] in (0x1B, 0x1D):
            if output[i + 1:i + 3] == b"(k":
                i += 5 + int.from_bytes(output[i + 3:i + 5], "little")
            else:
                i += 3
            continue
        text.append(output[i])
        i += 1
    return text.decode("cp437").split("\n")


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_native_qr_command_with_the_token_and_a_cut(slips, receipts, paper_mm):
    """GS ( k stores the token (fn 80) and prints it (fn 81); GS V cuts at the end."""
    slip, out = _printed(slips, receipts["application"], paper_mm=paper_mm)
    store = GS + b"(k" + (len(slip.token) + 3).to_bytes(2, "little") + b"1P0"
    assert store + slip.token.encode("ascii") in out
    assert GS + b"(k\x03\x001Q0" in out
    assert out.rstrip(b"\n").endswith(FULL_CUT)
    assert out.index(store) < out.index(FULL_CUT)


@pytest.mark.parametrize("paper_mm, columns", [(58, 32), (80, 42)])
def test_lines_fit_the_paper(slips, receipts, paper_mm, columns):
    """Every text line fits the roll's columns (profile TM-T88V: 42 at 80 mm; 32 at 58 mm)."""
    _, out = _printed(slips, receipts["long_name"], paper_mm=paper_mm)
    assert columns_for(Dummy(profile="TM-T88V"), paper_mm) == columns
    lines = [line for line in _text_lines(out) if line.strip()]
    assert lines and max(len(line) for line in lines) <= columns


@pytest.mark.parametrize("paper_mm, factor", [(58, 4), (80, 4)])
def test_ticket_code_printed_large(slips, receipts, paper_mm, factor):
    """The code is sent with a character size of 4x (GS ! n), centred."""
    _, out = _printed(slips, receipts["application"], paper_mm=paper_mm)
    size = bytes([(factor - 1) << 4 | (factor - 1)])
    assert GS + b"!" + size in out
    assert b"A-001" in out[out.index(GS + b"!" + size):]


def test_a_printer_without_native_qr_gets_an_image(slips, receipts):
    """A profile without the QR command (POS-5890) gets the code as a raster image."""
    slip, out = _printed(slips, receipts["application"], paper_mm=58, profile="POS-5890")
    assert GS + b"(k" not in out and GS + b"v0" in out


def test_masked_nik_only_in_thermal_output(slips, receipts):
    """The thermal slip, like the PDF, has the masked NIK and never the full one."""
    _, out = _printed(slips, receipts["application"], paper_mm=80)
    assert b"7571********0003" in out and b"7571010101900003" not in out


def _with_escpos(config, **changes):
    escpos = dataclasses.replace(config.printer.escpos, **changes)
    printer = dataclasses.replace(config.printer, backend="escpos", escpos=escpos)
    return dataclasses.replace(config, printer=printer)


def test_file_connection_writes_the_bytes(tmp_path, slips, receipts, config):
    """connection = "file": the slip's ESC/POS bytes land in the device file."""
    device = tmp_path / "lp0"
    device.touch()
    backend = EscposBackend(_with_escpos(config, connection="file", file=str(device)))
    slip = slips.slip_for(receipts["application"], language="en")
    backend.print_slip(slip, basename="x")
    data = device.read_bytes()
    assert slip.token.encode() in data and data.rstrip(b"\n").endswith(FULL_CUT)


def test_unreachable_network_printer_is_a_printer_error(config, slips, receipts):
    """connection = "network" to a port nobody listens on: PrinterError naming the address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = EscposBackend(_with_escpos(config, connection="network", host="127.0.0.1",
                                         port=port))
    with pytest.raises(PrinterError, match=f"127.0.0.1:{port}"):
        backend.print_slip(slips.slip_for(receipts["application"], language="id"),
                           basename="x")


def test_missing_device_file_is_a_printer_error(tmp_path, config, slips, receipts):
    """A device path that does not exist (printer unplugged) is a PrinterError."""
    backend = EscposBackend(_with_escpos(config, connection="file",
                                         file=str(tmp_path / "no" / "lp0")))
    with pytest.raises(PrinterError, match="thermal printer"):
        backend.print_slip(slips.slip_for(receipts["info"], language="id"), basename="x")
