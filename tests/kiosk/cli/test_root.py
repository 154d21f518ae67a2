"""The CLI: version, help, doctor (exit 1 and advice when something is wrong)."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from kiosk import __version__
from kiosk.cli import cli
from tests.helpers.officer_side import choose_kiosk_pin


def test_version():
    """`kiosk --version` prints the package version."""
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_help_lists_doctor():
    """`kiosk --help` documents the commands."""
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0 and "doctor" in result.output


def test_doctor_on_a_fresh_folder_wants_only_a_kiosk_pin(tmp_path):
    """A new data folder gets the demo config and passes every check but one: no kiosk PIN
    is chosen yet (the demo ships none). Once chosen, all pass."""
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "d"), "doctor"])
    assert result.exit_code == 1, result.output
    assert [line for line in result.output.splitlines() if line.startswith("[FAIL]")] == \
        [line for line in result.output.splitlines() if line.startswith("[FAIL] kiosk PIN")]
    assert "1 problem(s) found." in result.output
    assert (tmp_path / "d" / "kiosk.toml").exists()
    choose_kiosk_pin(tmp_path / "d")
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "d"), "doctor"])
    assert result.exit_code == 0 and "All checks passed" in result.output


def test_doctor_reports_a_broken_config_with_line(tmp_path):
    """A bad key makes doctor exit 1 and say which key, which line, what to do."""
    data = tmp_path / "d"
    data.mkdir()
    (data / "kiosk.toml").write_text('[kiosk]\nidle_seconds = "x"\n')
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "doctor"])
    assert result.exit_code == 1
    assert "kiosk.idle_seconds" in result.output and "line 2" in result.output
    assert "Traceback" not in result.output


def test_doctor_reports_a_corrupt_database(tmp_path):
    """A database file that is not SQLite is a failure with advice, not a crash."""
    data = tmp_path / "d"
    data.mkdir()
    (data / "kiosk.sqlite3").write_bytes(b"this is not a database" * 100)
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "doctor"])
    assert result.exit_code == 1
    assert "[FAIL] database" in result.output and "->" in result.output


def test_data_dir_from_environment(tmp_path, monkeypatch):
    """KIOSK_DATA_DIR chooses the folder when --data-dir is not given."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "env"))
    choose_kiosk_pin(tmp_path / "env")
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 0 and str(tmp_path / "env") in result.output


def test_installed_entry_point_runs():
    """The module runs as a program (what the `kiosk` script calls)."""
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "--version"],
                         capture_output=True, text=True, check=True)
    assert __version__ in out.stdout
