"""Business rules for users: registration, token lookup, profiles, deletion."""

import hashlib
import secrets

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.posts.models import Post
from app.preferences.models import Preferences
from app.preferences.services import preferences_create_default
from app.users.models import User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def user_create(*, session: AsyncSession, username: str, display_name: str) -> tuple[User, str]:
    """Create a user with default settings; return it with its token, which is not stored."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    user = User(username=username, display_name=display_name, token_hash=hash_token(token), created_at=now)
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        # The unique index decides, so two racing registrations cannot both win.
        await session.rollback()
        raise Conflict(f"The username {username!r} is taken.") from None
    preferences_create_default(session=session, user_id=user.id, now=now)
    await session.commit()
    return user, token


async def user_get_by_token(*, session: AsyncSession, token: str) -> User | None:
    return await session.scalar(select(User).where(User.token_hash == hash_token(token)))


async def user_get_profile(*, session: AsyncSession, user_id: int) -> tuple[User, int]:
    """The user and how many posts they have."""
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    post_count = await session.scalar(select(func.count()).select_from(Post).where(Post.author_id == user_id))
    return user, post_count or 0


async def user_delete(*, session: AsyncSession, actor: User, user_id: int) -> None:
    """Delete the actor's own account with its posts and settings; its token dies with it."""
    if user_id != actor.id:
        if await session.get(User, user_id) is None:
            raise NotFound(f"There is no user {user_id}.")
        raise Forbidden("You can delete only your own account.")
    await session.execute(delete(Post).where(Post.author_id == user_id))
    await session.execute(delete(Preferences).where(Preferences.user_id == user_id))
    await session.execute(delete(User).where(User.id == user_id))
    await session.commit()
