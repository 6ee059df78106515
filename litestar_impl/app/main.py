"""The application factory: controllers, plugins, middleware, hooks and exception handlers."""

from functools import partial

from advanced_alchemy.extensions.litestar import SQLAlchemyPlugin
from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware

from app.auth import BearerTokenMiddleware, provide_user
from app.bodies import JsonBodyMiddleware, JsonRequest
from app.config import get_config
from app.db import admission, alchemy_config, open_first_connection, provide_session
from app.docs import docs, hidden_openapi_router
from app.errors import EXCEPTION_HANDLERS
from app.health import get_healthcheck
from app.http import RouteRulesMiddleware, cors_headers
from app.openapi import openapi_config
from app.posts.controllers import PostController
from app.preferences.controllers import PreferencesController
from app.users.controllers import UserController


def create_app() -> Litestar:
    config = get_config()
    alchemy = alchemy_config(config)
    turns = admission(config)
    openapi = openapi_config("Settings, posts and users API (Litestar)")
    openapi.openapi_router = hidden_openapi_router
    return Litestar(
        route_handlers=[get_healthcheck, UserController, PreferencesController, PostController, docs],
        plugins=[SQLAlchemyPlugin(config=alchemy)],
        dependencies={
            "session": Provide(provide_session),
            "user": Provide(provide_user, sync_to_thread=False),
            "config": Provide(get_config, sync_to_thread=False),
        },
        # In this order, after routing: the path's rules and OPTIONS, the body as transported
        # (413, 415, 400), then the token (401); the body's types are checked after (JsonRequest, 422).
        middleware=[
            RouteRulesMiddleware(cors_origins=config.cors_allow_origins),
            JsonBodyMiddleware(max_body_bytes=config.max_body_bytes),
            DefineMiddleware(BearerTokenMiddleware, alchemy=alchemy, admission=turns),
        ],
        state=State({"admission": turns}),
        request_class=JsonRequest,
        request_max_body_size=config.max_body_bytes,
        exception_handlers=EXCEPTION_HANDLERS,
        before_send=[cors_headers(config.cors_allow_origins)],
        on_startup=[partial(open_first_connection, alchemy)],
        openapi_config=openapi,
        logging_config=None,  # the server's (app/__main__.py)
    )
