"""`kiosk-central`: the office's command line (click). `kiosk-central --help` documents it.

The group lives in root.py; each module here adds its commands to it when imported.
"""

from __future__ import annotations

from kiosk.central.cli import records, setup, staff  # noqa: F401 - they register commands
from kiosk.central.cli.root import cli


def main() -> None:
    cli(prog_name="kiosk-central")


__all__ = ["cli", "main"]
