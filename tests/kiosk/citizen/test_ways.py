"""Every way through the flow, explored tap by tap (no Qt): back to welcome is a new
citizen, and the step indicator never goes missing on a numbered screen."""

from __future__ import annotations

import datetime as dt
import inspect

from kiosk.citizen.flow import CitizenFlow, FlowState, Path, Step
from kiosk.citizen.steps import Progress
from tests.helpers.explore import INTENTS, QUERIES, explore, into_welcome, replay

ON_SITE = ("NEW", "RENEW", "LOST", "COMPLAINT", "INFO")      # DAMAGED referred
NUMBERED = {Path.SERVICE: (Step.CONSENT, Step.SERVICES, Step.APPLICATION, Step.REVIEW),
            Path.COMPLAINT: (Step.CONSENT, Step.COMPLAINT, Step.REVIEW)}


def test_the_exploration_knows_every_intent_of_the_flow():
    """Each public method of CitizenFlow is a known intent or a query: a new intent (a new
    way to move) fails here until the exploration taps it."""
    public = {name for name, _ in inspect.getmembers(CitizenFlow, inspect.isfunction)
              if not name.startswith("_")}
    assert public - QUERIES == set(INTENTS)


def test_every_way_to_welcome_starts_a_new_citizen(catalogue):
    """Back, Finish, the idle reset, an officer, from every screen: the flow's state is a
    fresh one in the kiosk's language, under a new session number."""
    ways = into_welcome(catalogue, explore(catalogue, on_site=ON_SITE), on_site=ON_SITE)
    kinds = {move.tap.kind for move in ways}
    assert {"back", "primary", "idle", "officer"} <= kinds
    sources = {move.source[0] for move in ways}
    assert {Step.CONSENT, Step.INFORMATION, Step.DONE, Step.REVIEW, Step.APPLICATION} <= sources
    for move in ways:
        before = replay(catalogue, move.taps, on_site=ON_SITE)
        after = replay(catalogue, move.all_taps, on_site=ON_SITE)
        language = after.language if move.source[0] == Step.WELCOME \
            and move.tap.kind == "language" else "id"
        assert after.s == FlowState(language), move
        if move.tap.kind != "language":
            assert after.session > before.session, move


def test_back_to_consent_after_refusing_keeps_the_path_and_its_steps(catalogue):
    """'I do not agree', then Back: the consent is asked again as step 1, and agreeing
    goes on along the path chosen on welcome (a complaint stays a complaint)."""
    for path, after_agree in ((Path.SERVICE, Step.SERVICES), (Path.COMPLAINT, Step.COMPLAINT)):
        flow = CitizenFlow(catalogue=catalogue, services_on_site=ON_SITE,
                           today=lambda: dt.date(2019, 10, 23))
        flow.choose_path(path)
        flow.refuse()
        flow.back()
        assert flow.step == Step.CONSENT and flow.progress() == Progress(1, len(NUMBERED[path]))
        flow.agree()
        assert flow.step == after_agree and flow.progress().number == 2


def test_every_numbered_screen_has_its_step(catalogue):
    """In every state the exploration reaches, a screen of the numbered path (consent,
    service, form, review) says which step it is."""
    numbered = {step for steps in NUMBERED.values() for step in steps}
    checked = 0
    for move in explore(catalogue, on_site=ON_SITE):
        if move.to[0] in numbered:
            flow = replay(catalogue, move.all_taps, on_site=ON_SITE)
            progress = flow.progress()
            assert progress is not None and flow.path in NUMBERED, move
            assert progress.number == NUMBERED[flow.path].index(flow.step) + 1, move
            checked += 1
    assert checked > 100
