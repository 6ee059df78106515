"""The database policy: PRAGMAs, a kept pool, reads in autocommit, writes BEGIN IMMEDIATE after the token lookup."""

import json
import logging

from sqlalchemy import event

from app import create_app
from app.db import db


def test_the_policy_is_logged_once_read_back_from_the_connection(tmp_path, caplog):
    with caplog.at_level(logging.INFO):
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
        client = app.test_client()
        for _ in range(2):
            assert client.get("/healthcheck").status_code == 200
        with app.app_context(), db.engine.connect() as first, db.engine.connect() as second:
            assert first.connection.dbapi_connection is not second.connection.dbapi_connection
    lines = [record.getMessage() for record in caplog.records if record.getMessage().startswith("database policy: ")]
    assert len(lines) == 1
    policy = json.loads(lines[0].removeprefix("database policy: "))
    assert policy == {
        "engine": "sqlite",
        "driver": policy["driver"],
        "connections": "pool of 4 kept for the process",
        "pool_size": 4,
        "max_overflow": 0,
        "writes": "same pool as reads",
        "write_transaction": "BEGIN IMMEDIATE, after the token lookup",
        "reads": "autocommit",
        "isolation": "serializable",
        "pragmas": {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1, "busy_timeout": 30000},
    }
    assert policy["driver"].startswith("sqlite3 3.")


def test_the_pool_size_is_the_threads(tmp_path, monkeypatch):
    monkeypatch.setenv("THREADS", "7")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})
    with app.app_context():
        assert db.engine.pool.size() == 7


def test_reads_run_in_autocommit_and_a_write_begins_immediate_after_the_token_lookup(app, client, register):
    alice = register()
    post = client.post("/api/posts", headers=alice["auth"], json={"title": "t", "content": "c"}).json
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2].split()[0]))
    client.get(f"/api/posts/{post['id']}")
    client.get("/api/users/me", headers=alice["auth"])
    assert statements == ["SELECT", "SELECT"]  # no BEGIN: each read commits by itself
    statements.clear()
    response = client.patch(f"/api/posts/{post['id']}", headers=alice["auth"], json={"title": "u"})
    assert response.status_code == 200
    # The token's SELECT in autocommit, then the write's transaction: the post read and updated.
    assert statements == ["SELECT", "BEGIN", "SELECT", "UPDATE"]
    assert client.get(f"/api/posts/{post['id']}").json["title"] == "u"


def test_a_write_transaction_is_begun_immediate(app, client, register):
    statements: list[str] = []
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    register()
    assert statements[0] == "BEGIN IMMEDIATE"  # createUser: no token, the transaction from its first statement
