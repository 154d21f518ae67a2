"""Every way through the citizen flow, found by trying every tap on every screen (no Qt).

A `Tap` is what a finger can do on the screen the flow is at: Back, the primary or the
other answer, a tile, the language button, walking away (the idle reset), or an officer
taking the screen. `explore()` tries every tap in every state it reaches, breadth first,
and returns each move it found: the taps that lead to a state, the tap tried there, and
the state it leads to. Tests use it to find every way back to the welcome screen, so a
way added to the flow later is found (and tested) without anyone listing it.

`INTENTS` says which tap stands for each intent of CitizenFlow; a test fails when the flow
gains an intent this module does not know, so the exploration cannot silently miss it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.citizen.complaint_check import ComplaintStatus
from kiosk.citizen.flow import (
    APPLICATION_SERVICES,
    CitizenFlow,
    Path,
    Primary,
    Secondary,
    Step,
)

TODAY = dt.date(2019, 10, 23)
# A valid answer for every field a page can ask (an adult applying; a complaint with a name).
ANSWERS = {
    "police_report_no": "SKTLK/123/X/2019/SPKT", "police_report_date": "20-10-2019",
    "force_majeure": "no", "damage_cause": "wet", "child": "no",
    "full_name": "BUDI SANTOSO", "birth_place": "LIMBOTO", "nik": "7571010101900003",
    "birth_date": "01-01-1990", "sex": "M", "phone": "081234567890",
    "email": "budi@contoh.id", "passport_type": "ordinary", "years": "5", "priority": "none",
    "category": "slow_service", "unit": "passport", "event_date": "20-10-2019",
    "what_happened": "Antrean macet", "place": "Loket tiga", "identity": "identified",
    "tracking_number": "ADU-8285AC06-00042", "phone_last4": "0001",
}
# What a previous citizen may have left behind: each typed answer (and how a review shows it).
TYPED = [v for k, v in ANSWERS.items() if k in (
    "police_report_no", "full_name", "birth_place", "nik", "phone", "email",
    "what_happened", "place", "tracking_number")] + ["+6281234567890", "BUDI", "SANTOSO"]

# Each intent of CitizenFlow, and the tap (or the kiosk's own doing) that calls it.
INTENTS = {
    "set_language": "language", "choose_path": "path", "agree": "primary",
    "refuse": "secondary", "choose_service": "service", "set_value": "primary",
    "next": "primary", "back": "back", "no_police_report": "secondary", "edit": "edit",
    "choose_info": "info", "begin_submit": "primary", "submitted": "primary",
    "submit_failed": "(a worker's answer: stays on the screen)",
    "printed": "primary", "finish": "primary", "touch": "(every tap)",
    "tick": "idle", "reset": "officer", "begin_check": "primary", "checked": "primary",
}
QUERIES = {"pages", "page", "primary", "secondary", "can_go_back", "progress",
           "is_on_site", "fee", "value", "missing", "form", "seconds_left"}


@dataclass(frozen=True)
class Tap:
    kind: str          # back | primary | secondary | path | service | info | edit |
    arg: str = ""      # language | idle | officer

    def __str__(self) -> str:
        return f"{self.kind}:{self.arg}" if self.arg else self.kind


@dataclass(frozen=True)
class Move:
    """From the state `taps` lead to, `tap` leads to `to` (a state key, see `key`)."""

    taps: tuple[Tap, ...]
    tap: Tap
    source: tuple
    to: tuple

    @property
    def all_taps(self) -> tuple[Tap, ...]:
        return (*self.taps, self.tap)

    def __str__(self) -> str:
        return " > ".join(str(t) for t in self.all_taps)


def new_flow(catalogue, *, on_site: Iterable[str]) -> CitizenFlow:
    ids = (f"id-{n}" for n in itertools.count(1))
    return CitizenFlow(catalogue=catalogue, services_on_site=on_site, today=lambda: TODAY,
                       new_id=lambda: next(ids), idle_seconds=60, countdown_seconds=15)


def key(flow: CitizenFlow) -> tuple:
    """What tells two states apart for the exploration (not the typed texts themselves)."""
    page = flow.page()
    return (flow.step, flow.path, flow.service, page.name if page else "",
            flow.consent_refused, len(flow.values), flow.language, flow.outcome is not None)


def taps_on(flow: CitizenFlow) -> list[Tap]:
    """Every tap a finger can make on the flow's current screen."""
    step, out = flow.step, []
    if step == Step.WELCOME:
        out += [Tap("path", str(p)) for p in Path]
    if step == Step.SERVICES:
        out += [Tap("service", code) for code in APPLICATION_SERVICES]
    if step == Step.INFORMATION:
        out.append(Tap("info", "LOST"))
    if step == Step.REVIEW:
        out += [Tap("edit", page.name) for page in flow.pages()]
    if flow.can_go_back():
        out.append(Tap("back"))
    if flow.primary() is not None:
        out.append(Tap("primary"))
    if flow.secondary() is not None:
        out.append(Tap("secondary"))
    return [*out, Tap("language"), Tap("idle"), Tap("officer")]


class Clock:
    """Seconds for the flow's idle watch; every tap is a touch."""

    def __init__(self) -> None:
        self.now = 0.0


def answer_page(flow: CitizenFlow) -> None:
    """Fill the fields of the current page that hold nothing yet, with valid answers."""
    page = flow.page()
    for spec in page.fields:
        if not flow.value(spec.name):
            flow.set_value(spec.name, ANSWERS[spec.name])


def apply(flow: CitizenFlow, tap: Tap, clock: Clock) -> None:
    """Do on the Qt-free flow what the touchscreen's controller does for `tap`."""
    clock.now += 1
    if tap.kind == "idle":
        for _ in range(3):
            clock.now += 60
            flow.tick(clock.now)
        return
    flow.touch(clock.now)
    kind, action = tap.kind, flow.primary()
    if kind == "back":
        flow.back()
    elif kind == "path":
        flow.choose_path(tap.arg)
    elif kind == "service":
        flow.choose_service(tap.arg)
    elif kind == "info":
        flow.choose_info(tap.arg)
    elif kind == "edit":
        flow.edit(tap.arg)
    elif kind == "language":
        flow.set_language("en" if flow.language == "id" else "id")
    elif kind == "officer":
        flow.reset()                  # what ui/officer/wiring.py does when an officer enters
    elif kind == "secondary":
        {Secondary.REFUSE: flow.refuse,
         Secondary.NO_POLICE_REPORT: flow.no_police_report}[flow.secondary()]()
    elif action == Primary.AGREE:
        flow.agree()
    elif action == Primary.NEXT:
        answer_page(flow)
        assert flow.next(), flow.errors
    elif action == Primary.FINISH:
        flow.finish()
    elif action == Primary.CHECK:     # Cek pengaduan: what a kiosk says of a number it
        answer_page(flow)             # never gave (the digits page: tests/ui/citizen)
        query = flow.begin_check()
        assert flow.checked(query, ComplaintStatus("not_found", query.tracking_number))
    else:                             # submit or print: the commit and the slip happen
        submission = flow.begin_submit()
        assert flow.submitted(submission, None)
        flow.printed(submission, ok=True)


def replay(catalogue, taps: Iterable[Tap], *, on_site: Iterable[str]) -> CitizenFlow:
    flow, clock = new_flow(catalogue, on_site=on_site), Clock()
    for tap in taps:
        apply(flow, tap, clock)
    return flow


def explore(catalogue, *, on_site: Iterable[str], depth: int = 40) -> list[Move]:
    """Every move from every state reachable from welcome, each found by its shortest taps."""
    on_site = tuple(on_site)
    start = new_flow(catalogue, on_site=on_site)
    seen = {key(start): ()}
    queue: deque[tuple[Tap, ...]] = deque([()])
    moves: list[Move] = []
    while queue:
        taps = queue.popleft()
        flow = replay(catalogue, taps, on_site=on_site)
        source = key(flow)
        for tap in taps_on(flow):
            after = replay(catalogue, (*taps, tap), on_site=on_site)
            moves.append(Move(taps, tap, source, key(after)))
            if key(after) not in seen and len(taps) < depth:
                seen[key(after)] = (*taps, tap)
                queue.append((*taps, tap))
    return moves


def into_welcome(catalogue, moves: list[Move], *, on_site: Iterable[str]) -> list[Move]:
    """The moves that end on the welcome screen, one per way (screen, path chosen, service
    where the screen is about one, tap): from another screen, or from a welcome that held
    something of a citizen (another language chosen). Of the moves of one way, the one
    after the citizen gave the most answers, and of those the one with the fewest taps."""
    on_site = tuple(on_site)
    out: dict[tuple, tuple[tuple[int, int], Move]] = {}
    for move in moves:
        step, path, service = move.source[:3]
        if move.to[0] != Step.WELCOME or (step == Step.WELCOME and move.source == move.to):
            continue
        way = (step, path, service if step in (Step.DONE, Step.REFERRAL) else "",
               move.tap.kind)
        answers = len(replay(catalogue, move.taps, on_site=on_site).values)
        rank = (answers, -len(move.taps))
        if way not in out or rank > out[way][0]:
            out[way] = (rank, move)
    return [move for _rank, move in out.values()]
