"""Conventions of every endpoint: media types, malformed and oversized bodies, methods, HEAD, OPTIONS."""

import json

import pytest

from harness import wire

POST = {"title": "T", "content": "C"}


def methods(header: str) -> set[str]:
    return {method.strip().upper() for method in header.split(",") if method.strip()}


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/xml",
        "application/problem+json",
        "multipart/form-data",
    ],
)
def test_writes_that_are_not_json_are_unsupported(api, alice, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    response = api.request("POST", "/api/posts", data=json.dumps(POST).encode(), account=alice, headers=headers)
    assert response.status_code == 415


def test_json_with_a_charset_parameter_is_json(api, alice):
    response = api.request(
        "POST",
        "/api/posts",
        data=json.dumps(POST).encode(),
        account=alice,
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201


def test_merge_patch_media_type_is_only_for_patch(api, alice):
    post = api.create_post(alice)
    response = api.request(
        "PUT",
        f"/api/posts/{post['id']}",
        data=json.dumps({**POST, "tags": []}).encode(),
        account=alice,
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert response.status_code == 415


@pytest.mark.parametrize(
    "body", [b'{"title": "T", "content": ', b"{'title': 'T'}", b"", b"nul", b"\xff\xfe\xfa", b'{"title": "\xc3\x28"}']
)
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

    at_limit = api.request(
        "POST",
        "/api/posts",
        data=body_of(target.max_body_bytes),
        account=alice,
        headers={"Content-Type": "application/json"},
    )
    assert at_limit.status_code == 422  # read in full; only the content length rule fails
    over = api.request(
        "POST",
        "/api/posts",
        data=body_of(target.max_body_bytes + 1),
        account=alice,
        headers={"Content-Type": "application/json"},
    )
    assert over.status_code == 413


def chunks(data: bytes, size: int = 64 * 1024):
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_a_chunked_body_is_read(api, alice):
    response = api.request(
        "POST",
        "/api/posts",
        data=chunks(json.dumps(POST).encode(), 4),
        account=alice,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 201
    assert response.json()["title"] == "T"


def test_a_chunked_body_over_the_limit_is_too_large(api, alice, target):
    body = json.dumps({**POST, "content": "x" * target.max_body_bytes}).encode()
    response = api.request(
        "POST", "/api/posts", data=chunks(body), account=alice, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "path",
    [
        "/nope",
        "/api",
        "/api/posts/",
        "/api/posts/abc",
        "/api/posts/1/comments",
        "/api/users/me/",
        "/API/posts",
        "/admin/",
        "/.env",
    ],
)
def test_unknown_routes_are_not_found(api, path):
    assert api.get(path).status_code == 404


@pytest.mark.parametrize(
    "method, path, allowed",
    [
        ("DELETE", "/api/posts", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("POST", "/api/posts/1", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"}),
        ("PUT", "/healthcheck", {"GET", "HEAD", "OPTIONS"}),
        ("DELETE", "/api/users/me", {"GET", "HEAD", "OPTIONS"}),
        ("GET", "/api/users", {"POST", "OPTIONS"}),
        ("GET", "/api/users/1", {"DELETE", "OPTIONS"}),
        ("POST", "/api/settings", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH"}),
    ],
)
def test_a_method_the_path_does_not_support_is_not_allowed(api, method, path, allowed):
    response = api.request(method, path)
    assert response.status_code == 405
    assert methods(response.headers["Allow"]) == allowed


@pytest.mark.parametrize(
    "path, allowed",
    [
        ("/api/posts", {"GET", "HEAD", "OPTIONS", "POST"}),
        ("/api/posts/12345", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"}),
        ("/api/settings", {"GET", "HEAD", "OPTIONS", "PUT", "PATCH"}),
        ("/healthcheck", {"GET", "HEAD", "OPTIONS"}),
    ],
)
def test_options_answers_with_allow_and_no_body(api, path, allowed):
    response = api.request("OPTIONS", path)
    assert response.status_code == 204
    assert methods(response.headers["Allow"]) == allowed
    assert not [name for name in response.headers if name.lower().startswith("access-control-")]
    # "No body" as a client sees it on a kept-alive connection: see test_no_body_follows_...


def test_options_on_an_unknown_path_is_not_found(api):
    assert api.request("OPTIONS", "/nope").status_code == 404


def test_head_answers_like_get(api, alice):
    post = api.create_post(alice)
    for path, account in [
        ("/healthcheck", None),
        ("/api/settings/health", None),
        ("/api/posts", None),
        (f"/api/posts/{post['id']}", None),
        (f"/api/users/profile/{alice.id}", None),
        ("/api/users/me", alice),
        ("/api/settings", alice),
        ("/openapi.json", None),
        ("/api/posts/999999999999", None),
        ("/api/users/me", None),
    ]:
        get = api.get(path, account=account)
        head = api.request("HEAD", path, account=account)
        assert head.status_code == get.status_code, path
        assert head.headers.get("Content-Type") == get.headers.get("Content-Type"), path
        assert head.headers.get("ETag") == get.headers.get("ETag"), path


def bodiless(api, alice, bob, cors_origin: str | None) -> dict[str, tuple[str, str, dict[str, str], int]]:
    """Requests whose answer has no body: name -> (method, path, headers, status)."""
    post = api.post("/api/posts", {"title": "T", "content": "C"}, account=alice)
    path, etag = f"/api/posts/{post.json()['id']}", post.headers["ETag"]
    settings_etag = api.get("/api/settings", account=bob).headers["ETag"]
    doomed = api.create_post(alice)
    leaving = api.register(display_name="Leaving")
    found = {
        f"HEAD {p}": ("HEAD", p, auth, 200)
        for p, auth in [
            ("/healthcheck", {}),
            ("/api/settings/health", {}),
            ("/api/posts?limit=3", {}),
            (path, {}),
            (f"/api/users/profile/{alice.id}", {}),
            ("/api/users/me", alice.auth),
            ("/api/settings", bob.auth),
            ("/openapi.json", {}),
        ]
    }
    found |= {
        "HEAD of a missing post (404)": ("HEAD", "/api/posts/999999999999", {}, 404),
        "HEAD without a token (401)": ("HEAD", "/api/users/me", {}, 401),
        "OPTIONS /api/posts": ("OPTIONS", "/api/posts", {}, 204),
        f"OPTIONS {path}": ("OPTIONS", path, {}, 204),
        "OPTIONS /api/settings": ("OPTIONS", "/api/settings", {}, 204),
        "getPost 304": ("GET", path, {"If-None-Match": etag}, 304),
        "getSettings 304": ("GET", "/api/settings", {"If-None-Match": settings_etag, **bob.auth}, 304),
        "deletePost 204": ("DELETE", f"/api/posts/{doomed['id']}", alice.auth, 204),
        "deleteUser 204": ("DELETE", f"/api/users/{leaving.id}", leaving.auth, 204),
    }
    if cors_origin:
        found["a listed origin's preflight"] = (
            "OPTIONS",
            path,
            {"Origin": cors_origin, "Access-Control-Request-Method": "PATCH"},
            204,
        )
    return found


def test_no_body_follows_204_304_or_head(api, target, alice, bob):
    # Each answer is followed on the same connection by a pipelined healthcheck, whose status
    # line must come right after the first answer's head: a body there would be read as the
    # next answer, and break every client that keeps connections alive.
    failures = []
    for name, (method, path, headers, status) in bodiless(api, alice, bob, target.cors_origin).items():
        try:
            first, health = wire.pipeline(
                target.url,
                [
                    (method, wire.request(method, path, headers=headers)),
                    ("GET", wire.request("GET", "/healthcheck", headers={"Connection": "close"})),
                ],
            )
        except wire.FramingError as error:
            failures.append(f"{name}: {error}")
            continue
        if (first.status, health.status) != (status, 200) or json.loads(health.body)["status"] != "ok":
            failures.append(f"{name}: {first.status} then {health.status} {health.body[:80]!r}")
        elif status == 204 and {"content-length", "transfer-encoding"} & set(first.headers):
            failures.append(f"{name}: a 204 with framing headers (RFC 9110, 8.6): {first.headers}")
    assert not failures, "\n".join(failures)


def test_head_of_something_missing_is_not_found(api):
    assert api.request("HEAD", "/api/posts/999999999999").status_code == 404


def test_errors_disclose_no_internals(api, alice):
    responses = [
        api.get("/nope"),
        api.request("DELETE", "/api/posts"),
        api.request("POST", "/api/posts", data=b"{", account=alice, headers={"Content-Type": "application/json"}),
        api.get("/api/posts/999999999999"),
        api.get("/api/users/me"),
    ]
    for response in responses:
        text = response.text.lower()
        assert not any(
            leak in text
            for leak in ("traceback", "<html", "exception", 'file "', "django", "werkzeug", "starlette", "sqlalchemy")
        ), response.text
        assert "server" not in response.headers or not any(ch.isdigit() for ch in response.headers["server"])
