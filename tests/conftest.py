"""Fixtures shared by every test: a temp-file database, a fake clock, the demo config."""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.citizen.registrar import Registrar  # noqa: E402
from kiosk.event.catalogue import load_catalogue  # noqa: E402
from kiosk.event.clock import FakeClock  # noqa: E402
from kiosk.records.store import Store  # noqa: E402
from tests.helpers import factories  # noqa: E402

# Qt warnings outside pytest-qt's capture (teardown, between tests) fail too.
pytest_plugins = ("tests.helpers.qt_messages", "pytester")

# 09:30 WITA on Wednesday 23 October 2019, the seed story's event day.
EVENT_MORNING = dt.datetime(2019, 10, 23, 1, 30, tzinfo=dt.UTC)


@pytest.fixture
def fresh_db(tmp_path):
    """A new Store over a real SQLite file in a temp folder."""
    store = Store(tmp_path / "kiosk.sqlite3")
    yield store
    store.close()


@pytest.fixture
def clock():
    return FakeClock(EVENT_MORNING)


@pytest.fixture
def catalogue():
    return load_catalogue()


@pytest.fixture
def config():
    return factories.config()


@pytest.fixture
def registrar(fresh_db, config, catalogue, clock):
    return Registrar(fresh_db, config, catalogue, clock)


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """An empty data folder, also set as KIOSK_DATA_DIR."""
    path = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(path))
    return path
