"""Configuration: fixed settings, then the environment variables every implementation reads."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# The implementation folder: a relative SQLite path in DATABASE_URL is read from here.
ROOT = Path(__file__).resolve().parent.parent
DOCS_ASSETS = "/docs/assets"


class Config:
    """Settings that do not depend on the environment (flask-smorest's and Flask's own)."""

    # flask-smorest: the generated OpenAPI document and the two UIs, assets served by this app.
    API_TITLE = "Settings, posts and users API (Flask)"
    API_VERSION = "1.0.0"
    OPENAPI_VERSION = "3.1.0"
    OPENAPI_URL_PREFIX = "/"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = f"{DOCS_ASSETS}/swagger-ui-dist/"
    OPENAPI_SWAGGER_UI_CONFIG = {"persistAuthorization": True}
    OPENAPI_REDOC_PATH = "redoc"
    OPENAPI_REDOC_URL = f"{DOCS_ASSETS}/redoc/bundles/redoc.standalone.js"


def from_environ(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The settings read from DATABASE_URL, THREADS, CORS_ALLOW_ORIGINS, MAX_BODY_BYTES and SECRET_KEY."""
    database_url = environ.get("DATABASE_URL", "sqlite:///db.sqlite3")
    return {
        "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url, threads=int(environ.get("THREADS", "4"))),
        "CORS_ALLOW_ORIGINS": [o.strip() for o in environ.get("CORS_ALLOW_ORIGINS", "").split(",") if o.strip()],
        # Werkzeug answers 413 past this size (chunked bodies: see http.require_json_body).
        "MAX_CONTENT_LENGTH": int(environ.get("MAX_BODY_BYTES", "1048576")),
        # Signs the pagination cursors. Set it in production: the default is public.
        "SECRET_KEY": environ.get("SECRET_KEY", "insecure-development-key-set-SECRET_KEY"),
    }


def sqlalchemy_url(database_url: str) -> str:
    """The plain URL with this implementation's driver: pysqlite or psycopg 3."""
    scheme, rest = database_url.split("://", 1)
    if scheme != "sqlite":
        return f"postgresql+psycopg://{rest}"
    path = rest.removeprefix("/")
    # Flask-SQLAlchemy would read a relative path from the instance folder; we promise this one.
    if path and not Path(path).is_absolute():
        path = str(ROOT / path)
    return f"sqlite:///{path}"


def engine_options(database_url: str, *, threads: int) -> dict[str, Any]:
    """One connection per request in progress (gunicorn's THREADS per worker), kept for the process's life."""
    options: dict[str, Any] = {"pool_size": threads, "max_overflow": 0}
    if not database_url.startswith("sqlite"):
        # A connection that died with the server is replaced on checkout, so the app recovers by itself.
        options |= {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}
    return options
