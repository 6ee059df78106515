"""Conventions of every endpoint: media types, malformed and oversized bodies, methods, HEAD, OPTIONS."""

import json

import pytest

POST = {"title": "T", "content": "C"}


def methods(header: str) -> set[str]:
    return {method.strip().upper() for method in header.split(",") if method.strip()}


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded",
                                          "application/xml", "application/problem+json", "multipart/form-data"])
def test_writes_that_are_not_json_are_unsupported(api, alice, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = api.request("POST", "/api/posts", data=json.dumps(POST).encode(), account=alice, headers=headers)
    assert response.status_code == 415


def test_json_with_a_charset_parameter_is_json(api, alice):
    response = api.request("POST", "/api/posts", data=json.dumps(POST).encode(), account=alice,
                           headers={"Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 201


def test_merge_patch_media_type_is_only_for_patch(api, alice):
    post = api.create_post(alice)
    response = api.request("PUT", f"/api/posts/{post['id']}", data=json.dumps({**POST, "tags": []}).encode(),
                           account=alice, headers={"Content-Type": "application/merge-patch+json"})
    assert response.status_code == 415


@pytest.mark.parametrize("body", [b'{"title": "T", "content": ', b"{'title': 'T'}", b"", b"nul", b"\xff\xfe\xfa",
                                  b'{"title": "\xc3\x28"}'])
def test_malformed_json_is_a_bad_request(api, alice, body):
    response = api.request("POST", "/api/posts", data=body, account=alice, headers={"Content-Type": "application/json"})
    assert response.status_code == 400


def test_a_body_over_the_limit_is_too_large(api, alice, target):
    body = json.dumps({**POST, "content": "x" * target.max_body_bytes}).encode()
    response = api.request("POST", "/api/posts", data=body, account=alice, headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_one_byte_over_the_limit_is_too_large_and_the_limit_itself_is_not(api, alice, target):
    def body_of(size: int) -> bytes:
        base = json.dumps({**POST, "content": ""}).encode()
        return base.replace(b'"content": ""', b'"content": "' + b"x" * (size - len(base)) + b'"')

    at_limit = api.request("POST", "/api/posts", data=body_of(target.max_body_bytes), account=alice,
                           headers={"Content-Type": "application/json"})
    assert at_limit.status_code == 422  # read in full; only the content length rule fails
    over = api.request("POST", "/api/posts", data=body_of(target.max_body_bytes + 1), account=alice,
                       headers={"Content-Type": "application/json"})
    assert over.status_code == 413


def chunks(data: bytes, size: int = 64 * 1024):
    for start in range(0, len(data), size):
        yield data[start:start + size]


def test_a_chunked_body_is_read(api, alice):
    response = api.request("POST", "/api/posts", data=chunks(json.dumps(POST).encode(), 4), account=alice,
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 201
    assert response.json()["title"] == "T"


def test_a_chunked_body_over_the_limit_is_too_large(api, alice, target):
    body = json.dumps({**POST, "content": "x" * target.max_body_bytes}).encode()
    response = api.request("POST", "/api/posts", data=chunks(body), account=alice,
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 413


@pytest.mark.parametrize("path", ["/nope", "/api", "/api/posts/", "/api/posts/abc", "/api/posts/1/comments",
                                  "/api/users/me/", "/API/posts", "/admin/", "/.env"])
def test_unknown_routes_are_not_found(api, path):
    assert api.get(path).status_code == 404


@pytest.mark.parametrize("method, path, allowed", [
    ("DELETE", "/api/posts", {"GET", "HEAD", "OPTIONS", "POST"}),
    ("POST", "/api/posts/1", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"}),
    ("PUT", "/healthcheck", {"GET", "HEAD", "OPTIONS"}),
    ("DELETE", "/api/users/me", {"GET", "HEAD", "OPTIONS"}),
    ("GET", "/api/users", {"POST", "OPTIONS"}),
    ("GET", "/api/users/1", {"DELETE", "OPTIONS"}),
    ("POST", "/api/settings", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH"}),
])
def test_a_method_the_path_does_not_support_is_not_allowed(api, method, path, allowed):
    response = api.request(method, path)
    assert response.status_code == 405
    assert methods(response.headers["Allow"]) == allowed


@pytest.mark.parametrize("path, allowed", [
    ("/api/posts", {"GET", "HEAD", "OPTIONS", "POST"}),
    ("/api/posts/12345", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"}),
    ("/api/settings", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH"}),
    ("/healthcheck", {"GET", "HEAD", "OPTIONS"}),
])
def test_options_answers_with_allow_and_no_body(api, path, allowed):
    response = api.request("OPTIONS", path)
    assert response.status_code == 204
    assert methods(response.headers["Allow"]) == allowed
    assert response.content == b""
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]


def test_options_on_an_unknown_path_is_not_found(api):
    assert api.request("OPTIONS", "/nope").status_code == 404


def test_head_answers_like_get_without_a_body(api, alice):
    post = api.create_post(alice)
    for path, account in [("/healthcheck", None), ("/api/settings/health", None), ("/api/posts", None),
                          (f"/api/posts/{post['id']}", None), (f"/api/users/profile/{alice.id}", None),
                          ("/api/users/me", alice), ("/api/settings", alice), ("/openapi.json", None)]:
        get = api.get(path, account=account)
        head = api.request("HEAD", path, account=account)
        assert (head.status_code, head.content) == (get.status_code, b""), path
        assert head.headers.get("Content-Type") == get.headers.get("Content-Type"), path
        assert head.headers.get("ETag") == get.headers.get("ETag"), path


def test_head_of_something_missing_is_not_found(api):
    assert api.request("HEAD", "/api/posts/999999999999").status_code == 404


def test_errors_disclose_no_internals(api, alice):
    responses = [api.get("/nope"), api.request("DELETE", "/api/posts"),
                 api.request("POST", "/api/posts", data=b"{", account=alice, headers={"Content-Type": "application/json"}),
                 api.get("/api/posts/999999999999"), api.get("/api/users/me")]
    for response in responses:
        text = response.text.lower()
        assert not any(leak in text for leak in ("traceback", "<html", "exception", "file \"", "django", "werkzeug",
                                                 "starlette", "sqlalchemy")), response.text
        assert "server" not in response.headers or not any(ch.isdigit() for ch in response.headers["server"])
