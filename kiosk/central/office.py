"""One office: its data folder, settings, database and keys, built once for the CLI and the app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from kiosk.central.database import Database
from kiosk.central.keys import CentralKeys, load_keys
from kiosk.central.settings import CentralPaths, Settings, database_url, load_settings


def system_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Office:
    paths: CentralPaths
    settings: Settings
    db: Database
    now: Callable[[], dt.datetime] = system_now
    _keys: CentralKeys | None = field(default=None, repr=False)

    @classmethod
    def open(cls, paths: CentralPaths, *, db_url: str | None = None,
             now: Callable[[], dt.datetime] = system_now) -> Office:
        """Settings from central.toml; the database from --db, the environment, the settings,
        or the embedded SQLite file. Nothing is created here (`kiosk-central init` does)."""
        settings = load_settings(paths)
        return cls(paths, settings, Database(database_url(paths, settings, db_url)), now)

    @property
    def keys(self) -> CentralKeys:
        """The office keys (KeyFileError when the folder was never initialised)."""
        if self._keys is None:
            self._keys = load_keys(self.paths)
        return self._keys

    def close(self) -> None:
        self.db.dispose()
