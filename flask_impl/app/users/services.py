"""Business rules for users: registration, token lookup, profiles, deletion."""

import hashlib
import secrets

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import Conflict, Forbidden, NotFound

from app.db import db, get_by_id, utcnow
from app.posts.models import Post
from app.preferences.models import Preferences
from app.preferences.services import preferences_create_default
from app.users.models import User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_create(*, username: str, display_name: str) -> tuple[User, str]:
    """Create a user with default settings; return it with its token, which is not stored."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    user = User(username=username, display_name=display_name, token_hash=hash_token(token), created_at=now)
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # The unique index decides, so two racing registrations cannot both win.
        db.session.rollback()
        raise Conflict(f"The username {username!r} is taken.") from None
    preferences_create_default(user_id=user.id, now=now)
    db.session.commit()
    return user, token


def user_get_by_token(*, token: str) -> User | None:
    return db.session.scalar(select(User).where(User.token_hash == hash_token(token)))


def user_get_profile(*, user_id: int) -> tuple[User, int]:
    """The user and how many posts they have."""
    user = get_by_id(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    post_count = db.session.scalar(select(func.count()).select_from(Post).where(Post.author_id == user_id))
    return user, post_count or 0


def user_delete(*, actor: User, user_id: int) -> None:
    """Delete the actor's own account with its posts and settings; its token dies with it."""
    if user_id != actor.id:
        if get_by_id(User, user_id) is None:
            raise NotFound(f"There is no user {user_id}.")
        raise Forbidden("You can delete only your own account.")
    db.session.execute(delete(Post).where(Post.author_id == user_id))
    db.session.execute(delete(Preferences).where(Preferences.user_id == user_id))
    db.session.execute(delete(User).where(User.id == user_id))
    db.session.commit()
