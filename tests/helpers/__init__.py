"""Shared test helpers: fakes and factories (no real clocks, no sleeps)."""
