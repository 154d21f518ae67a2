"""A kiosk whose database cannot take a record says so, at start and before a citizen
begins: real read-only, damaged and full disks, each with what the officer should do."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.booth.build import Booth
from kiosk.booth.health import OutOfService
from kiosk.citizen.steps import Submission
from kiosk.event.clock import FakeClock
from kiosk.i18n import Translator
from kiosk.paths import DataDir
from kiosk.records.store import DatabaseBusy
from tests.conftest import EVENT_MORNING
from tests.helpers.factories import adult_form
from tests.helpers.faults import damage, read_only_place, small_disk
from tests.helpers.slips import sid


def opened(root, config, **options) -> Booth:
    """A kiosk over the data folder `root`, its clock on the event's morning, not started."""
    return Booth(DataDir(root), config=config, clock=FakeClock(EVENT_MORNING), **options)


def serving(root, config, **options) -> Booth:
    """A kiosk that started and took one application."""
    booth = opened(root, config, **options)
    booth.start_up()
    booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    return booth


def says_what_to_do(error: OutOfService) -> None:
    """Both languages have the officer's message (never the msgid, never a traceback)."""
    indonesian, english = Translator("id").error(error), Translator("en").error(error)
    assert "Petugas" in indonesian and "Officer" in english, (indonesian, english)
    assert error.key not in english and "Traceback" not in english


def test_a_kiosk_that_can_write_is_healthy(tmp_path, config):
    """The probe passes and leaves its trace in meta (a write, not a record)."""
    booth = serving(tmp_path / "data", config)
    before = len(booth.store.records())
    booth.check_health()
    assert booth.store.meta("health_probe") is not None
    assert len(booth.store.records()) == before
    booth.close()


def test_a_read_only_database_is_out_of_service_at_start(tmp_path, config):
    """A data folder on a read-only disk: start_up says so, with what to do."""
    with read_only_place(tmp_path / "disk") as place:
        serving(place.root / "data", config).close()
        place.now()
        booth = opened(place.root / "data", config)
        with pytest.raises(OutOfService) as err:
            booth.start_up()
        assert err.value.key == "service.read_only"
        says_what_to_do(err.value)


def test_a_disk_that_comes_back_read_only_is_found_before_the_next_citizen(tmp_path, config):
    """The data folder's disk goes away and comes back read-only while the kiosk runs (a
    stick pulled and put back, a disk the system remounted read-only): the next probe
    says so; writable again, the kiosk serves again."""
    with read_only_place(tmp_path / "disk") as place:
        booth = serving(place.root / "data", config)
        booth.stores.close_all()              # the old file handles went with the disk
        place.now()
        with pytest.raises(OutOfService) as err:
            booth.check_health()
        assert err.value.key == "service.read_only"
        place.undo()
        booth.check_health()
        booth.close()


def test_a_damaged_database_is_out_of_service(tmp_path, config):
    """Garbage over the database's first pages: damaged, at start; keep the file."""
    root = tmp_path / "data"
    serving(root, config).close()
    damage(root / "kiosk.sqlite3")
    booth = opened(root, config)
    with pytest.raises(OutOfService) as err:
        booth.start_up()
    assert err.value.key == "service.damaged"
    says_what_to_do(err.value)
    assert "do not delete" in Translator("en").error(err.value)
    assert (root / "kiosk.sqlite3").stat().st_size > 0        # nothing removed


def test_a_full_disk_is_out_of_service_until_space_is_freed(tmp_path, config):
    """The data folder's disk fills up while serving: out of service (disk full, with the
    space left); once space is freed the probe passes again."""
    with small_disk(tmp_path / "disk") as disk:
        booth = serving(disk.root / "data", config)
        disk.fill()
        with pytest.raises(OutOfService) as err:
            booth.check_health()
        assert err.value.key == "service.disk_full"
        says_what_to_do(err.value)
        with pytest.raises(sqlite3.Error):          # what a citizen's Submit would meet
            booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
        disk.free()
        booth.check_health()
        booth.close()


def test_a_full_disk_at_start_is_out_of_service(tmp_path, config):
    """Started on a full disk: out of service from the start, not at the first Submit."""
    with small_disk(tmp_path / "disk") as disk:
        serving(disk.root / "data", config).close()
        disk.fill()
        booth = opened(disk.root / "data", config)
        with pytest.raises(OutOfService) as err:
            booth.start_up()
        assert err.value.key == "service.disk_full"


def test_a_busy_database_is_not_out_of_service(tmp_path, config):
    """Another program holding the write lock for a moment: busy (try again), not out of
    service."""
    root = tmp_path / "data"
    serving(root, config).close()
    other = sqlite3.connect(root / "kiosk.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        booth = opened(root, config, busy_timeout=0.2)
        with pytest.raises(DatabaseBusy):
            booth.check_health()
    finally:
        other.execute("ROLLBACK")
        other.close()
