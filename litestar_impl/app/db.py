"""The database policy: advanced-alchemy's Litestar plugin (engine, pool, sessions), PRAGMAs, reads and writes."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from advanced_alchemy.extensions.litestar import AsyncSessionConfig, EngineConfig, SQLAlchemyAsyncConfig
from litestar import Request
from litestar.di import NamedDependency
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import DeclarativeBase

from app.bench.policy import log_policy_once
from app.config import Config

logger = logging.getLogger("app.db")

# Methods that only read: their statements run in autocommit, with no explicit transaction.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SQLITE_PRAGMAS = {"journal_mode": "WAL", "synchronous": "NORMAL", "foreign_keys": "ON", "busy_timeout": "30000"}


class Base(DeclarativeBase):
    """The tables' declarative base (Alembic migrates its metadata)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def alchemy_config(config: Config) -> SQLAlchemyAsyncConfig:
    """One pool per worker process: MAX_CONCURRENCY connections, kept, no overflow.

    As many requests work at the database at once as the pool has connections; the others wait
    in the pool's queue (up to pool_timeout, 30 s, then 503) rather than being refused.
    """
    postgres = config.database_kind == "postgresql"
    alchemy = SQLAlchemyAsyncConfig(
        connection_string=config.sqlalchemy_url(),
        engine_config=EngineConfig(
            pool_size=config.max_concurrency,
            max_overflow=0,
            pool_pre_ping=postgres,  # the pool recovers after PostgreSQL comes back
            connect_args={"connect_timeout": 5} if postgres else {"timeout": 30},
        ),
        # Services commit themselves, before the response is built, so a failed commit is the
        # client's 503 or 500 rather than a 2xx logged at DEBUG ("autocommit" would do that).
        session_config=AsyncSessionConfig(expire_on_commit=False),
        create_all=False,  # Alembic owns the schema
    )
    engine = alchemy.get_engine()
    if not postgres:
        _tune_sqlite(engine)
    log_policy_once(engine, max_overflow=0, pragmas=tuple(SQLITE_PRAGMAS))
    return alchemy


def admission(config: Config) -> asyncio.Semaphore:
    """Turns at the pool, first come, first served: one per pooled connection.

    SQLAlchemy's asyncio pool hands a returned connection to whichever task asks next, not to the
    one that has waited longest: under load a request arriving just then takes it, and a few
    waiters lose their turn again and again (on PostgreSQL, listPosts: p50 16 ms, p99 380 ms). A
    semaphore as large as the pool hands out its permits in arrival order; a request holds one
    from before it takes a connection until that connection is back in the pool.
    """
    return asyncio.Semaphore(config.max_concurrency)


def _tune_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _: Any) -> None:
        # WAL lets readers run beside the one writer; the busy timeout makes writers from other
        # worker processes wait their turn instead of failing with "database is locked";
        # SQLite enforces foreign keys (ON DELETE CASCADE) only on connections that ask.
        cursor = dbapi_connection.cursor()
        for name, value in SQLITE_PRAGMAS.items():
            cursor.execute(f"PRAGMA {name}={value}")
        cursor.close()
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see on_begin).
        dbapi_connection.isolation_level = None

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Any) -> None:
        # A write transaction takes the write lock up front (BEGIN IMMEDIATE): one that read
        # first and upgraded later could not wait for the lock and would fail at once. Reads
        # send no BEGIN: each statement is its own implicit transaction (autocommit).
        if connection.get_execution_options().get("sqlite_begin") == "IMMEDIATE":
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def execution_options(engine: AsyncEngine, *, write: bool) -> dict[str, str]:
    """How a session's connection reads or writes: autocommit reads, one transaction per write."""
    if write:
        return {"sqlite_begin": "IMMEDIATE"} if engine.dialect.name == "sqlite" else {}
    # SQLite's reads are in autocommit already (no BEGIN, see on_begin).
    return {"isolation_level": "AUTOCOMMIT"} if engine.dialect.name == "postgresql" else {}


async def provide_session(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> AsyncIterator[AsyncSession]:
    """The plugin's session for this request, reading in autocommit or writing in one transaction.

    The connection is taken here, once the request's turn comes (`admission`), with its options:
    a write's transaction (BEGIN IMMEDIATE on SQLite) so begins after the token lookup, which ran
    in its own read (app/auth.py). The session closes when the handler's response is built, before
    it is sent (the plugin's own close, after sending, then finds nothing to do), and the turn passes on.
    """
    write = request.method not in SAFE_METHODS
    async with request.app.state.admission:
        try:
            await db_session.connection(execution_options=execution_options(db_session.bind, write=write))  # type: ignore[arg-type]
            yield db_session
        finally:
            await db_session.close()


# What handlers declare to get it (app/main.py provides it as "session").
Session = NamedDependency[AsyncSession]


@asynccontextmanager
async def read_session(alchemy: SQLAlchemyAsyncConfig, turns: asyncio.Semaphore) -> AsyncIterator[AsyncSession]:
    """A session of its own for one read outside a handler (the token lookup), in autocommit, in its turn."""
    async with turns, alchemy.get_session() as session:
        await session.connection(execution_options=execution_options(alchemy.get_engine(), write=False))
        yield session


async def open_first_connection(alchemy: SQLAlchemyAsyncConfig) -> None:
    """At start-up, open the pool's first connection (it logs the policy); if the database is down, requests get 503."""
    try:
        async with alchemy.get_engine().connect():
            pass
    except (OSError, SQLAlchemyError) as error:
        logger.warning("database not answering at start-up: %s", error)
