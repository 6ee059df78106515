"""Users: registration, bearer authentication, profiles and account deletion."""

import hashlib

import pytest

from tests.conftest import assert_problem
from users.models import User


def test_registration_returns_a_token_that_is_stored_only_as_its_hash(client, register):
    user = register()
    assert len(user["token"]) >= 43 and user["created_at"].endswith("Z")
    stored = User.objects.get(pk=user["id"])
    assert stored.token_hash == hashlib.sha256(user["token"].encode()).hexdigest()
    assert client.get("/api/users/me", **user["auth"]).json()["username"] == "alice"


def test_registration_sets_the_location_of_the_profile(client):
    response = client.post("/api/users", {"username": "carol", "display_name": "Carol"}, format="json")
    assert response["Location"] == f"/api/users/profile/{response.json()['id']}"


def test_a_taken_username_is_a_conflict(client, register):
    register("alice")
    response = client.post("/api/users", {"username": "alice", "display_name": "Other"}, format="json")
    assert_problem(response, 409)


@pytest.mark.parametrize(
    "body, pointer",
    [
        ({"username": "alice\n", "display_name": "A"}, "/username"),  # Python's $ would accept it
        ({"username": "Al", "display_name": "A"}, "/username"),
        ({"username": "alice", "display_name": " \u2003 "}, "/display_name"),
        ({"username": "alice", "display_name": 5}, "/display_name"),
        ({"username": "alice", "display_name": "A", "token": "x"}, "/token"),
    ],
)
def test_invalid_registrations_are_rejected(client, body, pointer):
    errors = assert_problem(client.post("/api/users", body, format="json"), 422)["errors"]
    assert [error["pointer"] for error in errors] == [pointer]


# The contract's blank text: only these characters (Python's str.isspace() set, listed explicitly).
WHITESPACE = "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
WHITESPACE += "\u2028\u2029\u202f\u205f\u3000"


def test_blank_text_is_made_of_the_contracts_whitespace_only(client):
    assert {chr(c) for c in range(0x110000) if chr(c).isspace()} == set(WHITESPACE)
    for character in WHITESPACE:
        response = client.post("/api/users", {"username": "alice", "display_name": character * 2}, format="json")
        assert [error["pointer"] for error in assert_problem(response, 422)["errors"]] == ["/display_name"]
    # Not whitespace to the contract (ECMA-262's \s would say U+FEFF is): text like any other.
    for number, character in enumerate(("\ufeff", "\u200b", "\u180e")):
        body = {"username": f"user_{number}", "display_name": character}
        assert client.post("/api/users", body, format="json").status_code == 201


@pytest.mark.parametrize("header", [None, "Token abc", "Bearer", "Bearer not-a-token", "Basic YTpi"])
def test_a_missing_or_invalid_token_is_401_with_the_bearer_challenge(client, header):
    response = client.get("/api/users/me", **({"HTTP_AUTHORIZATION": header} if header else {}))
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"


def test_the_bearer_scheme_is_case_insensitive(client, register):
    token = register()["token"]
    assert client.get("/api/users/me", HTTP_AUTHORIZATION=f"bEARER {token}").status_code == 200


def test_public_operations_ignore_a_bad_token(client):
    assert client.get("/api/posts", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 200


def test_a_profile_counts_the_posts(client, register):
    user = register()
    for title in ("one", "two"):
        client.post("/api/posts", {"title": title, "content": "c"}, format="json", **user["auth"])
    profile = client.get(f"/api/users/profile/{user['id']}").json()
    assert profile["post_count"] == 2 and profile["username"] == "alice"
    assert_problem(client.get("/api/users/profile/999"), 404)


def test_deleting_oneself_removes_posts_settings_and_the_token(client, register):
    user = register()
    post = client.post("/api/posts", {"title": "t", "content": "c"}, format="json", **user["auth"]).json()
    assert client.delete(f"/api/users/{user['id']}", **user["auth"]).status_code == 204
    assert_problem(client.get(f"/api/posts/{post['id']}"), 404)
    assert_problem(client.get("/api/users/me", **user["auth"]), 401)


def test_deleting_someone_else_is_forbidden_and_an_unknown_user_not_found(client, register):
    alice, bob = register("alice"), register("bob")
    assert_problem(client.delete(f"/api/users/{bob['id']}", **alice["auth"]), 403)
    assert_problem(client.delete("/api/users/999", **alice["auth"]), 404)
