"""Data folders whose names hold URI characters (?, #, %, spaces): every SQLite open finds
the right file, leaves nothing beside the folder, and `kiosk doctor` judges that file."""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli import cli
from kiosk.paths import sqlite_uri
from kiosk.records.store import Store
from tests.conftest import EVENT_MORNING

ROOT = Path(__file__).resolve().parents[2]

FOLDER_NAMES = ["mall?day=1", "kiosk #2", "100% ready", "a%3Fb", "two  spaces",
                "file:stick", "x?mode=rwc&cache=shared#y"]


def _kiosk_with_records(folder: Path, count: int) -> None:
    store = Store(folder / "kiosk.sqlite3")
    try:
        with store.transaction():
            for n in range(count):
                store.append_record("info", {"service": "NEW", "n": n}, now=EVENT_MORNING)
    finally:
        store.close()


@pytest.mark.parametrize("name", FOLDER_NAMES)
def test_doctor_reads_the_database_inside_the_folder(tmp_path, name):
    """doctor counts this folder's records and writes no stray file beside the folder."""
    folder = tmp_path / "sticks" / name
    folder.mkdir(parents=True)
    _kiosk_with_records(folder, 7)
    beside = sorted(p.name for p in folder.parent.iterdir())
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), "doctor"])
    assert "[ok  ] database" in result.output and "7 records" in result.output, result.output
    assert sorted(p.name for p in folder.parent.iterdir()) == beside
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sticks"]


@pytest.mark.parametrize("name", FOLDER_NAMES)
def test_doctor_fails_on_a_broken_database_in_such_a_folder(tmp_path, name):
    """A damaged database there is a failure, not a pass on some other (empty) file."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "kiosk.sqlite3").write_bytes(b"not a database, torn by a power cut" * 200)
    result = CliRunner().invoke(cli, ["--data-dir", str(folder), "doctor"])
    assert result.exit_code == 1 and "[FAIL] database" in result.output, result.output


@pytest.mark.parametrize("name", FOLDER_NAMES)
def test_sqlite_uri_opens_exactly_that_file_read_only(tmp_path, name):
    """sqlite_uri(path, mode="ro") opens the file itself, and only for reading."""
    folder = tmp_path / name
    folder.mkdir()
    _kiosk_with_records(folder, 3)
    conn = sqlite3.connect(sqlite_uri(folder / "kiosk.sqlite3", mode="ro"), uri=True)
    try:
        assert conn.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 3
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("DELETE FROM records")
    finally:
        conn.close()
    missing = folder / "nothing-here.sqlite3"
    with pytest.raises(sqlite3.OperationalError):
        sqlite3.connect(sqlite_uri(missing, mode="ro"), uri=True).execute("SELECT 1")
    assert not missing.exists()


# "file:" starting a URI (file:/x, file:{path}, "file:" + ...), not prose such as "a file: made".
HAND_BUILT = re.compile(r"(^|[\s\"'(])file:(?=$|[/{\w.])")


def test_no_module_builds_an_sqlite_uri_by_hand():
    """Every `file:` URI comes from kiosk.paths.sqlite_uri (which percent-encodes the path)."""
    offenders = []
    for path in [*ROOT.joinpath("kiosk").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py"),
                 *ROOT.joinpath("bench").rglob("*.py")]:
        if path == ROOT / "kiosk" / "paths.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and (HAND_BUILT.search(node.value) or "mode=ro" in node.value):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, "use kiosk.paths.sqlite_uri: " + ", ".join(offenders)
