"""Alembic environment: runs on the connection the plugin hands it."""

from alembic import context

from werkplek_embedded.models import Base

verbinding = context.config.attributes["connection"]
context.configure(
    connection=verbinding,
    target_metadata=Base.metadata,
    render_as_batch=True,
    version_table="alembic_version_embedded",
)
with context.begin_transaction():
    context.run_migrations()
