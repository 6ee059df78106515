"""HTTP plumbing the contract asks of every route: ids in paths, OPTIONS, JSON-only bodies."""

from typing import Any

import flask_smorest
from flask import Flask, Response, current_app, request
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import BadRequest, UnsupportedMediaType
from werkzeug.routing import IntegerConverter, Map

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class App(Flask):
    """Flask, answering OPTIONS with 204 and a sorted Allow header (Flask's own answer is 200)."""

    def make_default_options_response(self) -> Response:
        allow = super().make_default_options_response().allow
        response = self.response_class(status=204)
        response.headers.remove("Content-Type")
        response.headers["Allow"] = ", ".join(sorted(allow))
        return response


class IdConverter(IntegerConverter):
    """`<id:name>`: ASCII digits naming 1 to 2**63-1; anything else matches no route (404 or 405).

    Werkzeug's `int` also takes other Unicode digits, and a big id must never reach the database.
    """

    regex = r"[0-9]+"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, min=1, max=2**63 - 1)


def require_json_body() -> None:
    """Before a write: a JSON media type (else 415), a body within MAX_CONTENT_LENGTH (413), parseable (400)."""
    if request.method not in BODY_METHODS or request.url_rule is None:
        return  # no body expected, or no route: the 404/405 comes first
    accepted = ["application/json"] + (["application/merge-patch+json"] if request.method == "PATCH" else [])
    if request.mimetype not in accepted:
        raise UnsupportedMediaType(f"Send the body as {' or '.join(accepted)}.")
    try:
        request.get_json()  # parsed once here; Parser hands the cached value to the schemas
    except BadRequest:
        raise BadRequest("The body is empty, not valid UTF-8 or not valid JSON.") from None


class Parser(FlaskParser):
    """webargs' parser, reading the body that require_json_body has already parsed."""

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


def init_app(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    # Paths are matched as sent: no redirect for a doubled or a trailing slash, a 404 instead.
    app.url_map.merge_slashes = False
    app.before_request(require_json_body)
