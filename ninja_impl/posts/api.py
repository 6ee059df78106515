"""The posts router: listPosts, createPost, getPost, replacePost, updatePost, deletePost."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from common.conditional import IF_MATCH, IF_NONE_MATCH, none_match, not_modified
from common.openapi import documented
from posts.models import Post
from posts.pagination import CursorCodec
from posts.schemas import PostCreateIn, PostListQuery, PostOut, PostPageOut, PostPatchIn, PostReplaceIn
from posts.selectors import post_get, post_list
from posts.services import post_create, post_delete, post_etag, post_update

router = Router(tags=["posts"])
ETAG = ("ETag",)
WRITE_PROBLEMS = (400, 401, 403, 404, 412, 413, 415, 422)


@router.get(
    "",
    auth=None,
    response=PostPageOut,
    summary="List posts, newest first, one page at a time",
    openapi_extra=documented(400, 422),
)
def list_posts(request: HttpRequest, query: Query[PostListQuery]) -> dict[str, Any]:
    """Keyset pagination: a page costs the same at any depth and any table size. Pass the
    previous page's `next_cursor` as `cursor` to read on. A `cursor` not of a cursor's shape
    fails validation like any query parameter (422, naming `cursor`); one of that shape that
    this server did not issue, or that was altered, gets 400."""
    posts, next_cursor = post_list(codec=CursorCodec(settings.SECRET_KEY), **query.dict())
    return {"items": posts, "next_cursor": next_cursor}


@router.post(
    "",
    response={201: PostOut},
    summary="Write a post",
    openapi_extra=documented(400, 401, 413, 415, 422, headers={201: ("Location", "ETag")}),
)
def create_post(request: HttpRequest, payload: PostCreateIn, response: HttpResponse) -> Status:
    post = post_create(author=request.auth, **payload.dict())
    response["Location"] = f"/api/posts/{post.id}"
    response["ETag"] = post_etag(post)
    return Status(201, post)


@router.get(
    "/{int:post_id}",
    auth=None,
    response={200: PostOut, 304: None},
    summary="Read a post",
    openapi_extra=documented(400, 404, headers={200: ETAG, 304: ETAG}),
)
def get_post(
    request: HttpRequest, post_id: int, response: HttpResponse, if_none_match: str | None = IF_NONE_MATCH
) -> Post | HttpResponse:
    post = post_get(post_id=post_id)
    etag = post_etag(post)
    if none_match(if_none_match, etag):
        return not_modified(etag)
    response["ETag"] = etag
    return post


def _post_update(
    request: HttpRequest, response: HttpResponse, post_id: int, changes: dict[str, Any], if_match: str | None
) -> Post:
    """replacePost and updatePost: all fields, or those a JSON merge patch names."""
    post = post_update(actor=request.auth, post_id=post_id, changes=changes, if_match=if_match)
    response["ETag"] = post_etag(post)
    return post


@router.put(
    "/{int:post_id}",
    response=PostOut,
    summary="Replace your post",
    openapi_extra=documented(*WRITE_PROBLEMS, headers={200: ETAG}),
)
def replace_post(
    request: HttpRequest, post_id: int, payload: PostReplaceIn, response: HttpResponse, if_match: str | None = IF_MATCH
) -> Post:
    return _post_update(request, response, post_id, payload.dict(), if_match)


@router.patch(
    "/{int:post_id}",
    response=PostOut,
    summary="Change some fields of your post (JSON merge patch)",
    openapi_extra=documented(*WRITE_PROBLEMS, headers={200: ETAG}, merge_patch=PostPatchIn.__name__),
)
def update_post(
    request: HttpRequest, post_id: int, payload: PostPatchIn, response: HttpResponse, if_match: str | None = IF_MATCH
) -> Post:
    return _post_update(request, response, post_id, payload.dict(exclude_unset=True), if_match)


@router.delete(
    "/{int:post_id}",
    response={204: None},
    summary="Delete your post",
    openapi_extra=documented(400, 401, 403, 404, 412),
)
def delete_post(request: HttpRequest, post_id: int, if_match: str | None = IF_MATCH) -> Status:
    post_delete(actor=request.auth, post_id=post_id, if_match=if_match)
    return Status(204, None)
