"""The central office's fixtures: every test using `db_url` runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from kiosk.event.clock import FakeClock
from tests.helpers.central import (
    NO_PG,
    OFFICE_NOW,
    KioskSite,
    connect_postgres,
    make_office,
)


@pytest.fixture(scope="session")
def pg():
    server = connect_postgres()
    yield server
    if server is not None:
        server.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, migrated central database: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.sqlite3'}"
        return
    server = request.getfixturevalue("pg")
    if server is None:
        pytest.skip(NO_PG)
    url = server.fresh()
    yield url
    server.drop(url)


@pytest.fixture
def office_clock():
    return FakeClock(OFFICE_NOW)


@pytest.fixture
def office(tmp_path, db_url, office_clock):
    office = make_office(tmp_path, db_url, now=office_clock)
    yield office
    office.close()


@pytest.fixture
def sites(tmp_path, office):
    """Make kiosks of one event: sites(2) -> two KioskSites encrypting to this office."""
    made: list[KioskSite] = []

    def make(count: int = 1) -> list[KioskSite]:
        for n in range(1, count + 1):
            made.append(KioskSite(tmp_path / f"kiosk{len(made) + 1}", n, count,
                                  office.keys.central.public_key()))
        return made[-count:]

    yield make
    for site in made:
        site.close()
