"""The office's web application: the sync API (/api/v1), the staff pages, /static, /healthz.

``create_app(office)`` builds it; `kiosk-central serve` runs it under uvicorn. OpenAPI at
/openapi.json documents the sync API (the staff pages are left out of it).
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from kiosk import __version__
from kiosk.central.logs import AccessLog
from kiosk.central.office import Office
from kiosk.central.pages.common import (
    STATIC,
    BadForm,
    NotAllowed,
    PageKit,
    SignInNeeded,
)
from kiosk.central.pages.routes import StaffPages
from kiosk.central.problems import Problem
from kiosk.central.replies import NONCE_HEADER
from kiosk.central.syncapi import NONCE_DETAIL, SyncApi
from kiosk.i18n import N_

log = logging.getLogger("kiosk.central.app")


def create_app(office: Office) -> FastAPI:
    app = FastAPI(title="Passport kiosk central office", version=__version__,
                  description="The sync API kiosks talk to (docs/sync-protocol.md). Every "
                              "reply is signed with the office's Ed25519 key.",
                  docs_url=None, redoc_url=None)
    sync, kit = SyncApi(office), PageKit(office)
    app.include_router(sync.router)
    app.include_router(StaffPages(kit).router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(AccessLog)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> PlainTextResponse:
        return PlainTextResponse("ok")

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/")

    @app.exception_handler(Problem)
    async def on_problem(request: Request, exc: Problem) -> Response:
        if exc.status >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, exc.code)
        return sync.problem(request, exc)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        if is_api(request):
            places = [e.get("loc", ()) for e in exc.errors()]
            if any(loc[:2] == ("header", NONCE_HEADER) for loc in places):
                return sync.problem(request, Problem("400.2", NONCE_DETAIL))
            where = ", ".join(".".join(str(p) for p in loc) for loc in places)
            return sync.problem(request, Problem("400.1", f"malformed request ({where})"))
        return kit.render(request, "error.html", who=kit.who(request), http_status=400,
                          message="The request could not be read.")

    @app.exception_handler(HTTPException)
    async def on_http(request: Request, exc: HTTPException) -> Response:
        if is_api(request):
            code = {404: "404.1", 405: "405.1"}.get(exc.status_code, f"{exc.status_code}.1")
            return sync.problem(request, Problem(code, str(exc.detail),
                                                 headers=dict(exc.headers or {})))
        message = N_("Page not found.") if exc.status_code == 404 \
            else N_("The request was refused.")
        return kit.render(request, "error.html", who=kit.who(request),
                          http_status=exc.status_code, message=message)

    @app.exception_handler(SignInNeeded)
    async def on_signin(request: Request, exc: SignInNeeded) -> Response:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return kit.redirect(f"/signin?next={quote(here, safe='')}")

    @app.exception_handler(NotAllowed)
    async def on_not_allowed(request: Request, exc: NotAllowed) -> Response:
        return kit.render(request, "error.html", who=kit.who(request), http_status=403,
                          message="Your role may not open this page.")

    @app.exception_handler(BadForm)
    async def on_bad_form(request: Request, exc: BadForm) -> Response:
        return kit.render(request, "error.html", who=kit.who(request), http_status=403,
                          message="The form had expired. Open the page again and repeat.")

    return app
