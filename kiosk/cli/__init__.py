"""The `kiosk` command line: the root group with every command module registered on it."""

from __future__ import annotations

from kiosk.cli import (  # noqa: F401 - they register
    export,
    officers,
    recover,
    report,
    retention,
    signing,
    slips,
    sync,
)
from kiosk.cli.root import cli, config_or_exit, context_of, keys

__all__ = ["cli", "config_or_exit", "context_of", "keys", "main"]


def main() -> None:
    cli(prog_name="kiosk")
