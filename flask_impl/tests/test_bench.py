"""For the comparison only (app/bench): the same-shape floor, and the database policy logged as read back."""

import json
import logging

from app import create_app
from app.bench import floor
from app.db import db


def test_the_floor_serves_the_apis_post_body(app, client, register):
    alice = register()
    created = client.post(
        "/api/posts", headers=alice["auth"], json={"title": "Olá", "content": "c\u2603", "tags": ["a", "b-2"]}
    ).json
    api = client.get(f"/api/posts/{created['id']}")
    bare = floor.create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}).test_client()
    response = bare.get(f"/posts/{created['id']}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json == api.json and list(response.json) == list(api.json)
    assert response.data == api.data  # byte for byte
    assert bare.get("/posts/999").status_code == 404
    assert bare.get(f"/posts/{2**63}").status_code == 404
    assert bare.get("/healthcheck").json == {"status": "ok"}
    assert bare.get("/json").json == {"message": "Hello, World!"}


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
