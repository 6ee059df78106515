"""Users: registration, tokens kept only as hashes, profiles, and deleting your own account."""

import hashlib

from sqlalchemy import select

from app.db import db
from app.posts.models import Post
from app.preferences.models import Preferences
from app.users.models import User
from tests.helpers import assert_problem


def test_registration_returns_the_token_once_and_stores_only_its_hash(app, client):
    response = client.post("/api/users", json={"username": "alice", "display_name": "Alice"})
    assert response.status_code == 201
    body = response.json
    assert response.headers["Location"] == f"/api/users/profile/{body['id']}"
    assert set(body) == {"id", "username", "display_name", "created_at", "token"}
    assert len(body["token"]) >= 43 and body["created_at"].endswith("+00:00")
    with app.app_context():
        user = db.session.scalars(select(User)).one()
        assert user.token_hash == hashlib.sha256(body["token"].encode()).hexdigest()
        assert body["token"] not in {user.username, user.display_name, user.token_hash}


def test_a_taken_username_is_a_conflict(client, register):
    register("alice")
    response = client.post("/api/users", json={"username": "alice", "display_name": "Another"})
    assert_problem(response, 409)


def test_usernames_match_the_whole_pattern(client):
    for username in ("al", "Alice", "alice\n", "a" * 33, "al ice"):
        response = client.post("/api/users", json={"username": username, "display_name": "A"})
        assert assert_problem(response, 422)["errors"][0]["pointer"] == "/username", username


def test_blank_is_only_whitespace_as_str_isspace_sees_it(client):
    # U+001F and U+0085 are whitespace to Python and in the contract's explicit list; U+FEFF and
    # U+200B are not (ECMA-262's \s counts U+FEFF).
    for index, blank in enumerate(("\x1f", "\x85", "\u3000", " \t\u2028")):
        response = client.post("/api/users", json={"username": f"blank{index}", "display_name": blank})
        assert assert_problem(response, 422)["errors"][0]["pointer"] == "/display_name", repr(blank)
    for index, text in enumerate(("\ufeff", "\u200b")):
        response = client.post("/api/users", json={"username": f"text{index}", "display_name": text})
        assert response.status_code == 201 and response.json["display_name"] == text


def test_the_current_user_needs_a_valid_bearer_token(client, register):
    alice = register()
    token = alice["token"]
    assert client.get("/api/users/me", headers={"Authorization": f"bearer {token}"}).json["id"] == alice["id"]
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": f"Basic {token}"}):
        response = client.get("/api/users/me", headers=headers)
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_profile_counts_the_users_posts(client, register):
    alice = register()
    for title in ("one", "two"):
        client.post("/api/posts", headers=alice["auth"], json={"title": title, "content": "c"})
    response = client.get(f"/api/users/profile/{alice['id']}")
    assert response.status_code == 200
    assert response.json == {key: alice[key] for key in ("id", "username", "display_name", "created_at")} | {
        "post_count": 2
    }
    assert_problem(client.get("/api/users/profile/999"), 404)


def test_deleting_your_account_cascades_to_its_posts_and_preferences_and_kills_the_token(app, client, register):
    alice, bob = register("alice"), register("bob")
    client.post("/api/posts", headers=alice["auth"], json={"title": "t", "content": "c"})
    response = client.delete(f"/api/users/{alice['id']}", headers=alice["auth"])
    assert response.status_code == 204 and response.data == b""
    assert_problem(client.get("/api/users/me", headers=alice["auth"]), 401)
    with app.app_context():
        assert db.session.scalars(select(Post)).all() == []
        assert [p.user_id for p in db.session.scalars(select(Preferences))] == [bob["id"]]


def test_deleting_someone_else_is_forbidden_and_nobody_is_not_found(client, register):
    alice, bob = register("alice"), register("bob")
    assert_problem(client.delete(f"/api/users/{bob['id']}", headers=alice["auth"]), 403)
    assert_problem(client.delete("/api/users/999", headers=alice["auth"]), 404)
    assert_problem(client.delete("/api/users/999"), 401)  # 401 before 404


def test_me_is_not_an_id(client, register):
    response = client.delete("/api/users/me", headers=register()["auth"])
    assert_problem(response, 405)
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_sqlite_enforces_foreign_keys_on_every_connection(app):
    # The cascade above is the database's (ON DELETE CASCADE): SQLite applies it only where the
    # connection turned foreign keys on, so every connection of the pool must have.
    with app.app_context(), db.engine.connect() as first, db.engine.connect() as second:
        assert [c.exec_driver_sql("PRAGMA foreign_keys").scalar() for c in (first, second)] == [1, 1]
