"""Wire rules: exact paths, HEAD, OPTIONS with every method, CORS for listed origins only."""

import pytest

from tests.conftest import ORIGIN


@pytest.mark.parametrize(
    "path", ["/api/posts/", "/api/posts/+1", "/api/posts/\u0661", "/api/posts/-1", "/schema", "/schema/swagger"]
)
def test_paths_the_contract_does_not_name_are_not_found(client, register, path):
    client.post("/api/posts", headers=register()["auth"], json={"title": "T", "content": "C"})
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_options_names_every_method_of_the_path(client):
    response = client.options("/api/posts/7")
    assert response.status_code == 204 and response.content == b""
    assert response.headers["allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"


def test_a_method_the_path_lacks_is_405_with_allow(client):
    response = client.delete("/api/posts")
    assert response.status_code == 405
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "OPTIONS", "POST"}
    assert response.json()["title"] == "Method Not Allowed"


def test_head_is_get_without_the_body_and_needs_the_token_like_get(client, register):
    user = register()
    assert client.head("/api/users/me").status_code == 401
    get, head = client.get("/api/settings", headers=user["auth"]), client.head("/api/settings", headers=user["auth"])
    assert (head.status_code, head.headers["etag"], head.content) == (200, get.headers["etag"], b"")


def test_a_listed_origin_gets_cors_headers_on_answers_and_errors(client):
    for path, status in [("/api/posts", 200), ("/api/users/me", 401), ("/nope", 404)]:
        response = client.get(path, headers={"Origin": ORIGIN})
        assert response.status_code == status
        assert response.headers["access-control-allow-origin"] == ORIGIN
        assert response.headers["access-control-expose-headers"] == "ETag, Location"
        assert "Origin" in response.headers["vary"]


def test_preflights_of_listed_origins_only_get_cors_answers(client):
    asked = {"Access-Control-Request-Method": "PATCH", "Access-Control-Request-Headers": "x-not-allowed"}
    listed = client.options("/api/posts/1", headers={"Origin": ORIGIN, **asked})
    assert listed.status_code == 204
    assert "If-Match" in listed.headers["access-control-allow-headers"]
    assert int(listed.headers["access-control-max-age"]) > 0
    other = client.options("/api/posts/1", headers={"Origin": "http://elsewhere.example", **asked})
    assert other.status_code == 204 and "allow" in other.headers
    assert not [name for name in other.headers if name.startswith("access-control-")]


def test_query_integers_are_decimal_digits(client):
    for value in ("5.0", "1e1", "+5", "5"):
        response = client.get("/api/posts", params={"limit": value})
        assert response.status_code == (200 if value == "5" else 422), value
        if value != "5":
            assert response.json()["errors"][0]["parameter"] == "limit"
