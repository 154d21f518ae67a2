"""NIK regions: the Kemendagri province codes, read from resources/nik_regions.toml."""

from __future__ import annotations

import pytest
from stdnum import numdb

from kiosk.citizen import regions
from kiosk.citizen import validation as v
from kiosk.paths import resources_dir

# A man born 1 January 1990 in one regency of each province that python-stdnum's table
# lacks or names otherwise (Kemendagri codes, Kepmendagri 300.2.2-2138 Tahun 2025).
KEMENDAGRI_NIKS = [
    ("6571010101900003", "Kalimantan Utara"),    # Kota Tarakan, province since 2012
    ("9171010101900003", "Papua"),               # Kota Jayapura
    ("9202010101900003", "Papua Barat"),         # Kabupaten Manokwari
    ("9301010101900003", "Papua Selatan"),       # Kabupaten Merauke
    ("9404010101900003", "Papua Tengah"),        # Kabupaten Mimika
    ("9501010101900003", "Papua Pegunungan"),    # Kabupaten Jayawijaya
    ("9671010101900003", "Papua Barat Daya"),    # Kota Sorong
]


@pytest.mark.parametrize(("nik", "province"), KEMENDAGRI_NIKS)
def test_niks_of_the_newer_provinces_are_accepted(nik, province):
    """NIKs of Kalimantan Utara and of the six Papua provinces pass, named by the data file."""
    result = v.nik(nik)
    assert result.ok, result
    assert regions.regions().province(nik) == province


def test_niks_issued_before_a_split_keep_their_province():
    """A Merauke NIK issued before 2022 starts 9101 (Papua then): still a known region."""
    assert v.nik("9101010101900003").ok


@pytest.mark.parametrize("prefix", ["00", "10", "20", "22", "37", "54", "66", "83", "90",
                                    "97", "99"])
def test_province_codes_nobody_issues_are_refused(prefix):
    """Two digits that are no province's code are an unknown region."""
    result = v.nik(prefix + "71010101900003")
    assert not result.ok and result.key == "nik.region"


def test_the_data_file_names_its_source_and_lists_every_province():
    """38 provinces (2025), each a two-digit code and a name; the decree is named."""
    table = regions.regions()
    assert len(table.provinces) == 38
    assert all(len(code) == 2 and code.isdigit() and name
               for code, name in table.provinces.items())
    assert "Kepmendagri" in table.source or "Keputusan Menteri Dalam Negeri" in table.source
    assert "300.2.2-2138" in table.source


def test_every_province_python_stdnum_knows_is_still_known():
    """Nothing python-stdnum accepts is refused: its codes are a subset of ours."""
    stdnum_codes = {part for part, _props in _stdnum_provinces()}
    assert stdnum_codes and stdnum_codes <= set(regions.regions().provinces)


def _stdnum_provinces():
    db = numdb.get("id/loc")
    for code in range(100):
        found = db.info(f"{code:02d}00")[0]
        if found[1]:
            yield found


def test_a_new_code_is_a_data_change_not_a_code_change(tmp_path):
    """A copy of the file with one more province reads as such (how an update is made)."""
    text = (resources_dir() / "nik_regions.toml").read_text(encoding="utf-8")
    updated = tmp_path / "nik_regions.toml"
    updated.write_text(text + '97 = "Provinsi Baru"\n', encoding="utf-8")
    table = regions.load_regions(updated)
    assert table.knows("9701010101900003")
    assert not regions.regions().knows("9701010101900003")


@pytest.mark.parametrize(("text", "reason"), [
    ("", "source"),
    ('[source]\ndecree = "Kepmendagri"\n[provinces]\n7 = "Gorontalo"\n', "7"),
    ('[source]\ndecree = "Kepmendagri"\n[provinces]\n75 = ""\n', "75"),
    ('[source]\ndecree = "Kepmendagri"\n', "provinces"),
    ("[source\n", "line 1"),
])
def test_a_broken_data_file_is_refused_with_what_is_wrong(tmp_path, text, reason):
    """A file that is not TOML, or lacks the source or a well-formed province, says so."""
    path = tmp_path / "nik_regions.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(regions.RegionsFileError) as caught:
        regions.load_regions(path)
    assert reason in str(caught.value)
