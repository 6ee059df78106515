"""The settings resource: defaults, strict types, PUT and PATCH, versions and ETags."""

import pytest

from tests.conftest import assert_problem

SETTINGS = {
    "theme": "dark",
    "language": "pt-BR",
    "timezone": "Europe/Lisbon",
    "notifications_enabled": False,
    "items_per_page": 50,
}


def test_defaults_are_dated_like_the_user(client, register):
    user = register()
    response = client.get("/api/settings", **user["auth"])
    assert response.json() == {
        "theme": "system",
        "language": "en",
        "timezone": "UTC",
        "notifications_enabled": True,
        "items_per_page": 20,
        "updated_at": user["created_at"],
    }
    assert response["ETag"] == f'"{user["id"]}-1"'


def test_put_replaces_everything_and_patch_some_each_bumping_the_version(client, register):
    user = register()
    response = client.put("/api/settings", SETTINGS, format="json", **user["auth"])
    assert response.status_code == 200 and response.json()["theme"] == "dark"
    assert response["ETag"] == f'"{user["id"]}-2"'
    response = client.generic(
        "PATCH", "/api/settings", b"{}", content_type="application/merge-patch+json", **user["auth"]
    )
    assert response.status_code == 200 and response.json()["items_per_page"] == 50
    assert response["ETag"] == f'"{user["id"]}-3"'


def test_put_needs_every_field(client, register):
    user = register()
    body = {key: value for key, value in SETTINGS.items() if key != "theme"}
    errors = assert_problem(client.put("/api/settings", body, format="json", **user["auth"]), 422)["errors"]
    assert [error["pointer"] for error in errors] == ["/theme"]


@pytest.mark.parametrize(
    "field, value",
    [
        ("items_per_page", "5"),
        ("items_per_page", True),
        ("items_per_page", 5.0),
        ("items_per_page", 101),
        ("notifications_enabled", "yes"),
        ("notifications_enabled", 1),
        ("theme", "blue"),
        ("theme", 1),
        ("language", "en\n"),
        ("language", "e"),
        ("timezone", "Mars/Olympus"),
        ("timezone", None),
        ("updated_at", "2026-01-01T00:00:00Z"),
    ],
)
def test_patch_is_strict_about_json_types_and_null(client, register, field, value):
    user = register()
    response = client.patch("/api/settings", {field: value}, format="json", **user["auth"])
    assert [error["pointer"] for error in assert_problem(response, 422)["errors"]] == [f"/{field}"]


def test_preconditions_on_settings(client, register):
    user = register()
    etag = client.get("/api/settings", **user["auth"])["ETag"]
    not_modified = client.get("/api/settings", HTTP_IF_NONE_MATCH=etag, **user["auth"])
    assert not_modified.status_code == 304 and not_modified["ETag"] == etag
    assert not_modified.content == b"" and "Content-Type" not in not_modified
    changed = client.patch("/api/settings", {"theme": "light"}, format="json", HTTP_IF_MATCH=etag, **user["auth"])
    assert changed.status_code == 200
    stale = client.patch("/api/settings", {"theme": "dark"}, format="json", HTTP_IF_MATCH=etag, **user["auth"])
    assert assert_problem(stale, 412)["detail"] == (
        "The resource has changed since you read it: If-Match does not match its ETag."
    )


def test_a_malformed_precondition_is_a_bad_request_after_authentication(client, register):
    user = register()
    assert_problem(client.get("/api/settings", HTTP_IF_NONE_MATCH="W/x"), 401)
    detail = assert_problem(client.get("/api/settings", HTTP_IF_NONE_MATCH="W/x", **user["auth"]), 400)["detail"]
    assert detail == "If-None-Match must be * or a list of quoted entity tags."
    for method in ("put", "patch"):
        response = getattr(client, method)(
            "/api/settings", SETTINGS, format="json", HTTP_IF_MATCH='"1-1" x', **user["auth"]
        )
        assert_problem(response, 400)
    assert client.get("/api/settings", **user["auth"]).json()["theme"] == "system"  # nothing was written


def test_the_settings_store_health_is_public(client):
    assert client.get("/api/settings/health").json() == {"status": "ok"}
