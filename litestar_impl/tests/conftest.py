"""Fixtures: an app on a fresh, migrated SQLite database per test, and its TestClient."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from litestar import Litestar
from litestar.testing import TestClient

from app.__main__ import ALEMBIC_INI
from app.config import Config, get_config
from app.main import create_app

ORIGIN = "http://allowed.example"


@pytest.fixture
def config(tmp_path, monkeypatch) -> Iterator[Config]:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'test.sqlite3'}")
    monkeypatch.setenv("MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("CORS_ALLOW_ORIGINS", f"{ORIGIN}, http://also.example")
    get_config.cache_clear()
    command.upgrade(AlembicConfig(str(ALEMBIC_INI)), "head")  # migrations, not create_all: they are tested too
    yield get_config()
    get_config.cache_clear()


@pytest.fixture
def app(config: Config) -> Litestar:
    return create_app()


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def register(client: TestClient[Litestar]) -> Callable[..., dict[str, Any]]:
    def register(username: str = "alice") -> dict[str, Any]:
        response = client.post("/api/users", json={"username": username, "display_name": username.title()})
        assert response.status_code == 201, response.text
        body = response.json()
        return {**body, "auth": {"Authorization": f"Bearer {body['token']}"}}

    return register
