"""Every file a person may edit (config, catalogue, keys, translations, themes) is read
whatever byte-order mark their editor saved it with (Notepad, PowerShell)."""

from __future__ import annotations

import ast
import codecs
from pathlib import Path

import pytest

from kiosk.event.catalogue import load_catalogue
from kiosk.event.config import ConfigError, default_config_text, load
from kiosk.export.crypto import (
    load_central_private,
    load_central_public,
    make_central_keypair,
)
from kiosk.paths import resources_dir

ROOT = Path(__file__).resolve().parents[2]

# What Windows editors write: Notepad's "UTF-8 with BOM", PowerShell 5's `Out-File` and `>`
# (UTF-16 LE with BOM), and the big-endian twin.
ENCODINGS = {
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "crlf-utf-8-bom": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode(),
}


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_kiosk_toml_with_a_byte_order_mark_loads(tmp_path, encoding):
    """kiosk.toml saved by Notepad or PowerShell loads with every key it sets."""
    text = default_config_text().replace('code = "GTO-DEMO"', 'code = "GTO-2026-BOM"')
    path = tmp_path / "kiosk.toml"
    path.write_bytes(ENCODINGS[encoding](text))
    config = load(path)
    assert config.event.code == "GTO-2026-BOM"
    assert config.event.office == "Kantor Imigrasi Kelas I TPI Gorontalo"


def test_a_broken_line_after_a_bom_is_still_named(tmp_path):
    """A BOM does not shift or hide the line a real mistake is on."""
    path = tmp_path / "kiosk.toml"
    path.write_bytes(codecs.BOM_UTF8 + b'[kiosk]\nidle_seconds = "sixty"\n')
    with pytest.raises(ConfigError) as err:
        load(path)
    assert err.value.line == 2 and err.value.setting == "kiosk.idle_seconds"


def test_a_file_in_a_legacy_code_page_says_save_as_utf8(tmp_path):
    """Windows-1252 text (no BOM, not UTF-8) is refused with what to do about it."""
    path = tmp_path / "kiosk.toml"
    path.write_bytes('[event]\nvenue = "Caf\u00e9 Mall"\n'.encode("cp1252"))
    with pytest.raises(ConfigError) as err:
        load(path)
    assert "UTF-8" in str(err.value)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_catalogue_with_a_byte_order_mark_loads(tmp_path, encoding):
    """The catalogue of services and fees (edited when fees change) loads with a BOM."""
    text = (resources_dir() / "catalogue.toml").read_bytes().decode("utf-8")
    path = tmp_path / "catalogue.toml"
    path.write_bytes(ENCODINGS[encoding](text))
    assert load_catalogue(path).services.keys() == load_catalogue().services.keys()


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_central_keys_with_a_byte_order_mark_load(tmp_path, encoding):
    """central-public.pem / central-private.pem re-saved in an editor still load."""
    private, public = make_central_keypair(tmp_path / "made")
    for src in (private, public):
        (tmp_path / src.name).write_bytes(ENCODINGS[encoding](src.read_text()))
    pub = load_central_public(tmp_path / public.name)
    priv = load_central_private(tmp_path / private.name)
    assert priv.public_key().public_bytes_raw() == pub.public_bytes_raw()


def test_translations_with_a_byte_order_mark_load(tmp_path, monkeypatch):
    """A .po catalogue saved by a translator's editor with a BOM still translates."""
    import kiosk.i18n as i18n

    source = i18n.catalogue_path("id").read_bytes().decode("utf-8")
    path = tmp_path / "kiosk.po"
    path.write_bytes(ENCODINGS["utf-8-bom"](source))
    monkeypatch.setattr(i18n, "catalogue_path", lambda language: path)
    i18n._messages.cache_clear()
    try:
        with_bom = i18n._messages("id")
    finally:
        i18n._messages.cache_clear()
    assert with_bom == i18n._messages("id") and len(with_bom) > 50


def test_every_text_read_goes_through_kiosk_textfile():
    """No module of kiosk/ or ui/ decodes a file by itself (each would forget the BOM)."""
    offenders = []
    for path in [*ROOT.joinpath("kiosk").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py")]:
        if path.name == "textfile.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("read_text", "load") \
                    and not (isinstance(node.value, ast.Name) and node.value.id == "json"):
                if node.attr == "load" and not (isinstance(node.value, ast.Name)
                                                and node.value.id == "tomllib"):
                    continue
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
    assert not offenders, "read text files with kiosk.textfile.read_text: " + ", ".join(offenders)
