"""`kiosk simulate --out-dir`: the rehearsal folder gets this kiosk's configuration, a
real kiosk's folder is refused, and a second rehearsal into the same folder succeeds."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

import ui.cli  # noqa: F401 - registers simulate on the kiosk group
from kiosk.cli import cli
from kiosk.event.config import default_config_text, load
from kiosk.records.store import Store
from tests.conftest import EVENT_MORNING

AT = "2019-10-23T09:30:00+08:00"


def _kiosk(tmp_path):
    """A kiosk data folder with its own event configuration."""
    data = tmp_path / "kiosk"
    data.mkdir()
    (data / "kiosk.toml").write_text(default_config_text()
                                     .replace('code = "GTO-DEMO"', 'code = "GTO-2026-11"')
                                     .replace("kiosks = 1", "kiosks = 3"), encoding="utf-8")
    return data


def _simulate(data, *args):
    return CliRunner().invoke(cli, ["--data-dir", str(data), "simulate", "--citizens", "6",
                                    "--seed", "4", "--at", AT, *args])


def test_the_rehearsal_folder_gets_this_kiosks_configuration(qapp, tmp_path):
    """Later commands on the rehearsal folder see this kiosk's event, not the demo."""
    data, out = _kiosk(tmp_path), tmp_path / "rehearsal"
    result = _simulate(data, "--out-dir", str(out), "--kiosk-no", "2")
    assert result.exit_code == 0, result.output
    copied = load(out / "kiosk.toml")
    assert copied.event.code == "GTO-2026-11" and copied.event.kiosks == 3
    assert copied.kiosk.number == 2                 # --kiosk-no is what the rehearsal played
    doctor = CliRunner().invoke(cli, ["--data-dir", str(out), "doctor"])
    assert "event GTO-2026-11, kiosk 2 of 3" in doctor.output, doctor.output


def test_the_kiosk_number_is_added_where_the_configuration_has_none(qapp, tmp_path):
    """A kiosk.toml without [kiosk] and [event] tables still gets --kiosk-no written."""
    data = tmp_path / "kiosk"
    data.mkdir()
    (data / "kiosk.toml").write_text("# only the printer\n[printer]\npaper_mm = 58\n")
    out = tmp_path / "rehearsal"
    assert _simulate(data, "--out-dir", str(out), "--kiosk-no", "3").exit_code == 0
    copied = load(out / "kiosk.toml")
    assert copied.kiosk.number == 3 and copied.event.kiosks == 3
    assert copied.printer.paper_mm == 58


def test_the_kiosks_own_data_folder_is_refused(qapp, tmp_path):
    """--out-dir naming the kiosk's own folder is refused before anything is written."""
    data = _kiosk(tmp_path)
    before = sorted(p.name for p in data.iterdir())
    result = _simulate(data, "--out-dir", str(data))
    assert result.exit_code == 2 and "own data folder" in result.output, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in data.iterdir()) == before


def test_a_folder_holding_a_real_kiosks_records_is_refused(qapp, tmp_path):
    """Another kiosk's folder (records not marked as a rehearsal's) is never written to."""
    data, other = _kiosk(tmp_path), tmp_path / "kiosk-2"
    other.mkdir()
    store = Store(other / "kiosk.sqlite3")
    with store.transaction():
        store.append_record("info", {"service": "NEW"}, now=EVENT_MORNING)
    store.close()
    result = _simulate(data, "--out-dir", str(other))
    assert result.exit_code == 2 and "1 record" in result.output, result.output
    conn = sqlite3.connect(other / "kiosk.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 1
    assert not (other / "kiosk.toml").exists()


def test_a_folder_with_other_files_is_refused(qapp, tmp_path):
    """A folder that is neither empty nor a rehearsal's (a home folder, a stick) is refused."""
    data, stick = _kiosk(tmp_path), tmp_path / "stick"
    stick.mkdir()
    (stick / "photos.txt").write_text("holiday")
    result = _simulate(data, "--out-dir", str(stick))
    assert result.exit_code == 2 and "empty" in result.output, result.output
    assert sorted(p.name for p in stick.iterdir()) == ["photos.txt"]


def test_a_second_rehearsal_into_the_same_folder_counts_its_own_records(qapp, tmp_path):
    """The second run succeeds; its checks and counts cover only the records it made."""
    data, out = _kiosk(tmp_path), tmp_path / "rehearsal"
    first = _simulate(data, "--out-dir", str(out))
    assert first.exit_code == 0, first.output
    second = _simulate(data, "--out-dir", str(out), "--seed", "9")
    assert second.exit_code == 0, second.output
    one, two = json.loads(first.output), json.loads(second.output)
    assert two["checks"]["ok"] and two["records"]["total"] == two["checks"]["records_expected"]
    assert two["kiosk"]["id"] == one["kiosk"]["id"]
    conn = sqlite3.connect(out / "kiosk.sqlite3")
    total = conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    assert total == one["records"]["total"] + two["records"]["total"]
    tickets = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    assert tickets == one["tickets"]["issued"] + two["tickets"]["issued"]


@pytest.mark.parametrize("where", ["temporary", "out-dir"])
def test_rehearsal_databases_are_marked_as_such(qapp, tmp_path, where, monkeypatch):
    """The rehearsal's database says in its meta table that it is a rehearsal's."""
    import ui.rehearsal.simulate as simulate

    seen = {}
    real = simulate.run_simulation

    def spy(**kwargs):
        summary = real(**kwargs)
        conn = sqlite3.connect(kwargs["data"].database)
        seen["mark"] = conn.execute("SELECT value FROM meta WHERE key='rehearsal'").fetchone()
        conn.close()
        return summary

    monkeypatch.setattr(simulate, "run_simulation", spy)
    args = ["--out-dir", str(tmp_path / "r")] if where == "out-dir" else []
    assert _simulate(_kiosk(tmp_path), *args).exit_code == 0
    assert seen["mark"] and "kiosk simulate" in seen["mark"][0]
