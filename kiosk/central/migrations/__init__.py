"""Alembic migrations of the central database, applied by ``kiosk-central db upgrade``."""
