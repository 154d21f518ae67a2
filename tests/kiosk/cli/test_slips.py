"""`kiosk verify` and `kiosk reprint` on a real data folder; doctor's key and printer lines."""

from __future__ import annotations

import json
import os
import uuid

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.booth.build import Booth
from kiosk.citizen.registrar import Registrar
from kiosk.cli import cli
from kiosk.event.catalogue import load_catalogue
from kiosk.event.config import load_or_create
from kiosk.paths import DataDir
from kiosk.records.keys import SIGNING_KEY_FILE, public_key_b64
from kiosk.records.store import Store
from kiosk.slips.token import make_token
from tests.helpers.factories import adult_form
from tests.helpers.officer_side import choose_kiosk_pin
from tests.helpers.slips import pdf_text


@pytest.fixture
def kiosk_dir(tmp_path, clock):
    """A data folder with the demo config, one application (A-001) and its signed token."""
    data = DataDir(tmp_path / "data")
    data.ensure()
    config = load_or_create(data.config)
    store = Store(data.database)
    catalogue = load_catalogue()
    receipt = Registrar(store, config, catalogue, clock).submit_application(
        adult_form(), submission_id=str(uuid.uuid4()))
    token = Booth(data, config=config, catalogue=catalogue, clock=clock).slips.token_for(receipt)
    store.close()
    return data, receipt, token


def _run(data, *args, input=None):
    return CliRunner().invoke(cli, ["--data-dir", str(data.root), *args], input=input)


def test_verify_valid_token_prints_json(kiosk_dir):
    """This kiosk's own slip: exit 0 and a JSON description."""
    data, receipt, token = kiosk_dir
    result = _run(data, "verify", token)
    assert result.exit_code == 0, result.output
    described = json.loads(result.output)
    assert described == {"valid": True, "version": 1, "kiosk_id": receipt.record.kiosk_id,
                         "record_uuid": receipt.record.uuid, "day": "2019-10-23",
                         "kind": "application", "service": "NEW", "ticket": "A-001"}


def test_verify_reads_standard_input(kiosk_dir):
    """`kiosk verify -` takes the token from a scanner piped to stdin."""
    data, _, token = kiosk_dir
    assert _run(data, "verify", "-", input=token + "\n").exit_code == 0


def test_verify_changed_token_exits_1_with_reason(kiosk_dir):
    """One changed character: exit 1, reason given."""
    data, _, token = kiosk_dir
    forged = token[:100] + ("A" if token[100] != "A" else "B") + token[101:]
    result = _run(data, "verify", forged)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["valid"] is False
    assert "Not a valid slip" in result.stderr


def test_verify_unknown_kiosk_exits_1(kiosk_dir):
    """A slip signed by a kiosk not in keys.known: exit 1, 'unknown kiosk'."""
    data, receipt, _ = kiosk_dir
    token = make_token(Ed25519PrivateKey.generate(), kiosk_id="kabcdef01",
                       record_uuid=receipt.record.uuid, day=receipt.local_time.date(),
                       kind="application", service="NEW", ticket="A2-001")
    result = _run(data, "verify", token)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"] == "unknown_kiosk"
    assert "unknown kiosk" in result.stderr


def test_verify_other_kiosk_from_config(kiosk_dir):
    """Another kiosk of the event, listed in [keys] known, verifies."""
    data, receipt, _ = kiosk_dir
    other = Ed25519PrivateKey.generate()
    text = data.config.read_text().replace(
        "known = {}", f'known = {{ kabcdef01 = "{public_key_b64(other)}" }}')
    data.config.write_text(text)
    token = make_token(other, kiosk_id="kabcdef01", record_uuid=str(uuid.uuid4()),
                       day=receipt.local_time.date(), kind="complaint", service="COMPLAINT",
                       ticket="E2-004")
    result = _run(data, "verify", token)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ticket"] == "E2-004"


def test_verify_malformed_exits_1(kiosk_dir):
    """Text that is no token: exit 1, 'malformed'."""
    data, _, _ = kiosk_dir
    result = _run(data, "verify", "HELLO")
    assert result.exit_code == 1 and "malformed" in result.stderr


def test_reprint_writes_a_marked_pdf(kiosk_dir, tmp_path):
    """`kiosk reprint A-001 --day 2019-10-23 --out x.pdf --language en` writes the slip."""
    data, receipt, _ = kiosk_dir
    out = tmp_path / "again.pdf"
    result = _run(data, "reprint", "A-001", "--day", "2019-10-23", "--out", str(out),
                  "--language", "en")
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_text(out).split())
    assert "A-001" in text and "Reprinted" in text and "7571********0003" in text
    store = Store(data.database)
    assert store.records(kind="slip_reprint")[0].payload["record"] == receipt.record.uuid
    store.close()


def test_reprint_unknown_code_exits_1(kiosk_dir, tmp_path):
    """A code not issued that day: exit 1 and advice, no traceback."""
    data, _, _ = kiosk_dir
    result = _run(data, "reprint", "A-002", "--day", "2019-10-23", "--out",
                  str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert "no ticket A-002 on 2019-10-23" in result.output and "Traceback" not in result.output


def test_doctor_reports_key_and_printer(kiosk_dir):
    """Doctor lists the signing key (owner-only) and the PDF printer folder."""
    data, _, _ = kiosk_dir
    choose_kiosk_pin(data.root)
    result = _run(data, "doctor")
    assert result.exit_code == 0, result.output
    assert "[ok  ] signing key:" in result.output
    assert f"[ok  ] printer: pdf: PDF slips are written to {data.slips}" in result.output


def test_doctor_fails_a_readable_key(kiosk_dir):
    """A signing key others can read is a failure with the chmod to run."""
    data, _, _ = kiosk_dir
    os.chmod(data.keys / SIGNING_KEY_FILE, 0o644)
    result = _run(data, "doctor")
    assert result.exit_code == 1
    assert "[FAIL] signing key" in result.output and "chmod 600" in result.output


def test_doctor_without_key_says_made_on_first_slip(tmp_path):
    """A fresh folder has no key yet: fine, it is made on the first slip."""
    choose_kiosk_pin(tmp_path / "d")
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "d"), "doctor"])
    assert result.exit_code == 0, result.output
    assert "made on the first slip" in result.output
