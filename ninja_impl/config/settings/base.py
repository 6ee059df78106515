"""Settings every environment shares, read from the variables every implementation reads."""

import os
from pathlib import Path

from common.database import database_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# GENERAL
# ------------------------------------------------------------------------------
# Off everywhere: a debug page must never reach a client.
DEBUG = False
# Signs the posts' pagination cursors (no sessions or cookies here). The default is for
# development only: set SECRET_KEY wherever the cursors must not be forgeable.
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-set-SECRET_KEY")
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
LANGUAGE_CODE = "en-us"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# No URL ends with a slash, so nothing may be redirected to one (/api/posts/ is a 404).
APPEND_SLASH = False

# DATABASES
# ------------------------------------------------------------------------------
# The same policy as every implementation (README, "Server and database policy"): one kept
# connection per thread, BEGIN IMMEDIATE and PRAGMAs on SQLite, READ COMMITTED on PostgreSQL.
DATABASES = {"default": database_settings(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"), base_dir=BASE_DIR)}
# Requests in progress per process: gunicorn's threads (gunicorn.conf.py reads the same variable),
# each with its own connection.
THREADS = int(os.environ.get("THREADS", "4"))

# APPS
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "corsheaders",
    # Ninja's templates and its Swagger UI and ReDoc assets, served locally (not from a CDN).
    "ninja",
    "common",
    "users",
    "preferences",
    "posts",
]

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "common.http.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "common.http.MethodMiddleware",
]

# REQUEST BODIES
# ------------------------------------------------------------------------------
# Django answers a larger body with RequestDataTooBig; common.http turns it into 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_BODY_BYTES", "1048576"))

# STATIC FILES (Ninja's Swagger UI and ReDoc assets, served locally)
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
# A handful of files: WhiteNoise finds them at start-up, no collectstatic step needed.
WHITENOISE_USE_FINDERS = True

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": []},
    }
]

# CORS (django-cors-headers, which Ninja's documentation points to)
# ------------------------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOW_ORIGINS")
CORS_ALLOW_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
CORS_ALLOW_HEADERS = ["Authorization", "Content-Type", "If-Match", "If-None-Match"]
CORS_EXPOSE_HEADERS = ["ETag", "Location"]
CORS_PREFLIGHT_MAX_AGE = 600
