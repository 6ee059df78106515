"""For the comparison only: settings of the same-shape floor (config.floor), Ninja bare; a copier drops them."""

from .production import *

ROOT_URLCONF = "config.floor"
# The models the floor reads (users for the posts' foreign key); none of common's plumbing.
INSTALLED_APPS = ["users", "posts"]
MIDDLEWARE: list[str] = []
