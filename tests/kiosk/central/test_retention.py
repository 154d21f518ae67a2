"""Retention at the office: personal fields leave old records (complaints once closed),
archived bundles go, the hash stays, and an old stick imported again does not undo it."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.central.complaints import change_complaint
from kiosk.central.derive import parse_payload
from kiosk.central.retention import apply_retention
from kiosk.central.schema import applications, bundles, complaints, records
from kiosk.central.staff import add_staff
from kiosk.records.record import PERSONAL_FIELDS
from tests.helpers.central import DAY1, enroll, ingest_file


def test_retention_removes_personal_fields_after_the_period(sites, office, office_clock,
                                                              tmp_path):
    """A year and a day later: applications and closed complaints lose their personal
    fields, an open complaint keeps its contact; archives past archive_days are deleted;
    importing the same stick again changes nothing back."""
    (site,) = sites(1)
    enroll(office, site)
    log = site.rehearse(DAY1, arrivals=30)
    stick = site.export(DAY1, tmp_path / "stick")
    ingest_file(office, stick)
    with office.db.write() as conn:
        officer = add_staff(conn, username="rina", display_name="Rina",
                            role="complaints_officer", password="a-long-password",
                            now=office.now(), actor="cli:test")
        closed, still_open = conn.execute(select(complaints.c.tracking_number)
                                          .order_by(complaints.c.record)).scalars().all()[:2]
        for status in ("answered", "closed"):
            change_complaint(conn, closed, actor=officer, now=office.now(), status=status,
                             answer="Selesai.")
    assert apply_retention(office.db, office.settings, office.paths.archive,
                           now=office.now(), actor="cli:test").records == 0
    office_clock.advance(366 * 86400)
    due = apply_retention(office.db, office.settings, office.paths.archive, now=office.now(),
                          actor="cli:test", dry_run=True)
    assert due.records > 0 and due.archives == 1
    done = apply_retention(office.db, office.settings, office.paths.archive, now=office.now(),
                           actor="cli:test")
    assert (done.records, done.archives) == (due.records, 1)
    assert list(office.paths.archive.rglob("*.zip")) == []
    with office.db.read() as conn:
        rows = conn.execute(select(records.c.kind, records.c.payload, records.c.redacted_utc,
                                   complaints.c.tracking_number)
                            .outerjoin(complaints, complaints.c.record == records.c.id)
                            .where(records.c.kind.in_(("application", "complaint")))).all()
        names = conn.execute(select(applications.c.name_search)).scalars().all()
        assert conn.execute(select(bundles.c.archive_name)).scalars().all() == [None]
    for kind, payload, redacted, tracking in rows:
        fields = set(parse_payload(payload)) & set(PERSONAL_FIELDS)
        if kind == "complaint" and tracking != closed:       # still open: kept
            assert redacted is None and (fields or tracking != still_open)
        else:
            assert not fields and redacted and "redacted_fields" in parse_payload(payload)
    assert set(names) == {""}
    again = ingest_file(office, stick)
    assert again.duplicate == len(again.results)
    with office.db.read() as conn:
        text = " ".join(conn.execute(select(records.c.payload)).scalars())
    assert not any(nik in text for nik in log.niks)
