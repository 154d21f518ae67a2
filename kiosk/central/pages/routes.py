"""The staff pages' routes: sign-in, applications, pick-up list, complaints desk, kiosks, audit.

Handlers are plain functions (FastAPI runs them on its thread pool); each page checks the
member's role first (kiosk.central.staff.PERMISSIONS).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from kiosk.central.applications import pickup_list, search_applications
from kiosk.central.audit import audit_page
from kiosk.central.complaints import (
    NEXT,
    STATUSES,
    ComplaintError,
    change_complaint,
    complaint_counts,
    get_complaint,
    list_complaints,
)
from kiosk.central.conflicts import kiosk_bundles, kiosk_conflicts
from kiosk.central.derive import pending_records
from kiosk.central.gaps import kiosk_gaps
from kiosk.central.i18n import LANGUAGES
from kiosk.central.kiosks import get_kiosk, kiosk_stats
from kiosk.central.pages.common import LANG_COOKIE, SESSION_COOKIE, PageKit, safe_next
from kiosk.central.staff import sign_in, sign_out


class StaffPages:
    def __init__(self, kit: PageKit) -> None:
        self.kit, self.office = kit, kit.office
        self._counts: tuple[float, dt.date, dict[str, int]] | None = None
        self.router = r = APIRouter(include_in_schema=False)
        r.add_api_route("/", self.home, methods=["GET"])
        r.add_api_route("/signin", self.signin_page, methods=["GET"])
        r.add_api_route("/signin", self.signin, methods=["POST"])
        r.add_api_route("/signout", self.signout, methods=["POST"])
        r.add_api_route("/language", self.language, methods=["GET"])
        r.add_api_route("/applications", self.applications, methods=["GET"])
        r.add_api_route("/pickup", self.pickup, methods=["GET"])
        r.add_api_route("/complaints", self.complaints, methods=["GET"])
        r.add_api_route("/complaints/{tracking}", self.complaint, methods=["GET"])
        r.add_api_route("/complaints/{tracking}", self.change, methods=["POST"])
        r.add_api_route("/kiosks", self.kiosks, methods=["GET"])
        r.add_api_route("/kiosks/{kiosk_id}", self.kiosk, methods=["GET"])
        r.add_api_route("/audit", self.audit, methods=["GET"])

    COUNTS_SECONDS = 10

    def counts(self, conn, today: dt.date) -> dict[str, int]:
        """The complaint tabs' counts, kept for a few seconds: counting 100,000 complaints on
        every page view was most of the list's time. A change made here clears them."""
        now = time.monotonic()
        if self._counts is None or self._counts[0] < now or self._counts[1] != today:
            self._counts = (now + self.COUNTS_SECONDS, today,
                            complaint_counts(conn, today=today))
        return self._counts[2]

    def today(self) -> dt.date:
        return self.office.now().astimezone(self.office.settings.tz).date()

    # -- signing in and out ----------------------------------------------------------------
    def home(self, request: Request) -> RedirectResponse:
        who = self.kit.require(request)
        start = {"administrator": "/kiosks", "complaints_officer": "/complaints"}
        return self.kit.redirect(start.get(who.member.role, "/applications"))

    def signin_page(self, request: Request, next: str = "/", failed: str = "") -> HTMLResponse:
        return self.kit.render(request, "signin.html", who=None, next=safe_next(next),
                               failed=failed, username="")

    def signin(self, request: Request, username: Annotated[str, Form(max_length=64)] = "",
               password: Annotated[str, Form(max_length=512)] = "",
               next: Annotated[str, Form(max_length=500)] = "/"):
        with self.office.db.write() as conn:
            result = sign_in(conn, username=username, password=password,
                             now=self.office.now(), settings=self.office.settings)
        if result.member is None:
            return self.kit.render(request, "signin.html", who=None, next=safe_next(next),
                                   failed=result.reason, username=username[:64], http_status=401)
        response = self.kit.redirect(safe_next(next))
        response.set_cookie(SESSION_COOKIE, result.token or "", httponly=True, samesite="strict",
                            secure=self.office.settings.secure_cookies, path="/",
                            max_age=self.office.settings.session_hours * 3600)
        return response

    def signout(self, request: Request, csrf: Annotated[str, Form(max_length=100)] = ""):
        who = self.kit.require(request)
        self.kit.check_form(request, who, csrf)
        with self.office.db.write() as conn:
            sign_out(conn, request.cookies.get(SESSION_COOKIE), now=self.office.now())
        response = self.kit.redirect("/signin")
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    def language(self, request: Request, to: str = "id", next: str = "/") -> RedirectResponse:
        response = self.kit.redirect(safe_next(next))
        if to in LANGUAGES:
            response.set_cookie(LANG_COOKIE, to, samesite="lax", path="/",
                                max_age=365 * 24 * 3600)
        return response

    # -- applications ----------------------------------------------------------------------
    def applications(self, request: Request,
                     q: Annotated[str, Query(max_length=100)] = "") -> HTMLResponse:
        who = self.kit.require(request, "applications")
        with self.office.db.read() as conn:
            found = search_applications(conn, q) if q.strip() else []
            preparing = pending_records(conn)
        return self.kit.render(request, "applications.html", who=who, q=q, found=found,
                               searched=bool(q.strip()), preparing=preparing)

    def pickup(self, request: Request,
               date: Annotated[str, Query(max_length=10)] = "") -> HTMLResponse:
        who = self.kit.require(request, "applications")
        try:
            day = dt.date.fromisoformat(date) if date else self.today()
        except ValueError:
            day, date = self.today(), ""
        with self.office.db.read() as conn:
            rows = pickup_list(conn, day)
            preparing = pending_records(conn)
        return self.kit.render(request, "pickup.html", who=who, day=day, rows=rows,
                               preparing=preparing,
                               previous=day - dt.timedelta(days=1),
                               following=day + dt.timedelta(days=1))

    # -- complaints ------------------------------------------------------------------------
    def complaints(self, request: Request, status: str = "", overdue: str = "",
                   page: Annotated[int, Query(ge=0, le=10_000)] = 0) -> HTMLResponse:
        who = self.kit.require(request, "complaints")
        today = self.today()
        with self.office.db.read() as conn:
            rows = list_complaints(conn, today=today, status=status or None,
                                   overdue=bool(overdue), page=page)
            counts = self.counts(conn, today)
        return self.kit.render(request, "complaints.html", who=who, rows=rows, counts=counts,
                               status=status if status in STATUSES else "",
                               overdue=bool(overdue), page=page, statuses=STATUSES)

    def complaint(self, request: Request, tracking: str, error: str = "",
                  done: str = "") -> HTMLResponse:
        who = self.kit.require(request, "complaints")
        with self.office.db.write() as conn:     # opening an identity is audited
            detail = get_complaint(conn, tracking[:32], viewer=who.member,
                                   now=self.office.now(), today=self.today())
        if detail is None:
            return self.kit.render(request, "error.html", who=who, http_status=404,
                                   message="No such complaint.")
        return self.kit.render(request, "complaint.html", who=who, d=detail, c=detail.complaint,
                               next_statuses=NEXT[detail.complaint.status], error=error,
                               done=done, answer_text=detail.answer or "")

    def change(self, request: Request, tracking: str,
               csrf: Annotated[str, Form(max_length=100)] = "",
               status: Annotated[str, Form(max_length=20)] = "",
               answer: Annotated[str | None, Form(max_length=4000)] = None):
        who = self.kit.require(request, "complaints")
        self.kit.check_form(request, who, csrf)
        try:
            with self.office.db.write() as conn:
                change_complaint(conn, tracking[:32], actor=who.member, now=self.office.now(),
                                 status=status or None, answer=answer)
        except ComplaintError as exc:
            t = self.kit.text(request)
            with self.office.db.write() as conn:
                detail = get_complaint(conn, tracking[:32], viewer=who.member,
                                       now=self.office.now(), today=self.today())
            if detail is None:
                return self.kit.render(request, "error.html", who=who, http_status=404,
                                       message="No such complaint.")
            return self.kit.render(request, "complaint.html", who=who, d=detail,
                                   c=detail.complaint, next_statuses=NEXT[detail.complaint.status],
                                   error=t(exc.key, **exc.params), done="",
                                   answer_text=answer or "", http_status=422)
        self._counts = None
        return self.kit.redirect(f"/complaints/{tracking[:32]}?done=saved")

    # -- kiosks and audit ------------------------------------------------------------------
    def kiosks(self, request: Request) -> HTMLResponse:
        who = self.kit.require(request, "kiosks")
        with self.office.db.read() as conn:
            stats = kiosk_stats(conn)
            gaps = {s.kiosk.kiosk_id: kiosk_gaps(conn, s.kiosk.kiosk_id, limit=20)
                    for s in stats}
        return self.kit.render(request, "kiosks.html", who=who, stats=stats, gaps=gaps)

    def kiosk(self, request: Request, kiosk_id: str) -> HTMLResponse:
        who = self.kit.require(request, "kiosks")
        with self.office.db.read() as conn:
            kiosk = get_kiosk(conn, kiosk_id[:16])
            if kiosk is None:
                return self.kit.render(request, "error.html", who=who, http_status=404,
                                       message="No such kiosk.")
            gaps = kiosk_gaps(conn, kiosk.kiosk_id, limit=200)
            received = kiosk_bundles(conn, kiosk.kiosk_id)
            conflicts = kiosk_conflicts(conn, kiosk.kiosk_id)
        return self.kit.render(request, "kiosk.html", who=who, k=kiosk, gaps=gaps,
                               received=received, conflicts=conflicts)

    def audit(self, request: Request,
              before: Annotated[int, Query(ge=0, le=2**62)] = 0) -> HTMLResponse:
        who = self.kit.require(request, "audit")
        with self.office.db.read() as conn:
            entries = audit_page(conn, limit=100, before_id=before or None)
        return self.kit.render(request, "audit.html", who=who, entries=entries)

