"""The Qt (PySide6) front end of the kiosk: screens, officer side, composition root."""
