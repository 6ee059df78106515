"""For the comparison only: the `database policy: {json}` log line, read back from a live connection.

The load tests' report shows each implementation's database settings from this line, logged once
per process when its first connection opens. A copier drops it with the rest of config/bench and
the line of config/wsgi.py that connects it: nothing else depends on it.
"""

import json
import logging
import threading
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

logger = logging.getLogger("config.bench.policy")
POLICY_LINE = "database policy: "  # read by the load-test runner from the server log
PRAGMAS = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
_first = threading.Lock()  # held for good by the first connection of the process


def _read_back(connection: BaseDatabaseWrapper) -> dict[str, Any]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            import sqlite3

            pragmas = {}
            for name in PRAGMAS:
                cursor.execute(f"PRAGMA {name}")
                pragmas[name] = cursor.fetchone()[0]
            cursor.execute("PRAGMA read_uncommitted")
            # SQLite's transactions are serializable, unless read_uncommitted reads a shared cache.
            isolation = "read uncommitted" if cursor.fetchone()[0] else "serializable"
            return {
                "driver": f"sqlite3 {sqlite3.sqlite_version}",
                "isolation": isolation,
                "pragmas": pragmas,
                "write_transaction": "BEGIN IMMEDIATE (transaction_mode), after the token lookup",
            }
        import psycopg

        cursor.execute("SHOW transaction_isolation")
        return {
            "driver": f"psycopg {psycopg.__version__}",
            "isolation": cursor.fetchone()[0],
            "pragmas": None,
            "write_transaction": "BEGIN, rows read with SELECT ... FOR UPDATE, after the token lookup",
        }


def policy(connection: BaseDatabaseWrapper) -> dict[str, Any]:
    """The policy of `connection`'s database: what is configured, and what the connection says is in effect."""
    found = _read_back(connection)
    return {
        "engine": "sqlite" if connection.vendor == "sqlite" else "postgresql",
        "driver": found["driver"],
        "connections": f"one per thread, kept (CONN_MAX_AGE={connection.settings_dict['CONN_MAX_AGE']})",
        "pool_size": settings.THREADS,
        "max_overflow": 0,
        "writes": "the same connections as reads",
        "write_transaction": found["write_transaction"],
        "reads": "autocommit",
        "isolation": found["isolation"],
        "pragmas": found["pragmas"],
    }


def _log_policy(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if not _first.acquire(blocking=False):
        return
    logger.info(POLICY_LINE + "%s", json.dumps(policy(connection), separators=(", ", ": ")))


def log_database_policy() -> None:
    """Log the policy once, when the process opens its first connection."""
    connection_created.connect(_log_policy, dispatch_uid="config.bench.policy.log_policy")
