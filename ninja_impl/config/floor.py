"""For the comparison only: the same-shape floor, Ninja bare on this implementation's database settings and Post model.

What the load tests divide getPost by: the same seven fields of the same row through the same
response schema, with no authentication, ETag, middleware, CORS, body checks or problem
handlers. Served by `manage.py serve --app config.floor:application` (manifest.toml's
floor_command and floor_app). A copier drops it, with config/settings/floor.py.
"""

import os

from django.core.wsgi import get_wsgi_application

# Its own settings, whatever the environment names (serve drops DJANGO_SETTINGS_MODULE for another app).
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.floor"
application = get_wsgi_application()

# Imported once Django is set up.
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path
from ninja import NinjaAPI

from common.parsers import JSONRenderer
from config.policy import log_database_policy
from posts.models import Post
from posts.schemas import PostOut

log_database_policy()
# The API's renderer, so that the timestamps are written as getPost writes them (to the microsecond).
api = NinjaAPI(renderer=JSONRenderer(), openapi_url=None, docs_url=None)


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
