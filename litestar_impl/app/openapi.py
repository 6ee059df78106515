"""The served OpenAPI document: operationIds, problem responses, headers, the bearer scheme and the merge-patch body.

Each operation's summary is given where its handler is declared (`summary=`), its description is
the handler's docstring.
"""

from http import HTTPStatus
from typing import Any

import msgspec
from litestar.datastructures import ResponseHeader
from litestar.handlers import HTTPRouteHandler
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.spec import Components, SecurityScheme
from msgspec import UNSET, UnsetType

BEARER = [{"bearerAuth": []}]
LOCATION = ResponseHeader(name="Location", description="Path of the created resource.", documentation_only=True)


class FieldError(msgspec.Struct):
    message: str
    pointer: str | UnsetType = UNSET
    parameter: str | UnsetType = UNSET


class Problem(msgspec.Struct):
    """An RFC 9457 problem; `errors` only on 422."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | UnsetType = UNSET


def operation_id(handler: HTTPRouteHandler, method: str, *_: Any) -> str:
    """The contract's camelCase operationId from the handler's name (create_post -> createPost).

    A handler that answers HEAD too gets a second operation, unique by name and left out of the
    served document (served_document).
    """
    first, *rest = handler.handler_name.split("_")
    return first + "".join(word.title() for word in rest) + ("Head" if method == "HEAD" else "")


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """The problems an operation can answer (plus 414 and 431 of its head, 500 and 503, always)."""
    return {
        status: ResponseSpec(
            data_container=Problem, media_type="application/problem+json", description=HTTPStatus(status).phrase
        )
        for status in sorted({*statuses, 414, 431, 500, 503})
    }


def etag_header(what: str) -> ResponseHeader:
    return ResponseHeader(name="ETag", description=f"Strong entity tag of the {what}.", documentation_only=True)


NOT_MODIFIED = {304: ResponseSpec(None, description="Not Modified: the representation still has that ETag.")}


def openapi_config(title: str) -> OpenAPIConfig:
    return OpenAPIConfig(
        title=title,
        version="1.0.0",
        use_handler_docstrings=True,
        operation_id_creator=operation_id,
        components=Components(
            security_schemes={
                "bearerAuth": SecurityScheme(
                    type="http", scheme="bearer", description="The token returned once by createUser."
                )
            }
        ),
    )


def served_document(generated: dict[str, Any]) -> dict[str, Any]:
    """Litestar's document, adjusted where Litestar cannot be told otherwise.

    HEAD is GET without the body, so only GET is documented; Litestar documents a 400 "Validation
    Exception" for every operation with parameters (litestar#4523), where these declare their own
    problems; and a PATCH also takes its body as application/merge-patch+json.
    """
    document = msgspec.json.decode(msgspec.json.encode(generated))  # a copy
    for item in document["paths"].values():
        item.pop("head", None)
        for method, operation in item.items():
            responses = operation["responses"]
            if "400" in responses and "application/problem+json" not in responses["400"].get("content", {}):
                del responses["400"]  # Litestar's, not one of ours
            if method == "patch":
                content = operation["requestBody"]["content"]
                content["application/merge-patch+json"] = content["application/json"]
    return document
