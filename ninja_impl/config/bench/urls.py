"""For the comparison only: the floor's API, getPost's seven fields with Ninja bare (config.bench.floor serves it)."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path
from ninja import NinjaAPI

from common.parsers import JSONRenderer
from posts.models import Post
from posts.schemas import PostOut

# The API's renderer, so that the timestamps are written as getPost writes them (to the microsecond).
api = NinjaAPI(renderer=JSONRenderer(), openapi_url=None, docs_url=None, urls_namespace="floor")


@api.get("/healthcheck")
def healthcheck(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


@api.get("/json")
def json_message(request: HttpRequest) -> dict[str, str]:
    return {"message": "Hello, World!"}


@api.get("/posts/{int:post_id}", response=PostOut)
def get_post(request: HttpRequest, post_id: int) -> Post:
    return get_object_or_404(Post, pk=post_id)


urlpatterns = [path("", api.urls)]
