"""Every command in the README runs as written, on the day the tests run, on a temporary
data folder. The commands are read from the README's code blocks, so one added later is
run too (or this test says it does not know how to run it)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from kiosk.booth.build import Booth
from kiosk.event.clock import SystemClock
from kiosk.event.config import load_or_create
from kiosk.paths import DataDir
from tests.helpers.factories import adult_form
from tests.helpers.screen import kiosk_env, need, stop, wait_for_window, xvfb

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
OFFICE = "Kantor Imigrasi Kelas I TPI Gorontalo"
PIN = "583920"
# Example values the README uses, and what stands for them here (filled in by `scene`).
PLACEHOLDERS = ("TOKEN", "FILE", "DIR", "NAME", "/media/usb", "KIOSK_ID", "PUBLIC_KEY", "URL",
                "CODE")
STAFF_PASSWORD = "teh manis di pasar sentral"


def readme_commands() -> list[str]:
    """The commands of the README's code blocks (indented or fenced), comments removed,
    `a && b` split in two."""
    commands, fenced, previous_blank = [], False, True
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced or (line.startswith("    ") and (previous_blank or commands)
                      and line.strip()):
            text = re.split(r"\s+#\s", line.strip(), maxsplit=1)[0].strip()
            commands += [part.strip() for part in text.split("&&") if part.strip()]
        previous_blank = not line.strip() or (previous_blank and line.startswith("    "))
    return commands


COMMANDS = readme_commands()
# The office makes its key pair before any kiosk exports to it, and IT chooses the kiosk PIN
# before `kiosk doctor` can pass (the README lists both later).
FIRST = ("kiosk keys central-keypair", "kiosk officer kiosk-pin")
RUN_ORDER = sorted(COMMANDS, key=lambda c: next(
    (n for n, start in enumerate(FIRST) if c.startswith(start)), len(FIRST)))


def test_the_readme_shows_the_commands_this_test_runs():
    """The parser finds the README's commands (a README reshaped would fail loudly here)."""
    assert "kiosk simulate --citizens 200 --seed 1" in COMMANDS
    assert "kiosk doctor" in COMMANDS and "kiosk run --windowed" in COMMANDS
    assert len(COMMANDS) >= 20


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """A kiosk in service today: the office's public key (made by the README's
    `kiosk keys central-keypair --out DIR`) named in its config, seven applications
    (A-001 to A-007) and the signed token of a slip; a work folder to run commands in."""
    top = tmp_path_factory.mktemp("readme")
    office = top / "office"                 # DIR: the central office's folder
    public = office / "central-public.pem"
    data = DataDir(top / "data")
    load_or_create(data.config)
    data.config.write_text(data.config.read_text(encoding="utf-8").replace(
        'central_public_key = ""', f'central_public_key = "{public}"'), encoding="utf-8")
    booth = Booth(data, config=load_or_create(data.config), clock=SystemClock())
    try:
        registrar = booth.registrar()
        receipts = [registrar.submit_application(
            adult_form(nik=f"757101010190{n:04d}"), submission_id=str(uuid.uuid4()))
            for n in range(1, 8)]
        token = booth.slips.token_for(receipts[-1])
        (kiosk_id, public_key), = booth.own_key().items()
    finally:
        booth.close()
    work, usb = top / "work", top / "usb"
    work.mkdir()
    usb.mkdir()
    (top / "office-home").mkdir()
    values = {"TOKEN": token, "DIR": str(office), "NAME": "Budi", "/media/usb": str(usb),
              "FILE": lambda: str(_bundle(usb, data)), "KIOSK_ID": kiosk_id,
              "PUBLIC_KEY": public_key}
    env = kiosk_env(top, KIOSK_DATA_DIR=str(data.root), QT_QPA_PLATFORM="offscreen")
    scene = {"top": top, "work": work, "env": env, "values": values, "data": data}
    yield scene
    if scene.get("office_server") is not None:
        scene["office_server"].stop()


def _bundle(usb: Path, data: DataDir) -> Path:
    """The bundle the README's `kiosk export` wrote (made here if that ran not first)."""
    if not any(usb.iterdir()):
        subprocess.run([sys.executable, "-c", "from ui.cli import main; main()",
                        "--data-dir", str(data.root), "export", "--out", str(usb)],
                       cwd=ROOT, check=True, capture_output=True)
    return sorted(usb.glob("*.zip"))[0]


def _fill(command: str, values: dict) -> str:
    left = re.findall(r"\b[A-Z]{3,}\b", command.replace("QT_QPA_PLATFORM", ""))
    assert set(left) <= set(PLACEHOLDERS), \
        f"README command {command!r}: no value for {left}; add it to PLACEHOLDERS"
    for name in PLACEHOLDERS:
        spot = re.compile(rf"(?<![\w/.-]){re.escape(name)}(?![\w.-])")
        if spot.search(command):
            value = values[name]() if callable(values[name]) else values[name]
            command = spot.sub(shlex.quote(value), command)
    return command


def _sh(command: str, scene: dict, *, stdin: str | None = None, timeout: float = 600,
        office_home: Path | None = None) -> subprocess.CompletedProcess:
    env = scene["env"]
    if office_home is not None:
        env = {k: v for k, v in env.items() if k != "KIOSK_DATA_DIR"}
        env.update(HOME=str(office_home), XDG_DATA_HOME=str(office_home / ".local/share"))
    return subprocess.run(["bash", "-c", command], cwd=scene["work"], env=env,
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def _gui(command: str, scene: dict) -> None:
    """A command that opens the kiosk's window: on Xvfb; it must show, then close on SIGTERM."""
    with xvfb() as display:
        env = {**scene["env"], "DISPLAY": display}
        env.pop("QT_QPA_PLATFORM")
        kiosk = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=scene["work"], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for_window(display, OFFICE, kiosk)
        status, out, err = stop(kiosk)
    assert status == 0 and "Traceback" not in err, out + err


def _bench(command: str, scene: dict) -> None:
    """The benchmarks take many minutes: the first of them must finish and print JSON."""
    bench = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=ROOT, env=scene["env"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = bench.stdout.readline()
    finally:
        bench.kill()
        bench.communicate()
    entry = json.loads(first)
    assert entry["name"] and isinstance(entry["value"], int | float), first


@pytest.mark.install
@pytest.mark.parametrize("command", RUN_ORDER)
def test_every_readme_command_runs_as_written(scene, command):
    """Each README command, placeholders filled, succeeds (exit status 0) today."""
    words = shlex.split(command)
    program = [w for w in words if "=" not in w.split("/")[0]][:3]
    if words[:2] in (["sudo", "apt-get"], ["apt-get", "install"]):
        need("apt-get", "the README's Debian packages")
        packages = words[words.index("install") + 1:]
        result = subprocess.run(["apt-get", "-s", "install", *packages], capture_output=True,
                                text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        if os.environ.get("CI"):
            for package in packages:
                assert subprocess.run(["dpkg", "-s", package], capture_output=True).returncode \
                    == 0, f"{package} is not installed: .ci/run installs the README's list"
    elif program[1:3] == ["-m", "pip"]:
        result = subprocess.run([sys.executable, *words[1:], "--dry-run", "-q"], cwd=ROOT,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    elif program[1:3] == ["-m", "pytest"]:
        assert "python3 -m pytest" in (ROOT / ".ci" / "run").read_text()   # CI runs it
    elif program[1:3] == ["-m", "bench"]:
        _bench(command, scene)
    elif words == ["requirements/refresh"]:
        copy = scene["top"] / "checkout"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
            ".git", "venv", "__pycache__", ".*cache", "build", "*.egg-info"), dirs_exist_ok=True)
        result = subprocess.run(["requirements/refresh"], cwd=copy, capture_output=True,
                                text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "pyside6-essentials==" in (copy / "requirements/constraints.txt").read_text()
    elif words[0] == "kiosk" and (len(words) == 1 or words[1] == "run"):
        _gui(command, scene)
    elif words[:2] in (["kiosk", "enroll"], ["kiosk", "sync"]):
        _to_the_office(command, scene)
    elif words[0] == "kiosk":
        filled = _fill(command, scene["values"])
        stdin = f"{PIN}\n{PIN}\n" if words[1:3] in (["officer", "add"],
                                                    ["officer", "kiosk-pin"]) else None
        office = words[1] == "bundle"         # at the central office: no kiosk data folder
        home = scene["top"] / "office-home"
        result = _sh(filled, scene, stdin=stdin, office_home=home if office else None)
        assert result.returncode == 0, f"{filled}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr
        if office:
            assert not any(home.rglob("*")), "the office's verify wrote files"
        if words[1:3] == ["keys", "show"]:    # the README: keep the line beside the key
            with open(Path(scene["values"]["DIR"]) / "kiosk-keys.txt", "a") as fh:
                fh.write(result.stdout)
        if words[1] == "simulate":
            assert json.loads(result.stdout)["checks"]["ok"]
    elif words[0] == "kiosk-central":
        _office(command, scene)
    else:
        pytest.fail(f"the README shows {command!r}: teach this test how to run it")


def _office(command: str, scene: dict) -> None:
    """A central office command. The README's one-command run (plain `init`, then `serve`)
    gets a fresh folder of its own; the office's list (init with the office's key, staff,
    enroll, import, gaps, serve) shares one, and imports the kiosk's exported bundle."""
    words = shlex.split(command)
    office, fresh = scene["top"] / "central-office", scene["top"] / "central-default"
    if words[1] == "init":
        where = office if "--central-key" in words else fresh
    elif words[1] == "serve":
        where = office if (office / "central.toml").exists() else fresh
    else:
        where = office
    env = {**scene["env"], "KIOSK_CENTRAL_DATA_DIR": str(where)}
    filled = _fill(command, scene["values"])
    if words[1] == "serve":
        _serve(filled, scene, env)
        return
    if words[1] == "import":
        _bundle(Path(scene["values"]["/media/usb"]), scene["data"])
    stdin = f"{STAFF_PASSWORD}\n{STAFF_PASSWORD}\n" if words[1:3] == ["staff", "add"] else None
    result = subprocess.run(["bash", "-c", filled], cwd=scene["work"], env=env, input=stdin,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{filled}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    if words[1] == "import":
        assert re.search(r"[1-9]\d* accepted", result.stdout), result.stdout
    if words[1:3] == ["kiosks", "enroll"]:      # the code the kiosk types (`kiosk enroll`)
        scene["values"]["CODE"] = re.search(r"enrollment code: (\S+)", result.stdout).group(1)


def _to_the_office(command: str, scene: dict) -> None:
    """`kiosk enroll URL CODE` and `kiosk sync --once` against the README's office (the
    office list's folder, enrolled there by `kiosk-central kiosks enroll`), served on a
    free port until the tests end: URL is its address, CODE the code it printed."""
    from tests.helpers.sync import OfficeProcess

    office = scene["top"] / "central-office"
    assert "CODE" in scene["values"], "the README enrolls the kiosk at the office first"
    if scene.get("office_server") is None:         # one office for both, until the end
        scene["office_server"] = OfficeProcess(
            office, f"sqlite:///{office / 'central.sqlite3'}").start()
    scene["values"]["URL"] = scene["office_server"].url
    filled = _fill(command, scene["values"])
    result = _sh(filled, scene)
    assert result.returncode == 0, f"{filled}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    if shlex.split(command)[1] == "sync":
        assert "Outbox empty" in result.stdout, result.stdout


def _serve(command: str, scene: dict, env: dict) -> None:
    """`kiosk-central serve` as written (on a free port given by $KIOSK_CENTRAL_PORT): the
    sign-in page answers over HTTP, then SIGTERM stops it."""
    import socket
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=scene["work"],
                              env={**env, "KIOSK_CENTRAL_PORT": str(port)},
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    status, deadline = None, time.monotonic() + 60
    try:
        while status != 200 and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/signin", timeout=5) as r:
                    status = r.status
            except OSError:
                time.sleep(0.2)
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert status == 200, out
    assert "Traceback" not in out, out
