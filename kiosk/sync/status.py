"""What the officer sees of sync: pending and parked records, the last success, the last
error in words, and (from the worker) the progress of a round and the next attempt.

The last success and the last error are kept in the database's meta table, so they
survive a restart and `kiosk sync` shows what the touchscreen's worker did.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from dataclasses import dataclass, replace

from kiosk.errors import KioskError
from kiosk.records import outbox
from kiosk.records.store import Store, utc_now_iso
from kiosk.sync.errors import SyncError

log = logging.getLogger(__name__)
LAST_SUCCESS = "sync.last_success_utc"
LAST_ATTEMPT = "sync.last_attempt_utc"
LAST_ERROR = "sync.last_error"          # JSON: {"key", "params", "utc"}
PARKED_SHOWN = 50


@dataclass(frozen=True)
class SyncStatus:
    """Sync as the officer's page and `kiosk sync` show it.

    enrolled: this kiosk holds an enrollment; server: the office's address (None when not
    enrolled); pending: records waiting to be sent; parked: the first PARKED_SHOWN records
    the office answered `conflict` for, with its reason (parked_count: all of them);
    last_success_utc / last_attempt_utc: UTC times (utc_now_iso) or None; last_error:
    the failure of the last round, None after a success (translate with
    Translator.error); sending: (records answered, records to send) while a round runs;
    next_attempt_s: seconds until the worker tries again (None: not scheduled, e.g.
    enrollment broken); running: the worker's thread is up.
    """

    enrolled: bool
    server: str | None
    pending: int
    parked: tuple[outbox.Parked, ...]
    parked_count: int
    last_success_utc: str | None
    last_attempt_utc: str | None
    last_error: KioskError | None
    last_error_utc: str | None
    sending: tuple[int, int] | None = None
    next_attempt_s: float | None = None
    running: bool = False

    def with_progress(self, done: int, total: int) -> SyncStatus:
        return replace(self, sending=(done, max(total, done)))


def read_status(store: Store, *, server: str | None) -> SyncStatus:
    """The status as the database holds it (`server`: the enrolled address, or None)."""
    error, error_utc = _error(store.meta(LAST_ERROR))
    return SyncStatus(
        enrolled=server is not None, server=server, pending=outbox.pending_count(store),
        parked=tuple(outbox.parked(store, limit=PARKED_SHOWN)),
        parked_count=outbox.parked_count(store), last_success_utc=store.meta(LAST_SUCCESS),
        last_attempt_utc=store.meta(LAST_ATTEMPT), last_error=error, last_error_utc=error_utc)


def note_success(store: Store, now: dt.datetime) -> None:
    stamp = utc_now_iso(now)
    _write(store, {LAST_SUCCESS: stamp, LAST_ATTEMPT: stamp, LAST_ERROR: ""})


def note_failure(store: Store, error: KioskError, now: dt.datetime) -> None:
    stamp = utc_now_iso(now)
    text = json.dumps({"key": error.key, "params": _plain(error.params), "utc": stamp},
                      sort_keys=True)
    _write(store, {LAST_ATTEMPT: stamp, LAST_ERROR: text})


def _write(store: Store, values: dict[str, str]) -> None:
    try:
        with store.transaction(marker=False):
            for key, value in values.items():
                store.set_meta(key, value)
    except sqlite3.Error as exc:        # bookkeeping only: never fail a round over it
        log.warning("sync status not saved: %s", type(exc).__name__)


def _plain(params: dict) -> dict:
    return {k: v if isinstance(v, str | int | float | bool) or v is None else str(v)
            for k, v in params.items()}


def _error(text: str | None) -> tuple[KioskError | None, str | None]:
    if not text:
        return None, None
    try:
        raw = json.loads(text)
        return SyncError(str(raw["key"]), **dict(raw.get("params") or {})), raw.get("utc")
    except (ValueError, KeyError, TypeError):
        return None, None
