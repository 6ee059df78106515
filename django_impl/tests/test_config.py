"""Configuration read from the environment: DATABASE_URL becomes SQLite or psycopg 3 options, one policy for both."""

from pathlib import Path

from common.database import database_settings


def test_sqlite_paths_are_relative_to_the_project_and_write_transactions_are_immediate(reload_base):
    settings = reload_base(DATABASE_URL="sqlite:///data/app.sqlite3")
    database = settings.DATABASES["default"]
    assert database["NAME"] == str(settings.BASE_DIR / "data" / "app.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE" and database["OPTIONS"]["timeout"] == 30
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["CONN_MAX_AGE"] is None and database["CONN_HEALTH_CHECKS"] is False


def test_postgresql_uses_persistent_checked_connections(reload_base):
    settings = reload_base(DATABASE_URL="postgresql://app@127.0.0.1:5433/posts")
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("127.0.0.1", 5433, "posts")
    assert database["USER"] == "app"
    assert database["CONN_MAX_AGE"] is None and database["CONN_HEALTH_CHECKS"] is False


def test_the_interface_variables_are_read(reload_base):
    settings = reload_base(
        CORS_ALLOW_ORIGINS="http://a.example, http://b.example", MAX_BODY_BYTES="10", SECRET_KEY="s3cret", THREADS="16"
    )
    assert settings.CORS_ALLOWED_ORIGINS == ["http://a.example", "http://b.example"]
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 10 and settings.SECRET_KEY == "s3cret"
    assert settings.DEBUG is False and settings.THREADS == 16


def test_an_absolute_sqlite_path_is_kept_and_requests_are_not_atomic(tmp_path):
    database = database_settings(f"sqlite:///{tmp_path}/app.sqlite3", base_dir=Path("/elsewhere"))
    assert database["NAME"] == str(tmp_path / "app.sqlite3") and database["ATOMIC_REQUESTS"] is False
    assert "PRAGMA foreign_keys=ON" in database["OPTIONS"]["init_command"]
