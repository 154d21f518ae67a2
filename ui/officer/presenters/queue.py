"""The queue console's presenter: each step (call next, call again, served, no-show,
transfer) is one QueueConsole call on a worker, and the answer becomes a QueueView.

The "next" preview is the core's own answer (QueueConsole.next_up, the one calling order
that call_next uses); which services queue and where a ticket may go come from the core
too (transfer_targets). The board is read again every few seconds while shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kiosk.event.catalogue import Catalogue
from kiosk.event.config import Config
from kiosk.i18n import N_, Translator
from kiosk.queue.console import QueueConsole, QueueError, ServiceQueue
from kiosk.queue.tickets import Ticket
from kiosk.records.audit import Officer
from kiosk.records.clocklog import ClockChange
from kiosk.records.store import parse_utc_iso
from ui.officer.pages.queue import COUNTERS, QueuePage, QueueView, ServiceLine, TicketLine
from ui.officer.presenters.base import PagePresenter

Step = Callable[[QueueConsole, Officer, str], Any]


@dataclass(frozen=True)
class QueueAnswer:
    """What a worker read after a step: the counter's ticket, the next one up, the board,
    where a ticket may be sent, and the refusal (if the step was refused)."""

    counter: str
    current: Ticket | None
    next_up: Ticket | None
    board: list[ServiceQueue]
    transfer_to: tuple[str, ...]
    problem: QueueError | None
    clock_changes: tuple[ClockChange, ...] = ()


class QueuePresenter(PagePresenter):
    """Runs the console's steps for the chosen counter and shows their outcome."""

    page: QueuePage

    def __init__(self, page: QueuePage, **parts: Any) -> None:
        super().__init__(page, **parts)
        self.counter = COUNTERS[0]
        page.counter_chosen.connect(self.choose_counter)
        page.call_next.connect(lambda: self.step(lambda c, o, n: c.call_next(n, None, o)))
        page.recall.connect(lambda: self.step(
            lambda c, o, n: _on_current(c, n, lambda code: c.recall(code, officer=o))))
        page.served.connect(lambda: self.step(
            lambda c, o, n: _on_current(c, n, lambda code: c.mark_served(code, officer=o))))
        page.no_show.connect(lambda: self.step(
            lambda c, o, n: _on_current(c, n, lambda code: c.mark_no_show(code, officer=o))))
        page.transfer.connect(lambda service: self.step(
            lambda c, o, n: _on_current(c, n, lambda code: c.transfer(code, service,
                                                                      officer=o))))

    def open(self) -> None:
        """Read the counter and the board."""
        self.step(None)

    def refresh(self) -> None:
        """Read the board again (a citizen may have taken a ticket), unless busy."""
        if self.officer is not None and not self.busy:
            self.step(None)

    def choose_counter(self, counter: str) -> None:
        """Work at another counter: show its ticket."""
        self.counter = counter
        self.step(None)

    def step(self, step: Step | None) -> None:
        """Run one console step (None: just read) as the signed-in officer on a worker."""
        officer, counter, booth = self.officer, self.counter, self.booth
        if officer is None:
            return

        def work() -> QueueAnswer:
            console = booth.queue()
            problem = None
            if step is not None:
                try:
                    step(console, officer, counter)
                except QueueError as exc:
                    problem = exc
            return QueueAnswer(counter, console.at_counter(counter), console.next_up(),
                               console.board(), console.transfer_targets(), problem,
                               tuple(console.clock_changes()))

        self.run(work, self.show)

    def show(self, answer: QueueAnswer) -> None:
        """The answer on the page, and the refusal (translated) if there was one."""
        t = self.t
        self.page.show_queue(t, queue_view(t, answer, self.booth.config, self.booth.catalogue))
        self.page.say(t.error(answer.problem) if answer.problem is not None else "",
                      problem=answer.problem is not None)


def queue_view(t: Translator, answer: QueueAnswer, config: Config,
               catalogue: Catalogue) -> QueueView:
    """The values the console shows for one answer: tickets as lines with their local call
    time, service names in `t`'s language."""
    codes = ({s.service for s in answer.board} | set(config.event.services_on_site)
             | set(answer.transfer_to))
    names = {c: t(catalogue.service(c).name) for c in codes if c in catalogue.services}

    def line(ticket: Ticket | None) -> TicketLine | None:
        if ticket is None:
            return None
        called = ""
        if ticket.status == "called" and ticket.called_utc:
            called = t.time(parse_utc_iso(ticket.called_utc).astimezone(config.event.tz))
        return TicketLine(ticket.code, ticket.service, ticket.is_priority,
                          ticket.counter or "", called)

    def lines(tickets: Iterable[Ticket]) -> tuple[TicketLine, ...]:
        return tuple(x for x in map(line, tickets) if x is not None)

    board = tuple(ServiceLine(q.service, q.letter, lines(q.waiting), q.priority_waiting,
                              lines(q.called), q.served, q.no_show) for q in answer.board)
    return QueueView(answer.counter, line(answer.current), line(answer.next_up), board,
                     names, answer.transfer_to, clock_note(t, answer.clock_changes))


CLOCK_EVENTS = {
    "set_back": N_("{time}: the computer's clock was set back by {amount} (it showed "
                   "{clock}). The kiosk kept its own time."),
    "set_forward": N_("{time}: the computer's clock jumped forward by {amount} (it showed "
                      "{clock}). The kiosk kept its own time and today's queue."),
    "followed": N_("{time}: the computer's clock was put forward by {amount}; the kiosk "
                   "took the new time."),
    "behind_last_record": N_("{time}: the kiosk started with the computer's clock at "
                             "{clock}, behind its last record. It went on from its last "
                             "record."),
}
CLOCK_ADVICE = N_("Tickets stay in today's queue, called in the order they were taken; the "
                  "office sees each change. Check the computer's date, time and time zone; "
                  "the kiosk takes a corrected clock when it restarts.")


def clock_note(t: Translator, changes: Iterable[ClockChange]) -> str:
    """Today's clock changes in words (the latest three), then what to do; "" for none."""
    lines = []
    for change in list(changes)[-3:]:
        key = "followed" if change.followed else change.event
        lines.append(t(CLOCK_EVENTS[key], time=t.time(change.kiosk_time),
                       amount=duration_text(t, abs(change.seconds)),
                       clock=f"{t.short_date(change.device_time.date())} "
                             f"{t.time(change.device_time)}"))
    return "\n".join([*lines, t(CLOCK_ADVICE)]) if lines else ""


def duration_text(t: Translator, seconds: int) -> str:
    """A length of time for the officer: days, hours and minutes (at least one minute)."""
    minutes = max(1, round(seconds / 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(t("{n} d", n=days))
    if hours:
        parts.append(t("{n} h", n=hours))
    if minutes or not parts:
        parts.append(t("{n} min", n=minutes))
    return " ".join(parts)


def _on_current(console: QueueConsole, counter: str, step: Callable[[str], Any]) -> Any:
    """Apply a step to the counter's current ticket (nothing when the counter is free)."""
    current = console.at_counter(counter)
    return step(current.code) if current is not None else None
