"""HTTP plumbing: CORS, HEAD, OPTIONS, the body checks before authentication, the docs served locally."""

from tests.conftest import assert_problem

ORIGIN = "https://app.example"  # listed in config.settings.test


def test_a_listed_origin_gets_cors_headers_and_its_preflight_is_answered(client):
    response = client.get("/api/posts", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert response["Access-Control-Expose-Headers"] == "ETag, Location"
    assert "origin" in response["Vary"].lower()
    preflight = client.options("/api/posts", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, POST, PUT, PATCH, DELETE"
    assert preflight["Access-Control-Max-Age"] == "600"
    assert "If-Match" in preflight["Access-Control-Allow-Headers"]


def test_other_origins_get_the_plain_options_answer_and_no_cors_headers(client):
    preflight = client.options(
        "/api/posts", HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert preflight.status_code == 204 and preflight["Allow"] == "GET, HEAD, OPTIONS, POST"
    assert not [name for name in preflight.headers if name.lower().startswith("access-control-")]


def test_options_answers_allow_without_a_body_or_authentication(client):
    for path, allow in [
        ("/api/settings", "GET, HEAD, OPTIONS, PATCH, PUT"),
        ("/api/users/1", "DELETE, OPTIONS"),
        ("/openapi.json", "GET, HEAD, OPTIONS"),
    ]:
        response = client.options(path)
        assert (response.status_code, response["Allow"], response.content) == (204, allow, b""), path
    assert_problem(client.options("/api/nothing"), 404)


def test_a_wrong_method_lists_every_allowed_one_before_authentication(client):
    response = client.post("/api/posts/1")
    assert_problem(response, 405)
    assert response["Allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"
    response = client.delete("/api/users/me")
    assert_problem(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert_problem(client.post("/openapi.json"), 405)


def test_json_answers_are_application_json_without_a_charset(client):
    # RFC 8259 defines no charset parameter for application/json; Ninja would add one.
    assert client.get("/healthcheck")["Content-Type"] == "application/json"


def test_head_is_get_without_a_body(client, register):
    user = register()
    for path, auth in [("/healthcheck", {}), ("/api/settings", user["auth"]), ("/openapi.json", {})]:
        get, head = client.get(path, **auth), client.head(path, **auth)
        assert (head.status_code, head["Content-Type"], head.content) == (200, get["Content-Type"], b""), path
    assert client.get("/api/settings", **user["auth"])["ETag"] == client.head("/api/settings", **user["auth"])["ETag"]
    head = client.head("/api/users")  # the test client drops a HEAD answer's body, as gunicorn does
    assert (head.status_code, head["Allow"], head.content) == (405, "OPTIONS, POST", b"")


def test_transport_faults_come_before_authentication_and_reads_are_left_alone(client):
    assert_problem(client.post("/api/posts", "{", content_type="application/json"), 400)
    assert_problem(client.post("/api/posts", {}, content_type="text/plain"), 415)
    assert_problem(client.put("/api/posts/1", {}, content_type="application/merge-patch+json"), 415)
    assert_problem(client.post("/api/posts", {"title": "t", "content": "c"}), 401)
    # A body on a GET is not the operation's business.
    assert client.generic("GET", "/api/posts", b"{", content_type="text/plain").status_code == 200


def test_the_docs_are_served_with_local_assets(client):
    for page in ("/docs", "/redoc"):
        html = client.get(page).content.decode()
        assert "/static/ninja/" in html and "https://" not in html, page
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "redoc.standalone.js"):
        assert client.get(f"/static/ninja/{asset}").status_code == 200, asset
