"""getHealthcheck and getSettingsHealth."""


def test_healthcheck_names_the_implementation_and_its_database(api, target):
    response = api.get("/healthcheck")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["implementation"] and body["framework_version"]
    if target.database:
        assert body["database"] == target.database
    if target.server:
        assert body["implementation"] == target.name


def test_settings_health_answers_without_a_token(api):
    response = api.get("/api/settings/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
