"""The log lines' second line of defence: NIK-like and phone-like numbers masked."""

from __future__ import annotations

import logging

import pytest

from kiosk.cli.logs import MaskingFormatter


@pytest.mark.parametrize("text, shown", [
    ("NIK 7571010101900003 refused", "NIK [NIK] refused"),
    ("call +6281234567890 or 081234567890", "call [phone] or [phone]"),
    ("record 42 at 2019-10-23T01:30:00Z", "record 42 at 2019-10-23T01:30:00Z"),
])
def test_log_lines_mask_nik_and_phone_numbers(text, shown):
    """Whatever a log line or a traceback quotes, NIK-like and phone-like numbers are masked."""

    record = logging.LogRecord("kiosk", logging.WARNING, __file__, 1, text, None, None)
    assert MaskingFormatter("%(message)s").format(record) == shown
