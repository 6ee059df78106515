"""For the comparison only: the floor's views, getPost's seven fields with DRF bare (config.bench.floor serves them)."""

from django.http import Http404
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from posts.models import Post

FIELDS = ("id", "author_id", "title", "content", "tags", "created_at", "updated_at")


class Healthcheck(APIView):
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})


class Json(APIView):
    def get(self, request: Request) -> Response:
        return Response({"message": "Hello, World!"})


class PostGet(APIView):
    def get(self, request: Request, post_id: int) -> Response:
        post = Post.objects.filter(pk=post_id).values(*FIELDS).first()
        if post is None:
            raise Http404
        # DRF's JSON encoder writes datetimes as PostSerializer does (ISO 8601, "Z" for UTC).
        return Response(post)


urlpatterns = [
    path("healthcheck", Healthcheck.as_view()),
    path("json", Json.as_view()),
    path("posts/<int:post_id>", PostGet.as_view()),
]
