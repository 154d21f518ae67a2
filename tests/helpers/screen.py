"""A real X server (Xvfb) for the kiosk's window, a `kiosk` command that runs this checkout,
and a way to run a command with some system libraries gone (a private mount namespace).

Tests that need Xvfb, or root for the namespace, skip where they are missing, except under
CI (CI=true), where .ci/run installs them: there a missing tool fails the test.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIB_DIRS = ("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib")


def need(tool: str, why: str) -> None:
    """Skip the test when `tool` is not installed; fail instead under CI."""
    if shutil.which(tool):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing ({why}); .ci/run installs it")
    pytest.skip(f"{tool} is not installed ({why})")


def kiosk_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """An environment whose `kiosk` command runs this checkout's code (not an installed one)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "kiosk"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -c "import sys; sys.argv[0] = '
                    f"'kiosk'; from ui.cli import main; main()\" \"$@\"\n")
    shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "KIOSK_DATA_DIR")}
    env.update(PATH=f"{bin_dir}:{env.get('PATH', '')}", PYTHONPATH=str(ROOT), **extra)
    return env


@contextlib.contextmanager
def xvfb(size: str = "1280x800x24") -> Iterator[str]:
    """A throwaway X server; yields its DISPLAY (":N", a number the server chose itself)."""
    need("Xvfb", "a screen for the kiosk's window")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size,
                               "-nolisten", "tcp", "-noreset"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as fh:
            number = fh.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def window_titles(display: str) -> list[str]:
    """Names of the windows mapped on `display` (xwininfo, from x11-utils)."""
    need("xwininfo", "to see which windows are on the screen")
    out = subprocess.run(["xwininfo", "-root", "-tree", "-display", display],
                         capture_output=True, text=True, timeout=30, check=False).stdout
    return [line.split('"')[1] for line in out.splitlines() if line.count('"') >= 2]


def wait_for_window(display: str, title: str, process: subprocess.Popen,
                    timeout: float = 90) -> None:
    """Wait until a window named `title` is on the screen; fail if the process ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out, err = process.communicate()
            pytest.fail(f"ended with {process.returncode} before its window showed:\n{out}{err}")
        if any(title in name for name in window_titles(display)):
            return
        time.sleep(0.25)
    process.kill()
    pytest.fail(f"no window named {title!r} within {timeout} s")


def stop(process: subprocess.Popen, timeout: float = 30) -> tuple[int, str, str]:
    """SIGTERM (what systemctl stop sends); returns (exit status, stdout, stderr)."""
    process.send_signal(signal.SIGTERM)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        pytest.fail(f"did not close within {timeout} s of SIGTERM:\n{out}{err}")
    return process.returncode, out, err


def without_libraries(sonames: list[str], scratch: Path) -> list[str]:
    """A command prefix: run in a private mount namespace where these libraries are gone.

    An overlay over the system library folder hides the files from this one process tree;
    the machine itself keeps them. Needs root and unshare(1).
    """
    if os.geteuid() != 0 or not shutil.which("unshare"):
        if os.environ.get("CI"):
            pytest.fail("hiding a library needs root and unshare(1)")
        pytest.skip("hiding a library needs root and unshare(1)")
    folder = next(d for d in LIB_DIRS if any(Path(d, s).exists() for s in sonames))
    (scratch / "upper").mkdir(parents=True)
    (scratch / "work").mkdir()
    script = (f'set -e; w="{scratch}"; '
              f'mount -t overlay overlay -o lowerdir={folder},'
              f'upperdir="$w/upper",workdir="$w/work" {folder}; '
              + "".join(f'rm -f {folder}/{s}*; ' for s in sonames) +
              'exec "$@"')
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "hide-libs"]
