"""Business rules for posts: writing, reading, listing by keyset, changing and deleting."""

from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from app.conditional import make_etag, require_match
from app.db import utcnow
from app.errors import Forbidden, NotFound
from app.posts.models import Post
from app.posts.pagination import CursorCodec
from app.users.models import User


def post_etag(post: Post) -> str:
    return make_etag(post.id, post.version)


async def post_create(*, session: AsyncSession, author: User, title: str, content: str, tags: list[str]) -> Post:
    now = utcnow()
    post = Post(author_id=author.id, title=title, content=content, tags=tags, created_at=now, updated_at=now)
    session.add(post)
    await session.commit()
    return post


async def post_get(*, session: AsyncSession, post_id: int, lock: bool = False) -> Post:
    post = await session.get(Post, post_id, with_for_update=lock)
    if post is None:
        raise NotFound(f"There is no post {post_id}.")
    return post


async def post_count(*, session: AsyncSession, author_id: int) -> int:
    return await session.scalar(select(func.count()).select_from(Post).where(Post.author_id == author_id)) or 0


async def post_list(
    *, session: AsyncSession, codec: CursorCodec, limit: int, cursor: str | None, author_id: int | None
) -> tuple[list[Post], str | None]:
    """One page, newest first, and the cursor of the next page (None on the last one)."""
    query = select(Post).order_by(Post.created_at.desc(), Post.id.desc()).limit(limit + 1)
    if author_id is not None:
        query = query.where(Post.author_id == author_id)
    if cursor is not None:
        # A row comparison walks the (created_at, id) index from the cursor on: no OFFSET.
        query = query.where(tuple_(Post.created_at, Post.id) < tuple_(*codec.decode(cursor)))
    posts = list(await session.scalars(query))
    if len(posts) <= limit:
        return posts, None
    last = posts[limit - 1]
    return posts[:limit], codec.encode(last.created_at, last.id)


async def _owned(*, session: AsyncSession, actor: User, post_id: int, if_match: str | None) -> Post:
    # Locked until the write commits: concurrent writers of the post take turns, each reading what
    # the one before it wrote (PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes writers).
    post = await post_get(session=session, post_id=post_id, lock=True)
    # Ownership before preconditions: a stranger learns nothing from a stale If-Match.
    if post.author_id != actor.id:
        raise Forbidden("Only the author can change or delete this post.")
    require_match(if_match, post_etag(post))
    return post


async def post_update(
    *, session: AsyncSession, actor: User, post_id: int, changes: dict[str, Any], if_match: str | None
) -> Post:
    """Apply `changes` (all fields for PUT, some for PATCH) to the actor's own post."""
    post = await _owned(session=session, actor=actor, post_id=post_id, if_match=if_match)
    for field, value in changes.items():
        setattr(post, field, value)
    post.updated_at = utcnow()
    await session.commit()
    return post


async def post_delete(*, session: AsyncSession, actor: User, post_id: int, if_match: str | None) -> None:
    post = await _owned(session=session, actor=actor, post_id=post_id, if_match=if_match)
    await session.delete(post)
    await session.commit()
