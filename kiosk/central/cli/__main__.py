"""`python -m kiosk.central.cli`: the same as `kiosk-central`."""

from kiosk.central.cli import main

main()
