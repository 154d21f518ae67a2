"""The one construction point: a Booth builds every core service, once, per thread."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

from kiosk.booth.build import Booth
from kiosk.citizen.steps import Submission
from kiosk.event.clock import FakeClock
from kiosk.paths import DataDir
from kiosk.records.keys import public_key_b64
from tests.conftest import EVENT_MORNING
from tests.helpers.factories import adult_form
from tests.helpers.slips import sid

ROOT = Path(__file__).resolve().parents[3]
BUILT_HERE_ONLY = {"Registrar", "QueueConsole", "SlipService", "DayExporter", "DayReport",
                   "Retention", "Officers", "KioskPin", "SlipDesk", "StorePerThread",
                   "load_or_create_signing_key"}


def booth(tmp_path, config) -> Booth:
    return Booth(DataDir(tmp_path / "data"), config=config, clock=FakeClock(EVENT_MORNING))


def test_no_other_module_builds_a_core_service():
    """Outside kiosk/booth/build.py, no module of kiosk/ or ui/ constructs a core service."""
    offenders = []
    for folder in ("kiosk", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            if path == ROOT / "kiosk" / "booth" / "build.py" or "central" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) in \
                        BUILT_HERE_ONLY:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.func.id}")
    assert offenders == []


def test_every_part_signs_with_the_one_key(tmp_path, config):
    """Slips, the export and the slip desk use the same key object, read once."""
    b = booth(tmp_path, config)
    key = b.signing_key()
    assert b.slips.signing_key() is key
    assert b.exporter().signing_key is key
    assert public_key_b64(key) in b.desk().keys.values()


def test_parts_over_sqlite_are_per_thread(tmp_path, config):
    """Each thread gets its own connection; the same thread gets the same one."""
    b = booth(tmp_path, config)
    mine = b.store
    assert b.registrar().store is mine and b.queue().store is mine
    theirs = []
    worker = threading.Thread(target=lambda: theirs.append(b.registrar().store))
    worker.start()
    worker.join()
    assert theirs[0] is not mine and theirs[0].path == mine.path
    b.close()


def test_the_clock_answers_today_in_the_event_time_zone(tmp_path, config):
    """16:30 UTC on 22 October is already 23 October in Gorontalo (WITA, UTC+8)."""
    import datetime as dt

    clock = FakeClock(dt.datetime(2019, 10, 22, 16, 30, tzinfo=dt.UTC))
    b = Booth(DataDir(tmp_path / "data"), config=config, clock=clock)
    assert b.clock.today() == dt.date(2019, 10, 23)
    assert b.registrar().today() == b.queue().today() == b.report().today() == \
        b.exporter().today() == b.slips.today() == dt.date(2019, 10, 23)


def test_submit_goes_by_the_kind_of_submission(tmp_path, config):
    """An application is queued with a ticket; an information visit is counted without one."""
    b = booth(tmp_path, config)
    applied = b.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    visit = b.submit(Submission("info", {}, "NEW", sid(), "en", 0, "no_consent"))
    assert applied.ticket is not None and applied.record.kind == "application"
    assert visit.ticket is None and visit.record.kind == "info"
    assert visit.record.payload["reason"] == "no_consent"


def test_a_command_that_needs_no_database_opens_none(tmp_path, config):
    """Building a booth and reading its config leaves the data folder without a database."""
    b = booth(tmp_path, config)
    assert b.config.event.code and b.clock.today()
    assert not b.data.database.exists()
