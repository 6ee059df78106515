"""Alembic's migration and the models describe the same schema."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from app.db import Base


def test_the_migrated_schema_matches_the_models(config):
    engine = create_engine(config.sqlalchemy_url(asynchronous=False))
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
