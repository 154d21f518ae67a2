"""Changing one setting in kiosk.toml and keeping the rest of the file as the person wrote it
(comments, order, spacing), through tomlkit, a style-preserving TOML library.

Used for the settings the kiosk itself chooses (the kiosk PIN's hash at first-run set-up,
kiosk/officer/kiosk_pin.py). The file is replaced in one step (a temporary file beside it,
flushed to disk, then renamed over it), so a power cut leaves the old file or the new one,
never half of one; it keeps its permissions (a new file is owner-only).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import tomllib
from pathlib import Path

import tomlkit

from kiosk.event.config import default_config_text
from kiosk.textfile import read_text


def write_setting(path: Path, key: str, value: str) -> None:
    """Set `key` (dotted, ``section.name``: one level of table) to the text `value` in the
    TOML file at `path`; a missing file starts as the demo configuration.

    Raises OSError when the file cannot be read or replaced (read-only folder, full disk),
    and ValueError for a key that is not ``section.name`` or a file that is not UTF-8 TOML
    (a byte-order mark is read past, kiosk/textfile.py, and not written back).
    """
    section, _, name = key.partition(".")
    if not section or not name or "." in name:
        raise ValueError(f"expected section.name, got {key!r}")
    text = read_text(path) if path.exists() else default_config_text()     # no BOM kept
    try:
        document = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from None
    table = document.get(section)
    if table is None:
        table = tomlkit.table()
        document[section] = table
    table[name] = value
    new_text = tomlkit.dumps(document)
    if tomllib.loads(new_text)[section][name] != value:    # the library's promise, checked
        raise ValueError(f"could not write {key} into {path}")
    _replace(path, new_text)


def _replace(path: Path, text: str) -> None:
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o600
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):          # the rename itself, on disk
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
