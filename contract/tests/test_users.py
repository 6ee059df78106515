"""createUser, getCurrentUser, getUserProfile and deleteUser."""

import random
import string
from datetime import UTC, datetime, timedelta

import pytest

from harness.client import parse_time, unique_username


def test_create_returns_the_user_its_token_and_where_its_profile_is(api):
    username = unique_username()
    response = api.post("/api/users", {"username": username, "display_name": "Ada Lovelace"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "username", "display_name", "created_at", "token"}
    assert (body["username"], body["display_name"]) == (username, "Ada Lovelace")
    assert response.headers["Location"] == f"/api/users/profile/{body['id']}"
    assert len(body["token"]) >= 43  # 32 random bytes, base64url
    created = parse_time(body["created_at"])
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=5)


def test_the_token_identifies_the_user_and_is_never_shown_again(api, alice):
    me = api.get("/api/users/me", account=alice)
    assert me.status_code == 200
    assert me.json()["id"] == alice.id and me.json()["username"] == alice.username
    assert "token" not in me.json()
    profile = api.get(f"/api/users/profile/{alice.id}")
    assert "token" not in profile.json() and alice.token not in profile.text


def test_tokens_differ_between_users(alice, bob):
    assert alice.token != bob.token


def test_a_taken_username_conflicts(api, alice):
    response = api.post("/api/users", {"username": alice.username, "display_name": "Someone else"})
    assert response.status_code == 409


@pytest.mark.parametrize("length", [3, 32])
def test_username_length_limits_are_inclusive(api, length):
    # Three characters leave few names (50,653): on a server with history a random one may be
    # taken, so names are drawn until one is free. A 409 must say the name is taken, no more.
    for _ in range(50):
        username = "".join(random.choices(string.ascii_lowercase + string.digits + "_", k=length))
        response = api.post("/api/users", {"username": username, "display_name": "Edge"})
        if response.status_code != 409:
            break
    assert response.status_code == 201, response.text
    assert response.json()["username"] == username
    assert api.get(f"/api/users/profile/{response.json()['id']}").json()["username"] == username


@pytest.mark.parametrize("username", ["ab", "a" * 33, "Alice", "al-ice", "al ice", "ålice", "", "alice\n"])
def test_invalid_usernames_are_rejected_with_a_pointer(api, username):
    response = api.post("/api/users", {"username": username, "display_name": "Edge"})
    assert response.status_code == 422
    assert {"pointer": "/username"}.items() <= response.json()["errors"][0].items()


@pytest.mark.parametrize("display_name", ["x", "x" * 100, "Zoë 🚀 李小龍", "  padded  "])
def test_display_names_within_limits_are_stored_verbatim(api, display_name):
    response = api.post("/api/users", {"username": unique_username(), "display_name": display_name})
    assert response.status_code == 201
    assert response.json()["display_name"] == display_name
    profile = api.get(f"/api/users/profile/{response.json()['id']}")
    assert profile.json()["display_name"] == display_name


@pytest.mark.parametrize("display_name", ["", "x" * 101, "   ", "\t\n", "a\x00b", 42, None, ["x"]])
def test_invalid_display_names_are_rejected(api, display_name):
    response = api.post("/api/users", {"username": unique_username(), "display_name": display_name})
    assert response.status_code == 422
    assert response.json()["errors"][0]["pointer"] == "/display_name"


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({"display_name": "No name"}, "/username"),
        ({"username": "nobody_here"}, "/display_name"),
        ({"username": "valid_name", "display_name": "X", "admin": True}, "/admin"),
        ({"username": "valid_name", "display_name": "X", "id": 7}, "/id"),
        ({"username": "valid_name", "display_name": "X", "token": "mine"}, "/token"),
        ({"username": "valid_name", "display_name": "X", "created_at": "2020-01-01T00:00:00Z"}, "/created_at"),
        ({"username": 12345, "display_name": "X"}, "/username"),
    ],
)
def test_missing_unknown_read_only_and_mistyped_fields_are_rejected(api, body, pointer):
    response = api.post("/api/users", body)
    assert response.status_code == 422
    assert pointer in [error.get("pointer") for error in response.json()["errors"]]


def test_profile_counts_the_users_posts(api, alice):
    assert api.get(f"/api/users/profile/{alice.id}").json()["post_count"] == 0
    api.create_post(alice)
    api.create_post(alice)
    profile = api.get(f"/api/users/profile/{alice.id}").json()
    assert profile["post_count"] == 2
    assert {k: profile[k] for k in ("id", "username", "display_name")} == {
        "id": alice.id,
        "username": alice.username,
        "display_name": alice.display_name,
    }


@pytest.mark.parametrize("user_id", ["0", "999999999999", str(2**63 - 1), str(2**63), "9" * 30])
def test_profiles_of_nobody_are_not_found(api, user_id):
    assert api.get(f"/api/users/profile/{user_id}").status_code == 404


def test_a_path_that_is_not_an_id_matches_nothing(api):
    assert api.get("/api/users/profile/alice").status_code == 404
    assert api.get("/api/users/profile/-1").status_code == 404


def test_deleting_yourself_removes_account_posts_and_settings_and_revokes_the_token(api, alice, bob):
    post = api.create_post(alice)
    bobs_post = api.create_post(bob)
    assert api.delete(f"/api/users/{alice.id}", account=alice).status_code == 204
    assert api.get("/api/users/me", account=alice).status_code == 401
    assert api.get("/api/settings", account=alice).status_code == 401
    assert api.get(f"/api/users/profile/{alice.id}").status_code == 404
    assert api.get(f"/api/posts/{post['id']}").status_code == 404
    assert api.get("/api/posts", params={"author_id": alice.id}).json()["items"] == []
    assert api.delete(f"/api/users/{alice.id}", account=alice).status_code == 401
    assert api.get(f"/api/posts/{bobs_post['id']}").status_code == 200, "only the deleted user's posts go"


def test_the_username_of_a_deleted_user_is_free_again_with_a_new_id(api, alice):
    assert api.delete(f"/api/users/{alice.id}", account=alice).status_code == 204
    again = api.register(username=alice.username)
    assert again.id > alice.id, "ids are never reused"


def test_ids_grow_and_the_newest_is_not_reused_after_its_deletion(api):
    # The newest user is deleted: a store that hands out max(id) + 1 would give its id again.
    first, second = api.register(), api.register()
    assert second.id > first.id
    assert api.delete(f"/api/users/{second.id}", account=second).status_code == 204
    third = api.register()
    assert third.id > second.id
    assert api.get(f"/api/users/profile/{second.id}").status_code == 404


def test_nobody_deletes_someone_else(api, alice, bob):
    assert api.delete(f"/api/users/{alice.id}", account=bob).status_code == 403
    assert api.get("/api/users/me", account=alice).status_code == 200


def test_deleting_an_unknown_user_is_not_found(api, alice):
    assert api.delete("/api/users/999999999999", account=alice).status_code == 404
