"""The database policy as Django's DATABASES entry: connections, transactions and PRAGMAs from DATABASE_URL.

Read by config.settings.base while the settings load, so it imports nothing that needs them.
"""

from pathlib import Path
from typing import Any

import dj_database_url

# Every connection, as the other implementations' engines set them: WAL lets readers run beside
# the writer, NORMAL is durable enough under WAL, and SQLite enforces foreign keys only when asked.
SQLITE_PRAGMAS = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"


def database_settings(url: str, *, base_dir: Path) -> dict[str, Any]:
    """DATABASES["default"] for `url`: SQLite (a relative path is relative to `base_dir`) or PostgreSQL.

    One connection per gunicorn thread, kept for the process's life (None: no maximum age). The
    thread count bounds the connections (WORKERS x THREADS), as a pool of that size would, with no
    overflow. No health check before each request (Django's CONN_HEALTH_CHECKS): on PostgreSQL it
    is one more round trip, a SELECT 1, per request, which the other implementations' pools do not
    make; a connection a database restart broke fails the one request that finds it (503), and
    Django closes it when that request ends, so the next one reconnects.
    """
    database = dj_database_url.parse(url, conn_max_age=None, conn_health_checks=False)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["NAME"] = str(base_dir / database["NAME"])  # an absolute path stays as it is
        database["OPTIONS"] = {
            # Every atomic() block begins with BEGIN IMMEDIATE: it takes the write lock up front and
            # waits for it (timeout, seconds: busy_timeout=30000), so workers writing at once queue
            # instead of failing with "database is locked". Reads stay in autocommit.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": SQLITE_PRAGMAS,
        }
    else:
        # psycopg 3, READ COMMITTED (PostgreSQL's default). Persistent connections rather than
        # Django's psycopg pool: a database that is down fails at once (503) instead of waiting
        # for the pool's timeout.
        database["OPTIONS"] = {"connect_timeout": 5}
    # Write requests run their service in transaction.atomic(), after DRF has looked the token
    # up; reads need no transaction.
    database["ATOMIC_REQUESTS"] = False
    return dict(database)
