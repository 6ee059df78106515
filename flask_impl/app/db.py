"""The database: Flask-SQLAlchemy's session per app context, column types, SQLite tuning."""

from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import BigInteger, DateTime, Engine, Integer, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# 64-bit ids on PostgreSQL; SQLite needs the exact type INTEGER for AUTOINCREMENT, which
# keeps it from reusing the id of a deleted row (a stale URL must never name a new post).
IdType = BigInteger().with_variant(Integer(), "sqlite")
T = TypeVar("T")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_ID = 2**63 - 1


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, on SQLite (which stores naive text) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and dialect.name == "sqlite":
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


# Objects stay readable after commit: the response is serialized from them without a new SELECT.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})


def get_by_id(model: type[T], ident: int, *, lock: bool = False) -> T | None:
    """The row with this id from a path, or None; `lock` holds it (FOR UPDATE) until the commit.

    An id outside 1..2**63-1 names nothing, and never reaches the driver (SQLite's cannot bind it).
    """
    return db.session.get(model, ident, with_for_update=lock) if 1 <= ident <= MAX_ID else None


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            _tune_sqlite(db.engine)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _: Any) -> None:
        # WAL lets readers run beside the one writer; the busy timeout makes writers from other
        # worker processes wait their turn instead of failing with "database is locked".
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see on_begin).
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # A request that changes state takes the write lock when its transaction begins
        # (BEGIN IMMEDIATE): one that read first and upgraded later could not wait for the
        # lock and would fail at once. Reads, and work outside requests, begin deferred.
        write = has_request_context() and request.method not in SAFE_METHODS
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
