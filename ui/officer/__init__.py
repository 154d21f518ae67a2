"""The officer side of the kiosk: PIN entry, queue console, slip check, report, export, data."""
