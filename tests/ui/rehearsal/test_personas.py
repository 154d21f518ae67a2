"""Rehearsal personas type numbers and names the kiosk's own checks take."""

from __future__ import annotations

import datetime as dt
import random

from kiosk.citizen import validation as v
from ui.rehearsal.personas import make_persona


def test_every_persona_types_a_mobile_number_nik_and_name_the_kiosk_accepts():
    """2000 personas of several seeds: phones (theirs and a parent's), NIKs, names pass."""
    today = dt.date(2019, 10, 23)
    for seed in range(4):
        rng = random.Random(seed)
        for number in range(500):
            p = make_persona(rng, number, today)
            assert v.phone(p.phone).ok, p.phone
            assert v.nik(p.nik).ok and v.name(p.name).ok and v.place(p.place).ok
            if p.parent:
                assert v.phone(p.parent["phone"]).ok and v.nik(p.parent["nik"]).ok
