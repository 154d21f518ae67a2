"""A slip says what its screen said: every line the police step, a referral or the information
screen shows the citizen is printed on the slip they take away, in both languages.

Each case is tapped through the real kiosk, the screen's words are read, the slip is printed
(the PDF-folder back end) and rebuilt from its record as the printer got it; a screen line
that the slip lacks is a drift. The screen's title and its print offer ("tap the button to
print ...") are the screen's own; tiles are buttons, not guidance.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.citizen.flow import Step
from kiosk.event.config import default_config_text, parse
from kiosk.slips.content import Fact, Slip
from tests.ui.conftest import start_kiosk

SCREEN_ONLY = {"police:offer", "referral:offer", "info:refused"}
ON_SITE_LOST = '["NEW", "RENEW", "LOST", "COMPLAINT", "INFO"]'
ONLY_COMPLAINTS = '["COMPLAINT", "INFO"]'


def _config(on_site: str):
    return parse(default_config_text().replace(
        'services_on_site = ["NEW", "RENEW", "COMPLAINT", "INFO"]',
        f"services_on_site = {on_site}"))


def screen_lines(k) -> list[str]:
    """The guidance the current screen shows: its visible labels, line by line, bullets
    dropped (its title, its print offer and the tiles aside)."""
    screen = k.window.current()
    lines = []
    for widget in screen.findChildren(QLabel):
        if (not widget.isVisible() or not widget.text() or widget is screen.title
                or widget.objectName() in SCREEN_ONLY
                or isinstance(widget.parentWidget(), QAbstractButton)):
            continue
        lines += [line.removeprefix("\u2022 ").strip() for line in widget.text().splitlines()]
    return [line for line in lines if line]


def slip_lines(slip: Slip) -> set[str]:
    """Every line of the slip; a label/amount row also as the screen writes it (label: amount)."""
    out = set(slip.text().splitlines())
    for section in slip.sections:
        out.add(section.heading)
        out |= {f"{i.label}: {i.value}" for i in section.items if isinstance(i, Fact)}
    out |= {f.label for f in slip.facts} | {f.value for f in slip.facts}
    return out


def printed_slip(k, language: str) -> Slip:
    """Tap the print button; the slip of the record it made, as the printer got it."""
    before = {r.uuid for r in k.records()}
    k.touch.primary()
    k.touch.settle(lambda: k.flow.outcome is not None and not k.flow.outcome.printing)
    assert k.flow.outcome.printed, k.flow.outcome
    (uuid,) = {r.uuid for r in k.records()} - before
    booth = k.app.booth
    receipt = booth.slips.receipt_for_record(booth.store, uuid)
    return booth.slips.slip_for(receipt, language=language)


def finish(k) -> None:
    k.clock.advance(2)
    k.touch.primary()
    assert k.flow.step == Step.WELCOME


SLIP_NAMES = {("id", "referral"): "slip rujukan", ("id", "info"): "slip informasi",
              ("en", "referral"): "referral slip", ("en", "info"): "information slip"}


def drift(k, language: str) -> list[str]:
    """The screen's lines the slip lacks (and the done screen names the slip it printed)."""
    shown = screen_lines(k)
    assert shown, "the screen shows no guidance"
    slip = printed_slip(k, language)
    kind = k.records()[-1].kind
    assert SLIP_NAMES[language, kind] in k.touch.find("done:slip").text()
    finish(k)
    lines = slip_lines(slip)
    return [line for line in shown if line not in lines]


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_police_step_slip_carries_the_steps(qtbot, tmp_path, language):
    """Lost passport, no police report: the steps and what to bring are on the slip."""
    k = start_kiosk(qtbot, tmp_path, config=_config(ON_SITE_LOST), real_slips=True)
    try:
        k.touch.tap(f"language:{language}")
        k.touch.tap("path:service")
        k.touch.primary()
        k.touch.tap("service:LOST")
        k.touch.tap("nav:secondary")
        assert k.flow.step == Step.POLICE
        assert drift(k, language) == []
    finally:
        k.app.close()


@pytest.mark.parametrize("language", ["id", "en"])
def test_referral_slips_say_what_the_screen_said(qtbot, tmp_path, language):
    """Every service referred to the office: reasons, where, what to bring, on the slip."""
    k = start_kiosk(qtbot, tmp_path, config=_config(ONLY_COMPLAINTS), real_slips=True)
    problems = {}
    try:
        for service in ("NEW", "RENEW", "LOST", "DAMAGED"):
            k.touch.tap(f"language:{language}")
            k.touch.tap("path:service")
            k.touch.primary()
            k.touch.tap(f"service:{service}")
            assert k.flow.step == Step.REFERRAL
            problems[service] = drift(k, language)
    finally:
        k.app.close()
    assert problems == {s: [] for s in problems}


@pytest.mark.parametrize("language", ["id", "en"])
def test_information_slips_say_what_the_screen_said(qtbot, tmp_path, language):
    """Information on each service, for an adult and a child, served here or at the office,
    and after consent was refused: where to apply, documents and fees are on the slip."""
    k = start_kiosk(qtbot, tmp_path, config=_config(ON_SITE_LOST), real_slips=True)
    problems = {}
    try:
        for service in ("NEW", "RENEW", "LOST", "DAMAGED"):
            for who in ("adult", "child"):
                k.touch.tap(f"language:{language}")
                if who == "child":            # the refused-consent way in, once per service
                    k.touch.tap("path:service")
                    k.touch.tap("nav:secondary")
                else:
                    k.touch.tap("path:info")
                k.touch.tap(f"info:service:{service}")
                k.touch.tap(f"info:{who}")
                assert k.flow.step == Step.INFORMATION
                problems[service, who] = drift(k, language)
    finally:
        k.app.close()
    assert problems == {case: [] for case in problems}
