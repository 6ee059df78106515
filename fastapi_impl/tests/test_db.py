"""The database policy: a pool per process, one connection per request, writes BEGIN IMMEDIATE after the token read."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from app.config import get_config
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
