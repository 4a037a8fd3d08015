"""Alembic environment: runs against the connection that the app hands over."""

from alembic import context

from partnerdesk.core.store.migrate import include_object
from partnerdesk.core.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
