"""Fixtures for slip tests: a slip service over a temp data folder, receipts of every kind."""

from __future__ import annotations

import pytest

from kiosk.booth.build import Booth
from kiosk.paths import DataDir
from tests.helpers.slips import sample_receipts


@pytest.fixture
def slip_data(tmp_path):
    return DataDir(tmp_path / "data")


@pytest.fixture
def slips(config, catalogue, slip_data, clock):
    """The PDF-folder service of the demo config (writes under the temp data folder)."""
    return Booth(slip_data, config=config, catalogue=catalogue, clock=clock).slips


@pytest.fixture
def receipts(registrar):
    return sample_receipts(registrar)
