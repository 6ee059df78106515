"""The suite's own instruments fail when they should: the validator, the wire reader, the matrix.

These run without a server, on answers made up to break one rule each.
"""

import json

import pytest

from harness import wire
from harness.matrix import Coverage
from harness.operations import resolve
from harness.validation import ContractValidator, ContractViolation

BASE = "http://127.0.0.1:1"
VALIDATOR = ContractValidator(BASE)
NOW = "2026-01-01T00:00:00Z"
POST = {"id": 1, "author_id": 2, "title": "T", "content": "C", "tags": [], "created_at": NOW, "updated_at": NOW}
USER = {"id": 2, "username": "ada", "display_name": "Ada", "created_at": NOW}
SETTINGS = {
    "theme": "system",
    "language": "en",
    "timezone": "UTC",
    "notifications_enabled": True,
    "items_per_page": 20,
    "updated_at": NOW,
}
ETAG = {"ETag": '"1-1"'}


def check(method, path, status, body, headers=None, content_type="application/json"):
    VALIDATOR.validate(
        method, BASE + path, status, {"Content-Type": content_type, **(headers or {})}, json.dumps(body).encode()
    )


def problem(status, title, **extra):
    return {"type": "about:blank", "title": title, "status": status, "detail": "Something.", **extra}


def test_the_well_formed_answers_pass():
    check("GET", "/api/posts/1", 200, POST, ETAG)
    check("POST", "/api/users", 201, {**USER, "token": "t" * 43}, {"Location": "/api/users/profile/2"})
    check("GET", "/api/settings", 200, SETTINGS, ETAG)
    check("GET", "/api/posts/1", 404, problem(404, "Not Found"), content_type="application/problem+json")
    check(
        "POST",
        "/api/posts",
        422,
        problem(422, "Unprocessable Content", errors=[{"pointer": "/a", "message": "m"}]),
        content_type="application/problem+json",
    )


@pytest.mark.parametrize(
    "method, path, status, body, headers",
    [
        ("GET", "/api/posts/1", 200, {**POST, "version": 3}, ETAG),
        ("GET", "/api/users/me", 200, {**USER, "token_hash": "ab" * 32}, {}),
        ("GET", "/api/settings", 200, {**SETTINGS, "user_id": 2}, ETAG),
        ("GET", "/api/users/profile/2", 200, {**USER, "post_count": 0, "token": "t" * 43}, {}),
        ("GET", "/api/posts", 200, {"items": [], "next_cursor": None, "total": 0}, {}),
        ("GET", "/api/posts", 200, {"items": [], "next_cursor": "c" * 513}, {}),
        ("GET", "/api/posts/1", 200, POST, {"ETag": '""'}),
        (
            "GET",
            "/healthcheck",
            200,
            {"status": "ok", "implementation": "x", "framework_version": "1", "database": "sqlite", "debug": True},
            {},
        ),
    ],
)
def test_a_member_the_contract_does_not_name_is_a_violation(method, path, status, body, headers):
    with pytest.raises(ContractViolation):
        check(method, path, status, body, headers)


@pytest.mark.parametrize(
    "status, body",
    [
        (404, problem(404, "Not found")),
        (413, problem(413, "Request Entity Too Large")),
        (422, problem(422, "Unprocessable Entity", errors=[{"pointer": "", "message": "m"}])),
        (404, problem(404, "Not Found", instance="/api/posts/1")),
        (404, {**problem(404, "Not Found"), "type": "https://example.com/not-found"}),
        (422, problem(422, "Unprocessable Content", errors=[{"pointer": "/a", "parameter": "a", "message": "m"}])),
        (422, problem(422, "Unprocessable Content", errors=[{"message": "m"}])),
        (400, problem(404, "Not Found")),
    ],
)
def test_a_problem_must_be_the_contracts_for_its_status(status, body):
    with pytest.raises(ContractViolation):
        check(
            "GET",
            "/api/posts/1" if status != 422 else "/api/posts",
            status,
            body,
            content_type="application/problem+json",
        )


def test_an_error_outside_any_operation_must_be_a_closed_problem_too():
    VALIDATOR.validate(
        "DELETE",
        BASE + "/api/posts",
        405,
        {"Content-Type": "application/problem+json"},
        json.dumps(problem(405, "Method Not Allowed")).encode(),
    )
    with pytest.raises(ContractViolation):
        VALIDATOR.validate(
            "DELETE",
            BASE + "/api/posts",
            405,
            {"Content-Type": "application/problem+json"},
            json.dumps(problem(405, "Method Not Allowed", allowed=["GET"])).encode(),
        )


def answers(*parts: bytes) -> bytes:
    return b"".join(parts)


NO_CONTENT = b"HTTP/1.1 204 No Content\r\nAllow: GET\r\n\r\n"
HEALTH = b'HTTP/1.1 200 OK\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{"status":"ok"}'


def test_the_wire_reader_splits_well_framed_answers():
    first, second = [wire._split(answers(NO_CONTENT, HEALTH), "OPTIONS")[0], wire._split(HEALTH, "GET")[0]]
    assert (first.status, second.status, second.body) == (204, 200, b'{"status":"ok"}')


@pytest.mark.parametrize(
    "stream, method",
    [
        (answers(NO_CONTENT, b"{}", HEALTH), "OPTIONS"),  # a body after 204
        (answers(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}", HEALTH), "HEAD"),  # a body after HEAD
        (answers(b"HTTP/1.1 304 Not Modified\r\n\r\nstale", HEALTH), "GET"),  # a body after 304
    ],
)
def test_the_wire_reader_sees_a_body_where_none_may_be(stream, method):
    first, rest = wire._split(stream, method)
    with pytest.raises(wire.FramingError):
        wire._split(rest, "GET")


def test_the_matrix_credits_operations_and_only_declared_statuses():
    coverage = Coverage()
    coverage.current_test = "t"
    coverage.record(BASE, "GET", BASE + "/api/users/me", 401)
    coverage.record(BASE, "DELETE", BASE + "/api/users/7", 403)
    coverage.record(BASE, "GET", BASE + "/api/posts/abc", 404)  # routing, not getPost's 404
    coverage.record(BASE, "GET", BASE + "/api/posts/0", 404)
    coverage.record(BASE, "DELETE", BASE + "/api/posts", 405)
    assert {cell for cell, tests in coverage.cells[BASE].items() if tests} == {
        ("getCurrentUser", 401),
        ("deleteUser", 403),
    }
    assert ("getPost", 404) in coverage.missing(BASE)
    assert resolve("GET", BASE + "/api/users/me").operation_id == "getCurrentUser"
    assert resolve("GET", BASE + "/api/users/5") is None
