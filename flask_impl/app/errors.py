"""Every error as an RFC 9457 problem: domain errors, HTTP errors, validation, outages, the unexpected."""

from collections.abc import Iterator
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, current_app, request
from sqlalchemy import exc as sa_exc
from werkzeug import exceptions as http

# RFC 9110's reason phrases where Python 3.11's HTTPStatus still has the older ones.
RFC9110_PHRASES = {413: "Content Too Large", 414: "URI Too Long", 422: "Unprocessable Content"}
# What the database driver raises when the server is down or unreachable: answered with 503.
DATABASE_UNAVAILABLE = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError, ConnectionError)


class DomainError(Exception):
    """What a service, a selector, the pagination or the ETag helpers refuse; `detail` tells the client why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(DomainError):
    """A request the server cannot act on: a cursor it never issued, a malformed If-Match or If-None-Match."""


class NotFound(DomainError):
    pass


class Forbidden(DomainError):
    pass


class Conflict(DomainError):
    pass


class PreconditionFailed(DomainError):
    pass


# The one place a domain error gets its status.
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


def problem(
    status: int, detail: str, *, errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None
) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    # Flask's JSON escapes non-ASCII, so even a field name holding a lone surrogate encodes.
    response = current_app.json.response(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    response.headers.update(headers or {})
    return response


def domain_error(error: DomainError) -> Response:
    return problem(DOMAIN_STATUS[type(error)], error.detail)


def http_error(error: http.HTTPException) -> Response:
    """Werkzeug's and flask-smorest's HTTP errors (abort, routing, 413, webargs' 422) as problems."""
    assert error.code is not None  # Flask hands over only the exceptions that carry a status
    messages = getattr(error, "data", {}).get("messages")
    if error.code == 422 and messages:
        return problem(422, "The request is not valid.", errors=list(_field_errors(messages)))
    headers = {}
    detail = error.description or HTTPStatus(error.code).description
    if isinstance(error, http.NotFound) and request.url_rule is None:
        detail = f"Nothing exists at {request.path}."
    elif isinstance(error, http.MethodNotAllowed):
        # Werkzeug lists every method of every rule matching the path, HEAD and OPTIONS included.
        headers["Allow"] = ", ".join(sorted(error.valid_methods or ()))
        detail = f"{request.method} is not allowed here; see the Allow header."
    elif isinstance(error, http.RequestEntityTooLarge):
        detail = f"The body is larger than the {request.max_content_length} bytes this server accepts."
    if error.code >= 500:
        current_app.logger.error("problem status=%d %s %s: %s", error.code, request.method, request.path, detail)
    return problem(error.code, detail, headers=headers)


def _field_errors(messages: dict[str, Any]) -> Iterator[dict[str, str]]:
    """webargs' {location: marshmallow messages} as the contract's {pointer | parameter, message}."""
    for location, fields in messages.items():
        for path, message in _flatten(fields, ()):
            if location == "json":
                yield {"pointer": "".join(f"/{_escape(part)}" for part in path), "message": message}
            else:
                yield {"parameter": str(path[0]) if path else location, "message": message}


def _flatten(messages: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    # marshmallow nests messages by field name and list index; "_schema" is the object itself.
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _flatten(value, path if key == "_schema" else (*path, key))
    elif isinstance(messages, list):
        for message in messages:
            yield from _flatten(message, path)
    else:
        yield path, str(messages)


def _escape(part: Any) -> str:
    return str(part).replace("~", "~0").replace("/", "~1")  # RFC 6901


def _database_unavailable(error: Exception) -> Response:
    current_app.logger.error("problem status=503 %s %s: database unavailable: %s", request.method, request.path, error)
    return problem(503, "The database is not answering; try again shortly.")


def _unexpected(error: Exception) -> Response:
    # The traceback goes to the server log; the client learns nothing about the cause.
    current_app.logger.error("problem status=500 %s %s: %r", request.method, request.path, error, exc_info=error)
    return problem(500, "An unexpected error occurred.")


def init_app(app: Flask) -> None:
    """Register the handlers; HTTP errors go through the Api (openapi.Api.handle_http_exception)."""
    app.register_error_handler(DomainError, domain_error)
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, _database_unavailable)
    app.register_error_handler(Exception, _unexpected)
