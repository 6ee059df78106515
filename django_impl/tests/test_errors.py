"""Every error is an RFC 9457 problem: DRF's exceptions, Django's error views, 413, outages."""

import io
import json

import pytest
from django.db import OperationalError
from django.test import override_settings

from common.serializers import MAX_ID
from tests.conftest import assert_problem


def post_json(client, path, body: bytes, **headers):
    return client.generic("POST", path, body, content_type="application/json", **headers)


def test_validation_errors_point_into_the_body_with_escaped_pointers(client, register):
    user = register()
    response = client.post("/api/posts", {"title": "", "content": "x", "a/b~c": 1}, format="json", **user["auth"])
    pointers = {error["pointer"] for error in assert_problem(response, 422)["errors"]}
    assert pointers == {"/title", "/a~1b~0c"}


def test_items_of_lists_are_pointed_at_by_index(client, register):
    user = register()
    response = client.post(
        "/api/posts", {"title": "t", "content": "c", "tags": ["ok", "No"]}, format="json", **user["auth"]
    )
    assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == ["/tags/1"]


def test_a_body_that_is_not_an_object_is_pointed_at_as_a_whole(client, register):
    user = register()
    response = post_json(client, "/api/posts", b"[]", **user["auth"])
    assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == [""]


def test_query_errors_name_the_parameter(client):
    errors = assert_problem(client.get("/api/posts?limit=0"), 422)["errors"]
    assert errors == [{"parameter": "limit", "message": errors[0]["message"]}]


def test_malformed_empty_and_non_utf8_bodies_are_bad_requests(client, register):
    user = register()
    for body in (b"{", b"", b'{"title": "\xff"}', b"NaN"):
        assert_problem(post_json(client, "/api/posts", body, **user["auth"]), 400)


def test_a_body_that_is_not_declared_json_is_unsupported(client, register):
    user = register()
    assert_problem(client.generic("POST", "/api/posts", b"{}", content_type="text/plain", **user["auth"]), 415)
    assert_problem(client.generic("POST", "/api/posts", b"{}", content_type="", **user["auth"]), 415)
    # Transport faults come before authentication.
    assert_problem(client.generic("POST", "/api/posts", b"{}", content_type="text/plain"), 415)


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
    assert_problem(post_json(client, "/api/posts", body, **register()["auth"]), 400)


def test_a_surrogate_pair_is_one_character(client, register):
    response = post_json(client, "/api/posts", b'{"title": "\\ud83d\\ude80", "content": "c"}', **register()["auth"])
    assert response.status_code == 201 and response.json()["title"] == "\U0001f680"


def test_ids_out_of_range_are_not_found_and_never_reach_the_database(client, register, django_assert_num_queries):
    assert_problem(client.get("/api/users/profile/0"), 404)
    with django_assert_num_queries(0):
        assert_problem(client.get(f"/api/posts/{MAX_ID + 1}"), 404)
    # Authentication and validation still come first, as for any id.
    assert_problem(client.delete(f"/api/users/{MAX_ID + 1}"), 401)
    user = register()
    assert_problem(client.delete(f"/api/users/{MAX_ID + 1}", **user["auth"]), 404)
    assert_problem(client.patch(f"/api/posts/{MAX_ID + 1}", {"title": ""}, format="json", **user["auth"]), 422)
    assert_problem(client.patch(f"/api/posts/{MAX_ID + 1}", {"title": "t"}, format="json", **user["auth"]), 404)


def test_unknown_routes_and_trailing_slashes_are_not_found_nor_redirected(client):
    for path in ("/nope", "/api/posts/", "/api/posts/abc", "/admin/"):
        assert_problem(client.get(path), 404)


def test_a_wrong_method_lists_every_allowed_one_before_authentication(client):
    response = client.post("/api/posts/1")
    assert_problem(response, 405)
    assert response["Allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"
    response = client.delete("/api/users/me")
    assert_problem(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_options_answers_allow_without_a_body_or_authentication(client):
    response = client.options("/api/settings")
    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS, PATCH, PUT"
    assert response.content == b""


def test_unexpected_errors_are_a_500_problem_that_discloses_nothing(client, monkeypatch, caplog):
    def boom(**_):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("posts.views.post_list", boom)
    body = assert_problem(client.get("/api/posts"), 500)
    assert "secret" not in json.dumps(body)
    assert "problem status=500 GET /api/posts" in caplog.text


def test_a_database_that_does_not_answer_is_a_503(client, monkeypatch, caplog):
    def unavailable(*_, **__):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", unavailable)
        assert_problem(client.get("/healthcheck"), 503)
        assert_problem(client.get("/api/posts"), 503)
    assert "problem status=503 GET /healthcheck" in caplog.text


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=2048)
@pytest.mark.parametrize("size, status", [(2048, 201), (2049, 413)])
def test_the_body_limit_counts_the_bytes_declared(client, register, size, status):
    user = register()
    prefix, suffix = b'{"title": "t", "content": "', b'"}'
    body = prefix + b"x" * (size - len(prefix) - len(suffix)) + suffix
    assert post_json(client, "/api/posts", body, **user["auth"]).status_code == status


@pytest.mark.parametrize("size, status", [(4096, 201), (4097, 413)])
def test_a_chunked_body_is_read_up_to_the_limit(register, size, status):
    # Through the WSGI application, as gunicorn calls it: a chunked body has no CONTENT_LENGTH.
    from config.wsgi import application

    user = register()
    prefix, suffix = b'{"title": "t", "content": "', b'"}'
    body = prefix + b"x" * (size - len(prefix) - len(suffix)) + suffix
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/posts",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "application/json",
        "HTTP_TRANSFER_ENCODING": "chunked",
        "HTTP_AUTHORIZATION": user["auth"]["HTTP_AUTHORIZATION"],
    }
    statuses = []
    b"".join(application(environ, lambda status_line, headers, exc_info=None: statuses.append(status_line)))
    assert statuses[0].startswith(str(status))


@pytest.mark.parametrize("value", ["5.0", "+5", " 5", "5_0", "\u0665"])
def test_a_query_integer_is_decimal_digits(client, value):
    errors = assert_problem(client.get("/api/posts", {"limit": value}), 422)["errors"]
    assert [e["parameter"] for e in errors] == ["limit"]
    assert client.get("/api/posts", {"limit": "05"}).status_code == 200
