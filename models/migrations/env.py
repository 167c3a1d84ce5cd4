"""Alembic's environment: migrations run on the connection models.migrate hands over."""

from alembic import context
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (the tables, for autogenerate)

connection = context.config.attributes["connection"]
# SQLite changes a table by copying it ("batch" mode); other backends alter it in place.
context.configure(connection=connection, target_metadata=SQLModel.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
