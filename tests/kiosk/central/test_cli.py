"""`kiosk-central` as the office's IT staff use it: init, enroll, import, gaps, staff, export,
doctor; and the README's one-command run of the receiver on its embedded default."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from kiosk.central.cli import cli
from kiosk.central.keys import load_keys
from kiosk.central.settings import CentralPaths
from tests.helpers.central import DAY1, DAY2, DAY3, KioskSite

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def run(tmp_path, db_url):
    """Run kiosk-central with this test's data folder and database; returns the result."""
    data = tmp_path / "office"

    def invoke(*args: str, input: str | None = None, code: int | None = 0):
        result = CliRunner().invoke(cli, ["--data-dir", str(data), "--db", db_url, *args],
                                    input=input, catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, result.output
        return result

    invoke("init")
    invoke.paths = CentralPaths(data)
    return invoke


@pytest.fixture
def site(tmp_path, run):
    site = KioskSite(tmp_path / "kiosk", 1, 1, load_keys(run.paths).central.public_key())
    yield site
    site.close()


def test_init_makes_an_owner_only_folder_and_keeps_keys_on_a_second_run(run):
    """Keys 0600, folders 0700, central-public.pem named; init again changes no key."""
    first = load_keys(run.paths).fingerprint
    again = run("init")
    assert "central-public.pem" in again.output and load_keys(run.paths).fingerprint == first
    for folder in (run.paths.root, run.paths.keys, run.paths.archive, run.paths.logs):
        assert folder.stat().st_mode & 0o777 == 0o700
    for key in ("central-private.pem", "central-signing.pem"):
        assert (run.paths.keys / key).stat().st_mode & 0o777 == 0o600


def test_enroll_list_revoke(run, site):
    """A one-time code is printed; the list shows the kiosk; revoked, it says so."""
    out = run("kiosks", "enroll", site.kiosk_id, f'"{site.public_key}"', "--event", "GTO").output
    assert re.search(r"enrollment code: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", out)
    assert site.kiosk_id in run("kiosks", "list").output
    run("kiosks", "revoke", site.kiosk_id)
    assert "revoked" in run("kiosks", "list").output
    bad = run("kiosks", "enroll", "kXYZ", "abc", code=1)
    assert "not a kiosk id" in bad.output


def test_import_a_stick_then_again_then_a_damaged_file(run, site, tmp_path):
    """One line per bundle with its counts; again: nothing changed; damaged: refused, exit 1."""
    run("kiosks", "enroll", site.kiosk_id, site.public_key)
    stick = tmp_path / "stick"
    for day in (DAY1, DAY2):
        site.rehearse(day)
        site.export(day, stick)
    first = run("import", str(stick)).output
    assert len(re.findall(r"^OK .* accepted, 0 duplicate, 0 conflict$", first, re.M)) == 2
    again = run("import", str(stick)).output
    assert len(re.findall(r"^OK .*: kiosk \S+, 0 accepted, \d+ duplicate, 0 conflict \(this "
                          r"file was imported before: nothing changed\)$", again, re.M)) == 2
    damaged = tmp_path / "damaged.zip"
    data = bytearray(sorted(stick.glob("*.zip"))[0].read_bytes())
    data[100] ^= 1
    damaged.write_bytes(bytes(data))
    out = run("import", str(damaged), code=1).output
    assert re.search(r"^REFUSED .*damaged\.zip: container: ", out, re.M)


def test_gaps_names_the_missing_range(run, site, tmp_path):
    """The middle day left on the kiosk: `gaps` prints its range."""
    run("kiosks", "enroll", site.kiosk_id, site.public_key)
    paths = {}
    for day in (DAY1, DAY2, DAY3):
        site.rehearse(day, arrivals=10)
    for day in (DAY1, DAY2, DAY3):
        paths[day] = site.export(day, tmp_path / "stick")
    run("import", str(paths[DAY1]), str(paths[DAY3]))
    out = run("gaps").output
    assert re.search(rf"^{site.kiosk_id}  held to seq \d+ \(highest \d+\)  missing: \d+-\d+",
                     out, re.M)


def test_staff_export_and_doctor(run, site, tmp_path):
    """Add staff (password on stdin), export a day's CSV, and doctor passes."""
    assert "added ani (administrator)" in run("staff", "add", "ani", "--role", "administrator",
                                              "--password-stdin",
                                              input="long enough pw\n").output
    short = run("staff", "add", "x1", "--role", "counter", "--password-stdin", input="short\n",
                code=1)
    assert "at least 10" in short.output
    run("kiosks", "enroll", site.kiosk_id, site.public_key)
    site.rehearse(DAY1, arrivals=10)
    run("import", str(site.export(DAY1, tmp_path / "stick")))
    out = tmp_path / "apps.csv"
    assert "of 2019-10-23 written" in run("export", "applications", "--day", "2019-10-23",
                                          "--out", str(out)).output
    assert out.read_text(encoding="utf-8").startswith("record_uuid,kiosk_id,")
    assert "All checks passed." in run("doctor").output
    assert "ani" in run("staff", "list").output


def test_an_unreachable_database_is_one_sentence(tmp_path):
    """A PostgreSQL URL nobody answers: a clear message and exit 1, no traceback."""
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "o"), "--db",
                                      "postgresql+psycopg://x@127.0.0.1:9/none", "init"])
    assert result.exit_code == 1 and "cannot set up the database" in result.output
    assert "Traceback" not in result.output


def readme_command() -> list[list[str]]:
    """The README's run line, as its `&&`-separated commands."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "kiosk-central" in x and "serve" in x)
    return [part.split() for part in line.strip().split("&&")]


def test_the_readme_runs_the_receiver_on_its_embedded_default(tmp_path):
    """From a fresh data folder: init, then serve (SQLite in the data folder); a page over
    HTTP on 127.0.0.1; stopped with SIGTERM."""
    commands = readme_command()
    assert commands[-2:] == [["kiosk-central", "init"], ["kiosk-central", "serve"]]
    assert "[central]" in " ".join(commands[0])
    data = tmp_path / "office"
    env = dict(os.environ, KIOSK_CENTRAL_DATA_DIR=str(data))
    env.pop("KIOSK_CENTRAL_DB", None)
    me = [sys.executable, "-m", "kiosk.central.cli"]
    subprocess.run(me + ["init"], env=env, check=True, capture_output=True, cwd=ROOT)
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    serve = commands[-1][1:]
    server = subprocess.Popen(me + serve + ["--port", str(port)], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, page = time.monotonic() + 60, None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/signin", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert page is not None and page.status_code == 200 and "Masuk" in page.text
    finally:
        server.send_signal(signal.SIGTERM)
        out, _ = server.communicate(timeout=30)
    # uvicorn finishes its requests, then exits by the signal it was sent (as systemd expects).
    assert server.returncode in (0, -signal.SIGTERM), out
    assert (data / "central.sqlite3").exists()
    assert b"GET /signin 200" in out
