"""The citizen flow's intents around a submission: what is sent, and its answer taken.

Mixed into kiosk/citizen/flow.py's CitizenFlow (whose state `s` and `session` they use):
begin_submit() makes the Submission for the screen the citizen is on (review, information,
the police step, a referral); submitted(), submit_failed() and printed() take the worker's
answers, dropped when the citizen has left meanwhile (the session changed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kiosk.citizen.pages import Errors, PageSpec, page_of, registrar_form
from kiosk.citizen.steps import FlowError, FlowState, Outcome, Path, Step, Submission


class SubmitIntents:
    """Submitting from the flow; see the module's docstring."""

    s: FlowState
    session: int
    pages: Callable[[], list[PageSpec]]          # CitizenFlow's: this path's form pages
    _form_step: Callable[[], Step]               # CitizenFlow's: this path's form step

    def begin_submit(self) -> Submission | None:
        """The submission for the current screen, or None while one is already on its way."""
        if self.s.submitting:
            return None
        step = self.s.step
        lang = self.s.language
        if step == Step.REVIEW:
            kind = "complaint" if self.s.path == Path.COMPLAINT else "application"
            sub = Submission(kind, self.form(), self.s.service, self.s.submission_id, lang,
                             self.session)
        elif step == Step.INFORMATION:
            reason = "no_consent" if self.s.consent is False else ""
            sub = Submission("info", {}, self.s.info_service, self.s.submission_id, lang,
                             self.session, reason)
        elif step == Step.POLICE:
            sub = Submission("info", {}, "LOST", self.s.submission_id, lang, self.session,
                             "no_police_report")
        elif step == Step.REFERRAL:
            sub = Submission("referral", {}, self.s.service, self.s.submission_id, lang,
                             self.session, "not_on_site")
        else:
            raise FlowError(f"nothing to submit on {step}")
        self.s.submitting = True
        self.s.notice = ""
        return sub

    def submitted(self, submission: Submission, receipt: Any) -> bool:
        """The commit happened: show done (and wait for the slip). False if the citizen left."""
        if submission.session != self.session:
            return False
        self.s.submitting = False
        self.s.step = Step.DONE
        self.s.outcome = Outcome(receipt)
        return True

    def submit_failed(self, submission: Submission, *, errors: Errors | None = None,
                      notice: str = "submit.failed") -> None:
        """Invalid fields go back to their page; anything else is a notice (retry keeps the id)."""
        if submission.session != self.session:
            return
        self.s.submitting = False
        if errors:
            shown = dict(errors)
            pages = self.pages()
            self.s.step, self.s.page = self._form_step(), min(page_of(pages, n) for n in shown)
            self.s.errors = shown
            self.s.back_to_review = True
        else:
            self.s.notice = notice

    def printed(self, submission: Submission, *, ok: bool, reason: str = "") -> None:
        if submission.session != self.session or self.s.outcome is None:
            return
        self.s.outcome = replace(self.s.outcome, printing=False, printed=ok,
                                 print_reason=reason)

    def form(self) -> dict[str, Any]:
        """The registrar's form: only the fields of this path's pages, choices mapped."""
        return registrar_form(self.pages(), self.s.values, complaint=self.s.path ==
                              Path.COMPLAINT, service=self.s.service)
