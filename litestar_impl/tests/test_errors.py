"""Every error is the contract's problem: routing's, Litestar's, the domain's, the database's and the unexpected."""

import logging

from litestar import get
from litestar.testing import TestClient
from sqlalchemy.exc import OperationalError

from app.errors import DOMAIN_STATUS, EXCEPTION_HANDLERS, problem, title
from app.main import create_app


def test_titles_are_rfc_9110s():
    assert [title(status) for status in (413, 414, 422, 431)] == [
        "Content Too Large",
        "URI Too Long",
        "Unprocessable Content",
        "Request Header Fields Too Large",
    ]


def test_a_problem_has_exactly_the_contracts_members():
    response = problem(422, "Bad.", errors=[{"pointer": "/a", "message": "m"}])
    assert response.media_type == "application/problem+json"
    assert response.content == {
        "type": "about:blank",
        "title": "Unprocessable Content",
        "status": 422,
        "detail": "Bad.",
        "errors": [{"pointer": "/a", "message": "m"}],
    }


def test_each_domain_error_has_one_status():
    assert sorted(DOMAIN_STATUS.values()) == [400, 403, 404, 409, 412]


def test_routing_errors_are_problems(client):
    for response, status in [(client.get("/nope"), 404), (client.put("/healthcheck"), 405)]:
        assert response.status_code == status
        assert response.json()["status"] == status and response.json()["type"] == "about:blank"


def test_an_unexpected_error_is_a_500_problem_and_logged(config, caplog):
    @get("/boom", exclude_from_auth=True, sync_to_thread=False)
    def boom() -> None:
        raise RuntimeError("secret detail")

    app = create_app()
    app.register(boom)
    caplog.set_level(logging.ERROR, logger="app.errors")
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/boom")
    assert response.status_code == 500
    assert "secret" not in response.text and response.json()["title"] == "Internal Server Error"
    assert any("problem status=500 GET /boom" in record.getMessage() for record in caplog.records)


def test_a_database_that_does_not_answer_is_a_503_problem(config, caplog):
    @get("/down", exclude_from_auth=True, sync_to_thread=False)
    def down() -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))

    app = create_app()
    app.register(down)
    caplog.set_level(logging.ERROR, logger="app.errors")
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/down")
    assert (response.status_code, response.json()["title"]) == (503, "Service Unavailable")
    assert any("problem status=503" in record.getMessage() for record in caplog.records)
    assert OperationalError in EXCEPTION_HANDLERS
