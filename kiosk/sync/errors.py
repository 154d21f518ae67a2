"""Why sync did not happen, in words: one KioskError per kind of failure.

`retry` says what the worker does next: True, a failure to try again later with backoff
(no network, a timeout, the office busy, a reply that is not the office's: a captive
portal, a redirect, a broken connection); False, something a person must fix first
(enrollment broken or missing, the office refusing this kiosk's requests as faulty).
The parameters never carry personal data; `detail` texts come from the office or from
the network library and are English.
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import KioskError


class SyncError(KioskError):
    """A sync round stopped. `retry_after`: seconds the office asked to wait (or None)."""

    key = "sync.failed"
    retry = True

    def __init__(self, key: str | None = None, *, retry_after: float | None = None,
                 **params: Any) -> None:
        self.retry_after = retry_after
        super().__init__(key, **params)


class NotEnrolled(SyncError):
    """No enrollment file: `kiosk enroll URL CODE` (or the officer's Sync page) first."""

    key = "sync.not_enrolled"
    retry = False


class EnrollmentBroken(SyncError):
    """The office no longer takes this kiosk's token (401) or revoked the kiosk (403):
    ask the office for a new code. `detail`: the office's sentence."""

    key = "sync.enrollment_broken"
    retry = False


class Unreachable(SyncError):
    """No connection to the office (no network, DNS, refused): `detail`."""

    key = "sync.unreachable"


class TimedOut(SyncError):
    """The office did not answer in time: `seconds` (also `count`, for its plural form)."""

    key = "sync.timeout"


class Interrupted(SyncError):
    """The connection broke while the office answered (a truncated reply): `detail`."""

    key = "sync.interrupted"


class NotTheOffice(SyncError):
    """An answer that is not the office's signed reply (a captive portal's login page, a
    proxy, a damaged body): `status`, `why`."""

    key = "sync.not_office"


class Redirected(SyncError):
    """A redirect (a captive portal sends one): never followed. `status`, `host`."""

    key = "sync.redirect"


class OfficeBusy(SyncError):
    """The office answered 408, 429 or 5xx: try later. `status`."""

    key = "sync.office_busy"


class OfficeRefused(SyncError):
    """The office refused the request as faulty (a signed 400, 403.2, 404, 405, 415 or 422
    that splitting cannot cure): `code`, `detail`. Not retried by itself."""

    key = "sync.refused"
    retry = False


class BatchTooLarge(SyncError):
    """413: the batch is split and sent again (never the same bytes)."""

    key = "sync.too_large"


class BatchRefused(SyncError):
    """422.1: the office refused a batch as a whole at `step`; split it to find the
    record, and park that one. `code`, `step`, `detail`."""

    key = "sync.batch_refused"


class Incomplete(SyncError):
    """The office's reply left out `count` records of a batch: sent again next round."""

    key = "sync.incomplete"


class EnrollFailed(SyncError):
    """Enrollment did not work: `detail` says why and what to do."""

    key = "sync.enroll_failed"
    retry = False


class WrongKiosk(SyncError):
    """The enrollment belongs to another kiosk id (`enrolled`) than this database's
    (`kiosk`): enroll this database again."""

    key = "sync.wrong_kiosk"
    retry = False
