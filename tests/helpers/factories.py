"""Valid forms and configurations to start tests from."""

from __future__ import annotations

from kiosk.event.config import Config, default_config_text, parse


def adult_form(**overrides: object) -> dict:
    form = {
        "service": "NEW", "full_name": "Budi Santoso", "nik": "7571010101900003",
        "birth_place": "Gorontalo", "birth_date": "01-01-1990", "sex": "M",
        "phone": "0812-3456-7890", "email": "", "passport_type": "ordinary", "years": "5",
        "priority": "",
    }
    form.update(overrides)
    return form


def complaint_form(**overrides: object) -> dict:
    form = {
        "category": "slow_service", "identity": "identified", "unit": "passport",
        "what_happened": "Antrean tidak bergerak selama dua jam.", "event_date": "20-10-2019",
        "place": "Kantor Imigrasi Gorontalo", "full_name": "Rahmawati", "phone": "081355550001",
        "email": "",
    }
    form.update(overrides)
    return form


def config(**event_overrides: object) -> Config:
    """The demo configuration, with [event]/[kiosk] keys replaced (kiosk_number, kiosks, ...)."""
    text = default_config_text()
    lines = []
    for line in text.splitlines():
        key = line.split("=")[0].strip()
        if key == "kiosks" and "kiosks" in event_overrides:
            line = f"kiosks = {event_overrides['kiosks']}"
        if key == "number" and "kiosk_number" in event_overrides:
            line = f"number = {event_overrides['kiosk_number']}"
        lines.append(line)
    return parse("\n".join(lines))
