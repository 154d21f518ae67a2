"""printer_status(): what the start-up screen and `kiosk doctor` say about the printer."""

from __future__ import annotations

import dataclasses
import os
import socket

import pytest

from kiosk.slips.status import printer_status


def _printer(config, **changes):
    escpos = {k.removeprefix("escpos_"): v for k, v in changes.items()
              if k.startswith("escpos_")}
    plain = {k: v for k, v in changes.items() if not k.startswith("escpos_")}
    printer = dataclasses.replace(
        config.printer, escpos=dataclasses.replace(config.printer.escpos, **escpos), **plain)
    return dataclasses.replace(config, printer=printer)


def test_pdf_folder_ok(config, slip_data):
    """The default: slips/ in the data folder, created and writable."""
    ok, message = printer_status(config, slip_data)
    assert ok and str(slip_data.slips) in message and slip_data.slips.is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_pdf_folder_not_writable(tmp_path, config, slip_data):
    """A read-only pdf_dir is reported."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    ok, message = printer_status(_printer(config, pdf_dir=str(folder)), slip_data)
    assert not ok and "not writable" in message


def test_pdf_folder_that_cannot_be_made(tmp_path, config, slip_data):
    """A pdf_dir under a plain file cannot be created."""
    (tmp_path / "file").write_text("x")
    ok, message = printer_status(_printer(config, pdf_dir=str(tmp_path / "file" / "slips")),
                                 slip_data)
    assert not ok and "cannot create" in message


def test_escpos_device_file(tmp_path, config, slip_data):
    """connection = "file": there when the device exists, not when it does not."""
    device = tmp_path / "lp0"
    conf = _printer(config, backend="escpos", escpos_connection="file",
                    escpos_file=str(device))
    assert printer_status(conf, slip_data) == (
        False, f"thermal printer (file {device}): the device does not exist")
    device.touch()
    assert printer_status(conf, slip_data)[0]


def test_escpos_network_answers_or_not(config, slip_data):
    """connection = "network": a listening port is ok, a closed one is not."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        conf = _printer(config, backend="escpos", escpos_connection="network",
                        escpos_host="127.0.0.1", escpos_port=port)
        assert printer_status(conf, slip_data)[0]
    ok, message = printer_status(conf, slip_data)
    assert not ok and "does not answer" in message


def test_escpos_unknown_profile(config, slip_data):
    """A misspelt printer profile is named."""
    ok, message = printer_status(_printer(config, backend="escpos",
                                          escpos_profile="TM-T88X"), slip_data)
    assert not ok and "TM-T88X" in message


def test_cups_without_lp(tmp_path, monkeypatch, config, slip_data):
    """backend = "cups" on a machine without `lp`."""
    monkeypatch.setenv("PATH", str(tmp_path))
    ok, message = printer_status(_printer(config, backend="cups"), slip_data)
    assert not ok and "cups-client" in message


def test_cups_queue_known_via_lpstat(tmp_path, monkeypatch, config, slip_data):
    """`lpstat -p QUEUE` answering 0 means the queue is known."""
    for name, body in {"lp": "exit 0", "lpstat": 'echo "printer $2 is idle."; exit 0'}.items():
        path = tmp_path / name
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    ok, message = printer_status(_printer(config, backend="cups", cups_queue="thermal"),
                                 slip_data)
    assert ok and "printer thermal is idle." in message
