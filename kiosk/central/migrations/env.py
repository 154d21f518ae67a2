"""Alembic's environment: always given an open connection by kiosk.central.database."""

from __future__ import annotations

from alembic import context

from kiosk.central.schema import include_object_for, metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `kiosk-central db upgrade`")
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite",
                  include_object=include_object_for(connection.dialect.name))
context.run_migrations()
