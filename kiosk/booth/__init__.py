"""The booth: every core service of one kiosk built in one place, and `kiosk doctor`'s checks."""
