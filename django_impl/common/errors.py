"""Domain errors, and every error as an RFC 9457 problem: DRF's EXCEPTION_HANDLER and Django's error views."""

import json
import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework import exceptions
from rest_framework.settings import api_settings

logger = logging.getLogger("common.errors")

# RFC 9110's reason phrases where Python 3.11's HTTPStatus still has the older ones.
RFC9110_PHRASES = {413: "Content Too Large", 414: "URI Too Long", 422: "Unprocessable Content"}


class DomainError(Exception):
    """What a service, selector or helper refuses, with the detail a client reads; HTTP is the handler's."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(DomainError):
    """Input the schema accepted but the rules refuse (a forged cursor, a malformed If-Match)."""


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


def title(status: int) -> str:
    """A problem's title: the status's reason phrase as RFC 9110 names it."""
    return RFC9110_PHRASES.get(status) or HTTPStatus(status).phrase


class ProblemResponse(HttpResponse):
    """An application/problem+json response, as problem() builds it."""


def problem(
    status: int, detail: str, *, errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
) -> ProblemResponse:
    """The RFC 9457 problem for `status`; `errors` lists what failed validation."""
    body: dict[str, Any] = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    # ASCII escapes (json's default): a client's field name with a lone surrogate still encodes.
    return ProblemResponse(
        json.dumps(body, separators=(",", ":")), status=status, content_type="application/problem+json", headers=headers
    )


def _escape(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def field_errors(detail: Any, pointer: str = "") -> list[dict[str, str]]:
    """DRF's nested error dict ({"tags": {3: ["..."]}}) as RFC 6901 pointers ({"/tags/3": "..."})."""
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in field_errors(
                value, pointer if key == api_settings.NON_FIELD_ERRORS_KEY else f"{pointer}/{_escape(key)}"
            )
        ]
    if isinstance(detail, list):
        return [error for item in detail for error in field_errors(item, pointer)]
    return [{"pointer": pointer, "message": str(detail)}]


class QueryParameterError(exceptions.ValidationError):
    """A query parameter that fails validation: reported with `parameter`, not `pointer`."""


def _validation_problem(exc: exceptions.ValidationError) -> ProblemResponse:
    errors = field_errors(exc.detail)
    if isinstance(exc, QueryParameterError):
        errors = [{"parameter": e["pointer"].lstrip("/"), "message": e["message"]} for e in errors]
    # JSON Schema validation is 422 here; DRF's default is 400, which the contract keeps for malformed JSON.
    return problem(422, "The request is not valid.", errors=errors)


def exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse:
    """DRF's EXCEPTION_HANDLER: whatever a view raises becomes a problem."""
    request = context["request"]
    if isinstance(exc, DomainError):
        return problem(DOMAIN_STATUS[type(exc)], exc.detail)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or f"Nothing exists at {request.path}.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, exceptions.ValidationError):
        return _validation_problem(exc)
    if isinstance(exc, exceptions.APIException):
        auth_header = getattr(exc, "auth_header", None)  # set by DRF on 401: the scheme to use
        return problem(
            exc.status_code, str(exc.detail), headers={"WWW-Authenticate": auth_header} if auth_header else None
        )
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.error("problem status=503 %s %s: database unavailable: %s", request.method, request.path, exc)
        return problem(503, "The database is not answering; try again shortly.")
    logger.error("problem status=500 %s %s: %r", request.method, request.path, exc, exc_info=exc)
    return problem(500, "An unexpected error occurred.")


# Django's own error views (config.urls), for what happens outside DRF's views.


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
