"""The day report: figures from queue events, PDF totals, and no personal data in PDF or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid

from kiosk.i18n import Translator
from kiosk.records.record import PERSONAL_FIELDS
from kiosk.reports.figures import recap_csv
from tests.helpers.factories import adult_form, complaint_form
from tests.helpers.slips import pdf_text

DAY = dt.date(2019, 10, 23)


def personal_values(store):
    """Every personal value the day's records hold, in the forms it could be printed."""
    values = set()
    for record in store.records():
        for field in PERSONAL_FIELDS + ("place",):
            value = record.payload.get(field)
            if isinstance(value, str) and len(value) >= 4:
                values |= {value, value.upper(), value.title()}
                if field in ("phone", "parent_phone"):
                    values.add("0" + value.removeprefix("+62"))
                if field == "birth_date":
                    values.add(dt.date.fromisoformat(value).strftime("%d-%m-%Y"))
    return values


def test_waits_and_service_times_come_from_queue_events(registrar, queue, officer, clock,
                                                        reporter):
    """Issued 09:30, called 09:40, served 09:52: wait 10 minutes, service 12."""
    ticket = registrar.submit_application(adult_form(), submission_id=str(uuid.uuid4())).ticket
    clock.advance(10 * 60)
    queue.call_next("1", None, officer)
    clock.advance(12 * 60)
    queue.mark_served(ticket.code, officer=officer)
    line = reporter.figures().tickets[0]
    assert (line.wait_minutes, line.service_minutes) == (10.0, 12.0)
    assert line.issued.hour == 9 and line.issued.minute == 30   # local time (WITA)


def test_a_transfer_keeps_the_first_wait_and_counts_once(registrar, queue, officer, clock,
                                                         reporter):
    """Wait runs to the first call; service time from the last call; one transfer counted."""
    ticket = registrar.submit_application(adult_form(), submission_id=str(uuid.uuid4())).ticket
    clock.advance(5 * 60)
    queue.call_next("1", None, officer)
    queue.transfer(ticket.code, "RENEW", officer=officer)
    clock.advance(20 * 60)
    queue.call_next("2", ["RENEW"], officer)
    clock.advance(7 * 60)
    queue.mark_served(ticket.code, officer=officer)
    figures = reporter.figures()
    line = figures.tickets[0]
    assert (line.service, line.first_service) == ("RENEW", "NEW")
    assert (line.wait_minutes, line.service_minutes) == (5.0, 7.0)
    assert figures.transfers == 1


def test_pdf_text_holds_the_totals(busy, reporter, tmp_path):
    """Every total of the day is printed beside its label (English report)."""
    result = reporter.write(tmp_path / "r.pdf", tmp_path / "r.csv", t=Translator("en"))
    text = " ".join(pdf_text(result.pdf).split())
    totals = dict(result.figures.totals())
    assert totals["Queue tickets issued"] == str(busy.tickets)
    assert totals["Served"] == str(busy.served) and totals["No-shows"] == str(busy.no_shows)
    assert totals["Complaints"] == str(busy.complaints)
    assert totals["Information visits"] == str(busy.info)
    for label, value in totals.items():     # English: a decimal point (5.0), as written
        assert re.search(re.escape(label) + r"\s+" + re.escape(value), text), (label, value)
    for title in ("Arrivals per hour", "Tickets per service", "No-shows per service",
                  "Median wait and service time (minutes)", "Complaints per category"):
        assert title in text


def test_indonesian_report(busy, reporter, tmp_path):
    """The Indonesian report translates titles, categories and the date."""
    result = reporter.write(tmp_path / "r.pdf", tmp_path / "r.csv", t=Translator("id"))
    text = " ".join(pdf_text(result.pdf).split())
    assert "Laporan harian" in text and "Rabu, 23 Oktober 2019" in text
    assert "Pelayanan lambat" in text and "Tiket antrean diterbitkan" in text


def test_neither_pdf_nor_csv_holds_personal_data(busy, reporter, fresh_db, config, tmp_path):
    """No NIK, name, phone, e-mail, birth date or address of the day appears in either file."""
    result = reporter.write(tmp_path / "r.pdf", tmp_path / "r.csv", t=Translator("en"))
    # A birth place such as "Gorontalo" is also the office's city, printed in the header.
    public = f"{config.event.office} {config.event.venue}"
    values = {v for v in personal_values(fresh_db) if v not in public}
    assert len(values) > 200 and busy.niks[0] in values and busy.places[0] in values
    csv_text = result.csv.read_text(encoding="utf-8")
    pdf = pdf_text(result.pdf)
    leaked = [v for v in values if v in csv_text or v in pdf]
    assert leaked == []
    assert not re.search(r"\d{16}", csv_text) and not re.search(r"\+?62\d{8,}", csv_text)


def test_csv_lists_every_ticket_with_a_priority_flag_only(busy, reporter, fresh_db):
    """One row per ticket: code, services, yes/no priority (not why), status, times."""
    text = recap_csv(reporter.figures())
    rows = list(csv.reader(io.StringIO(text)))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Ticket")
    tickets = [r for r in rows[start + 1:] if r]
    assert len(tickets) == busy.tickets
    codes = {r[0] for r in tickets}
    assert codes == {r[0] for r in fresh_db.conn.execute("SELECT code FROM tickets")}
    assert {r[3] for r in tickets} == {"yes", "no"}
    assert "elderly" not in text
    served = [r for r in tickets if r[4] == "served"]
    assert len(served) == busy.served and all(r[8] and r[10] for r in served)


def test_csv_counts_per_hour_add_up(busy, reporter):
    """The per-hour table sums to the tickets issued; arrivals include information visits."""
    rows = list(csv.reader(io.StringIO(recap_csv(reporter.figures()))))
    start = next(i for i, r in enumerate(rows) if r and r[0] == "Tickets per hour")
    header = rows[start]
    body = []
    for r in rows[start + 1:]:
        if not r:
            break
        body.append(r)
    assert sum(int(r[header.index("all")]) for r in body) == busy.tickets
    assert sum(int(r[header.index("arrivals")]) for r in body) == busy.tickets + busy.info


def test_an_empty_day_still_makes_a_report(reporter, tmp_path):
    """No records: charts say 'No data', totals are zero, nothing breaks."""
    result = reporter.write(tmp_path / "r.pdf", tmp_path / "r.csv", t=Translator("en"))
    text = pdf_text(result.pdf)
    assert "No data" in text and dict(result.figures.totals())["Queue tickets issued"] == "0"


def test_writing_a_report_is_audited(registrar, reporter, officer, tmp_path):
    """The report button leaves an officer_action record naming the officer and the day."""
    registrar.submit_complaint(complaint_form(), submission_id=str(uuid.uuid4()))
    reporter.write(tmp_path / "r.pdf", tmp_path / "r.csv", officer=officer)
    last = registrar.store.records(kind="officer_action")[-1].payload
    assert last["action"] == "report" and last["officer_id"] == officer.id
    assert last["details"] == {"day": "2019-10-23", "tickets": 1}
