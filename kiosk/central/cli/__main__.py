"""`python -m kiosk.central.cli`: the same as `kiosk-central`."""

from kiosk.central.cli import main

if __name__ == "__main__":      # a stick's import starts a worker process (kiosk/central/stick.py)
    main()
