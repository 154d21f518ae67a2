"""A non-editable install runs: the wheel carries resources/, and `kiosk doctor` and a small
`kiosk simulate` pass in a clean virtual environment outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kiosk.paths import resources_dir

ROOT = Path(__file__).resolve().parents[1]
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)])
    (built,) = out.glob("passport_kiosk-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, dict]:
    """A clean venv (no system site-packages) with the wheel and its pinned dependencies."""
    venv = tmp_path_factory.mktemp("venv") / "kiosk"
    _run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    _run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
          "-c", str(CONSTRAINTS), str(wheel)])
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KIOSK_DATA_DIR")}
    env.update(QT_QPA_PLATFORM="offscreen", PATH=f"{venv / 'bin'}:{env.get('PATH', '')}")
    return venv, env


@pytest.mark.install
def test_the_wheel_carries_every_resource(wheel):
    """Every file under resources/ is in the wheel, under kiosk/_resources/."""
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"kiosk/_resources/{p.relative_to(ROOT / 'resources').as_posix()}"
               for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert shipped and shipped <= names, sorted(shipped - names)


@pytest.mark.install
def test_the_installed_kiosk_runs_outside_the_checkout(installed, tmp_path):
    """With the kiosk PIN chosen, doctor passes, and a small rehearsal makes every record,
    from the venv's own copy."""
    venv, env = installed
    where = _run([str(venv / "bin" / "python"), "-c",
                  "import kiosk, kiosk.paths; print(kiosk.__file__); "
                  "print(kiosk.paths.resources_dir())"], cwd=tmp_path, env=env).stdout
    assert str(ROOT) not in where and str(venv) in where, where
    data = tmp_path / "data"
    _run(["kiosk", "--data-dir", str(data), "officer", "kiosk-pin"], cwd=tmp_path, env=env,
         input="730592\n730592\n")                     # none is shipped: IT chooses one
    doctor = _run(["kiosk", "--data-dir", str(data), "doctor"], cwd=tmp_path, env=env)
    assert "All checks passed." in doctor.stdout, doctor.stdout
    sim = _run(["kiosk", "--data-dir", str(data), "simulate", "--citizens", "6", "--seed", "2"],
               cwd=tmp_path, env=env)
    summary = json.loads(sim.stdout)
    assert summary["checks"]["ok"] and summary["citizens"] == 6, summary


def test_resources_are_found_inside_a_pyinstaller_build(tmp_path, monkeypatch):
    """Frozen: the copy build_kiosk.spec puts in the bundle wins over any other."""
    bundled = tmp_path / "resources"
    bundled.mkdir()
    (bundled / "kiosk.default.toml").write_text("[event]\n")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == bundled


def test_resources_missing_names_where_it_looked(tmp_path, monkeypatch):
    """A broken install says the program's files are missing, not the data folder."""
    import kiosk.paths as paths

    monkeypatch.setattr(paths, "__file__", str(tmp_path / "site" / "kiosk" / "paths.py"))
    with pytest.raises(RuntimeError, match="Reinstall") as err:
        resources_dir()
    assert str(tmp_path / "site" / "kiosk" / "_resources") in str(err.value)
