"""CORS: listed origins get the headers and preflight answers; other origins get none."""

import pytest

ALLOWED_HEADERS = {"authorization", "content-type", "if-match", "if-none-match"}


def header_set(value: str) -> set[str]:
    return {part.strip().lower() for part in value.split(",") if part.strip()}


def access_control(response) -> list[str]:
    return [name for name in response.headers if name.lower().startswith("access-control-")]


def test_a_listed_origin_gets_cors_headers_on_responses(api, cors_origin, alice):
    post = api.create_post(alice)
    response = api.get(f"/api/posts/{post['id']}", headers={"Origin": cors_origin})
    assert response.headers["Access-Control-Allow-Origin"] == cors_origin
    assert "origin" in header_set(response.headers.get("Vary", ""))
    assert {"etag", "location"} <= header_set(response.headers["Access-Control-Expose-Headers"])


def test_a_listed_origin_gets_cors_headers_on_errors_too(api, cors_origin):
    response = api.get("/api/users/me", headers={"Origin": cors_origin})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == cors_origin


@pytest.mark.parametrize(
    "method, headers",
    [("PATCH", "authorization, content-type, if-match"), ("GET", None), ("DELETE", "x-not-allowed"), ("TRACE", None)],
)
def test_a_listed_origin_gets_preflight_answers(api, cors_origin, method, headers):
    # Whatever the preflight asks for: the answer lists what is allowed, and the browser decides.
    asked = {"Origin": cors_origin, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = headers
    response = api.request("OPTIONS", "/api/posts/1", headers=asked)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == cors_origin
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= {
        m.upper() for m in header_set(response.headers["Access-Control-Allow-Methods"])
    }
    assert header_set(response.headers["Access-Control-Allow-Headers"]) >= ALLOWED_HEADERS
    assert int(response.headers["Access-Control-Max-Age"]) > 0


def test_other_origins_are_not_allowed(api, cors_origin):
    response = api.get("/api/posts", headers={"Origin": "http://elsewhere.example"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response.headers


def test_preflights_from_other_origins_get_the_plain_options_answer(api, cors_origin):
    response = api.request(
        "OPTIONS", "/api/posts", headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"}
    )
    assert response.status_code == 204
    assert "Allow" in response.headers
    assert access_control(response) == []
