"""Real storage faults for tests: a small disk that fills up or turns read-only, and a
damaged database file.

The disk is a real tmpfs mounted for the test (root or CAP_SYS_ADMIN, as on the CI
machine); where mounting is impossible a read-only folder is made with file modes instead
(which only binds a user other than root), and otherwise the test is skipped, saying why.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

FILLER = "filler.bin"


class SmallDisk:
    """A tmpfs of a few megabytes at `root`: fill it, free it, make it read-only."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def fill(self) -> None:
        """Write a filler file until the disk says it is full (ENOSPC)."""
        chunk = b"\0" * 65536
        with open(self.root / FILLER, "ab") as out:
            try:
                while True:
                    out.write(chunk)
                    out.flush()
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise

    def free(self) -> None:
        (self.root / FILLER).unlink(missing_ok=True)

    def read_only(self) -> None:
        _mount("-o", "remount,ro", str(self.root))

    def writable(self) -> None:
        _mount("-o", "remount,rw", str(self.root))


def _mount(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["mount", *args], capture_output=True, text=True, check=True)


@contextlib.contextmanager
def small_disk(root: Path, size: str = "16m") -> Iterator[SmallDisk]:
    """A real tmpfs of `size` at `root` for the test; skipped (with the reason) when this
    machine does not let the test mount one."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs",
                        str(root)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        pytest.skip(f"a small disk cannot be mounted here ({detail.strip()}): mounting a "
                    "tmpfs needs root or CAP_SYS_ADMIN")
    try:
        yield SmallDisk(root)
    finally:
        subprocess.run(["umount", "-l", str(root)], capture_output=True)


@contextlib.contextmanager
def read_only_place(root: Path) -> Iterator[ReadOnly]:
    """A folder at `root` that the test turns read-only with `.now()`: a tmpfs remounted
    read-only when the test may mount one, else file modes (which bind any user but root);
    skipped when neither can make a real read-only folder."""
    if os.geteuid() != 0:
        root.mkdir(parents=True, exist_ok=True)
        place = ReadOnly(root, None)
        try:
            yield place
        finally:
            place.undo()
        return
    with small_disk(root) as disk:
        place = ReadOnly(root, disk)
        try:
            yield place
        finally:
            place.undo()


class ReadOnly:
    """Turns a folder (and every file in it) read-only, and back."""

    def __init__(self, root: Path, disk: SmallDisk | None) -> None:
        self.root, self.disk, self.modes = root, disk, {}

    def now(self) -> None:
        if self.disk is not None:
            self.disk.read_only()
            return
        for path in [*self.root.rglob("*"), self.root]:
            self.modes[path] = path.stat().st_mode
            path.chmod(0o555 if path.is_dir() else 0o444)

    def undo(self) -> None:
        if self.disk is not None:
            with contextlib.suppress(subprocess.CalledProcessError):
                self.disk.writable()
            return
        for path, mode in self.modes.items():
            with contextlib.suppress(OSError):
                path.chmod(mode)
        self.modes.clear()


def damage(database: Path) -> None:
    """Overwrite the database file's header and first pages with garbage (a disk fault, a
    copy cut short), and drop the write-ahead log that could still cover them."""
    with open(database, "r+b") as db:
        db.write(b"this is not a database any more " * 256)
        db.flush()
        os.fsync(db.fileno())
    for sidecar in ("-wal", "-shm"):
        Path(f"{database}{sidecar}").unlink(missing_ok=True)
