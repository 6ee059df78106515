"""Every error as an RFC 9457 problem: DRF's exceptions, Django's 400/404/500 pages, 413, outages."""

import json
import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from rest_framework import exceptions
from rest_framework.settings import api_settings

from common.routing import allowed_methods

logger = logging.getLogger("common.errors")

# RFC 9110's reason phrases where Python 3.11's HTTPStatus still has the older ones.
RFC9110_PHRASES = {413: "Content Too Large", 414: "URI Too Long", 422: "Unprocessable Content"}


def title(status: int) -> str:
    """A problem's title: the status's reason phrase as RFC 9110 names it."""
    return RFC9110_PHRASES.get(status) or HTTPStatus(status).phrase


class ProblemResponse(HttpResponse):
    """application/problem+json; ASCII escapes, so a client's field name with a lone surrogate still encodes."""

    def __init__(self, status: int, detail: str, *, errors: list[dict[str, str]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        body: dict[str, Any] = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
        if errors:
            body["errors"] = errors
        super().__init__(json.dumps(body, separators=(",", ":")), status=status,
                         content_type="application/problem+json", headers=headers)


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The request conflicts with the current state of the resource."


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "The resource has changed since you read it (If-Match does not match)."


def _escape(part: object) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")


def field_errors(detail: Any, pointer: str = "") -> list[dict[str, str]]:
    """DRF's nested error dict ({"tags": {3: ["..."]}}) as RFC 6901 pointers ({"/tags/3": "..."})."""
    if isinstance(detail, dict):
        return [error for key, value in detail.items() for error in field_errors(
            value, pointer if key == api_settings.NON_FIELD_ERRORS_KEY else f"{pointer}/{_escape(key)}")]
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
    return ProblemResponse(422, "The request is not valid.", errors=errors)


def exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse:
    """DRF's EXCEPTION_HANDLER: whatever a view raises becomes a problem."""
    request = context["request"]
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or f"Nothing exists at {request.path}.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if isinstance(exc, exceptions.ValidationError):
        return _validation_problem(exc)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if isinstance(exc, exceptions.MethodNotAllowed):
            headers["Allow"] = ", ".join(allowed_methods(request.resolver_match.func) or ())
        return ProblemResponse(exc.status_code, str(exc.detail), headers=headers)
    if isinstance(exc, (OperationalError, InterfaceError)):
        logger.error("problem status=503 %s %s: database unavailable: %s", request.method, request.path, exc)
        return ProblemResponse(503, "The database is not answering; try again shortly.")
    logger.error("problem status=500 %s %s: %r", request.method, request.path, exc, exc_info=exc)
    return ProblemResponse(500, "An unexpected error occurred.")


# Django's own error views (config.urls), for what happens outside DRF's views.

def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return ProblemResponse(400, "The request is malformed.")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return ProblemResponse(403, "You may not do this.")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return ProblemResponse(404, f"Nothing exists at {request.path}.")


def server_error(request: HttpRequest) -> HttpResponse:
    # Django has logged the traceback already; this line makes every 5xx findable the same way.
    logger.error("problem status=500 %s %s: unhandled exception", request.method, request.path)
    return ProblemResponse(500, "An unexpected error occurred.")


# An oversized body is read and dropped up to this much, so that the connection can carry the
# client's next request: gunicorn drains only 64 KiB of an unread body and otherwise closes the
# connection after answering, which a client that reuses it sees as a reset.
DISCARD_LIMIT = 16 * 1024 * 1024


def discard_body(stream: Any, limit: int = DISCARD_LIMIT) -> None:
    while limit > 0 and (chunk := stream.read(min(limit, 64 * 1024))):
        limit -= len(chunk)


class BodyLimitMiddleware:
    """Reads the body up front so DATA_UPLOAD_MAX_MEMORY_SIZE applies to JSON too, and answers 413.

    DRF's parsers read the request as a stream, past Django's size check; request.body makes
    Django check it (RequestDataTooBig), and DRF then parses the bytes already read.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.body  # noqa: B018
        except RequestDataTooBig:
            discard_body(request)
            return ProblemResponse(413, "The request body is larger than this server accepts.")
        return self.get_response(request)
