"""Alembic environment: runs on the connection werkplek hands it, never on a URL of its own."""

from alembic import context

from werkplek.store.models import Base

verbinding = context.config.attributes["connection"]
context.configure(connection=verbinding, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
