"""The application factory: routers, middleware, error handlers and the OpenAPI document."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.middleware import Middleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline

from app import health
from app.config import Config, get_config
from app.db import Database
from app.errors import install_error_handlers
from app.http import BodyLimitMiddleware, CorsMiddleware, HeadLimitMiddleware, MethodsMiddleware
from app.posts import routes as posts
from app.preferences import routes as preferences
from app.users import routes as users

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"}, "title": {"type": "string"}, "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object", "properties": {
            "pointer": {"type": "string"}, "parameter": {"type": "string"}, "message": {"type": "string"}}}},
    },
}


def operation_id(route: APIRoute) -> str:
    """The contract's camelCase operationId from the handler's name (create_post -> createPost)."""
    first, *rest = route.name.split("_")
    return first + "".join(word.title() for word in rest)


def _drop_default_validation_responses(schema: dict[str, Any]) -> None:
    # FastAPI documents a 422 wherever a route has parameters; ours declare their own problems,
    # and invalid path ids answer 404 (see errors.py), so FastAPI's generic entries are removed.
    for item in schema["paths"].values():
        for operation in item.values():
            default = operation["responses"].get("422", {}).get("content", {}).get("application/json")
            if default is not None:
                del operation["responses"]["422"]
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)


def create_app(config: Config | None = None) -> FastAPI:
    config = config or get_config()
    database = Database(config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await database.dispose()

    middleware = [
        Middleware(HeadLimitMiddleware),
        Middleware(BodyLimitMiddleware, max_body_bytes=config.max_body_bytes),
        Middleware(MethodsMiddleware, cors_origins=config.cors_allow_origins),
    ]
    if config.cors_allow_origins:
        middleware.append(Middleware(
            CorsMiddleware, allow_origins=config.cors_allow_origins, max_age=600,
            allow_methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"],
            expose_headers=["ETag", "Location"],
        ))
    app = FastAPIOffline(
        title="Settings, posts and users API (FastAPI)",
        version="1.0.0",
        lifespan=lifespan,
        middleware=middleware,
        redirect_slashes=False,  # the contract's paths exactly: /api/posts/ is not /api/posts
        generate_unique_id_function=operation_id,
        swagger_ui_parameters={"persistAuthorization": True},
    )
    app.state.config = config
    app.state.database = database
    for module in (health, users, preferences, posts):
        app.include_router(module.router)
    install_error_handlers(app)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            schema["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
            _drop_default_validation_responses(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
