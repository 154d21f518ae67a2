"""Retention: personal fields leave records that are safely exported (or synced) and old enough.

The one exception to append-only records (docs/data-retention.md): once a record has
been confirmed exported (its bundle read back and checked) or confirmed synced (no
longer in the outbox), and is older than ``retention.personal_data_days``, its payload
is rewritten without the fields of kiosk.records.record.PERSONAL_FIELDS and with
``"redacted_fields": [...]`` naming what was removed. The ``sha256`` column keeps the
hash of the original payload (so the central office can still match the record) and
``redacted_utc`` marks the row. Counts, categories, services and tickets stay. The
database is then rewritten so the removed text is not left in free pages or the WAL.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.event.clock import Clock
from kiosk.event.config import Config
from kiosk.records.audit import Officer, append_officer_action
from kiosk.records.canonical import canonical_json
from kiosk.records.record import PERSONAL_FIELDS
from kiosk.records.store import Store, utc_now_iso
from kiosk.slips.backends import purge_slips

PERSONAL_KINDS = ("application", "complaint")


@dataclass(frozen=True)
class PersonalDataSummary:
    """What the officer sees: how much personal data this kiosk holds, and what is due."""

    records: int                  # records still holding personal fields
    oldest_utc: str | None        # the oldest of them
    due: int                      # old enough and exported or synced: removed on the next run
    waiting_for_export: int       # old enough, but neither exported nor synced yet
    retention_days: int


@dataclass(frozen=True)
class RetentionResult:
    redacted: int
    seqs: tuple[int, ...]
    dry_run: bool
    slips_removed: int = 0         # slip PDFs of days past the retention period


def _holds_personal(payload: dict) -> bool:
    return any(payload.get(f) not in (None, "") for f in PERSONAL_FIELDS)


def _candidates(store: Store) -> list[tuple[int, str, dict, bool]]:
    """(seq, created_utc, payload, exported-or-synced) of records with personal fields."""
    rows = store.conn.execute(
        "SELECT r.seq, r.created_utc, r.payload,"
        " (e.seq IS NOT NULL OR o.seq IS NULL) AS safe"
        " FROM records r LEFT JOIN exported_records e ON e.seq = r.seq"
        " LEFT JOIN outbox o ON o.seq = r.seq"
        f" WHERE r.redacted_utc IS NULL AND r.kind IN ({','.join('?' * len(PERSONAL_KINDS))})"
        " ORDER BY r.seq", PERSONAL_KINDS).fetchall()
    out = []
    for seq, created, payload_json, safe in rows:
        payload = json.loads(payload_json)
        if _holds_personal(payload):
            out.append((seq, created, payload, bool(safe)))
    return out


def cutoff(config: Config, now: dt.datetime) -> str:
    return utc_now_iso(now - dt.timedelta(days=config.retention_days))


def personal_data_summary(store: Store, config: Config, now: dt.datetime) -> PersonalDataSummary:
    rows = _candidates(store)
    limit = cutoff(config, now)
    old = [r for r in rows if r[1] < limit]
    return PersonalDataSummary(
        records=len(rows), oldest_utc=rows[0][1] if rows else None,
        due=sum(1 for r in old if r[3]), waiting_for_export=sum(1 for r in old if not r[3]),
        retention_days=config.retention_days)


def slips_cutoff(config: Config, now: dt.datetime) -> dt.date:
    """Slip PDFs of event days before this day (the event's local date) are due."""
    local = now.astimezone(config.event.tz)
    return (local - dt.timedelta(days=config.retention_days)).date()


def apply_retention(store: Store, config: Config, now: dt.datetime, *, dry_run: bool = False,
                    officer: Officer | None = None,
                    slips_folder: Path | None = None) -> RetentionResult:
    """Remove personal fields from every record that is due, and the printed PDF slips of
    days past the retention period from `slips_folder` (with slip files a crash left);
    say how many and which seqs.

    One transaction, plus an ``officer_action`` record ('retention': how many, which seq
    range, how many slip files; no personal data), written before the slip files go.
    Afterwards the freed bytes are overwritten (secure_delete) and the WAL is checkpointed
    and truncated.
    """
    limit = cutoff(config, now)
    due = [(seq, payload) for seq, created, payload, safe in _candidates(store)
           if safe and created < limit]
    seqs = tuple(seq for seq, _ in due)
    before = slips_cutoff(config, now)
    slips = purge_slips(slips_folder, before=before, dry_run=True) if slips_folder else 0
    if dry_run or not (due or slips):
        return RetentionResult(len(due) if dry_run else 0, seqs, dry_run,
                               slips if dry_run else 0)
    previous = store.conn.execute("PRAGMA secure_delete").fetchone()[0]
    store.conn.execute("PRAGMA secure_delete=ON")
    stamp = utc_now_iso(now)
    try:
        _redact(store, due, seqs, stamp, config, now, officer, slips)
    finally:
        store.conn.execute(f"PRAGMA secure_delete={int(previous)}")
    if due:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    removed = purge_slips(slips_folder, before=before) if slips_folder and slips else 0
    return RetentionResult(len(seqs), seqs, False, removed)


def _redact(store: Store, due: list[tuple[int, dict]], seqs: tuple[int, ...], stamp: str,
            config: Config, now: dt.datetime, officer: Officer | None, slips: int) -> None:
    with store.transaction():
        for seq, payload in due:
            removed = sorted(k for k in payload if k in PERSONAL_FIELDS)
            kept = {k: v for k, v in payload.items() if k not in PERSONAL_FIELDS}
            kept["redacted_fields"] = removed
            store.conn.execute("UPDATE records SET payload=?, redacted_utc=? WHERE seq=?",
                               (canonical_json(kept), stamp, seq))
        details = {"seq_first": seqs[0], "seq_last": seqs[-1]} if seqs else {}
        append_officer_action(store, officer, "retention", now=now, redacted=len(seqs),
                              **details, retention_days=config.retention_days,
                              slips_removed=slips)


class Retention:
    """What the officer screen calls: the summary, and the run (dry or real)."""

    def __init__(self, store: Store, config: Config, clock: Clock, *,
                 slips_folder: Path | None = None) -> None:
        self.store, self.config, self.clock = store, config, clock
        self.slips_folder = slips_folder

    def summary(self) -> PersonalDataSummary:
        return personal_data_summary(self.store, self.config, self.clock.now())

    def run(self, *, officer: Officer | None = None, dry_run: bool = False) -> RetentionResult:
        return apply_retention(self.store, self.config, self.clock.now(), dry_run=dry_run,
                               officer=officer, slips_folder=self.slips_folder)
