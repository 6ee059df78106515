"""The limits of a request's head: a request line over 4,094 bytes gets 414; over 100 header fields, or
a field line over 8,190 bytes, gets 431. Below them a request is served as usual.

Neither line counts its CRLF (RFC 9112's request-line and field-line). Requests at the bounds are
written byte for byte (harness.wire); the answers are checked against the contract like every other.
"""

import pytest

from harness import wire
from harness.operations import calls

REQUEST_LINE = 4094
FIELDS = 100
FIELD_LINE = 8190


def send(api, target, method: str, path: str, headers: dict[str, str]) -> wire.Answer:
    """One request on its own connection, its answer validated against the contract."""
    data = wire.request(method, path, headers={**headers, "Connection": "close"})
    [answer] = wire.pipeline(target.url, [(method, data)])
    api.validator.validate(method, target.url + path, answer.status, answer.headers, answer.body)
    return answer


def path_of_line(length: int) -> str:
    """A listPosts target whose request line (`GET <target> HTTP/1.1`) is `length` bytes long."""
    prefix = "/api/posts?limit=1&pad="
    return prefix + "a" * (length - len(f"GET {prefix} HTTP/1.1"))


@pytest.mark.parametrize("length, status", [(REQUEST_LINE, 200), (REQUEST_LINE + 1, 414)])
def test_a_request_line_over_the_limit_is_too_long(api, target, length, status):
    path = path_of_line(length)
    assert len(f"GET {path} HTTP/1.1") == length
    assert send(api, target, "GET", path, {}).status == status


@pytest.mark.parametrize("count, status", [(FIELDS, 200), (FIELDS + 1, 431)])
def test_more_header_fields_than_the_limit_are_too_large(api, target, count, status):
    # Host and Connection are two of them.
    headers = {f"X-Field-{n}": "v" for n in range(count - 2)}
    assert send(api, target, "GET", "/api/posts?limit=1", headers).status == status


@pytest.mark.parametrize("length, status", [(FIELD_LINE, 200), (FIELD_LINE + 1, 431)])
def test_a_field_line_over_the_limit_is_too_large(api, target, length, status):
    value = "v" * (length - len("X-Big: "))
    assert len(f"X-Big: {value}") == length
    assert send(api, target, "GET", "/api/posts?limit=1", {"X-Big": value}).status == status


# Over each limit in turn, as a client library sends it (the request line padded with an unknown
# query parameter, which a server ignores once it reads the request).
OVERSIZED = [
    ("a request line too long", 414, {"params": {"pad": "a" * REQUEST_LINE}}),
    ("too many header fields", 431, {"headers": {f"X-Field-{n}": "v" for n in range(FIELDS + 1)}}),
    ("a field line too long", 431, {"headers": {"X-Big": "v" * FIELD_LINE}}),  # and its name
]


def test_every_operation_answers_an_oversized_head_with_414_or_431(api, alice):
    post = api.create_post(alice)
    failures = []
    for call in calls(post_id=post["id"], user_id=alice.id):
        for name, status, kwargs in OVERSIZED:
            headers = {**kwargs.get("headers", {}), **alice.auth}
            body = {} if call.body is None else {"json_body": call.body}
            response = api.request(call.method, call.path, params=kwargs.get("params"), headers=headers, **body)
            if response.status_code != status:
                failures.append(f"{call.operation.operation_id} with {name}: {response.status_code}, not {status}")
    assert not failures, "\n".join(failures)
    assert api.get(f"/api/posts/{post['id']}").json() == post, "an oversized request changed the post"
