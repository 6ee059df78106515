"""The database policy: a kept pool, reads in autocommit, writes BEGIN IMMEDIATE after the token lookup."""

from sqlalchemy import event

from app import create_app
from app.db import db


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


def test_every_sqlite_connection_gets_the_pragmas(app):
    with app.app_context(), db.engine.connect() as connection:
        values = {
            name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert values == {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1, "busy_timeout": 30000}
