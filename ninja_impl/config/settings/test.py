"""Settings for the test suite (pytest --ds=config.settings.test, set in pyproject.toml)."""

from .base import *

SECRET_KEY = "test-secret-key"
# pytest-django creates its own (in-memory SQLite) test database from this one.
DATABASES["default"] = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": ":memory:",
    "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 30},
}
CORS_ALLOWED_ORIGINS = ["https://app.example"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 4096
