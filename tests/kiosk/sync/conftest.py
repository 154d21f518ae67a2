"""Sync tests: the central office's fixtures (SQLite and PostgreSQL), a live office over
HTTP on 127.0.0.1, and kiosks built by their Booth."""

from __future__ import annotations

import pytest

from kiosk.central.app import create_app
from tests.helpers.live import serving
from tests.helpers.sync import SyncKiosk
from tests.kiosk.central.conftest import db_url, office, office_clock, pg  # noqa: F401


@pytest.fixture
def live(office):  # noqa: F811 - the office fixture above
    """The office's sync API served on 127.0.0.1; yields its base URL."""
    with serving(create_app(office)) as url:
        yield url


@pytest.fixture
def kiosks(tmp_path):
    """Make kiosks: kiosks() -> a new SyncKiosk in its own data folder."""
    made: list[SyncKiosk] = []

    def make() -> SyncKiosk:
        made.append(SyncKiosk(tmp_path / f"kiosk{len(made) + 1}"))
        return made[-1]

    yield make
    for k in made:
        k.close()


@pytest.fixture
def kiosk(kiosks):
    """One kiosk that rehearsed a day (about 25 citizens and the queue's records)."""
    k = kiosks()
    k.rehearse()
    return k
