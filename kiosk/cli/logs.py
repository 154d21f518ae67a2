"""The kiosk's log lines: `kiosk --log-level LEVEL` (or KIOSK_LOG_LEVEL) sends every
logger's records at that level to standard error, with NIK-like and phone-like numbers
masked in every line, tracebacks included.

Logs never carry personal data (brief; UU 27/2022): the code logs ids, codes, counts and
exception types only, and the Qt side drops Qt's categories that echo typed text
(ui/kit/qtlog.py). The mask is the second line of defence for what slips through, such
as an exception message quoting a value. Names cannot be recognised by pattern: they
must never be logged in the first place (tests/ui/test_logs.py scans a simulated day).
"""

from __future__ import annotations

import logging
import re
import sys

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
FORMAT = "%(levelname)s %(name)s: %(message)s"
# A NIK: 16 digits (docs: PPRRSSDDMMYYXXXX). A mobile number: 08.., 628.. or +628.., with
# spaces or hyphens between groups (DOMAIN.md: 10 to 13 digits in the local form).
_NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
_PHONE = re.compile(r"(?<![\d+])(?:\+62|62|0)8[\d \-]{7,14}\d(?!\d)")


def mask(text: str) -> str:
    """`text` with NIK-like and mobile-number-like digit runs replaced."""
    return _PHONE.sub("[phone]", _NIK.sub("[NIK]", text))


class MaskingFormatter(logging.Formatter):
    """A formatter whose whole output (message, arguments, traceback) is masked."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


def configure_logging(level: str) -> None:
    """Every logger at `level` (one of LEVELS) to standard error, masked; Python warnings
    are logged too. Replaces handlers a library put on the root logger."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(MaskingFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    logging.captureWarnings(True)
