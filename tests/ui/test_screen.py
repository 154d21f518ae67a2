"""The README's run command on a real X server: the window comes up and closes cleanly;
a missing system library is named with the Debian package to install, before Qt aborts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.screen import (
    ROOT,
    kiosk_env,
    need,
    stop,
    wait_for_window,
    without_libraries,
    xvfb,
)
from ui.platform_check import PACKAGES, missing_libraries, plugin_path, screen_problem

OFFICE = "Kantor Imigrasi Kelas I TPI Gorontalo"      # the demo event's window title


def test_kiosk_run_windowed_opens_and_closes_cleanly_on_x(tmp_path):
    """`kiosk run --windowed` shows its window on Xvfb; SIGTERM closes it, database closed."""
    data = tmp_path / "data"
    with xvfb() as display:
        env = kiosk_env(tmp_path, DISPLAY=display, KIOSK_DATA_DIR=str(data))
        kiosk = subprocess.Popen(["kiosk", "run", "--windowed"], env=env, cwd=tmp_path,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        wait_for_window(display, OFFICE, kiosk)
        status, out, err = stop(kiosk)
    assert status == 0, out + err
    assert "Traceback" not in err and "qt.qpa" not in err, err
    assert (data / "kiosk.sqlite3").exists()
    assert not (data / "kiosk.sqlite3-wal").exists()      # last connection closed: checkpointed


@pytest.mark.parametrize("hidden", [["libxcb-cursor.so.0"],
                                    ["libxcb-icccm.so.4", "libxkbcommon-x11.so.0"]])
def test_a_missing_library_is_named_with_its_package(tmp_path, hidden):
    """With libraries gone, `kiosk run` exits 1 naming them and their packages; no abort."""
    with xvfb() as display:
        env = kiosk_env(tmp_path, DISPLAY=display, KIOSK_DATA_DIR=str(tmp_path / "data"))
        result = subprocess.run([*without_libraries(hidden, tmp_path / "overlay"),
                                 "kiosk", "run", "--windowed"], env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=120)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    for soname in hidden:
        assert soname in said
        assert PACKAGES[soname][0] in said.split("apt-get install", 1)[1], said
    assert "Aborted" not in said and "could not be initialized" not in said


def test_no_display_is_said_in_words(tmp_path):
    """Without DISPLAY the kiosk says there is no screen and how to run without one."""
    env = kiosk_env(tmp_path, KIOSK_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(["kiosk", "run", "--windowed"], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "DISPLAY" in result.stderr, result.stderr
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr


def test_offscreen_needs_no_check():
    """QT_QPA_PLATFORM=offscreen (tests, rehearsals) is never stopped by the screen check."""
    assert screen_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def _qt_libraries() -> list[Path]:
    """The xcb plugin and the PySide6 modules the kiosk imports."""
    import PySide6

    base = Path(PySide6.__file__).parent
    found = [base / "Qt" / "plugins" / "platforms" / "libqxcb.so"]
    for module in ("QtCore", "QtGui", "QtWidgets"):
        found += list(base.glob(f"{module}.*.so"))
    return found


def test_the_package_table_matches_what_dpkg_says(tmp_path):
    """Every system library Qt loads here is in the table, with the package that owns it."""
    need("dpkg", "to ask which package owns a library")
    assert plugin_path("xcb") is not None
    wrong = []
    for library in _qt_libraries():
        assert not missing_libraries(library), "install the README's packages first"
        out = subprocess.run(["ldd", str(library)], capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) < 3 or parts[1] != "=>" or str(Path(library).parents[2]) in parts[2] \
                    or "PySide6" in parts[2] or "shiboken6" in parts[2]:
                continue
            soname, path = parts[0], parts[2]
            owner = subprocess.run(["dpkg", "-S", str(Path(path).resolve())],
                                   capture_output=True, text=True)
            if owner.returncode != 0:
                owner = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
            package = owner.stdout.split(":")[0].strip()
            if package and package not in PACKAGES.get(soname, ()):
                wrong.append(f"{soname}: dpkg says {package}, table {PACKAGES.get(soname)}")
    assert not wrong, wrong


def test_ci_installs_what_the_readme_says():
    """.ci/run reads the README's apt-get line, so the README's list is what CI tests."""
    ci = (ROOT / ".ci" / "run").read_text()
    assert "sudo apt-get install" in ci and "README.md" in ci
    assert shutil.which("sed")
