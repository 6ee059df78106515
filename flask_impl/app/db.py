"""The database: Flask-SQLAlchemy's session per app context, column types, the connection policy."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import BigInteger, Connection, DateTime, Engine, Integer, event
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# 64-bit ids on PostgreSQL; SQLite needs the exact type INTEGER for AUTOINCREMENT, which
# keeps it from reusing the id of a deleted row (a stale URL must never name a new post).
IdType = BigInteger().with_variant(Integer(), "sqlite")
T = TypeVar("T")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_ID = 2**63 - 1
SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=30000")
READ_APART = "read_apart"  # an execution option: this connection's transaction is a read before the write


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
        _apply_policy(db.engine)


@contextmanager
def read_apart() -> Iterator[None]:
    """A read in autocommit, ended before the request's write transaction begins (the token lookup).

    The write lock is then held only from the service's first statement to its commit.
    """
    db.session.connection(execution_options={READ_APART: True})
    yield
    db.session.commit()  # ends the session's transaction; its objects stay loaded (expire_on_commit)


def _apply_policy(engine: Engine) -> None:
    """The database policy: the same in every implementation (see the README's "Database" section)."""

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _: Any) -> None:
        if engine.dialect.name == "sqlite":
            # WAL lets readers run beside the one writer; the busy timeout makes writers from other
            # worker processes wait their turn instead of failing with "database is locked"; the
            # foreign keys (off by default in SQLite) carry ON DELETE CASCADE.
            for pragma in SQLITE_PRAGMAS:
                dbapi_connection.execute(f"PRAGMA {pragma}")
            dbapi_connection.isolation_level = None
        else:
            dbapi_connection.autocommit = True
        # The driver in autocommit: reads run without a transaction, and on_begin, not the driver,
        # decides when a transaction begins.

    @event.listens_for(engine, "begin")
    def on_begin(connection: Connection) -> None:
        if not has_request_context():
            connection.exec_driver_sql("BEGIN")  # migrations, the shell: ordinary transactions
        elif request.method not in SAFE_METHODS and not connection.get_execution_options().get(READ_APART):
            # A write takes SQLite's write lock when its transaction begins (BEGIN IMMEDIATE): one
            # that read first and upgraded later could not wait for the lock and would fail at once.
            # PostgreSQL: READ COMMITTED, and the written row is read FOR UPDATE (get_by_id).
            connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.dialect.name == "sqlite" else "BEGIN")
        # Anything else is a read: no transaction, each statement in autocommit.
