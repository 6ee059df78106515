"""Configuration read once from the environment (the variables every implementation reads)."""

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from litestar.di import NamedDependency


def _origins(value: str) -> list[str]:
    return [origin.strip() for origin in value.split(",") if origin.strip()]


def _positive(name: str, default: int) -> int:
    value = int(os.environ.get(name, str(default)))
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, not {value}")
    return value


@dataclass(frozen=True)
class Config:
    """The settings of docs/running.md; HOST, PORT, WORKERS and ACCESS_LOG are the server's (app/__main__.py)."""

    database_url: str = "sqlite:///db.sqlite3"
    cors_allow_origins: list[str] = field(default_factory=list)
    max_body_bytes: int = 1_048_576
    # How many requests of a worker process work at the database at once: its pool's size.
    max_concurrency: int = 4
    secret_key: str = "insecure-development-key-set-SECRET_KEY"

    @classmethod
    def from_env(cls) -> "Config":
        return cls(
            database_url=os.environ.get("DATABASE_URL", cls.database_url),
            cors_allow_origins=_origins(os.environ.get("CORS_ALLOW_ORIGINS", "")),
            max_body_bytes=_positive("MAX_BODY_BYTES", cls.max_body_bytes),
            max_concurrency=_positive("MAX_CONCURRENCY", cls.max_concurrency),
            secret_key=os.environ.get("SECRET_KEY", cls.secret_key),
        )

    @property
    def database_kind(self) -> Literal["sqlite", "postgresql"]:
        return "sqlite" if self.database_url.startswith("sqlite") else "postgresql"

    def sqlalchemy_url(self, *, asynchronous: bool = True) -> str:
        """The plain URL with this implementation's driver: aiosqlite (pysqlite for Alembic) or psycopg 3."""
        _, rest = self.database_url.split("://", 1)
        if self.database_kind == "sqlite":
            return f"sqlite+aiosqlite://{rest}" if asynchronous else f"sqlite://{rest}"
        return f"postgresql+psycopg://{rest}"


@lru_cache
def get_config() -> Config:
    """The process's configuration, read on first use (tests clear the cache after changing the environment)."""
    return Config.from_env()


ConfigDep = NamedDependency[Config]  # provided as "config" (app/main.py)
