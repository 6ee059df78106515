"""The database policy: one pool per process, writes BEGIN IMMEDIATE after the token lookup, logged as read back."""

import json
import logging
from importlib.metadata import version

import pytest
from litestar.testing import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.config import get_config
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
