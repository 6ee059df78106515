"""Reads of the settings resource."""

from preferences.models import Preferences
from users.models import User


def preferences_get(*, user: User, lock: bool = False) -> Preferences:
    """The user's preferences; `lock` holds their row (SELECT ... FOR UPDATE) until the transaction ends."""
    preferences = Preferences.objects.select_for_update() if lock else Preferences.objects
    return preferences.get(user=user)  # every user gets preferences when created


def preferences_store_check() -> None:
    """Raise if the settings table cannot be read."""
    Preferences.objects.exists()
