"""Users: registration with default settings, tokens, profiles, deletion."""

import hashlib

from sqlalchemy import create_engine, text


def test_a_new_user_gets_a_token_its_profile_and_default_settings(client, register):
    user = register()
    assert client.get("/api/users/me", headers=user["auth"]).json()["username"] == "alice"
    assert client.get(f"/api/users/profile/{user['id']}").json()["post_count"] == 0
    assert client.get("/api/settings", headers=user["auth"]).json()["theme"] == "system"


def test_a_taken_username_conflicts(client, register):
    register("alice")
    response = client.post("/api/users", json={"username": "alice", "display_name": "Again"})
    assert response.status_code == 409


def test_only_the_tokens_hash_is_stored(config, register):
    user = register()
    engine = create_engine(config.sqlalchemy_url(asynchronous=False))
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT token_hash FROM users")).scalar_one()
    assert stored == hashlib.sha256(user["token"].encode()).hexdigest()


def test_deleting_yourself_revokes_the_token_and_cascades(client, register):
    user, other = register("alice"), register("bob")
    post = client.post("/api/posts", headers=user["auth"], json={"title": "T", "content": "C"}).json()
    assert client.delete(f"/api/users/{other['id']}", headers=user["auth"]).status_code == 403
    assert client.delete(f"/api/users/{user['id']}", headers=user["auth"]).status_code == 204
    assert client.get("/api/users/me", headers=user["auth"]).status_code == 401
    assert client.get(f"/api/posts/{post['id']}").status_code == 404


def test_the_bearer_scheme_is_case_insensitive_and_a_challenge_comes_with_401(client, register):
    user = register()
    assert client.get("/api/users/me", headers={"Authorization": f"bearer {user['token']}"}).status_code == 200
    for header in ("", "Bearer", "Bearer ", "Basic x", f"Bearer {user['token']}x"):
        response = client.get("/api/users/me", headers={"Authorization": header})
        assert (response.status_code, response.headers["www-authenticate"]) == (401, "Bearer"), header
