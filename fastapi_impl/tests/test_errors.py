"""Every error is an RFC 9457 problem: the mapping of FastAPI's and Starlette's errors."""

import pytest
from fastapi.testclient import TestClient

from app.config import get_config
from app.main import create_app


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"] and body["detail"]
    return body


def test_validation_errors_point_into_the_body_with_escaped_pointers(client, register):
    user = register()
    response = client.post("/api/posts", headers=user["auth"], json={"title": "", "content": "x", "a/b~c": 1})
    errors = assert_problem(response, 422)["errors"]
    assert {"pointer": "/title"}.items() <= errors[0].items() or any(e["pointer"] == "/title" for e in errors)
    assert any(e["pointer"] == "/a~1b~0c" for e in errors)


def test_items_of_lists_are_pointed_at_by_index(client, register):
    user = register()
    response = client.post(
        "/api/posts", headers=user["auth"], json={"title": "t", "content": "c", "tags": ["ok", "No"]}
    )
    assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == ["/tags/1"]


def test_query_errors_name_the_parameter(client):
    errors = assert_problem(client.get("/api/posts?limit=0"), 422)["errors"]
    assert errors == [{"parameter": "limit", "message": errors[0]["message"]}]


def test_malformed_and_empty_bodies_are_bad_requests(client, register):
    user = register()
    headers = {**user["auth"], "Content-Type": "application/json"}
    assert_problem(client.post("/api/posts", headers=headers, content=b"{"), 400)
    assert_problem(client.post("/api/posts", headers=headers, content=b""), 400)


@pytest.mark.parametrize(
    "body",
    [
        b'{"title": "t", "content": "c", "\\ud800": 1}',
        b'{"title": "\\udc00", "content": "c"}',
        b'{"title": "t", "content": "c", "tags": ["\\udbff"]}',
        b'{"title": "\xed\xa0\x80"}',
    ],
)
def test_text_that_is_not_unicode_is_a_bad_request(client, register, body):
    # Unpaired surrogates, escaped or UTF-8-encoded, wherever they are: malformed, like invalid UTF-8.
    user = register()
    response = client.post("/api/posts", headers={**user["auth"], "Content-Type": "application/json"}, content=body)
    assert_problem(response, 400)


def test_a_surrogate_pair_is_one_character(client, register):
    user = register()
    body = b'{"title": "\\ud83d\\ude80", "content": "c"}'
    response = client.post("/api/posts", headers={**user["auth"], "Content-Type": "application/json"}, content=body)
    assert response.status_code == 201 and response.json()["title"] == "\U0001f680"


def test_ids_out_of_range_are_not_found_after_validation(client, register):
    user = register()
    assert_problem(client.patch(f"/api/posts/{2**63}", headers=user["auth"], json={"title": "t"}), 404)
    assert_problem(client.patch(f"/api/posts/{2**63}", headers=user["auth"], json={"title": ""}), 422)
    assert_problem(client.patch(f"/api/posts/{2**63}", json={"title": ""}), 401)


def test_ids_out_of_range_are_not_found_rather_than_invalid(client):
    assert_problem(client.get(f"/api/posts/{2**63}"), 404)
    assert_problem(client.get("/api/users/profile/0"), 404)


def test_a_wrong_method_lists_every_allowed_one(client):
    response = client.post("/api/posts/1")
    assert_problem(response, 405)
    assert response.headers["allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"


def test_unexpected_errors_are_a_500_problem_that_discloses_nothing(app):
    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    body = assert_problem(response, 500)
    assert "secret" not in body["detail"]
    assert response.headers["connection"] == "close"  # uvicorn closes it once the error is raised again


def test_a_database_that_does_not_answer_is_a_503(tmp_path, monkeypatch):
    # A directory is not a database file: every connection attempt fails.
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}")
    get_config.cache_clear()
    app = create_app()
    with TestClient(app, raise_server_exceptions=False) as client:
        assert_problem(client.get("/healthcheck"), 503)
        assert_problem(client.get("/api/posts"), 503)


@pytest.mark.parametrize("size, status", [(2048, 201), (2049, 413)])
def test_the_body_limit_counts_bytes_declared_or_streamed(client, register, size, status):
    user = register()
    prefix, suffix = b'{"title": "t", "content": "', b'"}'
    body = prefix + b"x" * (size - len(prefix) - len(suffix)) + suffix
    headers = {**user["auth"], "Content-Type": "application/json"}
    declared = client.post("/api/posts", headers=headers, content=body)
    assert declared.status_code == status
    streamed = client.post("/api/posts", headers=headers, content=iter([body[:1000], body[1000:]]))
    assert streamed.status_code == status


@pytest.mark.parametrize("value", ["5.0", "+5", " 5", "5_0", "\u0665"])
def test_a_query_integer_is_decimal_digits(client, value):
    errors = assert_problem(client.get("/api/posts", params={"limit": value}), 422)["errors"]
    assert [e["parameter"] for e in errors] == ["limit"]
    assert client.get("/api/posts", params={"limit": "05"}).status_code == 200


def request_line(client, length: int):
    """GET of a listPosts URL whose request line ("GET <target> HTTP/1.1") is `length` bytes long."""
    target = "/api/posts?pad="
    return client.get(target + "x" * (length - len(f"GET {target} HTTP/1.1")))


def with_fields(client, count: int, longest: int = 10):
    """GET /api/posts with `count` header fields in all, one of them a field line of `longest` bytes."""
    request = client.build_request("GET", "/api/posts")
    request.headers["x-long"] = "v" * (longest - len("x-long: "))
    request.headers.update({f"x-field-{n}": "v" for n in range(count - len(request.headers))})
    assert len(request.headers) == count
    return client.send(request)


def test_request_heads_are_served_up_to_gunicorns_limits(client):
    assert request_line(client, 4094).status_code == 200
    assert with_fields(client, 100, longest=8190).status_code == 200


def test_a_request_line_over_4094_bytes_is_414(client):
    assert "4094 bytes" in assert_problem(request_line(client, 4095), 414)["detail"]


@pytest.mark.parametrize("count, longest", [(101, 10), (10, 8191)])
def test_over_100_header_fields_or_a_field_line_over_8190_bytes_is_431(client, count, longest):
    assert_problem(with_fields(client, count, longest), 431)
