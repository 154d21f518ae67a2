"""Crash safety: a submitting process killed with SIGKILL at random moments loses nothing."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

CHILD = r"""
import sys, uuid
sys.path.insert(0, sys.argv[2])
from kiosk.event.catalogue import load_catalogue
from kiosk.event.clock import SystemClock
from kiosk.citizen.registrar import Registrar
from kiosk.records.store import Store
from tests.helpers.factories import adult_form, config
store = Store(sys.argv[1])
reg = Registrar(store, config(), load_catalogue(), SystemClock())
print("READY", flush=True)
services = ["NEW", "RENEW"]
i = 0
while True:
    sid = str(uuid.uuid4())
    r = reg.submit_application(adult_form(service=services[i % 2]), submission_id=sid)
    print("COMMITTED", sid, r.ticket.code, flush=True)
    i += 1
"""


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_committed_submission(tmp_path):
    """40 kills mid-loop: integrity ok, seq gap-free, codes unique, every reported commit kept."""
    db = tmp_path / "crash.sqlite3"
    rng = random.Random(20191023)
    committed: dict[str, str] = {}
    for _ in range(40):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(ROOT)],
                                 stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert child.stdout.readline().strip() == "READY"
        # Let it commit a random number of times, then kill it a random moment later, so
        # the kill lands anywhere in a submission however busy the machine is.
        lines = [child.stdout.readline() for _ in range(rng.randint(1, 8))]
        time.sleep(rng.uniform(0.0, 0.004))
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        for line in lines + out.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "COMMITTED":
                committed[parts[1]] = parts[2]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    seqs = [r[0] for r in conn.execute("SELECT seq FROM records ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    codes = [r[0] for r in conn.execute("SELECT day || code FROM tickets")]
    assert len(codes) == len(set(codes))
    per_letter: dict[str, list[int]] = {}
    for letter, number in conn.execute("SELECT letter, number FROM tickets ORDER BY number"):
        per_letter.setdefault(letter, []).append(number)
    for numbers in per_letter.values():
        assert numbers == list(range(1, len(numbers) + 1)), "a ticket number was skipped"
    stored = dict(conn.execute(
        "SELECT r.uuid, t.code FROM records r JOIN tickets t ON t.record_uuid = r.uuid"))
    assert len(committed) > 40
    for sid, code in committed.items():
        assert stored.get(sid) == code
    assert len(stored) == len(seqs)
    conn.close()
