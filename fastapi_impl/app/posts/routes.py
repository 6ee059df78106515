"""HTTP routes for posts (listPosts, createPost, getPost, replacePost, updatePost, deletePost)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import CurrentUser
from app.conditional import none_match, not_modified
from app.deps import ConfigDep, Id, IfMatch, IfNoneMatch, JsonBody, SessionDep
from app.http import JsonRoute
from app.openapi import LOCATION, conditional_read, etag_header, merge_patch, problem_responses
from app.posts.models import Post
from app.posts.pagination import CursorCodec
from app.posts.schemas import Cursor, PostCreate, PostOut, PostPageOut, PostPatch, PostReplace
from app.posts.services import post_create, post_delete, post_etag, post_get, post_list, post_update
from app.schemas import QueryInt
from app.users.models import User

router = APIRouter(prefix="/api/posts", tags=["posts"], route_class=JsonRoute)
CHANGED = {200: {"headers": etag_header("post")}, **problem_responses(400, 401, 403, 404, 412, 413, 415, 422)}


@router.get(
    "",
    response_model=PostPageOut,
    summary="List posts, newest first, one page at a time",
    responses=problem_responses(400, 422),
)
async def list_posts(
    session: SessionDep,
    config: ConfigDep,
    limit: Annotated[QueryInt, Query(ge=1, le=100, description="Posts per page.")] = 20,
    cursor: Annotated[Cursor | None, Query(description="The `next_cursor` of the previous page.")] = None,
    author_id: Annotated[QueryInt | None, Query(ge=1, le=2**63 - 1, description="Only posts by this user.")] = None,
) -> PostPageOut:
    """Keyset pagination: a page costs the same at any depth and any table size. Pass the
    previous page's `next_cursor` as `cursor` to read on. A `cursor` not of a cursor's shape
    fails validation like any query parameter (422, naming `cursor`); one of that shape that
    this server did not issue, or that was altered, gets 400.
    """
    posts, next_cursor = await post_list(
        session=session, codec=CursorCodec(config.secret_key), limit=limit, cursor=cursor, author_id=author_id
    )
    return PostPageOut(items=[PostOut.model_validate(post) for post in posts], next_cursor=next_cursor)


@router.post(
    "",
    status_code=201,
    response_model=PostOut,
    dependencies=[JsonBody],
    summary="Write a post",
    responses={201: {"headers": {**etag_header("post"), **LOCATION}}, **problem_responses(400, 401, 413, 415, 422)},
)
async def create_post(body: PostCreate, user: CurrentUser, session: SessionDep, response: Response) -> Any:
    post = await post_create(session=session, author=user, title=body.title, content=body.content, tags=body.tags)
    response.headers["Location"] = f"/api/posts/{post.id}"
    response.headers["ETag"] = post_etag(post)
    return post


@router.get(
    "/{post_id:int}", response_model=PostOut, summary="Read a post", responses=conditional_read("post", 400, 404)
)
async def get_post(post_id: Id, session: SessionDep, response: Response, if_none_match: IfNoneMatch = None) -> Any:
    post = await post_get(session=session, post_id=post_id)
    etag = post_etag(post)
    if none_match(if_none_match, etag):
        return not_modified(etag)
    response.headers["ETag"] = etag
    return post


async def _post_update(
    *,
    post_id: int,
    body: PostReplace | PostPatch,
    user: User,
    session: AsyncSession,
    response: Response,
    if_match: str | None,
) -> Post:
    """replacePost and updatePost: every field, or those the merge patch sends."""
    changes = body.model_dump(exclude_unset=True)  # a PostReplace has every field set
    post = await post_update(session=session, actor=user, post_id=post_id, changes=changes, if_match=if_match)
    response.headers["ETag"] = post_etag(post)
    return post


@router.put(
    "/{post_id:int}", response_model=PostOut, dependencies=[JsonBody], summary="Replace your post", responses=CHANGED
)
async def replace_post(
    post_id: Id, body: PostReplace, user: CurrentUser, session: SessionDep, response: Response, if_match: IfMatch = None
) -> Any:
    return await _post_update(
        post_id=post_id, body=body, user=user, session=session, response=response, if_match=if_match
    )


@router.patch(
    "/{post_id:int}",
    response_model=PostOut,
    dependencies=[JsonBody],
    openapi_extra=merge_patch("PostPatch"),
    summary="Change some fields of your post (JSON merge patch)",
    responses=CHANGED,
)
async def update_post(
    post_id: Id, body: PostPatch, user: CurrentUser, session: SessionDep, response: Response, if_match: IfMatch = None
) -> Any:
    return await _post_update(
        post_id=post_id, body=body, user=user, session=session, response=response, if_match=if_match
    )


@router.delete(
    "/{post_id:int}", status_code=204, summary="Delete your post", responses=problem_responses(400, 401, 403, 404, 412)
)
async def delete_post(post_id: Id, user: CurrentUser, session: SessionDep, if_match: IfMatch = None) -> None:
    await post_delete(session=session, actor=user, post_id=post_id, if_match=if_match)
