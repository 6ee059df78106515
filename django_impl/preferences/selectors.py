"""Reads of the settings resource."""

from preferences.models import Preferences
from users.models import User


def preferences_get(*, user: User) -> Preferences:
    return Preferences.objects.get(user=user)  # every user gets preferences when created


def preferences_store_check() -> None:
    """Raise if the settings table cannot be read."""
    Preferences.objects.exists()
