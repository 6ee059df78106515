"""HTTP plumbing the contract asks of every path: OPTIONS, 405 with Allow, CORS, JSON bodies."""

import io
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from corsheaders import middleware as cors
from django.http import HttpRequest, HttpResponse
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.negotiation import BaseContentNegotiation

from common.errors import ProblemResponse, discard_body
from common.routing import allowed_methods


class CorsMiddleware(cors.CorsMiddleware):
    """django-cors-headers, answering only the preflights of listed origins.

    It would answer every preflight (200, no CORS headers for unlisted origins); the contract
    gives those the plain OPTIONS answer, 204 with Allow, and the listed origins' a 204 too.
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


class MethodsMiddleware:
    """Answers OPTIONS with 204 and Allow, and a method the path lacks with a 405 problem.

    Runs once the URL is resolved and before the view, as routing does in Flask and Starlette:
    DRF would authenticate first (401 before 405) and answer OPTIONS with a metadata body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any],
                     args: Any, kwargs: Any) -> HttpResponse | None:
        methods = allowed_methods(view)
        if methods is None:
            return None
        allow = ", ".join(methods)
        if request.method not in methods:
            return ProblemResponse(405, f"{request.method} is not allowed here; see the Allow header.",
                                   headers={"Allow": allow})
        if request.method == "OPTIONS":
            return HttpResponse(status=204, headers={"Allow": allow})
        return None


class IgnoreAcceptNegotiation(BaseContentNegotiation):
    """JSON whatever the Accept header says, as in the other two implementations (no 406)."""

    def select_parser(self, request: Any, parsers: list[Any]) -> Any:
        media_type = (request.content_type or "").split(";")[0].strip().lower()
        return next((parser for parser in parsers if parser.media_type == media_type), None)

    def select_renderer(self, request: Any, renderers: list[Any], format_suffix: str | None = None) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type


_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, where what the contract calls malformed is a ParseError (400) like any other.

    Python's json module gives up on deep nesting (`[[[[...]]]]`, well within the body limit) with
    a RecursionError; DRF's parser catches only ValueError, so it would be a 500. It also reads an
    escaped unpaired surrogate ("\\ud800") into a string no encoder can write back: text that is
    not Unicode is malformed (DRF already refuses the UTF-8-encoded kind).
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            value = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply") from None
        pending = [value]
        while pending:
            item = pending.pop()
            if isinstance(item, str):
                if _SURROGATE.search(item):
                    raise ParseError("JSON parse error - unpaired surrogate")
            elif isinstance(item, dict):
                pending += [*item, *item.values()]
            elif isinstance(item, list):
                pending += item
        return value


class MergePatchParser(JSONParser):
    """A JSON merge patch (RFC 7396) is JSON: PATCH accepts it beside application/json."""

    media_type = "application/merge-patch+json"


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
                discard_body(environ["wsgi.input"])  # see common.errors.DISCARD_LIMIT
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)
