"""Queue console: one counter and its ticket large, the next step buttons, and the board of
who waits per service (priority first). A view: it shows a QueueView (values the queue
presenter builds from the core) and turns taps into intent signals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.kit.widgets import TileButton, button, kinetic, label, scroll_body, verbatim
from ui.officer.pages.parts import FitLabel, OfficerPage, row

COUNTERS = ("1", "2", "3", "4")
PRIORITY_MARK = "\u2605"         # a star beside a priority code: not colour alone
SHOWN_WAITING = 8


@dataclass(frozen=True)
class TicketLine:
    """A ticket as the console shows it: its code, service code, priority mark, and where
    and when (local time, as text) it was called ("" while it waits)."""

    code: str
    service: str
    priority: bool
    counter: str = ""
    called_at: str = ""


@dataclass(frozen=True)
class ServiceLine:
    """One service on the board: who waits (in calling order), who is at a counter, and
    the day's counts."""

    service: str
    letter: str
    waiting: tuple[TicketLine, ...]
    priority_waiting: int
    called: tuple[TicketLine, ...]
    served: int
    no_show: int


@dataclass(frozen=True)
class QueueView:
    """What the console shows: the chosen counter, its ticket, the ticket Call next calls
    (the core's calling order), the board, and translated service names."""

    counter: str
    current: TicketLine | None
    next_up: TicketLine | None
    board: tuple[ServiceLine, ...]        # services that queue, in letter order
    names: Mapping[str, str]              # service code -> translated name
    transfer_to: tuple[str, ...]          # services a ticket may be sent to
    clock_note: str = ""                  # today's changes of the computer's clock, in words


def code_text(ticket: TicketLine) -> str:
    """A ticket code as shown: a star in front of a priority ticket's code."""
    return f"{PRIORITY_MARK} {ticket.code}" if ticket.priority else ticket.code


class QueuePage(OfficerPage):
    """The queue console page: counter choice, its ticket and steps, the board."""

    counter_chosen = Signal(str)
    call_next = Signal()
    recall = Signal()
    served = Signal()
    no_show = Signal()
    transfer = Signal(str)

    def __init__(self) -> None:
        super().__init__("queue", scrolling=False)
        self.title.hide()           # the section button says where we are; room for the code
        self.counter_caption = label("fieldLabel", wrap=False)
        self.heading.insertWidget(self.heading.count() - 1, self.counter_caption)
        self.counter_buttons = {}
        for counter in COUNTERS:
            choice = verbatim(button("choice", name=f"queue:counter:{counter}"))
            choice.setCheckable(True)
            choice.setText(counter)
            choice.setFixedWidth(96)
            choice.clicked.connect(lambda _=False, c=counter: self.counter_chosen.emit(c))
            self.heading.insertWidget(self.heading.count() - 1, choice)
            self.counter_buttons[counter] = choice
        # A computer clock changed today: what happened and what to do (not colour alone:
        # a warning mark and words).
        self.clock_note = label("error", name="queue:clockNote")
        self.clock_note.hide()
        self.body.addWidget(self.clock_note)
        columns = QHBoxLayout()
        columns.setSpacing(20)
        self.body.addLayout(columns, 1)
        columns.addWidget(self._build_counter_card(), 5)
        columns.addWidget(self._build_board(), 4)

    def _build_counter_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("counterCard")
        box = QVBoxLayout(card)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(10)
        self.counter_title = label("subtitle", name="queue:counterTitle")
        self.current = FitLabel("queue:current", max_px=120)
        self.current.setProperty("role", "bigCode")
        self.current_detail = label("body", name="queue:currentDetail")
        self.current_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for part in (self.counter_title, self.current, self.current_detail):
            box.addWidget(part)
        self.next_button = button("primary", name="queue:next")
        self.next_button.clicked.connect(self.call_next.emit)
        box.addWidget(self.next_button)
        self.next_hint = verbatim(label("hint", name="queue:nextHint"))
        self.next_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.next_hint)
        self.steps_host = QWidget()
        steps = QGridLayout(self.steps_host)
        steps.setContentsMargins(0, 0, 0, 0)
        steps.setSpacing(12)
        self.served_button = button("primary", name="queue:served")
        self.no_show_button = button("secondary", name="queue:no_show")
        self.recall_button = button("secondary", name="queue:recall")
        self.transfer_button = button("secondary", name="queue:transfer")
        self.served_button.clicked.connect(self.served.emit)
        self.no_show_button.clicked.connect(self.no_show.emit)
        self.recall_button.clicked.connect(self.recall.emit)
        self.transfer_button.clicked.connect(lambda: self._show_transfer(True))
        steps.addWidget(self.served_button, 0, 0, 1, 2)
        steps.addWidget(self.recall_button, 1, 0)
        steps.addWidget(self.no_show_button, 1, 1)
        steps.addWidget(self.transfer_button, 2, 0, 1, 2)
        box.addWidget(self.steps_host)
        self.transfer_host = QWidget()
        self.transfer_box = QVBoxLayout(self.transfer_host)
        self.transfer_box.setContentsMargins(0, 0, 0, 0)
        self.transfer_box.setSpacing(10)
        self.transfer_caption = label("fieldLabel")
        self.transfer_cancel = button("secondary", name="queue:transfer:cancel")
        self.transfer_cancel.clicked.connect(lambda: self._show_transfer(False))
        self.transfer_box.addWidget(row(self.transfer_caption, self.transfer_cancel,
                                        stretch_last=True))
        self.transfer_host.hide()
        box.addWidget(self.transfer_host)
        box.addStretch(1)
        self.transfer_buttons: dict[str, object] = {}
        return card

    def _build_board(self) -> QFrame:
        board = QFrame()
        board.setObjectName("boardCard")
        outer = QVBoxLayout(board)
        outer.setContentsMargins(24, 16, 12, 16)
        self.board_title = label("subtitle", name="queue:boardTitle")
        outer.addWidget(self.board_title)
        area = kinetic(QScrollArea())
        outer.addWidget(area, 1)
        host = scroll_body(area)
        host.setObjectName("boardBody")
        self.board_box = QVBoxLayout(host)
        self.board_box.setContentsMargins(0, 0, 12, 0)
        self.board_box.setSpacing(4)
        self.board_rows: dict[str, tuple] = {}
        self.board_end = label("hint", name="queue:boardEmpty")
        self.board_box.addWidget(self.board_end)
        self.board_box.addStretch(1)
        return board

    # -- showing ----------------------------------------------------------------------------
    def retranslate(self, t: Translator) -> None:
        """Texts in the officer's language."""
        self.title.setText(t("Queue console"))
        self.counter_caption.setText(t("Counter"))
        self.next_button.setText(t("Call next"))
        self.served_button.setText(t("Served"))
        self.no_show_button.setText(t("No-show"))
        self.recall_button.setText(t("Call again"))
        self.transfer_button.setText(t("Send to another service"))
        self.transfer_caption.setText(t("Send this ticket to:"))
        self.transfer_cancel.setText(t("Cancel"))
        self.board_title.setText(t("Waiting now"))

    def show_queue(self, t: Translator, view: QueueView) -> None:
        """Show one QueueView: the counter's ticket, Call next and its preview, the board."""
        self.retranslate(t)
        for counter, choice in self.counter_buttons.items():
            choice.setChecked(counter == view.counter)
        self.counter_title.setText(t("Counter {counter}", counter=view.counter))
        ticket = view.current
        busy = ticket is not None
        if busy:
            self.current.setText(code_text(ticket))
            parts = [view.names.get(ticket.service, ticket.service)]
            if ticket.priority:
                parts.append(t("priority"))
            if ticket.called_at:
                parts.append(t("called at {time}", time=ticket.called_at))
            self.current_detail.setText(" \u00b7 ".join(parts))
        else:
            self.current.setText("\u2014")
            self.current_detail.setText(t("Free. Tap Call next."))
        following = view.next_up
        self.next_button.setEnabled(not busy and following is not None)
        self.next_button.setVisible(not busy)
        self.next_hint.setVisible(not busy)
        self.next_hint.setText(t("Next: {code}", code=code_text(following)) if following
                               else t("Nobody is waiting."))
        self._show_transfer(False)
        self.steps_host.setVisible(busy)
        self._fill_transfer(view)
        self._fill_board(t, view)
        self.clock_note.setText("\u26a0 " + view.clock_note if view.clock_note else "")
        self.clock_note.setVisible(bool(view.clock_note))

    def _fill_transfer(self, view: QueueView) -> None:
        if not self.transfer_buttons:
            for service in view.transfer_to:
                choice = TileButton(name=f"queue:transfer:{service}")
                choice.clicked.connect(lambda _=False, s=service: self._transfer(s))
                self.transfer_box.addWidget(choice)
                self.transfer_buttons[service] = choice
        ticket = view.current
        for service, choice in self.transfer_buttons.items():
            choice.set_texts("\u2192 " + view.names.get(service, service))
            choice.setVisible(ticket is not None and service != ticket.service)

    def _show_transfer(self, on: bool) -> None:
        """Choosing where to send the ticket takes the place of the step buttons."""
        self.transfer_host.setVisible(on)
        self.steps_host.setVisible(not on)

    def _transfer(self, service: str) -> None:
        self._show_transfer(False)
        self.transfer.emit(service)

    def _board_row(self, service: str) -> tuple:
        """The four lines of one service on the board, made once and reused."""
        if service not in self.board_rows:
            parts = (label("fieldLabel", name=f"queue:board:{service}:head"),
                     label("body", name=f"queue:board:{service}:counts"),
                     verbatim(label("codes", name=f"queue:board:{service}")),
                     label("hint", name=f"queue:board:{service}:called"))
            at = self.board_box.indexOf(self.board_end)
            for offset, part in enumerate(parts):
                self.board_box.insertWidget(at + offset, part)
            self.board_rows[service] = parts
        return self.board_rows[service]

    def _fill_board(self, t: Translator, view: QueueView) -> None:
        shown = set()
        for queue in view.board:
            shown.add(queue.service)
            head, counts, codes, at = self._board_row(queue.service)
            head.setText(f"{queue.letter} \u00b7 {view.names.get(queue.service, queue.service)}")
            counts.setText(t("{waiting} waiting ({priority} priority) \u00b7 {served} served "
                             "\u00b7 {no_show} no-show", waiting=len(queue.waiting),
                             priority=queue.priority_waiting, served=queue.served,
                             no_show=queue.no_show))
            first = [code_text(tk) for tk in queue.waiting[:SHOWN_WAITING]]
            more = len(queue.waiting) - len(first)
            codes.setText(("   ".join(first) + (f"   +{more}" if more > 0 else ""))
                          if first else "\u2014")
            at.setText("   ".join(t("{code} at counter {counter}", code=c.code,
                                    counter=c.counter) for c in queue.called))
            for part in (head, counts, codes):
                part.show()
            at.setVisible(bool(queue.called))
        for service, parts in self.board_rows.items():
            if service not in shown:
                for part in parts:
                    part.hide()
        self.board_end.setText(t("Priority tickets (\u2605) are called first."))
