"""Logs carry no personal data: a simulated day with every logger at DEBUG (Python's and
Qt's logging categories) writes no NIK, name, phone number or birth date of the citizens,
neither whole nor spelled out one character a line."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the issue names: NIKs, names, phone numbers and birth dates (a birth place alone,
# GORONTALO, is also the office's town and on every screen).
PERSONAL = ("nik", "full_name", "phone", "birth_date", "parent_name", "parent_nik",
            "parent_phone")
ONE_CHARACTER = re.compile(r"'(.)'")


def personal_values(database: Path) -> set[str]:
    """Every personal value the rehearsal's citizens entered, in the forms a log might
    hold: as stored, as typed (08.. phones, DD-MM-YYYY dates) and as bare digits."""
    conn = sqlite3.connect(database)
    values: set[str] = set()
    for (payload,) in conn.execute("SELECT payload FROM records"):
        data = json.loads(payload)
        for field in PERSONAL:
            value = str(data.get(field) or "")
            if len(value) < 4:
                continue
            values.add(value)
            if field.endswith("phone") and value.startswith("+62"):
                values.update({"0" + value[3:], value[1:]})
            if field == "birth_date":
                year, month, day = value.split("-")
                values.update({f"{day}-{month}-{year}", f"{day}{month}{year}"})
    conn.close()
    return values


def test_a_simulated_day_at_debug_logs_no_personal_data(tmp_path):
    """`kiosk --log-level DEBUG simulate` with Qt's categories at debug too: plenty is
    logged, none of it personal."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "KIOSK_LOG_LEVEL": "DEBUG", "QT_LOGGING_RULES": "*.debug=true"}
    rehearsal = tmp_path / "rehearsal"
    done = subprocess.run(
        [sys.executable, "-m", "ui.cli", "--data-dir", str(tmp_path / "kiosk"), "simulate",
         "--citizens", "6", "--seed", "4", "--at", "2019-10-23T09:00",
         "--out-dir", str(rehearsal)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert summary["records"]["by_kind"].get("application")
    lines = done.stderr.splitlines()
    values = personal_values(rehearsal / "kiosk.sqlite3")
    assert len(values) > 20
    lowered = [line.lower() for line in lines]
    leaks = {v for v in values for line in lowered if v.lower() in line}
    assert leaks == set()
    spelled = "".join(found[0] for line in lines
                      if len(found := ONE_CHARACTER.findall(line)) == 1).lower()
    assert {v for v in values if v.lower() in spelled} == set()
    # ... and that is not because nothing was logged: Python's and Qt's debug lines are there.
    assert len(lines) > 1000 and any(line.startswith("DEBUG qt.widgets") for line in lines)
    assert any(line.startswith("DEBUG escpos") for line in lines)
