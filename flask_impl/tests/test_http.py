"""Transport conventions: JSON-only writes, body limits, OPTIONS, HEAD and CORS."""

import io
import json

from tests.helpers import ALLOWED_ORIGIN, MAX_BODY_BYTES, assert_problem

POST = {"title": "T", "content": "C"}


def test_writes_must_be_json_and_merge_patch_is_only_for_patch(client, register):
    alice = register()
    for content_type in (None, "text/plain", "application/problem+json", "application/merge-patch+json"):
        headers = {**alice["auth"], **({"Content-Type": content_type} if content_type else {})}
        assert_problem(client.post("/api/posts", headers=headers, data=json.dumps(POST)), 415)
    response = client.post(
        "/api/posts",
        data=json.dumps(POST),
        headers={**alice["auth"], "Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201


def test_transport_faults_come_before_authentication(client):
    oversized = "x" * (MAX_BODY_BYTES + 1)
    assert_problem(client.post("/api/posts", data=oversized, headers={"Content-Type": "text/plain"}), 413)
    assert_problem(client.post("/api/posts", data="{}", headers={"Content-Type": "text/plain"}), 415)
    assert_problem(client.post("/api/posts", data="{", headers={"Content-Type": "application/json"}), 400)
    assert_problem(client.post("/api/posts", json=POST), 401)


def test_malformed_empty_and_non_utf8_bodies_are_bad_requests(client, register):
    headers = {**register()["auth"], "Content-Type": "application/json"}
    for body in (b'{"title": ', b"", b"{'title': 'T'}", b'{"title": "\xc3\x28", "content": "c"}'):
        assert_problem(client.post("/api/posts", headers=headers, data=body), 400)


def test_bodies_over_the_limit_are_too_large_by_length_or_chunked(client, register):
    headers = {**register()["auth"], "Content-Type": "application/json"}

    def body_of(size):
        base = json.dumps({**POST, "content": ""}).encode()
        return base.replace(b'"content": ""', b'"content": "' + b"x" * (size - len(base)) + b'"')

    assert client.post("/api/posts", headers=headers, data=body_of(MAX_BODY_BYTES)).status_code == 201
    assert_problem(client.post("/api/posts", headers=headers, data=body_of(MAX_BODY_BYTES + 1)), 413)
    # No Content-Length: the server has de-chunked the stream and says where it ends.
    for size, status in ((MAX_BODY_BYTES, 201), (MAX_BODY_BYTES + 1, 413)):
        response = client.post(
            "/api/posts",
            headers=headers,
            input_stream=io.BytesIO(body_of(size)),
            environ_overrides={"wsgi.input_terminated": True},
        )
        assert response.status_code == status


def test_the_unread_body_of_an_error_answer_is_consumed(client):
    stream = io.BytesIO(b"x" * (MAX_BODY_BYTES * 3 // 2))
    response = client.post(
        "/api/posts",
        input_stream=stream,
        content_length=len(stream.getvalue()),
        headers={"Content-Type": "application/json"},
    )
    assert_problem(response, 413)
    assert stream.tell() == len(stream.getvalue())  # the connection could carry another request


def test_options_answers_204_with_a_sorted_allow_and_nothing_else(client):
    response = client.options("/api/posts/1")
    assert response.status_code == 204 and response.data == b""
    assert response.headers["Allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"
    assert "Content-Type" not in response.headers
    assert not [name for name, _ in response.headers if name.startswith("Access-Control-")]
    assert_problem(client.options("/nope"), 404)


def test_head_is_get_without_the_body(client, register):
    alice = register()
    post = client.post("/api/posts", headers=alice["auth"], json=POST)
    get, head = (client.open(post.headers["Location"], method=method) for method in ("GET", "HEAD"))
    assert head.status_code == 200 and head.data == b""
    assert dict(head.headers.items()) == dict(get.headers.items())


def test_listed_origins_get_cors_headers_on_answers_and_errors(client):
    for path, status in (("/api/posts", 200), ("/api/users/me", 401)):
        response = client.get(path, headers={"Origin": ALLOWED_ORIGIN})
        assert response.status_code == status
        assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
        assert response.headers["Access-Control-Expose-Headers"] == "ETag, Location"
        assert "Origin" in response.headers["Vary"]


def test_listed_origins_get_preflight_answers_naming_every_allowed_header(client):
    response = client.options(
        "/api/posts/1",
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    assert response.headers["Access-Control-Allow-Headers"] == "Authorization, Content-Type, If-Match, If-None-Match"
    assert set(response.headers["Access-Control-Allow-Methods"].split(", ")) == {
        "GET",
        "HEAD",
        "POST",
        "PUT",
        "PATCH",
        "DELETE",
    }
    assert response.headers["Access-Control-Max-Age"] == "600"


def test_other_origins_and_plain_requests_get_no_cors_headers(client):
    responses = [
        client.get("/api/posts", headers={"Origin": "http://elsewhere.example"}),
        client.get("/api/posts"),
        client.options(
            "/api/posts", headers={"Origin": "http://elsewhere.example", "Access-Control-Request-Method": "POST"}
        ),
    ]
    for response in responses:
        assert not [name for name, _ in response.headers if name.startswith("Access-Control-")]
    assert responses[2].status_code == 204 and responses[2].headers["Allow"] == "GET, HEAD, OPTIONS, POST"
