"""The database policy: engine and pool, PRAGMAs, sessions, and the column types every resource shares."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, event
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from app.config import Config

logger = logging.getLogger("app.db")

# 64-bit ids on PostgreSQL; SQLite needs the exact type INTEGER for AUTOINCREMENT, which
# keeps it from reusing the id of a deleted row (a stale URL must never name a new post).
IdType = BigInteger().with_variant(Integer(), "sqlite")


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


MAX_OVERFLOW = 0  # no connection beyond the pool: MAX_CONCURRENCY is the ceiling


def create_engine(config: Config) -> AsyncEngine:
    """One pool per worker process: MAX_CONCURRENCY connections, kept, no overflow.

    As many requests work at the database at once as the pool has connections; the others wait
    in the pool's queue (up to pool_timeout, 30 s, then 503) rather than being refused.
    """
    pool = {"pool_size": config.max_concurrency, "max_overflow": MAX_OVERFLOW}
    if config.database_kind == "postgresql":
        engine = create_async_engine(
            config.sqlalchemy_url(asynchronous=True), pool_pre_ping=True, connect_args={"connect_timeout": 5}, **pool
        )
    else:
        engine = create_async_engine(config.sqlalchemy_url(asynchronous=True), connect_args={"timeout": 30}, **pool)
        _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _: Any) -> None:
        # WAL lets readers run beside the one writer; the busy timeout makes writers from other
        # worker processes wait their turn instead of failing with "database is locked";
        # SQLite enforces foreign keys (ON DELETE CASCADE) only on connections that ask.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see on_begin).
        dbapi_connection.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Any) -> None:
        # A write transaction takes the write lock up front (BEGIN IMMEDIATE): one that read
        # first and upgraded later could not wait for the lock and would fail at once.
        # Reads need no explicit BEGIN: each of their statements runs in its own implicit
        # transaction (autocommit), which saves a round trip to aiosqlite's thread per request.
        if connection.get_execution_options().get("sqlite_begin") == "IMMEDIATE":
            connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The pool and the two session factories over it: reads in autocommit, writes in one transaction;
    requests take their turn at the pool in the order they came (session)."""

    def __init__(self, config: Config) -> None:
        self.kind = config.database_kind
        self.engine = create_engine(config)
        # SQLAlchemy's asyncio pool gives a returned connection to whichever task asks next, not to
        # the one that has waited longest: under load a request arriving just then takes it, and a
        # few waiters lose their turn again and again (on PostgreSQL: p50 5 ms, p99 670 ms). A
        # semaphore as large as the pool hands its permits out first come, first served.
        self.admission = asyncio.Semaphore(config.max_concurrency)
        # Both share the engine's pool (execution options make a view of the engine, not a new pool).
        reads = (
            self.engine.execution_options(isolation_level="AUTOCOMMIT") if self.kind == "postgresql" else self.engine
        )  # SQLite's reads are in autocommit already (no BEGIN, see on_begin)
        self.read_sessions = async_sessionmaker(reads, expire_on_commit=False)
        writes = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self.write_sessions = async_sessionmaker(writes, expire_on_commit=False)

    @asynccontextmanager
    async def session(self, *, write: bool) -> AsyncIterator[AsyncSession]:
        """A session for one request's reads (autocommit) or its write transaction, once its turn comes."""
        async with self.admission, (self.write_sessions if write else self.read_sessions)() as session:
            yield session

    @asynccontextmanager
    async def lifespan(self, _: Any) -> AsyncIterator[None]:
        """An app's lifespan: the first connection opens at start-up, all close at the end."""
        try:
            async with self.engine.connect():
                pass
        except (OSError, SQLAlchemyError) as error:  # the first request will try again, and answer 503
            logger.warning("database not answering at start-up: %s", error)
        yield
        await self.engine.dispose()
