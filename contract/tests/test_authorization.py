"""Who may do what: 401 without a valid token, 403 on what belongs to someone else; public operations
ignore the Authorization header."""

import pytest

from harness.client import Account
from harness.operations import calls

SETTINGS_BODY = {
    "theme": "dark",
    "language": "en",
    "timezone": "UTC",
    "notifications_enabled": True,
    "items_per_page": 20,
}
NOBODY = Account(id=0, username="nobody", display_name="Nobody", token="not-a-token-" + "x" * 40)
CREDENTIALS = {
    "missing": {},
    "unknown token": NOBODY.auth,
    "empty bearer": {"Authorization": "Bearer "},
    "malformed header": {"Authorization": "garbage"},
    "bearer without a space": {"Authorization": "Bearer"},
}


@pytest.mark.parametrize("credentials", [*CREDENTIALS, "wrong scheme"])
def test_every_protected_operation_needs_a_valid_bearer_token(api, alice, credentials):
    post = api.create_post(alice)
    headers = CREDENTIALS.get(credentials) or {"Authorization": f"Basic {alice.token}"}
    for call in calls(post_id=post["id"], user_id=alice.id, where=lambda op: op.secured):
        response = api.call(call, headers=headers)
        assert response.status_code == 401, call.operation.operation_id
        assert response.headers["WWW-Authenticate"].lower().startswith("bearer"), call.operation.operation_id
    assert api.get(f"/api/posts/{post['id']}").json() == post
    assert api.get("/api/users/me", account=alice).status_code == 200


@pytest.mark.parametrize("credentials", [*CREDENTIALS, "someone's valid token"])
def test_public_operations_ignore_the_authorization_header(api, alice, bob, credentials):
    # The answer is the one without the header, whatever the header holds.
    post = api.create_post(alice)
    headers = CREDENTIALS.get(credentials) or bob.auth
    for call in calls(post_id=post["id"], user_id=alice.id, where=lambda op: not op.secured):
        plain, with_header = api.call(call), api.call(call, headers=headers)
        expected = 201 if call.method == "POST" else 200
        assert (plain.status_code, with_header.status_code) == (expected, expected), call.operation.operation_id
        if call.method == "GET":
            assert with_header.json() == plain.json(), call.operation.operation_id


def test_the_bearer_scheme_is_case_insensitive(api, alice):
    assert api.get("/api/users/me", headers={"Authorization": f"bearer {alice.token}"}).status_code == 200


@pytest.mark.parametrize(
    "method, body",
    [("PUT", {"title": "T", "content": "C", "tags": []}), ("PATCH", {"title": "Taken over"}), ("DELETE", None)],
)
def test_nobody_changes_someone_elses_post(api, alice, bob, method, body):
    post = api.create_post(alice)
    kwargs = {} if body is None else {"json_body": body}
    assert api.request(method, f"/api/posts/{post['id']}", account=bob, **kwargs).status_code == 403
    assert api.get(f"/api/posts/{post['id']}").json() == post


def test_a_post_belongs_to_whoever_wrote_it_whatever_the_body_says(api, alice, bob):
    response = api.post("/api/posts", {"title": "T", "content": "C", "author_id": alice.id}, account=bob)
    assert response.status_code == 422
    assert api.create_post(bob)["author_id"] == bob.id


def test_settings_writes_touch_only_the_callers_settings(api, alice, bob):
    assert api.put("/api/settings", SETTINGS_BODY, account=bob).status_code == 200
    assert api.patch("/api/settings", {"items_per_page": 99}, account=bob).status_code == 200
    assert api.get("/api/settings", account=alice).json()["theme"] == "system"
    assert api.get("/api/settings", account=alice).json()["items_per_page"] == 20


def test_nobody_deletes_someone_elses_account(api, alice, bob):
    assert api.delete(f"/api/users/{alice.id}", account=bob).status_code == 403
    assert api.get("/api/users/me", account=alice).status_code == 200
    assert api.get("/api/users/me", account=bob).status_code == 200
