"""Business rules for the settings resource."""

from datetime import datetime
from typing import Any

from sqlalchemy import select

from app.conditional import entity_tag, require_match
from app.db import db, utcnow
from app.preferences.models import DEFAULTS, Preferences


def preferences_etag(preferences: Preferences) -> str:
    return entity_tag(preferences.user_id, preferences.version)


def preferences_create_default(*, user_id: int, now: datetime) -> Preferences:
    """A new user's preferences (added, not committed: the caller commits with the user)."""
    preferences = Preferences(user_id=user_id, updated_at=now, **DEFAULTS)
    db.session.add(preferences)
    return preferences


def preferences_get(*, user_id: int, lock: bool = False) -> Preferences:
    preferences = db.session.get(Preferences, user_id, with_for_update=lock)
    assert preferences is not None, "every user gets preferences when created"
    return preferences


def preferences_update(*, user_id: int, changes: dict[str, Any], if_match: str | None) -> Preferences:
    """Apply `changes` (all fields for PUT, some for PATCH) if `if_match` still holds."""
    # Locked until the write commits: concurrent writers take turns (see posts.services._owned).
    preferences = preferences_get(user_id=user_id, lock=True)
    require_match(if_match, preferences_etag(preferences), what="settings")
    for field, value in changes.items():
        setattr(preferences, field, value)
    preferences.updated_at = utcnow()
    db.session.commit()
    return preferences


def preferences_store_check() -> None:
    """Raise if the settings table cannot be read."""
    db.session.execute(select(Preferences.user_id).limit(1))
