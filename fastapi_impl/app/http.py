"""Wire-level rules the contract asks of every route: body limit, HEAD, OPTIONS, JSON bodies, bounded heads, CORS."""

import json
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import HTTPException, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from app.errors import problem, title
from app.routing import allowed_methods

# The contract's limits on the request head (gunicorn's defaults, which the gunicorn-served
# implementations keep), so that every implementation refuses the same requests.
MAX_REQUEST_LINE = 4094
MAX_HEADER_FIELDS = 100
MAX_HEADER_FIELD = 8190
_LINE_TOO_LONG = f"The request line is longer than {MAX_REQUEST_LINE} bytes."


class HeadLimitMiddleware:
    """414 for a request line over 4094 bytes; 431 for over 100 header fields or one over 8190 bytes.

    uvicorn's httptools parser puts no limit on the request head: a megabyte of headers would
    reach the routes.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            target = len(scope["raw_path"]) + (len(scope["query_string"]) + 1 if scope["query_string"] else 0)
            headers = scope["headers"]
            if len(scope["method"]) + target + len(" HTTP/1.1") + 1 > MAX_REQUEST_LINE:
                await problem(414, _LINE_TOO_LONG)(scope, receive, send)
                return
            if len(headers) > MAX_HEADER_FIELDS or any(
                len(name) + len(value) + 2 > MAX_HEADER_FIELD for name, value in headers
            ):
                await problem(
                    431, f"Send at most {MAX_HEADER_FIELDS} header fields of at most {MAX_HEADER_FIELD} bytes each."
                )(scope, receive, send)
                return
        await self.app(scope, receive, send)


class MethodsMiddleware:
    """Answers OPTIONS with Allow, and serves HEAD as GET without the body."""

    def __init__(self, app: ASGIApp, cors_origins: list[str]) -> None:
        self.app = app
        self.cors_origins = set(cors_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif scope["method"] == "OPTIONS" and not self._is_cors_preflight(scope):
            await self._options(scope, receive, send)
        elif scope["method"] == "HEAD":
            await self.app({**scope, "method": "GET"}, receive, _without_body(send))
        else:
            await self.app(scope, receive, send)

    def _is_cors_preflight(self, scope: Scope) -> bool:
        # Preflights from listed origins are CORSMiddleware's; any other OPTIONS is ours.
        headers = Request(scope).headers
        return "access-control-request-method" in headers and headers.get("origin") in self.cors_origins

    async def _options(self, scope: Scope, receive: Receive, send: Send) -> None:
        methods = allowed_methods(scope["app"], scope["path"])
        if methods:
            await send(
                {
                    "type": "http.response.start",
                    "status": 204,
                    "headers": [(b"allow", ", ".join(sorted(methods)).encode())],
                }
            )
            await send({"type": "http.response.body", "body": b""})
        else:
            await problem(404, f"Nothing exists at {scope['path']}.")(scope, receive, send)


class CorsMiddleware(CORSMiddleware):
    """Starlette's CORS, answering a listed origin's preflight 204 without a body, like any OPTIONS.

    Starlette answers 200 "OK", or 400 in plain text when a method or header asked for is not
    allowed: the browser refuses those itself, from the lists the answer carries.
    """

    # Overrides a method of Starlette's CORSMiddleware (written against Starlette 1.10).
    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        return Response(
            status_code=204,
            headers={
                name: value
                for name, value in answer.headers.items()
                if name.startswith("access-control-") or name == "vary"
            },
        )


def _without_body(send: Send) -> Send:
    async def send_headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_headers_only


async def require_json(request: Request) -> None:
    """Writes carry JSON (PATCH may also say so as a JSON merge patch), and some: before authentication.

    FastAPI reports a missing body among the validation errors, after the dependencies (401).
    """
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    accepted = (
        ("application/json", "application/merge-patch+json") if request.method == "PATCH" else ("application/json",)
    )
    if media_type not in accepted:
        raise HTTPException(415, f"Send the body as {' or '.join(accepted)}.")
    if not await request.body():
        raise HTTPException(400, "The request body is empty; send a JSON object.")


_SURROGATE = re.compile("[\ud800-\udfff]")


def read_json(body: bytes) -> Any:
    """A JSON body as the contract reads it: UTF-8 text with no unpaired surrogate, escaped or not.

    json.loads lets both through (it decodes bytes with "surrogatepass", and "\\ud800" is a
    valid escape) into strings that no encoder can write back. A JSONDecodeError is FastAPI's 400.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError(f"not valid UTF-8: {exc.reason}", "", 0) from None
    value = json.loads(text)
    pending = [value] if "\\u" in text else []  # once decoded strictly, only an escape makes one
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise json.JSONDecodeError("unpaired surrogate", text, 0)
        elif isinstance(item, dict):
            pending += [*item, *item.values()]
        elif isinstance(item, list):
            pending += item
    return value


class JsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = read_json(await self.body())
        return self._json


class JsonRoute(APIRoute):
    """A route whose request body is read with read_json (FastAPI's documented custom-route hook)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            return await handler(JsonRequest(request.scope, request.receive))

        return handle


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The body is larger than the {limit} bytes this server accepts.")


class BodyLimitMiddleware:
    """413 for bodies over the limit, declared (Content-Length) or streamed (chunked)."""

    # FastAPI's own max_body_size answers 413 as text/plain, replacing our problem body.

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.limit = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Request(scope).headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await problem(413, BodyTooLarge(self.limit).detail)(scope, receive, send)
            return
        received = 0

        async def receive_within_limit() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLarge(self.limit)  # FastAPI passes HTTPExceptions from body reading through
            return message

        await self.app(scope, receive_within_limit, send)


class ProblemHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, answering a request it cannot parse with a problem.

    Such a request (a malformed line or header, Content-Length beside Transfer-Encoding, an
    unknown method) never reaches the app; uvicorn answers it in plain text, and the contract
    wants every error as application/problem+json. `python -m app` serves with this protocol.
    """

    # The one patch of a private uvicorn hook (written against uvicorn 0.54): send_400_response is
    # what HttpToolsProtocol calls on a parse error; there is no public setting for its body.
    def send_400_response(self, msg: str) -> None:
        status, detail = 400, msg
        # httptools cannot parse a URL over 64 KiB: that request line never reaches
        # HeadLimitMiddleware, and is still one over the limit.
        if len(getattr(self, "url", b"")) > MAX_REQUEST_LINE:
            status, detail = 414, _LINE_TOO_LONG
        body = json.dumps(
            {"type": "about:blank", "title": title(status), "status": status, "detail": detail}, separators=(",", ":")
        ).encode()
        head = [b"HTTP/1.1 %d %s\r\n" % (status, title(status).encode())]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [
            b"content-type: application/problem+json\r\n",
            b"content-length: %d\r\n" % len(body),
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()
