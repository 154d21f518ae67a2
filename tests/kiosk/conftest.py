"""Fixtures of the officer side (tests/helpers/officer_side.py) for every core test."""

from tests.helpers.officer_side import (  # noqa: F401
    central,
    exporter,
    officer,
    officers,
    queue,
    signing_key,
    stick,
    trusted,
)
