"""Rehearsals: the touch driver, simulated citizens (personas) and `kiosk simulate`."""
