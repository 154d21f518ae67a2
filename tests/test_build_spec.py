"""The PyInstaller spec reads the package version and ships resources/."""

from __future__ import annotations

from pathlib import Path

from kiosk import __version__

ROOT = Path(__file__).resolve().parents[1]


class _Recorder:
    """Stands in for PyInstaller's build classes and keeps what the spec passes them."""

    calls: dict[str, tuple] = {}

    def __init__(self, name):
        self.name = name

    def __call__(self, *args, **kwargs):
        _Recorder.calls[self.name] = (args, kwargs)
        return self

    def __getattr__(self, item):
        return []


def test_spec_builds_one_folder_with_resources_and_version():
    """Executing the spec hands resources/ to Analysis and names the folder by version."""
    names = {n: _Recorder(n) for n in ("Analysis", "PYZ", "EXE", "COLLECT")}
    code = compile((ROOT / "build_kiosk.spec").read_text(), "build_kiosk.spec", "exec")
    exec(code, {"SPECPATH": str(ROOT), **names})
    args, kwargs = _Recorder.calls["Analysis"]
    assert Path(args[0][0]) == ROOT / "ui" / "cli.py"
    assert (str(ROOT / "resources"), "resources") in kwargs["datas"]
    assert _Recorder.calls["COLLECT"][1]["name"] == f"kiosk-{__version__}"
    assert _Recorder.calls["EXE"][1]["exclude_binaries"] is True
