"""Wire rules of every route that Litestar answers otherwise: exact paths, HEAD, OPTIONS, CORS, query integers."""

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from litestar import HttpMethod, Request
from litestar.datastructures import Headers, MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.exceptions import NotFoundException, ValidationException
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Litestar 2 routes HEAD only to handlers that name it; these answer it as GET without the body
# (uvicorn leaves the body out of any answer to HEAD).
GET_HEAD = [HttpMethod.GET, HttpMethod.HEAD]
CORS_METHODS = "DELETE, GET, HEAD, PATCH, POST, PUT"
CORS_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match"


class RouteRulesMiddleware(ASGIMiddleware):
    """After routing: the contract's exact paths, and OPTIONS (and CORS preflights) answered with every method."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, *, cors_origins: Iterable[str]) -> None:
        self.cors_origins = frozenset(cors_origins)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        template: str = scope["path_template"]  # type: ignore[typeddict-item]
        # Litestar serves /api/posts/ as /api/posts, and /api/posts/+5 or /api/posts/٥ as post 5
        # (int() reads them); the contract names neither.
        if scope["raw_path"].endswith(b"/") and scope["raw_path"] != b"/":  # type: ignore[typeddict-item]
            raise NotFoundException
        params = scope["path_params"]
        for pattern, segment in zip(template.split("/"), scope["path"].split("/")):
            if isinstance(params.get(pattern[1:-1]), int) and not (segment.isascii() and segment.isdigit()):
                raise NotFoundException
        if scope["method"] == "OPTIONS":  # type: ignore[typeddict-item]
            # Litestar's own OPTIONS names the methods of one handler group of the path (litestar#4169).
            methods = {
                method
                for route in scope["litestar_app"].routes
                if route.path_format == template
                for method in route.methods
            }
            headers = {"Allow": ", ".join(sorted(methods))}
            request_headers = Headers.from_scope(scope)
            if (
                request_headers.get("origin") in self.cors_origins
                and "access-control-request-method" in request_headers
            ):
                headers |= {
                    "Access-Control-Allow-Methods": CORS_METHODS,
                    "Access-Control-Allow-Headers": CORS_HEADERS,
                    "Access-Control-Max-Age": "600",
                }
            await send({"type": "http.response.start", "status": 204, "headers": _encode(headers)})
            await send({"type": "http.response.body", "body": b""})
            return
        await next_app(scope, receive, send)


def cors_headers(origins: Iterable[str]) -> Callable[[Message, Scope], Awaitable[None]]:
    """A before_send hook: the listed origins' answers (errors too) carry CORS headers, others none.

    Litestar's CORSConfig answers every OPTIONS with an Origin as a preflight (400 in plain text for
    an origin or header it does not list) and adds its allow-lists to every origin's answers.
    """
    allowed = frozenset(origins)

    async def add_cors_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start" and allowed:
            origin = Headers.from_scope(scope).get("origin")
            if origin in allowed:
                headers = MutableScopeHeaders.from_message(message)
                headers["Access-Control-Allow-Origin"] = origin
                headers["Access-Control-Expose-Headers"] = "ETag, Location"
                headers.add("Vary", "Origin")

    return add_cors_headers


def decimal_query(*names: str) -> Callable[[Request[Any, Any, Any]], Awaitable[None]]:
    """A before_request hook: these query integers are written in ASCII digits (msgspec reads "5.0" and "1e1" too)."""

    async def check(request: Request[Any, Any, Any]) -> None:
        for name in names:
            value = request.query_params.get(name)
            if value is not None and not (value.isascii() and value.isdigit()):
                message = "must be an integer written in decimal digits, such as 5"
                raise ValidationException(extra=[{"key": name, "source": "query", "message": message}])

    return check


def _encode(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]
