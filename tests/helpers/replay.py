"""Replays explored taps (tests/helpers/explore.py) on the real kiosk window, as a finger.

Form pages are answered with the on-screen keys and tiles (explore.ANSWERS), submitting
waits for the commit and the slip, walking away lets the idle clock run out, and an
officer takes the screen by signing in on the PIN pad (the officer tests' Desk).
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget

from kiosk.citizen.flow import FORM_STEPS, Primary, Step
from tests.helpers.explore import ANSWERS, Tap


def answer_page(k) -> None:
    """Type or choose a valid answer in every field of the page that holds nothing yet."""
    t = k.touch
    for spec in k.flow.page().fields:
        if k.flow.value(spec.name):
            continue
        if spec.kind == "choice":
            t.choose(spec.name, ANSWERS[spec.name])
        else:
            t.type(spec.name, ANSWERS[spec.name])


def do(k, tap: Tap, desk=None) -> None:
    """One explored tap, on the real window."""
    t, flow = k.touch, k.flow
    if tap.kind == "back":
        t.back()
    elif tap.kind == "path":
        t.tap(f"path:{tap.arg}")
    elif tap.kind == "service":
        t.tap(f"service:{tap.arg}")
    elif tap.kind == "info":
        t.tap(f"info:service:{tap.arg}")
    elif tap.kind == "edit":
        t.tap(f"review:edit:{tap.arg}")
    elif tap.kind == "secondary":
        t.tap("nav:secondary")
    elif tap.kind == "language":
        other = "en" if flow.language == "id" else "id"
        if flow.step == Step.WELCOME:
            t.tap(f"language:{other}")
        else:
            t.switch_language()
    elif tap.kind == "idle":
        k.idle(k.app.config.kiosk.idle_seconds)
        if k.window.still_there.isVisible():
            k.idle(k.app.config.kiosk.countdown_seconds)
    elif tap.kind == "officer":
        assert desk is not None, "an officer needs the desk"
        desk.log_in()
    elif flow.step == Step.CHECK:               # the lookup runs on a worker
        answer_page(k)
        t.primary()
        t.settle(lambda: not flow.submitting)
    elif flow.step in FORM_STEPS:
        answer_page(k)
        t.primary()
    elif flow.primary() == Primary.FINISH:
        k.clock.advance(2)                       # read the ticket, then Finish
        t.primary()
    elif flow.primary() == Primary.AGREE:
        t.primary()
    else:                                        # submit or print: wait for the slip
        t.primary()
        t.settle(lambda: flow.outcome is not None and not flow.outcome.printing)


def citizen_parts(window) -> list[QWidget]:
    """What a citizen's texts can be in: every screen, the keyboard, header, footer, overlay."""
    return [*window.screens.values(), window.keyboard, window.header, window.footer,
            window.still_there]


def texts(window) -> list[tuple[str, str]]:
    """Every text a citizen-side widget holds, shown or hidden."""
    out = []
    for part in citizen_parts(window):
        for w in [part, *part.findChildren(QWidget)]:
            if isinstance(w, QLineEdit):
                out.append((w.objectName(), w.text()))
            elif isinstance(w, QPlainTextEdit):
                out.append((w.objectName(), w.toPlainText()))
            elif isinstance(w, QLabel | QAbstractButton):
                out.append((w.objectName(), w.text()))
    return out


def undo_left(window) -> list[str]:
    """Inputs whose undo history could bring a previous citizen's text back."""
    out = []
    for part in citizen_parts(window):
        for w in part.findChildren(QLineEdit):
            if w.isUndoAvailable():
                out.append(w.objectName())
        for w in part.findChildren(QPlainTextEdit):
            if w.document().isUndoAvailable():
                out.append(w.objectName())
    return out


def on_screen(window) -> list[tuple]:
    """What the citizen's side shows now: each visible widget's kind, name, text, state."""
    out = []
    for part in (window.current(), window.header, window.footer, window.keyboard):
        for w in [part, *part.findChildren(QWidget)]:
            if not w.isVisible():
                continue
            text = w.text() if isinstance(w, QLabel | QAbstractButton | QLineEdit) else ""
            checked = w.isChecked() if isinstance(w, QAbstractButton) else None
            out.append((type(w).__name__, w.objectName(), text, checked))
    return out
