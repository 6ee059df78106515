"""Writes of the settings resource."""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common.conditional import make_etag, require_match
from preferences.models import Preferences
from preferences.selectors import preferences_get
from users.models import User


def preferences_etag(preferences: Preferences) -> str:
    return make_etag(preferences.user_id, preferences.version)


def preferences_create_default(*, user: User) -> Preferences:
    """The defaults, dated like the user: they have not changed since."""
    return Preferences.objects.create(user=user, updated_at=user.created_at)


def preferences_update(*, user: User, changes: dict[str, Any], if_match: str | None) -> Preferences:
    """Apply `changes` (all fields for PUT, some for PATCH) if `if_match` still holds."""
    with transaction.atomic():
        # Locked until the transaction ends: concurrent writers take turns (see posts.services._owned).
        preferences = preferences_get(user=user, lock=True)
        require_match(if_match, preferences_etag(preferences))
        now = timezone.now()
        Preferences.objects.filter(user=user).update(**changes, updated_at=now, version=F("version") + 1)
    for field, value in changes.items():
        setattr(preferences, field, value)
    preferences.updated_at = now
    preferences.version += 1
    return preferences
