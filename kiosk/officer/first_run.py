"""First-run set-up: the kiosk PIN (when none is chosen yet) and the first officer, then
that officer signed in. What the set-up screen and nothing else calls."""

from __future__ import annotations

from kiosk.officer.accounts import Officers
from kiosk.officer.kiosk_pin import KioskPin
from kiosk.officer.lockout import LockedOut, WrongPin
from kiosk.officer.pins import OfficerError, check_pin_rules
from kiosk.records.audit import Officer


def complete_setup(officers: Officers, kiosk_pin: KioskPin, *, name: str, pin: str,
                   new_kiosk_pin: str | None) -> Officer | WrongPin | LockedOut:
    """Set the kiosk up: everything is checked before anything is written.

    new_kiosk_pin: the kiosk PIN chosen on the set-up screen; required (OfficerError
    kiosk_pin.needed, field "kiosk_pin") while no usable kiosk PIN is configured, and
    refused (kiosk_pin.same_as_officer) when it is the officer's own PIN. Raises
    OfficerError as Officers.create_officer and KioskPin.choose; OSError when kiosk.toml
    cannot be written. Returns the first officer, signed in (audited: officer_created,
    kiosk_pin_changed, login).
    """
    if new_kiosk_pin is None and not kiosk_pin.chosen:
        raise OfficerError("kiosk_pin.needed", field="kiosk_pin")
    officers.check_new(name, pin)
    if new_kiosk_pin is not None:
        check_pin_rules(new_kiosk_pin, field="kiosk_pin")
        if new_kiosk_pin == pin:
            raise OfficerError("kiosk_pin.same_as_officer", field="kiosk_pin")
    if not officers.setup_needed():
        raise OfficerError("officer.needs_officer")
    if new_kiosk_pin is not None:
        kiosk_pin.choose(new_kiosk_pin)
    first = officers.create_officer(name, pin)
    if new_kiosk_pin is not None:
        officers.record_action(first, "kiosk_pin_changed", first_run=True)
    return officers.authenticate(pin, officer_id=first.id)
