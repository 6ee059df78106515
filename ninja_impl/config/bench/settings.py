"""For the comparison only: settings of the same-shape floor (config.bench.floor), Ninja bare."""

# Extends the served settings with a star import, as each settings module does (cookiecutter-django).
from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "config.bench.urls"
# The models the floor reads (users for the posts' foreign key); none of common's plumbing.
INSTALLED_APPS = ["users", "posts"]
MIDDLEWARE: list[str] = []
