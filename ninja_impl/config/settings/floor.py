"""Settings of the same-shape floor (config.floor): the served settings, with Ninja bare and no middleware."""

from .production import *

ROOT_URLCONF = "config.floor"
# The models the floor reads (users for the posts' foreign key); none of common's plumbing.
INSTALLED_APPS = ["users", "posts"]
MIDDLEWARE: list[str] = []
