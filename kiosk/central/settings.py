"""The central office's data folder and settings (central.toml), read once at start-up.

Data folder: ``--data-dir``, else ``$KIOSK_CENTRAL_DATA_DIR``, else the platform's user data
folder for ``passport-kiosk-central``. Database: ``--db``, else ``$KIOSK_CENTRAL_DB``, else
``[database] url`` in central.toml, else the embedded default, a SQLite file in the folder.
Every key is documented in docs/central.md and in the default file below.
"""

from __future__ import annotations

import datetime as dt
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs

from kiosk.textfile import read_text

APP_NAME = "passport-kiosk-central"
ENV_DATA_DIR = "KIOSK_CENTRAL_DATA_DIR"
ENV_DB = "KIOSK_CENTRAL_DB"

DEFAULT_TOML = """\
# The central office receiver's settings (kiosk-central). Every key: docs/central.md.

[office]
name = "Kantor Imigrasi Kelas I TPI Gorontalo"
timezone = "Asia/Makassar"          # the office's clock: due dates and pick-up days
pickup_working_days = 3             # passport ready this many working days after the visit
complaint_answer_working_days = 5   # a complaint's answer is due after this many
closed_days = []                    # extra days the office is shut, e.g. [2025-12-24]

[database]
# url = "postgresql+psycopg://central:secret@localhost/central"   # default: central.sqlite3

[sync]
max_batch_bytes = 16777216          # 16 MiB: a larger upload gets 413
max_batch_records = 5000            # more records in one batch get 413
enrollment_code_hours = 72          # a one-time enrollment code expires after this

[staff]
session_hours = 10                  # a signed-in session ends after this
lockout_attempts = 5                # wrong passwords in a row before the account locks
lockout_minutes = 15
secure_cookies = false              # true when served over HTTPS (behind a proxy)

[retention]
personal_data_days = 365            # personal fields leave records (and closed complaints)
archive_days = 365                  # archived bundles (as received, encrypted) are deleted
"""


class SettingsError(Exception):
    """central.toml cannot be used; the message names the key and what to write."""


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class CentralPaths:
    """The files inside the central data folder (all owner-only)."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "central.toml"

    @property
    def database(self) -> Path:
        return self.root / "central.sqlite3"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def ensure(self) -> None:
        """Make the folders, mode 0700: bundles, keys and logs are for the office only."""
        for folder in (self.root, self.keys, self.archive, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, 0o700)


@dataclass(frozen=True)
class Settings:
    office_name: str = "Kantor Imigrasi"
    timezone: str = "Asia/Makassar"
    pickup_working_days: int = 3
    complaint_answer_working_days: int = 5
    closed_days: tuple[dt.date, ...] = ()
    database_url: str | None = None
    max_batch_bytes: int = 16 * 1024 * 1024
    max_batch_records: int = 5000
    enrollment_code_hours: int = 72
    session_hours: int = 10
    lockout_attempts: int = 5
    lockout_minutes: int = 15
    secure_cookies: bool = False
    personal_data_days: int = 365
    archive_days: int = 365

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


_KEYS = {  # (table, key) -> (field, type, minimum)
    ("office", "name"): ("office_name", str, None),
    ("office", "timezone"): ("timezone", str, None),
    ("office", "pickup_working_days"): ("pickup_working_days", int, 0),
    ("office", "complaint_answer_working_days"): ("complaint_answer_working_days", int, 1),
    ("office", "closed_days"): ("closed_days", list, None),
    ("database", "url"): ("database_url", str, None),
    ("sync", "max_batch_bytes"): ("max_batch_bytes", int, 1024),
    ("sync", "max_batch_records"): ("max_batch_records", int, 1),
    ("sync", "enrollment_code_hours"): ("enrollment_code_hours", int, 1),
    ("staff", "session_hours"): ("session_hours", int, 1),
    ("staff", "lockout_attempts"): ("lockout_attempts", int, 1),
    ("staff", "lockout_minutes"): ("lockout_minutes", int, 1),
    ("staff", "secure_cookies"): ("secure_cookies", bool, None),
    ("retention", "personal_data_days"): ("personal_data_days", int, 1),
    ("retention", "archive_days"): ("archive_days", int, 1),
}


def parse_settings(text: str, *, where: str = "central.toml") -> Settings:
    """Settings from TOML text; SettingsError names the first bad key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{where} is not valid TOML: {exc}") from None
    values: dict = {}
    for table, body in data.items():
        if not isinstance(body, dict):
            raise SettingsError(f"{where}: {table} must be a [table]")
        for key, value in body.items():
            spec = _KEYS.get((table, key))
            if spec is None:
                raise SettingsError(f"{where}: unknown key {table}.{key} (docs/central.md "
                                    "lists them)")
            name, kind, minimum = spec
            if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
                raise SettingsError(f"{where}: {table}.{key} must be a whole number")
            if kind is not int and not isinstance(value, kind):
                raise SettingsError(f"{where}: {table}.{key} must be {kind.__name__}")
            if minimum is not None and value < minimum:
                raise SettingsError(f"{where}: {table}.{key} must be at least {minimum}")
            if name == "closed_days":
                if not all(isinstance(d, dt.date) and not isinstance(d, dt.datetime)
                           for d in value):
                    raise SettingsError(f"{where}: office.closed_days holds dates written "
                                        "2025-12-24, without quotes")
                value = tuple(value)
            values[name] = value
    settings = Settings(**values)
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"{where}: office.timezone {settings.timezone!r} is not an IANA "
                            "time zone such as Asia/Makassar") from None
    return settings


def load_settings(paths: CentralPaths) -> Settings:
    """central.toml of the data folder, or the defaults when there is none yet."""
    try:
        text = read_text(paths.config)
    except FileNotFoundError:
        text = DEFAULT_TOML
    return parse_settings(text, where=str(paths.config))


def database_url(paths: CentralPaths, settings: Settings, explicit: str | None = None) -> str:
    """--db, else $KIOSK_CENTRAL_DB, else [database] url, else the embedded SQLite file."""
    return (explicit or os.environ.get(ENV_DB) or settings.database_url
            or f"sqlite:///{paths.database}")


def write_owner_only(path: Path, data: bytes) -> None:
    """Write a file created mode 0600 (never readable by others, not even for a moment),
    fsynced, then renamed into place."""
    tmp = path.with_name(f".{path.name}.partial")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
