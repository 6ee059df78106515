"""HTTP routes for posts (listPosts, createPost, getPost, replacePost, updatePost, deletePost)."""

from typing import Any

from flask import current_app, request
from flask.views import MethodView

from app.auth import current_user, login_required
from app.conditional import none_match, not_modified
from app.http import Blueprint, no_content
from app.openapi import ETAG, merge_patch, problem_responses
from app.posts.pagination import CursorCodec
from app.posts.schemas import (
    PostCreateSchema,
    PostListQuerySchema,
    PostPageSchema,
    PostPatchSchema,
    PostReplaceSchema,
    PostSchema,
)
from app.posts.services import post_create, post_delete, post_etag, post_get, post_list, post_update

blp = Blueprint("posts", __name__, url_prefix="/api/posts", description="Posts written by users, public to read.")


@blp.route("")
class Posts(MethodView):
    @blp.doc(operationId="listPosts")
    @blp.arguments(PostListQuerySchema, location="query")
    @blp.response(200, PostPageSchema)
    @problem_responses(400, 422)
    def get(self, args: dict[str, Any]) -> Any:
        """List posts, newest first, one page at a time

        Keyset pagination: a page costs the same at any depth and any table size. Pass the
        previous page's `next_cursor` as `cursor` to read on. A `cursor` not of a cursor's shape
        fails validation like any query parameter (422, naming `cursor`); one of that shape that
        this server did not issue, or that was altered, gets 400.
        """
        posts, next_cursor = post_list(
            codec=CursorCodec(current_app.config["SECRET_KEY"]),
            limit=args["limit"],
            cursor=args.get("cursor"),
            author_id=args.get("author_id"),
        )
        return {"items": posts, "next_cursor": next_cursor}

    @blp.doc(operationId="createPost")
    @login_required
    @blp.arguments(PostCreateSchema)
    @blp.response(201, PostSchema, headers={**ETAG, "Location": "Location"})
    @problem_responses(400, 401, 413, 415, 422)
    def post(self, body: dict[str, Any]) -> Any:
        """Write a post"""
        post = post_create(author=current_user(), **body)
        return post, {"Location": f"/api/posts/{post.id}", "ETag": post_etag(post)}


def _post_update(post_id: int, changes: dict[str, Any]) -> Any:
    """replacePost and updatePost: every field, or some (a JSON merge patch)."""
    post = post_update(actor=current_user(), post_id=post_id, changes=changes, if_match=request.headers.get("If-Match"))
    return post, {"ETag": post_etag(post)}


@blp.route("/<id:post_id>")
class PostById(MethodView):
    @blp.doc(operationId="getPost", parameters=["IfNoneMatch"])
    @blp.response(200, PostSchema, headers=ETAG)
    @blp.alt_response(304, description="Not Modified", headers=ETAG)
    @problem_responses(400, 404)
    def get(self, post_id: int) -> Any:
        """Read a post"""
        post = post_get(post_id=post_id)
        etag = post_etag(post)
        if none_match(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        return post, {"ETag": etag}

    @blp.doc(operationId="replacePost", parameters=["IfMatch"])
    @login_required
    @blp.arguments(PostReplaceSchema)
    @blp.response(200, PostSchema, headers=ETAG)
    @problem_responses(400, 401, 403, 404, 412, 413, 415, 422)
    def put(self, changes: dict[str, Any], post_id: int) -> Any:
        """Replace your post"""
        return _post_update(post_id, changes)

    @blp.doc(operationId="updatePost", parameters=["IfMatch"], **merge_patch(PostPatchSchema))
    @login_required
    @blp.arguments(PostPatchSchema)
    @blp.response(200, PostSchema, headers=ETAG)
    @problem_responses(400, 401, 403, 404, 412, 413, 415, 422)
    def patch(self, changes: dict[str, Any], post_id: int) -> Any:
        """Change some fields of your post (JSON merge patch)"""
        return _post_update(post_id, changes)

    @blp.doc(operationId="deletePost", parameters=["IfMatch"])
    @login_required
    @blp.response(204)
    @problem_responses(400, 401, 403, 404, 412)
    def delete(self, post_id: int) -> Any:
        """Delete your post"""
        post_delete(actor=current_user(), post_id=post_id, if_match=request.headers.get("If-Match"))
        return no_content()
