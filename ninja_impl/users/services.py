"""Writes of users: registration and account deletion."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.errors import Conflict, Forbidden, NotFound
from users.models import User
from users.selectors import hash_token


def user_create(*, username: str, display_name: str) -> tuple[User, str]:
    """Create a user; return it with its token, which is not stored."""
    token = secrets.token_urlsafe(32)
    try:
        # A savepoint when the caller holds a transaction (createUser adds the user's preferences).
        with transaction.atomic():
            user = User.objects.create(
                username=username, display_name=display_name, token_hash=hash_token(token), created_at=timezone.now()
            )
    except IntegrityError:
        # The unique index decides, so two racing registrations cannot both win.
        raise Conflict(f"The username {username!r} is taken.") from None
    return user, token


def user_delete(*, actor: User, user_id: int) -> None:
    """Delete the actor's own account; its posts and preferences go by cascade, its token with it."""
    if user_id != actor.id:
        if not User.objects.filter(pk=user_id).exists():
            raise NotFound(f"There is no user {user_id}.")
        raise Forbidden("You can delete only your own account.")
    # Only the user row is named. Django 5.2 keeps ON DELETE CASCADE in the ORM rather than in the
    # schema: it deletes the rows whose foreign key has on_delete=CASCADE (posts, preferences) in
    # the same transaction, before the user's.
    with transaction.atomic():
        User.objects.filter(pk=actor.id).delete()
