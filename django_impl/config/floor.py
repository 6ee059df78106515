"""For the comparison only: the same-shape floor, DRF bare on this implementation's database settings and Post model.

What the load tests divide getPost by: the same seven fields of the same row, with no
authentication, ETag, middleware, CORS or body limit. Served by `manage.py serve --app
config.floor:application` (manifest.toml's floor_command and floor_app). A copier drops it, with
config/settings/floor.py.
"""

import os

from django.core.wsgi import get_wsgi_application

# Its own settings, whatever the environment names (serve drops DJANGO_SETTINGS_MODULE for another app).
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.floor"
application = get_wsgi_application()

# Imported once Django is set up.
from django.http import Http404
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.policy import log_database_policy
from posts.models import Post

log_database_policy()
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
