"""Reads of the settings resource."""

from preferences.models import Preferences
from users.models import User


def preferences_get(*, user: User, lock: bool = False) -> Preferences:
    """The user's preferences (every user gets them when created); `lock` holds the row until the transaction ends."""
    preferences = Preferences.objects.select_for_update() if lock else Preferences.objects
    return preferences.get(user=user)


def preferences_store_check() -> None:
    """Raise if the settings table cannot be read."""
    Preferences.objects.exists()
