"""The `kiosk` entry point: the core CLI plus the commands that need Qt (run, simulate)."""

from __future__ import annotations

from kiosk.cli import cli

main_group = cli


def main() -> None:
    cli(prog_name="kiosk")


if __name__ == "__main__":
    main()
