"""Owner-only files and folders: personal data the kiosk's own user alone can read.

The database and its -wal/-shm files (full NIKs, phones, birth dates), slip PDFs
(names), the signing key, the in-service marker, reports and exports inside the data
folder are personal or secret (UU 27/2022, PDP: keep personal data secure; the brief:
never in a file another user of the machine can read). Folders holding them are 0700,
files 0600, whatever the process umask: files are created with that mode (the umask can
only remove bits from it) and anything found looser is tightened when the kiosk owns it.
`kiosk doctor` lists what is still looser (kiosk/booth/doctor.py).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
_OTHERS = 0o077            # group and other bits: none may be set on personal data


def mode_of(path: Path) -> int | None:
    """The permission bits of `path` (no symlink followed), or None when it is not there."""
    try:
        return stat.S_IMODE(os.lstat(path).st_mode)
    except OSError:
        return None


def tighten(path: Path) -> bool:
    """Drop the group and other permission bits of `path` when it has any and this user
    owns it (0644 becomes 0600, 0755 becomes 0700).

    Returns True when the path is now owner-only (or absent); False when it is looser
    and cannot be changed (another owner, a shared sticky folder, no modes).
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True
    if stat.S_ISLNK(info.st_mode):
        return True                       # a symlink's own mode means nothing
    mode = stat.S_IMODE(info.st_mode)
    if not mode & _OTHERS:
        return True
    if stat.S_ISDIR(info.st_mode) and mode & stat.S_ISVTX:
        return False                      # a shared sticky folder such as /tmp: not ours
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    try:
        os.chmod(path, mode & ~_OTHERS)
    except OSError:
        return False
    return True


def private_folder(path: Path, *, tighten_existing: bool = True) -> Path:
    """Make `path` (and missing parents) and leave it 0700; returns it.

    Only the folder itself is tightened: parents that already exist belong to the
    machine's owner (a home folder), not to the kiosk. tighten_existing=False leaves a
    folder that was already there as it is (a check that must change nothing).
    """
    path = Path(path)
    existed = path.is_dir()
    path.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    if tighten_existing or not existed:
        tighten(path)
    return path


def create_private(path: Path, flags: int = os.O_WRONLY) -> int:
    """Create `path` as a new 0600 file (O_EXCL: never an existing one); an open fd."""
    return os.open(path, flags | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)


def touch_private(path: Path) -> bool:
    """Create `path` empty and 0600 unless it exists; True when this call made it."""
    try:
        os.close(create_private(path))
    except FileExistsError:
        return False
    return True


def looser(paths: Iterable[Path]) -> Iterator[tuple[Path, int]]:
    """(path, mode) of each existing path with group or other permission bits set."""
    for path in paths:
        mode = mode_of(path)
        if mode is not None and mode & _OTHERS and not Path(path).is_symlink():
            yield Path(path), mode


def tree(folder: Path) -> Iterator[Path]:
    """The folder and everything under it (not following symlinks); nothing if absent."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    yield folder
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            yield Path(root) / name
