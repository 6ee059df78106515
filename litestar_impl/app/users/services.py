"""Business rules for users: registration, token lookup, profiles, deletion (the base resource: it imports no other)."""

import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.users.models import User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def user_create(*, session: AsyncSession, username: str, display_name: str) -> tuple[User, str]:
    """Add a user and return it with its token, which is not stored; the caller commits."""
    token = secrets.token_urlsafe(32)
    user = User(username=username, display_name=display_name, token_hash=hash_token(token), created_at=utcnow())
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        # The unique index decides, so two racing registrations cannot both win.
        await session.rollback()
        raise Conflict(f"The username {username!r} is taken.") from None
    return user, token


async def user_get_by_token(*, session: AsyncSession, token: str) -> User | None:
    return await session.scalar(select(User).where(User.token_hash == hash_token(token)))


async def user_get(*, session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return user


async def user_delete(*, session: AsyncSession, actor: User, user_id: int) -> None:
    """Delete the actor's own account; its token dies with it, its posts and settings by ON DELETE CASCADE."""
    if user_id != actor.id:
        await user_get(session=session, user_id=user_id)  # 404 before 403: a stranger's id exists
        raise Forbidden("You can delete only your own account.")
    await session.execute(delete(User).where(User.id == user_id))
    await session.commit()
