"""Child processes for bench/ui.py: time to the first shown window, and a simulated day.

    python -m bench.ui_child bare                 # a bare PySide6 QWidget shown (baseline)
    python -m bench.ui_child kiosk DATA_DIR       # the kiosk's welcome screen shown
    python -m bench.ui_child day N                # N citizens; prints stall and RSS figures
    python -m bench.ui_child day N sync           # the same, syncing to a local office

Each prints one JSON line. Start times are taken by the parent just before spawning.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def _shown_at() -> None:
    print(json.dumps({"shown": time.time()}), flush=True)


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(["bare"])
    window = QWidget()
    window.resize(1920, 1080)
    window.show()
    QTimer.singleShot(0, lambda: (_shown_at(), app.quit()))
    app.exec()


def kiosk(data_dir: str) -> None:
    from PySide6.QtWidgets import QApplication

    from kiosk.paths import DataDir
    from ui.app import run_kiosk

    def shown(window) -> None:
        assert window.current().title.text()          # the welcome screen is filled in
        _shown_at()
        window.may_close = True       # the kiosk refuses to close without the PIN otherwise
        QApplication.instance().quit()

    run_kiosk(DataDir(Path(data_dir)), windowed=True, shown=shown)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _office_for(data, tmp: Path):
    """A local central office (`kiosk-central serve` on SQLite) with the kiosk of `data`
    enrolled: its sync worker then sends the day's records while citizens tap."""
    from bench.sync import _enroll, _office, _serve
    from kiosk.booth.build import Booth
    from kiosk.event.config import default_config_text, parse

    url = f"sqlite:///{tmp / 'central.sqlite3'}"
    _paths, db = _office(tmp / "central", url)
    proc, base = _serve(tmp / "central", url)
    booth = Booth(data, config=parse(default_config_text()))
    booth.start_up()
    _enroll(db, booth, base)
    booth.close()
    return proc, db


def _at_office(db, kiosk_id: str) -> int:
    from sqlalchemy import func, select

    from kiosk.central.schema import records

    with db.read() as conn:
        return conn.execute(select(func.count()).select_from(records)
                            .where(records.c.kiosk_id == kiosk_id)).scalar_one()


def _after_day(data, db) -> dict:
    """What the office held when the day ended, then after one more round (`kiosk sync
    --once`): every record of the kiosk, and the outbox empty."""
    from kiosk.booth.build import Booth
    from kiosk.event.config import default_config_text, parse
    from kiosk.records import outbox

    booth = Booth(data, config=parse(default_config_text()))
    store = booth.store
    total = len(store.records())
    during = _at_office(db, store.kiosk_id)
    last = booth.syncer().run()
    out = {"records_kiosk": total, "at_office_when_day_ended": during,
           "at_office_after_last_round": _at_office(db, store.kiosk_id),
           "outbox_after": outbox.outbox_count(store), "last_round_ok": last.ok}
    booth.close()
    return out


def day(citizens: int, sync: bool = False) -> None:
    """Citizens through the real screens with a 5 ms heartbeat timing the UI thread; with
    `sync`, the kiosk's sync worker sends to a local central office all day."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from kiosk.event.config import default_config_text, parse
    from kiosk.paths import DataDir
    from ui.rehearsal.simulate import run_simulation

    app = QApplication(["day"])
    interval = 0.005
    state = {"last": None, "worst": 0.0, "late": [], "counting": False}

    def beat() -> None:
        now = time.perf_counter()
        if state["last"] is not None and state["counting"]:
            late = (now - state["last"]) - interval
            state["late"].append(late)
            state["worst"] = max(state["worst"], late)
        state["last"] = now

    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(int(interval * 1000))
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    rss = {}
    warmup = min(100, max(1, citizens // 10))

    def on_citizen(number: int) -> None:
        if number == 1:
            state["counting"] = True      # the first citizen builds every page once
        if number in (warmup, citizens):
            gc.collect()
            app.processEvents()
            rss[number] = rss_mb()

    synced: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        data = DataDir(Path(tmp) / "kiosk")
        office = _office_for(data, Path(tmp)) if sync else None
        try:
            summary = run_simulation(citizens=citizens, seed=7,
                                     config=parse(default_config_text()),
                                     at=dt.datetime(2019, 10, 23, 8, 0, tzinfo=dt.UTC),
                                     data=data, on_citizen=on_citizen, own_process=True)
            if office is not None:
                synced = _after_day(data, office[1])
        finally:
            if office is not None:
                office[0].terminate()
                office[0].wait(30)
                office[1].dispose()
    late = sorted(state["late"])
    print(json.dumps({
        "max_stall_ms": state["worst"] * 1000,
        "p99_stall_ms": late[int(0.99 * (len(late) - 1))] * 1000 if late else 0.0,
        "rss_warm_mb": rss.get(warmup), "rss_end_mb": rss.get(citizens), "warmup": warmup,
        "citizens": summary["citizens"], "records": summary["records"]["total"],
        "ok": summary["checks"]["ok"], "wall_s": summary["timings"]["wall_s"], **synced,
    }), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    what = sys.argv[1]
    if what == "bare":
        bare()
    elif what == "kiosk":
        kiosk(sys.argv[2])
    elif what == "day":
        day(int(sys.argv[2]), sync="sync" in sys.argv[3:])
    else:
        raise SystemExit(f"unknown: {what}")
