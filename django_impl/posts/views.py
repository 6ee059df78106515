"""Views for posts, an APIView per operation: listPosts, createPost, getPost, replacePost, updatePost, deletePost."""

from django.conf import settings
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.conditional import none_match, not_modified
from common.errors import QueryParameterError
from common.openapi import IF_MATCH, IF_NONE_MATCH, LOCATION, NOT_MODIFIED, etag_header, problem_responses
from common.parsers import JSONParser, MergePatchParser
from posts.pagination import CursorCodec
from posts.selectors import post_get, post_list
from posts.serializers import (
    PostCreateSerializer,
    PostListQuerySerializer,
    PostPageSerializer,
    PostReplaceSerializer,
    PostSerializer,
)
from posts.services import post_create, post_delete, post_etag, post_update

WRITE_PROBLEMS = problem_responses(400, 401, 403, 404, 412, 413, 415, 422)


class PostListApi(APIView):
    """listPosts."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="listPosts",
        summary="List posts, newest first, one page at a time",
        description="Keyset pagination: a page costs the same at any depth and any table size. Pass the\n"
        "previous page's `next_cursor` as `cursor` to read on. A `cursor` not of a cursor's shape\n"
        "fails validation like any query parameter (422, naming `cursor`); one of that shape that\n"
        "this server did not issue, or that was altered, gets 400.\n",
        tags=["posts"],
        parameters=[PostListQuerySerializer],
        responses={200: PostPageSerializer, **problem_responses(400, 422)},
    )
    def get(self, request: Request) -> Response:
        # A plain dict: DRF reads a QueryDict as an HTML form, where "?cursor=" would mean "not sent".
        query = PostListQuerySerializer(data=request.query_params.dict())
        if not query.is_valid():
            raise QueryParameterError(query.errors)
        params = query.validated_data
        posts, next_cursor = post_list(
            codec=CursorCodec(settings.SECRET_KEY),
            limit=params["limit"],
            cursor=params.get("cursor"),
            author_id=params.get("author_id"),
        )
        return Response(PostPageSerializer({"items": posts, "next_cursor": next_cursor}).data)


class PostCreateApi(APIView):
    """createPost."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        operation_id="createPost",
        summary="Write a post",
        tags=["posts"],
        request=PostCreateSerializer,
        parameters=[LOCATION, etag_header(201)],
        responses={201: PostSerializer, **problem_responses(400, 401, 413, 415, 422)},
    )
    def post(self, request: Request) -> Response:
        body = PostCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        post = post_create(author=request.user, **body.validated_data)
        return Response(
            PostSerializer(post).data,
            status=status.HTTP_201_CREATED,
            headers={"Location": f"/api/posts/{post.id}", "ETag": post_etag(post)},
        )


class PostGetApi(APIView):
    """getPost."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        operation_id="getPost",
        summary="Read a post",
        tags=["posts"],
        parameters=[IF_NONE_MATCH, etag_header(200, 304)],
        responses={200: PostSerializer, 304: NOT_MODIFIED, **problem_responses(400, 404)},
    )
    def get(self, request: Request, post_id: int) -> HttpResponse:
        post = post_get(post_id=post_id)
        etag = post_etag(post)
        if none_match(request.headers.get("If-None-Match"), etag):
            return not_modified(etag)
        return Response(PostSerializer(post).data, headers={"ETag": etag})


def _post_update(request: Request, post_id: int, *, partial: bool) -> Response:
    """replacePost and updatePost: all fields, or some (a JSON merge patch)."""
    body = PostReplaceSerializer(data=request.data, partial=partial)
    body.is_valid(raise_exception=True)
    post = post_update(
        actor=request.user, post_id=post_id, changes=body.validated_data, if_match=request.headers.get("If-Match")
    )
    return Response(PostSerializer(post).data, headers={"ETag": post_etag(post)})


class PostReplaceApi(APIView):
    """replacePost."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        operation_id="replacePost",
        summary="Replace your post",
        tags=["posts"],
        request=PostReplaceSerializer,
        parameters=[IF_MATCH, etag_header(200)],
        responses={200: PostSerializer, **WRITE_PROBLEMS},
    )
    def put(self, request: Request, post_id: int) -> Response:
        return _post_update(request, post_id, partial=False)


class PostUpdateApi(APIView):
    """updatePost."""

    permission_classes = (IsAuthenticated,)
    parser_classes = (JSONParser, MergePatchParser)

    @extend_schema(
        operation_id="updatePost",
        summary="Change some fields of your post (JSON merge patch)",
        tags=["posts"],
        request=PostReplaceSerializer,
        parameters=[IF_MATCH, etag_header(200)],
        responses={200: PostSerializer, **WRITE_PROBLEMS},
    )
    def patch(self, request: Request, post_id: int) -> Response:
        return _post_update(request, post_id, partial=True)


class PostDeleteApi(APIView):
    """deletePost."""

    permission_classes = (IsAuthenticated,)

    @extend_schema(
        operation_id="deletePost",
        summary="Delete your post",
        tags=["posts"],
        parameters=[IF_MATCH],
        responses={204: None, **problem_responses(400, 401, 403, 404, 412)},
    )
    def delete(self, request: Request, post_id: int) -> Response:
        post_delete(actor=request.user, post_id=post_id, if_match=request.headers.get("If-Match"))
        return Response(status=status.HTTP_204_NO_CONTENT)
