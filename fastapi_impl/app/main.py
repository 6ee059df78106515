"""The application factory: routers, middleware, error handlers and the OpenAPI document."""

from fastapi import FastAPI
from fastapi.middleware import Middleware
from fastapi_offline import FastAPIOffline

from app import health
from app.bench.policy import log_policy_once
from app.config import get_config
from app.db import Database
from app.errors import install_error_handlers
from app.http import BodyLimitMiddleware, CorsMiddleware, HeadLimitMiddleware, MethodsMiddleware
from app.openapi import install_openapi, operation_id
from app.posts import routes as posts
from app.preferences import routes as preferences
from app.users import routes as users


def create_app() -> FastAPI:
    config = get_config()  # cached: routes read the same object through ConfigDep
    database = Database(config)
    log_policy_once(database.engine)  # for the comparison's reports only (app/bench): a copy drops this line

    middleware = [
        Middleware(HeadLimitMiddleware),
        Middleware(BodyLimitMiddleware, max_body_bytes=config.max_body_bytes),
        Middleware(MethodsMiddleware, cors_origins=config.cors_allow_origins),
    ]
    if config.cors_allow_origins:
        middleware.append(
            Middleware(
                CorsMiddleware,
                allow_origins=config.cors_allow_origins,
                max_age=600,
                allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
                allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"],
                expose_headers=["ETag", "Location"],
            )
        )
    app = FastAPIOffline(
        title="Settings, posts and users API (FastAPI)",
        version="1.0.0",
        lifespan=database.lifespan,
        middleware=middleware,
        redirect_slashes=False,  # the contract's paths exactly: /api/posts/ is not /api/posts
        generate_unique_id_function=operation_id,
        swagger_ui_parameters={"persistAuthorization": True},
    )
    app.state.database = database
    for module in (health, users, preferences, posts):
        app.include_router(module.router)
    install_error_handlers(app)

    install_openapi(app)
    return app
