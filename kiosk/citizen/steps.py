"""The vocabulary of the citizen flow: steps, paths, actions, and what a visit produces."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError
from kiosk.event.catalogue import SERVICES_WITH_PASSPORT

if TYPE_CHECKING:
    from kiosk.citizen.pages import Errors


class Step(StrEnum):
    WELCOME = "welcome"
    CONSENT = "consent"
    SERVICES = "services"
    APPLICATION = "application"
    COMPLAINT = "complaint"
    INFORMATION = "information"
    POLICE = "police"
    REFERRAL = "referral"
    REVIEW = "review"
    DONE = "done"
    CHECK = "check"          # Cek pengaduan: a complaint's status by its tracking number


class Path(StrEnum):
    SERVICE = "service"
    COMPLAINT = "complaint"
    INFO = "info"
    CHECK = "check"


class Primary(StrEnum):
    """The one primary action of a screen (always drawn in the same place)."""

    AGREE = "agree"
    NEXT = "next"
    SUBMIT = "submit"
    PRINT_INFO = "print_info"
    PRINT_REFERRAL = "print_referral"
    FINISH = "finish"
    CHECK = "check"          # look a complaint up (Cek pengaduan)


class Secondary(StrEnum):
    """The other answer to the screen's question, drawn beside the primary action."""

    REFUSE = "refuse"                       # consent: I do not agree
    NO_POLICE_REPORT = "no_police_report"   # lost passport: I have no police report


class IdleEvent(StrEnum):
    ASK = "ask"        # show "still there?" with a countdown
    RESET = "reset"    # everything was cleared; show welcome


FORM_STEPS = (Step.APPLICATION, Step.COMPLAINT, Step.CHECK)
APPLICATION_SERVICES = SERVICES_WITH_PASSPORT       # the services a passport form is for
PRIMARY = {Step.CONSENT: Primary.AGREE, Step.APPLICATION: Primary.NEXT,
           Step.COMPLAINT: Primary.NEXT, Step.REVIEW: Primary.SUBMIT,
           Step.INFORMATION: Primary.PRINT_INFO, Step.POLICE: Primary.PRINT_INFO,
           Step.REFERRAL: Primary.PRINT_REFERRAL, Step.DONE: Primary.FINISH,
           Step.CHECK: Primary.CHECK}


@dataclass(frozen=True)
class Progress:
    number: int
    total: int
    part: int = 0
    parts: int = 0


@dataclass(frozen=True)
class Submission:
    """One thing to write, carried to a worker thread; `session` drops late answers."""

    kind: str                  # application | complaint | info | referral
    form: dict[str, Any]
    service: str
    submission_id: str
    language: str
    session: int
    reason: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the done screen shows after the commit, and how printing went (a new Outcome
    replaces it when the printer answers, so a snapshot of it never changes)."""

    receipt: Any
    printing: bool = True
    printed: bool | None = None
    print_reason: str = ""

    @property
    def slip_in_hand(self) -> bool:
        """The slip came out: the citizen holds everything the done screen shows."""
        return not self.printing and bool(self.printed)


@dataclass
class FlowState:
    """Everything the flow knows about the citizen at the kiosk now (reset = a new one)."""

    language: str
    step: Step = Step.WELCOME
    path: Path | None = None
    service: str = ""
    consent: bool | None = None
    page: int = 0
    back_to_review: bool = False
    values: dict[str, str] = field(default_factory=dict)
    errors: Errors = field(default_factory=dict)
    notice: str = ""                  # a whole-screen message key (e.g. save failed)
    submission_id: str = ""
    submitting: bool = False
    outcome: Outcome | None = None
    info_service: str = "NEW"
    info_child: bool = False
    check: Any = None                 # the last Cek pengaduan answer (ComplaintStatus)


class FlowError(KioskError):
    """An intent that makes no sense on the current screen (a bug in the caller): `detail`."""

    key = "flow.not_possible"

    def __init__(self, detail: str) -> None:
        super().__init__(detail=detail)
