"""The API: one NinjaAPI with a Router per resource, its exception handlers, body checks and docs."""

from django.views.decorators.http import require_safe
from ninja import Swagger

from common import health
from common.auth import BearerAuth
from common.errors import HANDLERS
from common.openapi import ContractAPI
from common.parsers import JSONParser, JSONRenderer, read_json_body
from posts.api import router as posts_router
from preferences.api import router as preferences_router
from users.api import router as users_router

api = ContractAPI(
    title="Settings, posts and users API (Django Ninja)",
    version="1.0.0",
    # Every operation needs a token unless it says auth=None: one that forgets is closed, not open.
    auth=BearerAuth(),
    parser=JSONParser(),
    renderer=JSONRenderer(),
    docs=Swagger(settings={"persistAuthorization": True}),
    # /openapi.json and /docs answer GET and HEAD; other methods get 405 (common.http).
    docs_decorator=require_safe,
    urls_namespace="api",
)
for exception, handler in HANDLERS.items():
    api.add_exception_handler(exception, handler)
# View mode: before authentication, so a malformed body is a 400 with or without a valid token.
api.add_decorator(read_json_body, mode="view")

api.add_router("", health.router)
api.add_router("/api/users", users_router)
api.add_router("/api/settings", preferences_router)
api.add_router("/api/posts", posts_router)
