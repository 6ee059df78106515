"""Business rules for users: registration, token lookup, reading, deletion.

Users are the base resource: this module imports no other resource; posts and preferences refer
to users, and the handlers compose their services (createUser, getUserProfile).
"""

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.db import db, get_by_id, utcnow
from app.errors import Conflict, Forbidden, NotFound
from app.users.models import User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_create(*, username: str, display_name: str) -> tuple[User, str]:
    """A new user (flushed, not committed: the caller commits) and its token, which is not stored."""
    token = secrets.token_urlsafe(32)
    user = User(username=username, display_name=display_name, token_hash=hash_token(token), created_at=utcnow())
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:
        # The unique index decides, so two racing registrations cannot both win.
        db.session.rollback()
        raise Conflict(f"The username {username!r} is taken.") from None
    return user, token


def user_get_by_token(*, token: str) -> User | None:
    return db.session.scalar(select(User).where(User.token_hash == hash_token(token)))


def user_get(*, user_id: int) -> User:
    user = get_by_id(User, user_id)
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return user


def user_delete(*, actor: User, user_id: int) -> None:
    """Delete the actor's own account; its token dies with it.

    Only the user's row: the foreign keys' ON DELETE CASCADE removes its posts and preferences
    (SQLite enforces it because every connection turns foreign_keys on; see app.db).
    """
    if user_id != actor.id:
        user_get(user_id=user_id)  # somebody else's account is a 403, nobody's a 404
        raise Forbidden("You can delete only your own account.")
    db.session.delete(actor)
    db.session.commit()
