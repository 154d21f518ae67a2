"""What every staff page shares: templates, the signed-in member, language, CSRF, headers.

Sessions ride in an HttpOnly, SameSite=Strict cookie. Every form carries the session's
CSRF token and the server compares it (and the Origin header, when a browser sends one)
before changing anything.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from kiosk.central.i18n import DEFAULT_LANGUAGE, LANGUAGES, PageText
from kiosk.central.office import Office
from kiosk.central.shared import resources_dir
from kiosk.central.staff import StaffMember, session_member

SESSION_COOKIE = "central_session"
LANG_COOKIE = "central_lang"
TEMPLATES = resources_dir() / "central" / "templates"
STATIC = resources_dir() / "central" / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action "
                               "'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def audit_detail(detail: str, text: PageText) -> str:
    """An audit entry's details for people: codes translated, long hashes shortened."""
    try:
        fields = json.loads(detail or "{}")
    except ValueError:
        return detail
    if {"old", "new"} <= fields.keys():
        return f"{text(fields['old'])} → {text(fields['new'])}"
    if set(fields) == {"characters"}:
        count = int(fields["characters"])
        return text.ngettext("{n} character", "{n} characters", count, n=count)
    parts = []
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, bool):             # already_received: yes / no, in words
            value = text("yes" if value else "no")
        if isinstance(value, str) and len(value) > 24:
            value = value[:12] + "…"
        elif isinstance(value, str) and text.has(value):
            value = text(value)
        parts.append(f"{text(key)} {value}")
    return ", ".join(parts)


class SignInNeeded(Exception):
    """The page needs a signed-in member: the app redirects to the sign-in page."""


class NotAllowed(Exception):
    """The member's role may not open this page: the app answers 403 with a page."""


class BadForm(Exception):
    """A form without a valid CSRF token or from another origin: 403, nothing changed."""


@dataclass(frozen=True)
class Who:
    member: StaffMember
    csrf: str


def safe_next(target: str | None) -> str:
    """Only a path on this site (never //host or http://...), for redirects after sign-in."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class PageKit:
    def __init__(self, office: Office) -> None:
        self.office = office
        self.env = Environment(loader=FileSystemLoader(TEMPLATES),
                               autoescape=select_autoescape(["html"]),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def language(self, request: Request) -> str:
        lang = request.cookies.get(LANG_COOKIE)
        return lang if lang in LANGUAGES else DEFAULT_LANGUAGE

    def text(self, request: Request) -> PageText:
        return PageText(self.language(request), self.office.settings.tz)

    def who(self, request: Request) -> Who | None:
        with self.office.db.read() as conn:
            found = session_member(conn, request.cookies.get(SESSION_COOKIE), self.office.now())
        return Who(*found) if found else None

    def require(self, request: Request, permission: str | None = None) -> Who:
        who = self.who(request)
        if who is None:
            raise SignInNeeded()
        if permission and not who.member.can(permission):
            raise NotAllowed()
        return who

    def check_form(self, request: Request, who: Who, csrf: str) -> None:
        origin = request.headers.get("origin")
        if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
            raise BadForm()
        if not csrf or not hmac.compare_digest(csrf, who.csrf):
            raise BadForm()

    def render(self, request: Request, template: str, *, who: Who | None,
               http_status: int = 200, **context: Any) -> HTMLResponse:
        t = self.text(request)
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        html = self.env.get_template(template).render(
            _=t, t=t, ngettext=t.ngettext, who=who, lang=t.language,
            audit_detail=audit_detail, here=here,
            here_q=quote(here, safe=""),
            office=self.office.settings.office_name, **context)
        return HTMLResponse(html, status_code=http_status, headers=SECURITY_HEADERS)

    def redirect(self, target: str) -> RedirectResponse:
        return RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})
