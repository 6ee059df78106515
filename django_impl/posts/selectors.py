"""Reads of posts: one post, one page of the newest first, and how many a user wrote."""

from django.db.models import Q

from common.errors import NotFound
from posts.models import Post
from posts.pagination import CursorCodec


def post_get(*, post_id: int, lock: bool = False) -> Post:
    """The post; `lock` holds its row (SELECT ... FOR UPDATE) until the transaction ends.

    An id past the column's range finds nothing without a query (Django's lookups know the range).
    """
    posts = Post.objects.select_for_update() if lock else Post.objects
    post = posts.filter(pk=post_id).first()
    if post is None:
        raise NotFound(f"There is no post {post_id}.")
    return post


def post_list(
    *, codec: CursorCodec, limit: int, cursor: str | None, author_id: int | None
) -> tuple[list[Post], str | None]:
    """One page, newest first, and the next page's cursor (None on the last one); `codec` reads and writes them."""
    posts = Post.objects.order_by("-created_at", "-id")
    if author_id is not None:
        posts = posts.filter(author_id=author_id)
    if cursor is not None:
        created_at, post_id = codec.decode(cursor)
        # (created_at, id) < (c, i), spelled so the index is walked from the cursor on: no OFFSET.
        posts = posts.filter(created_at__lte=created_at).filter(Q(created_at__lt=created_at) | Q(id__lt=post_id))
    page = list(posts[: limit + 1])  # one more than asked tells whether a next page exists
    if len(page) <= limit:
        return page, None
    last = page[limit - 1]
    return page[:limit], codec.encode(last.created_at, last.id)


def post_count(*, author_id: int) -> int:
    return Post.objects.filter(author_id=author_id).count()
