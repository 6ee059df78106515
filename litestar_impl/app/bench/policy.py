"""For the comparison only: the `database policy: {json}` line, read back from the first connection."""

import json
import logging
from importlib.metadata import version
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

logger = logging.getLogger("app.bench.policy")


def log_policy_once(engine: AsyncEngine, *, max_overflow: int, pragmas: tuple[str, ...]) -> None:
    """Log the settings in effect once the process's first connection is open (the comparison reports them)."""

    @event.listens_for(engine.sync_engine, "connect", once=True)
    def on_first_connect(dbapi_connection: Any, _: Any) -> None:
        dialect = engine.dialect
        read_back = None
        if dialect.name == "sqlite":
            cursor, read_back = dbapi_connection.cursor(), {}
            for name in pragmas:
                cursor.execute(f"PRAGMA {name}")
                read_back[name] = cursor.fetchone()[0]
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
            "max_overflow": max_overflow,
            "writes": "same pool as reads",
            "write_transaction": "BEGIN IMMEDIATE, after the token lookup"
            if dialect.name == "sqlite"
            else "BEGIN, rows locked FOR UPDATE, after the token lookup",
            "reads": "autocommit",
            "isolation": isolation,
            "pragmas": read_back,
        }
        logger.info("database policy: %s", json.dumps(policy))
