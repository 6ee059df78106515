"""Alembic environment: the app's models and DATABASE_URL, with the synchronous driver."""

from alembic import context
from sqlalchemy import create_engine, pool

from app.config import get_config
from app.db import Base
from app.posts import models as _posts  # noqa: F401  (registers the tables)
from app.preferences import models as _preferences  # noqa: F401
from app.users import models as _users  # noqa: F401

config = get_config()
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.sqlalchemy_url(asynchronous=False),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(config.sqlalchemy_url(asynchronous=False), poolclass=pool.NullPool)
    with engine.connect() as connection:
        if config.database_kind == "sqlite":
            # Set once here, before any worker starts: WAL mode is stored in the database file.
            # Commit it, or the migration below would run inside this already-begun transaction.
            connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            connection.commit()
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
