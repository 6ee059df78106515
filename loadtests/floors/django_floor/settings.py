"""Minimal settings: one app, no middleware beyond Django's defaults for an API, DEBUG off."""

import os

SECRET_KEY = "floor-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "django_floor.urls"
INSTALLED_APPS = ["django.contrib.contenttypes", "rest_framework", "django_floor"]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
USE_TZ = True
TIME_ZONE = "UTC"
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}

_scheme, _rest = os.environ["DATABASE_URL"].split("://", 1)
if _scheme == "sqlite":
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _rest.removeprefix("/")}}
else:
    _credentials, _location = _rest.rsplit("@", 1)
    _host_port, _name = _location.split("/", 1)
    _host, _, _port = _host_port.partition(":")
    DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": _name, "USER": _credentials,
                             "HOST": _host, "PORT": _port or "5432", "CONN_MAX_AGE": 600}}
