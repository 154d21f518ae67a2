"""Writing files an officer takes away: temp name, fsync, read back, atomic rename; all or none.

The export's bundle (kiosk/export/target.py), the day report with its CSV recap
(kiosk/reports/day.py) and a reprinted slip (kiosk/slips/service.py) are written the
same way. Each file is first written as a hidden ``.NAME.partial`` beside its final
name, synced and read back (the kernel's cached pages dropped first, so the bytes come
from the stick); only when every file of the set has read back right are they renamed.
So a full, read-only or pulled stick leaves no file that looks whole, and a report and
its recap are both there or neither is. The folder must exist already: a mistyped
folder is an error, never created silently.

Failures raise the caller's error for a reason (``no_target``, ``exists``,
``disk_full``, ``device_gone``, ``read_only``, ``no_permission``, ``write_failed``,
``readback_failed``): FileWriteError (message keys ``file.<reason>``) unless the caller
passes its own family (the export's ``export.<reason>``).
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError

CHUNK = 1 << 20
SPARE_BYTES = 256 * 1024     # room the file system needs beyond the file itself
REASONS = ("no_target", "exists", "disk_full", "device_gone", "read_only", "no_permission",
           "write_failed", "readback_failed")

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_GONE = {errno.EIO, errno.ENODEV, errno.ENXIO, errno.ENOENT, errno.ESTALE, errno.ENOTDIR,
         getattr(errno, "ENOMEDIUM", errno.EIO)}
_DENIED = {errno.EACCES, errno.EPERM}


class FileWriteError(KioskError):
    """A file for an officer that was not written, and left nothing behind that looks
    whole. ``reason`` is one of REASONS; the message (``file.<reason>``) names the
    folder (``path``) and says what to do."""

    def __init__(self, reason: str, **params: Any) -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown write failure {reason!r}")
        self.reason = reason
        super().__init__(f"file.{reason}", **params)


Fail = Callable[..., KioskError]          # fail(reason, **params) -> the error to raise
Check = Callable[[Path, bytes], None]     # raises to refuse a copy read back
OnBytes = Callable[[int, int], None]      # (bytes written so far, bytes in all)


def write_all(files: Sequence[tuple[Path, bytes]], *, mode: int | None = None,
              replace: bool = True,
              check: Check | None = None, on_bytes: OnBytes | None = None,
              fail: Fail = FileWriteError) -> list[Path]:
    """Write each (path, bytes) of `files`, all or none; returns the paths written.

    mode: the new files' permission bits (0o600 for personal data: created so, whatever
    the umask); None: as private as the folder (0600 in a folder only its owner may
    enter, such as the data folder's reports/; 0644 elsewhere, a stick).
    replace: an existing file of that name is replaced (False: the reason ``exists``,
    nothing written). check(path, read_back_bytes) may refuse a copy. on_bytes(done,
    total) follows the writing. Raises fail(reason, path=folder or file, ...) for
    anything the officer can act on.
    """
    items = [(Path(path), data) for path, data in files]
    need: dict[Path, int] = {}
    for path, data in items:
        if not path.parent.is_dir():
            raise fail("no_target", path=str(path.parent))
        if not replace and path.exists():
            raise fail("exists", path=str(path))
        need[path.parent] = need.get(path.parent, 0) + len(data) + SPARE_BYTES
    for folder, size in need.items():
        try:
            free = shutil.disk_usage(folder).free
        except OSError as exc:
            raise mapped(exc, folder, size, fail) from None
        if free < size:
            raise fail("disk_full", need_mb=_mb(size), free_mb=_mb(free), path=str(folder))
    partials = [path.with_name(f".{path.name}.partial") for path, _ in items]
    renamed: list[Path] = []
    total, written = sum(len(data) for _, data in items), 0
    folder = items[0][0].parent if items else Path(".")

    def progress(done: int) -> None:
        if on_bytes:
            on_bytes(written + done, total)

    try:
        for (path, data), partial in zip(items, partials, strict=True):
            folder = path.parent
            unlink_quietly(partial)
            write_synced(partial, data, _mode_in(folder) if mode is None else mode, progress)
            written += len(data)
        for (path, data), partial in zip(items, partials, strict=True):
            folder = path.parent
            back = read_uncached(partial)
            if back != data:
                raise fail("readback_failed", path=str(folder),
                           detail="the bytes read back differ from those written")
            if check is not None:
                try:
                    check(path, back)
                except Exception as exc:  # noqa: BLE001 - any refusal of the copy is reported
                    raise fail("readback_failed", path=str(folder), detail=str(exc)) from None
        for (path, _), partial in zip(items, partials, strict=True):
            folder = path.parent
            os.replace(partial, path)
            renamed.append(path)
        for parent in dict.fromkeys(path.parent for path, _ in items):
            folder = parent
            sync_dir(parent)
    except KioskError:
        _undo(partials, renamed)
        raise
    except OSError as exc:
        # Reported as failed, so nothing may stay that looks like a finished file.
        _undo(partials, renamed)
        raise mapped(exc, folder, need.get(folder, 0), fail) from None
    return [path for path, _ in items]


def write_synced(path: Path, data: bytes, mode: int = 0o644,
                 on_bytes: Callable[[int], None] | None = None) -> None:
    """Create `path` (never an existing file) with `mode`, write `data`, fsync."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        done = 0
        while done < len(data):
            count = os.write(fd, view[done:done + CHUNK])
            if count <= 0:
                raise OSError(errno.EIO, "the device accepted no bytes")
            done += count
            if on_bytes:
                on_bytes(done)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_uncached(path: Path) -> bytes:
    """Read the file back, first asking the kernel to drop its cached pages (best effort),
    so that the bytes come from the stick rather than from memory."""
    fd = os.open(path, os.O_RDONLY)
    try:
        if hasattr(os, "posix_fadvise"):
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            except OSError:
                pass
        chunks = []
        while True:
            chunk = os.read(fd, CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def sync_dir(path: Path) -> None:
    """Make a rename in `path` durable (some file systems cannot fsync a folder: fine)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # a stick already gone: the leftover is a hidden .partial, never a whole file


def _mode_in(folder: Path) -> int:
    try:
        private = not folder.stat().st_mode & 0o077
    except OSError:
        private = False
    return 0o600 if private else 0o644


def _undo(partials: list[Path], renamed: list[Path]) -> None:
    for path in [*partials, *renamed]:
        unlink_quietly(path)


def mapped(exc: OSError, folder: Path, need: int, fail: Fail = FileWriteError) -> KioskError:
    """The officer's reason for an OSError met while writing into `folder`."""
    code = exc.errno
    if code in _FULL:
        try:
            free = _mb(shutil.disk_usage(folder).free)
        except OSError:
            free = "0.0"
        return fail("disk_full", need_mb=_mb(need), free_mb=free, path=str(folder))
    if code == errno.EROFS:
        return fail("read_only", path=str(folder))
    if code in _DENIED:
        return fail("no_permission", path=str(folder))
    if code in _GONE:
        return fail("device_gone", path=str(folder), detail=exc.strerror or str(exc))
    return fail("write_failed", path=str(folder), detail=exc.strerror or str(exc))


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f}"
