"""The served OpenAPI document (drf-spectacular): operations, problem responses, headers, the bearer scheme."""

from collections.abc import Callable
from typing import Any

from drf_spectacular import generators, openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from common.conditional import ENTITY_TAGS
from common.errors import title


class FieldErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(required=False, help_text="JSON Pointer (RFC 6901) into the request body.")
    parameter = serializers.CharField(required=False, help_text="Name of the query parameter.")
    message = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = FieldErrorSerializer(many=True, required=False)


# What any operation may answer: the server's limits on the request's head (gunicorn.conf.py), and
# the server's and the database's failures.
ALWAYS = (414, 431, 500, 503)


def problem_responses(*statuses: int) -> dict[Any, OpenApiResponse]:
    """The problem responses an operation declares: `statuses`, and 414, 431, 500 and 503 always."""
    return {
        (status, "application/problem+json"): OpenApiResponse(ProblemSerializer, description=title(status))
        for status in sorted({*statuses, *ALWAYS})
    }


NOT_MODIFIED = OpenApiResponse(description="The representation still has the ETag sent in If-None-Match; no body.")


def etag_header(*statuses: int) -> OpenApiParameter:
    """The ETag header of the responses with these statuses (a list: drf-spectacular gives any other to all)."""
    return OpenApiParameter(
        "ETag",
        {"type": "string", "pattern": r'^"[\x21\x23-\x7e]+"(?!\n)$'},
        OpenApiParameter.HEADER,
        required=True,
        response=list(statuses),
        description='Strong entity tag of the representation (never the empty tag `""`).',
    )


LOCATION = OpenApiParameter(
    "Location", str, OpenApiParameter.HEADER, response=[201], description="Path of the created resource."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    pattern=ENTITY_TAGS,
    description="Apply the change only if the resource still has one of these ETags (or `*`). A value\n"
    "that is not `*` or a list of quoted entity tags gets 400.\n",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    pattern=ENTITY_TAGS,
    description="Answer 304 if the resource still has one of these ETags (or `*`). A value that is not\n"
    "`*` or a list of quoted entity tags gets 400.\n",
)


WWW_AUTHENTICATE = OpenApiParameter(
    "WWW-Authenticate",
    {"type": "string", "pattern": "^Bearer"},
    OpenApiParameter.HEADER,
    required=True,
    response=[401],
    description="The authentication scheme to use.",
)


class AutoSchema(openapi.AutoSchema):
    def get_override_parameters(self) -> list[Any]:
        # Every 401 names the scheme (DRF sends BearerTokenAuthentication.authenticate_header).
        return [*super().get_override_parameters(), WWW_AUTHENTICATE]

    def get_auth(self) -> list[dict[str, Any]]:
        # A public operation has no requirement at all, rather than an "optional" empty one.
        return [requirement for requirement in super().get_auth() if requirement]

    def get_description(self) -> str:
        # Only what extend_schema(description=...) says, as the contract words it: a view's
        # docstring is for the reader of the code, and drf-spectacular would publish it.
        return ""


class EndpointEnumerator(generators.EndpointEnumerator):
    """Lists each operation of a path shared by several views (common.views.operations) under its own view."""

    def _get_api_endpoints(self, patterns: Any, prefix: str) -> list[tuple[str, str, str, Any]]:
        endpoints = []
        for path, regex, method, callback in super()._get_api_endpoints(patterns, prefix):
            operations = getattr(callback, "callbacks", None)
            endpoints += (
                [(path, regex, method, callback)]
                if operations is None
                else [(path, regex, name.upper(), view) for name, view in operations.items()]
            )
        return endpoints

    def should_include_endpoint(self, path: str, callback: Callable[..., Any]) -> bool:
        return hasattr(callback, "callbacks") or super().should_include_endpoint(path, callback)

    def get_allowed_methods(self, callback: Callable[..., Any]) -> list[str]:
        # A shared path is listed once here, and expanded into its operations above.
        return ["GET"] if hasattr(callback, "callbacks") else super().get_allowed_methods(callback)


class SchemaGenerator(generators.SchemaGenerator):
    endpoint_inspector_cls = EndpointEnumerator


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "common.auth.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "The token returned once by createUser."}
