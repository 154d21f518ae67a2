"""Writing a finished bundle to a stick: temp name, fsync, read back and check, atomic rename.

Until the read-back copy has passed every check, the file is called
``.NAME.partial`` (hidden, and plainly not a bundle); only then is it renamed to NAME.
A full stick, a stick pulled out, or a copy that reads back differently gives an
ExportError whose message says what to do, and leaves no file that looks whole.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError

CHUNK = 1 << 20
SPARE_BYTES = 256 * 1024     # room the file system needs beyond the file itself

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_GONE = {errno.EIO, errno.ENODEV, errno.ENXIO, errno.ENOENT, errno.ESTALE, errno.ENOTDIR,
         getattr(errno, "ENOMEDIUM", errno.EIO)}
_DENIED = {errno.EACCES, errno.EPERM}


class ExportError(KioskError):
    """An export that did not happen; `key` and `params` for the officer's screen (and the
    message says what to do next: another stick, another folder, the central key)."""

    KEYS = (
        "export.no_target",
        "export.exists",
        "export.disk_full",
        "export.device_gone",
        "export.read_only",
        "export.no_permission",
        "export.write_failed",
        "export.readback_failed",
        "export.no_central_key",
        "export.central_key",
        "export.nothing",
    )

    def __init__(self, key: str, **params: Any) -> None:
        if key not in self.KEYS:
            raise ValueError(f"unknown export error {key!r}")
        super().__init__(key, **params)


Check = Callable[[bytes], None]
OnBytes = Callable[[int, int], None]


def write_checked(out_dir: Path, file_name: str, data: bytes, *, check: Check,
                  on_bytes: OnBytes | None = None) -> Path:
    """Write `data` as out_dir/file_name, read it back from there and run `check` on it.

    `check(read_back_bytes)` raises to refuse the copy (its message goes into the
    error). On success the file has its final name and the folder entry is on disk.
    """
    out_dir = Path(out_dir)
    final = out_dir / file_name
    if not out_dir.is_dir():
        raise ExportError("export.no_target", path=str(out_dir))
    if final.exists():
        raise ExportError("export.exists", path=str(final))
    try:
        free = shutil.disk_usage(out_dir).free
    except OSError as exc:
        raise _mapped(exc, out_dir, len(data) + SPARE_BYTES) from None
    if free < len(data) + SPARE_BYTES:
        raise ExportError("export.disk_full", need_mb=_mb(len(data) + SPARE_BYTES),
                          free_mb=_mb(free))
    partial = out_dir / f".{file_name}.partial"
    renamed = False
    try:
        _unlink_quietly(partial)
        _write_synced(partial, data, on_bytes)
        back = _read_uncached(partial)
        if back != data:
            raise ExportError("export.readback_failed",
                              detail="the bytes on the stick differ from those written")
        try:
            check(back)
        except Exception as exc:  # noqa: BLE001 - any refusal of the copy is reported as such
            raise ExportError("export.readback_failed", detail=str(exc)) from None
        os.replace(partial, final)
        renamed = True
        _sync_dir(out_dir)
    except ExportError:
        _unlink_quietly(partial)
        raise
    except OSError as exc:
        # Reported as failed, so nothing may stay that looks like a finished bundle.
        _unlink_quietly(final if renamed else partial)
        raise _mapped(exc, out_dir, len(data) + SPARE_BYTES) from None
    return final


def _write_synced(path: Path, data: bytes, on_bytes: OnBytes | None) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        done = 0
        while done < len(data):
            written = os.write(fd, view[done:done + CHUNK])
            if written <= 0:
                raise OSError(errno.EIO, "the device accepted no bytes")
            done += written
            if on_bytes:
                on_bytes(done, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _read_uncached(path: Path) -> bytes:
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


def _sync_dir(path: Path) -> None:
    """Make the rename itself durable (some file systems cannot fsync a folder: fine)."""
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


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass  # a stick already gone: the leftover is a hidden .partial, never a whole bundle


def _mapped(exc: OSError, out_dir: Path, need: int) -> ExportError:
    code = exc.errno
    if code in _FULL:
        try:
            free = _mb(shutil.disk_usage(out_dir).free)
        except OSError:
            free = 0
        return ExportError("export.disk_full", need_mb=_mb(need), free_mb=free)
    if code == errno.EROFS:
        return ExportError("export.read_only")
    if code in _DENIED:
        return ExportError("export.no_permission", path=str(out_dir))
    if code in _GONE:
        return ExportError("export.device_gone", detail=exc.strerror or str(exc))
    return ExportError("export.write_failed", detail=exc.strerror or str(exc))


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f}"
