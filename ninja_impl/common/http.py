"""Wire rules Ninja leaves to Django: chunked bodies, HEAD, OPTIONS and 405 with Allow, CORS preflights.

The contract orders a request's faults: the route (404, 405) first. Django resolves the path and
Ninja picks the operation by method, so these are middleware around them; the body's own checks
(413, 415, 400, before authentication) are a view decorator on every operation (common.parsers).
"""

import io
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from corsheaders import middleware as cors
from django.http import HttpRequest, HttpResponse

from common.errors import problem

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


class MethodMiddleware:
    """HEAD served as GET, OPTIONS as 204 with Allow, a method the path lacks as a 405 problem with Allow.

    Ninja registers only the methods its operations name, and answers any other with Django's
    HttpResponseNotAllowed (a text body, its Allow header listing the path's operations) before
    authentication: that answer is rewritten here, with HEAD beside GET and OPTIONS added.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        method = request.method
        if method == "HEAD":
            # HEAD is GET without the body (RFC 9110, 9.3.2), as Django's class-based views serve it;
            # gunicorn leaves the body out.
            request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = method
        if response.status_code != 405 or not response.has_header("Allow"):
            return response
        methods = {name.strip() for name in response["Allow"].split(",") if name.strip()}
        if "GET" in methods:
            methods.add("HEAD")
        allow = ", ".join(sorted(methods | {"OPTIONS"}))
        if method == "OPTIONS":
            return HttpResponse(status=204, headers={"Allow": allow})
        return problem(405, f"{method} is not allowed here; see the Allow header.", headers={"Allow": allow})


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
