"""Where the kiosk keeps its files: the data folder and the shipped resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "passport-kiosk"
ENV_DATA_DIR = "KIOSK_DATA_DIR"


def resources_dir() -> Path:
    """The `resources/` folder shipped beside the packages (or inside a PyInstaller build)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `--data-dir`, else `$KIOSK_DATA_DIR`, else the platform's user data dir."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class DataDir:
    """The files inside one kiosk's data folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def config(self) -> Path:
        return self.root / "kiosk.toml"

    @property
    def database(self) -> Path:
        return self.root / "kiosk.sqlite3"

    @property
    def slips(self) -> Path:
        return self.root / "slips"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    def ensure(self) -> None:
        """Create the folder if needed, owner-only (0700): it holds personal data."""
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = self.root.stat()
        if info.st_mode & 0o077 and not info.st_mode & 0o1000 \
                and info.st_uid == getattr(os, "getuid", lambda: info.st_uid)():
            os.chmod(self.root, info.st_mode & 0o700)
