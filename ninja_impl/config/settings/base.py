"""Settings every environment shares, read from the variables every implementation reads."""

import os
from pathlib import Path

import dj_database_url

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
# The same policy as every implementation (README, "Server and database policy"), logged once
# per process as the first connection reports it (common.database).
# Requests in progress per process: gunicorn's threads (gunicorn.conf.py reads the same variable).
THREADS = int(os.environ.get("THREADS", "4"))
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"))}
# One connection per thread, kept for the process's life (None: no maximum age), pinged at the
# start of each request that uses it, so a restarted database is reconnected to by itself. The
# thread count already bounds the connections (WORKERS x THREADS), as a pool of that size would.
DATABASES["default"]["CONN_MAX_AGE"] = None
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A relative path is relative to this folder, as in the other implementations.
    DATABASES["default"]["NAME"] = str(BASE_DIR / DATABASES["default"]["NAME"])
    DATABASES["default"]["OPTIONS"] = {
        # Every atomic() block begins with BEGIN IMMEDIATE: it takes the write lock up front and
        # waits for it (timeout, seconds: busy_timeout=30000), so workers writing at once queue
        # instead of failing with "database is locked". Reads stay in autocommit. WAL lets readers
        # run beside the writer.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    # psycopg 3, READ COMMITTED (PostgreSQL's default). Persistent connections rather than
    # Django's psycopg pool: a database that is down fails at once (503) instead of waiting for
    # the pool's timeout.
    DATABASES["default"]["OPTIONS"] = {"connect_timeout": 5}
# Not ATOMIC_REQUESTS: it would commit whatever a handler wrote before Ninja turned an exception
# into an error response. Write handlers run their service in transaction.atomic(), after the
# token lookup; reads need no transaction.
DATABASES["default"]["ATOMIC_REQUESTS"] = False

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
