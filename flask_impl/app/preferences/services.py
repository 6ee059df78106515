"""Business rules for the settings resource."""

from typing import Any

from sqlalchemy import select

from app.conditional import make_etag, require_match
from app.db import db, utcnow
from app.preferences.models import DEFAULTS, Preferences
from app.users.models import User


def preferences_etag(preferences: Preferences) -> str:
    return make_etag(preferences.user_id, preferences.version)


def preferences_create_default(*, user: User) -> Preferences:
    """A new user's preferences, dated like the user (added, not committed: the caller commits with the user)."""
    preferences = Preferences(user_id=user.id, updated_at=user.created_at, **DEFAULTS)
    db.session.add(preferences)
    return preferences


def preferences_get(*, user: User, lock: bool = False) -> Preferences:
    preferences = db.session.get(Preferences, user.id, with_for_update=lock)
    assert preferences is not None, "every user gets preferences when created"
    return preferences


def preferences_update(*, user: User, changes: dict[str, Any], if_match: str | None) -> Preferences:
    """Apply `changes` (all fields for PUT, some for PATCH) if `if_match` still holds."""
    # Locked until the write commits: concurrent writers take turns (see posts.services._owned).
    preferences = preferences_get(user=user, lock=True)
    require_match(if_match, preferences_etag(preferences))
    for field, value in changes.items():
        setattr(preferences, field, value)
    preferences.updated_at = utcnow()
    db.session.commit()
    return preferences


def preferences_store_check() -> None:
    """Raise if the settings table cannot be read."""
    db.session.execute(select(Preferences.user_id).limit(1))
