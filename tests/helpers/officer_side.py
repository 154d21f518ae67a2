"""Fixtures for the officer side: an officer, a queue console, keys and a day exporter.

Import the fixtures a test module needs (`from tests.helpers.officer_side import ...`).
"""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.export.crypto import load_central_private, load_central_public, make_central_keypair
from kiosk.export.day import DayExporter
from kiosk.officer.accounts import Officers
from kiosk.queue.console import QueueConsole
from kiosk.records.keys import public_key_b64

PIN = "480915"


@pytest.fixture
def officers(fresh_db, clock):
    return Officers(fresh_db, clock)


@pytest.fixture
def officer(officers):
    """The first officer, made at first-run set-up."""
    return officers.create_officer("Andi Pratama", PIN)


@pytest.fixture
def queue(fresh_db, config, catalogue, clock):
    return QueueConsole(fresh_db, config, catalogue, clock)


@pytest.fixture
def signing_key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def central(tmp_path):
    """The central office's key pair: (private key, public key, public PEM path)."""
    private_path, public_path = make_central_keypair(tmp_path / "central")
    return load_central_private(private_path), load_central_public(public_path), public_path


@pytest.fixture
def exporter(fresh_db, config, clock, signing_key):
    return DayExporter(fresh_db, config, clock, signing_key)


@pytest.fixture
def stick(tmp_path):
    path = tmp_path / "stick"
    path.mkdir()
    return path


@pytest.fixture
def trusted(fresh_db, signing_key):
    """The kiosk keys a central office would trust: this kiosk's."""
    return {fresh_db.kiosk_id: public_key_b64(signing_key)}


KIOSK_PIN = "730592"


def choose_kiosk_pin(folder, pin: str = KIOSK_PIN) -> None:
    """A data folder ready for service: kiosk.toml (the demo one if none) with a kiosk PIN
    chosen, as `kiosk officer kiosk-pin` leaves it (only its hash written)."""
    from kiosk.event.config_file import write_setting
    from kiosk.officer.pins import hash_pin
    from kiosk.paths import DataDir

    data = DataDir(folder)
    data.ensure()
    write_setting(data.config, "kiosk.exit_pin", hash_pin(pin))
