"""Settings read from the environment, the same variables as every implementation."""

from app.config import ROOT, from_environ, sqlalchemy_url


def test_defaults():
    settings = from_environ({})
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{ROOT / 'db.sqlite3'}"
    assert settings["MAX_CONTENT_LENGTH"] == 1_048_576
    assert settings["CORS_ALLOW_ORIGINS"] == []
    assert settings["SECRET_KEY"]


def test_the_environment_overrides():
    settings = from_environ(
        {
            "DATABASE_URL": "postgresql://app@127.0.0.1:5432/app",
            "MAX_BODY_BYTES": "10",
            "CORS_ALLOW_ORIGINS": "http://a.example, http://b.example,",
            "SECRET_KEY": "k",
        }
    )
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://app@127.0.0.1:5432/app"
    assert settings["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    assert settings["MAX_CONTENT_LENGTH"] == 10
    assert settings["CORS_ALLOW_ORIGINS"] == ["http://a.example", "http://b.example"]
    assert settings["SECRET_KEY"] == "k"


def test_sqlite_paths_are_read_from_the_implementation_folder_unless_absolute():
    assert sqlalchemy_url("sqlite:///data/x.sqlite3") == f"sqlite:///{ROOT / 'data' / 'x.sqlite3'}"
    assert sqlalchemy_url("sqlite:////tmp/x.sqlite3") == "sqlite:////tmp/x.sqlite3"
