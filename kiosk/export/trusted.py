"""The office's list of trusted kiosks: which kiosk ids, with which Ed25519 public keys.

A text file (default name KIOSK_KEYS_FILE, kept beside the central private key) of lines as
`kiosk keys show` prints them on each kiosk::

    # Gorontalo Mall, kiosk 1
    k8285ac06 = "0vx2ZQ0vGZzR6bbbWU3kq5V1yZ0J8lJ5wXVbqWkqQ0E="

It is TOML (read with the standard library's tomllib), so the same lines can go under
`[keys] known` in a kiosk.toml. docs/bundle-format.md, section 1.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.export.manifest import KEY_32, KIOSK_ID

KIOSK_KEYS_FILE = "kiosk-keys.txt"


class TrustListError(KioskError):
    """A list of trusted kiosks that cannot be used: `detail` says which file, which line
    and what a line must look like."""

    key = "bundle.trust_list"

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail=detail)


def key_line(kiosk_id: str, public_key_b64: str) -> str:
    """The line for one kiosk, as `kiosk keys show` prints it."""
    return f'{kiosk_id} = "{public_key_b64}"'


def load_trusted_kiosks(path: Path) -> dict[str, str]:
    """{kiosk id: base64 public key} from the list at `path`.

    Raises TrustListError when the file cannot be read, is not such a list (with the line),
    or names a kiosk id or a key in another form than `kiosk keys show` prints.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise TrustListError(f"cannot read the list of trusted kiosks {path}: "
                             f"{exc.strerror}") from None
    except UnicodeDecodeError:
        raise TrustListError(f"{path} is not a text file (a list of trusted kiosks holds "
                             "lines such as " + _EXAMPLE + ")") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TrustListError(f"{path}: {exc}; each line must be as `kiosk keys show` prints "
                             f"it, such as {_EXAMPLE}") from None
    out: dict[str, str] = {}
    for kiosk_id, value in table.items():
        out[kiosk_id] = check_entry(kiosk_id, value, where=f"{path}, line "
                                    f"{_line_of(text, kiosk_id)}")
    return out


def parse_key_option(text: str) -> tuple[str, str]:
    """One kiosk given on the command line: `KIOSK_ID=BASE64` or the line `kiosk keys show`
    prints (`KIOSK_ID = "BASE64"`). Raises TrustListError."""
    kiosk_id, sep, value = text.partition("=")
    if not sep:
        raise TrustListError(f"expected KIOSK_ID=BASE64 or {_EXAMPLE}, got {text!r}")
    kiosk_id, value = kiosk_id.strip(), value.strip().strip('"')
    return kiosk_id, check_entry(kiosk_id, value, where="--kiosk-key")


def check_entry(kiosk_id: str, value: object, *, where: str) -> str:
    """The key of one entry, checked: a kiosk id and a canonical base64 Ed25519 key."""
    if not KIOSK_ID.ok(kiosk_id):
        raise TrustListError(f"{where}: {kiosk_id[:40]!r} is not a kiosk id ({KIOSK_ID.what}, "
                             f"as `kiosk keys show` prints it)")
    if not isinstance(value, str) or not KEY_32.ok(value):
        raise TrustListError(f"{where}: the key of kiosk {kiosk_id} is not an Ed25519 public "
                             f"key ({KEY_32.what}, in quotes, as `kiosk keys show` prints it)")
    return value


def _line_of(text: str, kiosk_id: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(kiosk_id):
            return number
    return 0   # pragma: no cover - tomllib read the key from some line


_EXAMPLE = key_line("k8285ac06", "0vx2ZQ0vGZzR6bbbWU3kq5V1yZ0J8lJ5wXVbqWkqQ0E=")
