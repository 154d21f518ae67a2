"""A kiosk that has signed slips never makes a new key by itself; a deliberate rotation is
recorded, asks an officer's PIN and keeps the slips issued before it verifiable."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.booth.build import Booth
from kiosk.citizen.steps import Submission
from kiosk.cli import cli
from kiosk.errors import KioskError
from kiosk.event.clock import FakeClock
from kiosk.i18n import Translator
from kiosk.paths import DataDir
from kiosk.records.canonical import canonical_json
from kiosk.records.keys import SIGNING_KEY_FILE, load_private_key, public_key_b64
from kiosk.slips.token import make_token
from tests.conftest import EVENT_MORNING
from tests.helpers.factories import adult_form
from tests.helpers.officer_side import PIN
from tests.helpers.slips import sid

ROTATION_CONTEXT = b"passport-kiosk/key-rotation/v1\x00"


def booth_of(root, clock=None) -> Booth:
    return Booth(DataDir(root), clock=clock or FakeClock(EVENT_MORNING))


def serve(root, citizens=3, clock=None):
    """A kiosk that issued `citizens` slips with an officer on duty: (tokens, public key)."""
    booth = booth_of(root, clock)
    booth.officers().create_officer("Andi Pratama", PIN)
    tokens = []
    for _ in range(citizens):
        receipt = booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
        assert booth.print_slip(receipt, "id").ok
        tokens.append(booth.slips.token_for(receipt))
    public = public_key_b64(booth.signing_key())
    booth.close()
    return tokens, public


def run(root, *args, input=None):
    return CliRunner().invoke(cli, ["--data-dir", str(root), *args], input=input)


def test_a_deleted_key_stops_the_kiosk_with_a_clear_translated_message(tmp_path):
    """Key file gone after slips were printed: no new key is made; the Booth raises a
    KioskError that says to restore the key or rotate it, in both languages."""
    root = tmp_path / "data"
    serve(root)
    key_file = root / "keys" / SIGNING_KEY_FILE
    key_file.unlink()
    booth = booth_of(root)
    for attempt in (booth.signing_key, booth.start_up):
        with pytest.raises(KioskError) as err:
            attempt()
        assert err.value.key == "keys.missing"
        english = str(err.value)
        assert "kiosk keys rotate" in english and "backup" in english
        assert Translator("id").error(err.value) != english
        assert not key_file.exists()
    receipt = booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    outcome = booth.print_slip(receipt, "id")
    assert not outcome.ok and "kiosk keys rotate" in outcome.reason
    assert not key_file.exists()
    booth.close()


def test_doctor_says_the_key_is_missing_not_not_there_yet(tmp_path):
    """Doctor fails the signing key with what happened and what to do."""
    root = tmp_path / "data"
    serve(root)
    (root / "keys" / SIGNING_KEY_FILE).unlink()
    result = run(root, "doctor")
    assert result.exit_code == 1
    assert "[FAIL] signing key" in result.output and "not there yet" not in result.output
    assert "kiosk keys rotate" in result.output


def test_earlier_slips_still_verify_while_the_private_key_is_missing(tmp_path):
    """`kiosk verify` needs only the public key, which the kiosk remembers."""
    root = tmp_path / "data"
    tokens, _ = serve(root)
    (root / "keys" / SIGNING_KEY_FILE).unlink()
    result = run(root, "verify", tokens[0])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["valid"] is True


def test_a_replaced_key_file_is_refused(tmp_path):
    """A key file that is not the key this kiosk signed with: refused, not used."""
    root = tmp_path / "data"
    serve(root)
    other = Ed25519PrivateKey.generate()
    from cryptography.hazmat.primitives import serialization

    (root / "keys" / SIGNING_KEY_FILE).write_bytes(other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    with pytest.raises(KioskError) as err:
        booth_of(root).signing_key()
    assert err.value.key == "keys.changed"


def _rotation(root):
    booth = booth_of(root)
    records = booth.store.records(kind="key_rotation")
    booth.close()
    return records


@pytest.mark.parametrize("lost", [False, True], ids=["key-present", "key-lost"])
def test_rotation_is_a_recorded_event_that_keeps_old_slips_verifiable(tmp_path, lost):
    """`kiosk keys rotate` with an officer's PIN: a key_rotation record holds the old and
    the new public key (signed by the old key when it is still there); slips issued
    before verify with the retired key, new slips with the new one."""
    root = tmp_path / "data"
    tokens, old_public = serve(root)
    if lost:
        (root / "keys" / SIGNING_KEY_FILE).unlink()
    result = run(root, "keys", "rotate", input=f"\n{PIN}\n")
    assert result.exit_code == 0, result.output
    new_key = load_private_key(root / "keys" / SIGNING_KEY_FILE)
    new_public = public_key_b64(new_key)
    assert new_public != old_public and new_public in result.output
    [record] = _rotation(root)
    payload = record.payload
    assert payload["old_public_key"] == old_public and payload["new_public_key"] == new_public
    assert payload["officer_name"] == "Andi Pratama"
    if lost:
        assert payload["old_key_signature"] is None
    else:
        statement = canonical_json({k: payload[k] for k in (
            "kiosk_id", "new_public_key", "old_public_key", "rotated_utc")}).encode()
        from kiosk.records.keys import public_key_from_b64

        public_key_from_b64(old_public).verify(
            base64.b64decode(payload["old_key_signature"]), ROTATION_CONTEXT + statement)
    for token in tokens:
        checked = run(root, "verify", token)
        assert checked.exit_code == 0, checked.output
    booth = booth_of(root)
    receipt = booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    assert booth.print_slip(receipt, "id").ok
    assert run(root, "verify", booth.slips.token_for(receipt)).exit_code == 0
    desk = booth.desk()
    assert desk.check(tokens[0], officer=None).ok
    booth.close()


def test_a_retired_key_signs_nothing_dated_after_its_rotation(tmp_path):
    """A token signed with the old key but dated after the rotation day is refused."""
    root = tmp_path / "data"
    tokens, _ = serve(root)
    old_key = load_private_key(root / "keys" / SIGNING_KEY_FILE)
    assert run(root, "keys", "rotate", input=f"\n{PIN}\n").exit_code == 0
    booth = booth_of(root)
    kiosk_id = booth.store.kiosk_id
    booth.close()
    later = make_token(old_key, kiosk_id=kiosk_id, record_uuid=sid(),
                       day=dt.date.today() + dt.timedelta(days=2), kind="application",
                       service="NEW", ticket="A-050")
    refused = run(root, "verify", later)
    assert refused.exit_code == 1 and json.loads(refused.stdout)["error"] == "bad_signature"


def test_rotation_needs_an_officer_pin(tmp_path):
    """A wrong PIN rotates nothing; with no officer at all, the command says to add one."""
    root = tmp_path / "data"
    serve(root)
    before = (root / "keys" / SIGNING_KEY_FILE).read_bytes()
    wrong = run(root, "keys", "rotate", input="\n999111\n")
    assert wrong.exit_code == 1 and "Wrong PIN" in wrong.output
    assert (root / "keys" / SIGNING_KEY_FILE).read_bytes() == before
    assert _rotation(root) == []
    bare = tmp_path / "bare"
    booth = booth_of(bare)
    booth.submit(Submission("info", {}, "NEW", sid(), "en", 0))
    booth.signing_key()
    booth.close()
    nobody = run(bare, "keys", "rotate", input=f"\n{PIN}\n")
    assert nobody.exit_code == 1 and "kiosk officer add" in nobody.output


def test_a_rotation_cut_short_after_its_record_completes_on_the_next_start(tmp_path,
                                                                         monkeypatch):
    """Power cut after the rotation was recorded but before the new key file took its
    place: the next start finishes it (the recorded new key becomes current)."""
    from kiosk.records import keys as key_files

    root = tmp_path / "data"
    serve(root)
    monkeypatch.setattr(key_files, "promote_pending_key",
                        lambda keys_dir: (_ for _ in ()).throw(OSError(5, "power cut")))
    assert run(root, "keys", "rotate", input=f"\n{PIN}\n").exit_code == 1
    monkeypatch.undo()
    [record] = _rotation(root)
    booth = booth_of(root)
    assert public_key_b64(booth.signing_key()) == record.payload["new_public_key"]
    booth.close()


def test_kiosk_processes_started_together_agree_on_one_key(tmp_path):
    """Three `kiosk keys show` processes on a fresh data folder at the same moment: none
    fails, all print the same key, and it is the one saved."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(root)}
    racers = [subprocess.Popen([sys.executable, "-m", "kiosk.cli", "--data-dir", str(data),
                                "keys", "show"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, cwd=root, env=env)
              for _ in range(3)]
    answers = [racer.communicate(timeout=120) for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0, 0], answers
    lines = {out.strip() for out, _ in answers}
    saved = public_key_b64(load_private_key(data / "keys" / SIGNING_KEY_FILE))
    assert len(lines) == 1 and saved in lines.pop()
