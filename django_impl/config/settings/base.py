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
# The same policy in every implementation (README, "Server and database policy"): one kept
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
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
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
    "common.http.BodyLimitMiddleware",
    "common.http.RouteMiddleware",
]

# REQUEST BODIES
# ------------------------------------------------------------------------------
# Django answers a larger body with RequestDataTooBig; common.http turns it into 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_BODY_BYTES", "1048576"))

# STATIC FILES (the Swagger UI and ReDoc assets of drf-spectacular-sidecar, served locally)
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

# CORS (django-cors-headers)
# ------------------------------------------------------------------------------
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOW_ORIGINS")
CORS_ALLOW_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
CORS_ALLOW_HEADERS = ["Authorization", "Content-Type", "If-Match", "If-None-Match"]
CORS_EXPOSE_HEADERS = ["ETag", "Location"]
CORS_PREFLIGHT_MAX_AGE = 600

# DJANGO REST FRAMEWORK
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["common.auth.BearerTokenAuthentication"],
    # Each view names its own; a view that forgets is closed, not open.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["common.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "common.parsers.IgnoreAcceptNegotiation",
    "DEFAULT_SCHEMA_CLASS": "common.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.errors.exception_handler",
    # Users here are not django.contrib.auth users: no AnonymousUser, request.user is None.
    "UNAUTHENTICATED_USER": None,
    "UNAUTHENTICATED_TOKEN": None,
    "COMPACT_JSON": True,
    "STRICT_JSON": True,
}

# OPENAPI (drf-spectacular)
# ------------------------------------------------------------------------------
SPECTACULAR_SETTINGS = {
    "TITLE": "Settings, posts and users API (Django REST Framework)",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "DEFAULT_GENERATOR_CLASS": "common.openapi.SchemaGenerator",
    "SERVE_AUTHENTICATION": [],  # the docs and the document are public; a stale token must not 401 them
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": True},
    "ENUM_ADD_EXPLICIT_BLANK_NULL_CHOICE": False,
    "TAGS": [
        {"name": "health", "description": "Liveness of the service and of its database."},
        {"name": "users", "description": "Accounts and their bearer tokens."},
        {"name": "settings", "description": "The authenticated user's preferences."},
        {"name": "posts", "description": "Posts written by users, public to read."},
    ],
}
