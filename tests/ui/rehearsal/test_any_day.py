"""A rehearsal runs on whatever day it is run: dates citizens type are relative to the
simulated day, so no day of the year (nor a run across midnight) breaks it."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.event.config import default_config_text, parse
from kiosk.paths import DataDir
from ui.rehearsal.simulate import run_simulation

WITA = dt.timezone(dt.timedelta(hours=8))

# Seed 3 with 24 citizens sends complaints and a lost passport (a police report date).
SEED, CITIZENS = 3, 24

DAYS = {
    "today": None,                                               # the day the suite runs
    "seed story": dt.datetime(2019, 10, 23, 9, 30, tzinfo=WITA),
    "ten years on": dt.datetime(dt.date.today().year + 10, 3, 2, 9, 0, tzinfo=WITA),
    "new year's eve, past midnight": dt.datetime(2030, 12, 31, 23, 40, tzinfo=WITA),
    "29 February": dt.datetime(2028, 2, 29, 9, 0, tzinfo=WITA),
    "first of March after 29 February": dt.datetime(2028, 3, 1, 8, 0, tzinfo=WITA),
}


@pytest.mark.parametrize("day", DAYS)
def test_a_rehearsal_succeeds_on_any_day(qapp, tmp_path, day):
    """Every visit makes its record, complaints and lost-passport visits included."""
    at = DAYS[day] or dt.datetime.now(WITA).replace(microsecond=0)
    config = parse(default_config_text().replace(
        'services_on_site = ["NEW", "RENEW", "COMPLAINT", "INFO"]',
        'services_on_site = ["NEW", "RENEW", "LOST", "COMPLAINT", "INFO"]'))
    summary = run_simulation(citizens=CITIZENS, seed=SEED, at=at, config=config,
                             data=DataDir(tmp_path / "rehearsal"))
    assert summary["checks"]["ok"], summary
    assert summary["outcomes"].get("complaint", 0) >= 2, summary["outcomes"]
    assert summary["records"]["by_service"].get("LOST", 0) >= 1, summary["records"]


def test_walking_away_from_the_slip_screen_still_counts_the_record(qapp, tmp_path,
                                                                   monkeypatch):
    """A citizen who leaves without tapping Finish made a record: the checks expect it."""
    import ui.rehearsal.simulate as simulate
    from ui.rehearsal.personas import make_persona

    def leaves_at_finish(rng, number, today):
        persona = make_persona(rng, number, today)
        if number == 1:       # info visit in the kiosk's language: 3 taps, then Finish
            persona.path, persona.language, persona.walk_away_at = "info", "id", 3
        return persona

    monkeypatch.setattr(simulate, "make_persona", leaves_at_finish)
    config = parse(default_config_text())
    summary = run_simulation(citizens=2, seed=SEED, at=DAYS["seed story"], config=config,
                             data=DataDir(tmp_path / "rehearsal"))
    assert summary["outcomes"]["walked_away"] >= 1
    assert summary["checks"]["ok"], summary["checks"]
    assert summary["records"]["by_kind"].get("info", 0) >= 1
