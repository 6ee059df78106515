"""The preferences table: one row per user, created with the user."""

from django.db import models

from users.models import User


class Theme(models.TextChoices):
    LIGHT = "light"
    DARK = "dark"
    SYSTEM = "system"


class Preferences(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="preferences")
    theme = models.CharField(max_length=6, choices=Theme, default=Theme.SYSTEM)
    language = models.CharField(max_length=35, default="en")
    timezone = models.CharField(max_length=64, default="UTC")
    notifications_enabled = models.BooleanField(default=True)
    items_per_page = models.PositiveSmallIntegerField(default=20)
    # Bumped by every write, it makes the ETag; writers hold the row's lock while they read and
    # write it (preferences.services), so each sees the version the one before it wrote.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "preferences"
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"preferences of user {self.user_id}"
