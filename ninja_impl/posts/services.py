"""Writes of posts: creating, changing and deleting one's own."""

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common.conditional import make_etag, require_match
from common.errors import Forbidden
from posts.models import Post
from posts.selectors import post_get
from users.models import User


def post_etag(post: Post) -> str:
    return make_etag(post.id, post.version)


def post_create(*, author: User, title: str, content: str, tags: list[str]) -> Post:
    now = timezone.now()
    with transaction.atomic():
        return Post.objects.create(
            author=author, title=title, content=content, tags=tags, created_at=now, updated_at=now
        )


def _owned(*, actor: User, post_id: int, if_match: str | None) -> Post:
    # Locked until the transaction ends: concurrent writers of the post take turns, each reading
    # what the one before it wrote (PostgreSQL; on SQLite, BEGIN IMMEDIATE serializes writers).
    post = post_get(post_id=post_id, lock=True)
    # Ownership before preconditions: a stranger learns nothing from a stale If-Match.
    if post.author_id != actor.id:
        raise Forbidden("Only the author can change or delete this post.")
    require_match(if_match, post_etag(post))
    return post


def post_update(*, actor: User, post_id: int, changes: dict[str, Any], if_match: str | None) -> Post:
    """Apply `changes` (all fields for PUT, some for PATCH) to the actor's own post."""
    with transaction.atomic():
        post = _owned(actor=actor, post_id=post_id, if_match=if_match)
        now = timezone.now()
        Post.objects.filter(pk=post.pk).update(**changes, updated_at=now, version=F("version") + 1)
    for field, value in changes.items():
        setattr(post, field, value)
    post.updated_at = now
    post.version += 1
    return post


def post_delete(*, actor: User, post_id: int, if_match: str | None) -> None:
    with transaction.atomic():
        post = _owned(actor=actor, post_id=post_id, if_match=if_match)
        post.delete()
