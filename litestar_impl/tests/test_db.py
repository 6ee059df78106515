"""The database policy: one pool per process, writes BEGIN IMMEDIATE after the token lookup, logged as read back."""

import asyncio
import json
import logging
from importlib.metadata import version
from types import SimpleNamespace

import pytest
from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar.testing import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.config import get_config
from app.db import provide_session, read_session
from app.main import create_app


@pytest.fixture
def concurrency(config, monkeypatch):
    def set_to(value: int):
        monkeypatch.setenv("MAX_CONCURRENCY", str(value))
        get_config.cache_clear()
        return create_app()

    return set_to


def test_the_policy_is_logged_once_with_what_the_first_connection_reads_back(concurrency, caplog):
    caplog.set_level(logging.INFO, logger="app.bench.policy")
    with TestClient(concurrency(3)) as client:
        for _ in range(5):
            assert client.get("/api/posts").status_code == 200
    lines = [record.getMessage() for record in caplog.records if record.getMessage().startswith("database policy: ")]
    assert len(lines) == 1
    assert json.loads(lines[0].removeprefix("database policy: ")) == {
        "engine": "sqlite",
        "driver": f"aiosqlite {version('aiosqlite')}",
        "connections": "pool of 3 kept for the process",
        "pool_size": 3,
        "max_overflow": 0,
        "writes": "same pool as reads",
        "write_transaction": "BEGIN IMMEDIATE, after the token lookup",
        "reads": "autocommit",
        "isolation": "SERIALIZABLE",
        "pragmas": {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1, "busy_timeout": 30000},
    }


def test_a_request_holds_one_connection_at_a_time(concurrency):
    # With a pool of one, a request that needed a second connection at once would wait for itself.
    with TestClient(concurrency(1)) as client:
        user = client.post("/api/users", json={"username": "solo", "display_name": "Solo"}).json()
        auth = {"Authorization": f"Bearer {user['token']}"}
        post = client.post("/api/posts", headers=auth, json={"title": "t", "content": "c"})
        assert post.status_code == 201
        path = f"/api/posts/{post.json()['id']}"
        conditional = {**auth, "If-Match": post.headers["etag"]}
        assert client.patch(path, headers=conditional, json={"title": "u"}).status_code == 200
        assert client.get("/api/settings", headers=auth).status_code == 200
        assert client.get(f"/api/users/profile/{user['id']}").json()["post_count"] == 1
        assert client.delete(f"/api/users/{user['id']}", headers=auth).status_code == 204


def test_a_write_begins_immediate_after_the_token_lookup_and_reads_send_no_begin(client, register):
    user = register()
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(" ".join(statement.split()[:2]).upper())

    event.listen(Engine, "before_cursor_execute", record)  # every engine: the plugin's is made at start-up
    try:
        client.post("/api/posts", headers=user["auth"], json={"title": "T", "content": "C"})
        assert statements[0].startswith("SELECT")  # the token lookup, in autocommit
        assert statements[1:3] == ["BEGIN IMMEDIATE", "INSERT INTO"]
        statements.clear()
        client.get("/api/posts")
        assert statements and not [statement for statement in statements if statement.startswith("BEGIN")]
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def test_requests_take_their_turns_at_the_pool_in_arrival_order(concurrency):
    app = concurrency(1)
    alchemy = app.plugins.get(SQLAlchemyPlugin).config[0]
    pool = alchemy.get_engine().pool
    request = SimpleNamespace(method="GET", app=app)
    served: list[str] = []

    async def take_turn(name: str) -> None:
        async with read_session(alchemy, app.state.admission):
            assert pool.checkedout() == 1
            served.append(name)
            await asyncio.sleep(0.01)

    async def scenario() -> None:
        first = provide_session(request, alchemy.create_session_maker()())  # type: ignore[arg-type]
        await anext(first)  # holds the one turn and the one connection
        waiting = [asyncio.create_task(take_turn(name)) for name in ("second", "third")]
        await asyncio.sleep(0.05)
        assert served == []  # both wait while the first holds its turn
        await first.aclose()
        assert pool.checkedout() == 0  # its connection was back in the pool when its turn passed on
        # A newcomer asking at once, before the woken waiter has run, must not take the connection
        # (SQLAlchemy's asyncio pool alone would give it this one).
        await take_turn("newcomer")
        await asyncio.gather(*waiting)
        assert pool.checkedout() == 0

    asyncio.run(scenario())
    assert served == ["second", "third", "newcomer"]
