"""What a citizen screen shows, as one immutable value taken from the flow.

The touchscreen's controller takes a FlowSnapshot before every refresh and hands it to the
screen. A screen reads it and nothing else of the flow: it cannot call an intent or change
what the citizen typed (the values and errors are read-only copies; the outcome is
frozen), so every change goes through the controller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.citizen.complaint_check import ComplaintStatus
from kiosk.citizen.flow import FORM_STEPS, CitizenFlow
from kiosk.citizen.pages import PageSpec
from kiosk.citizen.steps import Outcome, Path, Progress, Step
from kiosk.citizen.validation import Err
from kiosk.event.catalogue import Fee


@dataclass(frozen=True)
class FlowSnapshot:
    """The flow's state as a screen may read it.

    step, path, language, service ("" before one is chosen); page: the form page shown
    (None off the form steps); pages: the pages of this path's form (on the form steps and
    review, else empty); values: field name -> text exactly as typed; errors: field name
    -> Err; fee: the application's fee as chosen so far (None until kind and validity
    are chosen); progress: "step n of m" (None off the numbered path); notice: a
    whole-screen message key ("" for none); outcome: what the done screen shows (None
    before a commit); submitting: a submission is on its way; info_service, info_child:
    what the information screen shows; consent_refused; on_site: the services served at
    this event; check: the last Cek pengaduan answer shown (None for none).
    """

    step: Step
    path: Path | None
    language: str
    service: str
    page: PageSpec | None
    pages: tuple[PageSpec, ...]
    values: Mapping[str, str]
    errors: Mapping[str, Err]
    fee: Fee | None
    progress: Progress | None
    notice: str
    outcome: Outcome | None
    submitting: bool
    info_service: str
    info_child: bool
    consent_refused: bool
    on_site: tuple[str, ...]
    check: ComplaintStatus | None = None

    def value(self, name: str) -> str:
        """What the citizen typed or chose for field `name` ("" when nothing)."""
        return self.values.get(name, "")

    def is_on_site(self, service: str) -> bool:
        """Whether `service` is served at this event (else the citizen is referred)."""
        return service in self.on_site


def snapshot(flow: CitizenFlow) -> FlowSnapshot:
    """The flow's state now, as an immutable FlowSnapshot (copies, not views: typing after
    the snapshot was taken does not change it)."""
    step = flow.step
    with_pages = step in FORM_STEPS or step == Step.REVIEW
    return FlowSnapshot(
        step=step, path=flow.path, language=flow.language, service=flow.service,
        page=flow.page(), pages=tuple(flow.pages()) if with_pages else (),
        values=MappingProxyType(dict(flow.values)),
        errors=MappingProxyType(dict(flow.errors)),
        fee=flow.fee(), progress=flow.progress(), notice=flow.notice, outcome=flow.outcome,
        submitting=flow.submitting, info_service=flow.info_service,
        info_child=flow.info_child, consent_refused=flow.consent_refused,
        on_site=flow.on_site, check=flow.check_answer)
