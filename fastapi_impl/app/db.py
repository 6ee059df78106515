"""Database engine, sessions and column types shared by every resource."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Integer, event
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from app.config import Config

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


def create_engine(config: Config, **pool: int) -> AsyncEngine:
    if config.database_kind == "postgresql":
        return create_async_engine(config.sqlalchemy_url(asynchronous=True), pool_pre_ping=True,
                                   connect_args={"connect_timeout": 5}, **pool)
    engine = create_async_engine(config.sqlalchemy_url(asynchronous=True), connect_args={"timeout": 30}, **pool)
    _tune_sqlite(engine)
    return engine


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
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

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Any) -> None:
        # A write transaction takes the write lock up front (BEGIN IMMEDIATE): one that read
        # first and upgraded later could not wait for the lock and would fail at once.
        # Reads need no explicit BEGIN: each of their statements runs in its own implicit
        # transaction, which saves a round trip to aiosqlite's thread on every request.
        if connection.get_execution_options().get("sqlite_begin") == "IMMEDIATE":
            connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """The engines and the two session factories: reads in autocommit, writes BEGIN IMMEDIATE."""

    def __init__(self, config: Config) -> None:
        self.kind = config.database_kind
        self.engine = create_engine(config)
        self.writer = self.engine
        if self.kind == "sqlite":
            # SQLite has one writer at a time. A single writer connection per process makes
            # concurrent writes queue in the pool, woken the moment it frees, instead of many
            # connections polling SQLite's lock with its back-off sleeps (p99 halves under load).
            self.writer = create_engine(config, pool_size=1, max_overflow=0)
        self.read_sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        write_engine = self.writer.execution_options(sqlite_begin="IMMEDIATE")
        self.write_sessions = async_sessionmaker(write_engine, expire_on_commit=False)

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.writer is not self.engine:
            await self.writer.dispose()
