"""Configuration: demo written on first use; broken files name the key and line."""

from __future__ import annotations

import pytest

from kiosk.event.config import ConfigError, load, load_or_create, parse


def test_first_use_writes_the_demo_event(tmp_path):
    """No file: the Gorontalo demo event is written and loads."""
    path = tmp_path / "kiosk.toml"
    config = load_or_create(path)
    assert path.exists()
    assert config.event.office == "Kantor Imigrasi Kelas I TPI Gorontalo"
    assert config.event.name == "Pelayanan Prima"
    assert config.event.services_on_site == ("NEW", "RENEW", "COMPLAINT", "INFO")
    assert not config.event.is_on_site("LOST") and not config.event.is_on_site("DAMAGED")
    assert config.event.timezone == "Asia/Makassar"
    assert config.kiosk.number == 1


def test_a_partial_file_takes_defaults_for_the_rest(tmp_path):
    """Only the keys given change."""
    config = parse('[event]\ncode = "GTO-2019-10"\nkiosks = 2\n[kiosk]\nnumber = 2\n')
    assert config.event.code == "GTO-2019-10" and config.kiosk.number == 2
    assert config.kiosk.idle_seconds == 60


@pytest.mark.parametrize(("text", "key", "line"), [
    ('[event]\ncode = "x"\n\n[kiosk]\nidle_seconds = "sixty"\n', "kiosk.idle_seconds", 5),
    ('[event]\ntimezone = "WITA"\n', "event.timezone", 2),
    ('[event]\nservices_on_site = ["NEW", "VISA"]\n', "event.services_on_site", 2),
    ('[kiosk]\nlanguage = "fr"\n', "kiosk.language", 2),
    ('[printer]\npaper_mm = 76\n', "printer.paper_mm", 2),
    ('[printer.escpos]\nport = 70000\n', "printer.escpos.port", 2),
    ('[kiosk]\nnubmer = 1\n', "kiosk.nubmer", 2),
    ('[event]\nclosed_days = ["2025-12-24"]\n', "event.closed_days", 2),
])
def test_wrong_values_name_the_key_and_line(text, key, line):
    """Each mistake is reported with its dotted key and its line."""
    with pytest.raises(ConfigError) as caught:
        parse(text)
    assert caught.value.setting == key and caught.value.line == line
    assert f"line {line}" in str(caught.value)


def test_toml_syntax_error_names_the_line():
    """A broken TOML file gives its line, not a traceback."""
    with pytest.raises(ConfigError) as caught:
        parse('[event]\ncode = "unterminated\n')
    assert caught.value.line == 2


def test_unreadable_bytes(tmp_path):
    """A file that is not UTF-8 is reported plainly."""
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b"\xff\xfe[event]")
    with pytest.raises(ConfigError, match="UTF-8"):
        load(path)


def test_every_key_is_documented():
    """docs/configuration.md mentions every key of the demo file."""
    import tomllib
    from pathlib import Path

    from kiosk.event.config import default_config_text

    doc = (Path(__file__).resolve().parents[3] / "docs" / "configuration.md").read_text()

    def keys(table, prefix=""):
        for k, v in table.items():
            if isinstance(v, dict) and k not in ("minutes_per_service", "known"):
                yield from keys(v, f"{prefix}{k}.")
            else:
                yield f"{prefix}{k}"

    missing = [k for k in keys(tomllib.loads(default_config_text())) if f"`{k}`" not in doc]
    assert not missing, f"undocumented keys: {missing}"
