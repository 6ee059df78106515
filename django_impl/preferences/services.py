"""Writes of the settings resource."""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common.conditional import make_etag, require_match
from common.errors import PreconditionFailed
from preferences.models import Preferences
from users.models import User


def preferences_etag(preferences: Preferences) -> str:
    return make_etag(preferences.user_id, preferences.version)


def preferences_create_default(*, user: User) -> Preferences:
    """The defaults, dated like the user: they have not changed since."""
    return Preferences.objects.create(user=user, updated_at=user.created_at)


def preferences_update(*, user: User, changes: dict[str, Any], if_match: str | None) -> Preferences:
    """Apply `changes` (all fields for PUT, some for PATCH) if `if_match` still holds."""
    with transaction.atomic():
        preferences = Preferences.objects.get(user=user)
        require_match(if_match, preferences_etag(preferences))
        now = timezone.now()
        # Optimistic locking: a write that committed since our read has changed the version.
        updated = Preferences.objects.filter(user=user, version=preferences.version).update(
            **changes, updated_at=now, version=F("version") + 1)
        if not updated:
            raise PreconditionFailed("The settings changed while this request ran; read them again.")
    for field, value in changes.items():
        setattr(preferences, field, value)
    preferences.updated_at = now
    preferences.version += 1
    return preferences
