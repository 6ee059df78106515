"""The served OpenAPI document: the contract's operationIds, problem responses, headers and media types.

Ninja documents what an operation returns through its schemas; the problems an operation raises,
the headers it sets on Ninja's temporal response and the merge-patch media type are declared
with `openapi_extra`, which Ninja merges into the generated operation.
"""

from typing import Any

from ninja import NinjaAPI, Schema
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation

from common.errors import title
from common.parsers import MERGE_PATCH

HEADERS = {
    "ETag": {"description": "Strong entity tag of the representation.", "schema": {"type": "string"}},
    "Location": {"description": "Path of the created resource.", "schema": {"type": "string"}},
}


class FieldErrorOut(Schema):
    pointer: str | None = None  # a JSON Pointer (RFC 6901) into the request body
    parameter: str | None = None  # or the name of the query parameter
    message: str


class ProblemOut(Schema):
    """An RFC 9457 problem, as every error is answered (common.errors.problem)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldErrorOut] | None = None


# What any request may get: a request line or header section over gunicorn's limits, a server error.
ALWAYS = (414, 431, 500, 503)


def problem_responses(*statuses: int) -> dict[int, dict[str, Any]]:
    """The problem responses an operation declares, with 414, 431, 500 and 503 always."""
    content = {"application/problem+json": {"schema": {"$ref": REF_TEMPLATE.format(model="ProblemOut")}}}
    return {status: {"description": title(status), "content": content} for status in (*statuses, *ALWAYS)}


def documented(
    *problems: int, headers: dict[int, tuple[str, ...]] | None = None, merge_patch: str | None = None
) -> dict[str, Any]:
    """An operation's `openapi_extra`: its problems, the headers of its answers, and for a PATCH whose
    body schema is `merge_patch`, the JSON merge patch media type beside application/json."""
    responses: dict[int, dict[str, Any]] = problem_responses(*problems)
    for status, names in (headers or {}).items():
        responses[status] = {"headers": {name: {"$ref": f"#/components/headers/{name}"} for name in names}}
    extra: dict[str, Any] = {"responses": responses}
    if merge_patch:
        schema = {"$ref": REF_TEMPLATE.format(model=merge_patch)}
        extra["requestBody"] = {"content": {MERGE_PATCH: {"schema": schema}}}
    return extra


class ContractAPI(NinjaAPI):
    """NinjaAPI naming each operation after its handler in camelCase (get_post: getPost), with the
    problem schema and the response headers among the document's components."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        first, *rest = operation.view_func.__name__.split("_")
        return first + "".join(word.title() for word in rest)

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        problem = ProblemOut.model_json_schema(ref_template=REF_TEMPLATE, mode="serialization")
        schema["components"]["schemas"].update(problem.pop("$defs"), ProblemOut=problem)
        schema["components"]["headers"] = HEADERS
        return schema

    def get_content_type(self) -> str:
        # application/json defines no charset parameter (RFC 8259, section 11); Ninja adds one.
        return self.renderer.media_type
