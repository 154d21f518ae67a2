"""Numbered problems of the sync API (docs/sync-protocol.md, section 7), as ODK Central numbers
its own: the HTTP status, a sub-number, and a sentence for the officer's screen.

A client decides what to do from the status alone (retry or not); the code says why.
"""

from __future__ import annotations


class Problem(Exception):
    """An answer other than success: ``status`` (HTTP), ``code`` ("401.2"), ``detail``."""

    def __init__(self, code: str, detail: str, *, retry_after: int | None = None,
                 step: str | None = None, headers: dict[str, str] | None = None) -> None:
        self.code, self.detail, self.retry_after, self.step = code, detail, retry_after, step
        self.headers = dict(headers or {})
        self.status = int(code.split(".")[0])
        super().__init__(f"{code}: {detail}")


TITLES = {
    "400.1": "Malformed request",
    "400.2": "Missing or malformed Kiosk-Nonce header",
    "401.1": "Unknown kiosk token",
    "401.2": "Enrollment code not valid",
    "401.3": "Enrollment signature does not verify",
    "403.1": "Kiosk revoked",
    "403.2": "Batch made by another kiosk",
    "404.1": "Not found",
    "405.1": "Method not allowed",
    "413.1": "Batch too large (bytes)",
    "413.2": "Batch too large (records)",
    "415.1": "Unsupported content type",
    "422.1": "Batch refused",
    "429.1": "Another batch of this kiosk is being received",
    "503.1": "Database busy",
}
