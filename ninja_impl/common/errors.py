"""Domain errors, and every error as an RFC 9457 problem: Ninja's exception handlers and Django's error views."""

import json
import logging
from http import HTTPStatus
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger("common.errors")

# RFC 9110's reason phrases where Python 3.11's HTTPStatus still has the older ones.
RFC9110_PHRASES = {413: "Content Too Large", 414: "URI Too Long", 422: "Unprocessable Content"}


class DomainError(Exception):
    """What a service, selector or helper refuses, with the detail a client reads; HTTP is the handler's."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(DomainError):
    pass


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    pass


class Conflict(DomainError):
    pass


class PreconditionFailed(DomainError):
    pass


DOMAIN_STATUS: dict[type[DomainError], int] = {
    BadRequest: 400,
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    PreconditionFailed: 412,
}


def title(status: int) -> str:
    """A problem's title: the status's reason phrase as RFC 9110 names it."""
    return RFC9110_PHRASES.get(status) or HTTPStatus(status).phrase


def problem(
    status: int, detail: str, *, errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
) -> HttpResponse:
    """application/problem+json; ASCII escapes, so a client's field name with a lone surrogate still encodes."""
    body: dict[str, Any] = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return HttpResponse(
        json.dumps(body, separators=(",", ":")), status=status, content_type="application/problem+json", headers=headers
    )


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    """One of Ninja's validation errors, located as the contract locates it: a JSON Pointer or a parameter."""
    source, *where = error["loc"]
    if source == "body":
        # where[0] names the handler's parameter; the rest is the path into the JSON body.
        pointer = "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in where[1:])
        return {"pointer": pointer, "message": error["msg"]}
    return {"parameter": str(where[0] if where else source), "message": error["msg"]}


# Ninja's exception handlers (config.api installs HANDLERS): whatever an operation raises becomes a problem.


def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem(DOMAIN_STATUS[type(exc)], exc.detail)


def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    # Ninja's default shape is {"detail": [{"type", "loc", "msg"}]}.
    return problem(422, "The request is not valid.", errors=[_field_error(error) for error in exc.errors])


def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # Ninja answers {"detail": "Unauthorized"}, without the scheme to use.
    detail = "Send the token from createUser as 'Authorization: Bearer <token>'; this one is missing or not valid."
    return problem(401, detail, headers={"WWW-Authenticate": "Bearer"})


def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, exc.message)


def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(404, f"Nothing exists at {request.path}.")


def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("problem status=503 %s %s: database unavailable: %s", request.method, request.path, exc)
    return problem(503, "The database is not answering; try again shortly.")


def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Ninja's default re-raises to Django's 500 page when DEBUG is off; the problem is logged here instead.
    logger.error("problem status=500 %s %s: %r", request.method, request.path, exc, exc_info=exc)
    return problem(500, "An unexpected error occurred.")


HANDLERS = {
    DomainError: domain_error,
    ValidationError: validation_error,
    AuthenticationError: authentication_error,
    HttpError: http_error,
    Http404: not_found,
    OperationalError: database_unavailable,
    InterfaceError: database_unavailable,
    Exception: unexpected,
}


# Django's own error views (config.urls), for what happens outside Ninja's operations.


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return problem(400, "The request is malformed.")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return problem(403, "You may not do this.")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return problem(404, f"Nothing exists at {request.path}.")


def server_error(request: HttpRequest) -> HttpResponse:
    # Django has logged the traceback already; this line makes every 5xx findable the same way.
    logger.error("problem status=500 %s %s: unhandled exception", request.method, request.path)
    return problem(500, "An unexpected error occurred.")
