"""The database policy: a pool per process, one connection per request, writes BEGIN IMMEDIATE after the token read."""

import asyncio

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, text

from app.config import get_config
from app.db import Database
from app.main import create_app


@pytest.fixture
def concurrency(config, monkeypatch):
    def set_to(value: int):
        monkeypatch.setenv("MAX_CONCURRENCY", str(value))
        get_config.cache_clear()
        return create_app()

    return set_to


def test_a_request_holds_one_connection_at_a_time(concurrency):
    # With a pool of one, a request that needed a second connection would wait for itself.
    with TestClient(concurrency(1)) as client:
        user = client.post("/api/users", json={"username": "solo", "display_name": "Solo"}).json()
        auth = {"Authorization": f"Bearer {user['token']}"}
        post = client.post("/api/posts", headers=auth, json={"title": "t", "content": "c"})
        assert post.status_code == 201
        path = f"/api/posts/{post.json()['id']}"
        assert (
            client.patch(path, headers={**auth, "If-Match": post.headers["etag"]}, json={"title": "u"}).status_code
            == 200
        )
        assert client.get("/api/settings", headers=auth).status_code == 200
        assert client.get(f"/api/users/profile/{user['id']}").json()["post_count"] == 1
        assert client.delete(f"/api/users/{user['id']}", headers=auth).status_code == 204


def test_a_write_begins_immediate_after_its_token_lookup_and_reads_begin_nothing(app, client, register):
    user = register()
    post = client.post("/api/posts", headers=user["auth"], json={"title": "t", "content": "c"}).json()
    statements: list[str] = []

    @event.listens_for(app.state.database.engine.sync_engine, "before_cursor_execute")
    def record(connection, cursor, statement, *_) -> None:
        statements.append(statement)

    assert client.patch(f"/api/posts/{post['id']}", headers=user["auth"], json={"title": "u"}).status_code == 200
    token_lookup = next(i for i, statement in enumerate(statements) if "token_hash" in statement)
    assert [statement for statement in statements if statement.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]
    assert token_lookup < statements.index("BEGIN IMMEDIATE") < len(statements) - 1
    statements.clear()
    assert client.get(f"/api/posts/{post['id']}").status_code == 200
    assert statements and not [statement for statement in statements if statement.startswith("BEGIN")]


def test_requests_waiting_for_a_connection_take_their_turn_in_the_order_they_came(config, monkeypatch):
    # One connection; a greedy task asks again the moment it gives it back. SQLAlchemy's pool alone
    # would hand it straight back to the greedy task, ahead of the three that have been waiting.
    monkeypatch.setenv("MAX_CONCURRENCY", "1")
    get_config.cache_clear()
    served: list[str] = []

    async def scenario() -> None:
        database = Database(get_config())

        async def use(name: str) -> None:
            async with database.session(write=False) as session:
                await session.execute(text("SELECT 1"))
                served.append(name)
                await asyncio.sleep(0.01)

        async def greedy() -> None:
            for _ in range(3):
                await use("greedy")

        first = asyncio.create_task(greedy())
        await asyncio.sleep(0.005)  # the greedy task holds the connection; the others queue behind it
        await asyncio.gather(first, *(use(f"waiter {n}") for n in range(3)))
        await database.engine.dispose()

    asyncio.run(scenario())
    assert served[:4] == ["greedy", "waiter 0", "waiter 1", "waiter 2"], served
