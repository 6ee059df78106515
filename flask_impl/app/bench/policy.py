"""For the comparison only: the `database policy: {json}` line, read back from a live connection; a copier drops it.

The load-test runner records this line from each server's log, so that a report shows the policy
the implementation really ran under (PRAGMAs as SQLite reports them, the pool as SQLAlchemy sized
it). app/db.py applies the policy; this module only says what it is.
"""

import json
import logging
from typing import Any

from flask import Flask
from sqlalchemy import Engine, event

from app.db import db


def log_policy_once(app: Flask) -> None:
    """Log `database policy: {json}` at the first connection of each worker process (each builds its own app)."""
    # Flask's logger writes to the server's error log; let this INFO line through.
    if not app.logger.level:
        app.logger.setLevel(logging.INFO)
    with app.app_context():
        engine = db.engine
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]

    # Registered after app.db's own "connect" listener, so the PRAGMAs are set when read back.
    @event.listens_for(engine, "connect", once=True)
    def on_first_connect(dbapi_connection: Any, _: Any) -> None:
        app.logger.info("database policy: %s", json.dumps(_policy(engine, options, dbapi_connection)))


def _policy(engine: Engine, options: dict[str, Any], dbapi_connection: Any) -> dict[str, Any]:
    """The policy in effect, read back from a live connection where the database can say it."""
    cursor = dbapi_connection.cursor()

    def read(sql: str) -> Any:
        cursor.execute(sql)
        return cursor.fetchone()[0]

    dbapi, pool_size = engine.dialect.dbapi, engine.pool.size()  # type: ignore[attr-defined]
    module = dbapi.__name__.partition(".")[0]  # sqlite3, not its sqlite3.dbapi2
    if engine.dialect.name == "sqlite":
        driver = f"{module} {dbapi.sqlite_version}"  # the SQLite library the module binds
        write_transaction = "BEGIN IMMEDIATE"
        isolation = "read uncommitted" if read("PRAGMA read_uncommitted") else "serializable"
        pragmas = {
            name: read(f"PRAGMA {name}") for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    else:
        driver = f"{module} {dbapi.__version__}"
        write_transaction = "BEGIN, rows read with SELECT ... FOR UPDATE"
        isolation, pragmas = read("SHOW transaction_isolation"), None
    cursor.close()
    return {
        "engine": engine.dialect.name,
        "driver": driver,
        "connections": f"pool of {pool_size} kept for the process",
        "pool_size": pool_size,
        "max_overflow": options.get("max_overflow", 10),  # SQLAlchemy's default when unset
        "writes": "same pool as reads",
        "write_transaction": f"{write_transaction}, after the token lookup",
        "reads": "autocommit",
        "isolation": isolation,
        "pragmas": pragmas,
    }
