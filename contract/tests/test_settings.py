"""getSettings, replaceSettings and updateSettings."""

import pytest

from harness.client import parse_time

DEFAULTS = {"theme": "system", "language": "en", "timezone": "UTC", "notifications_enabled": True, "items_per_page": 20}
CHANGED = {
    "theme": "dark",
    "language": "pt-BR",
    "timezone": "America/Sao_Paulo",
    "notifications_enabled": False,
    "items_per_page": 50,
}


def writable(settings: dict) -> dict:
    return {key: settings[key] for key in DEFAULTS}


def test_new_users_get_the_defaults_with_an_etag(api, alice):
    response = api.get("/api/settings", account=alice)
    assert response.status_code == 200
    assert writable(response.json()) == DEFAULTS
    assert response.headers["ETag"].startswith('"')


def test_put_replaces_every_field(api, alice):
    before = api.get("/api/settings", account=alice)
    response = api.put("/api/settings", CHANGED, account=alice)
    assert response.status_code == 200
    assert writable(response.json()) == CHANGED
    assert parse_time(response.json()["updated_at"]) > parse_time(before.json()["updated_at"])
    assert response.headers["ETag"] != before.headers["ETag"]
    after = api.get("/api/settings", account=alice)
    assert writable(after.json()) == CHANGED
    assert after.headers["ETag"] == response.headers["ETag"]


@pytest.mark.parametrize("missing", sorted(DEFAULTS))
def test_put_requires_every_field(api, alice, missing):
    body = {key: value for key, value in CHANGED.items() if key != missing}
    response = api.put("/api/settings", body, account=alice)
    assert response.status_code == 422
    assert f"/{missing}" in [error.get("pointer") for error in response.json()["errors"]]
    assert writable(api.get("/api/settings", account=alice).json()) == DEFAULTS


@pytest.mark.parametrize("content_type", ["application/json", "application/merge-patch+json"])
def test_patch_changes_only_what_it_names(api, alice, content_type):
    response = api.patch("/api/settings", {"theme": "light"}, account=alice, headers={"Content-Type": content_type})
    assert response.status_code == 200
    assert writable(response.json()) == {**DEFAULTS, "theme": "light"}
    response = api.patch("/api/settings", {"items_per_page": 7, "timezone": "Asia/Tokyo"}, account=alice)
    assert writable(response.json()) == {**DEFAULTS, "theme": "light", "items_per_page": 7, "timezone": "Asia/Tokyo"}


def test_an_empty_patch_changes_nothing_but_is_accepted(api, alice):
    response = api.patch("/api/settings", {}, account=alice)
    assert response.status_code == 200
    assert writable(response.json()) == DEFAULTS


@pytest.mark.parametrize("method, body", [("PUT", CHANGED), ("PATCH", {}), ("PATCH", {"theme": "system"})])
def test_every_write_moves_updated_at_forward(api, alice, method, body):
    # Even a write that changes nothing (an empty merge patch, the same theme) is a write.
    seen = [api.get("/api/settings", account=alice)]
    for _ in range(3):
        seen.append(api.request(method, "/api/settings", json_body=body, account=alice))
        assert seen[-1].status_code == 200
    times = [parse_time(r.json()["updated_at"]) for r in seen]
    assert times == sorted(times) and len(set(times)) == len(times), [r.json()["updated_at"] for r in seen]
    assert len({r.headers["ETag"] for r in seen}) == len(seen), "every write makes a new version"


def test_settings_belong_to_their_user(api, alice, bob):
    api.put("/api/settings", CHANGED, account=alice)
    assert writable(api.get("/api/settings", account=bob).json()) == DEFAULTS
    assert writable(api.get("/api/settings", account=alice).json()) == CHANGED


@pytest.mark.parametrize(
    "field, value",
    [
        ("theme", "light"),
        ("theme", "dark"),
        ("theme", "system"),
        ("language", "en"),
        ("language", "zh-Hant-TW"),
        ("language", "de-CH-1996"),
        ("language", "x" * 8),
        ("timezone", "Europe/Paris"),
        ("timezone", "Etc/GMT+5"),
        ("timezone", "America/Argentina/Buenos_Aires"),
        ("notifications_enabled", False),
        ("items_per_page", 1),
        ("items_per_page", 100),
    ],
)
def test_valid_values_are_accepted(api, alice, field, value):
    response = api.patch("/api/settings", {field: value}, account=alice)
    assert response.status_code == 200, response.text
    assert response.json()[field] == value


@pytest.mark.parametrize(
    "field, value",
    [
        ("theme", "blue"),
        ("theme", "Dark"),
        ("theme", ""),
        ("theme", None),
        ("language", "english!"),
        ("language", "e"),
        ("language", "en-" + "a" * 9),
        ("language", "en-US-" + "ab-" * 10),
        ("language", 7),
        ("timezone", "Mars/Olympus_Mons"),
        ("timezone", "utc "),
        ("timezone", ""),
        ("timezone", 0),
        ("notifications_enabled", "yes"),
        ("notifications_enabled", 1),
        ("notifications_enabled", "true"),
        ("notifications_enabled", None),
        ("items_per_page", 0),
        ("items_per_page", 101),
        ("items_per_page", "5"),
        ("items_per_page", 5.5),
        ("items_per_page", 5.0),
        ("items_per_page", True),
        ("items_per_page", None),
    ],
)
def test_invalid_values_are_rejected_with_a_pointer(api, alice, field, value):
    response = api.patch("/api/settings", {field: value}, account=alice)
    assert response.status_code == 422
    assert f"/{field}" in [error.get("pointer") for error in response.json()["errors"]]
    assert writable(api.get("/api/settings", account=alice).json()) == DEFAULTS


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("field", ["updated_at", "user_id", "id", "colour"])
def test_read_only_and_unknown_fields_are_rejected(api, alice, method, field):
    body = {**CHANGED, field: "2020-01-01T00:00:00Z"}
    response = getattr(api, method)("/api/settings", body, account=alice)
    assert response.status_code == 422
    assert f"/{field}" in [error.get("pointer") for error in response.json()["errors"]]


def test_a_body_that_is_not_an_object_is_rejected(api, alice):
    for body in ([], "dark", 3, None):
        response = api.put("/api/settings", body, account=alice)
        assert response.status_code == 422, body
        assert response.json()["errors"][0]["pointer"] == ""
