"""The day export an officer starts: the day's records, the chain, the stick, the bookkeeping.

One export = one bundle of every record made on one event day (local time of the event),
chained to this kiosk's previous export. After the copy on the stick has been read back
and checked, one transaction appends an ``export`` record (what was exported, by whom,
the manifest hash the next export chains to) and notes each record as exported, which is
what retention waits for.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.event.clock import Clock, EventClock
from kiosk.event.config import Config
from kiosk.export import crypto
from kiosk.export.bundle import Progress, build_bundle
from kiosk.export.manifest import ZERO_HASH
from kiosk.export.target import ExportError, write_checked
from kiosk.export.verify import verify_bundle
from kiosk.files.checked import unlink_quietly
from kiosk.records.audit import Officer
from kiosk.records.keys import public_key_b64
from kiosk.records.record import Record
from kiosk.records.store import Store, day_bounds_utc, record_from_row, utc_now_iso


@dataclass(frozen=True)
class ExportResult:
    path: Path
    export_number: int
    day: dt.date
    record_count: int
    counts: dict[str, int]
    seq_first: int
    seq_last: int
    manifest_sha256: str
    size_bytes: int


@dataclass(frozen=True)
class ExportInfo:
    """One past export, for the officer's list and for the chain."""

    number: int
    day: str
    file_name: str
    created_utc: str
    record_count: int
    seq_first: int
    seq_last: int
    manifest_sha256: str
    target: str


class DayExporter:
    def __init__(self, store: Store, config: Config, clock: Clock,
                 signing_key: Ed25519PrivateKey) -> None:
        self.store, self.config, self.signing_key = store, config, signing_key
        self.clock = EventClock.of(clock, config.event.tz)

    def today(self) -> dt.date:
        return self.clock.today()

    def day_bounds(self, day: dt.date) -> tuple[str, str]:
        """UTC times (as stored) of the event day's first instant and the next day's."""
        return day_bounds_utc(day, self.config.event.tz)

    def records_for_day(self, day: dt.date) -> list[Record]:
        start, end = self.day_bounds(day)
        rows = self.store.conn.execute(
            "SELECT * FROM records WHERE created_utc >= ? AND created_utc < ? ORDER BY seq",
            (start, end)).fetchall()
        return [record_from_row(r) for r in rows]

    def not_exported(self, day: dt.date) -> int:
        """Records of the day in no export yet (made after the last export, or never
        exported): the officer screen says "N records not exported yet"."""
        start, end = self.day_bounds(day)
        return self.store.conn.execute(
            "SELECT COUNT(*) FROM records r LEFT JOIN exported_records e ON e.seq = r.seq"
            " WHERE r.created_utc >= ? AND r.created_utc < ? AND e.seq IS NULL",
            (start, end)).fetchone()[0]

    def central_key(self, override: str | Path | None = None) -> X25519PublicKey:
        """The key to encrypt to: `override`, else event.central_public_key (a PEM file path,
        relative to the data folder, or the PEM text itself)."""
        source: str | Path | None = override or self.config.event.central_public_key
        if not source:
            raise ExportError("export.no_central_key")
        text = str(source)
        if not text.lstrip().startswith("-----BEGIN") and not Path(text).is_absolute() \
                and override is None and self.config.path is not None:
            source = self.config.path.parent / text
        try:
            return crypto.load_central_public(source)
        except crypto.KeyFileError as exc:
            raise ExportError("export.central_key", detail=str(exc)) from None

    def history(self) -> list[ExportInfo]:
        rows = self.store.conn.execute("SELECT * FROM exports ORDER BY number").fetchall()
        return [_info(r) for r in rows]

    def export_day(self, out_dir: Path, *, day: dt.date | None = None,
                   central_key: str | Path | X25519PublicKey | None = None,
                   officer: Officer | None = None,
                   progress: Progress | None = None) -> ExportResult:
        """Write the day's bundle into out_dir (the stick), check it, and record it.

        progress(done, total) goes from 0 to total (work units, not bytes); the UI's bar.
        Raises ExportError (key + English message) for anything the officer can fix.
        """
        day = day or self.today()
        if not Path(out_dir).is_dir():
            raise ExportError("export.no_target", path=str(out_dir))
        key = central_key if isinstance(central_key, X25519PublicKey) \
            else self.central_key(central_key)
        records = self.records_for_day(day)
        if not records:
            raise ExportError("export.nothing", day=day.isoformat())
        n = len(records)
        total = 3 * n + 1

        def report(done: int) -> None:
            if progress:
                progress(min(done, total), total)

        report(0)
        last = self._last()
        number = (last.number + 1) if last else 1
        previous = last.manifest_sha256 if last else ZERO_HASH
        now = self.clock.now()
        built = build_bundle(
            records, signing_key=self.signing_key, central_key=key,
            kiosk_id=self.store.kiosk_id, kiosk_number=self.config.kiosk.number,
            event=self.config.event, day=day, export_number=number,
            previous_manifest_sha256=previous, now=now,
            progress=lambda done, _n: report(done))
        own = {self.store.kiosk_id: public_key_b64(self.signing_key)}

        def check(data: bytes) -> None:
            verify_bundle(data, kiosk_keys=own, content_key=built.content_key)

        # A database another program holds stops the export before a byte is written
        # (DatabaseBusy), rather than leave a bundle on the stick that was never recorded.
        with self.store.transaction(marker=False):
            pass
        path = write_checked(Path(out_dir), built.file_name, built.data, check=check,
                             on_bytes=lambda done, size: report(n + n * done // size))
        report(3 * n)
        try:
            self._record(path, built, records, number, previous, day, now, key, officer)
        except BaseException:
            unlink_quietly(path)      # an export that is not recorded must not look whole
            raise
        self.store.save_marker(durable=True)
        report(total)
        return ExportResult(path, number, day, n, built.counts, built.seq_first, built.seq_last,
                            built.manifest_sha256, len(built.data))

    def _record(self, path: Path, built: Any, records: list[Record], number: int,
                previous: str, day: dt.date, now: dt.datetime, key: X25519PublicKey,
                officer: Officer | None) -> None:
        """The export's bookkeeping and its ``export`` record, in one transaction."""
        n = len(records)
        with self.store.transaction():
            self.store.conn.execute(
                "INSERT INTO exports(number, bundle_id, file_name, day, created_utc, seq_first,"
                " seq_last, record_count, manifest_sha256, previous_manifest_sha256, target)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (number, built.bundle_id, built.file_name, day.isoformat(), utc_now_iso(now),
                 built.seq_first, built.seq_last, n, built.manifest_sha256, previous,
                 str(path.parent)))
            self.store.conn.executemany(
                "INSERT OR IGNORE INTO exported_records(seq, export_number) VALUES (?, ?)",
                [(r.seq, number) for r in records])
            self.store.append_record("export", {
                "export_number": number, "bundle_id": built.bundle_id, "day": day.isoformat(),
                "file_name": built.file_name, "record_count": n, "seq_first": built.seq_first,
                "seq_last": built.seq_last, "counts": built.counts,
                "manifest_sha256": built.manifest_sha256,
                "previous_manifest_sha256": previous,
                "central_key_sha256": crypto.fingerprint(key),
                "officer_id": officer.id if officer else None,
                "officer_name": officer.name if officer else None,
            }, now=now)

    def _last(self) -> ExportInfo | None:
        """The export the next one chains to: this database's last, else the last one
        the kiosk made before its database was started anew (kiosk recover)."""
        row = self.store.conn.execute(
            "SELECT * FROM exports ORDER BY number DESC LIMIT 1").fetchone()
        if row:
            return _info(row)
        floors = self.store.floors
        if floors and floors.export_number and floors.export_manifest_sha256:
            return ExportInfo(floors.export_number, "", "", "", 0, 0, 0,
                              floors.export_manifest_sha256, "")
        return None


def _info(r: sqlite3.Row) -> ExportInfo:
    return ExportInfo(r["number"], r["day"], r["file_name"], r["created_utc"], r["record_count"],
                      r["seq_first"], r["seq_last"], r["manifest_sha256"], r["target"] or "")
