"""`kiosk simulate`: N synthetic citizens tap through the real screens, offscreen.

A rehearsal for officers and the soak test: it builds the same kiosk `kiosk run` builds
(over a separate data folder), drives it with on-screen taps, and sums up what the
database holds afterwards: records by kind and service, tickets, and how long it took.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.citizen.flow import Step
from kiosk.event.clock import FakeClock
from kiosk.event.config import Config
from kiosk.paths import DataDir
from ui.rehearsal.driver import TouchDriver
from ui.rehearsal.folder import check_folder, prepare_folder, rehearsal_config_text
from ui.rehearsal.personas import Citizen, WalkedAway, make_persona

THINK_SECONDS = (1.0, 4.0)       # simulated time between two taps


@dataclass
class Tally:
    outcomes: Counter = field(default_factory=Counter)
    mistakes: int = 0
    switches: int = 0
    idle_resets: int = 0
    taps: int = 0
    citizen_ms: list[float] = field(default_factory=list)
    expected_records: int = 0


def run_simulation(*, citizens: int, seed: int, at: dt.datetime, config: Config,
                   data: DataDir, on_citizen: Callable[[int], None] | None = None,
                   size: tuple[int, int] = (1920, 1080), own_process: bool = False) -> dict:
    """Drive `citizens` personas through a freshly built kiosk; return the JSON summary."""
    from PySide6.QtWidgets import QApplication

    from ui.app import build_kiosk

    app = QApplication.instance() or QApplication(["kiosk-simulate"])
    clock = FakeClock(at)
    rng = random.Random(seed)
    kiosk = build_kiosk(data, config=config, clock=clock,
                        monotonic=lambda: clock.now().timestamp(), own_process=own_process)
    kiosk.window.resize(*size)
    kiosk.window.show()
    app.processEvents()
    touch = TouchDriver(kiosk.window, background=kiosk.background)
    # The first citizen walks up once the kiosk has finished starting (database open,
    # screens built in idle time), as at a real event.
    touch.settle(lambda: kiosk.controller.warm and not kiosk.background.busy)
    tally = Tally()
    started = time.perf_counter()
    today = clock.now().astimezone(config.event.tz).date()
    # An earlier rehearsal's records stay in the folder: this run counts only its own.
    before = _high_water(kiosk.booth.store)

    def think() -> None:
        clock.advance(rng.uniform(*THINK_SECONDS))

    try:
        for number in range(1, citizens + 1):
            persona = make_persona(rng, number, today)
            citizen = Citizen(persona, touch, kiosk.flow, think)
            t0 = time.perf_counter()
            try:
                kind = citizen.visit()
                tally.outcomes[kind] += 1
                tally.expected_records += 1
            except WalkedAway:
                tally.outcomes["walked_away"] += 1
                # Leaving the slip screen without tapping Finish: the record is made.
                if kiosk.flow.step == Step.DONE:
                    tally.expected_records += 1
                _walk_away(kiosk, clock, touch)
                tally.idle_resets += 1
            tally.citizen_ms.append((time.perf_counter() - t0) * 1000)
            tally.taps += citizen.taps
            tally.mistakes += citizen.mistakes
            tally.switches += int(citizen.switched)
            clock.advance(rng.uniform(5, 60))       # the next citizen walks up
            if on_citizen is not None:
                on_citizen(number)
        wall = time.perf_counter() - started
        summary = _summary(kiosk, tally, seed=seed, at=at, wall=wall, clock=clock,
                           since=before)
    finally:
        kiosk.close()
    return summary


def _walk_away(kiosk, clock: FakeClock, touch: TouchDriver) -> None:
    """Nobody touches: the quiet time, the countdown, then the screen clears itself."""
    touch.settle()
    for seconds in (kiosk.config.kiosk.idle_seconds, kiosk.config.kiosk.countdown_seconds):
        clock.advance(seconds)
        kiosk.controller.idle_tick()
    if kiosk.flow.step != Step.WELCOME:
        raise RuntimeError(f"idle reset left the kiosk on {kiosk.flow.step}")


def _ms(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)
    return {"p50": round(statistics.median(ordered), 1),
            "p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
            "max": round(ordered[-1], 1)}


def _high_water(store) -> tuple[int, int]:
    """The last record seq and ticket id in the database (0, 0 when it is new)."""
    seq = store.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM records").fetchone()[0]
    ticket = store.conn.execute("SELECT COALESCE(MAX(id), 0) FROM tickets").fetchone()[0]
    return seq, ticket


def _summary(kiosk, tally: Tally, *, seed: int, at: dt.datetime, wall: float,
             clock: FakeClock, since: tuple[int, int] = (0, 0)) -> dict:
    store = kiosk.booth.store
    records = store.records(since_seq=since[0])
    by_kind = Counter(r.kind for r in records)
    by_service = Counter(r.payload.get("service") or "COMPLAINT" for r in records)
    rows = store.conn.execute("SELECT code, service FROM tickets WHERE id > ? ORDER BY id",
                              (since[1],)).fetchall()
    tickets = Counter(service for _code, service in rows)
    return {
        "citizens": len(tally.citizen_ms),
        "seed": seed,
        "kiosk": {"id": store.kiosk_id, "number": kiosk.config.kiosk.number},
        "simulated": {"start": at.isoformat(), "end": clock.now().astimezone(
            kiosk.config.event.tz).isoformat(timespec="seconds")},
        "outcomes": dict(sorted(tally.outcomes.items())),
        "records": {"total": len(records), "by_kind": dict(sorted(by_kind.items())),
                    "by_service": dict(sorted(by_service.items()))},
        "tickets": {"issued": len(rows), "by_service": dict(sorted(tickets.items())),
                    "first": rows[0][0] if rows else None, "last": rows[-1][0] if rows else None},
        "behaviour": {"mistakes_corrected": tally.mistakes, "language_switches": tally.switches,
                      "idle_resets": tally.idle_resets, "taps": tally.taps},
        "timings": {"wall_s": round(wall, 2), "per_citizen_ms": _ms(tally.citizen_ms),
                    "taps_per_s": round(tally.taps / wall, 1) if wall else None},
        "checks": {"records_expected": tally.expected_records, "records_found": len(records),
                   "ok": tally.expected_records == len(records)
                   and store.integrity_check() == "ok"},
    }


def simulate_command(*, source_config: Path, kiosk_root: Path, citizens: int, seed: int,
                     at: dt.datetime | None, kiosk_no: int | None,
                     out_dir: Path | None) -> dict:
    """What `kiosk simulate` runs: offscreen, in a temporary data folder unless told.

    The rehearsal folder gets this kiosk's kiosk.toml (playing `kiosk_no` if given) and a
    database marked as a rehearsal's. Raises FolderRefused for an `out_dir` that is the
    kiosk's own folder, holds a real kiosk's database, or holds other files; ConfigError
    when this kiosk's configuration cannot be read.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    config_text = rehearsal_config_text(source_config, kiosk_no=kiosk_no)
    if out_dir is not None:
        check_folder(out_dir, kiosk_root=kiosk_root)
        data, config = prepare_folder(out_dir, config_text=config_text)
        summary = run_simulation(citizens=citizens, seed=seed, at=_start(at, config, data),
                                 config=config, data=data, own_process=True)
        summary["data_dir"] = str(out_dir)
        return summary
    with tempfile.TemporaryDirectory(prefix="kiosk-simulate-") as tmp:
        data, config = prepare_folder(Path(tmp), config_text=config_text)
        summary = run_simulation(citizens=citizens, seed=seed, at=_start(at, config, data),
                                 config=config, data=data, own_process=True)
        summary["data_dir"] = None
        return summary


def _start(at: dt.datetime | None, config: Config, data: DataDir) -> dt.datetime:
    """When the rehearsal starts: `at` (event time zone when naive), else now; but never
    before a minute after the folder's last record (an earlier rehearsal's day): the kiosk
    never dates a record before its last one, and would record the clock as set back
    (kiosk/event/clock.py)."""
    when = at or dt.datetime.now(dt.UTC)
    when = when.replace(tzinfo=config.event.tz) if when.tzinfo is None else when
    last = _last_record_time(data)
    return max(when, last + dt.timedelta(minutes=1)) if last is not None else when


def _last_record_time(data: DataDir) -> dt.datetime | None:
    """The time of the folder's last record (None without a database or records)."""
    import sqlite3

    from kiosk.paths import sqlite_uri

    if not data.database.exists():
        return None
    try:
        with contextlib.closing(sqlite3.connect(sqlite_uri(data.database, mode="ro"),
                                                uri=True)) as conn:
            row = conn.execute(
                "SELECT created_utc FROM records ORDER BY seq DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    return dt.datetime.fromisoformat(row[0]) if row else None
