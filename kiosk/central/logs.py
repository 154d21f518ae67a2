"""Server logs without personal data: method, path (never the query string), status, time.

Searches carry names and NIK digits in their query strings, so the access log is ours,
not uvicorn's. As a second guard a filter masks anything in a message that looks like a
NIK (16 digits) or a phone number (8 or more digits) before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import time
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LONG_DIGITS = re.compile(r"\+?\d[\d\s.-]{6,}\d")
access_log = logging.getLogger("kiosk.central.access")


class MaskDigits(logging.Filter):
    """Replace runs of 8+ digits (NIKs, phone numbers) in every record with [digits]."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if LONG_DIGITS.search(message) and sum(c.isdigit() for c in message) >= 8:
            masked = LONG_DIGITS.sub(lambda m: "[digits]" if sum(
                c.isdigit() for c in m.group()) >= 8 else m.group(), message)
            record.msg, record.args = masked, None
        return True


def setup_logging(folder: Path | None, *, level: int = logging.INFO) -> None:
    """Log to stderr and, with a folder, to central.log there (owner-only, rotated)."""
    root = logging.getLogger("kiosk.central")
    root.setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
        path = folder / "central.log"
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        handlers.append(logging.handlers.RotatingFileHandler(path, maxBytes=10_000_000,
                                                             backupCount=5, encoding="utf-8"))
    for handler in handlers:
        handler.setFormatter(fmt)
        handler.addFilter(MaskDigits())
        root.addHandler(handler)
    root.propagate = False


class AccessLog:
    """ASGI middleware: one line per request, without the query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start, status = time.perf_counter(), 500

        async def record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            client = scope.get("client") or ("-", 0)
            access_log.info("%s %s %s %d %.1f ms", client[0], scope["method"], scope["path"],
                            status, (time.perf_counter() - start) * 1000)
