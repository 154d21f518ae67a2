"""Where the kiosk keeps its files: the data folder and the shipped resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import platformdirs

APP_NAME = "passport-kiosk"
ENV_DATA_DIR = "KIOSK_DATA_DIR"


def resources_dir() -> Path:
    """The shipped resources/ folder: catalogue, kiosk.default.toml, translations, fonts, theme.

    Looked for, first found wins: inside a PyInstaller build (`sys._MEIPASS/resources`,
    where build_kiosk.spec puts it), inside the installed package (`kiosk/_resources`,
    where the wheel puts it, see setup.py), at the top of a repository checkout (beside
    kiosk/, also what an editable install uses). Raises RuntimeError naming the places
    looked at: the install is broken, not the data folder. (Not a KioskError: its
    message catalogue is one of the files missing.)
    """
    places = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        places.append(Path(frozen) / "resources")
    package = Path(__file__).resolve().parent
    places += [package / "_resources", package.parent / "resources"]
    for place in places:
        if (place / "kiosk.default.toml").is_file():
            return place
    raise RuntimeError("the program's resources (catalogue, translations, fonts) are "
                           "missing; looked in " + ", ".join(map(str, places)) +
                           ". Reinstall the kiosk.")


def sqlite_uri(path: str | os.PathLike[str], **query: str) -> str:
    """An SQLite `file:` URI for `path` with query parameters, e.g. sqlite_uri(p, mode="ro").

    The path is made absolute and percent-encoded (pathlib's as_uri), so a folder named
    `mall?day=1`, `kiosk #2` or `100% ready` opens that file and no other: a hand-built
    f"file:{path}?mode=ro" would cut the name at the `?` or `#` and open (or create) some
    other file. Use with sqlite3.connect(..., uri=True). Parameters: sqlite.org/uri.html.
    """
    uri = Path(os.path.abspath(path)).as_uri()
    return f"{uri}?{urlencode(query)}" if query else uri


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
