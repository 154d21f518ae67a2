"""The regions an NIK can name: Kemendagri province codes, read from resources/nik_regions.toml.

An NIK (PPRRSSDDMMYYXXXX) starts with the code of the province where it was issued, in
the numbering of the Ministry of Home Affairs (Kemendagri; the decree is named in the
file's ``[source]``). python-stdnum's region table (stdnum/id/loc.dat) lags that numbering
(it lacks Kalimantan Utara, 65, and Papua Barat, Papua Selatan, Papua Pegunungan and Papua
Barat Daya, 92, 93, 95, 96), so the kiosk reads the codes from a data file instead, which
an office can update without a code change (docs/identity-data.md).

Only the province is checked: regency codes are renumbered when a province is split
(Merauke was 91.01 and is 93.01 since 2022) while an NIK keeps the code it was issued
with, and no published list keeps every retired regency code.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from kiosk.errors import KioskError
from kiosk.paths import resources_dir
from kiosk.textfile import read_text

FILE_NAME = "nik_regions.toml"


class RegionsFileError(KioskError):
    """The NIK regions file cannot be read (params: path, problem)."""

    key = "nik_regions.invalid"


@dataclass(frozen=True)
class Regions:
    """Province code ("91") -> name ("Papua"), and the decree the codes come from."""

    provinces: Mapping[str, str]
    source: str

    def knows(self, number: str) -> bool:
        """Whether an NIK (or any string starting with its PP digits) names a known province."""
        return number[:2] in self.provinces

    def province(self, number: str) -> str:
        """The province an NIK was issued in ("" when unknown)."""
        return self.provinces.get(number[:2], "")


def load_regions(path: Path | None = None) -> Regions:
    """Read a regions file (default: resources/nik_regions.toml).

    Shape: ``[source] decree = "..."`` and ``[provinces]`` of two-digit codes to names.
    Raises RegionsFileError naming the file and what is wrong with it.
    """
    path = path or resources_dir() / FILE_NAME
    try:
        data = tomllib.loads(read_text(path))
    except (OSError, ValueError, tomllib.TOMLDecodeError) as exc:
        raise RegionsFileError(path=str(path), problem=str(exc)) from exc
    source = data.get("source", {})
    decree = source.get("decree") if isinstance(source, dict) else None
    if not isinstance(decree, str) or not decree.strip():
        raise RegionsFileError(path=str(path), problem="[source] names no decree")
    provinces = data.get("provinces")
    if not isinstance(provinces, dict) or not provinces:
        raise RegionsFileError(path=str(path), problem="no [provinces]")
    for code, name in provinces.items():
        if len(code) != 2 or not code.isascii() or not code.isdigit():
            raise RegionsFileError(path=str(path),
                                   problem=f"province code {code} is not two digits")
        if not isinstance(name, str) or not name.strip():
            raise RegionsFileError(path=str(path), problem=f"province {code} has no name")
    return Regions(MappingProxyType(dict(provinces)), decree.strip())


@functools.cache
def regions() -> Regions:
    """The shipped regions file, read once."""
    return load_regions()
