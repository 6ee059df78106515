"""Wire-level rules of every path: the body limit, chunked bodies, JSON bodies, OPTIONS and 405, CORS.

The contract orders a request's faults: the route (404, 405), then the body as transported (413,
415, 400), then authentication (401). DRF authenticates before it reads a body, so the transport
checks are Django middleware that runs once the URL is resolved and before the view, as routing
does in Flask and Starlette.
"""

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from corsheaders import middleware as cors
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from rest_framework.exceptions import ParseError

from common.errors import problem
from common.parsers import media_type
from common.routing import allowed_methods, view_classes

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# An oversized body is read and dropped up to this much, so that the connection can carry the
# client's next request: gunicorn drains only 64 KiB of an unread body and otherwise closes the
# connection after answering, which a client that reuses it sees as a reset.
DISCARD_LIMIT = 16 * 1024 * 1024


def discard_body(stream: Any, limit: int = DISCARD_LIMIT) -> None:
    while limit > 0 and (chunk := stream.read(min(limit, 64 * 1024))):
        limit -= len(chunk)


class ChunkedBodyMiddleware:
    """WSGI middleware: gives a chunked request body a Content-Length Django can read.

    Django reads a WSGI body only up to CONTENT_LENGTH, which a chunked request lacks, so its
    body would look empty. Up to the limit plus one byte is buffered; a longer body then fails
    Django's own size check (RequestDataTooBig, answered 413) like one sent with Content-Length.
    """

    def __init__(self, app: Callable[..., Any], max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower() and not environ.get("CONTENT_LENGTH"):
            body = environ["wsgi.input"].read(self.max_bytes + 1)
            if len(body) > self.max_bytes:
                discard_body(environ["wsgi.input"])
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)


class BodyLimitMiddleware:
    """Reads the body up front so DATA_UPLOAD_MAX_MEMORY_SIZE applies to JSON too, and answers 413.

    DRF's parsers read the request as a stream, past Django's size check; request.body makes
    Django check it (RequestDataTooBig), and DRF then parses the bytes already read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            request.body  # noqa: B018
        except RequestDataTooBig:
            discard_body(request)
            return problem(413, "The request body is larger than this server accepts.")
        return self.get_response(request)


class RouteMiddleware:
    """OPTIONS as 204 with Allow, a method the path lacks as a 405 problem, a body that is not JSON as 415 or 400.

    DRF would authenticate first (401 before 405, 415 and 400), answer OPTIONS with a metadata
    body, and read a write without Content-Type, or with an empty body, as {}.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "OPTIONS" and response.status_code != 405:
            # DRF lists the methods of one operation's view on every answer; the path has more.
            del response["Allow"]
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        methods = allowed_methods(view)
        if methods is None:
            return None
        allow = ", ".join(methods)
        if request.method not in methods:
            return problem(
                405, f"{request.method} is not allowed here; see the Allow header.", headers={"Allow": allow}
            )
        if request.method == "OPTIONS":
            return HttpResponse(status=204, headers={"Allow": allow})
        if request.method in BODY_METHODS:
            return self.check_json_body(request, view_classes(view)[request.method.lower()].parser_classes)
        return None

    @staticmethod
    def check_json_body(request: HttpRequest, parser_classes: list[Any]) -> HttpResponse | None:
        declared = media_type(request.content_type)
        parser = next((parser() for parser in parser_classes if parser.media_type == declared), None)
        if parser is None:
            accepted = " or ".join(parser.media_type for parser in parser_classes)
            return problem(415, f"Send the body as {accepted}.")
        if not request.body:
            return problem(400, "The request body is empty; send a JSON object.")
        try:
            parser.parse(io.BytesIO(request.body), declared)  # DRF parses it again for the view
        except ParseError as exc:
            return problem(400, str(exc.detail))
        return None


class CorsMiddleware(cors.CorsMiddleware):
    """django-cors-headers, answering only the preflights of listed origins.

    It would answer every preflight (200, no CORS headers for unlisted origins); the contract
    gives those the plain OPTIONS answer, 204 with Allow, and the listed origins' a 204 too.
    Overrides check_preflight and calls origin_found_in_white_lists and is_enabled, methods of
    django-cors-headers' middleware that are not its documented interface (written against 4.9).
    """

    def check_preflight(self, request: HttpRequest) -> HttpResponse | None:
        origin = request.headers.get("origin", "")
        try:
            listed = bool(origin) and self.origin_found_in_white_lists(origin, urlsplit(origin))
        except ValueError:
            listed = False
        if not listed:
            request._cors_enabled = self.is_enabled(request)  # type: ignore[attr-defined]
            return None
        if super().check_preflight(request) is None:
            return None
        return HttpResponse(status=204)  # like any OPTIONS answer (its 200 carries Content-Length: 0)
