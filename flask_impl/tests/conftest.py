"""Fixtures: an app on a fresh, migrated SQLite database per test, its test client, and users."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from app.db import db

ALLOWED_ORIGIN = "http://allowed.example"
MAX_BODY_BYTES = 2048


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
        "CORS_ALLOW_ORIGINS": [ALLOWED_ORIGIN, "http://also.example"],
        "SECRET_KEY": "test-key",
    })
    with app.app_context():
        upgrade()  # the migrations, not create_all: they are tested too
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def register(client: FlaskClient) -> Callable[..., dict[str, Any]]:
    """Register a user; the result is its representation plus `auth`, the headers to send."""

    def register(username: str = "alice") -> dict[str, Any]:
        response = client.post("/api/users", json={"username": username, "display_name": username.title()})
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json
        return {**body, "auth": {"Authorization": f"Bearer {body['token']}"}}

    return register


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    """The response is an RFC 9457 problem with this status; return its body."""
    assert response.status_code == status, response.text
    assert response.mimetype == "application/problem+json"
    body: dict[str, Any] = response.json
    assert body["type"] == "about:blank" and body["status"] == status and body["title"] and body["detail"]
    return body
