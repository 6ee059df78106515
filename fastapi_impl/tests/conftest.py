"""Fixtures: an app on a fresh, migrated SQLite database per test, and its TestClient."""

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config as AlembicConfig
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.__main__ import ALEMBIC_INI
from app.config import Config, get_config
from app.main import create_app


@pytest.fixture
def config(tmp_path, monkeypatch) -> Config:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'test.sqlite3'}")
    monkeypatch.setenv("MAX_BODY_BYTES", "2048")
    monkeypatch.setenv("CORS_ALLOW_ORIGINS", "http://allowed.example, http://also.example")
    get_config.cache_clear()
    command.upgrade(AlembicConfig(str(ALEMBIC_INI)), "head")  # migrations, not create_all: they are tested too
    yield get_config()
    get_config.cache_clear()


@pytest.fixture
def app(config: Config) -> FastAPI:
    return create_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def register(client: TestClient):
    def register(username: str = "alice") -> dict:
        response = client.post("/api/users", json={"username": username, "display_name": username.title()})
        assert response.status_code == 201, response.text
        body = response.json()
        return {**body, "auth": {"Authorization": f"Bearer {body['token']}"}}

    return register
