"""Writes of users: registration and account deletion."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import NotFound, PermissionDenied

from common.errors import Conflict
from preferences.services import preferences_create_default
from users.models import User
from users.selectors import hash_token


def user_create(*, username: str, display_name: str) -> tuple[User, str]:
    """Create a user with default settings; return it with its token, which is not stored."""
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            user = User.objects.create(username=username, display_name=display_name,
                                       token_hash=hash_token(token), created_at=timezone.now())
            preferences_create_default(user=user)
    except IntegrityError:
        # The unique index decides, so two racing registrations cannot both win.
        raise Conflict(f"The username {username!r} is taken.") from None
    return user, token


def user_delete(*, actor: User, user_id: int) -> None:
    """Delete the actor's own account with its posts and settings; its token dies with it."""
    if user_id != actor.id:
        if not User.objects.filter(pk=user_id).exists():
            raise NotFound(f"There is no user {user_id}.")
        raise PermissionDenied("You can delete only your own account.")
    with transaction.atomic():
        # The posts and the settings go by cascade, in the same transaction.
        User.objects.filter(pk=actor.id).delete()
