"""Reads of users: by token, and by id."""

import hashlib

from common.errors import NotFound
from users.models import User


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_get_by_token(*, token: str) -> User | None:
    return User.objects.filter(token_hash=hash_token(token)).first()


def user_get(*, user_id: int) -> User:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound(f"There is no user {user_id}.")
    return user
