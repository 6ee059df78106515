"""Who may do what: 401 without a valid token, 403 on what belongs to someone else."""

import pytest

from harness.client import Account

SETTINGS_BODY = {"theme": "dark", "language": "en", "timezone": "UTC", "notifications_enabled": True,
                 "items_per_page": 20}
NOBODY = Account(id=0, username="nobody", display_name="Nobody", token="not-a-token-" + "x" * 40)


def protected(post_id: int, user_id: int):
    return [
        ("GET", "/api/users/me", None),
        ("DELETE", f"/api/users/{user_id}", None),
        ("GET", "/api/settings", None),
        ("PUT", "/api/settings", SETTINGS_BODY),
        ("PATCH", "/api/settings", {"theme": "dark"}),
        ("POST", "/api/posts", {"title": "T", "content": "C"}),
        ("PUT", f"/api/posts/{post_id}", {"title": "T", "content": "C", "tags": []}),
        ("PATCH", f"/api/posts/{post_id}", {"title": "T"}),
        ("DELETE", f"/api/posts/{post_id}", None),
    ]


@pytest.mark.parametrize("credentials", ["missing", "unknown token", "wrong scheme", "empty bearer"])
def test_every_protected_operation_needs_a_valid_bearer_token(api, alice, credentials):
    post = api.create_post(alice)
    headers = {"missing": {}, "unknown token": NOBODY.auth, "wrong scheme": {"Authorization": f"Basic {alice.token}"},
               "empty bearer": {"Authorization": "Bearer "}}[credentials]
    for method, path, body in protected(post["id"], alice.id):
        kwargs = {} if body is None else {"json_body": body}
        response = api.request(method, path, headers=headers, **kwargs)
        assert response.status_code == 401, (method, path)
        assert response.headers["WWW-Authenticate"].lower().startswith("bearer"), (method, path)
    assert api.get(f"/api/posts/{post['id']}").json() == post


def test_the_bearer_scheme_is_case_insensitive(api, alice):
    assert api.get("/api/users/me", headers={"Authorization": f"bearer {alice.token}"}).status_code == 200


@pytest.mark.parametrize("method, body", [("PUT", {"title": "T", "content": "C", "tags": []}),
                                          ("PATCH", {"title": "Taken over"}), ("DELETE", None)])
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
