"""The users table."""

from django.db import models


class User(models.Model):
    """An account; not django.contrib.auth's user (no password: a bearer token is its only credential)."""

    username = models.CharField(max_length=32, unique=True)
    display_name = models.CharField(max_length=100)
    # Only a SHA-256 of the token is kept: a leaked table grants no access.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()

    class Meta:
        db_table = "users"

    def __str__(self) -> str:
        return self.username
