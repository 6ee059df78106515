"""The served OpenAPI document: operationIds, problem responses, headers and the merge-patch body.

Each operation's summary and description are the contract's, given where the route is declared
(`summary=` and the handler's docstring).
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from app.errors import title

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "pointer": {"type": "string"},
                    "parameter": {"type": "string"},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
LOCATION = {"Location": {"description": "Path of the created resource.", "schema": {"type": "string"}}}


def operation_id(route: APIRoute) -> str:
    """The contract's camelCase operationId from the handler's name (create_post -> createPost)."""
    first, *rest = route.name.split("_")
    return first + "".join(word.title() for word in rest)


# Every operation can meet these: a request head over the server's limits (app/http.py), an
# unexpected error, a database that does not answer.
ALWAYS = (414, 431, 500, 503)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The problems an operation can answer, with 414, 431, 500 and 503 always."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {"description": title(status), "content": {"application/problem+json": {"schema": schema}}}
        for status in sorted({*statuses, *ALWAYS})
    }


def etag_header(what: str) -> dict[str, Any]:
    return {"ETag": {"description": f"Strong entity tag of the {what}.", "schema": {"type": "string"}}}


def conditional_read(what: str, *problems: int) -> dict[int | str, dict[str, Any]]:
    """A GET answering 200 with an ETag, or 304 when If-None-Match still holds."""
    return {
        200: {"headers": etag_header(what)},
        304: {"description": "Not Modified", "headers": etag_header(what)},
        **problem_responses(*problems),
    }


def merge_patch(schema: str) -> dict[str, Any]:
    """openapi_extra for a PATCH that also takes its body as application/merge-patch+json."""
    return {
        "requestBody": {
            "content": {"application/merge-patch+json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}
        }
    }


def _drop_default_validation_responses(schema: dict[str, Any]) -> None:
    # FastAPI documents a 422 wherever a route has parameters; ours declare their own problems,
    # and invalid path ids answer 404 (see errors.py), so FastAPI's generic entries are removed.
    for item in schema["paths"].values():
        for operation in item.values():
            default = operation["responses"].get("422", {}).get("content", {}).get("application/json")
            if default is not None:
                del operation["responses"]["422"]
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)


def install_openapi(app: FastAPI) -> None:
    """Serve the generated document with the Problem schema and without FastAPI's generic 422s."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
            schema["components"]["schemas"]["Problem"] = PROBLEM_SCHEMA
            _drop_default_validation_responses(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the document
