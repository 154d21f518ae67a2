"""Can this kiosk take a citizen's record now? The check behind the out-of-service screen.

A kiosk whose database cannot be written must say so before a citizen types a whole form
(issue 11, item 11). `check_health` is cheap enough to run on a worker each time a
citizen leaves the welcome screen and once a minute: free space in the data folder, then
one small write to the database (a meta row, committed), which is what a read-only file
or folder, a damaged file or a full disk refuse; at start it also reads every page
(`PRAGMA quick_check`). Whatever it finds wrong becomes an OutOfService error whose
message tells the officer what to do; "busy" (another program writing for a moment) is
not out of service.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

from kiosk.paths import DataDir
from kiosk.records.store import OutOfService

__all__ = ["LOW_SPACE_BYTES", "OutOfService", "check_space", "classify", "free_bytes"]

# Below this much free space the next slip or record may not fit (a PDF slip is tens of
# kilobytes, a record a few, the write-ahead log grows by megabytes before a checkpoint).
LOW_SPACE_BYTES = 5 * 1024 * 1024
PROBE_KEY = "health_probe"       # meta row the probe rewrites (not a record: never exported)


def free_bytes(folder: Path) -> int | None:
    """Free space on the disk holding `folder` (None when it cannot be asked)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def megabytes(count: int) -> str:
    """A size in megabytes, one decimal (the officer reads it, no locale needed)."""
    return f"{count / (1024 * 1024):.1f} MB"


def check_space(data: DataDir) -> None:
    """Raise OutOfService (service.disk_full) when the data folder's disk is (nearly) full."""
    free = free_bytes(data.root)
    if free is not None and free < LOW_SPACE_BYTES:
        raise OutOfService("service.disk_full", path=str(data.root), free=megabytes(free))


def classify(error: BaseException, data: DataDir) -> OutOfService | None:
    """What a database or file error means for service: an OutOfService, or None when it
    passes by itself (the database busy for a moment) or is no storage fault at all."""
    path = str(data.database)
    if isinstance(error, OutOfService):
        return error
    if isinstance(error, OSError) and not isinstance(error, sqlite3.Error):
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return OutOfService("service.read_only", path=path, detail=error.strerror or "")
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return OutOfService("service.disk_full", path=str(data.root),
                                free=megabytes(free_bytes(data.root) or 0))
        return OutOfService("service.cannot_open", path=path, detail=error.strerror or "")
    if not isinstance(error, sqlite3.Error):
        return None
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return None
    free = free_bytes(data.root)
    if "full" in text or (free is not None and free < LOW_SPACE_BYTES):
        return OutOfService("service.disk_full", path=str(data.root),
                            free=megabytes(free or 0))
    if "readonly" in text or "read-only" in text or _read_only(data):
        return OutOfService("service.read_only", path=path, detail=str(error))
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return OutOfService("service.damaged", path=path, detail=str(error))
    return OutOfService("service.cannot_open", path=path, detail=str(error))


def _read_only(data: DataDir) -> bool:
    """The database file or its folder cannot be written by this user."""
    folder, database = data.root, data.database
    if not os.access(folder, os.W_OK):
        return True
    return database.exists() and not os.access(database, os.W_OK)
