"""The citizen's path through the kiosk as a Qt-free state machine.

welcome (language) -> privacy notice and consent -> service choice -> form pages ->
review -> done; information needs no personal data; consent refused offers the
information path; services not on site get a referral notice before any typing; a
lost passport without a police report gets the police step. Any screen: idle ->
"still there?" countdown -> welcome with everything cleared.

The flow keeps what the citizen typed exactly as typed (so switching language or going
back loses nothing), the errors beside each field, and the submission id that makes a
double tap on Submit one record. The touchscreen only shows this state and forwards taps.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable

from kiosk.citizen.checks import disagreeing
from kiosk.citizen.complaint_check import CHECK_PAGES, CheckIntents
from kiosk.citizen.idle import IdleWatch
from kiosk.citizen.pages import (
    Errors,
    PageSpec,
    application_fee,
    application_pages,
    check_page,
    complaint_pages,
    preselect,
)
from kiosk.citizen.schema import YES
from kiosk.citizen.steps import (  # noqa: F401 - the flow's public vocabulary, re-exported
    APPLICATION_SERVICES,
    FORM_STEPS,
    PRIMARY,
    FlowError,
    FlowState,
    IdleEvent,
    Outcome,
    Path,
    Primary,
    Progress,
    Secondary,
    Step,
    Submission,
)
from kiosk.citizen.submitting import SubmitIntents
from kiosk.event.catalogue import Catalogue, Fee
from kiosk.i18n import LANGUAGES


class CitizenFlow(SubmitIntents, CheckIntents):
    def __init__(self, *, catalogue: Catalogue, services_on_site: Iterable[str],
                 today: Callable[[], dt.date], language: str = "id", idle_seconds: int = 60,
                 countdown_seconds: int = 15,
                 new_id: Callable[[], str] = lambda: str(uuid.uuid4())) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.catalogue, self.today, self.new_id = catalogue, today, new_id
        self.on_site = tuple(services_on_site)
        self.default_language = language
        self.idle = IdleWatch(idle_seconds=idle_seconds, countdown_seconds=countdown_seconds)
        self.session = 0
        self.s = FlowState(language)

    # -- reading the state ----------------------------------------------------------------
    @property
    def step(self) -> Step:
        return self.s.step

    @property
    def language(self) -> str:
        return self.s.language

    @property
    def values(self) -> dict[str, str]:
        return self.s.values

    @property
    def errors(self) -> Errors:
        return self.s.errors

    def value(self, name: str) -> str:
        return self.s.values.get(name, "")

    def pages(self) -> list[PageSpec]:
        if self.s.step == Step.CHECK:
            return list(CHECK_PAGES)
        if self.s.step == Step.COMPLAINT or self.s.path == Path.COMPLAINT:
            return complaint_pages(self.value("identity"))
        child = self.value("child") == YES
        return application_pages(self.s.service or "NEW", child=child,
                                 years=self.catalogue.allowed_years(self.today(),
                                                                    adult=not child))

    def page(self) -> PageSpec | None:
        if self.s.step not in FORM_STEPS:
            return None
        pages = self.pages()
        return pages[min(self.s.page, len(pages) - 1)]

    def primary(self) -> Primary | None:
        return PRIMARY.get(self.s.step)

    def secondary(self) -> Secondary | None:
        if self.s.step == Step.CONSENT:
            return Secondary.REFUSE
        page = self.page()
        if page is not None and page.name == "a_police":
            return Secondary.NO_POLICE_REPORT
        return None

    def can_go_back(self) -> bool:
        return self.s.step not in (Step.WELCOME, Step.DONE)

    def progress(self) -> Progress | None:
        if self.s.path == Path.SERVICE:
            stages = [Step.CONSENT, Step.SERVICES, Step.APPLICATION, Step.REVIEW]
        elif self.s.path == Path.COMPLAINT:
            stages = [Step.CONSENT, Step.COMPLAINT, Step.REVIEW]
        else:
            return None
        if self.s.step not in stages:
            return None
        number = stages.index(self.s.step) + 1
        if self.s.step in FORM_STEPS:
            return Progress(number, len(stages), self.s.page + 1, len(self.pages()))
        return Progress(number, len(stages))

    def is_on_site(self, service: str) -> bool:
        return service in self.on_site

    # Read-only views of the state, for the screens.
    path = property(lambda self: self.s.path)
    service = property(lambda self: self.s.service)
    outcome = property(lambda self: self.s.outcome)
    notice = property(lambda self: self.s.notice)
    submitting = property(lambda self: self.s.submitting)
    info_service = property(lambda self: self.s.info_service)
    info_child = property(lambda self: self.s.info_child)
    consent_refused = property(lambda self: self.s.consent is False)

    def fee(self) -> Fee | None:
        """The fee of the application as chosen so far, once kind and validity are chosen."""
        return application_fee(self.catalogue, self.today(), self.s.service, self.s.values)

    # -- what the citizen does ------------------------------------------------------------
    def set_language(self, language: str) -> None:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self.s.language = language

    def choose_path(self, path: Path | str) -> None:
        path = Path(path)
        self._expect(Step.WELCOME)
        self.s.path = path
        if path == Path.INFO:
            self._open_visit(Step.INFORMATION)
        elif path == Path.CHECK:
            self._open_form(Step.CHECK)
        else:
            self.s.step = Step.CONSENT

    def agree(self) -> None:
        self._expect(Step.CONSENT)
        self.s.consent = True
        if self.s.path == Path.COMPLAINT:
            self.s.service = "COMPLAINT"
            self._open_form(Step.COMPLAINT)
        else:
            self.s.step = Step.SERVICES

    def refuse(self) -> None:
        """No consent means no personal data: offer the information path instead. The path
        chosen on welcome stays, so Back to the consent leads on as the citizen began."""
        self._expect(Step.CONSENT)
        self.s.consent = False
        self.s.values.clear()
        self._open_visit(Step.INFORMATION)

    def choose_service(self, code: str) -> None:
        self._expect(Step.SERVICES)
        if code not in APPLICATION_SERVICES:
            raise ValueError(f"not an application service: {code!r}")
        self.s.service = code
        if not self.is_on_site(code):
            self._open_visit(Step.REFERRAL)
        else:
            self._open_form(Step.APPLICATION)

    def set_value(self, name: str, text: str) -> None:
        """What the citizen typed or tapped, kept as is; that field's old error goes away,
        and a disagreement it is part of (checks.DISAGREEMENTS) leaves both fields."""
        self.s.values[name] = text
        self.s.check = None                 # a new number typed: the old answer goes
        for settled in [name, *disagreeing(name, self.s.errors)]:
            self.s.errors.pop(settled, None)
        if name == "child":
            self.s.errors.pop("birth_date", None)

    def next(self) -> bool:
        """Check this page; go on when it is fine, else keep the errors and stay."""
        if self.s.step not in FORM_STEPS or self.s.step == Step.CHECK:
            raise FlowError(f"next() on {self.s.step}")
        page = self.page()
        assert page is not None
        errors = check_page(page, self.s.values, today=self.today())
        self.s.errors = errors
        if errors:
            return False
        pages = self.pages()
        if self.s.back_to_review:
            bad = self._first_incomplete(pages)
            if bad is None:
                self._open_review()
            else:
                self.s.page = bad
            return True
        if self.s.page + 1 >= len(pages):
            self._open_review()
        else:
            self.s.page += 1
            self._apply_defaults()
        return True

    def missing(self) -> list[str]:
        """The fields on this page that hold an error, in page order (for the Next hint)."""
        page = self.page()
        if page is None:
            return []
        return [f.name for f in page.fields if f.name in self.s.errors]

    def back(self) -> None:
        """One screen back; back to welcome is a new citizen (see `reset`)."""
        step = self.s.step
        if step == Step.CONSENT or (step == Step.CHECK and self.s.page == 0) \
                or (step == Step.INFORMATION and self.s.consent is None):
            self.reset()
            return
        self.s.errors, self.s.notice, self.s.check = {}, "", None
        if step in FORM_STEPS and self.s.page > 0:
            self.s.page -= 1
        elif step == Step.APPLICATION or step == Step.REFERRAL:
            self.s.step = Step.SERVICES
        elif step == Step.COMPLAINT or step == Step.SERVICES:
            self.s.step = Step.CONSENT
        elif step == Step.REVIEW:
            self.s.step = self._form_step()
            self.s.page = len(self.pages()) - 1
        elif step == Step.POLICE:
            self.s.step, self.s.page = Step.APPLICATION, 0
        elif step == Step.INFORMATION:          # consent refused: ask again
            self.s.step, self.s.consent = Step.CONSENT, None
        self.s.back_to_review = self.s.back_to_review and self.s.step in FORM_STEPS

    def no_police_report(self) -> None:
        self._expect(Step.APPLICATION)
        for name in ("police_report_no", "police_report_date"):
            self.s.values.pop(name, None)
        self._open_visit(Step.POLICE)

    def edit(self, page_name: str) -> None:
        """From review: open one part of the form; Next comes back to review."""
        self._expect(Step.REVIEW)
        self.s.step = self._form_step()
        self.s.page = next(i for i, p in enumerate(self.pages()) if p.name == page_name)
        self.s.back_to_review = True

    def choose_info(self, service: str | None = None, *, child: bool | None = None) -> None:
        self._expect(Step.INFORMATION)
        if service is not None:
            self.s.info_service = service
        if child is not None:
            self.s.info_child = child

    def finish(self) -> None:
        self._expect(Step.DONE)
        self.reset()

    # -- idle -------------------------------------------------------------------------------
    def touch(self, now: float) -> None:
        """The citizen touched the screen: the quiet time starts again."""
        self.idle.touch(now)

    @property
    def asking(self) -> bool:
        return self.idle.asking

    def seconds_left(self, now: float) -> int:
        return self.idle.seconds_left(now)

    def tick(self, now: float) -> IdleEvent | None:
        s = self.s
        done_with_slip = s.step == Step.DONE and s.outcome is not None \
            and s.outcome.slip_in_hand        # nothing left to lose: clear without asking
        event = self.idle.tick(
            now, hold=s.submitting, ask_first=s.step != Step.WELCOME and not done_with_slip,
            something_to_forget=s.step != Step.WELCOME or bool(s.values)
            or s.language != self.default_language)
        if event == IdleEvent.RESET:
            self.reset()
        return event

    def reset(self) -> None:
        """Forget everything about this citizen; late answers of their session are ignored.

        Every way back to the welcome screen comes here (Back, Finish, the idle reset, an
        officer taking the screen), so the welcome screen always starts a new citizen:
        a fresh state in the kiosk's language and a new `session` number, by which the
        touchscreen knows to clear every widget."""
        self.session += 1
        self.idle.stop()
        self.s = FlowState(self.default_language)

    # -- inside -----------------------------------------------------------------------------
    def _expect(self, *steps: Step) -> None:
        if self.s.step not in steps:
            raise FlowError(f"not possible on {self.s.step}")

    def _form_step(self) -> Step:
        return Step.COMPLAINT if self.s.path == Path.COMPLAINT else Step.APPLICATION

    def _open_form(self, step: Step) -> None:
        self.s.step, self.s.page, self.s.errors = step, 0, {}
        self.s.back_to_review = False
        self._apply_defaults()

    def _open_visit(self, step: Step) -> None:
        self.s.step, self.s.errors = step, {}
        self.s.submission_id = self.new_id()

    def _open_review(self) -> None:
        self.s.step, self.s.errors, self.s.notice = Step.REVIEW, {}, ""
        self.s.back_to_review = False
        self.s.submission_id = self.new_id()

    def _first_incomplete(self, pages: list[PageSpec]) -> int | None:
        today = self.today()
        for index, page in enumerate(pages):
            if check_page(page, self.s.values, today=today):
                return index
        return None

    def _apply_defaults(self) -> None:
        """Preselect the obvious answer where there is one (still changeable)."""
        page = self.page()
        if page is not None:
            preselect(page, self.s.values, today=self.today())
