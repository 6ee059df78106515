"""For the comparison only (app/bench, dropped with it): the same-shape floor and the database-policy line."""

import json
import logging
from importlib.metadata import version

import pytest
from fastapi.testclient import TestClient

from app.bench.floor import create_floor
from app.config import get_config
from app.main import create_app


@pytest.fixture
def floor(config):
    with TestClient(create_floor()) as client:
        yield client


def test_the_floor_serves_a_post_as_get_post_does(client, register, floor):
    user = register()
    created = client.post(
        "/api/posts", headers=user["auth"], json={"title": "Tïtle", "content": "c", "tags": ["a", "b"]}
    )
    path = f"/posts/{created.json()['id']}"
    api, bare = client.get(f"/api{path}"), floor.get(path)
    assert bare.status_code == api.status_code == 200
    assert bare.json() == api.json() and bare.content == api.content
    assert sorted(bare.json()) == ["author_id", "content", "created_at", "id", "tags", "title", "updated_at"]


def test_the_floor_answers_404_json_and_healthcheck(floor):
    assert floor.get("/posts/999").status_code == 404
    assert floor.get("/json").json() == {"message": "Hello, World!"}
    assert floor.get("/healthcheck").json() == {"status": "ok"}


def policy_lines(caplog) -> list[dict]:
    prefix = "database policy: "
    return [
        json.loads(record.getMessage().removeprefix(prefix))
        for record in caplog.records
        if record.getMessage().startswith(prefix)
    ]


def test_the_policy_is_logged_once_with_what_the_first_connection_reads_back(config, monkeypatch, caplog):
    monkeypatch.setenv("MAX_CONCURRENCY", "3")
    get_config.cache_clear()
    caplog.set_level(logging.INFO, logger="app")
    with TestClient(create_app()) as client:
        for _ in range(5):
            assert client.get("/api/posts").status_code == 200
    assert policy_lines(caplog) == [
        {
            "engine": "sqlite",
            "driver": f"aiosqlite {version('aiosqlite')}",
            "connections": "pool of 3 kept for the process",
            "pool_size": 3,
            "max_overflow": 0,
            "writes": "same pool as reads",
            "write_transaction": "BEGIN IMMEDIATE, after the token lookup",
            "reads": "autocommit",
            "isolation": "SERIALIZABLE",
            "pragmas": {"journal_mode": "wal", "synchronous": 1, "foreign_keys": 1, "busy_timeout": 30000},
        }
    ]


def test_the_floor_logs_the_same_policy(config, caplog):
    caplog.set_level(logging.INFO, logger="app")
    with TestClient(create_floor()) as floor:
        assert floor.get("/healthcheck").status_code == 200
    [policy] = policy_lines(caplog)
    assert policy["engine"] == "sqlite" and policy["pool_size"] == config.max_concurrency
    assert policy["pragmas"]["journal_mode"] == "wal"
