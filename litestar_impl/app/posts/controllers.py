"""HTTP handlers for posts (listPosts, createPost, getPost, replacePost, updatePost, deletePost)."""

from typing import Annotated, Any

import msgspec
from litestar import Controller, Response, delete, patch, post, put, route
from litestar.params import HeaderParameter, JSONBody, PathParameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import CurrentUser
from app.conditional import none_match, not_modified
from app.config import ConfigDep
from app.db import Session
from app.http import GET_HEAD, decimal_query
from app.openapi import BEARER, LOCATION, NOT_MODIFIED, etag_header, problem_responses
from app.posts.models import Post
from app.posts.pagination import CURSOR_PATTERN, CursorCodec
from app.posts.schemas import PostCreate, PostOut, PostPageOut, PostPatch, PostReplace
from app.posts.services import post_create, post_delete, post_etag, post_get, post_list, post_update
from app.schemas import MAX_ID
from app.users.models import User

PostId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]
IfMatch = Annotated[
    str | None,
    HeaderParameter(name="If-Match", description="Apply the change only if the post still has this ETag (or *)."),
]
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(name="If-None-Match", description="Answer 304 if the post still has this ETag (or *)."),
]
CHANGED: dict[str, Any] = {
    "security": BEARER,
    "response_headers": [etag_header("post")],
    "responses": problem_responses(400, 401, 403, 404, 412, 413, 415, 422),
}


class PostController(Controller):
    path = "/api/posts"
    tags = ["posts"]

    @route(
        http_method=GET_HEAD,
        exclude_from_auth=True,
        before_request=decimal_query("limit", "author_id"),
        summary="List posts, newest first, one page at a time",
        responses=problem_responses(400, 422),
    )
    async def list_posts(
        self,
        session: Session,
        config: ConfigDep,
        limit: Annotated[int, QueryParameter(ge=1, le=100, description="Posts per page.")] = 20,
        cursor: Annotated[
            str | None,
            QueryParameter(
                min_length=24,
                max_length=503,
                pattern=CURSOR_PATTERN,
                description="The `next_cursor` of the previous page.",
            ),
        ] = None,
        author_id: Annotated[int | None, QueryParameter(ge=1, le=MAX_ID, description="Only posts by this user.")] = (
            None
        ),
    ) -> PostPageOut:
        """Keyset pagination: a page costs the same at any depth and any table size. Pass the
        previous page's `next_cursor` as `cursor` to read on. A `cursor` not of a cursor's shape
        fails validation like any query parameter (422, naming `cursor`); one of that shape that
        this server did not issue, or that was altered, gets 400.
        """
        codec = CursorCodec(config.secret_key)
        posts, next_cursor = await post_list(
            session=session, codec=codec, limit=limit, cursor=cursor, author_id=author_id
        )
        return PostPageOut(items=[_out(post) for post in posts], next_cursor=next_cursor)

    @post(
        summary="Write a post",
        security=BEARER,
        response_headers=[etag_header("post"), LOCATION],
        responses=problem_responses(400, 401, 413, 415, 422),
    )
    async def create_post(self, data: JSONBody[PostCreate], user: CurrentUser, session: Session) -> Response[PostOut]:
        post = await post_create(session=session, author=user, title=data.title, content=data.content, tags=data.tags)
        return Response(
            _out(post), status_code=201, headers={"ETag": post_etag(post), "Location": f"/api/posts/{post.id}"}
        )

    @route(
        "/{post_id:int}",
        http_method=GET_HEAD,
        exclude_from_auth=True,
        summary="Read a post",
        response_headers=[etag_header("post")],
        responses={**NOT_MODIFIED, **problem_responses(400, 404)},
    )
    async def get_post(self, post_id: PostId, session: Session, if_none_match: IfNoneMatch = None) -> Response[PostOut]:
        post = await post_get(session=session, post_id=post_id)
        etag = post_etag(post)
        if none_match(if_none_match, etag):
            return not_modified(etag)  # type: ignore[return-value]
        return Response(_out(post), headers={"ETag": etag})

    @put("/{post_id:int}", summary="Replace your post", **CHANGED)
    async def replace_post(
        self,
        post_id: PostId,
        data: JSONBody[PostReplace],
        user: CurrentUser,
        session: Session,
        if_match: IfMatch = None,
    ) -> Response[PostOut]:
        return await _post_update(session, user, post_id, msgspec.structs.asdict(data), if_match)

    @patch("/{post_id:int}", summary="Change some fields of your post (JSON merge patch)", **CHANGED)
    async def update_post(
        self, post_id: PostId, data: JSONBody[PostPatch], user: CurrentUser, session: Session, if_match: IfMatch = None
    ) -> Response[PostOut]:
        return await _post_update(session, user, post_id, data.changes(), if_match)

    @delete(
        "/{post_id:int}",
        summary="Delete your post",
        security=BEARER,
        responses=problem_responses(400, 401, 403, 404, 412),
    )
    async def delete_post(self, post_id: PostId, user: CurrentUser, session: Session, if_match: IfMatch = None) -> None:
        await post_delete(session=session, actor=user, post_id=post_id, if_match=if_match)


async def _post_update(
    session: AsyncSession, user: User, post_id: int, changes: dict[str, Any], if_match: str | None
) -> Response[PostOut]:
    post = await post_update(session=session, actor=user, post_id=post_id, changes=changes, if_match=if_match)
    return Response(_out(post), headers={"ETag": post_etag(post)})


def _out(post: Post) -> PostOut:
    return msgspec.convert(post, PostOut, from_attributes=True)
