"""`kiosk run` and `kiosk simulate`: help, the PIN that guards leaving, a small rehearsal."""

from __future__ import annotations

import json

from click.testing import CliRunner
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

import ui.cli  # noqa: F401 - registers run and simulate on the kiosk group
from kiosk.cli import cli
from kiosk.paths import DataDir
from tests.helpers.officer_side import KIOSK_PIN, choose_kiosk_pin
from ui.app import run_kiosk
from ui.rehearsal.driver import NotTappable, TouchDriver


def test_help_lists_run_and_simulate():
    """`kiosk --help` documents the touchscreen commands; run's help says how to leave."""
    runner = CliRunner()
    top = runner.invoke(cli, ["--help"])
    assert "run" in top.output and "simulate" in top.output
    run_help = runner.invoke(cli, ["run", "--help"])
    assert "exit_pin" in run_help.output and "--windowed" in run_help.output


def test_simulate_prints_one_json_summary(qapp, tmp_path):
    """A small seeded rehearsal: every visit made its record; counts add up; kiosk 2 codes."""
    result = CliRunner().invoke(cli, [
        "--data-dir", str(tmp_path / "kiosk"), "simulate", "--citizens", "8", "--seed", "5",
        "--at", "2019-10-23T09:00", "--kiosk-no", "2", "--out-dir", str(tmp_path / "rehearsal")])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["citizens"] == 8 and summary["checks"]["ok"]
    assert sum(summary["records"]["by_kind"].values()) == summary["records"]["total"]
    assert summary["simulated"]["start"].startswith("2019-10-23T09:00:00+08:00")
    assert summary["tickets"]["issued"] > 0            # seed 5: some of the 8 take a ticket
    assert summary["tickets"]["first"][1] == "2"
    assert (tmp_path / "rehearsal" / "kiosk.sqlite3").exists()
    assert not (tmp_path / "kiosk" / "kiosk.sqlite3").exists()


def test_simulate_rejects_a_bad_time(qapp, tmp_path):
    """--at must be an ISO date-time; the message says so (no traceback)."""
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "simulate", "--citizens",
                                      "1", "--at", "tomorrow"])
    assert result.exit_code == 2 and "ISO" in result.output


def test_leaving_needs_the_exit_pin(qapp, tmp_path):
    """Closing is refused and opens the PIN pad; a wrong PIN says so; the kiosk PIN (chosen
    beforehand with `kiosk officer kiosk-pin`) closes."""
    seen: dict[str, object] = {}

    def when(ready, then):
        """Poll the running event loop until ready() (the pad opens after a worker answers)."""
        def poll():
            if ready():
                then()
            else:
                QTimer.singleShot(20, poll)
        QTimer.singleShot(0, poll)

    def officer(window):
        touch = TouchDriver(window)

        def visible(name):
            try:
                touch.find(name, root=window)
            except NotTappable:
                return False
            return True

        def type_pin(pin):
            for key in [*pin, "ok"]:
                touch.tap(touch.find(f"officerPin:{key}", root=window))

        def wrong_then_right():
            type_pin("1111")                  # checked on a worker: the answer comes later

            def right():
                seen["wrong"] = touch.find("officerPin:message", root=window).text()
                type_pin(KIOSK_PIN)

            when(lambda: visible("officerPin:message"), right)

        def close_and_type():
            window.close()                               # the window manager's close: refused
            seen["refused"] = window.isVisible()
            when(lambda: visible("officerPin:ok"), wrong_then_right)

        # `kiosk run` adds the officer side once its modules are loaded on a worker.
        when(lambda: window.findChild(QWidget, "officerPin:ok") is not None, close_and_type)

    # A broken test must not hang the run. exit(), not quit(): quit() asks the windows to
    # close, and the kiosk window refuses.
    QTimer.singleShot(20_000, lambda: qapp.exit(3))
    choose_kiosk_pin(tmp_path / "d")
    code = run_kiosk(DataDir(tmp_path / "d"), windowed=True, size=(1280, 800),
                     shown=lambda window: QTimer.singleShot(0, lambda: officer(window)))
    assert code == 0, seen
    assert seen["refused"]
    assert "PIN salah" in seen["wrong"]


def test_run_with_display_opens_the_now_serving_screen(qapp, tmp_path):
    """--display: the public screen opens once the officer side joins (its own window when
    there is one screen), reads the queue, and closes with the kiosk."""
    seen: dict[str, object] = {}

    def displays():
        return [w for w in qapp.topLevelWidgets()
                if w.objectName() == "nowServing" and w.isVisible()]

    def look(window):
        def poll():
            shown = displays()
            title = shown[0].findChild(QWidget, "display:title").text() if shown else ""
            if title:                           # filled in once the first read answered
                seen.update(count=len(shown), title=title, size=shown[0].size().toTuple(),
                            kiosk_visible=window.isVisible())
                window.may_close = True
                qapp.exit(0)
            else:
                QTimer.singleShot(20, poll)
        poll()

    QTimer.singleShot(20_000, lambda: qapp.exit(3))
    choose_kiosk_pin(tmp_path / "d")
    code = run_kiosk(DataDir(tmp_path / "d"), windowed=True, size=(1280, 800), display=True,
                     shown=look)
    assert code == 0, seen
    assert seen["count"] == 1 and seen["title"] == "Sedang dilayani" and seen["kiosk_visible"]
    assert seen["size"] == (1280, 720)
    assert displays() == []


def test_plain_kiosk_starts_the_touchscreen(monkeypatch, tmp_path):
    """`kiosk` with no command runs `kiosk run` (full screen unless --windowed)."""
    calls = []

    def fake_run(data, *, windowed, size, config, display, shown=None):
        calls.append((data.root, windowed, size, config.kiosk.number))
        return 0

    monkeypatch.setattr("ui.app.run_kiosk", fake_run)
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert calls == [(tmp_path / "d", False, (1920, 1080), 1)]
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "d"), "run", "--windowed",
                                      "--size", "1080x1920"])
    assert calls[-1][1:3] == (True, (1080, 1920))


def test_run_refuses_a_kiosk_in_service_without_its_database_or_key(qapp, tmp_path):
    """`kiosk run` on a kiosk that has served: an emptied database or a deleted signing
    key ends with the reason and what to do (exit 1), before any window shows."""
    from kiosk.booth.build import Booth
    from kiosk.citizen.steps import Submission
    from kiosk.records.keys import SIGNING_KEY_FILE
    from tests.helpers.factories import adult_form
    from tests.helpers.slips import sid

    root = tmp_path / "data"
    booth = Booth(DataDir(root))
    receipt = booth.submit(Submission("application", adult_form(), "NEW", sid(), "id", 0))
    assert booth.print_slip(receipt, "id").ok
    booth.close()
    (root / "keys" / SIGNING_KEY_FILE).rename(tmp_path / "key-aside.pem")
    no_key = CliRunner().invoke(cli, ["--data-dir", str(root), "run", "--windowed"])
    assert no_key.exit_code == 1 and "kiosk keys rotate" in no_key.output
    (tmp_path / "key-aside.pem").rename(root / "keys" / SIGNING_KEY_FILE)
    (root / "kiosk.sqlite3").write_bytes(b"")
    for sidecar in ("-wal", "-shm"):
        (root / f"kiosk.sqlite3{sidecar}").unlink(missing_ok=True)
    emptied = CliRunner().invoke(cli, ["--data-dir", str(root), "run", "--windowed"])
    assert emptied.exit_code == 1 and "kiosk recover --new-database" in emptied.output
    assert "Traceback" not in emptied.output
    assert QWidget is not None and not [w for w in qapp.topLevelWidgets() if w.isVisible()]
