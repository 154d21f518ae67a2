"""Printer trouble as one exception type, worded for an officer and free of personal data."""

from __future__ import annotations


class PrinterError(Exception):
    """A slip that could not be printed; the message says what went wrong and what to do."""
