"""Configuration from the environment."""

from app.config import Config


def test_cors_origins_are_a_comma_separated_list(config):
    assert config.cors_allow_origins == ["http://allowed.example", "http://also.example"]
    assert config.max_body_bytes == 2048


def test_plain_database_urls_get_this_implementations_drivers():
    sqlite = Config(database_url="sqlite:///data/app.sqlite3")
    assert sqlite.database_kind == "sqlite"
    assert sqlite.sqlalchemy_url(asynchronous=True) == "sqlite+aiosqlite:///data/app.sqlite3"
    assert sqlite.sqlalchemy_url(asynchronous=False) == "sqlite:///data/app.sqlite3"
    postgres = Config(database_url="postgresql://app@db:5432/app")
    assert postgres.database_kind == "postgresql"
    assert postgres.sqlalchemy_url(asynchronous=True) == "postgresql+psycopg://app@db:5432/app"


def test_max_concurrency_sizes_the_pool_and_defaults_to_four(monkeypatch):
    monkeypatch.delenv("MAX_CONCURRENCY", raising=False)
    assert Config().max_concurrency == 4
    monkeypatch.setenv("MAX_CONCURRENCY", "16")
    assert Config().max_concurrency == 16
