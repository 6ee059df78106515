"""Every error as an RFC 9457 problem: the domain's, Litestar's, validation, database outages, the unexpected."""

import logging
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, MethodNotAllowedException, NotFoundException, ValidationException
from sqlalchemy import exc as sa_exc

logger = logging.getLogger("app.errors")

# RFC 9110's reason phrases where Python 3.11's HTTPStatus still has the older ones.
RFC9110_PHRASES = {413: "Content Too Large", 414: "URI Too Long", 422: "Unprocessable Content"}
PROBLEM_MEDIA_TYPE = "application/problem+json"


def title(status: int) -> str:
    """A problem's title: the status's reason phrase as RFC 9110 names it."""
    return RFC9110_PHRASES.get(status) or HTTPStatus(status).phrase


def problem(
    status: int, detail: str, *, errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
) -> Response[dict[str, Any]]:
    body: dict[str, Any] = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return Response(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


class DomainError(Exception):
    """What a service, cursor or precondition refuses; DOMAIN_STATUS says which status it answers."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(DomainError):
    """Input the schema accepted but the rules refuse (a cursor this server did not issue, a malformed If-Match)."""


class NotFound(DomainError):
    """There is no such resource."""


class Forbidden(DomainError):
    """The resource is someone else's."""


class Conflict(DomainError):
    """The change collides with what exists (a taken username)."""


class PreconditionFailed(DomainError):
    """If-Match names a representation that is no longer current."""


# The one place the domain's words become HTTP statuses.
DOMAIN_STATUS: dict[type[DomainError], int] = {
    BadRequest: 400,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
}


def _domain_error(request: Request[Any, Any, Any], exc: DomainError) -> Response[dict[str, Any]]:
    return problem(DOMAIN_STATUS[type(exc)], exc.detail)


def _not_found(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    return problem(404, f"Nothing exists at {request.url.path}.")


def _validation_error(request: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    # Litestar's 400 for its parameters (app/bodies.py raises it with pointers for bodies).
    items = exc.extra if isinstance(exc.extra, list) else []
    if any(item.get("source") == "path" for item in items):
        return _not_found(request, exc)  # an id out of range names nothing
    errors = [
        {"pointer": item["pointer"], "message": item["message"]}
        if "pointer" in item
        else {"parameter": item.get("key") or "", "message": item["message"]}
        for item in items
    ]
    return problem(422, "The request is not valid.", errors=errors)


def _http_error(request: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    if exc.status_code >= 500:
        return _unexpected(request, exc)
    if exc.status_code == 404:
        return _not_found(request, exc)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        if request.scope["raw_path"].endswith(b"/"):
            return _not_found(request, exc)  # Litestar routes /api/posts/ as /api/posts; the contract does not
        return problem(405, f"{request.method} is not allowed here; see the Allow header.", headers=headers)
    return problem(exc.status_code, exc.detail, headers=headers)


def _database_unavailable(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    logger.error("problem status=503 %s %s: database unavailable: %s", request.method, request.url.path, exc)
    return problem(503, "The database is not answering; try again shortly.")


def _unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    # The traceback is for the operator; the client learns nothing of it.
    logger.error("problem status=500 %s %s: %r", request.method, request.url.path, exc, exc_info=exc)
    return problem(500, "An unexpected error occurred.")


# Litestar's exception_handlers, by class (the closest in the exception's MRO wins). Routing's 404
# and 405 reach only handlers given to the app, which is where these go (app/main.py).
EXCEPTION_HANDLERS: dict[type[Exception], Any] = {
    DomainError: _domain_error,
    ValidationException: _validation_error,
    NotFoundException: _not_found,
    MethodNotAllowedException: _http_error,
    HTTPException: _http_error,
    sa_exc.OperationalError: _database_unavailable,
    sa_exc.InterfaceError: _database_unavailable,
    sa_exc.TimeoutError: _database_unavailable,
    ConnectionError: _database_unavailable,
    Exception: _unexpected,
}
