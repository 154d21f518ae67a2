"""Writing a finished bundle to a stick: temp name, fsync, read back and check, atomic rename.

Until the read-back copy has passed every check, the file is called
``.NAME.partial`` (hidden, and plainly not a bundle); only then is it renamed to NAME.
A full stick, a stick pulled out, or a copy that reads back differently gives an
ExportError whose message says what to do, and leaves no file that looks whole. The
discipline is the one every file for an officer follows (kiosk/files/checked.py); this
module adds the export's own messages and its check of the copy.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.files.checked import write_all


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


def _export_failure(reason: str, **params: Any) -> ExportError:
    return ExportError(f"export.{reason}", **params)


Check = Callable[[bytes], None]
OnBytes = Callable[[int, int], None]


def write_checked(out_dir: Path, file_name: str, data: bytes, *, check: Check,
                  on_bytes: OnBytes | None = None) -> Path:
    """Write `data` as out_dir/file_name, read it back from there and run `check` on it.

    `check(read_back_bytes)` raises to refuse the copy (its message goes into the
    error). Never replaces a file (``export.exists``). The file is 0600 in an owner-only
    folder (the data folder's reports/), else 0644 (a stick: the bundle is encrypted and
    the office's user must read it). On success the file has its final name and the
    folder entry is on disk.
    """
    final = Path(out_dir) / file_name
    write_all([(final, data)], replace=False,
              check=lambda _path, back: check(back), on_bytes=on_bytes, fail=_export_failure)
    return final
