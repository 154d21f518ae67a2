"""The desk: applications search and pick-up list, complaints workflow, identities, CSV."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from sqlalchemy import select

from kiosk.central.applications import (
    export_csv,
    pickup_list,
    search_applications,
    ticket_code_candidates,
)
from kiosk.central.audit import audit_page
from kiosk.central.complaints import (
    ComplaintError,
    change_complaint,
    complaint_counts,
    get_complaint,
    list_complaints,
)
from kiosk.central.schema import applications, complaints
from kiosk.central.staff import add_staff
from tests.helpers.central import DAY1, enroll, ingest_file


@pytest.fixture
def desk(sites, office, tmp_path):
    """One kiosk's busy day imported; staff of each role."""
    (site,) = sites(1)
    enroll(office, site)
    log = site.rehearse(DAY1, arrivals=40)
    ingest_file(office, site.export(DAY1, tmp_path / "stick"))
    people = {}
    with office.db.write() as conn:
        for role in ("administrator", "complaints_officer", "counter"):
            people[role] = add_staff(conn, username=role.replace("_", "-")[:20],
                                     display_name=role, role=role, password="a-long-password",
                                     now=office.now(), actor="cli:test")
    return site, log, people


def test_search_by_name_nik_digits_and_ticket_code(desk, office):
    """Part of a name in any case, the NIK's last four digits, and a ticket code all find it."""
    site, log, _ = desk
    with office.db.read() as conn:
        row = conn.execute(select(applications).where(applications.c.ticket_code.is_not(None))
                           ).first()
        by_code = search_applications(conn, row.ticket_code.lower().replace("-", ""))
        by_nik = search_applications(conn, row.nik_last4)
        part = row.name_search.split()[-1][1:5].lower()
        by_name = search_applications(conn, part)
    assert row.uuid in {a.uuid for a in by_code}
    assert row.uuid in {a.uuid for a in by_nik} and all(a.nik_masked.endswith(row.nik_last4)
                                                        for a in by_nik)
    assert row.uuid in {a.uuid for a in by_name}
    assert all(part.upper() in a.name for a in by_name)
    assert all("*" in a.nik_masked and len(a.nik_masked) == 16 for a in by_name)


def test_ticket_codes_are_read_the_ways_staff_type_them():
    """a7, A-7, A007 mean A-007; A17 may also be kiosk 1's A1-007."""
    assert ticket_code_candidates("a7") == ["A-007"]
    assert ticket_code_candidates("A-7") == ["A-007"]
    assert ticket_code_candidates("a1-7") == ["A1-007"]
    assert ticket_code_candidates("A17") == ["A-017", "A1-007"]
    assert ticket_code_candidates("Budi") == []


def test_pickup_list_holds_the_served_applicants_of_that_day(desk, office):
    """Served at the event on Wed 23 Oct 2019 -> ready 3 working days later, Mon 28 Oct."""
    _site, log, _ = desk
    with office.db.read() as conn:
        ready = pickup_list(conn, dt.date(2019, 10, 28))
        nobody = pickup_list(conn, dt.date(2019, 10, 27))
        served = conn.execute(select(applications.c.uuid).where(
            applications.c.ticket_status == "served")).scalars().all()
    assert ready and {a.uuid for a in ready} == set(served) and nobody == []
    assert {a.name for a in ready} <= {n.upper() for n in log.names}


def test_complaint_moves_through_its_statuses_and_every_change_is_audited(desk, office):
    """received -> in progress -> answered (needs an answer) -> closed; no step skipped back."""
    _site, _log, people = desk
    officer = people["complaints_officer"]
    today = office.now().date()
    with office.db.read() as conn:
        tracking = list_complaints(conn, today=today)[0].tracking_number
    with office.db.write() as conn:
        change_complaint(conn, tracking, actor=officer, now=office.now(), status="in_progress")
        with pytest.raises(ComplaintError, match="Write the answer"):
            change_complaint(conn, tracking, actor=officer, now=office.now(), status="answered")
        change_complaint(conn, tracking, actor=officer, now=office.now(), status="answered",
                         answer="Petugas sudah ditegur.")
        change_complaint(conn, tracking, actor=officer, now=office.now(), status="closed")
        with pytest.raises(ComplaintError, match="closed"):
            change_complaint(conn, tracking, actor=officer, now=office.now(), answer="Lagi")
        with pytest.raises(ComplaintError, match="cannot become"):
            change_complaint(conn, tracking, actor=officer, now=office.now(),
                             status="in_progress")
    with office.db.read() as conn:
        row = conn.execute(select(complaints).where(complaints.c.tracking_number == tracking)
                           ).one()
        trail = [(e.action, e.detail) for e in audit_page(conn, target=tracking)]
    assert row.status == "closed" and row.answer == "Petugas sudah ditegur." and row.closed_utc
    assert [a for a, _ in reversed(trail)] == ["complaint.status", "complaint.answer",
                                               "complaint.status", "complaint.status"]
    assert all("ditegur" not in d for _, d in trail)        # the words stay out of the log


def test_counter_staff_cannot_change_a_complaint(desk, office):
    """Only complaints officers answer."""
    _site, _log, people = desk
    with office.db.read() as conn:
        tracking = list_complaints(conn, today=office.now().date())[0].tracking_number
    with office.db.write() as conn, pytest.raises(ComplaintError, match="role"):
        change_complaint(conn, tracking, actor=people["counter"], now=office.now(),
                         status="in_progress")


def test_a_confidential_identity_is_hidden_from_other_roles_and_its_viewing_audited(
        desk, office):
    """Counter staff and administrators see 'hidden'; a complaints officer sees it, audited."""
    _site, log, people = desk
    with office.db.read() as conn:
        tracking = conn.execute(select(complaints.c.tracking_number).where(
            complaints.c.identity == "confidential")).scalars().first()
    assert tracking
    today = office.now().date()
    for role in ("counter", "administrator"):
        with office.db.write() as conn:
            seen = get_complaint(conn, tracking, viewer=people[role], now=office.now(),
                                 today=today)
        assert seen.identity_hidden and seen.full_name is None and seen.phone is None
    with office.db.write() as conn:
        seen = get_complaint(conn, tracking, viewer=people["complaints_officer"],
                             now=office.now(), today=today)
        trail = audit_page(conn, target=tracking)
    assert not seen.identity_hidden and seen.phone
    assert seen.full_name.upper() in {n.upper() for n in log.names}
    assert [(e.actor, e.action) for e in trail] == [("complaints-officer",
                                                     "complaint.identity_viewed")]


def test_overdue_complaints_are_counted_and_flagged(desk, office, office_clock):
    """Past the due date (5 working days) an open complaint is overdue; an answered one not."""
    _site, _log, people = desk
    with office.db.read() as conn:
        rows = list_complaints(conn, today=dt.date(2019, 10, 24))
    assert rows and not any(c.overdue for c in rows)
    late = dt.date(2019, 11, 4)            # due Wed 30 Oct 2019 (5 working days after 23 Oct)
    assert rows[0].due_date == "2019-10-30"
    with office.db.write() as conn:
        change_complaint(conn, rows[0].tracking_number, actor=people["complaints_officer"],
                         now=office.now(), status="answered", answer="Selesai.")
    with office.db.read() as conn:
        counts = complaint_counts(conn, today=late)
        overdue = list_complaints(conn, today=late, overdue=True)
    assert counts["overdue"] == len(rows) - 1 == len(overdue)
    assert all(c.overdue for c in overdue)


def test_export_csv_lists_the_days_applications_owner_only(desk, office, tmp_path):
    """One row per application of the visit day, the documented columns, mode 0600."""
    _site, log, _ = desk
    out = tmp_path / "apps.csv"
    with office.db.read() as conn:
        n = export_csv(conn, DAY1, out)
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert n == len(rows) == len(log.niks) and out.stat().st_mode & 0o777 == 0o600
    assert {r["nik"] for r in rows} == set(log.niks)
    assert all(r["pickup_date"] == "2019-10-28" and r["visit_day"] == "2019-10-23" for r in rows)
