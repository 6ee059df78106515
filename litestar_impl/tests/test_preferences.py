"""Settings: PUT replaces, PATCH merges, every write bumps the ETag and updated_at."""


def test_put_replaces_and_patch_merges(client, register):
    user = register()
    before = client.get("/api/settings", headers=user["auth"])
    replaced = client.put(
        "/api/settings",
        headers=user["auth"],
        json={
            "theme": "dark",
            "language": "pt-BR",
            "timezone": "Etc/GMT+5",
            "notifications_enabled": False,
            "items_per_page": 50,
        },
    )
    assert replaced.status_code == 200 and replaced.headers["etag"] != before.headers["etag"]
    patched = client.patch("/api/settings", headers=user["auth"], json={"items_per_page": 7})
    assert patched.json() | {"updated_at": None} == {
        "theme": "dark",
        "language": "pt-BR",
        "timezone": "Etc/GMT+5",
        "notifications_enabled": False,
        "items_per_page": 7,
        "updated_at": None,
    }
    assert patched.json()["updated_at"] > replaced.json()["updated_at"]


def test_values_outside_the_contract_are_refused(client, register):
    user = register()
    refused = [("timezone", "Mars/Olympus_Mons"), ("language", "en\n"), ("theme", None), ("items_per_page", 101)]
    for field, value in refused:
        response = client.patch("/api/settings", headers=user["auth"], json={field: value})
        assert response.status_code == 422, (field, value)
        assert response.json()["errors"][0]["pointer"] == f"/{field}"


def test_the_settings_store_health_needs_no_token(client):
    assert client.get("/api/settings/health").json() == {"status": "ok"}
