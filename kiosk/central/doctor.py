"""`kiosk-central doctor`: each check says what it found and what to do about it."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from kiosk.central.database import Database
from kiosk.central.keys import SIGNING_FILE
from kiosk.central.schema import kiosks, staff
from kiosk.central.settings import CentralPaths, SettingsError, database_url, load_settings
from kiosk.central.shared import PRIVATE_FILE


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str
    todo: str = ""


def _owner_only(path: Path, mode: int) -> bool:
    return stat.S_IMODE(path.stat().st_mode) & 0o077 == 0 and \
        stat.S_IMODE(path.stat().st_mode) == mode


def run_checks(paths: CentralPaths, db_url: str | None) -> list[Finding]:
    out: list[Finding] = []
    if not paths.root.is_dir():
        return [Finding("data folder", False, f"{paths.root} does not exist",
                        "run `kiosk-central init`")]
    out.append(Finding("data folder", _owner_only(paths.root, 0o700), f"{paths.root}",
                       f"chmod 700 {paths.root}"))
    try:
        settings = load_settings(paths)
        out.append(Finding("settings", True, str(paths.config) if paths.config.exists()
                           else "defaults (no central.toml)"))
    except SettingsError as exc:
        return out + [Finding("settings", False, str(exc), "fix that line of central.toml")]
    for name in (PRIVATE_FILE, SIGNING_FILE):
        key = paths.keys / name
        if not key.exists():
            out.append(Finding(f"key {name}", False, "missing", "run `kiosk-central init`"))
        else:
            out.append(Finding(f"key {name}", _owner_only(key, 0o600), f"{key}",
                               f"chmod 600 {key}"))
    for folder in (paths.archive, paths.logs):
        ok = folder.is_dir() and _owner_only(folder, 0o700)
        out.append(Finding(folder.name, ok, str(folder),
                           f"run `kiosk-central init` or chmod 700 {folder}"))
    db = Database(database_url(paths, settings, db_url))
    try:
        current, head = db.revisions()
        shown = db.url.render_as_string(hide_password=True)
        out.append(Finding("database", current == head, f"{shown} at schema {current or 'none'}"
                           f" (newest {head})", "run `kiosk-central db upgrade` (after a "
                           "backup)"))
        if current == head:
            with db.read() as conn:
                admins = conn.execute(select(func.count()).select_from(staff).where(
                    staff.c.role == "administrator", staff.c.disabled_utc.is_(None))
                ).scalar_one()
                enrolled = conn.execute(select(func.count()).select_from(kiosks).where(
                    kiosks.c.status == "active")).scalar_one()
            out.append(Finding("staff", admins > 0, f"{admins} active administrator(s)",
                               "kiosk-central staff add NAME --role administrator"))
            out.append(Finding("kiosks", True, f"{enrolled} enrolled"))
    except Exception as exc:  # noqa: BLE001 - unreachable server, wrong password, ...
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:200]
        out.append(Finding("database", False, f"cannot open it: {reason}",
                           "check --db / KIOSK_CENTRAL_DB and that the server runs"))
    finally:
        db.dispose()
    return out
