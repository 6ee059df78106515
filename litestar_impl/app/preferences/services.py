"""Business rules for the settings resource."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.conditional import make_etag, require_match
from app.db import utcnow
from app.preferences.models import DEFAULTS, Preferences
from app.users.models import User


def preferences_etag(preferences: Preferences) -> str:
    return make_etag(preferences.user_id, preferences.version)


def preferences_create_default(*, session: AsyncSession, user: User) -> Preferences:
    """The defaults, dated like the user; the caller commits."""
    preferences = Preferences(user_id=user.id, updated_at=user.created_at, **DEFAULTS)
    session.add(preferences)
    return preferences


async def preferences_get(*, session: AsyncSession, user: User, lock: bool = False) -> Preferences:
    preferences = await session.get(Preferences, user.id, with_for_update=lock)
    assert preferences is not None, "every user gets preferences when created"
    return preferences


async def preferences_update(
    *, session: AsyncSession, user: User, changes: dict[str, Any], if_match: str | None
) -> Preferences:
    """Apply `changes` (all fields for PUT, some for PATCH) if `if_match` still holds."""
    # Locked until the write commits: concurrent writers take turns (see posts.services._owned).
    preferences = await preferences_get(session=session, user=user, lock=True)
    require_match(if_match, preferences_etag(preferences))
    for field, value in changes.items():
        setattr(preferences, field, value)
    preferences.updated_at = utcnow()
    await session.commit()
    return preferences


async def preferences_store_check(*, session: AsyncSession) -> None:
    """Raise if the settings table cannot be read."""
    await session.execute(select(Preferences.user_id).limit(1))
