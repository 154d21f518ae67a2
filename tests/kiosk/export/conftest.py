"""Fixtures for the bundle reader's tests: a real day's export as a Forge, what the quick
reading of record lines answered, and the reader's verdict on a bundle."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from kiosk.export import record_lines
from kiosk.export.verify import BundleInvalid, verify_bundle
from tests.helpers.factories import adult_form, complaint_form
from tests.helpers.forge import Forge
from tests.helpers.officer_side import PIN

DAY = dt.date(2019, 10, 23)


@pytest.fixture
def forge(registrar, queue, officers, exporter, central, stick, signing_key, trusted):
    """A real day's export (applications first, a complaint, officer actions, queue events)
    as a Forge."""
    for i in range(3):
        registrar.submit_application(adult_form(), submission_id=str(uuid.UUID(int=i + 1)))
    registrar.submit_complaint(complaint_form(), submission_id=str(uuid.UUID(int=9)))
    officer = officers.create_officer("Andi Pratama", PIN)
    ticket = queue.call_next("1", None, officer)
    queue.mark_served(ticket.code, officer=officer)
    path = exporter.export_day(stick, day=DAY, central_key=central[2]).path
    real = verify_bundle(path, kiosk_keys=trusted, central_key=central[0])
    assert real.manifest["records"]["counts"]["complaint"] == 1
    return Forge(signing_key, central[1], [r.line() for r in real.records], real.manifest)


@pytest.fixture
def plain_seen(monkeypatch) -> list:
    """What record_lines.plain_records answered, call by call (None: it gave up)."""
    real, seen = record_lines.plain_records, []

    def spy(*args):
        seen.append(real(*args))
        return seen[-1]

    monkeypatch.setattr(record_lines, "plain_records", spy)
    return seen


def verdict(data: bytes, trusted: dict, central, previous=None, *, decrypt: bool = True):
    """(step, rule, reason) of the refusal, or ("accepted", None, "")."""
    try:
        verify_bundle(data, kiosk_keys=trusted, central_key=central[0] if decrypt else None,
                      previous=previous)
    except BundleInvalid as exc:
        return exc.step, exc.rule, exc.reason
    return "accepted", None, ""
