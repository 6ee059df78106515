"""Configuration from the environment: the defaults docs/running.md gives, and what each variable sets."""

import pytest

from app.config import Config


def test_the_defaults(monkeypatch):
    for name in ("DATABASE_URL", "CORS_ALLOW_ORIGINS", "MAX_BODY_BYTES", "MAX_CONCURRENCY", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    config = Config.from_env()
    assert (config.database_url, config.max_body_bytes) == ("sqlite:///db.sqlite3", 1_048_576)
    assert config.max_concurrency == 4
    assert config.cors_allow_origins == []


def test_the_variables(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h:5/db")
    monkeypatch.setenv("CORS_ALLOW_ORIGINS", " http://a.example ,http://b.example,")
    monkeypatch.setenv("MAX_CONCURRENCY", "7")
    config = Config.from_env()
    assert config.database_kind == "postgresql" and config.sqlalchemy_url() == "postgresql+psycopg://u@h:5/db"
    assert config.cors_allow_origins == ["http://a.example", "http://b.example"]
    assert config.max_concurrency == 7


def test_a_concurrency_below_one_is_refused(monkeypatch):
    monkeypatch.setenv("MAX_CONCURRENCY", "0")
    with pytest.raises(ValueError, match="MAX_CONCURRENCY"):
        Config.from_env()
