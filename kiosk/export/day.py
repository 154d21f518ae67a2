"""The day export an officer starts: the day's records, the chain, the stick, the bookkeeping.

One export = one bundle of every record made on one event day (local time of the event),
chained to this kiosk's previous export, in one transaction that holds the database's
write lock from start to end: it appends the ``export`` record (which export, which
bundle, by whom), reads the day's records (the export record among them when it is made
on the day exported, so it leaves the kiosk in the bundle it describes and the office
sees no hole in the kiosk's seq), writes the bundle to the stick, reads the copy back and
checks it, notes the exports row (with the manifest hash the next export chains to) and
each record as exported (what retention waits for), and commits. Anything that fails
before the commit rolls all of it back: no export record, no seq used, no file left.

The export record cannot hold what is only known once the bundle is sealed (the manifest's
SHA-256, its counts and seq range: a text cannot hold its own hash); the manifest holds
those, the exports table keeps the hash, and the next export names it in its chain.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from kiosk.event.clock import Clock, EventClock
from kiosk.event.config import Config
from kiosk.export import crypto
from kiosk.export.bundle import Progress, build_bundle, bundle_file_name
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
        # One transaction: a database another program holds stops the export before a byte
        # is written (DatabaseBusy), and a failure anywhere leaves nothing recorded.
        with self.store.transaction():
            if not self.records_for_day(day):
                raise ExportError("export.nothing", day=day.isoformat())
            path, built, records, number = self._export(out_dir, day, key, officer, progress)
        self.store.save_marker(durable=True)
        return ExportResult(path, number, day, len(records), built.counts, built.seq_first,
                            built.seq_last, built.manifest_sha256, len(built.data))

    def _export(self, out_dir: Path, day: dt.date, key: X25519PublicKey,
                officer: Officer | None, progress: Progress | None):
        """Inside export_day's transaction: the export record, the bundle, the stick, the
        bookkeeping. Returns (path, built bundle, its records, export number)."""
        last = self._last()
        number = (last.number + 1) if last else 1
        previous = last.manifest_sha256 if last else ZERO_HASH
        now = self.clock.now()
        bundle_id = str(uuid.uuid4())
        self.store.append_record("export", {
            "export_number": number, "bundle_id": bundle_id, "day": day.isoformat(),
            "file_name": bundle_file_name(self.config.event.code, self.store.kiosk_id, day,
                                          number),
            "previous_manifest_sha256": previous,
            "central_key_sha256": crypto.fingerprint(key),
            "officer_id": officer.id if officer else None,
            "officer_name": officer.name if officer else None,
        }, now=now)
        records = self.records_for_day(day)     # with the export record when made today
        n = len(records)
        total = 3 * n + 1

        def report(done: int) -> None:
            if progress:
                progress(min(done, total), total)

        report(0)
        built = build_bundle(
            records, signing_key=self.signing_key, central_key=key,
            kiosk_id=self.store.kiosk_id, kiosk_number=self.config.kiosk.number,
            event=self.config.event, day=day, export_number=number,
            previous_manifest_sha256=previous, now=now, bundle_id=bundle_id,
            progress=lambda done, _n: report(done))
        own = {self.store.kiosk_id: public_key_b64(self.signing_key)}

        def check(data: bytes) -> None:
            verify_bundle(data, kiosk_keys=own, content_key=built.content_key)

        path = write_checked(Path(out_dir), built.file_name, built.data, check=check,
                             on_bytes=lambda done, size: report(n + n * done // size))
        report(3 * n)
        try:
            self._record(path, built, records, number, previous, day, now)
        except BaseException:
            unlink_quietly(path)      # an export that is not recorded must not look whole
            raise
        report(total)
        return path, built, records, number

    def _record(self, path: Path, built: Any, records: list[Record], number: int,
                previous: str, day: dt.date, now: dt.datetime) -> None:
        """The export's bookkeeping (in export_day's transaction)."""
        self.store.conn.execute(
            "INSERT INTO exports(number, bundle_id, file_name, day, created_utc, seq_first,"
            " seq_last, record_count, manifest_sha256, previous_manifest_sha256, target)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (number, built.bundle_id, built.file_name, day.isoformat(), utc_now_iso(now),
             built.seq_first, built.seq_last, len(records), built.manifest_sha256, previous,
             str(path.parent)))
        self.store.conn.executemany(
            "INSERT OR IGNORE INTO exported_records(seq, export_number) VALUES (?, ?)",
            [(r.seq, number) for r in records])

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
