"""The central office receiver: every kiosk's records by stick or by network, and the staff desk.

Qt-free. FastAPI (the sync API and the staff pages), SQLAlchemy Core (SQLite by default,
PostgreSQL by one URL), Alembic migrations (``migrations/versions``), Jinja2 pages
(``resources/central/templates``). The kiosk code it reuses is imported in one module,
``kiosk.central.shared``. Protocol: docs/sync-protocol.md; operations: docs/central.md.
"""
