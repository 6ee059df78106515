"""The framework floors: each framework bare, on its implementation's server and worker policy."""

from __future__ import annotations

import sqlite3
from pathlib import Path

FLOORS_DIR = Path(__file__).resolve().parents[1] / "floors"
ITEMS = 1000
# The app each floor serves, by implementation name; a new implementation adds its framework here.
TARGETS = {
    "fastapi": "fastapi_floor:app",
    "flask": "flask_floor:app",
    "django": "django_floor.wsgi:application",
}


def create_items(database_url: str) -> None:
    """The table the floors read: ITEMS rows, created directly (the floors have no migrations)."""
    rows = [(n, f"item {n}", n * 7) for n in range(1, ITEMS + 1)]
    ddl = "CREATE TABLE floor_item (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL, value INTEGER NOT NULL)"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.split(":///", 1)[1]) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(ddl)
            connection.executemany("INSERT INTO floor_item VALUES (?, ?, ?)", rows)
    else:
        import psycopg  # only here: the locustfile imports this module for ITEMS

        with psycopg.connect(database_url) as connection:
            connection.execute(ddl)
            with connection.cursor() as cursor:
                cursor.executemany("INSERT INTO floor_item VALUES (%s, %s, %s)", rows)
