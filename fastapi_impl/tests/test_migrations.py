"""Alembic migrations: recorded, and a second start on the same database applies nothing."""

import sqlite3

from alembic import command
from alembic.config import Config as AlembicConfig

from app.__main__ import ALEMBIC_INI


def test_upgrading_twice_is_a_no_op_and_the_revision_is_recorded(config):
    path = config.database_url.split(":///", 1)[1]
    command.upgrade(AlembicConfig(str(ALEMBIC_INI)), "head")  # the fixture already did once
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
