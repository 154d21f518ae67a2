"""First-run set-up: the kiosk PIN is chosen with the first officer when none is, and
everything is checked before anything is written."""

from __future__ import annotations

import pytest

from kiosk.booth.build import Booth
from kiosk.event.config import load
from kiosk.officer.accounts import OfficerError
from kiosk.officer.first_run import complete_setup
from kiosk.officer.pins import is_pin_hash
from kiosk.paths import DataDir

PIN, KIOSK_PIN = "480915", "730592"


@pytest.fixture
def booth(tmp_path, clock):
    return Booth(DataDir(tmp_path / "d"), clock=clock)


def _setup(booth, **kw):
    return complete_setup(booth.officers(), booth.kiosk_pin(), **kw)


def test_without_a_kiosk_pin_set_up_will_not_finish(booth):
    """The demo config has none: set-up asks for one and refuses to finish without it."""
    with pytest.raises(OfficerError) as err:
        _setup(booth, name="Andi Pratama", pin=PIN, new_kiosk_pin=None)
    assert err.value.key == "kiosk_pin.needed" and err.value.field == "kiosk_pin"
    assert booth.officers().setup_needed()


def test_set_up_chooses_the_kiosk_pin_and_signs_the_first_officer_in(booth):
    """Kiosk PIN hashed into kiosk.toml, the officer made and signed in, all audited."""
    officer = _setup(booth, name="Andi Pratama", pin=PIN, new_kiosk_pin=KIOSK_PIN)
    assert officer.name == "Andi Pratama"
    assert is_pin_hash(load(booth.data.config).kiosk.exit_pin)
    assert booth.kiosk_pin().check(KIOSK_PIN) is True
    actions = [r.payload["action"] for r in booth.store.records(kind="officer_action")]
    assert actions == ["officer_created", "kiosk_pin_changed", "login"]


@pytest.mark.parametrize(("kw", "key", "field"), [
    ({"name": " ", "pin": PIN, "new_kiosk_pin": KIOSK_PIN}, "officer.name_empty", "name"),
    ({"name": "Andi", "pin": "121212", "new_kiosk_pin": KIOSK_PIN}, "pin.simple.few_digits",
     "pin"),
    ({"name": "Andi", "pin": PIN, "new_kiosk_pin": "123456"}, "pin.simple.sequence",
     "kiosk_pin"),
    ({"name": "Andi", "pin": PIN, "new_kiosk_pin": PIN}, "kiosk_pin.same_as_officer",
     "kiosk_pin"),
])
def test_nothing_is_written_until_everything_is_right(booth, kw, key, field):
    """A refused name or PIN leaves kiosk.toml and the officer list as they were."""
    before = booth.kiosk_pin().config_path.read_text()       # the demo file, written now
    with pytest.raises(OfficerError) as err:
        _setup(booth, **kw)
    assert (err.value.key, err.value.field) == (key, field)
    assert booth.officers().setup_needed()
    assert not booth.kiosk_pin().chosen
    assert booth.data.config.read_text() == before


def test_a_kiosk_pin_chosen_beforehand_is_kept(booth):
    """Chosen with `kiosk officer kiosk-pin` first: set-up does not ask again."""
    booth.kiosk_pin().choose(KIOSK_PIN)
    _setup(booth, name="Andi Pratama", pin=PIN, new_kiosk_pin=None)
    assert booth.kiosk_pin().check(KIOSK_PIN) is True
