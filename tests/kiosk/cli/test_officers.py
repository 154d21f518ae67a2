"""Officer-side commands: central key pair, export, bundle verify, report, retention, officer."""

from __future__ import annotations

import stat
import uuid

import pytest
from click.testing import CliRunner

from kiosk.citizen.registrar import Registrar
from kiosk.cli import cli
from kiosk.event.catalogue import load_catalogue
from kiosk.event.clock import SystemClock
from kiosk.event.config import load_or_create
from kiosk.paths import DataDir
from kiosk.records.keys import load_or_create_signing_key, public_key_b64
from kiosk.records.store import Store
from tests.helpers.factories import adult_form
from tests.helpers.officer_side import choose_kiosk_pin


def run(*args, data=None, input=None):
    prefix = ["--data-dir", str(data)] if data else []
    return CliRunner().invoke(cli, [*prefix, *args], input=input)


@pytest.fixture
def office(tmp_path):
    """The central office's key pair, made with the command."""
    result = run("keys", "central-keypair", "--out", str(tmp_path / "office"))
    assert result.exit_code == 0, result.output
    return tmp_path / "office" / "central-private.pem", tmp_path / "office" / "central-public.pem"


@pytest.fixture
def kiosk_data(tmp_path):
    """A data folder with three applications made today (system clock)."""
    data = DataDir(tmp_path / "kiosk")
    data.ensure()
    store = Store(data.database)
    reg = Registrar(store, load_or_create(data.config), load_catalogue(), SystemClock())
    for _ in range(3):
        receipt = reg.submit_application(adult_form(), submission_id=str(uuid.uuid4()))
    store.close()
    data.day = receipt.local_time.date().isoformat()   # the commands get it, not "today"
    return data


def exported(kiosk_data, office, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir(exist_ok=True)
    result = run("export", "--out", str(stick), "--central-key", str(office[1]),
                 "--day", kiosk_data.day, data=kiosk_data.root)
    assert result.exit_code == 0, result.output
    return next(stick.glob("*.zip")), result


def test_central_keypair_files_and_modes(office):
    """Private key 0600, public key readable; a second run refuses to overwrite."""
    private, public = office
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert b"BEGIN PUBLIC KEY" in public.read_bytes()
    again = run("keys", "central-keypair", "--out", str(private.parent))
    assert again.exit_code == 1 and "already exists" in again.output


def test_export_then_verify(kiosk_data, office, tmp_path):
    """`kiosk export` writes a bundle (the three applications and the export's own record);
    `kiosk bundle verify` passes and prints the summary."""
    bundle, result = exported(kiosk_data, office, tmp_path)
    assert "read back and checked" in result.output
    assert "Exported 4 records" in result.output and "application 3, export 1" in result.output
    check = run("bundle", "verify", str(bundle), "--central-key", str(office[0]),
                data=kiosk_data.root)
    assert check.exit_code == 0, check.output
    assert "VALID" in check.output and "application 3" in check.output
    assert "export 1" in check.output


def test_verify_fails_with_the_reason(kiosk_data, office, tmp_path):
    """A damaged bundle: exit 1, the failed check and why, no traceback."""
    bundle, _ = exported(kiosk_data, office, tmp_path)
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x40
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    check = run("bundle", "verify", str(bad), "--central-key", str(office[0]),
                data=kiosk_data.root)
    assert check.exit_code == 1
    assert "INVALID" in check.output and "failed check:" in check.output
    assert "Traceback" not in check.output


def test_verify_at_the_office_needs_the_kiosk_key(kiosk_data, office, tmp_path):
    """Another data folder does not know the kiosk until --kiosk-key names it."""
    bundle, _ = exported(kiosk_data, office, tmp_path)
    elsewhere = tmp_path / "office-data"
    unknown = run("bundle", "verify", str(bundle), "--central-key", str(office[0]),
                  data=elsewhere)
    assert unknown.exit_code == 1 and "kiosk_key" in unknown.output
    store = Store(kiosk_data.database)
    line = f"{store.kiosk_id}={public_key_b64(load_or_create_signing_key(kiosk_data.keys))}"
    store.close()
    known = run("bundle", "verify", str(bundle), "--central-key", str(office[0]),
                "--kiosk-key", line, data=elsewhere)
    assert known.exit_code == 0, known.output


def test_verify_checks_the_chain_with_previous(kiosk_data, office, tmp_path):
    """--previous: the second bundle chains to the first, not the other way round."""
    first, _ = exported(kiosk_data, office, tmp_path)
    before = set((tmp_path / "stick").glob("*.zip"))
    exported(kiosk_data, office, tmp_path)
    second = (set((tmp_path / "stick").glob("*.zip")) - before).pop()
    ok = run("bundle", "verify", str(second), "--central-key", str(office[0]),
             "--previous", str(first), data=kiosk_data.root)
    assert ok.exit_code == 0, ok.output
    wrong = run("bundle", "verify", str(first), "--central-key", str(office[0]),
                "--previous", str(second), data=kiosk_data.root)
    assert wrong.exit_code == 1 and "chain" in wrong.output


def test_export_without_a_central_key_says_what_to_do(kiosk_data, tmp_path):
    """No key configured or given: exit 1 and where to get central-public.pem."""
    (tmp_path / "stick").mkdir()
    result = run("export", "--out", str(tmp_path / "stick"), "--day", kiosk_data.day,
                 data=kiosk_data.root)
    assert result.exit_code == 1 and "central-public.pem" in result.output


def test_report_writes_pdf_and_csv_beside(kiosk_data, tmp_path):
    """`kiosk report --out r.pdf` writes r.pdf and r.csv and prints the totals."""
    result = run("report", "--out", str(tmp_path / "r.pdf"), "--lang", "en",
                 "--day", kiosk_data.day, data=kiosk_data.root)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "Queue tickets issued: 3" in result.output
    assert (tmp_path / "r.csv").read_text().startswith("Day recap")


def test_retention_dry_run(kiosk_data):
    """`kiosk retention --dry-run` reports what the kiosk holds and changes nothing."""
    result = run("retention", "--dry-run", data=kiosk_data.root)
    assert result.exit_code == 0, result.output
    assert "Records holding personal data: 3" in result.output
    assert "would lose" in result.output


def test_officer_add_and_list(tmp_path):
    """The first officer is added with a PIN typed twice; list shows names, never PINs."""
    data = tmp_path / "d"
    added = run("officer", "add", "Andi Pratama", data=data, input="480915\n480915\n")
    assert added.exit_code == 0, added.output
    weak = run("officer", "add", "Sri Wahyuni", data=data,
               input="Andi Pratama\n480915\n123456\n123456\n")
    assert weak.exit_code == 1 and "counts up or down" in weak.output
    listed = run("officer", "list", data=data)
    assert "Andi Pratama" in listed.output and "480915" not in listed.output


def test_doctor_checks_the_central_key(tmp_path, office):
    """A configured central key is loaded and its fingerprint shown; a wrong file fails."""
    data = tmp_path / "d"
    data.mkdir()
    (data / "office.pem").write_bytes(office[1].read_bytes())
    from kiosk.event.config import default_config_text

    config = default_config_text().replace('central_public_key = ""',
                                           'central_public_key = "office.pem"')
    (data / "kiosk.toml").write_text(config)
    choose_kiosk_pin(data)
    good = run("doctor", data=data)
    assert good.exit_code == 0 and "central key: fingerprint" in good.output
    (data / "office.pem").write_bytes(office[0].read_bytes())   # the private key by mistake
    bad = run("doctor", data=data)
    assert bad.exit_code == 1 and "[FAIL] central key" in bad.output
