"""Queue console: one counter and its ticket large, the next step buttons, and the board of
who waits per service (priority first). A view: taps become intent signals."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.queue import ServiceQueue
from kiosk.tickets import Ticket
from ui.officer.parts import OfficerPage
from ui.widgets import button, label, verbatim

COUNTERS = ("1", "2", "3", "4")
PRIORITY_MARK = "\u2605"         # a star beside a priority code: not colour alone
SHOWN_WAITING = 8


@dataclass(frozen=True)
class QueueView:
    """What the console shows: the chosen counter, its ticket, the board, service names."""

    counter: str
    current: Ticket | None
    board: list[ServiceQueue]
    names: dict[str, str]            # service code -> translated name
    transfer_to: tuple[str, ...]     # on-site services a ticket may go to (not INFO)
    local_time: dict[str, str]       # ticket code -> local time it was called


def code_text(ticket: Ticket) -> str:
    return f"{PRIORITY_MARK} {ticket.code}" if ticket.is_priority else ticket.code


class QueuePage(OfficerPage):
    counter_chosen = Signal(str)
    call_next = Signal()
    recall = Signal()
    served = Signal()
    no_show = Signal()
    transfer = Signal(str)

    def __init__(self) -> None:
        super().__init__("queue")
        counters = QWidget()
        line = QHBoxLayout(counters)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(12)
        self.counter_caption = label("fieldLabel", wrap=False)
        line.addWidget(self.counter_caption)
        self.counter_buttons = {}
        for counter in COUNTERS:
            choice = verbatim(button("choice", name=f"queue:counter:{counter}"))
            choice.setCheckable(True)
            choice.setText(counter)
            choice.setMinimumWidth(96)
            choice.clicked.connect(lambda _=False, c=counter: self.counter_chosen.emit(c))
            line.addWidget(choice)
            self.counter_buttons[counter] = choice
        line.addStretch(1)
        self.body.addWidget(counters)

        columns = QHBoxLayout()
        columns.setSpacing(24)
        self.body.addLayout(columns, 1)
        columns.addWidget(self._build_counter_card(), 5)
        columns.addWidget(self._build_board(), 6)

    def _build_counter_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("counterCard")
        box = QVBoxLayout(card)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(12)
        self.counter_title = label("subtitle", name="queue:counterTitle")
        self.current = verbatim(label("figure", name="queue:current", wrap=False))
        self.current.setObjectName("queue:current")
        self.current.setProperty("role", "bigCode")
        self.current.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.current_detail = label("body", name="queue:currentDetail")
        self.current_detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for part in (self.counter_title, self.current, self.current_detail):
            box.addWidget(part)
        self.next_button = button("primary", name="queue:next")
        self.next_button.clicked.connect(self.call_next.emit)
        box.addWidget(self.next_button)
        steps = QGridLayout()
        steps.setSpacing(12)
        self.served_button = button("primary", name="queue:served")
        self.no_show_button = button("secondary", name="queue:no_show")
        self.recall_button = button("secondary", name="queue:recall")
        self.transfer_button = button("secondary", name="queue:transfer")
        self.served_button.clicked.connect(self.served.emit)
        self.no_show_button.clicked.connect(self.no_show.emit)
        self.recall_button.clicked.connect(self.recall.emit)
        self.transfer_button.clicked.connect(self._toggle_transfer)
        steps.addWidget(self.served_button, 0, 0, 1, 2)
        steps.addWidget(self.recall_button, 1, 0)
        steps.addWidget(self.no_show_button, 1, 1)
        steps.addWidget(self.transfer_button, 2, 0, 1, 2)
        box.addLayout(steps)
        self.transfer_host = QWidget()
        self.transfer_box = QGridLayout(self.transfer_host)
        self.transfer_box.setContentsMargins(0, 0, 0, 0)
        self.transfer_box.setSpacing(10)
        self.transfer_caption = label("fieldLabel")
        self.transfer_host.hide()
        box.addWidget(self.transfer_host)
        box.addStretch(1)
        self.transfer_buttons: dict[str, object] = {}
        return card

    def _build_board(self) -> QFrame:
        board = QFrame()
        board.setObjectName("boardCard")
        self.board_box = QVBoxLayout(board)
        self.board_box.setContentsMargins(24, 18, 24, 18)
        self.board_box.setSpacing(6)
        self.board_title = label("subtitle", name="queue:boardTitle")
        self.board_box.addWidget(self.board_title)
        self.board_rows: dict[str, tuple] = {}
        self.board_end = label("hint", name="queue:boardEmpty")
        self.board_box.addWidget(self.board_end)
        self.board_box.addStretch(1)
        return board

    # -- showing ----------------------------------------------------------------------------
    def retranslate(self, t: Translator) -> None:
        self.t = t
        self.title.setText(t("Queue console"))
        self.counter_caption.setText(t("Counter"))
        self.next_button.setText(t("Call next"))
        self.served_button.setText(t("Served"))
        self.no_show_button.setText(t("No-show"))
        self.recall_button.setText(t("Call again"))
        self.transfer_button.setText(t("Transfer to another service"))
        self.transfer_caption.setText(t("Send this ticket to:"))
        self.board_title.setText(t("Waiting now"))

    def show_queue(self, t: Translator, view: QueueView) -> None:
        self.retranslate(t)
        for counter, choice in self.counter_buttons.items():
            choice.setChecked(counter == view.counter)
        self.counter_title.setText(t("Counter {counter}", counter=view.counter))
        ticket = view.current
        busy = ticket is not None
        if busy:
            self.current.setText(code_text(ticket))
            parts = [view.names.get(ticket.service, ticket.service)]
            if ticket.is_priority:
                parts.append(t("priority"))
            if ticket.code in view.local_time:
                parts.append(t("called at {time}", time=view.local_time[ticket.code]))
            self.current_detail.setText(" \u00b7 ".join(parts))
        else:
            self.current.setText("\u2014")
            self.current_detail.setText(t("Free. Tap Call next."))
        waiting = sum(len(s.waiting) for s in view.board)
        self.next_button.setEnabled(not busy and waiting > 0)
        self.next_button.setVisible(not busy)
        for step in (self.served_button, self.no_show_button, self.recall_button,
                     self.transfer_button):
            step.setVisible(busy)
        self._fill_transfer(t, view)
        self._fill_board(t, view)

    def _fill_transfer(self, t: Translator, view: QueueView) -> None:
        if not self.transfer_buttons:
            self.transfer_box.addWidget(self.transfer_caption, 0, 0, 1, 2)
            for index, service in enumerate(view.transfer_to):
                choice = button("secondary", name=f"queue:transfer:{service}")
                choice.clicked.connect(lambda _=False, s=service: self._transfer(s))
                self.transfer_box.addWidget(choice, 1 + index // 2, index % 2)
                self.transfer_buttons[service] = choice
        ticket = view.current
        for service, choice in self.transfer_buttons.items():
            choice.setText(view.names.get(service, service))
            choice.setVisible(ticket is not None and service != ticket.service)
        if ticket is None:
            self.transfer_host.hide()

    def _toggle_transfer(self) -> None:
        self.transfer_host.setVisible(not self.transfer_host.isVisible())

    def _transfer(self, service: str) -> None:
        self.transfer_host.hide()
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
            if queue.service == "INFO":
                continue
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
