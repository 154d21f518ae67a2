"""Reading text files a person may have edited: UTF-8, with or without a byte-order mark.

Windows editors mark their files: Notepad's "UTF-8 with BOM", PowerShell 5's `Out-File`
and `>` write UTF-16 LE with a BOM. Python's plain "utf-8" keeps the BOM as U+FEFF, which
tomllib and PEM loaders refuse ("line 1: not valid TOML"). Every file a person may touch
(kiosk.toml, catalogue.toml, translations, themes, PEM keys) is read through here.
"""

from __future__ import annotations

import codecs
from pathlib import Path

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))


def decode(data: bytes) -> str:
    """The text of a file's bytes: the encoding its BOM names, else UTF-8; no BOM kept.

    Raises ValueError when the bytes are not text in those encodings, for example a file
    saved in a Windows code page: the message says to save it as UTF-8. (A plain
    ValueError: kiosk.errors sits above this module, which the message catalogue uses.)
    """
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom):], name
            break
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text (byte {exc.start}); save it as UTF-8 "
                      "(in Notepad: Save as, Encoding UTF-8).") from None


def read_text(path: str | Path) -> str:
    """A text file's contents, decoded as decode() does. Raises OSError and ValueError."""
    return decode(Path(path).read_bytes())


def read_utf8_bytes(path: str | Path) -> bytes:
    """A text file as plain UTF-8 bytes without a BOM (for PEM and .po loaders)."""
    return read_text(path).encode("utf-8")
