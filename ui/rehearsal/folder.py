"""The data folder a rehearsal (`kiosk simulate`) runs in: which folders it may use, the
mark that says its database is a rehearsal's, and the configuration it copies.

A rehearsal writes synthetic citizens. It must never write them into a real kiosk's
database, so it only uses a new or empty folder, or one an earlier rehearsal made (its
database carries the mark in its meta table). It copies this kiosk's kiosk.toml, so
commands run later on the rehearsal folder (`report`, `doctor`) see the same event.
No Qt here.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from kiosk import __version__
from kiosk.event.config import Config, ConfigError, default_config_text, parse
from kiosk.paths import DataDir, sqlite_uri
from kiosk.records.store import Store
from kiosk.textfile import read_text

MARK_KEY = "rehearsal"          # meta key; its value says which program made the database


class FolderRefused(Exception):
    """The folder is not one a rehearsal may write into; the message says why and what to do."""


def rehearsal_config_text(source: Path | None, *, kiosk_no: int | None) -> str:
    """This kiosk's kiosk.toml text (or the demo's), playing kiosk `kiosk_no` if given.

    Raises ConfigError when the file cannot be used (the message names key and line).
    """
    text = read_text(source) if source and source.exists() else default_config_text()
    config = parse(text, path=source or Path("kiosk.toml"))
    if kiosk_no is None or kiosk_no == config.kiosk.number:
        return text
    text = _set_key(text, "event", "kiosks", max(config.event.kiosks, kiosk_no))
    text = _set_key(text, "kiosk", "number", kiosk_no)
    changed = parse(text, path=source or Path("kiosk.toml"))
    if changed.kiosk.number != kiosk_no:        # e.g. the number set by a dotted key elsewhere
        raise ConfigError(source or Path("kiosk.toml"), f"cannot set kiosk.number to "
                          f"{kiosk_no} in this file; run the rehearsal without --kiosk-no.")
    return text


def _set_key(text: str, table: str, key: str, value: int) -> str:
    """`text` with `key = value` in [table]: the line replaced, added, or a new table."""
    header = re.search(rf"^\[{table}\][ \t]*(#.*)?$", text, re.M)
    if header is None:
        return text.rstrip("\n") + f"\n\n[{table}]\n{key} = {value}\n"
    start = header.end()
    following = re.search(r"^\[", text[start:], re.M)
    end = start + following.start() if following else len(text)
    body = text[start:end]
    line = re.compile(rf"^([ \t]*){key}[ \t]*=[^\n]*$", re.M)
    if line.search(body):
        body = line.sub(lambda m: f"{m.group(1)}{key} = {value}", body, count=1)
    else:
        body = f"\n{key} = {value}" + body
    return text[:start] + body + text[end:]


def rehearsal_mark(database: Path) -> str | None:
    """The rehearsal mark in this database's meta table; None if unmarked or not a kiosk's."""
    conn = sqlite3.connect(sqlite_uri(database, mode="ro"), uri=True)
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (MARK_KEY,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return row[0] if row else None


def _record_count(database: Path) -> int | None:
    conn = sqlite3.connect(sqlite_uri(database, mode="ro"), uri=True)
    try:
        return conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def check_folder(out_dir: Path, *, kiosk_root: Path) -> None:
    """Raise FolderRefused unless `out_dir` is new, empty, or an earlier rehearsal's."""
    out, own = Path(os.path.abspath(out_dir)), Path(os.path.abspath(kiosk_root))
    if out == own or (out.exists() and own.exists() and os.path.samefile(out, own)):
        raise FolderRefused(f"{out} is this kiosk's own data folder: a rehearsal would put "
                            "synthetic citizens among real ones. Give a new folder.")
    if not out.exists():
        return
    if not out.is_dir():
        raise FolderRefused(f"{out} is a file, not a folder.")
    database = DataDir(out).database
    if database.exists():
        if rehearsal_mark(database):
            return
        count = _record_count(database)
        held = (f"holds a kiosk's database with {count} record{'s' * (count != 1)}"
                if count is not None else "holds a database that is not a rehearsal's")
        raise FolderRefused(f"{out} {held}, not a rehearsal's. A rehearsal never writes "
                            "into a real kiosk's database: give a new or empty folder.")
    if any(out.iterdir()):
        raise FolderRefused(f"{out} is not empty and no rehearsal made it. Give a new or "
                            "empty folder (or one an earlier rehearsal made).")


def prepare_folder(out_dir: Path, *, config_text: str) -> tuple[DataDir, Config]:
    """Mark (or re-use) the rehearsal database in `out_dir` and write its kiosk.toml.

    Call check_folder first. The database is marked before anything else is written, so
    a folder holding the rehearsal's files always holds its mark too.
    """
    data = DataDir(out_dir)
    data.ensure()
    store = Store(data.database)
    try:
        if not store.meta(MARK_KEY):
            with store.transaction():
                store.set_meta(MARK_KEY, f"kiosk simulate {__version__}")
    finally:
        store.close()
    tmp = data.config.with_name(data.config.name + ".part")
    tmp.write_text(config_text, encoding="utf-8")
    os.replace(tmp, data.config)
    return data, parse(config_text, path=data.config)
