"""Every error as an RFC 9457 problem: the domain's, HTTP, validation, database outages, the unexpected."""

import json
import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa_exc
from starlette.exceptions import HTTPException

from app.routing import allowed_methods

logger = logging.getLogger("app.errors")

# RFC 9110's reason phrases where Python 3.11's HTTPStatus still has the older ones.
RFC9110_PHRASES = {413: "Content Too Large", 414: "URI Too Long", 422: "Unprocessable Content"}


def title(status: int) -> str:
    """A problem's title: the status's reason phrase as RFC 9110 names it."""
    return RFC9110_PHRASES.get(status) or HTTPStatus(status).phrase


class ProblemResponse(JSONResponse):
    media_type = "application/problem+json"

    def render(self, content: Any) -> bytes:
        # ASCII escapes: a client-supplied field name with a lone surrogate must still encode.
        return json.dumps(content, separators=(",", ":")).encode()


def problem(
    status: int, detail: str, *, errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
) -> ProblemResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return ProblemResponse(body, status_code=status, headers=headers)


class DomainError(Exception):
    """What a service, selector, cursor or precondition refuses; `install_error_handlers` says how it reads."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(DomainError):
    """Input the schema accepted but the rules refuse: a cursor this server did not issue, a malformed If-Match."""


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


def _pointer(location: tuple[Any, ...]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in location)


async def _validation_error(request: Request, exc: RequestValidationError) -> ProblemResponse:
    errors = exc.errors()
    if any(e["type"] == "json_invalid" or (e["type"] == "missing" and tuple(e["loc"]) == ("body",)) for e in errors):
        return problem(400, "The request body is not valid JSON.")
    # An id out of range names nothing: the resource's 404, which comes after any 422.
    errors = [e for e in errors if e["loc"][0] != "path"] or errors
    if errors[0]["loc"][0] == "path":
        return problem(404, f"Nothing exists at {request.url.path}.")
    items = []
    for error in errors:
        where, *location = error["loc"]
        message = error["msg"].removeprefix("Value error, ")
        if where == "body":
            items.append({"pointer": _pointer(tuple(location)), "message": message})
        else:
            items.append({"parameter": str(location[0]), "message": message})
    return problem(422, "The request is not valid.", errors=items)


async def _domain_error(request: Request, exc: DomainError) -> ProblemResponse:
    return problem(DOMAIN_STATUS[type(exc)], exc.detail)


async def _http_error(request: Request, exc: HTTPException) -> ProblemResponse:
    headers = dict(exc.headers or {})
    if exc.status_code == 404:
        detail = f"Nothing exists at {request.url.path}."
    elif exc.status_code == 405:
        # Starlette names only the first route that matched the path; name them all.
        headers["Allow"] = ", ".join(sorted(allowed_methods(request.app, request.url.path)))
        detail = f"{request.method} is not allowed here; see the Allow header."
    else:
        detail = str(exc.detail)
    return problem(exc.status_code, detail, headers=headers)


async def _database_unavailable(request: Request, exc: Exception) -> ProblemResponse:
    logger.error("problem status=503 %s %s: database unavailable: %s", request.method, request.url.path, exc)
    return problem(503, "The database is not answering; try again shortly.")


async def _unexpected(request: Request, exc: Exception) -> ProblemResponse:
    # The server logs the traceback itself; this line makes every 5xx findable the same way.
    logger.error("problem status=500 %s %s: %r", request.method, request.url.path, exc)
    # Starlette raises the exception again after this answer, for the server to log; uvicorn then
    # closes the connection. Said here, a client does not send its next request on it.
    return problem(500, "An unexpected error occurred.", headers={"Connection": "close"})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(HTTPException, _http_error)
    for error in (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, ConnectionError):
        app.add_exception_handler(error, _database_unavailable)
    app.add_exception_handler(Exception, _unexpected)
