"""A received bundle's archive copy: the file exactly as it arrived (still encrypted),
owner-only, at ``ARCHIVE/KIOSK_ID/FILE_SHA256.zip`` (docs/sync-protocol.md, section 5).

``ArchiveCopy`` writes it on a thread while the ingest stores the records: the write and
its fsync wait on the disk, not on Python, and overlap the database's work (done in line
they were a twentieth of an ingest). The ingest waits for it before its commit, so a
stored bundle always has its copy; and when the transaction does not commit, ``undo``
removes a copy this ingest made, so no copy is kept of a bundle the office does not hold
(retention, kiosk/central/retention.py, finds copies through their bundles).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from kiosk.central.settings import write_owner_only


def archive_name(kiosk_id: str, file_sha256: str) -> str:
    """The copy's name under the archive folder, as ``bundles.archive_name`` keeps it."""
    return f"{kiosk_id}/{file_sha256}.zip"


def archive_path(root: Path, kiosk_id: str, file_sha256: str) -> Path:
    return root / archive_name(kiosk_id, file_sha256)


def write_archive_copy(root: Path, kiosk_id: str, file_sha256: str, data: bytes) -> bool:
    """Write the copy unless it is there already; True when this call wrote it. The
    kiosk's folder is made owner-only (0700). Raises OSError."""
    path = archive_path(root, kiosk_id, file_sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    if path.exists():
        return False
    write_owner_only(path, data)
    return True


class ArchiveCopy:
    """``write_archive_copy`` on a thread, started at once."""

    def __init__(self, root: Path, kiosk_id: str, file_sha256: str, data: bytes) -> None:
        self.path = archive_path(root, kiosk_id, file_sha256)
        self.made = False
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._write, name="archive-copy", daemon=True,
                                       args=(root, kiosk_id, file_sha256, data))
        self.thread.start()

    def _write(self, *args) -> None:
        try:
            self.made = write_archive_copy(*args)
        except BaseException as exc:        # handed to wait(), in the ingest's thread
            self.error = exc

    def wait(self) -> None:
        """Until the copy is on disk (fsynced); raises what writing it raised."""
        self.thread.join()
        if self.error is not None:
            raise self.error

    def undo(self) -> None:
        """The transaction did not commit: remove the copy if this ingest made it."""
        self.thread.join()
        if self.made:
            self.path.unlink(missing_ok=True)
