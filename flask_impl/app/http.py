"""Wire-level rules of every route: the body limit, JSON-only bodies, ids in paths, OPTIONS, CORS."""

import re
from typing import Any

import flask_smorest
from flask import Flask, Response, current_app, request
from flask.json.provider import DefaultJSONProvider
from flask_cors import CORS
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.routing import IntegerConverter

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
CORS_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
CORS_HEADERS = ["Authorization", "Content-Type", "If-Match", "If-None-Match"]
CORS_MAX_AGE = 600


_SURROGATE = re.compile("[\ud800-\udfff]")


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, where what the contract calls malformed is invalid JSON (400), like any other.

    Python's json module gives up on deep nesting (`[[[[...]]]]`, well within MAX_CONTENT_LENGTH)
    with a RecursionError, which Flask's get_json does not catch: it would be a 500. It also lets
    unpaired surrogates through, UTF-8-encoded (it decodes bytes with "surrogatepass") or escaped
    ("\\ud800"), into strings no encoder can write back: text that is not Unicode is malformed.
    """

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        text = s.decode("utf-8") if isinstance(s, bytes) else s  # strict: a UnicodeDecodeError is a ValueError
        try:
            value = super().loads(text, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        pending = [value] if "\\u" in text else []  # once decoded strictly, only an escape makes one
        while pending:
            item = pending.pop()
            if isinstance(item, str):
                if _SURROGATE.search(item):
                    raise ValueError("JSON text with an unpaired surrogate")
            elif isinstance(item, dict):
                pending += [*item, *item.values()]
            elif isinstance(item, list):
                pending += item
        return value


class App(Flask):
    """Flask, answering OPTIONS with 204 and a sorted Allow header (Flask's own answer is 200)."""

    json_provider_class = JSONProvider

    def make_default_options_response(self) -> Response:
        allow = super().make_default_options_response().allow
        response = self.response_class(status=204)
        response.headers.remove("Content-Type")
        response.headers["Allow"] = ", ".join(sorted(allow))
        return response


class IdConverter(IntegerConverter):
    """`<id:name>`: ASCII digits (Werkzeug's `int` also takes other Unicode digits); anything else
    matches no route (404 or 405).

    An id out of range (0, past 2**63-1) still matches: it names nothing, which the services say
    with the resource's 404, after authentication and validation (app.db.get_by_id).
    """

    regex = r"[0-9]+"


def require_json_body() -> None:
    """Before a write: a body within MAX_CONTENT_LENGTH (else 413), a JSON media type (415), parseable (400)."""
    if request.method not in BODY_METHODS or request.url_rule is None:
        return  # no body expected, or no route: the 404/405 comes first
    body = request.get_data()  # 413 from werkzeug when Content-Length is over MAX_CONTENT_LENGTH
    # A chunked body is cut at MAX_CONTENT_LENGTH without an error (werkzeug's LimitedStream
    # stops there): one more byte from the server's stream tells "exactly the limit" from "more".
    if (
        request.content_length is None
        and len(body) == request.max_content_length
        and request.environ["wsgi.input"].read(1)
    ):
        raise RequestEntityTooLarge()
    accepted = ["application/json"] + (["application/merge-patch+json"] if request.method == "PATCH" else [])
    if request.mimetype not in accepted:
        raise UnsupportedMediaType(f"Send the body as {' or '.join(accepted)}.")
    try:
        request.get_json()  # parsed once here; Parser hands the cached value to the schemas
    except BadRequest:
        raise BadRequest("The body is empty, not valid UTF-8 or not valid JSON.") from None


class Parser(FlaskParser):
    """webargs' parser, reading the body that require_json_body has already parsed."""

    # Private hook of webargs (written against 8.7): without it webargs parses the body again, with
    # its own error for malformed JSON, after require_json_body has answered that case with a 400.
    def _raw_load_json(self, req: Any) -> Any:
        return req.get_json()


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint with that parser."""

    ARGUMENTS_PARSER = Parser()


def no_content() -> Response:
    """A 204 with no body and no Content-Type (flask-smorest would serialize the view's None)."""
    response = current_app.response_class(status=204)
    response.headers.remove("Content-Type")
    return response


def discard_unread_body(response: Response) -> Response:
    """After an error answer to a write, read what the app left of its body (up to twice the limit).

    gunicorn reuses a keep-alive connection only if it can skip the unread body itself (64 KiB at
    most); past that it closes the connection it has just announced as keep-alive, and a client
    that reuses it fails. Reading the rest keeps a 413 or 415 answer from costing the connection.
    """
    if response.status_code >= 400 and request.method in BODY_METHODS:
        stream, budget = request.environ["wsgi.input"], 2 * (request.max_content_length or 0)
        while budget > 0 and (chunk := stream.read(min(65536, budget))):
            budget -= len(chunk)
    return response


def _complete_cors(response: Response) -> Response:
    """Add what flask-cors leaves out of the contract's CORS answers (runs after flask-cors)."""
    # flask-cors sends Vary: Origin only when several origins are listed, but the answer
    # (Access-Control-* or none) depends on the Origin however many there are.
    response.vary.add("Origin")
    # flask-cors echoes only the requested headers, and names no methods when the requested one
    # is not allowed; a preflight names all it allows, and the browser decides.
    if (
        request.method == "OPTIONS"
        and "Access-Control-Request-Method" in request.headers
        and "Access-Control-Allow-Origin" in response.headers
    ):
        response.headers["Access-Control-Allow-Methods"] = ", ".join(CORS_METHODS)
        response.headers["Access-Control-Allow-Headers"] = ", ".join(CORS_HEADERS)
        response.headers["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
    return response


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    # Paths are matched as sent: no redirect for a doubled or a trailing slash, a 404 instead.
    app.url_map.merge_slashes = False
    app.before_request(require_json_body)
    app.after_request(discard_unread_body)
    if origins := app.config["CORS_ALLOW_ORIGINS"]:
        # Flask runs after_request functions last registered first: this one after flask-cors's.
        app.after_request(_complete_cors)
        # Listed origins only (always_send=False: nothing for requests without Origin); their
        # preflights are answered by flask-cors, any other OPTIONS by App above.
        CORS(
            app,
            origins=origins,
            methods=CORS_METHODS,
            allow_headers=CORS_HEADERS,
            expose_headers=["ETag", "Location"],
            max_age=CORS_MAX_AGE,
            always_send=False,
        )
