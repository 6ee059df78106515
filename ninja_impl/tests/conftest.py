"""Fixtures: Django's test client (every middleware, as served) on pytest-django's test database, and users."""

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from config.settings import base


class JSONClient(Client):
    """Django's test client, sending request bodies as JSON unless told otherwise."""

    def post(self, path: str, data: Any = None, content_type: str = "application/json", **extra: Any) -> Any:
        return super().post(path, data, content_type=content_type, **extra)

    def put(self, path: str, data: Any = "", content_type: str = "application/json", **extra: Any) -> Any:
        return super().put(path, data, content_type=content_type, **extra)

    def patch(self, path: str, data: Any = "", content_type: str = "application/json", **extra: Any) -> Any:
        return super().patch(path, data, content_type=content_type, **extra)


@pytest.fixture(autouse=True)
def _database(db: None) -> None:
    """Every test may use the database; pytest-django rolls it back after each."""


@pytest.fixture
def client() -> JSONClient:
    return JSONClient()


@pytest.fixture
def register(client: JSONClient) -> Callable[..., dict[str, Any]]:
    def register(username: str = "alice") -> dict[str, Any]:
        response = client.post("/api/users", {"username": username, "display_name": username.title()})
        assert response.status_code == 201, response.content
        body = response.json()
        return {**body, "auth": {"HTTP_AUTHORIZATION": f"Bearer {body['token']}"}}

    return register


@pytest.fixture
def reload_base(monkeypatch):
    def reload_base(**env: str):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(base)

    yield reload_base
    monkeypatch.undo()
    importlib.reload(base)


def assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"] and body["detail"]
    return body
