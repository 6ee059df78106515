"""The generated OpenAPI document: flask-smorest's Api, problem responses, bearer security, UI assets."""

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import flask_smorest
import marshmallow as ma
from apispec import BasePlugin
from flask import Blueprint as FlaskBlueprint
from flask import Flask, Response
from werkzeug.exceptions import HTTPException

from app import errors
from app.conditional import ENTITY_TAGS
from app.config import DOCS_ASSETS

F = TypeVar("F", bound=Callable[..., Any])
BEARER = [{"bearerAuth": []}]
ETAG = {"ETag": "ETag"}


class ProblemSchema(ma.Schema):
    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)


class FieldErrorSchema(ma.Schema):
    pointer = ma.fields.String(metadata={"description": "JSON Pointer (RFC 6901) into the request body."})
    parameter = ma.fields.String(metadata={"description": "Name of the query parameter."})
    message = ma.fields.String(required=True)


class ValidationProblemSchema(ProblemSchema):
    errors = ma.fields.List(ma.fields.Nested(FieldErrorSchema), required=True)


# The contract's response components, by status.
PROBLEMS = {
    400: (
        "BadRequest",
        "Malformed JSON (or text that is not Unicode), a cursor of the right shape that the server did not issue, "
        "or a malformed `If-Match` or `If-None-Match`.",
    ),
    401: ("Unauthorized", "Missing, malformed, unknown or revoked bearer token."),
    403: ("Forbidden", "Authenticated, but the resource belongs to someone else."),
    404: ("NotFound", "No such resource."),
    409: ("Conflict", "The username is taken."),
    412: ("PreconditionFailed", "If-Match was sent and does not match the current representation."),
    413: ("ContentTooLarge", "The body is larger than the server accepts."),
    414: ("UriTooLong", "The request line is longer than 4,094 bytes."),
    415: ("UnsupportedMediaType", "The body is not JSON."),
    422: ("ValidationFailed", "The body or a query parameter fails validation."),
    431: (
        "RequestHeaderFieldsTooLarge",
        "The header section has more than 100 fields, or a field line longer than 8,190 bytes.",
    ),
    500: ("InternalError", "An unexpected error; no details are disclosed."),
    503: ("ServiceUnavailable", "The database does not answer."),
}


class Api(flask_smorest.Api):
    """flask-smorest's Api, answering every HTTP error as a problem (see errors.py)."""

    ERROR_SCHEMA = ProblemSchema
    # Each operation lists the problems it answers instead of one catch-all "default".
    DEFAULT_ERROR_RESPONSE_NAME = None

    def handle_http_exception(self, error: HTTPException) -> Response:
        # flask-smorest's documented override point for the body of every HTTP error.
        return errors.http_error(error)

    # Private hook of flask-smorest (written against 0.47): it documents an X-Pagination header
    # for its page-number pagination, which posts do not use (keyset cursors, posts/pagination.py).
    # This is the only private flask-smorest method the implementation touches.
    def _register_pagination_header(self) -> None:
        """Leave out flask-smorest's page-number metadata: posts are paged by keyset cursors."""


class ResponsesInOrder(BasePlugin):
    """List each operation's responses by status code (the decorators add them in any order)."""

    def operation_helper(
        self, path: str | None = None, operations: dict[str, Any] | None = None, **kwargs: Any
    ) -> None:
        for operation in (operations or {}).values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"] = dict(sorted(operation["responses"].items(), key=lambda item: str(item[0])))


def merge_patch(schema: type[ma.Schema]) -> dict[str, Any]:
    """The request body of a JSON merge patch (RFC 7396), beside the application/json one."""
    return {"requestBody": {"content": {"application/merge-patch+json": {"schema": schema}}}}


# What any operation can answer: gunicorn's limits on the request line and the header section
# (gunicorn.conf.py writes those answers), and the server's and the database's failures.
ALWAYS = (414, 431, 500, 503)


def problem_responses(*statuses: int) -> Callable[[F], F]:
    """Document the problems an operation answers, and those any operation can (ALWAYS)."""
    # flask-smorest's doc() merges into the operation; apispec turns each name into a $ref to
    # components/responses (alt_response(status, response=name) would wrap the view once per status).
    responses = {status: PROBLEMS[status][0] for status in (*statuses, *ALWAYS)}
    return flask_smorest.Blueprint.doc(responses=responses)  # type: ignore[no-any-return]


def init_app(app: Flask) -> Api:
    api = Api(app, spec_kwargs={"extra_plugins": [ResponsesInOrder()]})
    components = api.spec.components
    components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "The token returned once by createUser."}
    )
    components.header(
        "ETag",
        {
            "description": 'Strong entity tag of the representation (never the empty tag `""`).',
            "required": True,
            "schema": {"type": "string", "pattern": r'^"[\x21\x23-\x7e]+"(?!\n)$'},
        },
    )
    components.header(
        "Location",
        {
            "description": "Path of the created resource.",
            "required": True,
            "schema": {"type": "string", "format": "uri-reference"},
        },
    )
    malformed = "A value that is not `*` or a list of quoted entity tags gets 400."
    components.parameter(
        "IfMatch",
        "header",
        {
            "name": "If-Match",
            "schema": {"type": "string", "pattern": ENTITY_TAGS.pattern},
            "description": f"Apply the change only if the resource still has one of these ETags (or `*`). {malformed}",
        },
    )
    components.parameter(
        "IfNoneMatch",
        "header",
        {
            "name": "If-None-Match",
            "schema": {"type": "string", "pattern": ENTITY_TAGS.pattern},
            "description": f"Answer 304 if the resource still has one of these ETags (or `*`). {malformed}",
        },
    )
    for status, (name, description) in PROBLEMS.items():
        schema = ValidationProblemSchema if status == 422 else ProblemSchema
        response: dict[str, Any] = {
            "description": description,
            "content": {"application/problem+json": {"schema": schema}},
        }
        if status == 401:
            response["headers"] = {
                "WWW-Authenticate": {
                    "description": "The authentication scheme to use.",
                    "schema": {"type": "string", "pattern": "^Bearer"},
                }
            }
        components.response(name, response)
    app.register_blueprint(_assets())
    return api


def _assets() -> FlaskBlueprint:
    # drf-spectacular-sidecar ships current Swagger UI and ReDoc builds; only its files are
    # served (its package imports Django, so the folder is found without importing it).
    spec = importlib.util.find_spec("drf_spectacular_sidecar")
    assert spec is not None and spec.submodule_search_locations
    folder = Path(spec.submodule_search_locations[0]) / "static" / "drf_spectacular_sidecar"
    return FlaskBlueprint("docs_assets", __name__, static_folder=folder, static_url_path=DOCS_ASSETS)
