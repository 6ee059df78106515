"""Every error is an RFC 9457 problem: the mapping of Flask's, Werkzeug's and flask-smorest's errors."""

import ast
import logging
from pathlib import Path

import pytest

from app import create_app, errors
from tests.helpers import assert_problem


def test_unknown_routes_are_problems_and_slashes_are_not_redirected(client):
    for path in ("/nope", "/api/posts/", "/api//posts", "/api/posts/abc", "/api/posts/\u0663", "/docs/"):
        body = assert_problem(client.get(path), 404)
        assert path in body["detail"]


def test_ids_out_of_range_name_nothing_after_authentication_and_validation(client, register):
    assert_problem(client.get(f"/api/posts/{2**63}"), 404)
    assert_problem(client.get("/api/users/profile/0"), 404)
    assert client.get(f"/api/posts/{2**63 - 1}").status_code == 404  # in range, names nothing
    assert_problem(client.delete(f"/api/users/{2**63}"), 401)
    user = register()
    assert_problem(client.delete(f"/api/users/{2**63}", headers=user["auth"]), 404)
    assert_problem(client.patch(f"/api/posts/{2**63}", headers=user["auth"], json={"title": ""}), 422)
    assert_problem(client.patch(f"/api/posts/{2**63}", headers=user["auth"], json={"title": "t"}), 404)


def test_a_wrong_method_lists_every_allowed_one(client):
    response = client.post("/api/posts/1")
    assert_problem(response, 405)
    assert response.headers["Allow"] == "DELETE, GET, HEAD, OPTIONS, PATCH, PUT"


def test_validation_errors_point_into_the_body_with_escaped_pointers(client, register):
    user = register()
    response = client.post("/api/posts", headers=user["auth"], json={"title": "", "content": "x", "a/b~c": 1})
    errors = assert_problem(response, 422)["errors"]
    assert sorted(e["pointer"] for e in errors) == ["/a~1b~0c", "/title"]
    assert all(e["message"] for e in errors)


def test_a_body_that_is_not_an_object_is_pointed_at_as_a_whole(client, register):
    user = register()
    for body in ("[]", '"x"', "1", "null"):
        response = client.post("/api/posts", headers={**user["auth"], "Content-Type": "application/json"}, data=body)
        assert [e["pointer"] for e in assert_problem(response, 422)["errors"]] == [""], body


def test_text_that_is_not_unicode_is_a_bad_request(client, register):
    # Unpaired surrogates, escaped or UTF-8-encoded, wherever they are: malformed, like invalid UTF-8.
    headers = {**register()["auth"], "Content-Type": "application/json"}
    for body in (
        b'{"title": "t", "content": "c", "\\ud800": 1}',
        b'{"title": "\\udc00", "content": "c"}',
        b'{"title": "t", "content": "c", "tags": ["\\udbff"]}',
        b'{"title": "\xed\xa0\x80"}',
    ):
        assert_problem(client.post("/api/posts", headers=headers, data=body), 400)
    response = client.post("/api/posts", headers=headers, data=b'{"title": "\\ud83d\\ude80", "content": "c"}')
    assert response.status_code == 201 and response.json["title"] == "\U0001f680"  # a pair is one character


def test_an_unexpected_error_is_a_500_problem_and_is_logged(tmp_path, caplog):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/boom")
    body = assert_problem(response, 500)
    assert "secret" not in response.text and "Traceback" not in response.text
    assert body["detail"] == "An unexpected error occurred."
    assert "problem status=500 GET /boom" in caplog.text


def test_a_database_that_does_not_answer_is_a_503_problem(tmp_path, caplog):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}"})
    client = app.test_client()
    with caplog.at_level(logging.ERROR):
        assert_problem(client.get("/healthcheck"), 503)
        assert_problem(client.get("/api/posts/1"), 503)
        assert_problem(client.get("/api/users/me", headers={"Authorization": "Bearer x"}), 503)
    assert "problem status=503 GET /healthcheck: database unavailable" in caplog.text


@pytest.mark.parametrize(
    "error, status",
    [
        (errors.BadRequest, 400),
        (errors.Forbidden, 403),
        (errors.NotFound, 404),
        (errors.Conflict, 409),
        (errors.PreconditionFailed, 412),
    ],
)
def test_a_domain_error_is_a_problem_with_its_detail(tmp_path, error, status):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite3'}"})

    @app.get("/refused")
    def refused():
        raise error("Because.")

    assert assert_problem(app.test_client().get("/refused"), status)["detail"] == "Because."


APP = Path(errors.__file__).parent


def imported(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_services_speak_only_domain_errors():
    for path in [*APP.glob("*/services.py"), APP / "posts" / "pagination.py", APP / "conditional.py"]:
        assert not any(m.startswith(("werkzeug.exceptions", "flask_smorest")) for m in imported(path)), path


def test_users_is_the_base_resource_and_only_handlers_compose_resources():
    for path in (APP / "users").glob("*.py"):
        if path.name != "routes.py":
            assert not {m for m in imported(path) if m.startswith(("app.posts", "app.preferences"))}, path
    for resource in ("posts", "preferences"):
        for path in (APP / resource).glob("*.py"):
            others = {m.split(".")[1] for m in imported(path) if m.startswith("app.") and m.count(".") >= 2}
            assert others <= {resource, "users"}, path
