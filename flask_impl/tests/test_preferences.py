"""The settings resource: defaults, replace, merge patch, strict types, ETags and If-Match."""

from tests.helpers import assert_problem

SETTINGS = {
    "theme": "dark",
    "language": "pt-BR",
    "timezone": "Europe/Lisbon",
    "notifications_enabled": False,
    "items_per_page": 50,
}


def test_defaults_until_changed_dated_with_the_user(client, register):
    alice = register()
    response = client.get("/api/settings", headers=alice["auth"])
    assert response.status_code == 200 and response.headers["ETag"] == f'"{alice["id"]}-1"'
    assert response.json == {
        "theme": "system",
        "language": "en",
        "timezone": "UTC",
        "notifications_enabled": True,
        "items_per_page": 20,
        "updated_at": alice["created_at"],
    }
    assert_problem(client.get("/api/settings"), 401)


def test_put_needs_all_five_and_patch_any_subset(client, register):
    alice = register()
    errors = assert_problem(client.put("/api/settings", headers=alice["auth"], json={"theme": "dark"}), 422)["errors"]
    assert {e["pointer"] for e in errors} == {"/language", "/timezone", "/notifications_enabled", "/items_per_page"}
    assert client.put("/api/settings", headers=alice["auth"], json=SETTINGS).json.items() >= SETTINGS.items()
    patched = client.patch("/api/settings", headers=alice["auth"], json={"items_per_page": 10})
    assert patched.json.items() >= {**SETTINGS, "items_per_page": 10}.items()


def test_every_write_bumps_the_version_even_with_the_same_values(client, register):
    alice = register()
    tags = [client.patch("/api/settings", headers=alice["auth"], json={}).headers["ETag"] for _ in range(2)]
    assert tags == [f'"{alice["id"]}-2"', f'"{alice["id"]}-3"']


def test_types_are_strict(client, register):
    alice = register()
    bad = {
        "notifications_enabled": ["yes", 1, "true", None],
        "items_per_page": ["5", True, 5.5, 0, 101, None],
        "theme": ["Dark", 1],
        "timezone": ["Mars/Olympus", "utc"],
        "language": ["e", "en-", "en_US", "x" * 36],
    }
    for field, values in bad.items():
        for value in values:
            response = client.patch("/api/settings", headers=alice["auth"], json={field: value})
            assert {e["pointer"] for e in assert_problem(response, 422)["errors"]} == {f"/{field}"}, (field, value)


def test_if_none_match_and_if_match(client, register):
    alice = register()
    etag = client.get("/api/settings", headers=alice["auth"]).headers["ETag"]
    assert client.get("/api/settings", headers={**alice["auth"], "If-None-Match": etag}).status_code == 304
    assert_problem(client.put("/api/settings", headers={**alice["auth"], "If-Match": '"1-7"'}, json=SETTINGS), 412)
    ok = client.put("/api/settings", headers={**alice["auth"], "If-Match": f'"x", {etag}'}, json=SETTINGS)
    assert ok.status_code == 200
    assert_problem(client.patch("/api/settings", headers={**alice["auth"], "If-Match": etag}, json={}), 412)


def test_a_malformed_precondition_is_a_bad_request_after_401(client, register):
    alice = register()
    for malformed in ("", "1-1", '"1-1', '"1-1",'):
        assert_problem(client.get("/api/settings", headers={"If-None-Match": malformed}), 401)
        assert_problem(client.get("/api/settings", headers={**alice["auth"], "If-None-Match": malformed}), 400)
        for method in (client.put, client.patch):
            assert_problem(
                method("/api/settings", headers={**alice["auth"], "If-Match": malformed}, json=SETTINGS), 400
            )
    assert client.get("/api/settings", headers=alice["auth"]).headers["ETag"] == f'"{alice["id"]}-1"'  # unchanged


def test_the_settings_store_health_needs_no_token(client):
    assert client.get("/api/settings/health").json == {"status": "ok"}
