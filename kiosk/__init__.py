"""Passport outreach kiosk: the Qt-free core (domain, store, slips, export, CLI)."""

__version__ = "0.1.0"
