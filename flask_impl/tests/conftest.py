"""Fixtures: an app on a fresh, migrated SQLite database per test, its test client, and users."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade

from app import create_app
from app.db import db
from tests.helpers import ALLOWED_ORIGIN, MAX_BODY_BYTES


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
            "MAX_CONTENT_LENGTH": MAX_BODY_BYTES,
            "CORS_ALLOW_ORIGINS": [ALLOWED_ORIGIN, "http://also.example"],
            "SECRET_KEY": "test-key",
        }
    )
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
