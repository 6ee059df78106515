"""Alembic environment (Flask-Migrate's): the app's engine and the models' metadata."""

import logging.config

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None:
    # Keep the app's loggers (and the tests' log capture) working after a migration.
    logging.config.fileConfig(config.config_file_name, disable_existing_loggers=False)

migrate = current_app.extensions["migrate"]
target_metadata = migrate.db.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=migrate.db.engine.url, target_metadata=target_metadata, literal_binds=True, **migrate.configure_args
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # The app's engine: on SQLite its connections are already in WAL mode (see app.db).
    with migrate.db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, **migrate.configure_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
