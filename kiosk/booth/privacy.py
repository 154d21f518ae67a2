"""Which files of a kiosk hold personal data, and keeping them owner-only.

Personal or secret: the data folder itself, the database and SQLite's files beside it,
the keys folder (signing key, in-service marker), the slips folder (printer.pdf_dir
when set: slips show a name and a masked NIK), and reports/ (the day's reports and
exports the officer keeps in the data folder). kiosk.toml is configuration, not
personal data, and is left as the installer made it. Rule and helpers:
kiosk/files/owner.py; `kiosk doctor` reports what is looser, the kiosk tightens it when
it starts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kiosk.event.config import Config
from kiosk.files.owner import looser, private_folder, tighten, tree
from kiosk.paths import DataDir
from kiosk.records.store import SIDECARS
from kiosk.slips.backends import pdf_folder

REPORTS = "reports"


def reports_folder(data: DataDir) -> Path:
    """data/reports/: where reports and exports go unless the officer picks a stick."""
    return data.root / REPORTS


def personal_paths(data: DataDir, config: Config | None) -> Iterator[Path]:
    """Every existing path that holds personal data (folders first, then what is in them)."""
    yield data.root
    for sidecar in SIDECARS:
        yield data.database.with_name(data.database.name + sidecar)
    for folder in folders(data, config):
        yield from tree(folder)


def folders(data: DataDir, config: Config | None) -> list[Path]:
    """The folders of personal data files: keys, slips (wherever printed) and reports."""
    found = [data.keys, data.slips, reports_folder(data), data.exports]
    if config is not None:
        slips = pdf_folder(config, data)
        if slips not in found:
            found.append(slips)
    return found


def loose_paths(data: DataDir, config: Config | None) -> list[tuple[Path, int]]:
    """(path, mode) of each personal data file or folder that others may read."""
    return list(looser(personal_paths(data, config)))


def tighten_all(data: DataDir, config: Config | None) -> list[Path]:
    """Make every personal data path owner-only where this user may; returns those that
    stay looser (another owner, a file system without modes)."""
    return [path for path in personal_paths(data, config) if not tighten(path)]


def ensure_reports_folder(data: DataDir) -> Path:
    return private_folder(reports_folder(data))
