"""The printing service: prints within the time limit, never raises for printer trouble,
records failures without personal data, and reprints from a ticket code."""

from __future__ import annotations

import dataclasses
import os
import stat

import pytest

from kiosk.booth.build import Booth
from kiosk.queue.tickets import find_ticket
from kiosk.records.keys import SIGNING_KEY_FILE
from kiosk.slips.service import SlipNotFound
from tests.helpers.slips import FailingBackend, HangingBackend, pdf_text


def _failures(store):
    return [r.payload for r in store.records(kind="print_failure")]


@pytest.mark.parametrize("language", ["id", "en"])
def test_pdf_backend_writes_the_slip_to_the_slips_folder(slips, registrar, receipts, language):
    """The embedded default writes <day>_<code>_<seq>.pdf under slips/ and says ok."""
    outcome = slips.print_receipt(registrar.store, receipts["application"], language=language)
    assert outcome.ok and outcome.reason == ""
    assert outcome.path == slips.data.slips / "2019-10-23_A-001_00001.pdf"
    assert "A-001" in pdf_text(outcome.path)
    assert _failures(registrar.store) == []


def test_first_slip_makes_the_signing_key_owner_only(slips, registrar, receipts):
    """The kiosk key is created on the first slip, mode 0600."""
    key_file = slips.data.keys / SIGNING_KEY_FILE
    assert not key_file.exists()
    slips.print_receipt(registrar.store, receipts["info"], language="id")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


@pytest.mark.parametrize("language", ["id", "en"])
def test_failing_printer_keeps_the_ticket_and_records_the_failure(
        config, catalogue, slip_data, clock, registrar, receipts, language):
    """Paper out: ok=False with the reason; record and ticket stay; a print_failure record
    names record, ticket, back end and reason, and nothing personal."""
    service = Booth(slip_data, config=config,
                    catalogue=catalogue, clock=clock, slip_backend=FailingBackend()).slips
    receipt = receipts["application"]
    outcome = service.print_receipt(registrar.store, receipt, language=language)
    assert not outcome.ok and outcome.reason == "paper out" and outcome.path is None
    store = registrar.store
    assert store.record(receipt.record.uuid) is not None
    assert find_ticket(store, day=receipt.local_time.date(), code="A-001") is not None
    assert _failures(store) == [{"record": receipt.record.uuid, "ticket": "A-001",
                                 "backend": "failing", "reason": "paper out"}]
    body = store.records(kind="print_failure")[0].payload_json
    person = receipt.record.payload      # (a random UUID may hold "7571": look for the NIK)
    assert person["nik"] not in body and person["full_name"] not in body


def test_hanging_printer_times_out(config, catalogue, slip_data, clock, registrar, receipts):
    """A printer that never answers: ok=False after the time limit, failure recorded."""
    backend = HangingBackend()
    service = Booth(slip_data, config=config,
                    catalogue=catalogue, clock=clock, slip_backend=backend, slip_timeout=0.05).slips
    try:
        outcome = service.print_receipt(registrar.store, receipts["complaint"], language="id")
    finally:
        backend.release.set()
    assert not outcome.ok and "did not finish within 0.05 s" in outcome.reason
    assert _failures(registrar.store)[0]["ticket"] == receipts["complaint"].ticket.code


def test_broken_slip_content_is_a_failure_not_an_exception(
        config, catalogue, slip_data, clock, registrar, receipts, monkeypatch):
    """Even a bug while building the slip returns ok=False (the ticket is on screen)."""
    service = Booth(slip_data, config=config, catalogue=catalogue, clock=clock).slips
    monkeypatch.setattr(service, "token_for", lambda receipt: 1 / 0)
    outcome = service.print_receipt(registrar.store, receipts["application"], language="id")
    assert not outcome.ok and "ZeroDivisionError" in outcome.reason


def test_reprint_after_a_failure(config, catalogue, slip_data, clock, registrar, receipts,
                                 tmp_path):
    """After a failed print the officer rebuilds the receipt from the code and prints it."""
    failing = Booth(slip_data, config=config,
                    catalogue=catalogue, clock=clock, slip_backend=FailingBackend()).slips
    receipt = receipts["long_name"]
    assert not failing.print_receipt(registrar.store, receipt, language="id").ok
    slips = Booth(slip_data, config=config, catalogue=catalogue, clock=clock).slips
    again = slips.receipt_for_ticket(registrar.store, "b-001", day=receipt.local_time.date())
    assert again.record.uuid == receipt.record.uuid
    assert again.pickup_date == receipt.pickup_date
    path = slips.reprint_pdf(registrar.store, again, tmp_path / "B-001.pdf")
    text = " ".join(pdf_text(path).split())
    assert "B-001" in text and "Cetak ulang" in text
    assert [r.payload for r in registrar.store.records(kind="slip_reprint")] == [
        {"record": receipt.record.uuid, "ticket": "B-001", "via": "cli"}]


def test_reprint_through_the_printer_is_marked_and_recorded(slips, registrar, receipts):
    """print_receipt(reprint=True) prints a marked copy under its own name, and records it."""
    outcome = slips.print_receipt(registrar.store, receipts["application"], language="en",
                                  reprint=True, via="officer")
    assert outcome.ok and outcome.path.name == "2019-10-23_A-001_00001_reprint.pdf"
    assert "Reprinted" in pdf_text(outcome.path)
    assert registrar.store.records(kind="slip_reprint")[0].payload["via"] == "officer"


def test_reprint_of_an_info_slip_by_record(slips, registrar, receipts):
    """Slips without a ticket are found by their record UUID."""
    receipt = slips.receipt_for_record(registrar.store, receipts["info"].record.uuid)
    assert receipt.ticket is None and receipt.record.kind == "info"


def test_unknown_ticket_is_slip_not_found(slips, registrar, receipts):
    """A code that was not issued that day is a clear SlipNotFound."""
    with pytest.raises(SlipNotFound, match="no ticket A-099 on 2019-10-23"):
        slips.receipt_for_ticket(registrar.store, "A-099")


def _cups_service(config, catalogue, slip_data, clock, queue=""):
    printer = dataclasses.replace(config.printer, backend="cups", cups_queue=queue)
    return Booth(slip_data, config=dataclasses.replace(config, printer=printer),
                 catalogue=catalogue, clock=clock).slips


def _fake_lp(tmp_path, monkeypatch, *, exit_code=0, message="request id is slips-1"):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    lp = bin_dir / "lp"
    lp.write_text(f'#!/bin/sh\necho "$@" > "{tmp_path}/lp-args"\n'
                  f'echo "{message}" >&{1 if exit_code == 0 else 2}\nexit {exit_code}\n')
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + os.environ.get("PATH", ""))
    return tmp_path / "lp-args"


def test_cups_sends_the_pdf_with_lp(tmp_path, monkeypatch, config, catalogue, slip_data,
                                    clock, registrar, receipts):
    """backend = "cups": the PDF is kept in slips/ and handed to `lp -d QUEUE`."""
    args_file = _fake_lp(tmp_path, monkeypatch)
    service = _cups_service(config, catalogue, slip_data, clock, queue="thermal")
    outcome = service.print_receipt(registrar.store, receipts["application"], language="id")
    assert outcome.ok, outcome.reason
    args = args_file.read_text().split()
    assert args[:2] == ["-d", "thermal"] and args[-1] == str(outcome.path)


def test_failing_lp_is_a_recorded_failure(tmp_path, monkeypatch, config, catalogue,
                                          slip_data, clock, registrar, receipts):
    """`lp` exiting non-zero: ok=False with lp's own words."""
    _fake_lp(tmp_path, monkeypatch, exit_code=1, message="lp: The printer does not exist.")
    service = _cups_service(config, catalogue, slip_data, clock, queue="nope")
    outcome = service.print_receipt(registrar.store, receipts["application"], language="id")
    assert not outcome.ok
    assert outcome.reason == "`lp` failed (exit 1): lp: The printer does not exist."
    assert _failures(registrar.store)[0]["backend"] == "cups"


def test_missing_lp_is_a_recorded_failure(tmp_path, monkeypatch, config, catalogue,
                                          slip_data, clock, registrar, receipts):
    """No `lp` on the machine: ok=False saying to install cups-client."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    service = _cups_service(config, catalogue, slip_data, clock)
    outcome = service.print_receipt(registrar.store, receipts["application"], language="id")
    assert not outcome.ok and "cups-client" in outcome.reason


def test_purge_removes_old_slip_files_only(slips, registrar, receipts):
    """Slip PDFs of earlier days go; today's and unrelated files stay."""
    import datetime as dt

    from kiosk.slips.backends import purge_slips

    today = slips.print_receipt(registrar.store, receipts["application"], language="id").path
    old = today.with_name("2019-10-01_A-001_00001.pdf")
    old.write_bytes(b"%PDF")
    other = today.with_name("notes.pdf")
    other.write_bytes(b"%PDF")
    assert purge_slips(today.parent, before=dt.date(2019, 10, 23)) == 1
    assert not old.exists() and today.exists() and other.exists()


@pytest.mark.parametrize("language, words", [("id", "petugas"), ("en", "ask an officer")])
def test_print_failed_message_for_the_done_screen(language, words):
    """slip.print_failed tells the citizen their code and to ask an officer, in both languages."""
    from kiosk.i18n import Translator

    message = Translator(language)("slip.print_failed", code="A-001")
    assert "A-001" in message and words in message
