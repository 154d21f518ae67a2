"""The flow's snapshot for the screens: what the flow says, frozen, and unmoved by typing."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.citizen.flow import Path, Step
from kiosk.citizen.snapshot import snapshot
from kiosk.citizen.validation import Err
from tests.kiosk.citizen.test_flow import ADULT, at_service, fill, make_flow, to_review


def test_a_form_page_snapshot_says_what_the_flow_says(catalogue):
    """Step, path, service, page, values, errors and progress as the flow has them."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    fill(flow, child="no", full_name="Budi Santoso")
    flow.next()
    flow.next()
    flow.next()                         # the place of birth, left empty: errors
    shown = snapshot(flow)
    assert (shown.step, shown.path, shown.service) == (Step.APPLICATION, Path.SERVICE, "NEW")
    assert shown.page == flow.page() and list(shown.pages) == flow.pages()
    assert shown.value("full_name") == "Budi Santoso" and shown.value("birth_place") == ""
    assert dict(shown.errors) == flow.errors and shown.errors
    assert all(isinstance(e, Err) for e in shown.errors.values())
    assert shown.progress == flow.progress() and shown.fee is None
    assert shown.is_on_site("LOST") and shown.language == "id"


def test_review_carries_the_pages_and_the_fee(catalogue):
    """On review: every page of the form and the fee as chosen."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    to_review(flow, ADULT)
    shown = snapshot(flow)
    assert shown.step == Step.REVIEW and shown.page is None
    assert [p.name for p in shown.pages] == [p.name for p in flow.pages()]
    assert shown.fee == flow.fee() and shown.fee.total == 350000


def test_off_the_form_there_are_no_pages(catalogue):
    """Welcome and information show no form page; information says what is chosen."""
    flow = make_flow(catalogue)
    assert snapshot(flow).pages == () and snapshot(flow).page is None
    flow.choose_path(Path.INFO)
    flow.choose_info("LOST", child=True)
    shown = snapshot(flow)
    assert (shown.step, shown.info_service, shown.info_child) == (Step.INFORMATION, "LOST",
                                                                  True)
    assert not shown.consent_refused


def test_the_snapshot_cannot_be_changed(catalogue):
    """Frozen fields, read-only values and errors: a screen cannot write into it."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    flow.next()
    shown = snapshot(flow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        shown.step = Step.DONE            # type: ignore[misc]
    with pytest.raises(TypeError):
        shown.values["child"] = "yes"     # type: ignore[index]
    with pytest.raises(TypeError):
        del shown.errors["child"]         # type: ignore[attr-defined]
    assert not hasattr(shown, "next") and not hasattr(shown, "set_value")


def test_typing_after_the_snapshot_does_not_change_it(catalogue):
    """The snapshot holds copies: later typing and a later error leave it as it was."""
    flow = make_flow(catalogue)
    at_service(flow, "NEW")
    fill(flow, child="no")
    shown = snapshot(flow)
    fill(flow, child="yes", full_name="Ayu")
    flow.next()
    assert dict(shown.values) == {"child": "no"} and dict(shown.errors) == {}


def test_the_outcome_is_frozen_and_replaced_when_printed(catalogue):
    """The done screen's outcome in a snapshot stays 'printing' after the printer answers."""
    flow = make_flow(catalogue)
    flow.choose_path(Path.INFO)
    submission = flow.begin_submit()
    flow.submitted(submission, receipt="a receipt")
    before = snapshot(flow)
    flow.printed(submission, ok=True)
    after = snapshot(flow)
    assert before.outcome.printing and before.outcome.printed is None
    assert not after.outcome.printing and after.outcome.printed is True
    with pytest.raises(dataclasses.FrozenInstanceError):
        after.outcome.printed = False     # type: ignore[misc]
