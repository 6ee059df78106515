"""For the comparison only: settings of the same-shape floor (config.bench.floor), DRF bare."""

# Extends the served settings with a star import, as each settings module does (cookiecutter-django).
from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "config.bench.urls"
# The models the floor reads (users for the posts' foreign key), and DRF; none of common's plumbing.
INSTALLED_APPS = ["rest_framework", "users", "posts"]
MIDDLEWARE: list[str] = []
# No authentication, permissions, custom parsers, negotiation or exception handler: DRF's defaults.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
