"""The bundle's zip container, written byte for byte the same way every time.

Members are stored (no compression), in a fixed order, dated 1980-01-01 00:00, with no
extra fields and no comments (the layout is in docs/bundle-format.md). A reader can then
rebuild the expected container from the members and compare bytes: any change anywhere
in the file is found, even in zip header fields that no hash covers.
"""

from __future__ import annotations

import io
import zipfile

from kiosk.errors import KioskError

MANIFEST, SIGNATURE, RECORDS = "manifest.json", "manifest.sig", "records.jsonl.enc"
MEMBERS = (MANIFEST, SIGNATURE, RECORDS)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class ContainerError(KioskError):
    """The file is not a bundle container, or not byte-exact; `detail` says where, `rule`
    which rule of docs/bundle-format.md section 8 it breaks (1.1 members, 1.2 stored and
    whole, 1.3 byte-exact layout)."""

    key = "bundle.container"

    def __init__(self, detail: str, rule: str = "1.1") -> None:
        self.detail, self.rule = detail, rule
        super().__init__(detail=detail)


def build_container(members: dict[str, bytes]) -> bytes:
    """The canonical zip of the three members, in MEMBERS order."""
    if set(members) != set(MEMBERS):
        raise ValueError(f"a bundle holds exactly {MEMBERS}")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in MEMBERS:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3                     # "made by" Unix
            info.external_attr = 0o100644 << 16        # a regular file, rw-r--r--
            zf.writestr(info, members[name])
    return buf.getvalue()


def read_container(data: bytes) -> dict[str, bytes]:
    """The members of a canonical bundle container; ContainerError says what is wrong."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
            if names != list(MEMBERS):
                raise ContainerError(f"the zip holds {names}; a bundle holds exactly "
                                     f"{list(MEMBERS)} in that order")
            for info in zf.infolist():
                if info.compress_type != zipfile.ZIP_STORED or info.file_size != \
                        info.compress_size or info.file_size > len(data):
                    raise ContainerError(f"member {info.filename} is not stored plainly "
                                         "(a bundle never compresses)", "1.2")
            members = {}
            for name in MEMBERS:
                try:
                    members[name] = zf.read(name)
                except zipfile.BadZipFile as exc:
                    raise ContainerError(f"member {name} is damaged ({exc})", "1.2") from None
    except ContainerError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            NotImplementedError) as exc:
        raise ContainerError(f"not a readable zip file ({exc})") from None
    expected = build_container(members)
    if expected != data:
        raise ContainerError(f"the zip's own bytes differ from the canonical layout at byte "
                             f"{_first_difference(expected, data)} (file length {len(data)}, "
                             f"expected {len(expected)})", "1.3")
    return members


def _first_difference(a: bytes, b: bytes) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))
