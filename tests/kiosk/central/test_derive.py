"""The desk's search rows: built after the ingest's commit by a catch-up that survives a
crash between the two, and the slip's own ticket code and pick-up date at the office."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from kiosk.central import derive
from kiosk.central.app import create_app
from kiosk.central.derive import catch_up, pending_records
from kiosk.central.ingest import ingest
from kiosk.central.schema import applications, bundles, queue_events, records
from kiosk.central.staff import add_staff
from tests.helpers.central import DAY1, enroll
from tests.helpers.factories import adult_form
from tests.helpers.live import serving


def _ingest(office, path: Path, *, derive_now: bool, settings=None):
    return ingest(office.db, office.keys, settings or office.settings, Path(path).read_bytes(),
                  channel="stick", archive=office.paths.archive, now=office.now(),
                  actor="cli:test", derive=derive_now)


def _count(office, table) -> int:
    with office.db.read() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def _kind(office, kind: str) -> int:
    with office.db.read() as conn:
        return conn.execute(select(func.count()).select_from(records)
                            .where(records.c.kind == kind)).scalar_one()


@pytest.fixture
def stick_day(sites, office, tmp_path):
    """One kiosk's day (with one ticket never called), exported; the site."""
    (site,) = sites(1)
    enroll(office, site)
    site.rehearse(DAY1)
    site.registrar.submit_application(adult_form(), submission_id=str(uuid.uuid4()))
    return site, site.export(DAY1, tmp_path / "stick")


def test_a_crash_between_the_commit_and_the_catch_up_loses_nothing(stick_day, office):
    """The ingest commits every record and marks its bundle not derived; the pages' rows
    come with the next catch-up, once, however often it runs."""
    _site, path = stick_day
    result = _ingest(office, path, derive_now=False)      # as if the process died here
    assert result.accepted > 50 and _count(office, applications) == 0
    with office.db.read() as conn:
        assert pending_records(conn) == \
            _kind(office, "application") + _kind(office, "queue_event") < result.accepted
        assert conn.execute(select(bundles.c.derived_utc)).scalar_one() is None
    built = catch_up(office.db, office.settings, now=office.now())
    assert built == _kind(office, "application") + _kind(office, "queue_event") > 0
    assert _count(office, applications) == _kind(office, "application")
    with office.db.read() as conn:
        assert pending_records(conn) == 0
    with office.db.write() as conn:                       # built again: nothing doubles
        conn.execute(bundles.update().values(derived_utc=None))
    assert catch_up(office.db, office.settings, now=office.now()) == 0
    assert _count(office, applications) == _kind(office, "application")


def test_a_catch_up_that_fails_halfway_leaves_no_half_rows(stick_day, office, monkeypatch):
    """A failure inside a bundle's catch-up rolls that bundle's rows back with its mark;
    the next catch-up builds them all."""
    _site, path = stick_day
    _ingest(office, path, derive_now=False)

    def broken(conn, ticket_records):
        raise RuntimeError("power cut")

    with monkeypatch.context() as m:
        m.setattr(derive, "update_tickets", broken)
        m.setattr(derive, "_held_events", broken)
        with pytest.raises(RuntimeError):
            catch_up(office.db, office.settings, now=office.now())
    assert _count(office, applications) == _count(office, queue_events) == 0
    catch_up(office.db, office.settings, now=office.now())
    assert _count(office, applications) == _kind(office, "application")


def test_the_office_uses_the_slips_code_and_pickup_date(stick_day, office):
    """An application carries its ticket code and pick-up date: the office shows them even
    for a ticket never called, and the date stays the slip's when the office's calendar
    differs (the office closed a day the event did not know)."""
    site, path = stick_day
    closed = dataclasses.replace(office.settings, closed_days=(dt.date(2019, 10, 24),))
    _ingest(office, path, derive_now=True, settings=closed)
    with office.db.read() as conn:
        rows = {r.uuid: r for r in conn.execute(select(applications))}
    stored = [r for r in site.store.records() if r.kind == "application"]
    assert len(rows) == len(stored) > 10
    for rec in stored:
        assert rows[rec.uuid].ticket_code == rec.payload["ticket_code"]
        assert rows[rec.uuid].pickup_date == rec.payload["pickup_date"] == "2019-10-28"
    waiting = [r for r in rows.values() if r.ticket_status == "waiting"]
    assert waiting and all(r.ticket_code for r in waiting)


def test_an_older_record_without_them_gets_todays_fallback(sites, office, tmp_path):
    """An application written before the record carried them: the code from its queue
    event, the pick-up date from the office's own working days."""
    (site,) = sites(1)
    enroll(office, site)
    site.clock.set(dt.datetime(2019, 10, 23, 2, 0, tzinfo=dt.UTC))
    with site.store.transaction():
        old = site.store.append_record("application", {
            "service": "NEW", "full_name": "SITI LAMA", "nik": "7571014101900002",
            "event": "GTO-DEMO", "language": "id"}, now=site.clock.now())
        site.store.append_record("queue_event", {
            "event": "served", "code": "A-099", "day": "2019-10-23", "service": "NEW",
            "counter": "1", "from_service": None, "to_service": None,
            "ticket_record": old.uuid, "officer_id": 1, "officer_name": "Andi"},
            now=site.clock.now())
    path = site.export(DAY1, tmp_path / "stick")
    closed = dataclasses.replace(office.settings, closed_days=(dt.date(2019, 10, 24),))
    _ingest(office, path, derive_now=True, settings=closed)
    with office.db.read() as conn:
        row = conn.execute(select(applications).where(applications.c.uuid == old.uuid)).one()
    assert (row.ticket_code, row.ticket_status, row.pickup_date) == \
        ("A-099", "served", "2019-10-29")


def test_the_pages_say_when_search_rows_are_still_being_prepared(stick_day, office):
    """Records whose rows are not built yet: the Applications and Pick-up pages say so;
    once caught up, the notice is gone and the never-called ticket is found by its code."""
    site, path = stick_day
    _ingest(office, path, derive_now=False)
    with office.db.write() as conn:
        add_staff(conn, username="budi", display_name="Budi", role="counter",
                  password="correct horse battery", now=office.now(), actor="cli:test")
    code = [r for r in site.store.records() if r.kind == "application"][-1].payload["ticket_code"]
    with serving(create_app(office)) as url, httpx.Client(base_url=url, timeout=30) as c:
        assert c.post("/signin", data={"username": "budi", "password": "correct horse battery",
                                       "next": "/"}).status_code == 303
        for page in ("/applications", "/pickup?date=2019-10-28"):
            assert "masih disiapkan untuk pencarian" in c.get(page).text
        assert 'class="empty"' in c.get("/applications", params={"q": code}).text
        catch_up(office.db, office.settings, now=office.now())
        found = c.get("/applications", params={"q": code}).text
        assert "masih disiapkan" not in found and 'class="empty"' not in found
        assert f"<td class=\"code\">{code}</td>" in found
