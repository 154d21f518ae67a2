"""`python -m kiosk.cli`: the core command line without the touchscreen commands."""

from kiosk.cli import main

main()
