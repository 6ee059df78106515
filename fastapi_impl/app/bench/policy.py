"""For the comparison only: the `database policy: {json}` line, read back from a live connection; a copier drops it.

The load-test runner records this line from each server's log, so that a report shows the policy the
implementation really ran under (PRAGMAs as SQLite reports them, the pool as SQLAlchemy sized it).
"""

import json
import logging
from importlib.metadata import version
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from app.db import MAX_OVERFLOW

logger = logging.getLogger("app.bench.policy")

SQLITE_PRAGMAS = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")


def log_policy_once(engine: AsyncEngine) -> None:
    """Log `database policy: {json}` once the process's first connection is open, read back from it."""

    @event.listens_for(engine.sync_engine, "connect", once=True)
    def on_first_connect(dbapi_connection: Any, _: Any) -> None:
        dialect = engine.dialect
        pragmas = None
        if dialect.name == "sqlite":
            cursor, pragmas = dbapi_connection.cursor(), {}
            for name in SQLITE_PRAGMAS:
                cursor.execute(f"PRAGMA {name}")
                pragmas[name] = cursor.fetchone()[0]
            cursor.close()
        isolation = dialect.get_isolation_level(dbapi_connection)
        if dialect.name == "postgresql":
            dbapi_connection.rollback()  # end the transaction the SHOW began
        size = engine.pool.size()  # type: ignore[attr-defined]  # a QueuePool's
        policy = {
            "engine": dialect.name,
            "driver": f"{dialect.driver} {version(dialect.driver)}",
            "connections": f"pool of {size} kept for the process",
            "pool_size": size,
            "max_overflow": MAX_OVERFLOW,
            "writes": "same pool as reads",
            "write_transaction": "BEGIN IMMEDIATE, after the token lookup"
            if dialect.name == "sqlite"
            else "BEGIN, rows locked FOR UPDATE, after the token lookup",
            "reads": "autocommit",
            "isolation": isolation,
            "pragmas": pragmas,
        }
        logger.info("database policy: %s", json.dumps(policy))
