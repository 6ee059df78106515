"""Configuration read once from the environment (pydantic-settings)."""

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode


class Config(BaseSettings):
    """The variables every implementation reads the same way (see docs/running.md)."""

    database_url: str = "sqlite:///db.sqlite3"
    cors_allow_origins: Annotated[list[str], NoDecode] = []
    max_body_bytes: int = Field(default=1_048_576, gt=0)
    # How many requests of a worker process work at the database at once: its pool's size.
    max_concurrency: int = Field(default=4, gt=0)
    secret_key: str = "insecure-development-key-set-SECRET_KEY"

    @field_validator("cors_allow_origins", mode="before")
    @classmethod
    def split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @property
    def database_kind(self) -> Literal["sqlite", "postgresql"]:
        return "sqlite" if self.database_url.startswith("sqlite") else "postgresql"

    def sqlalchemy_url(self, *, asynchronous: bool) -> str:
        """The plain URL with this implementation's driver: aiosqlite/pysqlite or psycopg 3."""
        _, rest = self.database_url.split("://", 1)
        if self.database_kind == "sqlite":
            return f"sqlite+aiosqlite://{rest}" if asynchronous else f"sqlite://{rest}"
        return f"postgresql+psycopg://{rest}"


@lru_cache
def get_config() -> Config:
    return Config()
